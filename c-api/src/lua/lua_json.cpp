// JSON encoder of the script's return value. It runs after the chunk returned, outside any protected call, so
// every Lua API call here must be one that cannot raise: type queries, lua_next over a table
// nobody modifies, raw reads, pushes of values that already exist, lua_checkstack. Nothing here
// allocates a Lua object, so no garbage-collection step (and no finalizer) can run meanwhile.
#include "lua_json.hpp"

#include <lua.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace quiver::lua {

namespace {

constexpr int kMaxDepth = 32;
constexpr size_t kMaxBytes = 64u * 1024u * 1024u;

// Length of the well-formed UTF-8 sequence starting at s[i] (Unicode table 3-7), 0 if malformed.
// The second byte's range narrows after E0, ED, F0 and F4: that is what rejects overlong forms,
// UTF-16 surrogates and code points above U+10FFFF.
size_t utf8_length(std::string_view s, size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) low = 0xA0;
        if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) low = 0x90;
        if (c == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (s.size() - i < length) return 0;
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < low || second > high) return 0;
    for (size_t k = 2; k < length; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    }
    return length;
}

// One key of an object. The value is fetched again later without allocating: by the integer,
// or through a copy of the string key parked on the stack (which also keeps `text` alive).
struct Key {
    const char* text = nullptr;
    size_t size = 0;
    int slot = 0;  // stack index of the string key's copy; 0 for an integer key
    lua_Integer integer = 0;
    char digits[24] = {};

    std::string_view view() const { return slot ? std::string_view(text, size) : std::string_view(digits, size); }
};

class Encoder {
public:
    explicit Encoder(lua_State* L) : L_(L) {}

    void value(int index, int depth);
    std::string out;

private:
    void number(int index);
    void string(std::string_view s);
    void table(int index, int depth);
    void array(int index, lua_Integer count, int depth);
    void object(int index, int depth);
    void reserve_stack(int slots);

    lua_State* L_;
};

void Encoder::value(int index, int depth) {
    if (depth > kMaxDepth) {
        fail("Cannot run: script return value nests deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    if (out.size() > kMaxBytes) {
        fail("Cannot run: script return value exceeds " + std::to_string(kMaxBytes) + " bytes of JSON");
    }
    switch (lua_type(L_, index)) {
    case LUA_TNIL:
        out += "null";
        break;
    case LUA_TBOOLEAN:
        out += lua_toboolean(L_, index) ? "true" : "false";
        break;
    case LUA_TNUMBER:
        number(index);
        break;
    case LUA_TSTRING: {
        size_t size = 0;
        const char* text = lua_tolstring(L_, index, &size);  // a string already: no conversion
        string({text, size});
        break;
    }
    case LUA_TTABLE:
        table(index, depth);
        break;
    default:
        fail("Cannot run: script returned an unsupported Lua type");
    }
}

void Encoder::number(int index) {
    char buffer[32];
    std::to_chars_result result;
    if (lua_isinteger(L_, index)) {
        result = std::to_chars(buffer, buffer + sizeof buffer, lua_tointeger(L_, index));
    } else {
        const double d = lua_tonumber(L_, index);
        if (!std::isfinite(d)) {
            out += "null";  // JSON has no NaN or infinity
            return;
        }
        result = std::to_chars(buffer, buffer + sizeof buffer, d);  // shortest round-trip form
    }
    out.append(buffer, result.ptr);
}

void Encoder::string(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    size_t run = 0;  // start of the bytes not yet copied
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const size_t length = utf8_length(s, i);
            if (length == 0) fail("Cannot run: script return value contains a string that is not valid UTF-8");
            i += length;
            continue;
        }
        const char* escape = nullptr;
        switch (c) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default: break;
        }
        if (!escape && c >= 0x20) {
            ++i;
            continue;
        }
        out.append(s.data() + run, i - run);
        if (escape) {
            out += escape;
        } else {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
        run = ++i;
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

void Encoder::reserve_stack(int slots) {
    // Fails only when the Lua stack limit (about a million slots) is reached or memory is out.
    if (!lua_checkstack(L_, slots)) fail("Cannot run: script return value has too many keys to encode");
}

void Encoder::table(int index, int depth) {
    // An array iff the keys are exactly 1..n; walked with lua_next because the length operator
    // returns an arbitrary border on a table with holes.
    reserve_stack(3);
    lua_Integer count = 0;
    lua_Integer max_key = 0;
    bool array_keys = true;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
        lua_pop(L_, 1);
        if (!lua_isinteger(L_, -1) || lua_tointeger(L_, -1) < 1) {
            array_keys = false;
            lua_pop(L_, 1);
            break;
        }
        ++count;
        max_key = std::max(max_key, lua_tointeger(L_, -1));
    }
    if (array_keys && count == max_key) {
        array(index, count, depth);
    } else {
        object(index, depth);
    }
}

void Encoder::array(int index, lua_Integer count, int depth) {
    out += '[';
    for (lua_Integer i = 1; i <= count; ++i) {
        if (i > 1) out += ',';
        lua_rawgeti(L_, index, i);
        value(lua_gettop(L_), depth + 1);
        lua_pop(L_, 1);
    }
    out += ']';
}

void Encoder::object(int index, int depth) {
    const int base = lua_gettop(L_);
    std::vector<Key> keys;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
        lua_pop(L_, 1);
        Key key;
        if (lua_type(L_, -1) == LUA_TSTRING) {
            reserve_stack(3);
            lua_pushvalue(L_, -1);
            lua_insert(L_, -2);  // park the copy below the iteration key
            key.slot = lua_gettop(L_) - 1;
            key.text = lua_tolstring(L_, key.slot, &key.size);
        } else if (lua_isinteger(L_, -1)) {
            key.integer = lua_tointeger(L_, -1);
            key.size = static_cast<size_t>(std::to_chars(key.digits, key.digits + sizeof key.digits, key.integer).ptr -
                                           key.digits);
        } else {
            fail("Cannot run: script returned a table with an unsupported key type");
        }
        keys.push_back(key);
    }

    // Byte-wise order makes the output deterministic (pairs order is not).
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) { return a.view() < b.view(); });
    out += '{';
    for (size_t i = 0; i < keys.size(); ++i) {
        if (i > 0) {
            // {[1] = 'a', ['1'] = 'b'}: two Lua keys, one JSON key. Refuse rather than drop one.
            if (keys[i].view() == keys[i - 1].view()) {
                fail("Cannot run: script returned a table with duplicate key '" + std::string(keys[i].view()) + "'");
            }
            out += ',';
        }
        string(keys[i].view());
        out += ':';
        if (keys[i].slot) {
            lua_pushvalue(L_, keys[i].slot);
            lua_rawget(L_, index);
        } else {
            lua_rawgeti(L_, index, keys[i].integer);
        }
        value(lua_gettop(L_), depth + 1);
        lua_pop(L_, 1);
    }
    out += '}';
    lua_settop(L_, base);
}

}  // namespace

std::string encode_json(lua_State* L, int index) {
    index = lua_absindex(L, index);
    const int top = lua_gettop(L);
    Encoder encoder(L);
    try {
        encoder.value(index, 0);
    } catch (...) {
        lua_settop(L, top);
        throw;
    }
    return std::move(encoder.out);
}

}  // namespace quiver::lua
