// db: one element's values by id, as {name = value} tables.
#include "core/metadata.hpp"
#include "core/reads.hpp"
#include "core/write_support.hpp"
#include "lua_db.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

using Fields = std::vector<std::pair<std::string, Value>>;               // NULL -> key absent
using Lists = std::vector<std::pair<std::string, std::vector<Value>>>;  // one per group value column

// Every column of the collection table, as listed by list_scalar_attributes (id and label included).
// A missing element fails ("Element not found: <id> in collection '<c>'") instead of reading as an
// element without values, as in Quiver 0.10.
Fields scalars_by_id(Database& db, const std::string& collection, int64_t id) {
    Fields fields;
    auto attributes = list_scalar_attributes(db, collection);
    require_element(db, collection, id);
    for (const ScalarMetadata& attribute : attributes) {
        Value value;
        if (attribute.data_type == DataType::Integer) {
            if (auto v = read_scalar_integer_by_id(db, collection, attribute.name, id)) value = *v;
        } else if (attribute.data_type == DataType::Real) {
            if (auto v = read_scalar_float_by_id(db, collection, attribute.name, id)) value = *v;
        } else if (auto v = read_scalar_string_by_id(db, collection, attribute.name, id)) {
            value = std::move(*v);
        }
        fields.emplace_back(attribute.name, std::move(value));
    }
    return fields;
}

template <class T>
std::vector<Value> as_values(std::vector<T> items) {
    std::vector<Value> values;
    values.reserve(items.size());
    for (auto& item : items) values.emplace_back(std::move(item));
    return values;
}

// Every value column of every vector (set) group; each is read through the column-name lookup of
// the list readers, as upstream does.
Lists lists_by_id(Database& db, TableKind kind, const std::string& collection, int64_t id) {
    Lists lists;
    db.require_table(kind == TableKind::Vector ? "read_vectors_by_id" : "read_sets_by_id", collection);
    require_element(db, collection, id);
    for (const GroupMetadata& group : list_groups(db, kind, collection)) {
        for (const ScalarMetadata& column : group.value_columns) {
            std::vector<Value> values;
            if (column.data_type == DataType::Integer) {
                values = as_values(read_list_integers_by_id(db, kind, collection, column.name, id));
            } else if (column.data_type == DataType::Real) {
                values = as_values(read_list_floats_by_id(db, kind, collection, column.name, id));
            } else {
                values = as_values(read_list_strings_by_id(db, kind, collection, column.name, id));
            }
            lists.emplace_back(column.name, std::move(values));
        }
    }
    return lists;
}

// Builders: add entries to the table on top of the stack (later entries overwrite earlier keys).
void add_fields(lua_State* L, const Fields& fields) {
    for (const auto& [name, value] : fields) {
        if (is_null(value)) continue;
        push_value(L, value);
        set_field(L, -2, name);
    }
}

void add_lists(lua_State* L, const Lists& lists) {
    for (const auto& [name, values] : lists) {
        lua_createtable(L, size_hint(values.size()), 0);
        for (size_t i = 0; i < values.size(); ++i) {
            push_value(L, values[i]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
        set_field(L, -2, name);
    }
}

int read_scalars_by_id(Call& c) {
    const std::string collection = c.string_arg(1);
    const int64_t id = c.integer_arg(2);
    const Fields scalars = scalars_by_id(c.db(), collection, id);
    return c.build([&](lua_State* L) {
        lua_createtable(L, 0, size_hint(scalars.size()));
        add_fields(L, scalars);
    });
}

template <TableKind Kind>
int read_lists_by_id(Call& c) {
    const std::string collection = c.string_arg(1);
    const int64_t id = c.integer_arg(2);
    const Lists lists = lists_by_id(c.db(), Kind, collection, id);
    return c.build([&](lua_State* L) {
        lua_createtable(L, 0, size_hint(lists.size()));
        add_lists(L, lists);
    });
}

// Scalars, then vector columns, then set columns in one table.
int read_element_by_id(Call& c) {
    const std::string collection = c.string_arg(1);
    const int64_t id = c.integer_arg(2);
    const Fields scalars = scalars_by_id(c.db(), collection, id);
    const Lists vectors = lists_by_id(c.db(), TableKind::Vector, collection, id);
    const Lists sets = lists_by_id(c.db(), TableKind::Set, collection, id);
    return c.build([&](lua_State* L) {
        lua_createtable(L, 0, size_hint(scalars.size() + vectors.size() + sets.size()));
        add_fields(L, scalars);
        add_lists(L, vectors);
        add_lists(L, sets);
    });
}

constexpr Method kMethods[] = {
    {"read_scalars_by_id", read_scalars_by_id},
    {"read_vectors_by_id", read_lists_by_id<TableKind::Vector>},
    {"read_sets_by_id", read_lists_by_id<TableKind::Set>},
    {"read_element_by_id", read_element_by_id},
};

}  // namespace

std::span<const Method> read_by_id_methods() { return kMethods; }

}  // namespace quiver::lua
