#include "schema.hpp"

#include <memory>
#include <string_view>

#include "error.hpp"
#include "sqlite.hpp"

namespace quiver {

namespace {

constexpr std::string_view kFilesSuffix = "_time_series_files";

// Owns a prepared statement. Loading talks to sqlite3 directly so that the model does not
// depend on the general Statement wrapper (and its "Failed to prepare statement" wording).
struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, Finalizer>;

// nullptr when SQLite cannot prepare the SQL; the caller chooses the message.
StmtPtr try_prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return nullptr;
    }
    return StmtPtr(stmt);
}

// The loading messages carry SQLite's reason ("Failed to query table names: database is locked");
// Quiver 0.10 gives the first part only, which hides what happened.
[[noreturn]] void fail_loading(sqlite3* db, const std::string& message) {
    fail(message + ": " + sqlite_error(db));
}

StmtPtr prepare_or_fail(sqlite3* db, const std::string& sql, const std::string& message) {
    StmtPtr stmt = try_prepare(db, sql);
    if (!stmt) fail_loading(db, message);
    return stmt;
}

// True while a row is available; a step error fails with the query's loading message.
bool next_row(sqlite3_stmt* stmt, const std::string& message) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail_loading(sqlite3_db_handle(stmt), message);
    return false;
}

std::string text_column(sqlite3_stmt* stmt, int col) {
    const unsigned char* text = sqlite3_column_text(stmt, col);
    return text ? reinterpret_cast<const char*>(text) : "";
}

bool is_identifier_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_safe_name(const std::string& name) {
    if (name.empty()) return false;
    for (char c : name) {
        if (!is_identifier_char(c)) return false;
    }
    return true;
}

// The name is quoted, so tables and indexes named after SQL keywords ("Order", "group") load.
// Quiver 0.10 puts it in unquoted, and such a schema cannot be opened there.
std::string pragma_sql(const char* pragma, const std::string& name) {
    return std::string("PRAGMA ") + pragma + "(" + quote_identifier(name) + ")";
}

DataType map_declared_type(const std::string& declared) {
    if (declared == "INTEGER") return DataType::Integer;
    if (declared == "REAL") return DataType::Real;
    if (declared == "TEXT") return DataType::Text;
    if (declared == "DATE_TIME") return DataType::DateTime;
    fail("Unknown data type: " + declared);
}

// Every table but SQLite's own and the version table of migrations.hpp.
std::vector<std::string> query_table_names(sqlite3* db) {
    const std::string message = "Failed to query table names";
    StmtPtr stmt = prepare_or_fail(
        db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_quiver_version'", message);
    std::vector<std::string> names;
    while (next_row(stmt.get(), message)) {
        if (sqlite3_column_type(stmt.get(), 0) != SQLITE_NULL) names.push_back(text_column(stmt.get(), 0));
    }
    return names;
}

std::vector<ColumnInfo> query_columns(sqlite3* db, const std::string& table) {
    const std::string message = "Failed to query columns for table: " + table;
    StmtPtr stmt = prepare_or_fail(db, pragma_sql("table_info", table), message);
    std::vector<ColumnInfo> columns;
    // table_info row: cid, name, type, notnull, dflt_value, pk
    while (next_row(stmt.get(), message)) {
        ColumnInfo column;
        column.name = text_column(stmt.get(), 1);
        column.declared_type = text_column(stmt.get(), 2);
        column.type = map_declared_type(column.declared_type);
        if (column.type == DataType::Text && column.name.starts_with("date_")) column.type = DataType::DateTime;
        column.not_null = sqlite3_column_int(stmt.get(), 3) != 0;
        if (sqlite3_column_type(stmt.get(), 4) != SQLITE_NULL) column.default_value = text_column(stmt.get(), 4);
        column.primary_key = sqlite3_column_int(stmt.get(), 5) > 0;
        columns.push_back(std::move(column));
    }
    return columns;
}

std::vector<ForeignKeyInfo> query_foreign_keys(sqlite3* db, const std::string& table) {
    const std::string message = "Failed to query foreign keys for table: " + table;
    StmtPtr stmt = prepare_or_fail(db, pragma_sql("foreign_key_list", table), message);
    std::vector<ForeignKeyInfo> keys;
    // foreign_key_list row: id, seq, table, from, to, on_update, on_delete, match
    while (next_row(stmt.get(), message)) {
        ForeignKeyInfo key;
        key.table = text_column(stmt.get(), 2);
        key.from = text_column(stmt.get(), 3);
        key.to = text_column(stmt.get(), 4);
        key.on_update = text_column(stmt.get(), 5);
        key.on_delete = text_column(stmt.get(), 6);
        keys.push_back(std::move(key));
    }
    return keys;
}

// An index_info that cannot be prepared leaves the index in the model with no columns instead of
// failing the load, as upstream does.
std::vector<std::string> query_index_columns(sqlite3* db, const std::string& index) {
    std::vector<std::string> columns;
    StmtPtr stmt = try_prepare(db, pragma_sql("index_info", index));
    if (!stmt) return columns;
    // index_info row: seqno, cid, name (NULL for an expression)
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        if (sqlite3_column_type(stmt.get(), 2) != SQLITE_NULL) columns.push_back(text_column(stmt.get(), 2));
    }
    return columns;
}

