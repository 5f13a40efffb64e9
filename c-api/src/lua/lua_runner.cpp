// The Lua runner: state lifecycle, the script environment and `run` (spec 40 §2, §3, §6).
//
// Sandboxing: the default environment IS the sandboxed mode, and it is the only one. Only the
// base, string, table, math, coroutine and utf8 libraries are opened: no os (so no os.execute),
// no io (no io.popen), no package (no require, no loadlib of native modules), no debug; dofile
// and loadfile are removed; load accepts text chunks only (crafted bytecode can corrupt the VM).
// No unsandboxed mode is exported through the C ABI.
#include "lua_runner.hpp"

#include <lua.hpp>

#include <charconv>
#include <new>

#include "core/database.hpp"
#include "core/error.hpp"
#include "lua_call.hpp"
#include "lua_db.hpp"
#include "lua_binary_objects.hpp"
#include "lua_json.hpp"

namespace quiver::lua {

namespace {

// Replaces the base library's `load`, kept as upvalue 1: same arguments, but the mode is forced
// to "t". The frame holds no C++ objects, so errors may unwind through it.
int text_only_load(lua_State* L) {
    const int given = lua_gettop(L);
    const int count = given < 3 ? 3 : given;
    lua_settop(L, count);  // pads chunkname/mode with nil; env stays absent when not given
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    if (given < 4) lua_settop(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

void open_libraries(lua_State* L) {
    static const luaL_Reg libraries[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_COLIBNAME, luaopen_coroutine}, {LUA_UTF8LIBNAME, luaopen_utf8},
    };
    for (const auto& library : libraries) {
        luaL_requiref(L, library.name, library.func, 1);
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    lua_setglobal(L, "dofile");
    lua_pushnil(L);
    lua_setglobal(L, "loadfile");
    lua_getglobal(L, "load");
    lua_pushcclosure(L, &text_only_load, 1);
    lua_setglobal(L, "load");
}

// Global `db`: a userdata whose identity the methods check (lua_call.cpp), with the methods in
// its metatable's __index.
void create_db_global(lua_State* L, Context& ctx) {
    ctx.self = lua_newuserdatauv(L, 1, 0);
    lua_createtable(L, 0, 4);  // metatable
    lua_createtable(L, 0, 64);  // methods
    for (auto methods : {info_methods(), transaction_methods(), write_methods(), read_methods(), read_by_id_methods(),
                         meta_methods(), time_series_methods(), query_methods(), csv_methods(), binary_methods()}) {
        for (const Method& method : methods) {
            push_method(L, ctx, method);
            lua_setfield(L, -2, method.name);
        }
    }
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "Database");
    lua_setfield(L, -2, "__name");
    lua_pushliteral(L, "Database");
    lua_setfield(L, -2, "__metatable");  // scripts cannot swap the methods of `db`
    lua_setmetatable(L, -2);
    lua_setglobal(L, "db");
}

// Builds the whole environment; runs under lua_pcall (it allocates), argument 1 = the Context.
int open_environment(lua_State* L) {
    Context& ctx = *static_cast<Context*>(lua_touserdata(L, 1));
    open_libraries(L);
    lua_newtable(L);
    lua_setglobal(L, "quiver");
    create_db_global(L, ctx);
    open_binary_library(L, ctx);  // BinaryFile / BinaryMetadata / Expression and quiver.*
    return 0;
}

// Text of an error object without running Lua code or allocating (lua.c's wording for
// non-strings).
std::string error_text(lua_State* L, int index) {
    switch (lua_type(L, index)) {
    case LUA_TSTRING:
        return string_at(L, index);
    case LUA_TNUMBER: {
        if (lua_isinteger(L, index)) return std::to_string(lua_tointeger(L, index));
        char buffer[64];
        const double d = lua_tonumber(L, index);
        auto end = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::general, 14).ptr;
        std::string text(buffer, end);
        if (text.find_first_not_of("-0123456789") == std::string::npos) text += ".0";  // as Lua prints floats
        return text;
    }
    default:
        return std::string("(error object is a ") + lua_typename(L, lua_type(L, index)) + " value)";
    }
}

}  // namespace

LuaRunner::LuaRunner(Database& db) : context_(std::make_unique<Context>()) {
    context_->db = &db;
    L_ = luaL_newstate();
    if (!L_) throw std::bad_alloc();
    lua_pushcfunction(L_, &open_environment);
    lua_pushlightuserdata(L_, context_.get());
    if (lua_pcall(L_, 1, 0, 0) != LUA_OK) {
        const std::string message = error_text(L_, -1);
        lua_close(L_);
        L_ = nullptr;
        fail("Failed to create Lua state: " + message);
    }
}

LuaRunner::~LuaRunner() {
    if (L_) lua_close(L_);
}

std::string LuaRunner::run(std::string_view script) {
    lua_settop(L_, 0);
    int status = luaL_loadbufferx(L_, script.data(), script.size(), "=script", "t");
    if (status == LUA_OK) status = lua_pcall(L_, 0, LUA_MULTRET, 0);
    if (status != LUA_OK) {
        std::string message = "Failed to run Lua script: " + error_text(L_, -1);
        lua_settop(L_, 0);
        fail(message);
    }
    std::string json;
    if (lua_gettop(L_) > 0) {
        try {
            json = encode_json(L_, 1);
        } catch (...) {
            lua_settop(L_, 0);
            throw;
        }
    }
    lua_settop(L_, 0);
    return json;
}

}  // namespace quiver::lua
