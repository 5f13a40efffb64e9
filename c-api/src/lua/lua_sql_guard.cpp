#include "lua_sql_guard.hpp"

#include <cstring>

#include "lua_limits.hpp"

namespace quiver::lua {

namespace {

bool same(const char* a, const char* b) { return a && std::strcmp(a, b) == 0; }

// Runs inside SQLite (C): must not throw; reports through a pointer to static text.
int authorize(void* data, int action, const char* arg1, const char* arg2, const char*, const char*) {
    const char*& denied = *static_cast<const char**>(data);
    const char* what = nullptr;
    switch (action) {
    case SQLITE_ATTACH:
        // A plain VACUUM attaches an empty name (a private temporary database); VACUUM INTO
        // attaches its target file.
        if (arg1 && arg1[0] != '\0') what = "ATTACH (or VACUUM INTO)";
        break;
    case SQLITE_DETACH:
        what = "DETACH";
        break;
    case SQLITE_FUNCTION:
        if (same(arg2, "load_extension")) what = "load_extension()";
        break;
    case SQLITE_PRAGMA:
        if (same(arg1, "temp_store_directory")) what = "PRAGMA temp_store_directory";
        if (same(arg1, "data_store_directory")) what = "PRAGMA data_store_directory";
        break;
    default:
        break;
    }
    if (!what) return SQLITE_OK;
    denied = what;
    return SQLITE_DENY;
}

int progress(void* data) { return static_cast<Limits*>(data)->exceeded() ? 1 : 0; }

}  // namespace

SqlGuard::SqlGuard(sqlite3* db, Limits& limits, const char*& denied) : db_(db) {
    denied = nullptr;
    sqlite3_set_authorizer(db_, &authorize, &denied);
    sqlite3_progress_handler(db_, 1000, &progress, &limits);
}

SqlGuard::~SqlGuard() {
    sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    sqlite3_set_authorizer(db_, nullptr, nullptr);
}

}  // namespace quiver::lua
