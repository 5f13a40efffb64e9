#ifndef QUIVER_C_EXTENSIONS_H
#define QUIVER_C_EXTENSIONS_H

/* Functions of ours, not in upstream Quiver's C API. Each area adds its own block. */

#include "binary/binary_file.h"
#include "common.h"
#include "database.h"
#include "lua_runner.h"

QUIVER_EXTERN_C_BEGIN

/* ---- Lua runner limits ----
 * quiver_lua_runner_run with limits (0 = none). The time limit stops Lua code and SQL run by the
 * script once timeout_ms have passed; the memory limit caps the runner's whole Lua heap (globals
 * kept from earlier runs count). A stopped script fails with "Failed to run Lua script: time limit
 * of <n> ms exceeded" (or "memory limit of <n> bytes exceeded"); the runner stays usable. */
QUIVER_C_API quiver_error_t quiver_lua_runner_run_with_limits(quiver_lua_runner_t* runner, const char* script,
                                                              int64_t timeout_ms, int64_t memory_limit_bytes,
                                                              char** out_result);

/* ---- Busy timeout ----
 * How long a statement of `db` waits for another connection's lock before failing with
 * "database is locked (...)". Every database starts with 5000 ms (Quiver 0.10 waits 0 ms);
 * 0 fails at once. A negative timeout_ms fails with "Cannot set_busy_timeout: ...". */
QUIVER_C_API quiver_error_t quiver_database_set_busy_timeout(quiver_database_t* db, int timeout_ms);

/* ---- binary files: bulk I/O through caller-owned buffers ----
 * A block is every cell whose leading coordinates are fixed by the address: dim_names must name
 * exactly the first dim_count dimensions of the file (in any order; dim_count 0 = the whole file,
 * all dimensions = one cell). Its data_count = product of the remaining dimension sizes times
 * the label count, in file order. Errors use the messages of quiver_binary_file_read/write. */
QUIVER_C_API quiver_error_t quiver_binary_file_read_block(quiver_binary_file_t* binary_file, const char* const* dim_names, const int64_t* dim_values, size_t dim_count, int allow_nulls, double* out_data, size_t data_count);
QUIVER_C_API quiver_error_t quiver_binary_file_write_block(quiver_binary_file_t* binary_file, const char* const* dim_names, const int64_t* dim_values, size_t dim_count, const double* data, size_t data_count);
/* 1 while the handle has a usable read or write stream, 0 when unopened, closed or failed. */
QUIVER_C_API quiver_error_t quiver_binary_file_is_open(quiver_binary_file_t* binary_file, int* out_open);

/* ---- Bulk element creation ----
 * Creates row_count elements of `collection` in one call, all or nothing: every row is inserted
 * inside one transaction (inside the caller's open transaction or dry run, a savepoint), and a
 * failure rolls all of them back. out_ids[r] receives the id of row r (a caller-owned buffer of
 * row_count values; may be NULL when row_count is 0).
 *
 * Columns use the layout of quiver_database_update_vector_group: column_names[c], its type tag
 * column_types[c] (INTEGER: int64_t*, FLOAT: double*, STRING / DATE_TIME: const char**) and
 * column_data[c]; column_has_value (NULL, or per column NULL or a mask) marks each cell:
 *   0 = NULL, 1 = the value in column_data, 2 = not given (scalar columns only: the row leaves the
 *   attribute out, as an element without it would, so the column's DEFAULT applies).
 * A NULL column_data[c] makes every cell NULL (or not given where its mask says 2); a NULL string
 * is a NULL cell.
 * column_offsets (NULL, or per column NULL or an array) separates scalars from arrays: a column
 * whose offsets are NULL is a scalar attribute with row_count cells; otherwise it is an array
 * attribute (vector, set or time-series column, routed by name as create_element routes arrays)
 * and row r's cells are column_data[offsets[r] .. offsets[r+1]) (row_count + 1 offsets, starting
 * at 0 and never decreasing); an empty range gives the row no such array.
 *
 * Each row is written exactly as quiver_database_create_element would write the element holding
 * the same values (labels of foreign keys resolved, strings trimmed, the same type and content
 * rules). Errors before any row is written: "Cannot create_elements: collection not found: <c>",
 * "Cannot create_elements: column '<n>' is given twice", "Cannot create_elements: column '<n>':
 * unknown column type <t>", "Cannot create_elements: column '<n>': offsets must start at 0 and
 * never decrease (row <r>)", "Cannot create_elements: column '<n>': mask value <v> at row <r>".
 * A failing row: "Cannot create_elements: row <r>: <reason>" (r counts from 0), where reason is
 * what create_element says after its "Cannot create_element: " prefix, e.g. "type mismatch for
 * column 'capacity': expected REAL, got TEXT", "element must have at least one scalar attribute",
 * "Column 'x' not found in table 'Plant'", "Failed to resolve label 'p9' to ID in table 'Plant'". */
QUIVER_C_API quiver_error_t quiver_database_create_elements(quiver_database_t* db, const char* collection,
                                                            const char* const* column_names, const int* column_types,
                                                            const void* const* column_data,
                                                            const uint8_t* const* column_has_value,
                                                            const int64_t* const* column_offsets, size_t column_count,
                                                            size_t row_count, int64_t* out_ids);

