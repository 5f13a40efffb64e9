#pragma once
// The script's return value as JSON text.
#include <string>

struct lua_State;

namespace quiver::lua {

// Encodes the value at stack `index`. Failures throw quiver::Error with the exact
// "Cannot run: ..." messages. Safe outside any protected call: it only uses Lua API functions
// that never raise and never run Lua code, and it leaves the stack as it found it.
std::string encode_json(lua_State* L, int index);

}  // namespace quiver::lua
