#pragma once
// Lazy expressions over binary files: immutable nodes of a DAG, shared by reference. Building a
// node checks shapes, units and labels at once and reads no data; save() evaluates the DAG block
// by block (a few thousand values at a time through contiguous buffers) into a new binary file.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/binary/binary_metadata.hpp"

namespace quiver::expression {

class Node;
using NodePtr = std::shared_ptr<const Node>;

// Values equal the C enums of quiver/c/expression/expression.h.
enum class BinaryOp { Add, Subtract, Multiply, Divide, Gt, Lt, Gte, Lte, Eq, Neq, And, Or };
enum class UnaryOp { Negate, Abs, Sqrt, Log, Exp, Not };
enum class ReduceOp { Sum, Mean, Min, Max, Percentile };

const char* reduce_op_name(ReduceOp op);  // sum, mean, min, max, percentile

const binary::BinaryMetadata& metadata_of(const NodePtr& node);

// The file at base path `path`: its metadata is read from <path>.toml now.
NodePtr file_node(const std::string& path);
NodePtr apply(BinaryOp op, const NodePtr& lhs, const NodePtr& rhs);
NodePtr apply_scalar_right(BinaryOp op, const NodePtr& lhs, double rhs);
NodePtr apply_scalar_left(BinaryOp op, double lhs, const NodePtr& rhs);
NodePtr apply_unary(UnaryOp op, const NodePtr& operand);
NodePtr ifelse(const NodePtr& condition, const NodePtr& then_value, const NodePtr& else_value);
NodePtr aggregate(const NodePtr& operand, const std::string& dimension, ReduceOp op, std::optional<double> parameter);
NodePtr aggregate_agents(const NodePtr& operand, ReduceOp op, std::optional<double> parameter);
NodePtr select_agents(const NodePtr& operand, const std::vector<std::string>& labels);
NodePtr rename_agents(const NodePtr& operand, const std::vector<std::pair<std::string, std::string>>& mapping);

// Evaluates `node` into the binary file at base path `path`.
void save(const NodePtr& node, const std::string& path);

}  // namespace quiver::expression
