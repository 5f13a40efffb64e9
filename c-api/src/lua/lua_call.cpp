#include "lua_call.hpp"

#include <new>

#include "core/error.hpp"

namespace quiver::lua {

namespace {

// Records the failure for the dispatcher. Never throws: a failed copy leaves a fixed text.
int record_failure(Context& ctx, const char* message, bool positional) noexcept {
    try {
        ctx.pending.assign(message);
    } catch (...) {
        ctx.pending.clear();
    }
    ctx.pending_positional = positional;
    return -2;
}

// Runs the body; C++ exceptions end here. Returns the result count, kRethrow, or -2 when the
// failure was recorded in ctx.pending.
int invoke(lua_State* L, Context& ctx, const Method& method) noexcept {
    try {
        Call call(L, ctx, method);
        return method.body(call);
    } catch (const ArgumentError& e) {
        return record_failure(ctx, e.what(), true);
    } catch (const std::bad_alloc&) {
        return record_failure(ctx, "Memory allocation failed", false);
    } catch (const std::exception& e) {
        return record_failure(ctx, e.what(), false);
    } catch (...) {
        return record_failure(ctx, "Unknown error", false);
    }
}

// The lua_CFunction behind every method. Its frame holds only pointers, so the longjmp of
// lua_error may leave it. Messages of db methods are the core's text as is; argument errors get
// the caller's position, like Lua's own.
int dispatch(lua_State* L) {
    Context& ctx = *static_cast<Context*>(lua_touserdata(L, lua_upvalueindex(1)));
    const Method& method = *static_cast<const Method*>(lua_touserdata(L, lua_upvalueindex(2)));
    const int results = invoke(L, ctx, method);
    if (results >= 0) return results;
    if (results == kRethrow) return lua_error(L);
    // Copy the message first: a GC step in the pushes below may run a finalizer that calls
    // another method and overwrites ctx.pending.
    if (ctx.pending.empty()) {
        lua_pushliteral(L, "Memory allocation failed");
    } else {
        lua_pushlstring(L, ctx.pending.data(), ctx.pending.size());
    }
    if (ctx.pending_positional) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

}  // namespace

Call::Call(lua_State* state, Context& ctx, const Method& method) : L(state), ctx_(ctx), method_(method) {
    if (method_.db_method && lua_touserdata(L, 1) != ctx_.self) {
        throw ArgumentError(std::string("calling '") + method_.name + "' on bad self (use db:" + method_.name +
                            "(...))");
    }
}

void Call::bad_argument(int n, const std::string& message) const {
    throw ArgumentError("bad argument #" + std::to_string(n) + " to '" + method_.name + "' (" + message + ")");
}

void Call::type_error(int n, const char* expected) const {
    bad_argument(n, std::string(expected) + " expected, got " + lua_typename(L, lua_type(L, stack_index(n))));
}

std::string Call::string_arg(int n) const {
    // Strings only: Lua would coerce a number, but a number where a name belongs is a mistake.
    if (lua_type(L, stack_index(n)) != LUA_TSTRING) type_error(n, "string");
    return string_at(L, stack_index(n));
}

int64_t Call::integer_arg(int n) const {
    if (lua_type(L, stack_index(n)) != LUA_TNUMBER) type_error(n, "integer");
    int is_integer = 0;
    const lua_Integer value = lua_tointegerx(L, stack_index(n), &is_integer);
    if (!is_integer) bad_argument(n, "number has no integer representation");
    return value;
}

int Call::table_arg(int n) const {
    if (lua_type(L, stack_index(n)) != LUA_TTABLE) type_error(n, "table");
    return stack_index(n);
}

int Call::optional_table_arg(int n) const {
    if (lua_isnoneornil(L, stack_index(n))) return 0;
    return table_arg(n);
}

int Call::function_arg(int n) const {
    if (lua_type(L, stack_index(n)) != LUA_TFUNCTION) type_error(n, "function");
    return stack_index(n);
}

int Call::boolean(bool value) const {
    lua_pushboolean(L, value ? 1 : 0);
    return 1;
}

int Call::integer(int64_t value) const {
    lua_pushinteger(L, value);
    return 1;
}

int Call::number(double value) const {
    lua_pushnumber(L, value);
    return 1;
}

int Call::string(const std::string& value) const {
    return build([&value](lua_State* state) { lua_pushlstring(state, value.data(), value.size()); });
}

void Call::run_protected(lua_State* L, lua_CFunction fn, void* data) {
    ensure_stack(L, 3);
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, data);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        // A memory error (or a stack overflow) while building the result.
        std::string message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "not enough memory";
        lua_pop(L, 1);
        fail(message);
    }
}

void push_method(lua_State* L, Context& ctx, const Method& method) {
    lua_pushlightuserdata(L, &ctx);
    lua_pushlightuserdata(L, const_cast<Method*>(&method));
    lua_pushcclosure(L, &dispatch, 2);
}

std::string string_at(lua_State* L, int index) {
    size_t size = 0;
    const char* text = lua_tolstring(L, index, &size);
    return std::string(text, size);
}

void ensure_stack(lua_State* L, int slots) {
    if (!lua_checkstack(L, slots)) throw std::bad_alloc();
}

}  // namespace quiver::lua
