#pragma once
// Column-oriented data shared by the group reads/writes (vector, set, time series) and CSV.
#include <cstdint>
#include <string>
#include <vector>

#include "value.hpp"

namespace quiver {

// One typed output column; `present[r]` is 0 for SQL NULL (the value slot then holds 0 / 0.0 / "").
struct TypedColumn {
    std::string name;
    DataType type = DataType::Integer;
    std::vector<int64_t> integers;     // type Integer
    std::vector<double> floats;        // type Real
    std::vector<std::string> strings;  // type Text / DateTime
    std::vector<uint8_t> present;

    size_t size() const { return present.size(); }
    // Appends one cell converted by the column type (INTEGER truncates a real,
    // REAL widens an integer, text columns take only text; anything else is NULL).
    void push(const Value& v);
    void push_null();
};

struct ColumnarData {
    std::vector<TypedColumn> columns;
    size_t row_count = 0;
};

// One input column of a group write: a name and its cells (NULL cells as monostate).
struct ColumnInput {
    std::string name;
    std::vector<Value> cells;
};

}  // namespace quiver
