#pragma once
// Opening the SQLite connection of a Database: flags, foreign keys, the busy timeout, and the
// rollback of a hot journal that a read-only connection cannot do itself.
#include <sqlite3.h>

#include <string>

namespace quiver {

// How long a statement waits for another connection's lock before failing with "database is
// locked". Quiver 0.10 does not wait at all.
inline constexpr int kDefaultBusyTimeoutMs = 5000;

// Opens `path` read-write (created when missing) or read-only, with foreign keys on and the
// default busy timeout. A read-only open of a database whose last writer crashed mid-transaction
// (a hot journal beside it) first rolls that journal back through a short read-write connection,
// as any writer's first read would; SQLite refuses to read such a file read-only. Failures:
// "Failed to open database: <reason>".
sqlite3* open_connection(const std::string& path, bool read_only);

}  // namespace quiver
