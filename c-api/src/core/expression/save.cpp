// Materialising an expression: file nodes, save().
#include <algorithm>

#include "core/binary/coordinates.hpp"
#include "core/binary/staged_output.hpp"
#include "core/binary/write_registry.hpp"
#include "core/error.hpp"
#include "node.hpp"

namespace quiver::expression {

namespace {

constexpr size_t kValuesPerBlock = 8192;

}  // namespace

const binary::BinaryMetadata& metadata_of(const NodePtr& node) { return node->metadata(); }

NodePtr file_node(const std::string& path) {
    return std::make_shared<FileNode>(path, binary::metadata_from_toml_file(path));
}

void save(const NodePtr& node, const std::string& path) {
    std::vector<const FileNode*> files;
    node->collect_files(files);
    const std::string canonical = binary::canonical_base_path(path);
    for (const FileNode* file : files) {
        if (binary::canonical_base_path(file->path()) == canonical) {
            fail("Cannot save: output path collides with input file '" + file->path() + "'");
        }
    }

    EvalContext ctx;
    for (const FileNode* file : files) {
        if (ctx.readers.count(file)) continue;
        auto reader = std::make_unique<binary::BinaryFile>(file->path());
        reader->open('r', nullptr);
        // The file was re-written with another shape since the expression was built.
        const auto& now = reader->metadata();
        const auto& then = file->metadata();
        bool same_shape = now.labels.size() == then.labels.size() && now.dimensions.size() == then.dimensions.size();
        for (size_t i = 0; same_shape && i < now.dimensions.size(); ++i) {
            same_shape = now.dimensions[i].name == then.dimensions[i].name && now.dimensions[i].size == then.dimensions[i].size;
        }
        if (!same_shape) fail("Cannot save: input file '" + file->path() + "' changed since the expression was built");
        ctx.readers.emplace(file, std::move(reader));
    }

    binary::StagedOutput output(path, node->metadata());
    const auto& md = output.metadata();
    const size_t dims = md.dimensions.size();
    const size_t block_cells = std::max<size_t>(1, kValuesPerBlock / md.labels.size());
    std::vector<int64_t> coords;
    coords.reserve(block_cells * dims);
    std::vector<double> values(block_cells * md.labels.size());
    binary::CellIterator it(md);
    while (!it.done()) {
        coords.clear();
        size_t cells = 0;
        for (; cells < block_cells && !it.done(); ++cells, it.next()) {
            coords.insert(coords.end(), it.coords().begin(), it.coords().end());
        }
        node->eval(ctx, coords.data(), cells, values.data());
        output.write_cells(coords.data(), cells, values.data());
    }
    output.commit();
}

}  // namespace quiver::expression
