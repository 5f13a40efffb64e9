#include "lua_values.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "lua_call.hpp"

namespace quiver::lua {

namespace {

// Items 1..#t of a non-empty element array, typed by item 1 as upstream does: an integer array
// takes floats with an exact integer value as integers, a float array widens integers. Other
// mismatches are passed on as they are, for the core's type check to name them.
std::vector<Value> element_array(lua_State* L, int table, const std::string& name) {
    const auto length = static_cast<lua_Integer>(lua_rawlen(L, table));
    lua_rawgeti(L, table, 1);
    const int first_type = lua_type(L, -1);
    const bool integers = lua_isinteger(L, -1);
    lua_pop(L, 1);
    if (first_type != LUA_TNUMBER && first_type != LUA_TSTRING) {
        fail("Cannot table_to_element: array '" + name + "' has unsupported element type");
    }
    std::vector<Value> cells;
    cells.reserve(static_cast<size_t>(length));
    for (lua_Integer i = 1; i <= length; ++i) {
        lua_rawgeti(L, table, i);
        if (lua_isnil(L, -1)) {
            cells.emplace_back();  // a hole inside 1..#t: NULL cell
        } else if (auto value = scalar_value(L, -1)) {
            if (first_type == LUA_TNUMBER && std::holds_alternative<double>(*value)) {
                int exact = 0;
                const lua_Integer as_integer = lua_tointegerx(L, -1, &exact);
                if (integers && exact) value = static_cast<int64_t>(as_integer);
            } else if (first_type == LUA_TNUMBER && !integers && std::holds_alternative<int64_t>(*value)) {
                value = static_cast<double>(std::get<int64_t>(*value));
            }
            cells.push_back(std::move(*value));
        } else {
            fail("Cannot table_to_element: array '" + name + "' has unsupported element type");
        }
        lua_pop(L, 1);
    }
    return cells;
}

}  // namespace

std::string key_name(lua_State* L, int index, const char* op, const char* noun) {
    if (lua_type(L, index) == LUA_TSTRING) return string_at(L, index);
    if (lua_isinteger(L, index)) return std::to_string(lua_tointeger(L, index));
    fail(std::string("Cannot ") + op + ": " + noun + " names must be strings");
}

std::optional<Value> scalar_value(lua_State* L, int index) {
    switch (lua_type(L, index)) {
    case LUA_TNUMBER:
        if (lua_isinteger(L, index)) return Value(static_cast<int64_t>(lua_tointeger(L, index)));
        return Value(static_cast<double>(lua_tonumber(L, index)));
    case LUA_TSTRING:
        return Value(string_at(L, index));
    default:
        return std::nullopt;
    }
}

Element table_to_element(lua_State* L, int index) {
    index = lua_absindex(L, index);
    ensure_stack(L, 4);
    Element element;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        const std::string name = key_name(L, -2, "table_to_element", "attribute");
        if (lua_type(L, -1) == LUA_TTABLE) {
            // An empty table (length 0) says nothing: the attribute is not written.
            if (lua_rawlen(L, -1) > 0) element.set_array(name, element_array(L, lua_gettop(L), name));
        } else if (auto value = scalar_value(L, -1)) {
            if (auto* i = std::get_if<int64_t>(&*value)) {
                element.set_integer(name, *i);
            } else if (auto* d = std::get_if<double>(&*value)) {
                element.set_float(name, *d);
            } else {
                element.set_string(name, std::move(std::get<std::string>(*value)));
            }
        } else {
            fail("Cannot table_to_element: attribute '" + name + "' has unsupported Lua type");
        }
        lua_pop(L, 1);
    }
    return element;
}

std::map<std::string, Value> table_to_value_map(lua_State* L, int index) {
    index = lua_absindex(L, index);
    ensure_stack(L, 3);
    std::map<std::string, Value> row;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        const std::string name = key_name(L, -2, "lua_table_to_value_map", "column");
        auto value = scalar_value(L, -1);
        if (!value) fail("Cannot lua_table_to_value_map: column '" + name + "' has unsupported Lua type");
        row[name] = std::move(*value);
        lua_pop(L, 1);
    }
    return row;
}

