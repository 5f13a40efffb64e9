#include "metadata.hpp"

#include "error.hpp"

namespace quiver {

namespace {

// Names shown in the "<Kind> group not found" messages and the op names of the collection check.
struct GroupKindWords {
    const char* op;
    const char* noun;
};

GroupKindWords words_for(TableKind kind) {
    switch (kind) {
        case TableKind::Vector: return {"get_vector_metadata", "Vector"};
        case TableKind::TimeSeries: return {"get_time_series_metadata", "Time series"};
        default: return {"get_set_metadata", "Set"};
    }
}

// Columns that structure a group table rather than hold its values.
bool is_structural(const ColumnInfo& column, TableKind kind, const ColumnInfo* dimension) {
    if (column.name == "id") return true;
    if (kind == TableKind::Vector) return column.name == "vector_index";
    return dimension != nullptr && &column == dimension;
}

}  // namespace

ScalarMetadata scalar_metadata(const TableInfo& table, const ColumnInfo& column) {
    ScalarMetadata meta;
    meta.name = column.name;
    meta.data_type = column.type;
    meta.not_null = TableInfo::reported_not_null(column);
    meta.primary_key = column.primary_key;
    meta.default_value = column.default_value;
    if (const ForeignKeyInfo* fk = table.foreign_key_for(column.name)) {
        meta.is_foreign_key = true;
        meta.references_collection = fk->table;
        meta.references_column = fk->to;
    }
    return meta;
}

const ColumnInfo& dimension_column_of(const TableInfo& table) {
    // Upstream scans its name-sorted column map, so the smallest qualifying name wins even when a
    // later-declared date column exists.
    const ColumnInfo* best = nullptr;
    for (const ColumnInfo& column : table.columns) {
        if (column.name == "id") continue;
        if (column.type != DataType::DateTime && !column.name.starts_with("date_")) continue;
        if (!best || column.name < best->name) best = &column;
    }
    if (!best) fail("Dimension column not found: time series table '" + table.name + "'");
    return *best;
}

GroupMetadata group_metadata(const TableInfo& table, TableKind kind, const std::string& group_name) {
    GroupMetadata meta;
    meta.group_name = group_name;
    const ColumnInfo* dimension = nullptr;
    if (kind == TableKind::TimeSeries) {
        dimension = &dimension_column_of(table);
        meta.dimension_column = dimension->name;
    }
    for (const ColumnInfo& column : table.columns) {
        if (!is_structural(column, kind, dimension)) meta.value_columns.push_back(scalar_metadata(table, column));
    }
    return meta;
}

ScalarMetadata get_scalar_metadata(Database& db, const std::string& collection, const std::string& attribute) {
    const TableInfo& table = db.require_table("get_scalar_metadata", collection);
    const ColumnInfo* column = table.find_column(attribute);
    if (!column) fail("Scalar attribute not found: '" + attribute + "' in collection '" + collection + "'");
    return scalar_metadata(table, *column);
}

GroupMetadata get_group_metadata(Database& db, TableKind kind, const std::string& collection,
                                 const std::string& group_name) {
    const GroupKindWords words = words_for(kind);
    db.require_table(words.op, collection);
    // The exact table name only: a group is never found through one of its column names.
    const TableInfo* table = db.schema().group_table(collection, kind, group_name);
    if (!table) {
        fail(std::string(words.noun) + " group not found: '" + group_name + "' in collection '" + collection + "'");
    }
    return group_metadata(*table, kind, group_name);
}

GroupMetadata get_vector_metadata(Database& db, const std::string& collection, const std::string& group_name) {
    return get_group_metadata(db, TableKind::Vector, collection, group_name);
}

GroupMetadata get_set_metadata(Database& db, const std::string& collection, const std::string& group_name) {
    return get_group_metadata(db, TableKind::Set, collection, group_name);
}

GroupMetadata get_time_series_metadata(Database& db, const std::string& collection, const std::string& group_name) {
    return get_group_metadata(db, TableKind::TimeSeries, collection, group_name);
}

std::vector<ScalarMetadata> list_scalar_attributes(Database& db, const std::string& collection) {
    const TableInfo& table = db.require_table("list_scalar_attributes", collection);
    std::vector<ScalarMetadata> result;
    result.reserve(table.columns.size());
    for (const ColumnInfo& column : table.columns) result.push_back(scalar_metadata(table, column));
    return result;
}

std::vector<GroupMetadata> list_groups(Database& db, TableKind kind, const std::string& collection) {
    // No collection check up front (upstream quirk): an unknown collection simply has no groups.
    // Each group then goes through the single-group path like upstream's, so a set or time-series
    // table whose parent collection does not exist (validation allows it) still reports
    // "Cannot get_set_metadata: collection not found: <c>".
    std::vector<GroupMetadata> result;
    for (const auto& entry : db.schema().groups(collection, kind)) {
        result.push_back(get_group_metadata(db, kind, collection, entry.first));
    }
    return result;
}

std::vector<GroupMetadata> list_vector_groups(Database& db, const std::string& collection) {
    return list_groups(db, TableKind::Vector, collection);
}

std::vector<GroupMetadata> list_set_groups(Database& db, const std::string& collection) {
    return list_groups(db, TableKind::Set, collection);
}

std::vector<GroupMetadata> list_time_series_groups(Database& db, const std::string& collection) {
    return list_groups(db, TableKind::TimeSeries, collection);
}

}  // namespace quiver
