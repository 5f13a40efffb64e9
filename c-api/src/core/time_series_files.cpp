#include "time_series_files.hpp"

#include <algorithm>
#include <map>

#include "error.hpp"

namespace quiver {

namespace {

std::string files_table_name(const std::string& collection) { return collection + "_time_series_files"; }

// read/update word the missing table differently from list_time_series_files_columns.
const TableInfo& require_files_table(Database& db, const std::string& op, const std::string& collection) {
    db.require_table(op, collection);
    const TableInfo* table = db.schema().find(files_table_name(collection));
    if (!table) fail("Time series files table not found for collection '" + collection + "'");
    return *table;
}

}  // namespace

bool has_time_series_files(Database& db, const std::string& collection) {
    db.require_table("has_time_series_files", collection);
    return db.schema().find(files_table_name(collection)) != nullptr;
}

std::vector<std::string> list_time_series_files_columns(Database& db, const std::string& collection) {
    db.require_table("list_time_series_files_columns", collection);
    const TableInfo* table = db.schema().find(files_table_name(collection));
    if (!table) fail("Time series files table not found: " + files_table_name(collection));
    std::vector<std::string> names;
    for (const auto& c : table->columns) names.push_back(c.name);
    return names;
}

FilePaths read_time_series_files(Database& db, const std::string& collection) {
    const TableInfo& table = require_files_table(db, "read_time_series_files", collection);
    FilePaths out;
    if (table.columns.empty()) return out;
    std::string sql = "SELECT ";
    for (size_t i = 0; i < table.columns.size(); ++i) {
        if (i) sql += ", ";
        sql += quote_identifier(table.columns[i].name);
        out.emplace_back(table.columns[i].name, std::nullopt);
    }
    sql += " FROM " + quote_identifier(table.name) + " LIMIT 1";
    auto stmt = db.prepare(sql);
    if (stmt->step()) {
        for (size_t i = 0; i < out.size(); ++i) {
            int col = static_cast<int>(i);
            if (stmt->column_type(col) == SQLITE_TEXT) out[i].second = stmt->column_text(col);  // text only
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
}

void update_time_series_files(Database& db, const std::string& collection, const FilePaths& paths) {
    const TableInfo& table = require_files_table(db, "update_time_series_files", collection);
    if (paths.empty()) return;
    std::map<std::string, std::optional<std::string>> named;
    for (const auto& [column, path] : paths) named[column] = path;
    for (const auto& entry : named) {
        if (!table.has_column(entry.first)) {
            fail("Cannot update_time_series_files: column '" + entry.first + "' not found in table '" + table.name +
                 "'");
        }
        if (entry.second && entry.second->find('\0') != std::string::npos) {
            fail("Cannot update_time_series_files: path of column '" + entry.first + "' contains a NUL character");
        }
    }

    std::string names;
    std::string marks;
    std::vector<Value> values;
    for (const auto& [column, path] : named) {
        names += (names.empty() ? "" : ", ") + quote_identifier(column);
        marks += marks.empty() ? "?" : ", ?";
        values.push_back(path ? Value(*path) : Value());
    }
    WriteTransaction txn(db);
    {
        auto del = db.prepare("DELETE FROM " + quote_identifier(table.name));
        del->step();
        auto insert =
            db.prepare("INSERT INTO " + quote_identifier(table.name) + " (" + names + ") VALUES (" + marks + ")");
        insert->bind_all(values);
        insert->step();
    }
    txn.commit();
}

}  // namespace quiver