std::vector<IndexInfo> query_indexes(sqlite3* db, const std::string& table) {
    const std::string message = "Failed to query indexes for table: " + table;
    StmtPtr stmt = prepare_or_fail(db, pragma_sql("index_list", table), message);
    std::vector<IndexInfo> indexes;
    // index_list row: seq, name, unique, origin, partial
    while (next_row(stmt.get(), message)) {
        IndexInfo index;
        index.name = text_column(stmt.get(), 1);
        index.unique = sqlite3_column_int(stmt.get(), 2) != 0;
        if (!is_safe_name(index.name)) continue;  // upstream quirk: such indexes are invisible
        index.columns = query_index_columns(db, index.name);
        indexes.push_back(std::move(index));
    }
    return indexes;
}

TableInfo load_table(sqlite3* db, const std::string& name) {
    if (!is_safe_name(name)) fail("Cannot query columns: invalid table name: " + name);
    TableInfo table;
    table.name = name;
    table.columns = query_columns(db, name);
    table.foreign_keys = query_foreign_keys(db, name);
    table.indexes = query_indexes(db, name);
    return table;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

const char* group_infix(TableKind kind) {
    switch (kind) {
        case TableKind::Vector: return "_vector_";
        case TableKind::Set: return "_set_";
        case TableKind::TimeSeries: return "_time_series_";
        default: return nullptr;
    }
}

bool is_group_of_kind(const std::string& table, TableKind kind) {
    switch (kind) {
        case TableKind::Vector: return is_vector_table_name(table);
        case TableKind::Set: return is_set_table_name(table);
        case TableKind::TimeSeries: return is_time_series_table_name(table);
        default: return false;
    }
}

}  // namespace

// --- TableInfo ---

const ColumnInfo* TableInfo::find_column(const std::string& column) const {
    for (const auto& c : columns) {
        if (c.name == column) return &c;
    }
    return nullptr;
}

const ForeignKeyInfo* TableInfo::foreign_key_for(const std::string& column) const {
    for (const auto& fk : foreign_keys) {
        if (fk.from == column) return &fk;
    }
    return nullptr;
}

// --- Name classification ---

bool is_collection_name(const std::string& table) { return table == "Configuration" || !contains(table, "_"); }

bool is_vector_table_name(const std::string& table) { return contains(table, "_vector_"); }

bool is_set_table_name(const std::string& table) { return contains(table, "_set_"); }

bool is_time_series_files_table_name(const std::string& table) { return table.ends_with(kFilesSuffix); }

bool is_time_series_table_name(const std::string& table) {
    return contains(table, "_time_series_") && !is_time_series_files_table_name(table);
}

// "" when the name has no '_' (a collection is nobody's group).
std::string parent_of(const std::string& table) {
    auto pos = table.find('_');
    return pos == std::string::npos ? std::string() : table.substr(0, pos);
}

std::string files_parent_of(const std::string& table) {
    if (!is_time_series_files_table_name(table)) return {};
    return table.substr(0, table.size() - kFilesSuffix.size());
}

// --- Schema ---

const TableInfo* Schema::find(const std::string& table) const {
    auto it = tables.find(table);
    return it == tables.end() ? nullptr : &it->second;
}

std::vector<std::pair<std::string, const TableInfo*>> Schema::groups(const std::string& collection,
                                                                     TableKind kind) const {
    std::vector<std::pair<std::string, const TableInfo*>> result;
    const char* infix = group_infix(kind);
    if (!infix) return result;
    const std::string prefix = collection + infix;
    for (const auto& [name, table] : tables) {
        // The kind predicate keeps "<C>_time_series_files" out of the time-series groups.
        if (!is_group_of_kind(name, kind) || parent_of(name) != collection || !name.starts_with(prefix)) continue;
        result.emplace_back(name.substr(prefix.size()), &table);
    }
    return result;
}

const TableInfo* Schema::group_table(const std::string& collection, TableKind kind, const std::string& group) const {
    const char* infix = group_infix(kind);
    return infix ? find(collection + infix + group) : nullptr;
}

std::vector<const TableInfo*> Schema::collections() const {
    std::vector<const TableInfo*> result;
    for (const auto& [name, table] : tables) {
        if (is_collection_name(name)) result.push_back(&table);
    }
    return result;
}

// --- Loading ---

Schema load_schema(sqlite3* db) {
    Schema schema;
    // sqlite_master order decides which malformed table is reported first.
    for (const auto& name : query_table_names(db)) {
        schema.tables[name] = load_table(db, name);
    }
    return schema;
}

}  // namespace quiver
