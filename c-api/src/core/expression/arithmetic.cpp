// Element-wise nodes: scalar constants, binary operations, unary operations and IFELSE. Each
// evaluates its operands into contiguous buffers and combines them in one tight loop per
// operation (the switch is outside the loop), with single-label operands broadcast.
#include <cmath>

#include "broadcast.hpp"
#include "core/error.hpp"
#include "node.hpp"

namespace quiver::expression {

using binary::BinaryMetadata;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class ScalarNode : public Node {
public:
    ScalarNode(double value, BinaryMetadata metadata) : Node(std::move(metadata)), value_(value) {}
    void eval(EvalContext&, const int64_t*, size_t cells, double* out) const override {
        std::fill(out, out + cells * label_count(), value_);
    }
    void collect_files(std::vector<const FileNode*>&) const override {}

private:
    double value_;
};

// out[c][k] = f(a[c][k or 0], b[c][k or 0]) over cells x labels.
template <class F>
void combine(const double* a, bool a_single, const double* b, bool b_single, double* out, size_t cells, size_t labels,
             F f) {
    if (!a_single && !b_single) {
        const size_t n = cells * labels;
        for (size_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
        return;
    }
    for (size_t c = 0; c < cells; ++c) {
        for (size_t k = 0; k < labels; ++k) {
            out[c * labels + k] = f(a_single ? a[c] : a[c * labels + k], b_single ? b[c] : b[c * labels + k]);
        }
    }
}

template <class Cmp>
double compare(double l, double r, Cmp cmp) {
    return std::isnan(l) || std::isnan(r) ? kNaN : (cmp(l, r) ? 1.0 : 0.0);
}

class BinaryNode : public Node {
public:
    BinaryNode(BinaryOp op, NodePtr lhs, NodePtr rhs, BinaryMetadata metadata)
        : Node(std::move(metadata)), op_(op), lhs_(std::move(lhs), this->metadata()), rhs_(std::move(rhs), this->metadata()) {}

    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override {
        std::vector<double> a(cells * lhs_.node().label_count());
        std::vector<double> b(cells * rhs_.node().label_count());
        lhs_.eval(ctx, coords, cells, dimension_count(), a.data());
        rhs_.eval(ctx, coords, cells, dimension_count(), b.data());
        const bool as = lhs_.single_label();
        const bool bs = rhs_.single_label();
        const size_t n = label_count();
        switch (op_) {
        case BinaryOp::Add: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return l + r; }); break;
        case BinaryOp::Subtract: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return l - r; }); break;
        case BinaryOp::Multiply: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return l * r; }); break;
        case BinaryOp::Divide: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return l / r; }); break;
        case BinaryOp::Gt: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return compare(l, r, std::greater<>()); }); break;
        case BinaryOp::Lt: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return compare(l, r, std::less<>()); }); break;
        case BinaryOp::Gte: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return compare(l, r, std::greater_equal<>()); }); break;
        case BinaryOp::Lte: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return compare(l, r, std::less_equal<>()); }); break;
        case BinaryOp::Eq: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return compare(l, r, std::equal_to<>()); }); break;
        case BinaryOp::Neq: combine(a.data(), as, b.data(), bs, out, cells, n, [](double l, double r) { return compare(l, r, std::not_equal_to<>()); }); break;
        case BinaryOp::And:
            combine(a.data(), as, b.data(), bs, out, cells, n,
                    [](double l, double r) { return compare(l, r, [](double x, double y) { return x != 0 && y != 0; }); });
            break;
        case BinaryOp::Or:
            combine(a.data(), as, b.data(), bs, out, cells, n,
                    [](double l, double r) { return compare(l, r, [](double x, double y) { return x != 0 || y != 0; }); });
            break;
        }
    }

    void collect_files(std::vector<const FileNode*>& out) const override {
        lhs_.node().collect_files(out);
        rhs_.node().collect_files(out);
    }

private:
    BinaryOp op_;
    Operand lhs_;
    Operand rhs_;
};

class UnaryNode : public Node {
public:
    UnaryNode(UnaryOp op, NodePtr operand, BinaryMetadata metadata)
        : Node(std::move(metadata)), op_(op), operand_(std::move(operand)) {}

    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override {
        operand_->eval(ctx, coords, cells, out);
        const size_t n = cells * label_count();
        switch (op_) {
        case UnaryOp::Negate: for (size_t i = 0; i < n; ++i) out[i] = -out[i]; break;
        case UnaryOp::Abs: for (size_t i = 0; i < n; ++i) out[i] = std::fabs(out[i]); break;
        case UnaryOp::Sqrt: for (size_t i = 0; i < n; ++i) out[i] = std::sqrt(out[i]); break;
        case UnaryOp::Log: for (size_t i = 0; i < n; ++i) out[i] = std::log(out[i]); break;
        case UnaryOp::Exp: for (size_t i = 0; i < n; ++i) out[i] = std::exp(out[i]); break;
        case UnaryOp::Not:
            for (size_t i = 0; i < n; ++i) out[i] = std::isnan(out[i]) ? kNaN : (out[i] == 0 ? 1.0 : 0.0);
            break;
        }
    }

