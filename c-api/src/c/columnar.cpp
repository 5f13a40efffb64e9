#include "columnar.hpp"

#include <cstring>

#include "core/error.hpp"
#include "support.hpp"

namespace quiver::c {

void export_columnar(const ColumnarData& data, char*** out_column_names, int** out_column_types,
                     void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count,
                     size_t* out_row_count) {
    size_t columns = data.columns.size();
    size_t rows = data.row_count;
    if (columns == 0 || rows == 0) {
        *out_column_names = nullptr;
        *out_column_types = nullptr;
        *out_column_data = nullptr;
        *out_column_has_value = nullptr;
        *out_column_count = 0;
        *out_row_count = 0;
        return;
    }
    char** names = alloc_array<char*>(columns);
    int* types = alloc_array<int>(columns);
    void** values = alloc_array<void*>(columns);
    uint8_t** masks = alloc_array<uint8_t*>(columns);
    for (size_t c = 0; c < columns; ++c) {
        const TypedColumn& col = data.columns[c];
        names[c] = copy_string(col.name);
        types[c] = static_cast<int>(col.type);
        masks[c] = copy_array(col.present);
        switch (col.type) {
            case DataType::Integer: values[c] = copy_array(col.integers); break;
            case DataType::Real: values[c] = copy_array(col.floats); break;
            default: {
                char** strings = alloc_array<char*>(rows);
                for (size_t r = 0; r < rows; ++r) strings[r] = col.present[r] ? copy_string(col.strings[r]) : nullptr;
                values[c] = strings;
                break;
            }
        }
    }
    *out_column_names = names;
    *out_column_types = types;
    *out_column_data = values;
    *out_column_has_value = masks;
    *out_column_count = columns;
    *out_row_count = rows;
}

std::vector<ColumnInput> import_columns(const std::string& op, const char* const* column_names,
                                        const int* column_types, const void* const* column_data,
                                        const uint8_t* const* column_has_value, size_t column_count,
                                        size_t row_count) {
    std::vector<ColumnInput> out(column_count);
    for (size_t c = 0; c < column_count; ++c) {
        if (column_names[c] == nullptr) fail("Null argument: column_names[" + std::to_string(c) + "]");
        out[c].name = column_names[c];
        out[c].cells.reserve(row_count);
    }
    for (size_t r = 0; r < row_count; ++r) {
        for (size_t c = 0; c < column_count; ++c) {
            const void* data = column_data[c];
            const uint8_t* mask = column_has_value ? column_has_value[c] : nullptr;
            if (data == nullptr || (mask && mask[r] == 0)) {
                out[c].cells.emplace_back(std::monostate{});
                continue;
            }
            switch (column_types[c]) {
                case QUIVER_DATA_TYPE_INTEGER: out[c].cells.emplace_back(static_cast<const int64_t*>(data)[r]); break;
                case QUIVER_DATA_TYPE_FLOAT: out[c].cells.emplace_back(static_cast<const double*>(data)[r]); break;
                case QUIVER_DATA_TYPE_STRING:
                case QUIVER_DATA_TYPE_DATE_TIME: {
                    const char* s = static_cast<const char* const*>(data)[r];
                    if (s) {
                        out[c].cells.emplace_back(std::string(s));
                    } else {
                        out[c].cells.emplace_back(std::monostate{});
                    }
                    break;
                }
                default: fail("Cannot " + op + ": unknown column type " + std::to_string(column_types[c]));
            }
        }
    }
    return out;
}

std::string bracketed_names(const char* const* column_names, size_t column_count) {
    std::string out = "[";
    for (size_t c = 0; c < column_count; ++c) {
        if (c) out += ", ";
        out += column_names[c] ? column_names[c] : "";
    }
    return out + "]";
}

}  // namespace quiver::c
