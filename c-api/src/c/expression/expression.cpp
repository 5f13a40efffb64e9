// quiver_expression_*: each handle holds one reference to an immutable node, so operands may be
// closed in any order. Enum values outside the header's range are rejected here with the texts
// Quiver 0.10 gives.
#include <optional>
#include <string>
#include <vector>

#include "c/binary/binary_handles.hpp"
#include "c/support.hpp"
#include "core/error.hpp"
#include "core/expression/expression.hpp"
#include "quiver/c/expression/expression.h"

using quiver::c::guarded;
namespace ex = quiver::expression;

struct quiver_expression {
    ex::NodePtr node;
};

namespace {

ex::BinaryOp binary_op(quiver_expression_operation_t op) {
    const int value = static_cast<int>(op);
    if (value < QUIVER_EXPRESSION_OPERATION_ADD || value > QUIVER_EXPRESSION_OPERATION_OR) {
        quiver::fail("Cannot apply: unknown expression operation");
    }
    return static_cast<ex::BinaryOp>(value);
}

ex::UnaryOp unary_op(quiver_expression_unary_operation_t op) {
    const int value = static_cast<int>(op);
    if (value < QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE || value > QUIVER_EXPRESSION_UNARY_OPERATION_NOT) {
        quiver::fail("Cannot apply: unknown expression unary operation");
    }
    return static_cast<ex::UnaryOp>(value);
}

ex::ReduceOp reduce_op(int value, const char* name) {
    if (value < 0 || value > static_cast<int>(ex::ReduceOp::Percentile)) {
        quiver::fail(std::string("Cannot ") + name + ": unknown operation enum value");
    }
    return static_cast<ex::ReduceOp>(value);
}

std::optional<double> parameter_of(const double* parameter) {
    return parameter ? std::optional<double>(*parameter) : std::nullopt;
}

void hand_out(ex::NodePtr node, quiver_expression_t** out) { *out = new quiver_expression{std::move(node)}; }

std::vector<std::string> strings_of(const char* const* items, size_t count, const char* name) {
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (!items[i]) quiver::fail(std::string("Null argument: ") + name);
        out.emplace_back(items[i]);
    }
    return out;
}

}  // namespace