    void collect_files(std::vector<const FileNode*>& out) const override { operand_->collect_files(out); }

private:
    UnaryOp op_;
    NodePtr operand_;
};

class IfElseNode : public Node {
public:
    IfElseNode(NodePtr condition, NodePtr then_value, NodePtr else_value, BinaryMetadata metadata)
        : Node(std::move(metadata)),
          condition_(std::move(condition), this->metadata()),
          then_(std::move(then_value), this->metadata()),
          else_(std::move(else_value), this->metadata()) {}

    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override {
        std::vector<double> c(cells * condition_.node().label_count());
        std::vector<double> t(cells * then_.node().label_count());
        std::vector<double> e(cells * else_.node().label_count());
        condition_.eval(ctx, coords, cells, dimension_count(), c.data());
        then_.eval(ctx, coords, cells, dimension_count(), t.data());
        else_.eval(ctx, coords, cells, dimension_count(), e.data());
        const size_t labels = label_count();
        const auto at = [labels](const std::vector<double>& v, bool single, size_t cell, size_t k) {
            return single ? v[cell] : v[cell * labels + k];
        };
        for (size_t cell = 0; cell < cells; ++cell) {
            for (size_t k = 0; k < labels; ++k) {
                const double cond = at(c, condition_.single_label(), cell, k);
                out[cell * labels + k] = std::isnan(cond) ? kNaN
                                         : cond != 0      ? at(t, then_.single_label(), cell, k)
                                                          : at(e, else_.single_label(), cell, k);
            }
        }
    }

    void collect_files(std::vector<const FileNode*>& out) const override {
        condition_.node().collect_files(out);
        then_.node().collect_files(out);
        else_.node().collect_files(out);
    }

private:
    Operand condition_;
    Operand then_;
    Operand else_;
};

bool is_logical(BinaryOp op) { return op == BinaryOp::And || op == BinaryOp::Or; }

BinaryMetadata binary_metadata(BinaryOp op, const BinaryMetadata& lhs, const BinaryMetadata& rhs) {
    if (!is_logical(op)) check_units(lhs, rhs);
    check_shapes(lhs, rhs);
    BinaryMetadata md;
    md.labels = binary_labels(lhs, rhs);
    md.version = lhs.version;
    md.unit = is_logical(op) ? std::string() : lhs.unit;
    md.initial_datetime = has_time(lhs) ? lhs.initial_datetime : has_time(rhs) ? rhs.initial_datetime : lhs.initial_datetime;
    md.dimensions = union_dimensions({&lhs, &rhs});
    md.validate();
    return md;
}

}  // namespace

NodePtr apply(BinaryOp op, const NodePtr& lhs, const NodePtr& rhs) {
    BinaryMetadata md = binary_metadata(op, lhs->metadata(), rhs->metadata());
    return std::make_shared<BinaryNode>(op, lhs, rhs, std::move(md));
}

NodePtr apply_scalar_right(BinaryOp op, const NodePtr& lhs, double rhs) {
    return apply(op, lhs, std::make_shared<ScalarNode>(rhs, lhs->metadata()));
}

NodePtr apply_scalar_left(BinaryOp op, double lhs, const NodePtr& rhs) {
    return apply(op, std::make_shared<ScalarNode>(lhs, rhs->metadata()), rhs);
}

NodePtr apply_unary(UnaryOp op, const NodePtr& operand) {
    BinaryMetadata md = operand->metadata();
    if (op == UnaryOp::Not) md.unit.clear();
    return std::make_shared<UnaryNode>(op, operand, std::move(md));
}

NodePtr ifelse(const NodePtr& condition, const NodePtr& then_value, const NodePtr& else_value) {
    const BinaryMetadata& c = condition->metadata();
    const BinaryMetadata& t = then_value->metadata();
    const BinaryMetadata& e = else_value->metadata();
    check_units(t, e);
    check_shapes(c, t);
    check_shapes(t, e);
    check_shapes(c, e);
    const std::vector<std::string>* labels = nullptr;
    for (const BinaryMetadata* md : {&c, &t, &e}) {
        if (md->labels.size() <= 1) continue;
        if (labels && *labels != md->labels) {
            fail("Cannot apply: labels are incompatible across operands (non-singleton label sets must match)");
        }
        labels = &md->labels;
    }
    BinaryMetadata md;
    md.labels = labels ? *labels : t.labels;
    md.version = t.version;
    md.unit = t.unit;
    md.initial_datetime = has_time(t) ? t.initial_datetime : has_time(e) ? e.initial_datetime
                                                          : has_time(c) ? c.initial_datetime
                                                                        : t.initial_datetime;
    md.dimensions = union_dimensions({&c, &t, &e});
    md.validate();
    return std::make_shared<IfElseNode>(condition, then_value, else_value, std::move(md));
}

}  // namespace quiver::expression
