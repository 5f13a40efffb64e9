// db: CSV export and import, confined to the database's directory.
#include <cstring>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "lua_db.hpp"
#include "lua_sandbox_path.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

bool key_is(lua_State* L, const char* name) {
    size_t size = 0;
    const char* key = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &size) : nullptr;
    return key && size == std::strlen(name) && std::memcmp(key, name, size) == 0;
}

// enum_labels = {attribute = {locale = {Label = integer}}}, the table on top of the stack.
void read_enum_labels(lua_State* L, const std::string& op, CsvOptions& options) {
    const std::string shape = "Cannot " + op + ": enum_labels must map attribute -> locale -> label -> integer";
    ensure_stack(L, 8);
    const int attributes = lua_gettop(L);
    if (lua_type(L, attributes) != LUA_TTABLE) fail(shape);
    lua_pushnil(L);
    while (lua_next(L, attributes) != 0) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE) fail(shape);
        const std::string attribute = string_at(L, -2);
        const int locales = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, locales) != 0) {
            if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE) fail(shape);
            const std::string locale = string_at(L, -2);
            const int labels = lua_gettop(L);
            lua_pushnil(L);
            while (lua_next(L, labels) != 0) {
                int is_integer = 0;
                const lua_Integer value = lua_type(L, -1) == LUA_TNUMBER ? lua_tointegerx(L, -1, &is_integer) : 0;
                if (lua_type(L, -2) != LUA_TSTRING || !is_integer) fail(shape);
                options.add_enum_label(attribute, locale, string_at(L, -2), value);
                lua_pop(L, 1);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
}

// The optional options table: date_time_format and enum_labels; other keys are ignored.
CsvOptions read_options(lua_State* L, int index, const std::string& op) {
    CsvOptions options;
    if (index == 0) return options;
    ensure_stack(L, 3);
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        if (key_is(L, "date_time_format")) {
            if (lua_type(L, -1) != LUA_TSTRING) fail("Cannot " + op + ": option 'date_time_format' must be a string");
            options.date_time_format = string_at(L, -1);
        } else if (key_is(L, "enum_labels")) {
            read_enum_labels(L, op, options);
        }
        lua_pop(L, 1);
    }
    return options;
}

template <bool Export>
int transfer_csv(Call& c) {
    const std::string op = c.name();
    const std::string collection = c.string_arg(1);
    const std::string group = c.string_arg(2);
    const std::string path = c.string_arg(3);
    const CsvOptions options = read_options(c.L, c.optional_table_arg(4), op);
    const std::string resolved = sandboxed_path(c.db(), op, path);
    if constexpr (Export) {
        quiver::export_csv(c.db(), collection, group, resolved, options);
    } else {
        quiver::import_csv(c.db(), collection, group, resolved, options);
    }
    return c.none();
}

constexpr Method kMethods[] = {
    {"export_csv", transfer_csv<true>},
    {"import_csv", transfer_csv<false>},
};

}  // namespace

std::span<const Method> csv_methods() { return kMethods; }

}  // namespace quiver::lua
