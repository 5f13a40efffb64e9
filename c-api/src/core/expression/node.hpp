#pragma once
// The evaluation side of expression nodes (internal to src/core/expression).
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/binary/binary_file.hpp"
#include "expression.hpp"

namespace quiver::expression {

class FileNode;

// What one save() owns while it evaluates: a reader per file node.
struct EvalContext {
    std::map<const FileNode*, std::unique_ptr<binary::BinaryFile>> readers;
};

class Node {
public:
    explicit Node(binary::BinaryMetadata metadata) : metadata_(std::move(metadata)) {}
    virtual ~Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    const binary::BinaryMetadata& metadata() const { return metadata_; }
    size_t dimension_count() const { return metadata_.dimensions.size(); }
    size_t label_count() const { return metadata_.labels.size(); }

    // The values of `cells` cells whose coordinates (this node's dimension order, 1-based) lie back
    // to back in `coords`; label_count() values per cell into `out`.
    virtual void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const = 0;
    // File nodes of the DAG, depth first (left operand before right; condition, then, else).
    virtual void collect_files(std::vector<const FileNode*>& out) const = 0;

private:
    binary::BinaryMetadata metadata_;
};

class FileNode : public Node {
public:
    FileNode(std::string path, binary::BinaryMetadata metadata) : Node(std::move(metadata)), path_(std::move(path)) {}
    const std::string& path() const { return path_; }
    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, double* out) const override;
    void collect_files(std::vector<const FileNode*>& out) const override { out.push_back(this); }

private:
    std::string path_;
};

// An operand seen from its parent's cells: which parent coordinate feeds each of its dimensions
// (or 1, for a dimension of size 1), and whether its single label is broadcast.
class Operand {
public:
    Operand(NodePtr node, const binary::BinaryMetadata& result);
    const Node& node() const { return *node_; }
    bool single_label() const { return single_label_; }
    // Evaluates the operand at the parent's cells into `out` (cells x operand labels).
    void eval(EvalContext& ctx, const int64_t* coords, size_t cells, size_t parent_dims, double* out) const;

private:
    NodePtr node_;
    std::vector<int64_t> source_;  // parent dimension index per operand dimension, -1 = always 1
    bool identity_ = true;
    bool single_label_ = false;
};

}  // namespace quiver::expression
