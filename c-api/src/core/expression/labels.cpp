// Nodes that work on the label axis: reduce all labels to one, select some, rename them.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "node.hpp"
#include "reduce.hpp"

namespace quiver::expression {

using binary::BinaryMetadata;

namespace {

class AggregateAgentsNode : public Node {
public:
    AggregateAgentsNode(NodePtr operand, ReduceOp op, double parameter, BinaryMetadata metadata)
        : Node(std::move(metadata)), operand_(std::move(operand)), op_(op), parameter_(parameter) {}

    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override {
        const size_t labels = operand_->label_count();
        std::vector<double> values(cells * labels);
        operand_->eval(ctx, coords, cells, values.data());
        Reducer reducer(op_, parameter_);
        for (size_t c = 0; c < cells; ++c) {
            reducer.reset();
            for (size_t k = 0; k < labels; ++k) reducer.add(values[c * labels + k]);
            out[c] = reducer.result();
        }
    }
    void collect_files(std::vector<const FileNode*>& out) const override { operand_->collect_files(out); }

private:
    NodePtr operand_;
    ReduceOp op_;
    double parameter_;
};

class SelectAgentsNode : public Node {
public:
    SelectAgentsNode(NodePtr operand, std::vector<size_t> picks, BinaryMetadata metadata)
        : Node(std::move(metadata)), operand_(std::move(operand)), picks_(std::move(picks)) {}

    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override {
        const size_t labels = operand_->label_count();
        std::vector<double> values(cells * labels);
        operand_->eval(ctx, coords, cells, values.data());
        for (size_t c = 0; c < cells; ++c) {
            for (size_t k = 0; k < picks_.size(); ++k) out[c * picks_.size() + k] = values[c * labels + picks_[k]];
        }
    }
    void collect_files(std::vector<const FileNode*>& out) const override { operand_->collect_files(out); }

private:
    NodePtr operand_;
    std::vector<size_t> picks_;
};

// Values pass through unchanged; only the metadata differs.
class RenameAgentsNode : public Node {
public:
    RenameAgentsNode(NodePtr operand, BinaryMetadata metadata) : Node(std::move(metadata)), operand_(std::move(operand)) {}
    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override {
        operand_->eval(ctx, coords, cells, out);
    }
    void collect_files(std::vector<const FileNode*>& out) const override { operand_->collect_files(out); }

private:
    NodePtr operand_;
};

}  // namespace

NodePtr aggregate_agents(const NodePtr& operand, ReduceOp op, std::optional<double> parameter) {
    const double p = check_reduce_parameter("aggregate_agents", op, parameter);
    BinaryMetadata md = operand->metadata();
    md.labels = {reduce_op_name(op)};
    md.validate();
    return std::make_shared<AggregateAgentsNode>(operand, op, p, std::move(md));
}

NodePtr select_agents(const NodePtr& operand, const std::vector<std::string>& labels) {
    const auto& available = operand->metadata().labels;
    std::vector<size_t> picks;
    for (const auto& label : labels) {
        const auto it = std::find(available.begin(), available.end(), label);
        if (it == available.end()) fail("Cannot select_agents: label not found: '" + label + "'");
        picks.push_back(static_cast<size_t>(it - available.begin()));
    }
    BinaryMetadata md = operand->metadata();
    md.labels = labels;
    md.validate();
    return std::make_shared<SelectAgentsNode>(operand, std::move(picks), std::move(md));
}

NodePtr rename_agents(const NodePtr& operand, const std::vector<std::pair<std::string, std::string>>& mapping) {
    for (size_t i = 0; i < mapping.size(); ++i) {
        for (size_t j = 0; j < i; ++j) {
            if (mapping[j].first == mapping[i].first) fail("Cannot rename_agents: duplicate key '" + mapping[i].first + "'");
        }
    }
    const auto& labels = operand->metadata().labels;
    for (const auto& [old_name, new_name] : mapping) {
        if (std::find(labels.begin(), labels.end(), old_name) == labels.end()) {
            fail("Cannot rename_agents: label not found: '" + old_name + "'");
        }
    }
    BinaryMetadata md = operand->metadata();
    for (auto& label : md.labels) {
        for (const auto& [old_name, new_name] : mapping) {
            if (label == old_name) {
                label = new_name;  // simultaneous: compared against the operand's names
                break;
            }
        }
    }
    md.validate();
    return std::make_shared<RenameAgentsNode>(operand, std::move(md));
}

}  // namespace quiver::expression
