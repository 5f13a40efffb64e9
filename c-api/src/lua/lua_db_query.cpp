// db: raw SQL queries with optional positional parameters.
#include "core/query.hpp"
#include "lua_db.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

// First column of the first row, or nil (no row, NULL, or another storage kind).
template <class T, std::optional<T> (*Query)(Database&, const std::string&, const std::vector<Value>&)>
int query(Call& c) {
    const std::string sql = c.string_arg(1);
    const int table = c.optional_table_arg(2);
    const std::vector<Value> params = table ? table_to_values(c.L, table) : std::vector<Value>{};
    const std::optional<T> result = Query(c.db(), sql, params);
    return c.build([&](lua_State* L) { push_optional(L, result); });
}

constexpr Method kMethods[] = {
    {"query_string", query<std::string, quiver::query_string>},
    {"query_integer", query<int64_t, quiver::query_integer>},
    {"query_float", query<double, quiver::query_float>},
};

}  // namespace

std::span<const Method> query_methods() { return kMethods; }

}  // namespace quiver::lua
