#pragma once
// Cell addresses of a binary file: name/value pairs resolved to coordinates (1-based, in
// dimension order), the time-consistency rule between time dimensions, byte offsets, and the
// iteration order shared by the CSV converter and expression save.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "binary_metadata.hpp"

namespace quiver::binary {

struct AddressPair {
    std::string_view name;
    int64_t value;
};

// Coordinates of a full address. Errors, in order: "Expected <n> dimensions, got <m>" (distinct
// names; a repeated name keeps its last value), "Missing required dimension: '<name>'",
// "Dimension '<name>' value <v> is out of bounds [1, <size>]", then the time-consistency rule.
void resolve_address(const BinaryMetadata& md, std::span<const AddressPair> pairs, int64_t* coords);

// Coordinates of the leading dimensions named by a block address (the first m dimensions, m =
// number of distinct names); returns m. A full address is checked like resolve_address.
size_t resolve_prefix(const BinaryMetadata& md, std::span<const AddressPair> pairs, int64_t* coords);

// Only with more than one time dimension: every inner time dimension's coordinate must equal what
// the cell's datetime implies, else "Invalid values for time dimensions: ...".
void check_time_consistency(const BinaryMetadata& md, const int64_t* coords);

// initial_datetime advanced by (coordinate - initial value) steps of each time dimension, in order.
Instant cell_datetime(const BinaryMetadata& md, const int64_t* coords);

// Index of the cell among all cells of the file (row-major, last dimension fastest).
int64_t cell_index(const BinaryMetadata& md, const int64_t* coords);

// Cell-by-cell walk over the cells a file's calendar reaches (months with fewer days are cut
// short, a partial first period starts at its initial value).
class CellIterator {
public:
    explicit CellIterator(const BinaryMetadata& md);
    const std::vector<int64_t>& coords() const { return coords_; }
    bool done() const { return done_; }
    void next();

private:
    const BinaryMetadata& md_;
    std::vector<int64_t> coords_;
    std::vector<int64_t> sizes_;
    bool done_ = false;
};

// The sizes of every dimension at a cell: the static sizes, except days/hours inside a month or a
// year, which depend on the calendar at that cell.
void period_sizes(const BinaryMetadata& md, const int64_t* coords, int64_t* sizes);

}  // namespace quiver::binary
