#pragma once
// Opening the SQLite connection of a Database: flags, foreign keys, the busy timeout, and the
// rollback of a hot journal that a read-only connection cannot do itself.
#include <sqlite3.h>

#include <chrono>
#include <string>

namespace quiver {

// How long a statement waits for another connection's lock before failing with "database is
// locked". Quiver 0.10 does not wait at all.
inline constexpr int kDefaultBusyTimeoutMs = 5000;

// The busy handler's state; it must outlive the connection it is installed on.
struct BusyWait {
    int timeout_ms = kDefaultBusyTimeoutMs;
    std::chrono::steady_clock::time_point since;  // start of the current wait
};

// Opens `path` read-write (created when missing) or read-only, with foreign keys on and a busy
// handler waiting up to wait.timeout_ms. A read-only open of a database whose last writer crashed
// mid-transaction (a hot journal beside it) first rolls that journal back through a short
// read-write connection, as any writer's first read would; SQLite refuses to read such a file
// read-only. Failures: "Failed to open database: <reason>".
sqlite3* open_connection(const std::string& path, bool read_only, BusyWait& wait);

}  // namespace quiver
