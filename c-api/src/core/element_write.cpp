#include "element_write.hpp"

#include <map>

#include "element_create.hpp"
#include "error.hpp"
#include "write_support.hpp"

namespace quiver {

namespace {

using Cells = std::vector<Value>;

// The tables an element array named `name` goes to: `<C>_vector_<name>` first, then every
// other vector/set/time-series table of the collection having that column, in name order.
std::vector<const TableInfo*> find_targets(const Schema& schema, const std::string& collection,
                                           const std::string& name) {
    std::vector<const TableInfo*> targets;
    const TableInfo* direct = schema.find(collection + "_vector_" + name);
    if (direct) targets.push_back(direct);
    for (const auto& [table_name, table] : schema.tables) {
        if (&table == direct || parent_of(table_name) != collection) continue;
        if (is_time_series_files_table_name(table_name)) continue;
        bool group = is_vector_table_name(table_name) || is_set_table_name(table_name) ||
                     is_time_series_table_name(table_name);
        if (group && table.has_column(name)) targets.push_back(&table);
    }
    return targets;
}

std::vector<const TableInfo*> route_array(const Schema& schema, const std::string& op, const std::string& collection,
                                          const std::string& name) {
    auto targets = find_targets(schema, collection, name);
    if (targets.empty()) {
        fail("Cannot " + op + ": array '" + name + "' does not match any vector, set, or time series table in collection '" +
             collection + "'");
    }
    return targets;
}

// Routes every array (name order), resolving FK labels against each array's first table.
// Returns table -> (column -> cells) in table-name order.
std::map<std::string, std::map<std::string, Cells>> route_arrays(Database& db, const std::string& op,
                                                                  const std::string& collection,
                                                                  const std::map<std::string, Cells>& arrays) {
    const Schema& schema = db.schema();
    std::map<std::string, std::map<std::string, Cells>> by_table;
    for (const auto& [name, cells] : arrays) {
        auto targets = route_array(schema, op, collection, name);
        if (targets.size() > 1) db.logger().warn("array '" + name + "' is written to " + std::to_string(targets.size()) + " tables");
        for (const TableInfo* t : targets) by_table[t->name][name] = cells;
    }
    return by_table;
}

// Foreign-key labels become ids, scalars then arrays; arrays resolve against the first table they
// route to.
void resolve_labels(Database& db, const TableInfo& table, const std::string& collection,
                    std::map<std::string, Value>& scalars, std::map<std::string, Cells>& arrays) {
    for (auto& [name, value] : scalars) resolve_label(db, table, name, value);
    const Schema& schema = db.schema();
    for (auto& [name, cells] : arrays) {
        auto targets = find_targets(schema, collection, name);
        if (targets.empty()) continue;  // reported when routed
        const TableInfo* first = targets.front();
        for (auto& cell : cells) resolve_label(db, *first, name, cell);
    }
}

void check_scalars(const std::string& op, const TableInfo& table, const std::map<std::string, Value>& scalars) {
    for (const auto& [name, value] : scalars) {
        const ColumnInfo* column = table.find_column(name);
        if (!column) fail("Column '" + name + "' not found in table '" + table.name + "'");
        check_scalar_type(op, *column, value);
    }
}

void write_routed(Database& db, const std::string& op, int64_t id,
                  const std::map<std::string, std::map<std::string, Cells>>& by_table, bool replace) {
    const Schema& schema = db.schema();
    for (const auto& [table_name, columns] : by_table) {
        write_group_rows(db, op, *schema.find(table_name), id, columns, replace);
    }
}

}  // namespace

void resolve_array_labels(Database& db, const std::string& collection, std::map<std::string, std::vector<Value>>& arrays) {
    const Schema& schema = db.schema();
    for (auto& [name, cells] : arrays) {
        auto targets = find_targets(schema, collection, name);
        if (targets.empty()) continue;  // reported when routed
        const TableInfo* first = targets.front();
        for (auto& cell : cells) resolve_label(db, *first, name, cell);
    }
}

void write_element_arrays(Database& db, const std::string& op, const std::string& collection, int64_t id,
                          const std::map<std::string, std::vector<Value>>& arrays) {
    if (!arrays.empty()) write_routed(db, op, id, route_arrays(db, op, collection, arrays), false);
}

// Through the plan cache of element_create.cpp, which writes exactly what the steps below describe:
// collection check, at least one scalar, foreign-key labels to ids (scalars in name order, then
// arrays against their first table), scalar checks in name order, then in one transaction the
// INSERT of the scalars and the routed arrays (empty ones skipped).
int64_t create_element(Database& db, const std::string& collection, const Element& element) {
    return create_element_cached(db, collection, element);
}

void update_element(Database& db, const std::string& collection, int64_t id, const Element& element) {
    const std::string op = "update_element";
    const TableInfo& table = db.require_table(op, collection);
    if (!element.has_scalars() && !element.has_arrays()) {
        fail("Cannot update_element: element must have at least one attribute to update");
    }
    require_element(db, collection, id);

    std::map<std::string, Value> scalars = element.scalars();
    std::map<std::string, Cells> arrays = element.arrays();
    resolve_labels(db, table, collection, scalars, arrays);

    WriteTransaction tx(db);
    if (!scalars.empty()) {
        check_scalars(op, table, scalars);
        std::string sets;
        for (const auto& entry : scalars) {
            if (!sets.empty()) sets += ", ";
            sets += quote_identifier(entry.first) + " = ?";
        }
        auto update = db.prepare("UPDATE " + quote_identifier(collection) + " SET " + sets + " WHERE id = ?");
        int index = 1;
        for (const auto& entry : scalars) update->bind(index++, entry.second);
        update->bind(index, id);
        update->step();
    }
    if (!arrays.empty()) write_routed(db, op, id, route_arrays(db, op, collection, arrays), true);
    tx.commit();
}

void delete_element(Database& db, const std::string& collection, int64_t id) {
    db.require_table("delete_element", collection);
    require_element(db, collection, id);
    auto del = db.prepare("DELETE FROM " + quote_identifier(collection) + " WHERE id = ?");
    del->bind(1, id);
    del->step();
}

void update_vector_or_set_group(Database& db, bool vector, const std::string& collection, const std::string& group,
                                int64_t id, const std::vector<ColumnInput>& columns) {
    const std::string op = vector ? "update_vector_group" : "update_set_group";
    db.require_table(op, collection);
    const TableInfo* table = db.schema().find(collection + (vector ? "_vector_" : "_set_") + group);
    if (!table) {
        fail(std::string(vector ? "Vector" : "Set") + " group not found: '" + group + "' in collection '" + collection +
             "'");
    }
    require_element(db, collection, id);

    std::map<std::string, Cells> by_name;  // a repeated name: the later column wins
    for (const auto& column : columns) by_name[column.name] = column.cells;
    for (const auto& [name, cells] : by_name) {
        if (name == "id" || (vector && name == "vector_index")) {
            fail("Cannot " + op + ": column '" + name + "' is managed by the group table, not a value column");
        }
        if (!table->has_column(name)) {
            fail("Cannot " + op + ": column '" + name + "' not found in group '" + group + "' for collection '" +
                 collection + "'");
        }
    }
    for (auto& [name, cells] : by_name) {
        for (auto& cell : cells) resolve_label(db, *table, name, cell);
    }
    WriteTransaction tx(db);
    write_group_rows(db, op, *table, id, by_name, true);
    tx.commit();
}

}  // namespace quiver
