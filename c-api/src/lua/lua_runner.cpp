// The Lua runner: state lifecycle, the script environment and `run`.
//
// Sandboxing: the default environment IS the sandboxed mode, and it is the only one. Only the
// base, string, table, math, coroutine and utf8 libraries are opened: no os (so no os.execute),
// no io (no io.popen), no package (no require, no loadlib of native modules), no debug; dofile
// and loadfile are removed; load accepts text chunks only (crafted bytecode can corrupt the VM).
// No unsandboxed mode is exported through the C ABI.
#include "lua_runner.hpp"

#include <lua.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "core/database.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "lua_call.hpp"
#include "lua_db.hpp"
#include "lua_binary_objects.hpp"
#include "lua_json.hpp"
#include "lua_sql_guard.hpp"

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
    Limits::hook_new_coroutines(L);
}

// quiver.progress(done, total): the script's own progress, shown to whoever follows the run
// (LuaRunner.runAsync's onProgress); does nothing otherwise. Both must be integers >= 0.
int report_progress(lua_State* L) {
    const lua_Integer done = luaL_checkinteger(L, 1);
    const lua_Integer total = luaL_checkinteger(L, 2);
    luaL_argcheck(L, done >= 0, 1, "expected an integer >= 0");
    luaL_argcheck(L, total >= 0, 2, "expected an integer >= 0");
    progress::report_quietly(static_cast<int64_t>(done), static_cast<int64_t>(total));
    return 0;
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
    lua_pushcfunction(L, &report_progress);
    lua_setfield(L, -2, "progress");
    lua_setglobal(L, "quiver");  // for the binary-file and expression builders
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

// As luaL_newstate's: a panic means an error outside any protected call, which our code never
// makes; abort rather than return into a corrupt state.
int panic(lua_State* L) {
    std::fprintf(stderr, "quiver: unprotected Lua error: %s\n", lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?");
    std::abort();
}

// Lua's warn() and errors in __gc finalizers: not shown (scripts report through return values).
void ignore_warning(void*, const char*, int) {}

}  // namespace

LuaRunner::LuaRunner(Database& db) : context_(std::make_unique<Context>()), limits_(std::make_unique<Limits>()) {
    context_->db = &db;
    L_ = lua_newstate(&Limits::alloc, limits_.get());
    if (!L_) throw std::bad_alloc();
    lua_atpanic(L_, &panic);
    lua_setwarnf(L_, &ignore_warning, nullptr);
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

std::string LuaRunner::run(std::string_view script, const RunLimits& limits) {
    if (limits.timeout_ms < 0) fail("Failed to run Lua script: the timeout must be >= 0 ms (0: no limit)");
    if (limits.memory_limit_bytes < 0) fail("Failed to run Lua script: the memory limit must be >= 0 bytes (0: no limit)");
    Database& db = *context_->db;
    const bool transaction_before = db.in_transaction();
    context_->script_transaction = false;
    lua_settop(L_, 0);
    int status = LUA_OK;
    {
        SqlGuard guard(db.sqlite(), *limits_, context_->sql_denied);
        limits_->arm(limits);
        limits_->attach(L_);
        status = luaL_loadbufferx(L_, script.data(), script.size(), "=script", "t");
        if (status == LUA_OK) status = lua_pcall(L_, 0, LUA_MULTRET, 0);
        limits_->disarm();
        limits_->attach(L_);
    }
    std::string error;
    if (status != LUA_OK) {
        const bool memory_error = status == LUA_ERRMEM || (lua_type(L_, -1) == LUA_TSTRING && string_at(L_, -1) == "not enough memory");
        if (limits_->hit() == Limits::Hit::none && memory_error && limits_->refused()) {
            error = "memory limit of " + std::to_string(limits.memory_limit_bytes) + " bytes exceeded";
        } else if (limits_->hit() == Limits::Hit::cancel) {
            error = "cancelled";
        } else if (limits_->hit() != Limits::Hit::none) {
            error = std::string(limits_->hit_text()) + " exceeded";
        } else {
            error = error_text(L_, -1);
        }
        lua_settop(L_, 0);
        if (limits_->hit() != Limits::Hit::none || limits_->refused()) lua_gc(L_, LUA_GCCOLLECT);
    }
    const std::string left = close_what_script_left(transaction_before);
    if (!left.empty()) {
        lua_settop(L_, 0);
        fail("Failed to run Lua script: " + (error.empty() ? left : error + "; " + left));
    }
    if (status != LUA_OK) fail("Failed to run Lua script: " + error);
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

std::string LuaRunner::close_what_script_left(bool transaction_before) {
    Database& db = *context_->db;
    std::string done;
    if (db.in_dry_run() && db.dry_run_owner() == context_.get()) {
        try {
            db.end_dry_run(context_.get());
            done = "the script ended with its dry run still active: it was ended and its writes discarded";
        } catch (const std::exception& e) {
            done = std::string("the script ended with its dry run still active and ending it failed: ") + e.what();
        }
    }
    const bool own = context_->script_transaction || !transaction_before;
    context_->script_transaction = false;
    if (own && db.in_transaction() && !db.in_dry_run()) {
        if (!done.empty()) done += "; ";
        try {
            db.rollback();
            done += db.in_transaction() ? "the script ended with its transaction still open and the rollback failed"
                                        : "the script ended with its transaction still open: it was rolled back";
        } catch (const std::exception& e) {
            done += std::string("the script ended with its transaction still open and the rollback failed: ") + e.what();
        }
    }
    return done;
}

}  // namespace quiver::lua