extern "C" {

quiver_error_t quiver_expression_from_file(quiver_binary_file_t* file, quiver_expression_t** out) {
    QUIVER_REQUIRE(file);
    QUIVER_REQUIRE(out);
    return guarded([&] { hand_out(ex::file_node(file->file.path()), out); });
}

quiver_error_t quiver_expression_close(quiver_expression_t* expression) {
    delete expression;
    return QUIVER_OK;
}

quiver_error_t quiver_expression_apply(quiver_expression_operation_t operation, quiver_expression_t* lhs,
                                       quiver_expression_t* rhs, quiver_expression_t** out) {
    QUIVER_REQUIRE(lhs);
    QUIVER_REQUIRE(rhs);
    QUIVER_REQUIRE(out);
    return guarded([&] { hand_out(ex::apply(binary_op(operation), lhs->node, rhs->node), out); });
}

quiver_error_t quiver_expression_apply_scalar_right(quiver_expression_operation_t operation, quiver_expression_t* lhs,
                                                    double rhs, quiver_expression_t** out) {
    QUIVER_REQUIRE(lhs);
    QUIVER_REQUIRE(out);
    return guarded([&] { hand_out(ex::apply_scalar_right(binary_op(operation), lhs->node, rhs), out); });
}

quiver_error_t quiver_expression_apply_scalar_left(quiver_expression_operation_t operation, double lhs,
                                                   quiver_expression_t* rhs, quiver_expression_t** out) {
    QUIVER_REQUIRE(rhs);
    QUIVER_REQUIRE(out);
    return guarded([&] { hand_out(ex::apply_scalar_left(binary_op(operation), lhs, rhs->node), out); });
}

quiver_error_t quiver_expression_apply_unary(quiver_expression_unary_operation_t operation, quiver_expression_t* operand,
                                             quiver_expression_t** out) {
    QUIVER_REQUIRE(operand);
    QUIVER_REQUIRE(out);
    return guarded([&] { hand_out(ex::apply_unary(unary_op(operation), operand->node), out); });
}

quiver_error_t quiver_expression_apply_ternary(quiver_expression_ternary_operation_t operation,
                                               quiver_expression_t* condition, quiver_expression_t* then_value,
                                               quiver_expression_t* else_value, quiver_expression_t** out) {
    QUIVER_REQUIRE(condition);
    QUIVER_REQUIRE(then_value);
    QUIVER_REQUIRE(else_value);
    QUIVER_REQUIRE(out);
    return guarded([&] {
        if (operation != QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE) {
            quiver::fail("Cannot apply: unknown expression ternary operation");
        }
        hand_out(ex::ifelse(condition->node, then_value->node, else_value->node), out);
    });
}

quiver_error_t quiver_expression_save(quiver_expression_t* expression, const char* path) {
    QUIVER_REQUIRE(expression);
    QUIVER_REQUIRE(path);
    return guarded([&] { ex::save(expression->node, path); });
}

quiver_error_t quiver_expression_get_metadata(quiver_expression_t* expression, quiver_binary_metadata_t** out) {
    QUIVER_REQUIRE(expression);
    QUIVER_REQUIRE(out);
    return guarded([&] { *out = new quiver_binary_metadata{ex::metadata_of(expression->node)}; });
}

quiver_error_t quiver_expression_aggregate(quiver_expression_t* expression, const char* dimension,
                                           quiver_expression_aggregate_operation_t operation, const double* parameter,
                                           quiver_expression_t** out) {
    QUIVER_REQUIRE(expression);
    QUIVER_REQUIRE(dimension);
    QUIVER_REQUIRE(out);
    return guarded([&] {
        const ex::ReduceOp op = reduce_op(static_cast<int>(operation), "aggregate");
        hand_out(ex::aggregate(expression->node, dimension, op, parameter_of(parameter)), out);
    });
}

quiver_error_t quiver_expression_aggregate_agents(quiver_expression_t* expression,
                                                  quiver_expression_aggregate_agents_operation_t operation,
                                                  const double* parameter, quiver_expression_t** out) {
    QUIVER_REQUIRE(expression);
    QUIVER_REQUIRE(out);
    return guarded([&] {
        const ex::ReduceOp op = reduce_op(static_cast<int>(operation), "aggregate_agents");
        hand_out(ex::aggregate_agents(expression->node, op, parameter_of(parameter)), out);
    });
}

quiver_error_t quiver_expression_select_agents(quiver_expression_t* expression, const char* const* labels,
                                               size_t label_count, quiver_expression_t** out) {
    QUIVER_REQUIRE(expression);
    QUIVER_REQUIRE(labels);
    QUIVER_REQUIRE(out);
    return guarded([&] { hand_out(ex::select_agents(expression->node, strings_of(labels, label_count, "labels")), out); });
}

quiver_error_t quiver_expression_rename_agents(quiver_expression_t* expression, const char* const* old_labels,
                                               const char* const* new_labels, size_t mapping_count,
                                               quiver_expression_t** out) {
    QUIVER_REQUIRE(expression);
    QUIVER_REQUIRE(old_labels);
    QUIVER_REQUIRE(new_labels);
    QUIVER_REQUIRE(out);
    return guarded([&] {
        const auto olds = strings_of(old_labels, mapping_count, "old_labels");
        const auto news = strings_of(new_labels, mapping_count, "new_labels");
        std::vector<std::pair<std::string, std::string>> mapping;
        for (size_t i = 0; i < mapping_count; ++i) mapping.emplace_back(olds[i], news[i]);
        hand_out(ex::rename_agents(expression->node, mapping), out);
    });
}

}  // extern "C"
