// db: transactions and dry runs.
#include "core/database.hpp"
#include "lua_db.hpp"

namespace quiver::lua {

namespace {

// The script's own transaction is tracked so that run() can roll back one left open (a dry run
// makes begin_transaction a no-op: nothing to track then).
int begin_transaction(Call& c) {
    const bool real = !c.db().in_dry_run();
    c.db().begin_transaction();
    if (real) c.context().script_transaction = true;
    return c.none();
}

// After commit or rollback, failed or not, the script owns a transaction only if one is still open.
template <void (Database::*Finish)()>
int finish_transaction(Call& c) {
    Context& ctx = c.context();
    try {
        (c.db().*Finish)();
    } catch (...) {
        ctx.script_transaction = ctx.script_transaction && c.db().in_transaction();
        throw;
    }
    ctx.script_transaction = ctx.script_transaction && c.db().in_transaction();
    return c.none();
}

int in_transaction(Call& c) { return c.boolean(c.db().in_transaction()); }

// A dry run a script begins belongs to its runner; one its caller began cannot be ended here.
int begin_dry_run(Call& c) {
    c.db().begin_dry_run(&c.context(), "a Lua script");
    return c.none();
}

int end_dry_run(Call& c) {
    c.db().end_dry_run(&c.context());
    return c.none();
}

int in_dry_run(Call& c) { return c.boolean(c.db().in_dry_run()); }

// Calls fn(db) under lua_pcall, leaving its first result (or its error object) on top.
bool call_with_db(Call& c, int fn) {
    ensure_stack(c.L, 3);
    lua_pushvalue(c.L, fn);
    lua_pushvalue(c.L, c.self_index());
    return lua_pcall(c.L, 1, 1, 0) == LUA_OK;
}

// The cleanup after a failed fn must not replace fn's error, which is what the script sees.
template <class F>
void ignoring_errors(F&& cleanup) {
    try {
        cleanup();
    } catch (...) {
    }
}

int transaction(Call& c) {
    const int fn = c.function_arg(1);
    c.db().begin_transaction();
    if (!call_with_db(c, fn)) {
        ignoring_errors([&] { c.db().rollback(); });
        return kRethrow;
    }
    c.db().commit();
    return 1;
}

// The dry run belongs to this call (its frame's address), so fn cannot end it early.
int dry_run(Call& c) {
    const int fn = c.function_arg(1);
    const char owner = 0;
    c.db().begin_dry_run(&owner, "db:dry_run(fn)");
    if (!call_with_db(c, fn)) {
        ignoring_errors([&] { c.db().end_dry_run(&owner); });
        return kRethrow;
    }
    c.db().end_dry_run(&owner);
    return 1;
}

constexpr Method kMethods[] = {
    {"begin_transaction", begin_transaction},
    {"commit", finish_transaction<&Database::commit>},
    {"rollback", finish_transaction<&Database::rollback>},
    {"in_transaction", in_transaction},
    {"transaction", transaction},
    {"begin_dry_run", begin_dry_run},
    {"end_dry_run", end_dry_run},
    {"in_dry_run", in_dry_run},
    {"dry_run", dry_run},
};

}  // namespace

std::span<const Method> transaction_methods() { return kMethods; }

}  // namespace quiver::lua
