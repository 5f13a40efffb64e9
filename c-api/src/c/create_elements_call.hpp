#pragma once
// Bulk creation with plain progress and cancel words, for the *_with_progress wrapper: it points
// them at its quiver_progress_t's atomics.
#include <cstddef>
#include <cstdint>

#include "quiver/c/database.h"

namespace quiver::c {

// quiver_database_create_elements that stores the rows written so far in *progress_done (may be
// NULL) and rolls everything back once *cancel (may be NULL) is non-zero.
quiver_error_t create_elements_counted(quiver_database_t* db, const char* collection, const char* const* column_names,
                                       const int* column_types, const void* const* column_data,
                                       const uint8_t* const* column_has_value, const int64_t* const* column_offsets,
                                       size_t column_count, size_t row_count, int64_t* out_ids,
                                       int64_t* progress_done, const int32_t* cancel);

}  // namespace quiver::c
