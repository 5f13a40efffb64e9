#pragma once
// Lua cells -> the borrowed, one-type-per-column inputs of the core's time-series writers.
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/time_series.hpp"
#include "core/value.hpp"

namespace quiver::lua {

class SeriesColumns {
public:
    explicit SeriesColumns(std::string op) : op_(std::move(op)) {}
    // Text with a NUL inside fails here ("Cannot <op>: column '<c>' index <i>: text contains a NUL
    // character"): the core receives C strings, which would silently end at the NUL.
    // `cells` must outlive this object (string cells are borrowed). `schema_type` is the column's
    // type when known; it only matters for a column whose cells are of several kinds.
    void add(const std::string& name, const std::vector<Value>& cells, std::optional<DataType> schema_type);
    const std::vector<SeriesInput>& inputs() const { return inputs_; }

private:
    struct Storage {
        std::vector<int64_t> integers;
        std::vector<double> floats;
        std::vector<const char*> strings;
        std::vector<uint8_t> mask;
    };
    std::string op_;
    std::deque<Storage> storage_;  // stable addresses for the borrowed pointers
    std::vector<SeriesInput> inputs_;
};

}  // namespace quiver::lua
