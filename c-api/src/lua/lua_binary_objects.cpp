#include "lua_binary_objects.hpp"

#include <cstring>
#include <initializer_list>

namespace quiver::lua {

namespace {

// Registry keys of the metatables (their addresses are the keys).
const char kFileKey = 0;
const char kMetadataKey = 0;
const char kExpressionKey = 0;

struct Box {
    void* object;
};

// The userdata at `index` when its metatable is the one under `key`.
void* boxed(lua_State* L, int index, const void* key) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_checkstack(L, 2)) return nullptr;
    if (!lua_getmetatable(L, index)) return nullptr;
    lua_rawgetp(L, LUA_REGISTRYINDEX, key);
    const bool same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same ? static_cast<Box*>(lua_touserdata(L, index))->object : nullptr;
}

template <class T>
int collect(lua_State* L) {
    auto* box = static_cast<Box*>(lua_touserdata(L, 1));
    if (box) {
        delete static_cast<T*>(box->object);
        box->object = nullptr;
    }
    return 0;
}

// New userdata owning `object` (released from `owned` only once the metatable is set, so a
// memory error on the way leaves it with its owner). For Call::build.
template <class T>
int push_boxed(const Call& c, std::unique_ptr<T>& owned, const void* key) {
    return c.build([&owned, key](lua_State* L) {
        auto* box = static_cast<Box*>(lua_newuserdatauv(L, sizeof(Box), 0));
        box->object = nullptr;
        lua_rawgetp(L, LUA_REGISTRYINDEX, key);
        lua_setmetatable(L, -2);
        box->object = owned.release();
    });
}

void create_metatable(lua_State* L, Context& ctx, const void* key, const char* name,
                      std::initializer_list<std::span<const Method>> lists, lua_CFunction gc) {
    lua_createtable(L, 0, 16);
    lua_createtable(L, 0, 16);
    for (const auto& methods : lists) {
        for (const Method& method : methods) {
            push_method(L, ctx, method);
            if (std::strncmp(method.name, "__", 2) == 0) {
                lua_setfield(L, -3, method.name);  // a metamethod
            } else {
                lua_setfield(L, -2, method.name);
            }
        }
    }
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, gc);
    lua_setfield(L, -2, "__gc");
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__name");
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__metatable");  // scripts can neither read nor swap it
    lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

}  // namespace

binary::BinaryFile* to_binary_file(lua_State* L, int index) {
    return static_cast<binary::BinaryFile*>(boxed(L, index, &kFileKey));
}

binary::BinaryMetadata* to_binary_metadata(lua_State* L, int index) {
    return static_cast<binary::BinaryMetadata*>(boxed(L, index, &kMetadataKey));
}

const expression::NodePtr* to_expression_node(lua_State* L, int index) {
    return static_cast<const expression::NodePtr*>(boxed(L, index, &kExpressionKey));
}

int push_binary_file(const Call& c, std::unique_ptr<binary::BinaryFile> file) { return push_boxed(c, file, &kFileKey); }

int push_binary_metadata(const Call& c, std::unique_ptr<binary::BinaryMetadata> metadata) {
    return push_boxed(c, metadata, &kMetadataKey);
}

int push_expression(const Call& c, const expression::NodePtr& node) {
    auto owned = std::make_unique<expression::NodePtr>(node);
    return push_boxed(c, owned, &kExpressionKey);
}

void open_binary_library(lua_State* L, Context& ctx) {
    create_metatable(L, ctx, &kFileKey, "BinaryFile", {binary_file_methods(), expression_operators()},
                     &collect<binary::BinaryFile>);
    create_metatable(L, ctx, &kMetadataKey, "BinaryMetadata", {binary_metadata_methods()}, &collect<binary::BinaryMetadata>);
    create_metatable(L, ctx, &kExpressionKey, "Expression", {expression_methods(), expression_operators()},
                     &collect<expression::NodePtr>);
    lua_getglobal(L, "quiver");
    for (auto functions : {binary_metadata_functions(), expression_functions()}) {
        for (const Method& function : functions) {
            push_method(L, ctx, function);
            lua_setfield(L, -2, function.name);
        }
    }
    lua_pop(L, 1);
}

}  // namespace quiver::lua
