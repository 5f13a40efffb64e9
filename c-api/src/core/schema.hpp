#pragma once
// The schema model: read back from SQLite's catalog, classified by table
// name and validated. Nothing here is stored separately from SQLite.
#include <sqlite3.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "value.hpp"

namespace quiver {

struct ColumnInfo {
    std::string name;
    std::string declared_type;  // as PRAGMA table_info reports it
    DataType type;              // after the date_ name rule
    bool not_null = false;      // the raw NOT NULL flag
    bool primary_key = false;   // pk > 0
    std::optional<std::string> default_value;
};

struct ForeignKeyInfo {
    std::string from;   // source column
    std::string table;  // target table
    std::string to;     // target column, "" when the FK names none
    std::string on_update;
    std::string on_delete;
};

struct IndexInfo {
    std::string name;
    bool unique = false;
    std::vector<std::string> columns;
};

enum class TableKind { Collection, Vector, Set, TimeSeries, TimeSeriesFiles, Other };

struct TableInfo {
    std::string name;
    std::vector<ColumnInfo> columns;  // declaration order
    std::vector<ForeignKeyInfo> foreign_keys;  // SQLite's listing order
    std::vector<IndexInfo> indexes;

    const ColumnInfo* find_column(const std::string& column) const;
    bool has_column(const std::string& column) const { return find_column(column) != nullptr; }
    // First FK (listing order) whose source column is `column`, or nullptr.
    const ForeignKeyInfo* foreign_key_for(const std::string& column) const;
    bool is_foreign_key_source(const std::string& column) const { return foreign_key_for(column) != nullptr; }
    // Metadata's widened flag: NOT NULL, or an INTEGER primary-key column.
    static bool reported_not_null(const ColumnInfo& c) { return c.not_null || (c.primary_key && c.type == DataType::Integer); }
};

// Name-only classification.
bool is_collection_name(const std::string& table);       // "Configuration" or no '_'
bool is_vector_table_name(const std::string& table);     // contains "_vector_"
bool is_set_table_name(const std::string& table);        // contains "_set_"
bool is_time_series_files_table_name(const std::string& table);  // ends with "_time_series_files"
bool is_time_series_table_name(const std::string& table);  // contains "_time_series_", not files
std::string parent_of(const std::string& table);          // text before the first '_'
std::string files_parent_of(const std::string& table);    // name without "_time_series_files"

struct Schema {
    std::map<std::string, TableInfo> tables;  // byte-wise name order

    const TableInfo* find(const std::string& table) const;
    // Group tables of a collection with the canonical prefix "<collection>_vector_" (resp. _set_,
    // _time_series_; files tables excluded), in table-name order. Pairs of (group name, table).
    std::vector<std::pair<std::string, const TableInfo*>> groups(const std::string& collection, TableKind kind) const;
    // "<collection>_vector_<group>" etc. when that table exists, else nullptr.
    const TableInfo* group_table(const std::string& collection, TableKind kind, const std::string& group) const;
    // Collections (tables passing is_collection_name) in name order.
    std::vector<const TableInfo*> collections() const;
};

// Reads every table (not LIKE 'sqlite_%') with columns, FKs and indexes.
// Throws the loading messages ("Failed to query table names", "Cannot query columns: invalid
// table name: <t>", "Unknown data type: <t>").
Schema load_schema(sqlite3* db);

// Throws "Failed to validate schema: <reason>" for the first failing check.
void validate_schema(const Schema& schema);

}  // namespace quiver
