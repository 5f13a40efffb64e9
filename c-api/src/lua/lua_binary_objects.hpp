#pragma once
// The Lua userdata of the binary-file area: BinaryFile, BinaryMetadata and Expression. Each holds
// one owning pointer to a C++ object, released by its __gc. Type checks compare metatables kept
// in the registry under light-userdata keys, so they never allocate or raise (lua_call.hpp rule 2).
#include <lua.hpp>

#include <memory>
#include <span>

#include "core/binary/binary_file.hpp"
#include "core/binary/binary_metadata.hpp"
#include "core/expression/expression.hpp"
#include "lua_call.hpp"

namespace quiver::lua {

binary::BinaryFile* to_binary_file(lua_State* L, int index);       // nullptr when not a BinaryFile
binary::BinaryMetadata* to_binary_metadata(lua_State* L, int index);  // nullptr when not a BinaryMetadata
const expression::NodePtr* to_expression_node(lua_State* L, int index);  // nullptr when not an Expression

// Results: the object is built by the body, then handed to a new userdata under Call::build.
int push_binary_file(const Call& c, std::unique_ptr<binary::BinaryFile> file);
int push_binary_metadata(const Call& c, std::unique_ptr<binary::BinaryMetadata> metadata);
int push_expression(const Call& c, const expression::NodePtr& node);

// The methods (and metamethods, names starting with "__") of each userdata type.
std::span<const Method> binary_file_methods();      // lua_binary_file.cpp
std::span<const Method> binary_metadata_methods();  // lua_binary_metadata.cpp
std::span<const Method> expression_methods();       // lua_expression.cpp
// + - * / unary minus, & | ~ on expressions and files (lua_expression.cpp).
std::span<const Method> expression_operators();
// Functions of the `quiver` table.
std::span<const Method> binary_metadata_functions();  // lua_binary_metadata.cpp
std::span<const Method> expression_functions();       // lua_expression.cpp

// Creates the three metatables and fills the `quiver` table (global); runs while the
// environment is built (under lua_pcall).
void open_binary_library(lua_State* L, Context& ctx);

}  // namespace quiver::lua
