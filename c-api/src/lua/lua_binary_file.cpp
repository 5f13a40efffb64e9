// db:open_file / bin_to_csv / csv_to_bin (sandboxed like the CSV methods) and the BinaryFile
// userdata methods.
#include <cmath>
#include <memory>

#include "core/binary/csv_converter.hpp"
#include "core/error.hpp"
#include "lua_binary_objects.hpp"
#include "lua_db.hpp"
#include "lua_sandbox_path.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

binary::BinaryFile& self_file(Call& c) {
    binary::BinaryFile* file = to_binary_file(c.L, 1);
    if (!file) c.bad_argument(1, "BinaryFile expected");
    return *file;
}

// {name = integer, ...}: names are the keys' text (so {1} names a dimension "1").
struct Address {
    std::vector<std::string> names;
    std::vector<binary::AddressPair> pairs;
};

Address read_address(lua_State* L, int table, const char* op) {
    ensure_stack(L, 3);
    Address address;
    std::vector<int64_t> values;
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        address.names.push_back(key_name(L, -2, op, "dimension"));
        int exact = 0;
        const lua_Integer value = lua_type(L, -1) == LUA_TNUMBER ? lua_tointegerx(L, -1, &exact) : 0;
        if (!exact) fail(std::string("Cannot ") + op + ": dimension '" + address.names.back() + "' must be an integer");
        values.push_back(value);
        lua_pop(L, 1);
    }
    for (size_t i = 0; i < values.size(); ++i) address.pairs.push_back({address.names[i], values[i]});
    return address;
}

int open_file(Call& c) {
    const std::string path = c.string_arg(1);
    const std::string mode = c.string_arg(2);
    if (mode != "r" && mode != "w") fail("Cannot open_file: mode must be \"r\" or \"w\"");
    const binary::BinaryMetadata* metadata = nullptr;
    if (!lua_isnoneornil(c.L, 4)) {  // the metadata argument (stack index 4: db, path, mode, metadata)
        metadata = to_binary_metadata(c.L, 4);
        if (!metadata) c.bad_argument(3, "BinaryMetadata expected");
    }
    const std::string resolved = sandboxed_path(c.db(), "open_file", path);
    auto file = std::make_unique<binary::BinaryFile>(resolved);
    file->open(mode[0], metadata);
    return push_binary_file(c, std::move(file));
}

int bin_to_csv(Call& c) {
    const std::string path = c.string_arg(1);
    bool aggregate = true;
    if (!lua_isnoneornil(c.L, 3)) {
        if (lua_type(c.L, 3) != LUA_TBOOLEAN) c.bad_argument(2, "boolean expected");
        aggregate = lua_toboolean(c.L, 3) != 0;
    }
    binary::bin_to_csv(sandboxed_path(c.db(), "bin_to_csv", path), aggregate);
    return c.none();
}

int csv_to_bin(Call& c) {
    binary::csv_to_bin(sandboxed_path(c.db(), "csv_to_bin", c.string_arg(1)));
    return c.none();
}

int read(Call& c) {
    binary::BinaryFile& file = self_file(c);
    const Address address = read_address(c.L, c.table_arg(2), "read");
    bool allow_nulls = false;
    if (!lua_isnoneornil(c.L, 3)) {
        if (lua_type(c.L, 3) != LUA_TBOOLEAN) c.bad_argument(3, "boolean expected");
        allow_nulls = lua_toboolean(c.L, 3) != 0;
    }
    std::vector<double> values(file.label_count());
    file.read(address.pairs, allow_nulls, values.data());
    return c.build([&values](lua_State* L) { push_array(L, values); });
}

int write(Call& c) {
    binary::BinaryFile& file = self_file(c);
    const int data = c.table_arg(2);
    const Address address = read_address(c.L, c.table_arg(3), "write");
    std::vector<double> values;
    const auto length = static_cast<lua_Integer>(lua_rawlen(c.L, data));
    ensure_stack(c.L, 2);
    for (lua_Integer i = 1; i <= length; ++i) {
        lua_rawgeti(c.L, data, i);
        if (lua_type(c.L, -1) != LUA_TNUMBER) fail("Cannot write: data must be an array of numbers");
        values.push_back(lua_tonumber(c.L, -1));
        lua_pop(c.L, 1);
    }
    file.write(address.pairs, values.data(), values.size());
    return c.none();
}

int close(Call& c) {
    self_file(c).close();
    return c.none();
}

int is_open(Call& c) { return c.boolean(self_file(c).is_open()); }

int get_metadata(Call& c) {
    return push_binary_metadata(c, std::make_unique<binary::BinaryMetadata>(self_file(c).metadata()));
}

int get_file_path(Call& c) { return c.string(self_file(c).path()); }

constexpr Method kDbMethods[] = {
    {"open_file", open_file},
    {"bin_to_csv", bin_to_csv},
    {"csv_to_bin", csv_to_bin},
};

constexpr Method kFileMethods[] = {
    {"read", read, false},         {"write", write, false},
    {"close", close, false},       {"is_open", is_open, false},
    {"get_metadata", get_metadata, false}, {"get_file_path", get_file_path, false},
};

}  // namespace

std::span<const Method> binary_methods() { return kDbMethods; }
std::span<const Method> binary_file_methods() { return kFileMethods; }

}  // namespace quiver::lua
