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

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_EXTENSIONS_H */
