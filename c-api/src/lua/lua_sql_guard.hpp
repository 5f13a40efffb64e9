#pragma once
// What SQL a script may run, enforced with SQLite's authorizer while the script runs: nothing
// that reaches files other than the database (ATTACH, VACUUM INTO, DETACH, extension loading,
// the process-wide directory pragmas). Also stops long SQL once the run's time limit is hit.
#include <sqlite3.h>

namespace quiver::lua {

class Limits;

class SqlGuard {
public:
    // `denied` receives the name of the last refused operation (a static string), for messages.
    SqlGuard(sqlite3* db, Limits& limits, const char*& denied);
    ~SqlGuard();
    SqlGuard(const SqlGuard&) = delete;
    SqlGuard& operator=(const SqlGuard&) = delete;

private:
    sqlite3* db_;
};

}  // namespace quiver::lua
