// The Lua runner's C functions. The runner itself lives in src/lua/.
#include <optional>
#include <string>

#include "database_handle.hpp"
#include "lua/lua_runner.hpp"
#include "progress_call.hpp"
#include "quiver/c/extensions.h"
#include "quiver/c/lua_runner.h"
#include "support.hpp"

using quiver::c::guarded;

struct quiver_lua_runner {
    explicit quiver_lua_runner(quiver::Database& db) : runner(db) {}
    quiver::lua::LuaRunner runner;
    std::optional<std::string> last_error;  // of the latest run; for quiver_lua_runner_get_error
};

extern "C" {

quiver_error_t quiver_lua_runner_new(quiver_database_t* db, quiver_lua_runner_t** out_runner) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_runner);
    return guarded([&] { *out_runner = new quiver_lua_runner(*db->db); }, "Unknown error creating LuaRunner");
}

quiver_error_t quiver_lua_runner_free(quiver_lua_runner_t* runner) {
    delete runner;
    return QUIVER_OK;
}

}  // extern "C"

namespace {

quiver_error_t run_script(quiver_lua_runner_t* runner, const char* script, const quiver::lua::RunLimits& limits,
                          char** out_result) {
    QUIVER_REQUIRE(runner);
    QUIVER_REQUIRE(script);
    QUIVER_REQUIRE(out_result);
    *out_result = nullptr;
    runner->last_error.reset();
    const quiver_error_t status = guarded(
        [&] {
            const std::string result = runner->runner.run(script, limits);
            *out_result = quiver::c::copy_string(result);
        },
        "Unknown error running Lua script");
    if (status != QUIVER_OK) {
        try {
            runner->last_error = quiver::c::last_error_text();
        } catch (...) {
            runner->last_error.reset();  // out of memory: the global channel still has the text
        }
    }
    return status;
}

}  // namespace

extern "C" {

quiver_error_t quiver_lua_runner_run(quiver_lua_runner_t* runner, const char* script, char** out_result) {
    return run_script(runner, script, {}, out_result);
}

quiver_error_t quiver_lua_runner_run_with_limits(quiver_lua_runner_t* runner, const char* script, int64_t timeout_ms,
                                                 int64_t memory_limit_bytes, char** out_result) {
    return run_script(runner, script, {timeout_ms, memory_limit_bytes}, out_result);
}

quiver_error_t quiver_lua_runner_run_with_progress(quiver_lua_runner_t* runner, const char* script, int64_t timeout_ms,
                                                  int64_t memory_limit_bytes, quiver_progress_t* progress,
                                                  char** out_result) {
    quiver::lua::RunLimits limits{timeout_ms, memory_limit_bytes};
    if (progress) limits.cancel = &progress->task.cancelled;
    return quiver::c::with_progress(progress, "Failed to run Lua script",
                                    [&] { return run_script(runner, script, limits, out_result); });
}

quiver_error_t quiver_lua_runner_free_string(char* str) {
    quiver::c::free_string(str);
    return QUIVER_OK;
}

quiver_error_t quiver_lua_runner_get_error(quiver_lua_runner_t* runner, const char** out_error) {
    QUIVER_REQUIRE(runner);
    QUIVER_REQUIRE(out_error);
    *out_error = runner->last_error ? runner->last_error->c_str() : nullptr;
    return QUIVER_OK;
}

}  // extern "C"
