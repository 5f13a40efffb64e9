#include "reports.hpp"

#include <cstdint>
#include <utility>
#include <vector>

#include "error.hpp"
#include "sqlite.hpp"

namespace quiver {

namespace {

// Distributions are listed only up to this many distinct values (the enum/category case).
constexpr int64_t kMaxDistinctValues = 64;

struct GroupSection {
    const char* header;
    TableKind kind;
};
constexpr GroupSection kGroupSections[] = {
    {"  Vectors:\n", TableKind::Vector},
    {"  Sets:\n", TableKind::Set},
    {"  Time Series:\n", TableKind::TimeSeries},
};

// Rows of integer columns, read with sqlite3_column_int64 whatever the stored kind, as upstream's
// report queries do (a stray text value in a non-STRICT INTEGER column is counted, not rejected).
std::vector<std::vector<int64_t>> integer_rows(Database& db, const std::string& sql,
                                               const std::vector<Value>& params = {}) {
    Statement stmt(db.sqlite(), sql);
    stmt.bind_all(params);
    std::vector<std::vector<int64_t>> rows;
    for (;;) {
        int rc = sqlite3_step(stmt.raw());
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) fail(std::string("Failed to execute statement: ") + sqlite_error(db.sqlite()));
        std::vector<int64_t> row;
        for (int c = 0; c < stmt.column_count(); ++c) row.push_back(stmt.column_int64(c));
        rows.push_back(std::move(row));
    }
    return rows;
}

int64_t single_integer(Database& db, const std::string& sql, const std::vector<Value>& params = {}) {
    return integer_rows(db, sql, params).at(0).at(0);
}

int64_t row_count(Database& db, const std::string& table) {
    return single_integer(db, "SELECT COUNT(*) FROM " + quote_identifier(table));
}

std::string collection_header(const std::string& name, int64_t count) {
    return "Collection: " + name + " (" + std::to_string(count) + (count == 1 ? " element)\n" : " elements)\n");
}

// Raw NOT NULL flag here, not the widened metadata value; a PK column shows only PRIMARY KEY.
std::string scalar_line(const ColumnInfo& column) {
    std::string line = "    - " + column.name + " (" + type_name(column.type) + ")";
    if (column.primary_key) {
        line += " PRIMARY KEY";
    } else if (column.not_null) {
        line += " NOT NULL";
    }
    return line + "\n";
}

// Value columns in declaration order; time-series date_* columns print bracketed without a type.
std::string group_columns(const TableInfo& table, TableKind kind) {
    std::string text;
    for (const ColumnInfo& column : table.columns) {
        if (column.name == "id" || (kind == TableKind::Vector && column.name == "vector_index")) continue;
        if (!text.empty()) text += ", ";
        if (kind == TableKind::TimeSeries && column.name.starts_with("date_")) {
            text += "[" + column.name + "]";
        } else {
            text += column.name + "(" + type_name(column.type) + ")";
        }
    }
    return text;
}

std::string collection_section(Database& db, const TableInfo& table) {
    std::string out = collection_header(table.name, row_count(db, table.name));
    if (!table.columns.empty()) out += "  Scalars:\n";
    for (const ColumnInfo& column : table.columns) out += scalar_line(column);
    for (const GroupSection& section : kGroupSections) {
        auto groups = db.schema().groups(table.name, section.kind);
        if (groups.empty()) continue;
        out += section.header;
        for (const auto& [group, group_table] : groups) {
            out += "    - " + group + ": " + group_columns(*group_table, section.kind) + "\n";
        }
    }
    return out;
}

// "; values {v: n, ...}" for non-PK INTEGER columns with 1..64 distinct non-NULL values, else "".
std::string value_distribution(Database& db, const std::string& table, const ColumnInfo& column) {
    if (column.type != DataType::Integer || column.primary_key) return "";
    const std::string col = quote_identifier(column.name);
    const std::string from = " FROM " + quote_identifier(table) + " WHERE " + col + " IS NOT NULL";
    // LIMIT keeps high-cardinality columns from being enumerated just to be rejected.
    const std::string distinct_sql = "SELECT COUNT(*) FROM (SELECT DISTINCT " + col + from + " LIMIT ?)";
    const int64_t distinct = single_integer(db, distinct_sql, {kMaxDistinctValues + 1});
    if (distinct < 1 || distinct > kMaxDistinctValues) return "";
    std::string text = "; values {";
    auto rows = integer_rows(db, "SELECT " + col + ", COUNT(*)" + from + " GROUP BY " + col + " ORDER BY " + col);
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i) text += ", ";
        text += std::to_string(rows[i][0]) + ": " + std::to_string(rows[i][1]);
    }
    return text + "}";
}

std::string summary_line(Database& db, const std::string& table, const ColumnInfo& column) {
    const std::string col = quote_identifier(column.name);
    const std::string sql = "SELECT COUNT(*) - COUNT(" + col + "), COUNT(" + col + ") FROM " + quote_identifier(table);
    const std::vector<int64_t> counts = integer_rows(db, sql).at(0);  // {null, non-null}
    return "    - " + column.name + ": " + std::to_string(counts.at(1)) + " non-null, " + std::to_string(counts.at(0)) +
           " null" + value_distribution(db, table, column) + "\n";
}

}  // namespace

std::string describe(Database& db) {
    const Schema& schema = db.schema();
    std::string out = "Database: " + db.path() + "\nVersion: " + std::to_string(db.current_version()) + "\n";
    for (const TableInfo* collection : schema.collections()) {
        out += '\n';  // not `"\n" + section`: GCC 12 flags that with a false -Wrestrict (PR 105329)
        out += collection_section(db, *collection);
    }
    return out;
}

std::string describe_collection(Database& db, const std::string& collection) {
    return collection_section(db, db.require_table("describe_collection", collection));
}

std::string summarize_collection(Database& db, const std::string& collection) {
    const TableInfo& table = db.require_table("summarize_collection", collection);
    const int64_t count = row_count(db, collection);
    std::string out = collection_header(collection, count) + "  Scalars:\n";
    for (const ColumnInfo& column : table.columns) out += summary_line(db, collection, column);
    for (const GroupSection& section : kGroupSections) {
        auto groups = db.schema().groups(collection, section.kind);
        if (groups.empty()) continue;
        out += section.header;
        for (const auto& [group, group_table] : groups) {
            const std::string table_name = quote_identifier(group_table->name);
            const int64_t filled = single_integer(db, "SELECT COUNT(DISTINCT id) FROM " + table_name);
            out += "    - " + group + ": " + std::to_string(filled) + "/" + std::to_string(count) + " non-empty\n";
        }
    }
    return out;
}

}  // namespace quiver
