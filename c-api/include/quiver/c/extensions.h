#ifndef QUIVER_C_EXTENSIONS_H
#define QUIVER_C_EXTENSIONS_H

/* Functions of ours, not in upstream Quiver's C API. Each area adds its own block. */

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

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_EXTENSIONS_H */
