#include "write_support.hpp"

#include <cmath>

#include "date_time.hpp"
#include "error.hpp"

namespace quiver {

namespace {

// The type name of `value` ("INTEGER", "REAL", "TEXT") when `column` refuses it, else nullptr.
const char* mismatch(const ColumnInfo& column, const Value& value) {
    if (is_null(value)) return nullptr;
    bool integer = std::holds_alternative<int64_t>(value);
    bool real = std::holds_alternative<double>(value);
    switch (column.type) {
        case DataType::Integer:
            return integer ? nullptr : value_type_name(value);
        case DataType::Real:
            return (integer || real) ? nullptr : value_type_name(value);
        default:
            return (integer || real) ? value_type_name(value) : nullptr;
    }
}

const char* kind_word(GroupKind kind) {
    switch (kind) {
        case GroupKind::Vector: return "vector";
        case GroupKind::Set: return "set";
        default: return "time series";
    }
}

// Why a value of the right type still cannot be stored, or "" (see check_value_content).
std::string content_problem(const ColumnInfo& column, const Value& value) {
    if (auto d = std::get_if<double>(&value)) {
        return std::isnan(*d) ? kNaNProblem : "";
    }
    auto s = std::get_if<std::string>(&value);
    if (!s) return "";
    if (s->find('\0') != std::string::npos) return kNulProblem;
    if (column.type == DataType::DateTime) {
        std::string text = trim(*s);  // what gets bound
        if (!is_valid_date_time(text)) return date_time_problem(text);
    }
    return "";
}

}  // namespace

void check_scalar_type(const std::string& op, const ColumnInfo& column, const Value& value) {
    if (const char* got = mismatch(column, value)) {
        fail("Cannot " + op + ": type mismatch for column '" + column.name + "': expected " + type_name(column.type) +
             ", got " + got);
    }
    std::string problem = content_problem(column, value);
    if (!problem.empty()) fail("Cannot " + op + ": column '" + column.name + "': " + problem);
}

void check_cell_type(const std::string& op, const ColumnInfo& column, const Value& value, size_t index) {
    if (const char* got = mismatch(column, value)) {
        fail("Cannot " + op + ": type mismatch for array '" + column.name + "' index " + std::to_string(index) +
             ": expected " + type_name(column.type) + ", got " + got);
    }
    std::string problem = content_problem(column, value);
    if (!problem.empty()) {
        fail("Cannot " + op + ": array '" + column.name + "' index " + std::to_string(index) + ": " + problem);
    }
}

void resolve_label(Database& db, const TableInfo& table, const std::string& column, Value& value) {
    auto label = std::get_if<std::string>(&value);
    if (!label) return;
    if (const ForeignKeyInfo* fk = table.foreign_key_for(column)) {
        auto stmt = db.prepare("SELECT id FROM " + quote_identifier(fk->table) + " WHERE label = ?");
        stmt->bind(1, *label);
        if (!stmt->step()) fail("Failed to resolve label '" + *label + "' to ID in table '" + fk->table + "'");
        value = stmt->column_int64(0);
        return;
    }
    const ColumnInfo* info = table.find_column(column);
    if (info && info->type == DataType::Integer) {
        fail("Cannot resolve attribute: '" + column + "' is INTEGER but received string '" + *label +
             "' (not a foreign key)");
    }
}

void require_element(Database& db, const std::string& collection, int64_t id) {
    auto stmt = db.prepare("SELECT 1 FROM " + quote_identifier(collection) + " WHERE id = ?");
    stmt->bind(1, id);
    if (!stmt->step()) fail("Element not found: " + std::to_string(id) + " in collection '" + collection + "'");
}

GroupKind group_kind_of(const TableInfo& table) {
    if (is_vector_table_name(table.name)) return GroupKind::Vector;
    if (is_set_table_name(table.name)) return GroupKind::Set;
    return GroupKind::TimeSeries;
}

void write_group_rows(Database& db, const std::string& op, const TableInfo& table, int64_t id,
                      const std::map<std::string, std::vector<Value>>& columns, bool replace) {
    GroupKind kind = group_kind_of(table);
    size_t rows = columns.empty() ? 0 : columns.begin()->second.size();
    for (const auto& [name, cells] : columns) {
        const ColumnInfo* info = table.find_column(name);
        if (!info) fail("Column '" + name + "' not found in table '" + table.name + "'");
        for (size_t i = 0; i < cells.size(); ++i) check_cell_type(op, *info, cells[i], i);
        if (cells.size() != rows) {
            fail("Cannot " + op + ": " + kind_word(kind) + " columns in table '" + table.name +
                 "' must have the same length");
        }
    }
    std::string quoted = quote_identifier(table.name);
    if (replace) {
        auto del = db.prepare("DELETE FROM " + quoted + " WHERE id = ?");
        del->bind(1, id);
        del->step();
    }
    if (rows == 0) return;

    bool vector = kind == GroupKind::Vector;
    std::string names = "id";
    std::string marks = "?";
    if (vector) {
        names += ", vector_index";
        marks += ", ?";
    }
    for (const auto& entry : columns) {
        names += ", " + quote_identifier(entry.first);
        marks += ", ?";
    }
    auto insert = db.prepare("INSERT INTO " + quoted + " (" + names + ") VALUES (" + marks + ")");
    for (size_t r = 0; r < rows; ++r) {
        int index = 1;
        insert->bind(index++, id);
        if (vector) insert->bind(index++, static_cast<int64_t>(r + 1));
        for (const auto& entry : columns) insert->bind(index++, entry.second[r]);
        insert->step();
        insert->reset();
    }
}

}  // namespace quiver
