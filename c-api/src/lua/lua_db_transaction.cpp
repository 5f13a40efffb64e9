// db: transactions and dry runs.
#include "core/database.hpp"
#include "lua_db.hpp"

namespace quiver::lua {

namespace {

int begin_transaction(Call& c) {
    c.db().begin_transaction();
    return c.none();
}

int commit(Call& c) {
    c.db().commit();
    return c.none();
}

int rollback(Call& c) {
    c.db().rollback();
    return c.none();
}

int in_transaction(Call& c) { return c.boolean(c.db().in_transaction()); }

int begin_dry_run(Call& c) {
    c.db().begin_dry_run();
    return c.none();
}

int end_dry_run(Call& c) {
    c.db().end_dry_run();
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

int dry_run(Call& c) {
    const int fn = c.function_arg(1);
    c.db().begin_dry_run();
    if (!call_with_db(c, fn)) {
        ignoring_errors([&] { c.db().end_dry_run(); });
        return kRethrow;
    }
    c.db().end_dry_run();
    return 1;
}

constexpr Method kMethods[] = {
    {"begin_transaction", begin_transaction},
    {"commit", commit},
    {"rollback", rollback},
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
