#pragma once
// Plumbing shared by every `db` method: argument checks, error hand-off and result building.
//
// Lua is compiled as C, so a Lua error is a longjmp that would skip the destructors of any C++
// frame it crosses. The rules that keep it from crossing one:
//  1. A method body runs inside invoke(), which catches every C++ exception. The Lua error is
//     raised by the dispatcher only after the body's frame is gone (see lua_call.cpp).
//  2. Bodies call only Lua API functions that neither raise nor run Lua code: type queries,
//     lua_to* on values of the right type, raw reads, lua_next over a table nobody modifies,
//     pushes of non-collectable values (nil, booleans, numbers) within the guaranteed stack.
//  3. Everything that creates Lua objects (strings, tables) goes through Call::build(): the
//     builder runs under lua_pcall, so a memory error unwinds to that pcall only. Builders keep
//     no C++ objects of their own and must not throw (they only read data owned by the body).
//  4. Calls back into Lua (db:transaction(fn)) use lua_pcall.
#include <lua.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace quiver {
class Database;
}

namespace quiver::lua {

// State shared by all methods of one runner; the method closures carry a pointer to it.
struct Context {
    Database* db = nullptr;
    const void* self = nullptr;  // the `db` userdata block, to recognise `self`
    std::string pending;         // message of the method that failed, raised by the dispatcher
    bool pending_positional = false;
};

class Call;
using Body = int (*)(Call&);

struct Method {
    const char* name;
    Body body;
    // false for functions that are not `db` methods (the `quiver` table, binary-file userdata
    // methods and metamethods): no self check, and arguments are numbered from stack index 1.
    bool db_method = true;
};

// A bad argument: raised like Lua's own argument errors, with the caller's position.
class ArgumentError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Returned by a body instead of a result count: raise the error object on top of the stack
// unchanged (db:transaction re-raising what fn raised).
inline constexpr int kRethrow = -1;

// One invocation of a `db` method. Arguments are numbered from 1 after `db` itself (stack index
// n + 1), as Lua numbers them for method calls.
class Call {
public:
    Call(lua_State* L, Context& ctx, const Method& method);

    lua_State* const L;
    Database& db() const { return *ctx_.db; }
    const char* name() const { return method_.name; }
    int self_index() const { return 1; }

    std::string string_arg(int n) const;
    int64_t integer_arg(int n) const;
    int table_arg(int n) const;           // stack index of the table
    int optional_table_arg(int n) const;  // 0 when absent or nil
    int function_arg(int n) const;
    [[noreturn]] void bad_argument(int n, const std::string& message) const;

    // Results (each returns the result count for the body to return).
    int none() const { return 0; }
    int boolean(bool value) const;
    int integer(int64_t value) const;
    int number(double value) const;
    int string(const std::string& value) const;

    // Runs f(L) in protected mode; f must push exactly one value (see rule 3 above).
    template <class F>
    int build(F&& f) const {
        using Fn = std::remove_reference_t<F>;
        run_protected(L, &trampoline<Fn>, const_cast<void*>(static_cast<const void*>(&f)));
        return 1;
    }

private:
    template <class Fn>
    static int trampoline(lua_State* L) {
        (*static_cast<Fn*>(lua_touserdata(L, 1)))(L);
        return 1;
    }
    static void run_protected(lua_State* L, lua_CFunction fn, void* data);
    int stack_index(int n) const { return method_.db_method ? n + 1 : n; }
    [[noreturn]] void type_error(int n, const char* expected) const;

    Context& ctx_;
    const Method& method_;
};

// Pushes the closure for `method`, bound to `ctx` (used while building the environment; raises
// on memory errors, so call it from protected code).
void push_method(lua_State* L, Context& ctx, const Method& method);

// The string at `index`. Callers check the type first: lua_tolstring would convert a number in
// place, which allocates.
std::string string_at(lua_State* L, int index);

// Makes sure `slots` more values fit on the stack; throws instead of raising.
void ensure_stack(lua_State* L, int slots);

}  // namespace quiver::lua
