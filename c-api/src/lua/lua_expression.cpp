// quiver.expression and the other expression builders, the Expression methods, and the
// operators shared by Expression and BinaryFile userdata.
#include <optional>

#include "core/error.hpp"
#include "lua_binary_objects.hpp"
#include "lua_sandbox_path.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

namespace ex = expression;

// An Expression as is, a BinaryFile as a file node on its path; anything else is refused.
ex::NodePtr node_at(lua_State* L, int index) {
    if (const ex::NodePtr* node = to_expression_node(L, index)) return *node;
    if (const binary::BinaryFile* file = to_binary_file(L, index)) return ex::file_node(file->path());
    fail("Cannot build expression: operand must be an expression or a binary file");
}

const ex::NodePtr& self_node(Call& c) {
    const ex::NodePtr* node = to_expression_node(c.L, 1);
    if (!node) c.bad_argument(1, "Expression expected");
    return *node;
}

// Operands at stack indexes 1 and 2; one number is a scalar on its side.
ex::NodePtr binary_operation(lua_State* L, ex::BinaryOp op) {
    const bool left_number = lua_type(L, 1) == LUA_TNUMBER;
    const bool right_number = lua_type(L, 2) == LUA_TNUMBER;
    if (left_number && !right_number) return ex::apply_scalar_left(op, lua_tonumber(L, 1), node_at(L, 2));
    if (right_number && !left_number) return ex::apply_scalar_right(op, node_at(L, 1), lua_tonumber(L, 2));
    return ex::apply(op, node_at(L, 1), node_at(L, 2));
}

template <ex::BinaryOp Op>
int binary(Call& c) {
    return push_expression(c, binary_operation(c.L, Op));
}

template <ex::UnaryOp Op>
int unary(Call& c) {
    return push_expression(c, ex::apply_unary(Op, node_at(c.L, 1)));
}

int expression(Call& c) { return push_expression(c, node_at(c.L, 1)); }

int ifelse(Call& c) {
    ex::NodePtr condition = node_at(c.L, 1);
    ex::NodePtr then_value = node_at(c.L, 2);
    ex::NodePtr else_value = node_at(c.L, 3);
    return push_expression(c, ex::ifelse(condition, then_value, else_value));
}

std::optional<ex::ReduceOp> reduce_op(const std::string& name) {
    for (ex::ReduceOp op : {ex::ReduceOp::Sum, ex::ReduceOp::Mean, ex::ReduceOp::Min, ex::ReduceOp::Max, ex::ReduceOp::Percentile}) {
        if (name == ex::reduce_op_name(op)) return op;
    }
    return std::nullopt;
}

std::optional<double> optional_number(Call& c, int index, int argument) {
    if (lua_isnoneornil(c.L, index)) return std::nullopt;
    if (lua_type(c.L, index) != LUA_TNUMBER) c.bad_argument(argument, "number expected");
    return lua_tonumber(c.L, index);
}

int save(Call& c) {
    const ex::NodePtr& node = self_node(c);
    ex::save(node, sandboxed_path(c.db(), "save", c.string_arg(2)));
    return c.none();
}

int metadata(Call& c) {
    return push_binary_metadata(c, std::make_unique<binary::BinaryMetadata>(ex::metadata_of(self_node(c))));
}

int aggregate(Call& c) {
    const ex::NodePtr& node = self_node(c);
    const std::string dimension = c.string_arg(2);
    const std::string name = c.string_arg(3);
    const auto op = reduce_op(name);
    if (!op) fail("Cannot aggregate: unknown operation '" + name + "'");
    return push_expression(c, ex::aggregate(node, dimension, *op, optional_number(c, 4, 4)));
}

int aggregate_agents(Call& c) {
    const ex::NodePtr& node = self_node(c);
    const std::string name = c.string_arg(2);
    const auto op = reduce_op(name);
    if (!op) fail("Cannot aggregate_agents: unknown operation '" + name + "'");
    return push_expression(c, ex::aggregate_agents(node, *op, optional_number(c, 3, 3)));
}

int select_agents(Call& c) {
    const ex::NodePtr& node = self_node(c);
    const int table = c.table_arg(2);
    ensure_stack(c.L, 2);
    std::vector<std::string> labels;
    const auto length = static_cast<lua_Integer>(lua_rawlen(c.L, table));
    for (lua_Integer i = 1; i <= length; ++i) {
        lua_rawgeti(c.L, table, i);
        if (lua_type(c.L, -1) != LUA_TSTRING) fail("Cannot select_agents: labels must be strings");
        labels.push_back(string_at(c.L, -1));
        lua_pop(c.L, 1);
    }
    return push_expression(c, ex::select_agents(node, labels));
}

int rename_agents(Call& c) {
    const ex::NodePtr& node = self_node(c);
    const int table = c.table_arg(2);
    ensure_stack(c.L, 3);
    std::vector<std::pair<std::string, std::string>> mapping;
    lua_pushnil(c.L);
    while (lua_next(c.L, table) != 0) {
        std::string old_name = key_name(c.L, -2, "rename_agents", "label");
        if (lua_type(c.L, -1) != LUA_TSTRING) fail("Cannot rename_agents: new label names must be strings");
        mapping.emplace_back(std::move(old_name), string_at(c.L, -1));
        lua_pop(c.L, 1);
    }
    return push_expression(c, ex::rename_agents(node, mapping));
}

constexpr Method kFunctions[] = {
    {"expression", expression, false},
    {"abs", unary<ex::UnaryOp::Abs>, false},
    {"sqrt", unary<ex::UnaryOp::Sqrt>, false},
    {"log", unary<ex::UnaryOp::Log>, false},
    {"exp", unary<ex::UnaryOp::Exp>, false},
    {"ifelse", ifelse, false},
    {"gt", binary<ex::BinaryOp::Gt>, false},
    {"lt", binary<ex::BinaryOp::Lt>, false},
    {"gte", binary<ex::BinaryOp::Gte>, false},
    {"lte", binary<ex::BinaryOp::Lte>, false},
    {"eq", binary<ex::BinaryOp::Eq>, false},
    {"neq", binary<ex::BinaryOp::Neq>, false},
};

constexpr Method kMethods[] = {
    {"save", save, false},
    {"metadata", metadata, false},
    {"aggregate", aggregate, false},
    {"aggregate_agents", aggregate_agents, false},
    {"select_agents", select_agents, false},
    {"rename_agents", rename_agents, false},
};

// Lua's `and`, `or`, `not`, `<` and `==` cannot build expressions (their results are coerced
// to booleans): comparisons are the quiver.gt/... functions.
constexpr Method kOperators[] = {
    {"__add", binary<ex::BinaryOp::Add>, false},
    {"__sub", binary<ex::BinaryOp::Subtract>, false},
    {"__mul", binary<ex::BinaryOp::Multiply>, false},
    {"__div", binary<ex::BinaryOp::Divide>, false},
    {"__band", binary<ex::BinaryOp::And>, false},
    {"__bor", binary<ex::BinaryOp::Or>, false},
    {"__unm", unary<ex::UnaryOp::Negate>, false},
    {"__bnot", unary<ex::UnaryOp::Not>, false},
};

}  // namespace

std::span<const Method> expression_functions() { return kFunctions; }
std::span<const Method> expression_methods() { return kMethods; }
std::span<const Method> expression_operators() { return kOperators; }

}  // namespace quiver::lua
