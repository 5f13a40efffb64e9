#pragma once
// Migration folders and the schema version a database records.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace quiver {

// The `<version>/` folders of a migrations directory, ascending. A version folder is named in
// plain decimal from 1 to 9223372036854775807 (`1`, `42`). A folder whose name starts with a
// digit, a sign or a space but is not such a number (`01`, ` 4`, `+5`, `0`, `-3`, `7a`, a number
// beyond int64) fails: "Cannot from_migrations: invalid migration folder name '<name>': ...".
// Quiver 0.10 reads such names with std::stoll, so `1` and `01` both meant version 1. Other
// folders (`docs`, `.git`) are not migrations and are skipped, as upstream does.
std::vector<std::pair<int64_t, std::filesystem::path>> list_migrations(const std::string& directory);

// The version recorded in the file. SQLite's user_version holds 32 bits, so a version beyond
// 2147483647 is kept in a one-row table `_quiver_version`, with user_version at 2147483647 (a
// reader that only knows user_version then sees a version above every 32-bit one).
int64_t read_version(sqlite3* db);
// Records `version` (inside the caller's transaction).
void write_version(sqlite3* db, int64_t version);

// The table holding versions beyond 32 bits; not part of the schema model.
inline constexpr const char* kVersionTable = "_quiver_version";

}  // namespace quiver
