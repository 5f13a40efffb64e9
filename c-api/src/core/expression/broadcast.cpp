#include "broadcast.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace quiver::expression {

using binary::BinaryMetadata;
using binary::Dimension;

namespace {

std::string parent_name(const BinaryMetadata& md, const Dimension& d) {
    return d.time->parent_index >= 0 ? md.dimensions[static_cast<size_t>(d.time->parent_index)].name : std::string();
}

}  // namespace

bool has_time(const BinaryMetadata& md) { return md.number_of_time_dimensions() > 0; }

void check_units(const BinaryMetadata& lhs, const BinaryMetadata& rhs) {
    if (lhs.unit != rhs.unit) fail("Cannot apply: units differ ('" + lhs.unit + "' vs '" + rhs.unit + "')");
}

void check_shapes(const BinaryMetadata& lhs, const BinaryMetadata& rhs) {
    for (const auto& l : lhs.dimensions) {
        const int64_t r = rhs.dimension_index(l.name);
        if (r < 0) continue;
        const int64_t ls = l.size;
        const int64_t rs = rhs.dimensions[static_cast<size_t>(r)].size;
        if (ls != rs && ls != 1 && rs != 1) {
            fail("Cannot apply: dimension '" + l.name + "' has incompatible sizes " + std::to_string(ls) + " vs " +
                 std::to_string(rs) + " (broadcasting requires n x n, 1 x n, or n x 1)");
        }
    }
    for (const auto& l : lhs.dimensions) {
        const int64_t r = rhs.dimension_index(l.name);
        if (r < 0) continue;
        const Dimension& rd = rhs.dimensions[static_cast<size_t>(r)];
        if (l.is_time() != rd.is_time()) {
            fail("Cannot apply: dimension '" + l.name + "' is a time dimension on " + (l.is_time() ? "lhs" : "rhs") +
                 " but not on " + (l.is_time() ? "rhs" : "lhs"));
        }
        if (!l.is_time()) continue;
        if (l.time->frequency != rd.time->frequency || l.time->initial_value != rd.time->initial_value ||
            parent_name(lhs, l) != parent_name(rhs, rd)) {
            fail("Cannot apply: time dimension '" + l.name + "' has incompatible TimeProperties");
        }
    }
    if (has_time(lhs) && has_time(rhs) && lhs.initial_datetime != rhs.initial_datetime) {
        fail("Cannot apply: initial_datetime differs");
    }
}

std::vector<std::string> binary_labels(const BinaryMetadata& lhs, const BinaryMetadata& rhs) {
    const size_t l = lhs.labels.size();
    const size_t r = rhs.labels.size();
    if (l == r) {
        if (lhs.labels != rhs.labels) fail("Cannot apply: labels have same size " + std::to_string(l) + " but different content");
        return lhs.labels;
    }
    if (l == 1 && r > 1) return rhs.labels;
    if (r == 1 && l > 1) return lhs.labels;
    fail("Cannot apply: labels have incompatible sizes " + std::to_string(l) + " vs " + std::to_string(r));
}

std::vector<Dimension> union_dimensions(const std::vector<const BinaryMetadata*>& operands) {
    std::vector<Dimension> out;
    std::vector<std::string> parents;  // parent name of each output dimension ("" = none)
    for (const BinaryMetadata* md : operands) {
        for (const auto& d : md->dimensions) {
            const auto it = std::find_if(out.begin(), out.end(), [&](const Dimension& o) { return o.name == d.name; });
            if (it != out.end()) {
                it->size = std::max(it->size, d.size);
                continue;
            }
            out.push_back(d);
            parents.push_back(d.is_time() ? parent_name(*md, d) : std::string());
        }
    }
    for (size_t i = 0; i < out.size(); ++i) {
        if (!out[i].is_time()) continue;
        int64_t parent = -1;
        for (size_t j = 0; j < out.size() && !parents[i].empty(); ++j) {
            if (out[j].name == parents[i]) parent = static_cast<int64_t>(j);
        }
        out[i].time->parent_index = parent;
    }
    return out;
}

}  // namespace quiver::expression
