#pragma once
// The metadata of combined operands: unit, shape and label checks, and the result's dimension
// union with time parents re-pointed by name.
#include <vector>

#include "core/binary/binary_metadata.hpp"

namespace quiver::expression {

void check_units(const binary::BinaryMetadata& lhs, const binary::BinaryMetadata& rhs);
// Shared dimensions: sizes equal or one of them 1; time flags and time properties alike;
// initial_datetime alike when both sides have time dimensions.
void check_shapes(const binary::BinaryMetadata& lhs, const binary::BinaryMetadata& rhs);
std::vector<std::string> binary_labels(const binary::BinaryMetadata& lhs, const binary::BinaryMetadata& rhs);

// Dimensions of the operands in order of first appearance (size = largest; time properties from
// the first operand having the dimension), parents re-pointed by name.
std::vector<binary::Dimension> union_dimensions(const std::vector<const binary::BinaryMetadata*>& operands);
bool has_time(const binary::BinaryMetadata& md);

}  // namespace quiver::expression
