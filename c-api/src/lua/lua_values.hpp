#pragma once
// Lua <-> core value conversions.
//
// The readers (Lua -> C++) use only Lua API calls that cannot raise (see lua_call.hpp, rule 2)
// and report problems as quiver::Error. The pushers (C++ -> Lua) allocate Lua objects, so they
// are for builders running under Call::build only, and they never throw.
#include <lua.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/columns.hpp"
#include "core/element.hpp"
#include "core/value.hpp"

namespace quiver::lua {

// --- Lua -> C++ ---

// The table key at `index` as a name: a string, or an integer's decimal text (what a Lua array's
// keys turn into). Other key types fail with "Cannot <op>: <noun> names must be strings".
std::string key_name(lua_State* L, int index, const char* op, const char* noun);

// An integer, float or string value at `index`; nullopt for every other type (nil included).
std::optional<Value> scalar_value(lua_State* L, int index);

// create_element / update_element tables: {attr = scalar, group_column = {items...}}.
Element table_to_element(lua_State* L, int index);

// upsert_time_series_row: {column = scalar}.
std::map<std::string, Value> table_to_value_map(lua_State* L, int index);

// Query parameters: items 1..#t; nil items bind NULL.
std::vector<Value> table_to_values(lua_State* L, int index);

// One column of a column-oriented group update ({column = {cells...}}), read before anything is
// checked so that errors come in the documented order. Cells are kept sparse until the row count
// is known.
struct LuaColumn {
    std::string name;
    std::vector<std::pair<size_t, Value>> cells;  // (1-based index, value), pairs order
    size_t extent = 0;                            // largest index, 0 when empty
    bool unsupported_cell = false;                // a cell that is not integer/float/string
    // First index in 1..extent without a cell, 0 when the column is dense.
    size_t first_hole() const;
};

// Fails with "Cannot <op>: column '<name>' must be an array of values" for a value that is not a
// table or a table whose keys are not integers >= 1.
std::vector<LuaColumn> read_group_columns(lua_State* L, int index, const std::string& op);

// Dense columns of `row_count` cells (missing cells NULL); "Cannot <op>: column '<name>' has
// unsupported Lua type" for the first column holding a cell of another type.
std::vector<ColumnInput> to_column_inputs(const std::vector<LuaColumn>& columns, size_t row_count,
                                          const std::string& op);

// "a, b" for the "columns [...] contain no rows" messages.
std::string joined_names(const std::vector<LuaColumn>& columns);

// --- C++ -> Lua (builders only) ---

// A lua_createtable size hint for n items.
inline int size_hint(size_t n) { return n > 0x7fffffff ? 0x7fffffff : static_cast<int>(n); }

void push_string(lua_State* L, const std::string& s);
void push_value(lua_State* L, const Value& v);  // NULL -> nil
// Sets t[key] = value on the table at `table`, value taken from the top of the stack.
void set_field(lua_State* L, int table, const std::string& key);

inline void push_plain(lua_State* L, int64_t v) { lua_pushinteger(L, v); }
inline void push_plain(lua_State* L, double v) { lua_pushnumber(L, v); }
inline void push_plain(lua_State* L, const std::string& v) { push_string(L, v); }

template <class T>
void push_optional(lua_State* L, const std::optional<T>& v) {
    if (v) {
        push_plain(L, *v);
    } else {
        lua_pushnil(L);
    }
}

// {v1, v2, ...} from a contiguous range.
template <class T>
void push_array(lua_State* L, const T* values, size_t count) {
    lua_createtable(L, size_hint(count), 0);
    for (size_t i = 0; i < count; ++i) {
        push_plain(L, values[i]);
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
    }
}

template <class T>
void push_array(lua_State* L, const std::vector<T>& values) {
    push_array(L, values.data(), values.size());
}

}  // namespace quiver::lua
