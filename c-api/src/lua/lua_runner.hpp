#pragma once
// One Lua 5.4 state bound to a database.
#include <memory>
#include <string>
#include <string_view>

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
    // or the encoder's "Cannot run: ..." message).
    std::string run(std::string_view script);

private:
    std::unique_ptr<Context> context_;
    lua_State* L_ = nullptr;
};

}  // namespace quiver::lua
