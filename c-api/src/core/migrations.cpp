#include "migrations.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

#include "error.hpp"
#include "sqlite.hpp"

namespace fs = std::filesystem;

namespace quiver {

namespace {

constexpr int64_t kMaxUserVersion = std::numeric_limits<int32_t>::max();

bool looks_numeric(const std::string& name) {
    char c = name.empty() ? '\0' : name[0];
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ' ' || c == '\t';
}

// Plain decimal without sign, blanks or leading zeros, 1 to INT64_MAX.
bool canonical_version(const std::string& name, int64_t& out) {
    if (name.empty() || name[0] == '0') return false;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), out);
    return ec == std::errc() && end == name.data() + name.size() && out > 0;
}

int64_t single_integer(sqlite3* db, const std::string& sql, const std::string& what) {
    Statement stmt(db, sql);
    if (sqlite3_step(stmt.raw()) != SQLITE_ROW) fail("Failed to read " + what + ": " + sqlite_error(db));
    return sqlite3_column_int64(stmt.raw(), 0);
}

}  // namespace

std::vector<std::pair<int64_t, fs::path>> list_migrations(const std::string& directory) {
    std::vector<std::pair<int64_t, fs::path>> migrations;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        if (!entry.is_directory(ec)) continue;
        const std::string name = entry.path().filename().string();
        int64_t version = 0;
        if (canonical_version(name, version)) {
            migrations.emplace_back(version, entry.path());
        } else if (looks_numeric(name)) {
            fail("Cannot from_migrations: invalid migration folder name '" + name +
                 "': a version is written in plain decimal from 1 to 9223372036854775807, without sign, spaces or "
                 "leading zeros");
        }
    }
    std::sort(migrations.begin(), migrations.end());
    // Canonical names are unique spellings, so only a file system quirk could repeat one.
    for (size_t i = 1; i < migrations.size(); ++i) {
        if (migrations[i].first == migrations[i - 1].first) {
            fail("Cannot from_migrations: two migration folders have version " + std::to_string(migrations[i].first));
        }
    }
    return migrations;
}

int64_t read_version(sqlite3* db) {
    int64_t version = single_integer(db, "PRAGMA user_version", "user_version");
    if (version != kMaxUserVersion) return version;
    const std::string exists = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                               std::string(kVersionTable) + "'";
    if (single_integer(db, exists, "user_version") == 0) return version;
    return single_integer(db, "SELECT MAX(version) FROM " + quote_identifier(kVersionTable), "user_version");
}

void write_version(sqlite3* db, int64_t version) {
    const std::string table = quote_identifier(kVersionTable);
    execute_script(db, "PRAGMA user_version = " + std::to_string(std::min(version, kMaxUserVersion)));
    if (version < kMaxUserVersion) {
        execute_script(db, "DROP TABLE IF EXISTS " + table);
        return;
    }
    execute_script(db, "CREATE TABLE IF NOT EXISTS " + table + " (version INTEGER NOT NULL); DELETE FROM " + table +
                           "; INSERT INTO " + table + " VALUES (" + std::to_string(version) + ")");
}

}  // namespace quiver
