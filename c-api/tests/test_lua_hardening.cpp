// Hardening of the Lua runner and of transactions: run limits, the SQL authorizer, the folder
// check with symbolic links, who may end a dry run, what a script leaves open, failed commits.

#include <filesystem>
#include <string>

#ifndef _WIN32
#include <unistd.h>  // symlink
#endif

#include "check.hpp"
#include "quiver/c/extensions.h"

namespace {

quiver_database_t* open_file(const std::string& path, bool from_schema, bool read_only = false) {
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    options.read_only = read_only ? 1 : 0;
    quiver_database_t* db = nullptr;
    const quiver_error_t rc = from_schema
                                  ? quiver_database_from_schema(path.c_str(), qt::fixture("farm.sql").c_str(), &options, &db)
                                  : quiver_database_open(path.c_str(), &options, &db);
    if (rc != QUIVER_OK) qt::fail(__FILE__, __LINE__, "open " + path + ": " + qt::last_error());
    return db;
}

// Runs a script that must succeed; returns its JSON result.
std::string run_ok(quiver_lua_runner_t* runner, const char* script) {
    char* out = nullptr;
    if (quiver_lua_runner_run(runner, script, &out) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, std::string(script) + ": " + qt::last_error());
        return "";
    }
    std::string result = out ? out : "";
    quiver_lua_runner_free_string(out);
    return result;
}

int64_t farms(quiver_database_t* db) {
    int64_t n = -1;
    quiver_database_number_of_elements(db, "Farm", &n);
    return n;
}

void limits(quiver_lua_runner_t* runner) {
    char* out = nullptr;
    CHECK_ERR(quiver_lua_runner_run_with_limits(runner, "while true do end", 30, 0, &out),
              "Failed to run Lua script: time limit of 30 ms exceeded");
    CHECK(out == nullptr);
    CHECK_ERR(quiver_lua_runner_run_with_limits(runner, "while true do pcall(function() while true do end end) end", 30, 0, &out),
              "Failed to run Lua script: time limit of 30 ms exceeded");
    CHECK_ERR(quiver_lua_runner_run_with_limits(
                  runner, "return db:query_integer('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c')",
                  30, 0, &out),
              "Failed to run Lua script: time limit of 30 ms exceeded");
    CHECK_ERR(quiver_lua_runner_run_with_limits(runner, "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(50) .. i end", 0,
                                                2000000, &out),
              "Failed to run Lua script: memory limit of 2000000 bytes exceeded");
    CHECK_ERR(quiver_lua_runner_run_with_limits(runner, "return 1", -1, 0, &out),
              "Failed to run Lua script: the timeout must be >= 0 ms (0: no limit)");
    CHECK_ERR(quiver_lua_runner_run_with_limits(runner, "return 1", 0, -1, &out),
              "Failed to run Lua script: the memory limit must be >= 0 bytes (0: no limit)");
    // Usable afterwards, with and without limits.
    CHECK_OK(quiver_lua_runner_run_with_limits(runner, "return #('y'):rep(1000)", 1000, 2000000, &out));
    CHECK_EQ(out, "1000");
    quiver_lua_runner_free_string(out);
    CHECK_EQ(run_ok(runner, "return 6 * 7"), "42");
}

void sql_and_paths(quiver_lua_runner_t* runner, const std::string& dir) {
    namespace fs = std::filesystem;
    char* out = nullptr;
    const std::string outside = qt::temp_path("escape.db");
    const std::string attach = "db:query_string(\"ATTACH DATABASE '" + outside + "' AS e\")";
    CHECK(quiver_lua_runner_run(runner, attach.c_str(), &out) == QUIVER_ERROR);
    CHECK(qt::last_error().find("Cannot query_string: ATTACH (or VACUUM INTO) is not allowed in Lua scripts") != std::string::npos);
    const std::string vacuum = "db:query_string(\"VACUUM INTO '" + outside + "'\")";
    CHECK(quiver_lua_runner_run(runner, vacuum.c_str(), &out) == QUIVER_ERROR);
    CHECK(!fs::exists(outside));
    CHECK_EQ(run_ok(runner, "db:query_string('VACUUM'); return 1"), "1");

#ifndef _WIN32  // creating symbolic links needs privileges on Windows
    // A dangling link in the folder pointing outside: an export through it would create the file there.
    const std::string target = qt::temp_path("outside.csv");
    CHECK(symlink(target.c_str(), (dir + "/link.csv").c_str()) == 0);
    CHECK_ERR(quiver_lua_runner_run(runner, "db:export_csv('Farm', '', 'link.csv')", &out),
              "Failed to run Lua script: Cannot export_csv: path 'link.csv' cannot be resolved (broken symbolic link)");
    CHECK(!fs::exists(target));
#endif
    CHECK_EQ(run_ok(runner, "db:export_csv('Farm', '', 'sub/ok.csv') return 1"), "1");
    CHECK(fs::exists(dir + "/sub/ok.csv"));
}

