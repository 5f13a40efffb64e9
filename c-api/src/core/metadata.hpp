#pragma once
// Attribute metadata: what a column or group looks like to callers.
// Everything is derived from the cached schema model; nothing here touches table contents.
#include <optional>
#include <string>
#include <vector>

#include "database.hpp"
#include "schema.hpp"
#include "value.hpp"

namespace quiver {

struct ScalarMetadata {
    std::string name;
    DataType data_type = DataType::Integer;
    bool not_null = false;  // widened: NOT NULL, or an INTEGER primary-key column
    bool primary_key = false;
    std::optional<std::string> default_value;  // SQL text as SQLite reports it (`DEFAULT NULL` -> "NULL")
    bool is_foreign_key = false;
    std::optional<std::string> references_collection;  // set only for FK columns (first FK on the column)
    std::optional<std::string> references_column;      // "" when the FK names no target column
};

struct GroupMetadata {
    std::string group_name;
    std::optional<std::string> dimension_column;  // time series only; absent for vector/set
    std::vector<ScalarMetadata> value_columns;    // declaration order
};

// --- Building blocks (no collection check; for callers that already hold a table) ---

// One column of any table, FK fields from the table's first FK whose source is that column.
ScalarMetadata scalar_metadata(const TableInfo& table, const ColumnInfo& column);

// The dimension column: the first column in byte-wise name order, `id` excluded, that is DATE_TIME or named
// date_*. Throws "Dimension column not found: time series table '<table>'" when there is none.
const ColumnInfo& dimension_column_of(const TableInfo& table);

// Metadata of a group table of the given kind (Vector, Set or TimeSeries), labelled group_name:
//   Vector     -> value columns = all but `id` and `vector_index`
//   Set        -> value columns = all but `id`
//   TimeSeries -> dimension_column per dimension_column_of; value columns = all but `id` and it
//                 (extra dimension columns stay in value_columns with primary_key = true)
// Any other kind is treated like Set.
GroupMetadata group_metadata(const TableInfo& table, TableKind kind, const std::string& group_name);

// --- Database operations; all load the model first ---

// "Cannot get_scalar_metadata: collection not found: <c>";
// "Scalar attribute not found: '<attribute>' in collection '<c>'".
ScalarMetadata get_scalar_metadata(Database& db, const std::string& collection, const std::string& attribute);

// Table "<collection>_vector_<group>" exactly. "Cannot get_vector_metadata: collection not found: <c>";
// "Vector group not found: '<group>' in collection '<c>'".
GroupMetadata get_vector_metadata(Database& db, const std::string& collection, const std::string& group_name);
// "Cannot get_set_metadata: collection not found: <c>"; "Set group not found: '<group>' in collection '<c>'".
GroupMetadata get_set_metadata(Database& db, const std::string& collection, const std::string& group_name);
// "Cannot get_time_series_metadata: collection not found: <c>";
// "Time series group not found: '<group>' in collection '<c>'"; the dimension error above.
GroupMetadata get_time_series_metadata(Database& db, const std::string& collection, const std::string& group_name);
// Dispatches on kind (Vector, Set, TimeSeries) to the three functions above.
GroupMetadata get_group_metadata(Database& db, TableKind kind, const std::string& collection,
                                 const std::string& group_name);

// Every column of the collection table in declaration order ("Cannot list_scalar_attributes: ...").
std::vector<ScalarMetadata> list_scalar_attributes(Database& db, const std::string& collection);

// Groups of the collection in table-name order. An unknown collection is not an error: the
// result is simply empty, as Quiver 0.10 does. A group table whose parent collection does
// not exist (set/time-series parents are not validated) fails like the single-group call.
std::vector<GroupMetadata> list_vector_groups(Database& db, const std::string& collection);
std::vector<GroupMetadata> list_set_groups(Database& db, const std::string& collection);
std::vector<GroupMetadata> list_time_series_groups(Database& db, const std::string& collection);
std::vector<GroupMetadata> list_groups(Database& db, TableKind kind, const std::string& collection);

}  // namespace quiver
