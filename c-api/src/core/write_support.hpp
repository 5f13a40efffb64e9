#pragma once
// Write-time mechanics shared by element writes, group updates and time-series writes
// (type acceptance, foreign-key labels, writing one group table).
#include <map>
#include <string>
#include <vector>

#include "database.hpp"
#include "schema.hpp"
#include "value.hpp"

namespace quiver {

// Type acceptance for a scalar: "Cannot <op>: type mismatch for column '<c>': expected <T>, got <V>".
void check_scalar_type(const std::string& op, const ColumnInfo& column, const Value& value);
// Type acceptance for an array or group cell: "... for array '<c>' index <i>: expected <T>, got <V>".
void check_cell_type(const std::string& op, const ColumnInfo& column, const Value& value, size_t index);

// A string bound for an FK source column of `table` becomes the target's id.
void resolve_label(Database& db, const TableInfo& table, const std::string& column, Value& value);

// "Element not found: <id> in collection '<collection>'" unless the row exists.
void require_element(Database& db, const std::string& collection, int64_t id);

enum class GroupKind { Vector, Set, TimeSeries };
GroupKind group_kind_of(const TableInfo& table);

// Validates every column (types, equal lengths) and then, when `replace`, deletes the
// element's rows before inserting one row per index. Columns are keyed by name (name order).
void write_group_rows(Database& db, const std::string& op, const TableInfo& table, int64_t id,
                      const std::map<std::string, std::vector<Value>>& columns, bool replace);

}  // namespace quiver
