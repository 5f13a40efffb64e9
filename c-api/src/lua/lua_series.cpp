#include "lua_series.hpp"

#include "core/error.hpp"
#include "core/write_support.hpp"

namespace quiver::lua {

namespace {

DataType kind_of(const Value& v) {
    if (std::holds_alternative<int64_t>(v)) return DataType::Integer;
    if (std::holds_alternative<double>(v)) return DataType::Real;
    return DataType::Text;
}

bool fits(DataType given, DataType column) {
    switch (column) {
    case DataType::Integer: return given == DataType::Integer;
    case DataType::Real: return given != DataType::Text;
    default: return given == DataType::Text;
    }
}

// The one type a column is passed as. Upstream checks every cell on its own, so a column may mix
// integers and floats (widened to REAL) and must fail when a cell does not fit the schema. When
// the natural type does not fit, the column takes the kind of its first misfit cell and keeps only
// the cells of that kind: the core then reports that very cell, as upstream does.
DataType column_type(const std::vector<Value>& cells, std::optional<DataType> schema_type) {
    bool integers = false, floats = false, strings = false;
    for (const auto& cell : cells) {
        if (is_null(cell)) continue;
        const DataType kind = kind_of(cell);
        integers |= kind == DataType::Integer;
        floats |= kind == DataType::Real;
        strings |= kind == DataType::Text;
    }
    std::optional<DataType> natural;
    if (strings && !integers && !floats) natural = DataType::Text;
    if (!strings && floats) natural = DataType::Real;
    if (!strings && !floats) natural = DataType::Integer;  // also for an all-NULL column
    if (!schema_type) return natural.value_or(DataType::Text);  // unknown column: the core refuses it
    if (natural && fits(*natural, *schema_type)) return *natural;
    for (const auto& cell : cells) {
        if (!is_null(cell) && !fits(kind_of(cell), *schema_type)) return kind_of(cell);
    }
    return natural.value_or(DataType::Text);
}

}  // namespace

void SeriesColumns::add(const std::string& name, const std::vector<Value>& cells, std::optional<DataType> schema_type) {
    const DataType type = column_type(cells, schema_type);
    Storage& s = storage_.emplace_back();
    s.mask.assign(cells.size(), 0);
    switch (type) {
    case DataType::Integer: s.integers.assign(cells.size(), 0); break;
    case DataType::Real: s.floats.assign(cells.size(), 0.0); break;
    default: s.strings.assign(cells.size(), nullptr); break;
    }
    for (size_t r = 0; r < cells.size(); ++r) {
        const Value& cell = cells[r];
        if (const auto* i = std::get_if<int64_t>(&cell)) {
            if (type == DataType::Integer) {
                s.integers[r] = *i;
                s.mask[r] = 1;
            } else if (type == DataType::Real) {
                s.floats[r] = static_cast<double>(*i);
                s.mask[r] = 1;
            }
        } else if (const auto* d = std::get_if<double>(&cell)) {
            if (type == DataType::Real) {
                s.floats[r] = *d;
                s.mask[r] = 1;
            }
        } else if (const auto* text = std::get_if<std::string>(&cell)) {
            if (text->find('\0') != std::string::npos) {
                fail("Cannot " + op_ + ": column '" + name + "' index " + std::to_string(r) + ": " + kNulProblem);
            }
            if (type == DataType::Text) {
                s.strings[r] = text->c_str();
                s.mask[r] = 1;
            }
        }
    }
    const void* data = type == DataType::Integer ? static_cast<const void*>(s.integers.data())
                       : type == DataType::Real  ? static_cast<const void*>(s.floats.data())
                                                 : static_cast<const void*>(s.strings.data());
    inputs_.push_back(SeriesInput{name, type, data, s.mask.data()});
}

}  // namespace quiver::lua
