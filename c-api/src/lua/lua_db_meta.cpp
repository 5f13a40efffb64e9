// db: metadata of scalar attributes, groups and time-series files.
#include "core/metadata.hpp"
#include "lua_db.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

const char* data_type_name(DataType type) {
    switch (type) {
    case DataType::Integer: return "integer";
    case DataType::Real: return "real";
    case DataType::Text: return "text";
    default: return "date_time";
    }
}

// Builders only: no temporaries here (a memory error would skip their destructors), hence two
// overloads instead of converting a string to an optional.
void set_string(lua_State* L, const char* key, const std::string& value) {
    push_string(L, value);
    lua_setfield(L, -2, key);
}

void set_string(lua_State* L, const char* key, const std::optional<std::string>& value) {
    if (value) set_string(L, key, *value);  // nil: the key is absent
}

void set_boolean(lua_State* L, const char* key, bool value) {
    lua_pushboolean(L, value ? 1 : 0);
    lua_setfield(L, -2, key);
}

void push_scalar_metadata(lua_State* L, const ScalarMetadata& m) {
    lua_createtable(L, 0, 8);
    set_string(L, "name", m.name);
    lua_pushstring(L, data_type_name(m.data_type));
    lua_setfield(L, -2, "data_type");
    set_boolean(L, "not_null", m.not_null);
    set_boolean(L, "primary_key", m.primary_key);
    set_string(L, "default_value", m.default_value);
    set_boolean(L, "is_foreign_key", m.is_foreign_key);
    set_string(L, "references_collection", m.references_collection);
    set_string(L, "references_column", m.references_column);
}

// {group_name, value_columns = {...}} plus dimension_column for time series.
void push_group_metadata(lua_State* L, const GroupMetadata& m) {
    lua_createtable(L, 0, 3);
    set_string(L, "group_name", m.group_name);
    set_string(L, "dimension_column", m.dimension_column);
    lua_createtable(L, size_hint(m.value_columns.size()), 0);
    for (size_t i = 0; i < m.value_columns.size(); ++i) {
        push_scalar_metadata(L, m.value_columns[i]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
    lua_setfield(L, -2, "value_columns");
}

int get_scalar_metadata(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string attribute = c.string_arg(2);
    const ScalarMetadata metadata = quiver::get_scalar_metadata(c.db(), collection, attribute);
    return c.build([&](lua_State* L) { push_scalar_metadata(L, metadata); });
}

template <TableKind Kind>
int get_group_metadata(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string group = c.string_arg(2);
    const GroupMetadata metadata = quiver::get_group_metadata(c.db(), Kind, collection, group);
    return c.build([&](lua_State* L) { push_group_metadata(L, metadata); });
}

int list_scalar_attributes(Call& c) {
    const std::string collection = c.string_arg(1);
    const auto attributes = quiver::list_scalar_attributes(c.db(), collection);
    return c.build([&](lua_State* L) {
        lua_createtable(L, size_hint(attributes.size()), 0);
        for (size_t i = 0; i < attributes.size(); ++i) {
            push_scalar_metadata(L, attributes[i]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    });
}

template <TableKind Kind>
int list_groups(Call& c) {
    const std::string collection = c.string_arg(1);
    const auto groups = quiver::list_groups(c.db(), Kind, collection);
    return c.build([&](lua_State* L) {
        lua_createtable(L, size_hint(groups.size()), 0);
        for (size_t i = 0; i < groups.size(); ++i) {
            push_group_metadata(L, groups[i]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    });
}

constexpr Method kMethods[] = {
    {"get_scalar_metadata", get_scalar_metadata},
    {"get_vector_metadata", get_group_metadata<TableKind::Vector>},
    {"get_set_metadata", get_group_metadata<TableKind::Set>},
    {"get_time_series_metadata", get_group_metadata<TableKind::TimeSeries>},
    {"list_scalar_attributes", list_scalar_attributes},
    {"list_vector_groups", list_groups<TableKind::Vector>},
    {"list_set_groups", list_groups<TableKind::Set>},
    {"list_time_series_groups", list_groups<TableKind::TimeSeries>},
};

}  // namespace

std::span<const Method> meta_methods() { return kMethods; }

}  // namespace quiver::lua