/* ---- One element from packed values ----
 * quiver_database_create_element for an element of `count` scalar attributes packed into three
 * buffers, in one call instead of one per attribute. `text` holds UTF-8 bytes: attribute i is named
 * by the NUL-terminated text starting at text[slots[2i]]; slots[2i + 1] holds its value as types[i] says: INTEGER the
 * int64 itself, FLOAT the bits of a double, STRING / DATE_TIME the offset in `text` of its
 * NUL-terminated text, NULL (QUIVER_DATA_TYPE_NULL) nothing (the attribute is NULL). Offsets count
 * bytes from text[0]; every text must end before text_size. Behaviour and messages are
 * create_element's, plus "Cannot create_element: column '<n>' is given twice", "Cannot
 * create_element: unknown value type <t> for '<n>'" and "Cannot create_element: text offset <o> of
 * attribute <i> is outside the text (or unterminated)". */
QUIVER_C_API quiver_error_t quiver_database_create_element_values(quiver_database_t* db, const char* collection,
                                                                  const int* types, const int64_t* slots,
                                                                  const uint8_t* text, size_t text_size, size_t count,
                                                                  int64_t* out_id);

/* ---- Scalar strings in one buffer ----
 * quiver_database_read_scalar_strings (same values, order and errors) in three allocations instead
 * of one per value: value i is the UTF-8 text out_text[out_offsets[i] .. out_offsets[i + 1]) (not
 * NUL-terminated; out_offsets has out_count + 1 entries), NULL where out_mask[i] is 0 (out_mask is
 * NULL when no value is NULL). A value ends at its first NUL byte, as a C string would.
 * *out_ascii is 1 when every byte of out_text is below 0x80. No rows: NULL pointers and counts 0.
 * Free out_text with quiver_database_free_string, out_offsets with
 * quiver_database_free_integer_array, out_mask with quiver_database_free_mask. */
QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings_packed(quiver_database_t* db, const char* collection,
                                                                       const char* attribute, char** out_text,
                                                                       size_t* out_text_size, int64_t** out_offsets,
                                                                       uint8_t** out_mask, int* out_ascii,
                                                                       size_t* out_count);

/* ---- Progress and cancellation of long calls ----
 * A quiver_progress_t follows one call at a time made through a *_with_progress function below,
 * usually on another thread than the one that reads it: while the call runs, any thread may read
 * its progress and cancel it (these three functions are thread-safe). done / total count the call's
 * units: bytes of the file over the import's passes (validation, writing, one more per
 * self-referencing column), rows for the export, the time-series reads and updates, and the
 * script's own figures for a Lua run (quiver.progress(done, total) in the script). total is 0 until
 * known; on success done is raised to total. A cancelled call stops at its next check (each record,
 * row, Lua instruction batch, or SQLite step batch) and fails with "<call's usual prefix>: cancelled",
 * e.g. "Cannot import_csv: cancelled" or "Failed to run Lua script: cancelled"; a cancel made before
 * the call starts fails it at once. A write that fails or is cancelled changes nothing, also inside
 * an open transaction (it runs in a savepoint there). Lua runs are the exception: what the script
 * committed itself stays, and a transaction it left open is rolled back, as in quiver_lua_runner_run.
 * A failed call's message is also kept in the progress object (quiver_progress_get_error), for
 * callers that cannot read the calling thread's last error. With a progress object the work runs
 * on a thread of its own with a full-size stack while the calling thread waits (callers such as
 * FFI worker pools often have small stacks); the message still ends up in the calling thread's
 * last error. A NULL progress makes each function behave as its plain counterpart. The database
 * (or runner) must not be used by anything else while the call runs. */
typedef struct quiver_progress quiver_progress_t;

QUIVER_C_API quiver_error_t quiver_progress_new(quiver_progress_t** out_progress);
QUIVER_C_API quiver_error_t quiver_progress_free(quiver_progress_t* progress);
QUIVER_C_API quiver_error_t quiver_progress_cancel(quiver_progress_t* progress);
QUIVER_C_API quiver_error_t quiver_progress_get(quiver_progress_t* progress, int64_t* out_done, int64_t* out_total);
/* The message of the latest failed call made with this progress, "" when none. Borrowed; read it
 * only while no call is running with the object. */
QUIVER_C_API quiver_error_t quiver_progress_get_error(quiver_progress_t* progress, const char** out_error);

QUIVER_C_API quiver_error_t quiver_database_import_csv_with_progress(quiver_database_t* db, const char* collection, const char* group, const char* path, const quiver_csv_options_t* options, quiver_progress_t* progress);
QUIVER_C_API quiver_error_t quiver_database_export_csv_with_progress(quiver_database_t* db, const char* collection, const char* group, const char* path, const quiver_csv_options_t* options, quiver_progress_t* progress);
QUIVER_C_API quiver_error_t quiver_database_read_time_series_group_with_progress(quiver_database_t* db, const char* collection, const char* group, int64_t id, quiver_progress_t* progress, char*** out_column_names, int** out_column_types, void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count, size_t* out_row_count);
QUIVER_C_API quiver_error_t quiver_database_update_time_series_group_with_progress(quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names, const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value, size_t column_count, size_t row_count, quiver_progress_t* progress);
QUIVER_C_API quiver_error_t quiver_lua_runner_run_with_progress(quiver_lua_runner_t* runner, const char* script, int64_t timeout_ms, int64_t memory_limit_bytes, quiver_progress_t* progress, char** out_result);
/* quiver_database_create_elements with a quiver_progress_t: done counts rows written (total =
 * row_count); a cancel during the call fails with "Cannot create_elements: cancelled after <n> of
 * <row_count> rows" (one made before it starts with "Cannot create_elements: cancelled"), every
 * row rolled back. */
QUIVER_C_API quiver_error_t quiver_database_create_elements_with_progress(quiver_database_t* db, const char* collection, const char* const* column_names, const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value, const int64_t* const* column_offsets, size_t column_count, size_t row_count, int64_t* out_ids, quiver_progress_t* progress);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_EXTENSIONS_H */
