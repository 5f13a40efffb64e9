#pragma once
// One Lua 5.4 state bound to a database.
#include <memory>
#include <string>
#include <string_view>

#include "lua_limits.hpp"

struct lua_State;

namespace quiver {
class Database;
}

namespace quiver::lua {

struct Context;

class LuaRunner {
public:
    // The database is borrowed and must outlive the runner. Throws quiver::Error.
    explicit LuaRunner(Database& db);
    ~LuaRunner();
    LuaRunner(const LuaRunner&) = delete;
    LuaRunner& operator=(const LuaRunner&) = delete;

    // Runs `script` as one chunk in the persistent state: "" when it returned nothing, else the
    // JSON text of its first return value. Throws quiver::Error ("Failed to run Lua script: ..."
    // or the encoder's "Cannot run: ..." message). A script stopped by a limit fails with
    // "Failed to run Lua script: time limit of <n> ms exceeded" (or memory limit); a transaction or dry run
    // the script began and left open is rolled back and reported as a failure too.
    std::string run(std::string_view script, const RunLimits& limits = {});

private:
    // Ends what the script left open; returns what was done ("" when nothing was open).
    std::string close_what_script_left(bool transaction_before);

    std::unique_ptr<Context> context_;
    std::unique_ptr<Limits> limits_;  // the allocator's userdata: address stable for the state's life
    lua_State* L_ = nullptr;
};

}  // namespace quiver::lua
