// Time-series groups: whole-group read/update, single-row upsert and the
// per-element row read. NULL checks follow the headers' order; outputs are assigned only once
// the whole result exists, so a failure leaves them untouched.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "columnar.hpp"
#include "core/error.hpp"
#include "core/time_series.hpp"
#include "database_handle.hpp"
#include "support.hpp"

using quiver::DataType;
using quiver::SeriesData;
using quiver::SeriesInput;
using quiver::c::alloc_array;
using quiver::c::copy_array;
using quiver::c::copy_string;
using quiver::c::guarded;

namespace {

bool known_tag(int tag) { return tag >= QUIVER_DATA_TYPE_INTEGER && tag <= QUIVER_DATA_TYPE_DATE_TIME; }

// As Quiver 0.10 does, cells are decoded row by row and the first non-NULL cell (masked cells and
// absent columns are never decoded) whose tag is not 0-3 fails.
void check_tags(const std::string& op, const int* column_types, const void* const* column_data,
                const uint8_t* const* column_has_value, size_t column_count, size_t row_count) {
    size_t best_row = row_count;
    int best_tag = 0;
    for (size_t c = 0; c < column_count; ++c) {
        if (known_tag(column_types[c]) || column_data[c] == nullptr) continue;
        const uint8_t* mask = column_has_value ? column_has_value[c] : nullptr;
        for (size_t r = 0; r < best_row; ++r) {
            if (mask && mask[r] == 0) continue;
            best_row = r;
            best_tag = column_types[c];
            break;
        }
    }
    if (best_row < row_count) quiver::fail("Cannot " + op + ": unknown column type " + std::to_string(best_tag));
}

std::vector<SeriesInput> borrow_columns(const char* const* column_names, const int* column_types,
                                        const void* const* column_data, const uint8_t* const* column_has_value,
                                        size_t column_count) {
    std::vector<SeriesInput> inputs(column_count);
    for (size_t c = 0; c < column_count; ++c) {
        if (column_names[c] == nullptr) quiver::fail("Null argument: column_names[" + std::to_string(c) + "]");
        inputs[c].name = column_names[c];
        // Unknown tags only reach here for columns whose cells are all NULL (never decoded).
        inputs[c].type = known_tag(column_types[c]) ? static_cast<DataType>(column_types[c]) : DataType::Integer;
        inputs[c].data = known_tag(column_types[c]) ? column_data[c] : nullptr;
        inputs[c].mask = column_has_value ? column_has_value[c] : nullptr;
    }
    return inputs;
}

// SeriesData -> the caller's columnar arrays (freed with quiver_database_free_time_series_data).
void export_series(const SeriesData& data, char*** out_column_names, int** out_column_types, void*** out_column_data,
                   uint8_t*** out_column_has_value, size_t* out_column_count, size_t* out_row_count) {
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
    char** names = nullptr;
    int* types = nullptr;
    void** values = nullptr;
    uint8_t** masks = nullptr;
    try {
        names = alloc_array<char*>(columns);
        types = alloc_array<int>(columns);
        values = alloc_array<void*>(columns);
        masks = alloc_array<uint8_t*>(columns);
        for (size_t c = 0; c < columns; ++c) {
            const auto& col = data.columns[c];
            names[c] = copy_string(col.name);
            types[c] = static_cast<int>(col.type);
            masks[c] = copy_array(col.present);
            switch (col.type) {
                case DataType::Integer: values[c] = copy_array(col.integers); break;
                case DataType::Real: values[c] = copy_array(col.floats); break;
                default: {
                    char** strings = alloc_array<char*>(rows);
                    values[c] = strings;
                    for (size_t r = 0; r < rows; ++r) {
                        if (col.present[r]) strings[r] = copy_string(std::string(col.string_at(r)));
                    }
                    break;
                }
            }
        }
    } catch (...) {
        quiver_database_free_time_series_data(names, types, values, masks, columns, rows);
        throw;
    }
    *out_column_names = names;
    *out_column_types = types;
    *out_column_data = values;
    *out_column_has_value = masks;
    *out_column_count = columns;
    *out_row_count = rows;
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_read_time_series_group(quiver_database_t* db, const char* collection, const char* group,
                                                      int64_t id, char*** out_column_names, int** out_column_types,
                                                      void*** out_column_data, uint8_t*** out_column_has_value,
                                                      size_t* out_column_count, size_t* out_row_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE(out_column_names);
    QUIVER_REQUIRE(out_column_types);
    QUIVER_REQUIRE(out_column_data);
    QUIVER_REQUIRE(out_column_has_value);
    QUIVER_REQUIRE(out_column_count);
    QUIVER_REQUIRE(out_row_count);
    return guarded([&] {
        export_series(quiver::read_time_series_group(*db->db, collection, group, id), out_column_names,
                      out_column_types, out_column_data, out_column_has_value, out_column_count, out_row_count);
    });
}

quiver_error_t quiver_database_update_time_series_group(quiver_database_t* db, const char* collection,
                                                        const char* group, int64_t id, const char* const* column_names,
                                                        const int* column_types, const void* const* column_data,
                                                        const uint8_t* const* column_has_value, size_t column_count,
                                                        size_t row_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE_COLUMNS();
    return guarded([&] {
        const std::string op = "update_time_series_group";
        if (column_count > 0 && row_count == 0) {
            quiver::fail("Cannot " + op + ": columns " + quiver::c::bracketed_names(column_names, column_count) +
                         " contain no rows; pass no columns to clear the group");
        }
        check_tags(op, column_types, column_data, column_has_value, column_count, row_count);
        auto inputs = borrow_columns(column_names, column_types, column_data, column_has_value, column_count);
        quiver::update_time_series_group(*db->db, collection, group, id, inputs, column_count == 0 ? 0 : row_count);
    });
}

quiver_error_t quiver_database_upsert_time_series_row(quiver_database_t* db, const char* collection, const char* group,
                                                      int64_t id, const char* const* column_names,
                                                      const int* column_types, const void* const* column_data,
                                                      size_t column_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE_COLUMNS();
    return guarded([&] {
        // Every cell is decoded here (no masks), so any unknown tag fails, in column order.
        for (size_t c = 0; c < column_count; ++c) {
            if (column_names[c] == nullptr) quiver::fail("Null argument: column_names[" + std::to_string(c) + "]");
            if (!known_tag(column_types[c])) {
                quiver::fail("Cannot upsert_time_series_row: unknown column type " + std::to_string(column_types[c]));
            }
        }
        auto inputs = borrow_columns(column_names, column_types, column_data, nullptr, column_count);
        quiver::upsert_time_series_row(*db->db, collection, group, id, inputs);
    });
}

quiver_error_t quiver_database_read_time_series_row(quiver_database_t* db, const char* collection, const char* group,
                                                    const char* attribute, const char* date_time, int* out_data_type,
                                                    void** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(date_time);
    QUIVER_REQUIRE(out_data_type);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        auto result = quiver::read_time_series_row(*db->db, collection, group, attribute, date_time);
        size_t n = result.values.size();
        void* values = nullptr;
        switch (result.type) {
            case DataType::Integer: {
                int64_t* out = alloc_array<int64_t>(n);
                for (size_t i = 0; i < n; ++i) {
                    auto v = std::get_if<int64_t>(&result.values[i]);
                    out[i] = v ? *v : 0;
                }
                values = out;
                break;
            }
            case DataType::Real: {
                double* out = alloc_array<double>(n);
                for (size_t i = 0; i < n; ++i) {
                    auto v = std::get_if<double>(&result.values[i]);
                    out[i] = v ? *v : std::numeric_limits<double>::quiet_NaN();
                }
                values = out;
                break;
            }
            default: {
                char** out = alloc_array<char*>(n);
                try {
                    for (size_t i = 0; i < n; ++i) {
                        if (auto v = std::get_if<std::string>(&result.values[i])) out[i] = copy_string(*v);
                    }
                } catch (...) {
                    quiver_database_free_string_array(out, n);
                    throw;
                }
                values = out;
                break;
            }
        }
        *out_data_type = static_cast<int>(result.type);
        *out_values = values;
        *out_count = n;
    });
}

}  // extern "C"
