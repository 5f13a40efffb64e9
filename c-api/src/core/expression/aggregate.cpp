// Reduction over one dimension. For each result cell the reduced dimension runs over its period
// at that cell (a month's days, say) and each label is reduced separately.
#include <algorithm>

#include "core/binary/coordinates.hpp"
#include "core/error.hpp"
#include "node.hpp"
#include "reduce.hpp"

namespace quiver::expression {

using binary::BinaryMetadata;

namespace {

constexpr size_t kOperandValuesPerChunk = 1 << 16;

class AggregateNode : public Node {
public:
    AggregateNode(NodePtr operand, size_t reduced, ReduceOp op, double parameter, BinaryMetadata metadata)
        : Node(std::move(metadata)), operand_(std::move(operand)), reduced_(reduced), op_(op), parameter_(parameter) {}

    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override {
        const BinaryMetadata& md = operand_->metadata();
        const size_t dims = md.dimensions.size();
        const size_t labels = label_count();
        const size_t budget = std::max<size_t>(1, kOperandValuesPerChunk / labels);
        std::vector<int64_t> operand_coords;
        std::vector<size_t> counts;  // operand cells per result cell of the chunk
        std::vector<int64_t> cell(dims);
        std::vector<int64_t> sizes(dims);
        std::vector<double> values;
        Reducer reducer(op_, parameter_);
        size_t c = 0;
        while (c < cells) {
            operand_coords.clear();
            counts.clear();
            const size_t first = c;
            // Gather the operand cells of as many result cells as fit the budget (at least one).
            while (c < cells && (counts.empty() || operand_coords.size() / dims < budget)) {
                const int64_t* result = coords + c * dimension_count();
                for (size_t i = 0, j = 0; i < dims; ++i) cell[i] = i == reduced_ ? 1 : result[j++];
                const auto [start, end] = range(md, cell, sizes);
                for (int64_t v = start; v <= end; ++v) {
                    cell[reduced_] = v;
                    operand_coords.insert(operand_coords.end(), cell.begin(), cell.end());
                }
                counts.push_back(static_cast<size_t>(std::max<int64_t>(0, end - start + 1)));
                ++c;
            }
            const size_t operand_cells = operand_coords.size() / dims;
            values.resize(operand_cells * labels);
            if (operand_cells > 0) operand_->eval(ctx, operand_coords.data(), operand_cells, values.data());
            size_t offset = 0;
            for (size_t r = 0; r < counts.size(); ++r) {
                for (size_t k = 0; k < labels; ++k) {
                    reducer.reset();
                    for (size_t v = 0; v < counts[r]; ++v) reducer.add(values[(offset + v) * labels + k]);
                    out[(first + r) * labels + k] = reducer.result();
                }
                offset += counts[r];
            }
        }
    }

    void collect_files(std::vector<const FileNode*>& out) const override { operand_->collect_files(out); }

private:
    // The coordinates the reduced dimension takes at `cell` (whose reduced coordinate is 1).
    std::pair<int64_t, int64_t> range(const BinaryMetadata& md, const std::vector<int64_t>& cell,
                                      std::vector<int64_t>& sizes) const {
        const binary::Dimension& d = md.dimensions[reduced_];
        if (!d.is_time()) return {1, d.size};
        binary::period_sizes(md, cell.data(), sizes.data());
        const int64_t end = sizes[reduced_];
        if (d.time->parent_index < 0) return {d.time->initial_value, end};
        const auto parent = static_cast<size_t>(d.time->parent_index);
        const int64_t parent_initial = md.dimensions[parent].time->initial_value;
        return {cell[parent] == parent_initial ? d.time->initial_value : 1, end};
    }

    NodePtr operand_;
    size_t reduced_;
    ReduceOp op_;
    double parameter_;
};

}  // namespace

NodePtr aggregate(const NodePtr& operand, const std::string& dimension, ReduceOp op, std::optional<double> parameter) {
    const double p = check_reduce_parameter("aggregate", op, parameter);
    const BinaryMetadata& in = operand->metadata();
    const int64_t found = in.dimension_index(dimension);
    if (found < 0) fail("Dimension not found: '" + dimension + "' in operand metadata");
    const auto reduced = static_cast<size_t>(found);
    const int64_t grandparent = in.dimensions[reduced].is_time() ? in.dimensions[reduced].time->parent_index : -1;
    const auto shifted = [&](int64_t index) { return index < 0 ? -1 : index < found ? index : index - 1; };

    BinaryMetadata md = in;
    md.dimensions.clear();
    for (size_t i = 0; i < in.dimensions.size(); ++i) {
        if (i == reduced) continue;
        binary::Dimension d = in.dimensions[i];
        if (d.is_time()) d.time->parent_index = shifted(d.time->parent_index == found ? grandparent : d.time->parent_index);
        md.dimensions.push_back(std::move(d));
    }
    md.validate();
    return std::make_shared<AggregateNode>(operand, reduced, op, p, std::move(md));
}

}  // namespace quiver::expression
