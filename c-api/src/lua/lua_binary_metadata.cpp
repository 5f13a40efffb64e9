// quiver.metadata / metadata_from_toml / metadata_from_element and the BinaryMetadata methods.
#include <cstring>
#include <memory>
#include <type_traits>

#include "core/error.hpp"
#include "lua_binary_objects.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

using binary::BinaryMetadata;

const BinaryMetadata& self_metadata(Call& c) {
    const BinaryMetadata* md = to_binary_metadata(c.L, 1);
    if (!md) c.bad_argument(1, "BinaryMetadata expected");
    return *md;
}

// Pushes t[key] (nil when absent) by walking the table: pushing the key string itself could
// allocate, and bodies must not raise.
void push_field(lua_State* L, int table, const char* key) {
    ensure_stack(L, 3);
    const size_t size = std::strlen(key);
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        size_t length = 0;
        const char* name = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &length) : nullptr;
        if (name && length == size && std::memcmp(name, key, size) == 0) {
            lua_remove(L, -2);
            return;
        }
        lua_pop(L, 1);
    }
    lua_pushnil(L);
}

// t[key] as a string, or `fallback` when absent or not a string.
std::string string_field(lua_State* L, int table, const char* key, const char* fallback) {
    push_field(L, table, key);
    std::string value = lua_type(L, -1) == LUA_TSTRING ? string_at(L, -1) : fallback;
    lua_pop(L, 1);
    return value;
}

// Items 1..#t of the array t[key] (absent: empty), each a string or an integer as requested.
template <class T>
std::vector<T> array_field(lua_State* L, int table, const char* key) {
    push_field(L, table, key);
    ensure_stack(L, 2);
    std::vector<T> items;
    if (lua_type(L, -1) == LUA_TTABLE) {
        const auto length = static_cast<lua_Integer>(lua_rawlen(L, -1));
        for (lua_Integer i = 1; i <= length; ++i) {
            lua_rawgeti(L, -1, i);
            if constexpr (std::is_same_v<T, std::string>) {
                if (lua_type(L, -1) != LUA_TSTRING) fail(std::string("Cannot from_element: array '") + key + "' must contain strings");
                items.push_back(string_at(L, -1));
            } else {
                int exact = 0;
                const lua_Integer v = lua_type(L, -1) == LUA_TNUMBER ? lua_tointegerx(L, -1, &exact) : 0;
                if (!exact) fail(std::string("Cannot from_element: array '") + key + "' must contain integers");
                items.push_back(static_cast<int64_t>(v));
            }
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1)) {
        fail(std::string("Cannot from_element: missing array '") + key + "'");
    }
    lua_pop(L, 1);
    return items;
}

// quiver.metadata{...}: every field optional (version "1", datetime and unit "", lists empty).
int metadata(Call& c) {
    const int t = c.table_arg(1);
    binary::MetadataFields f;
    f.dimensions = array_field<std::string>(c.L, t, "dimensions");
    f.dimension_sizes = array_field<int64_t>(c.L, t, "dimension_sizes");
    f.time_dimensions = array_field<std::string>(c.L, t, "time_dimensions");
    f.frequencies = array_field<std::string>(c.L, t, "frequencies");
    f.initial_datetime = string_field(c.L, t, "initial_datetime", "");
    f.unit = string_field(c.L, t, "unit", "");
    f.labels = array_field<std::string>(c.L, t, "labels");
    f.version = string_field(c.L, t, "version", "1");
    return push_binary_metadata(c, std::make_unique<BinaryMetadata>(binary::build_metadata(f)));
}

int metadata_from_toml(Call& c) {
    return push_binary_metadata(c, std::make_unique<BinaryMetadata>(binary::metadata_from_toml(c.string_arg(1))));
}

int metadata_from_element(Call& c) {
    const Element element = table_to_element(c.L, c.table_arg(1));
    return push_binary_metadata(c, std::make_unique<BinaryMetadata>(binary::metadata_from_element(element)));
}

int get_unit(Call& c) { return c.string(self_metadata(c).unit); }
int get_version(Call& c) { return c.string(self_metadata(c).version); }
int get_initial_datetime(Call& c) { return c.string(binary::format_datetime(self_metadata(c).initial_datetime)); }
int get_number_of_time_dimensions(Call& c) { return c.integer(self_metadata(c).number_of_time_dimensions()); }
int to_toml(Call& c) { return c.string(binary::metadata_to_toml(self_metadata(c))); }

int get_labels(Call& c) {
    const BinaryMetadata& md = self_metadata(c);
    return c.build([&md](lua_State* L) { push_array(L, md.labels); });
}

// {name, size, is_time_dimension} plus frequency, initial_value, parent_dimension_index (0-based)
// for time dimensions.
int get_dimensions(Call& c) {
    const BinaryMetadata& md = self_metadata(c);
    return c.build([&md](lua_State* L) {
        lua_createtable(L, size_hint(md.dimensions.size()), 0);
        for (size_t i = 0; i < md.dimensions.size(); ++i) {
            const binary::Dimension& d = md.dimensions[i];
            lua_createtable(L, 0, 6);
            push_string(L, d.name);
            lua_setfield(L, -2, "name");
            lua_pushinteger(L, d.size);
            lua_setfield(L, -2, "size");
            lua_pushboolean(L, d.is_time());
            lua_setfield(L, -2, "is_time_dimension");
            if (d.is_time()) {
                lua_pushstring(L, binary::frequency_name(d.time->frequency));
                lua_setfield(L, -2, "frequency");
                lua_pushinteger(L, d.time->initial_value);
                lua_setfield(L, -2, "initial_value");
                lua_pushinteger(L, d.time->parent_index);
                lua_setfield(L, -2, "parent_dimension_index");
            }
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    });
}

constexpr Method kFunctions[] = {
    {"metadata", metadata, false},
    {"metadata_from_toml", metadata_from_toml, false},
    {"metadata_from_element", metadata_from_element, false},
};

constexpr Method kMethods[] = {
    {"get_unit", get_unit, false},
    {"get_version", get_version, false},
    {"get_initial_datetime", get_initial_datetime, false},
    {"get_labels", get_labels, false},
    {"get_number_of_time_dimensions", get_number_of_time_dimensions, false},
    {"get_dimensions", get_dimensions, false},
    {"to_toml", to_toml, false},
};

}  // namespace

std::span<const Method> binary_metadata_functions() { return kFunctions; }
std::span<const Method> binary_metadata_methods() { return kMethods; }

}  // namespace quiver::lua
