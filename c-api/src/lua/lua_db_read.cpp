// db: bulk reads over all elements.
#include "core/reads.hpp"
#include "lua_db.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

int read_element_ids(Call& c) {
    const std::string collection = c.string_arg(1);
    const auto ids = quiver::read_element_ids(c.db(), collection);
    return c.build([&](lua_State* L) { push_array(L, ids); });
}

// One slot per element; a NULL leaves a nil hole at its position.
template <class Column>
int masked_array(Call& c, const Column& column) {
    return c.build([&](lua_State* L) {
        lua_createtable(L, size_hint(column.values.size()), 0);
        for (size_t i = 0; i < column.values.size(); ++i) {
            if (!column.present[i]) continue;
            push_plain(L, column.values[i]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    });
}

int read_scalar_integers(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string attribute = c.string_arg(2);
    return masked_array(c, quiver::read_scalar_integers(c.db(), collection, attribute));
}

int read_scalar_floats(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string attribute = c.string_arg(2);
    return masked_array(c, quiver::read_scalar_floats(c.db(), collection, attribute));
}

int read_scalar_strings(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string attribute = c.string_arg(2);
    const auto values = quiver::read_scalar_strings(c.db(), collection, attribute);
    return c.build([&](lua_State* L) {
        lua_createtable(L, size_hint(values.size()), 0);
        for (size_t i = 0; i < values.size(); ++i) {
            if (!values[i]) continue;
            push_string(L, *values[i]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    });
}

// One inner array per element having rows (the core's grouping), {} when all its cells are NULL.
template <class T>
int nested_arrays(Call& c, const ListValues<T>& lists) {
    return c.build([&](lua_State* L) {
        lua_createtable(L, size_hint(lists.count()), 0);
        size_t offset = 0;
        for (size_t i = 0; i < lists.count(); ++i) {
            push_array(L, lists.values.data() + offset, lists.sizes[i]);
            offset += lists.sizes[i];
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    });
}

template <TableKind Kind>
int read_list_integers(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string attribute = c.string_arg(2);
    return nested_arrays(c, quiver::read_list_integers(c.db(), Kind, collection, attribute));
}

template <TableKind Kind>
int read_list_floats(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string attribute = c.string_arg(2);
    return nested_arrays(c, quiver::read_list_floats(c.db(), Kind, collection, attribute));
}

template <TableKind Kind>
int read_list_strings(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string attribute = c.string_arg(2);
    return nested_arrays(c, quiver::read_list_strings(c.db(), Kind, collection, attribute));
}

constexpr Method kMethods[] = {
    {"read_element_ids", read_element_ids},
    {"read_scalar_integers", read_scalar_integers},
    {"read_scalar_floats", read_scalar_floats},
    {"read_scalar_strings", read_scalar_strings},
    {"read_vector_integers", read_list_integers<TableKind::Vector>},
    {"read_vector_floats", read_list_floats<TableKind::Vector>},
    {"read_vector_strings", read_list_strings<TableKind::Vector>},
    {"read_set_integers", read_list_integers<TableKind::Set>},
    {"read_set_floats", read_list_floats<TableKind::Set>},
    {"read_set_strings", read_list_strings<TableKind::Set>},
};

}  // namespace

std::span<const Method> read_methods() { return kMethods; }

}  // namespace quiver::lua
