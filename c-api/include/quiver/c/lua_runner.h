#ifndef QUIVER_C_LUA_RUNNER_H
#define QUIVER_C_LUA_RUNNER_H

#include "common.h"
#include "database.h"

QUIVER_EXTERN_C_BEGIN

/* A Lua 5.4 state bound to one database; the database must outlive it. */
typedef struct quiver_lua_runner quiver_lua_runner_t;

QUIVER_C_API quiver_error_t quiver_lua_runner_new(quiver_database_t* db, quiver_lua_runner_t** out_runner);
QUIVER_C_API quiver_error_t quiver_lua_runner_free(quiver_lua_runner_t* runner);
QUIVER_C_API quiver_error_t quiver_lua_runner_run(quiver_lua_runner_t* runner, const char* script, char** out_result);
QUIVER_C_API quiver_error_t quiver_lua_runner_free_string(char* str);

/* Ours, kept for callers of the older API: the last error of this runner's most recent
 * run, or NULL after a successful run. Borrowed; valid until the next run. */
QUIVER_C_API quiver_error_t quiver_lua_runner_get_error(quiver_lua_runner_t* runner, const char** out_error);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_LUA_RUNNER_H */
