#include "node.hpp"

#include "core/error.hpp"

namespace quiver::expression {

void FileNode::eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const {
    const auto it = ctx.readers.find(this);
    if (it == ctx.readers.end()) fail("File is not open: " + path_);
    it->second->read_cells(coords, cells, out);
}

Operand::Operand(NodePtr node, const binary::BinaryMetadata& result) : node_(std::move(node)) {
    const auto& md = node_->metadata();
    identity_ = md.dimensions.size() == result.dimensions.size();
    for (size_t i = 0; i < md.dimensions.size(); ++i) {
        const auto& d = md.dimensions[i];
        const int64_t source = d.size == 1 ? -1 : result.dimension_index(d.name);
        source_.push_back(source);
        identity_ = identity_ && source == static_cast<int64_t>(i);
    }
    // A size-1 dimension of the result maps to itself too: coordinate 1 either way.
    if (!identity_ && md.dimensions.size() == result.dimensions.size()) {
        identity_ = true;
        for (size_t i = 0; i < md.dimensions.size(); ++i) {
            const bool same = md.dimensions[i].name == result.dimensions[i].name &&
                              (source_[i] == static_cast<int64_t>(i) || result.dimensions[i].size == 1);
            identity_ = identity_ && same;
        }
    }
    single_label_ = md.labels.size() == 1 && result.labels.size() > 1;
}

void Operand::eval(EvalContext& ctx, const int64_t* coords, size_t cells, size_t parent_dims, double* out) const {
    if (identity_) {
        node_->eval(ctx, coords, cells, out);
        return;
    }
    const size_t dims = source_.size();
    std::vector<int64_t> mapped(cells * dims);
    for (size_t c = 0; c < cells; ++c) {
        const int64_t* from = coords + c * parent_dims;
        int64_t* to = mapped.data() + c * dims;
        for (size_t j = 0; j < dims; ++j) to[j] = source_[j] < 0 ? 1 : from[source_[j]];
    }
    node_->eval(ctx, mapped.data(), cells, out);
}

}  // namespace quiver::expression