std::vector<Value> table_to_values(lua_State* L, int index) {
    index = lua_absindex(L, index);
    ensure_stack(L, 2);
    const auto length = static_cast<lua_Integer>(lua_rawlen(L, index));
    std::vector<Value> values;
    for (lua_Integer i = 1; i <= length; ++i) {
        lua_rawgeti(L, index, i);
        if (lua_isnil(L, -1)) {
            values.emplace_back();
        } else if (auto value = scalar_value(L, -1)) {
            values.push_back(std::move(*value));
        } else {
            // Skipping it would shift every later parameter onto the wrong placeholder.
            fail("Cannot lua_table_to_values: parameter #" + std::to_string(i) + " has unsupported Lua type");
        }
        lua_pop(L, 1);
    }
    return values;
}

size_t LuaColumn::first_hole() const {
    if (cells.size() == extent) return 0;
    std::vector<size_t> indexes;
    indexes.reserve(cells.size());
    for (const auto& cell : cells) indexes.push_back(cell.first);
    std::sort(indexes.begin(), indexes.end());
    size_t expected = 1;
    for (size_t i : indexes) {
        if (i != expected) return expected;
        ++expected;
    }
    return expected;
}

std::vector<LuaColumn> read_group_columns(lua_State* L, int index, const std::string& op) {
    index = lua_absindex(L, index);
    ensure_stack(L, 6);
    std::vector<LuaColumn> columns;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        LuaColumn column;
        column.name = key_name(L, -2, op.c_str(), "column");
        const std::string not_array = "Cannot " + op + ": column '" + column.name + "' must be an array of values";
        if (lua_type(L, -1) != LUA_TTABLE) fail(not_array);
        const int cells = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, cells) != 0) {
            if (!lua_isinteger(L, -2) || lua_tointeger(L, -2) < 1) fail(not_array);
            const auto position = static_cast<size_t>(lua_tointeger(L, -2));
            column.extent = std::max(column.extent, position);
            if (auto value = scalar_value(L, -1)) {
                column.cells.emplace_back(position, std::move(*value));
            } else {
                column.unsupported_cell = true;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
        columns.push_back(std::move(column));
    }
    return columns;
}

std::vector<ColumnInput> to_column_inputs(const std::vector<LuaColumn>& columns, size_t row_count,
                                          const std::string& op) {
    for (const auto& column : columns) {
        if (column.unsupported_cell) fail("Cannot " + op + ": column '" + column.name + "' has unsupported Lua type");
    }
    std::vector<ColumnInput> inputs;
    inputs.reserve(columns.size());
    for (const auto& column : columns) {
        ColumnInput input{column.name, std::vector<Value>(row_count)};
        for (const auto& [position, value] : column.cells) {
            if (position <= row_count) input.cells[position - 1] = value;
        }
        inputs.push_back(std::move(input));
    }
    return inputs;
}

std::string joined_names(const std::vector<LuaColumn>& columns) {
    std::string joined;
    for (const auto& column : columns) {
        if (!joined.empty()) joined += ", ";
        joined += column.name;
    }
    return joined;
}

// --- builders ---

void push_string(lua_State* L, const std::string& s) { lua_pushlstring(L, s.data(), s.size()); }

void push_value(lua_State* L, const Value& v) {
    if (const auto* i = std::get_if<int64_t>(&v)) {
        lua_pushinteger(L, *i);
    } else if (const auto* d = std::get_if<double>(&v)) {
        lua_pushnumber(L, *d);
    } else if (const auto* s = std::get_if<std::string>(&v)) {
        push_string(L, *s);
    } else {
        lua_pushnil(L);
    }
}

void set_field(lua_State* L, int table, const std::string& key) {
    table = lua_absindex(L, table);
    push_string(L, key);
    lua_insert(L, -2);
    lua_rawset(L, table);
}

}  // namespace quiver::lua
