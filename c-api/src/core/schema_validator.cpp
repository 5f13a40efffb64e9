// Schema validation, as Quiver 0.10 does it. The order of the checks decides which message a schema with
// several problems reports, so every loop below runs in byte-wise table-name order (the map's
// order) and column loops that upstream scans "in name order" sort the column names first.
#include <algorithm>
#include <set>

#include "error.hpp"
#include "schema.hpp"

namespace quiver {

namespace {

[[noreturn]] void invalid(const std::string& reason) { fail("Failed to validate schema: " + reason); }

// Upstream keeps columns in a name-keyed map, so its per-column scans run in name order.
std::vector<const ColumnInfo*> columns_by_name(const TableInfo& table) {
    std::vector<const ColumnInfo*> sorted;
    for (const auto& column : table.columns) sorted.push_back(&column);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
    return sorted;
}

std::set<std::string> foreign_key_sources(const TableInfo& table) {
    std::set<std::string> sources;
    for (const auto& fk : table.foreign_keys) sources.insert(fk.from);
    return sources;
}

bool is_model_collection(const Schema& schema, const std::string& name) {
    return is_collection_name(name) && schema.find(name) != nullptr;
}

std::string ascii_lower(std::string s) {
    for (char& c : s) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
}

// --- Configuration table, then collection names ---

void check_configuration_exists(const Schema& schema) {
    if (!schema.find("Configuration")) invalid("Schema must have a 'Configuration' table");
}

void check_collection_names(const Schema& schema) {
    for (const auto& [name, table] : schema.tables) {
        if (is_vector_table_name(name) || is_set_table_name(name) || is_time_series_table_name(name) ||
            is_time_series_files_table_name(name)) {
            continue;
        }
        if (!is_collection_name(name)) {
            invalid("Invalid collection name '" + name + "': collection names cannot contain underscores");
        }
    }
}

// --- table structures: one pass over every table in name order ---

void check_collection(const TableInfo& table) {
    const std::string& t = table.name;
    const ColumnInfo* id = table.find_column("id");
    if (!id || !id->primary_key) invalid("Collection '" + t + "' must have 'id' as primary key");
    const ColumnInfo* label = table.find_column("label");
    if (!label) invalid("Collection '" + t + "' must have a 'label' column");
    if (label->type != DataType::Text) invalid("Collection '" + t + "' label column must be TEXT type");
    if (!label->not_null) invalid("Collection '" + t + "' label column must have NOT NULL constraint");
    bool unique_label = std::any_of(table.indexes.begin(), table.indexes.end(), [](const IndexInfo& index) {
        return index.unique && index.columns == std::vector<std::string>{"label"};
    });
    if (!unique_label) invalid("Collection '" + t + "' label column must have UNIQUE constraint");
}

void check_vector_table(const Schema& schema, const TableInfo& table) {
    const std::string& t = table.name;
    const std::string parent = parent_of(t);
    if (!is_model_collection(schema, parent)) {
        invalid("Vector table '" + t + "' references non-existent collection '" + parent + "'");
    }
    const ColumnInfo* id = table.find_column("id");
    if (!id) invalid("Vector table '" + t + "' must have 'id' column");
    if (id->primary_key) {
        auto pk_columns = std::count_if(table.columns.begin(), table.columns.end(),
                                        [](const ColumnInfo& c) { return c.primary_key; });
        if (pk_columns == 1) {
            invalid("Vector table '" + t + "' must have composite primary key (id, vector_index), not just 'id'");
        }
    }
    if (!table.has_column("vector_index")) invalid("Vector table '" + t + "' must have 'vector_index' column");
    // Only the first FK from id to the parent is judged.
    auto parent_fk = std::find_if(table.foreign_keys.begin(), table.foreign_keys.end(),
                                  [&](const ForeignKeyInfo& fk) { return fk.from == "id" && fk.table == parent; });
    if (parent_fk == table.foreign_keys.end()) {
        invalid("Vector table '" + t + "' must have foreign key to parent collection '" + parent + "'");
    }
    if (parent_fk->on_delete != "CASCADE" || parent_fk->on_update != "CASCADE") {
        invalid("Vector table '" + t + "' FK to parent must use ON DELETE CASCADE ON UPDATE CASCADE");
    }
}

// Upstream quirk kept: neither the parent collection nor the parent FK is checked here.
void check_set_table(const TableInfo& table) {
    const std::string& t = table.name;
    std::set<std::string> unique_columns;
    bool has_unique = false;
    for (const auto& index : table.indexes) {
        if (!index.unique) continue;
        has_unique = true;
        unique_columns.insert(index.columns.begin(), index.columns.end());
    }
    if (!has_unique) invalid("Set table '" + t + "' must have a UNIQUE constraint");
    const auto fk_sources = foreign_key_sources(table);
    for (const ColumnInfo* column : columns_by_name(table)) {
        const std::string& c = column->name;
        if (c == "id" || fk_sources.contains(c)) continue;
        if (!unique_columns.contains(c)) {
            invalid("Set table '" + t + "' column '" + c + "' must be part of a UNIQUE constraint");
        }
    }
}

void check_files_table(const Schema& schema, const TableInfo& table) {
    const std::string& t = table.name;
    const std::string parent = files_parent_of(t);
    if (!is_model_collection(schema, parent)) {
        invalid("Time series files table '" + t + "' references non-existent collection '" + parent + "'");
    }
    // DATE_TIME (a date_* TEXT column) is rejected too: the type after the name rule counts.
    for (const ColumnInfo* column : columns_by_name(table)) {
        if (column->type != DataType::Text) {
            invalid("Time series files table '" + t + "' column '" + column->name +
                    "' must be TEXT type (for file paths)");
        }
    }
}

// One pass over all tables; the first matching kind wins and time-series tables are skipped.
void check_table_structures(const Schema& schema) {
    for (const auto& [name, table] : schema.tables) {
        if (is_collection_name(name)) {
            check_collection(table);
        } else if (is_vector_table_name(name)) {
            check_vector_table(schema, table);
        } else if (is_set_table_name(name)) {
            check_set_table(table);
        } else if (is_time_series_files_table_name(name)) {
            check_files_table(schema, table);
        }
    }
}

// --- duplicate attributes ---

// Structural columns of a group table that are not attributes of the collection.
bool is_group_structural(const std::string& table, const std::string& column, const std::set<std::string>& fk_sources) {
    if (column == "id" || fk_sources.contains(column)) return true;
    if (is_vector_table_name(table) && column == "vector_index") return true;
    return is_time_series_table_name(table) && column.starts_with("date_");
}

void check_duplicates_of(const Schema& schema, const TableInfo& collection) {
    std::set<std::string> attributes;
    for (const auto& column : collection.columns) {
        if (column.name != "id" && column.name != "label") attributes.insert(column.name);
    }
    for (const auto& [name, table] : schema.tables) {
        bool group = is_vector_table_name(name) || is_set_table_name(name) || is_time_series_table_name(name);
        if (!group || parent_of(name) != collection.name) continue;
        const auto fk_sources = foreign_key_sources(table);
        for (const ColumnInfo* column : columns_by_name(table)) {
            if (is_group_structural(name, column->name, fk_sources)) continue;
            if (!attributes.insert(column->name).second) {
                invalid("Duplicate attribute '" + column->name + "' found in table '" + name +
                        "' (already defined in collection '" + collection.name + "')");
            }
        }
    }
}

void check_duplicate_attributes(const Schema& schema) {
    for (const TableInfo* collection : schema.collections()) {
        if (collection->name != "Configuration") check_duplicates_of(schema, *collection);
    }
}

// --- foreign keys ---

// Foreign-key naming rule: "<target>_id", "<target>_<anything>", or any name containing "_id" (ASCII-lowercased).
bool follows_naming_rule(const ForeignKeyInfo& fk) {
    const std::string column = ascii_lower(fk.from);
    const std::string target = ascii_lower(fk.table);
    return column.starts_with(target + "_") || column.find("_id") != std::string::npos;
}

void check_foreign_key(const TableInfo& table, const ForeignKeyInfo& fk, const ColumnInfo& column) {
    const std::string& t = table.name;
    const std::string& c = fk.from;
    if (fk.on_delete == "SET NULL" && column.not_null) {
        invalid("Foreign key column '" + c + "' in table '" + t + "' has ON DELETE SET NULL but NOT NULL constraint");
    }
    // Raw name predicates, not the table-structure precedence: a table matching both _vector_ and _set_
    // gets the vector parent rule and is also exempt from the naming rule as a set table.
    const bool vector_parent_link = is_vector_table_name(t) && c == "id";
    const bool time_series = is_time_series_table_name(t);
    if (vector_parent_link) {
        if (fk.on_delete != "CASCADE" || fk.on_update != "CASCADE") {
            invalid("Vector table '" + t + "' parent FK must use ON DELETE CASCADE ON UPDATE CASCADE");
        }
    } else if (!time_series) {
        if (fk.on_update != "CASCADE") invalid("Foreign key '" + c + "' in table '" + t + "' must use ON UPDATE CASCADE");
        if (fk.on_delete != "SET NULL" && fk.on_delete != "CASCADE") {
            invalid("Foreign key '" + c + "' in table '" + t + "' must use ON DELETE SET NULL or ON DELETE CASCADE");
        }
    }
    const bool naming_applies = !vector_parent_link && !is_set_table_name(t) && !time_series;
    if (naming_applies && !follows_naming_rule(fk)) {
        invalid("Foreign key column '" + c + "' in table '" + t + "' should follow naming pattern '<collection>_id'");
    }
}

void check_foreign_keys(const Schema& schema) {
    for (const auto& [name, table] : schema.tables) {
        for (const auto& fk : table.foreign_keys) {
            // An FK whose source column does not exist is skipped entirely.
            if (const ColumnInfo* column = table.find_column(fk.from)) check_foreign_key(table, fk, *column);
        }
    }
}

}  // namespace

void validate_schema(const Schema& schema) {
    check_configuration_exists(schema);
    check_collection_names(schema);
    check_table_structures(schema);
    check_duplicate_attributes(schema);
    check_foreign_keys(schema);
}

}  // namespace quiver