void what_scripts_leave(quiver_database_t* db, quiver_lua_runner_t* runner) {
    char* out = nullptr;
    const int64_t before = farms(db);
    CHECK_ERR(quiver_lua_runner_run(runner, "db:begin_transaction() db:create_element('Farm', {label = 'open'})", &out),
              "Failed to run Lua script: the script ended with its transaction still open: it was rolled back");
    int active = -1;
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_EQ(active, 0);
    CHECK_EQ(farms(db), before);

    // The caller's transaction is not the script's.
    CHECK_OK(quiver_database_begin_transaction(db));
    run_ok(runner, "db:create_element('Farm', {label = 'callers'})");
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_EQ(active, 1);
    CHECK_OK(quiver_database_commit(db));
    CHECK_EQ(farms(db), before + 1);

    // A dry run begun through the C API is ended only through it.
    CHECK_OK(quiver_database_begin_dry_run(db));
    CHECK_ERR(quiver_lua_runner_run(runner, "db:end_dry_run()", &out),
              "Failed to run Lua script: Cannot end_dry_run: the dry run was begun by the caller, which alone can end it");
    run_ok(runner, "pcall(function() db:end_dry_run() end) db:create_element('Farm', {label = 'dry'})");
    CHECK_OK(quiver_database_in_dry_run(db, &active));
    CHECK_EQ(active, 1);
    CHECK_OK(quiver_database_end_dry_run(db));
    CHECK_EQ(farms(db), before + 1);
    CHECK_ERR(quiver_lua_runner_run(runner, "db:begin_dry_run() db:create_element('Farm', {label = 'ghost'})", &out),
              "Failed to run Lua script: the script ended with its dry run still active: it was ended and its writes discarded");
    CHECK_OK(quiver_database_in_dry_run(db, &active));
    CHECK_EQ(active, 0);
    CHECK_EQ(farms(db), before + 1);
}

// A second connection holding a read lock makes COMMIT fail ("database is locked"). The reader is
// read-only, so its transaction begins deferred and holds only a shared lock; the writer does not
// wait for it (busy timeout 0).
void failed_commit(quiver_database_t* a, const std::string& file) {
    quiver_database_t* b = open_file(file, false, true);
    if (!b) return;
    CHECK_OK(quiver_database_set_busy_timeout(a, 0));
    char* mode = nullptr;
    int64_t value = 0;
    int has = 0;
    CHECK_OK(quiver_database_query_string(a, "PRAGMA journal_mode = DELETE", &mode, &has));
    quiver_database_free_string(mode);
    const int64_t before = farms(a);
    CHECK_OK(quiver_database_begin_transaction(b));
    CHECK_OK(quiver_database_query_integer(b, "SELECT count(*) FROM Farm", &value, &has));
    CHECK_OK(quiver_database_begin_transaction(a));
    qt::make(a, "Farm", "never");
    CHECK_ERR(quiver_database_commit(a), "Failed to commit transaction: database is locked (the transaction was rolled back)");
    int active = -1;
    CHECK_OK(quiver_database_in_transaction(a, &active));
    CHECK_EQ(active, 0);
    CHECK_OK(quiver_database_rollback(b));
    qt::make(a, "Farm", "later");
    CHECK_EQ(farms(a), before + 1);
    CHECK_OK(quiver_database_close(b));
    CHECK_OK(quiver_database_set_busy_timeout(a, 5000));
}

}  // namespace

void test_lua_hardening() {
    namespace fs = std::filesystem;
    const std::string dir = qt::temp_path("hardening");
    fs::create_directories(dir);
    const std::string file = dir + "/farm.db";
    quiver_database_t* db = open_file(file, true);
    if (!db) return;
    quiver_lua_runner_t* runner = nullptr;
    if (quiver_lua_runner_new(db, &runner) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, "quiver_lua_runner_new: " + qt::last_error());
        quiver_database_close(db);
        return;
    }
    qt::make(db, "Farm", "F1");
    limits(runner);
    sql_and_paths(runner, dir);
    what_scripts_leave(db, runner);
    failed_commit(db, file);
    CHECK_OK(quiver_lua_runner_free(runner));
    CHECK_OK(quiver_database_close(db));
}
