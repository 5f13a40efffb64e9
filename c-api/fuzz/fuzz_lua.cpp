// libFuzzer target: Lua scripts on a farm database. Each input runs in a fresh runner under a
// time and a memory limit (so no input can hang or exhaust the fuzzer) and inside a dry run, so
// every script starts from the same data.
#include <string>

#include "fuzz_support.hpp"
#include "quiver/c/extensions.h"
#include "quiver/c/lua_runner.h"

namespace {

quiver_database_t* database() {
    static quiver_database_t* db = [] {
        quiver_database_t* d = fuzz::farm_database();
        int64_t ignored = 0;
        int has = 0;
        if (quiver_database_query_integer(d, "INSERT INTO Farm (label, area) VALUES ('F1', 1.5), ('F2', NULL)", &ignored,
                                          &has) != QUIVER_OK) {
            __builtin_trap();
        }
        return d;
    }();
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 8192) return -1;
    const std::string script(reinterpret_cast<const char*>(data), size);  // NUL-terminated copy
    quiver_database_t* db = database();
    quiver_lua_runner_t* runner = nullptr;
    if (quiver_lua_runner_new(db, &runner) != QUIVER_OK) __builtin_trap();
    if (quiver_database_begin_dry_run(db) != QUIVER_OK) __builtin_trap();
    char* out = nullptr;
    if (quiver_lua_runner_run_with_limits(runner, script.c_str(), 200, 32 * 1024 * 1024, &out) == QUIVER_OK) {
        quiver_lua_runner_free_string(out);
    }
    // A script cannot end the caller's dry run, so this must succeed and leave nothing open.
    if (quiver_database_end_dry_run(db) != QUIVER_OK) __builtin_trap();
    int active = 1;
    quiver_database_in_transaction(db, &active);
    if (active) __builtin_trap();
    quiver_lua_runner_free(runner);
    return 0;
}
