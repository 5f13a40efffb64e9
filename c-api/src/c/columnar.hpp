#pragma once
// Conversions between the C API's columnar layout (names, type tags, data pointers, masks)
// and the core's ColumnarData / ColumnInput.
#include <string>
#include <vector>

#include "core/columns.hpp"
#include "quiver/c/database.h"

namespace quiver::c {

// Fills the out_* arrays; an empty result (no rows or no columns) is all NULL with counts 0.
// Release with quiver_database_free_time_series_data.
void export_columnar(const ColumnarData& data, char*** out_column_names, int** out_column_types,
                     void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count,
                     size_t* out_row_count);

// Decodes caller columns row by row, before the collection is resolved. A non-NULL cell of a type outside 0..3
// throws "Cannot <op>: unknown column type <n>". A NULL column_names[c] throws
// "Null argument: column_names[<c>]" (our choice; upstream would crash).
std::vector<ColumnInput> import_columns(const std::string& op, const char* const* column_names,
                                        const int* column_types, const void* const* column_data,
                                        const uint8_t* const* column_has_value, size_t column_count,
                                        size_t row_count);

// "[a, b, c]" for the "contain no rows" messages.
std::string bracketed_names(const char* const* column_names, size_t column_count);

}  // namespace quiver::c
