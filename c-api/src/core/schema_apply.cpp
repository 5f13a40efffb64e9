#include "schema_apply.hpp"

#include <utility>
#include <vector>

#include "error.hpp"
#include "migrations.hpp"
#include "schema.hpp"
#include "sqlite.hpp"

namespace quiver {

void check_schema_script(const std::string& script) {
    sqlite3* scratch = nullptr;
    if (sqlite3_open_v2(":memory:", &scratch, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close_v2(scratch);
        throw std::bad_alloc();
    }
    try {
        sqlite3_exec(scratch, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
        execute_script(scratch, script);
        validate_schema(load_schema(scratch));
    } catch (...) {
        sqlite3_close_v2(scratch);
        throw;
    }
    sqlite3_close_v2(scratch);
}

void empty_database(sqlite3* db) {
    std::vector<std::pair<std::string, std::string>> objects;  // (type, name), views first
    for (const auto& row : execute(db,
                                   "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT "
                                   "LIKE 'sqlite_%' ORDER BY type = 'table'")
                               .rows) {
        objects.emplace_back(std::get<std::string>(row.at(0)), std::get<std::string>(row.at(1)));
    }
    for (const auto& [type, name] : objects) {
        execute_script(db, std::string(type == "view" ? "DROP VIEW " : "DROP TABLE ") + quote_identifier(name));
    }
    if (!execute(db, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").rows.empty()) {
        execute_script(db, "DELETE FROM sqlite_sequence");
    }
    write_version(db, 0);
}

}  // namespace quiver
