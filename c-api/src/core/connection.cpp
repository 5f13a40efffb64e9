#include "connection.hpp"

#include <thread>

#include "error.hpp"
#include "sqlite.hpp"

namespace quiver {

namespace {

// Polls every millisecond. sqlite3_busy_timeout's handler sleeps up to 100 ms between tries, so a
// process writing transaction after transaction retakes the lock each time it frees it and starves
// the waiting one for seconds; short sleeps catch the moment between two of its transactions.
int wait_while_busy(void* data, int attempts) {
    auto& wait = *static_cast<BusyWait*>(data);
    auto now = std::chrono::steady_clock::now();
    if (attempts == 0) wait.since = now;
    if (now - wait.since >= std::chrono::milliseconds(wait.timeout_ms)) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 1;
}

// The library's SQLite copy is private to it (its symbols are not exported), so its process-wide
// settings are ours to choose before its first use, which is why this runs when the library is
// loaded: no allocation statistics, whose global mutex every malloc and free would otherwise take
// (nothing here reads them).
const bool kSqliteConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;

sqlite3* open_raw(const std::string& path, int flags, BusyWait& wait) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close_v2(db);
        fail("Failed to open database: " + msg);
    }
    sqlite3_busy_handler(db, wait_while_busy, &wait);
    return db;
}

// Reads the database header, which is when SQLite looks for a hot journal. Returns the extended
// result code.
int first_read(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master", -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) rc = SQLITE_OK;
    }
    if (rc != SQLITE_OK) rc = sqlite3_extended_errcode(db);
    sqlite3_finalize(stmt);
    return rc;
}

void roll_back_hot_journal(const std::string& path, BusyWait& wait) {
    sqlite3* writer = nullptr;
    try {
        writer = open_raw(path, SQLITE_OPEN_READWRITE, wait);
    } catch (const Error&) {
        fail("Failed to open database: it has a hot journal left by an interrupted write, and rolling that back "
             "needs write access to the file and its folder");
    }
    int rc = first_read(writer);
    std::string message = rc == SQLITE_OK ? "" : sqlite_error(writer);
    sqlite3_close_v2(writer);
    if (rc != SQLITE_OK) fail("Failed to open database: rolling back its hot journal failed: " + message);
}

}  // namespace

sqlite3* open_connection(const std::string& path, bool read_only, BusyWait& wait) {
    sqlite3* db = open_raw(path, read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), wait);
    if (read_only && first_read(db) == SQLITE_READONLY_ROLLBACK) {
        sqlite3_close_v2(db);
        roll_back_hot_journal(path, wait);
        db = open_raw(path, SQLITE_OPEN_READONLY, wait);
    }
    sqlite3_extended_result_codes(db, 0);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    return db;
}

}  // namespace quiver
