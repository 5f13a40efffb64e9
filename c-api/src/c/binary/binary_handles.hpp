#pragma once
// The opaque handles of the binary-file area wrap core values; C-layer files reach them here.
// Like the database and element handles, they are not counted by quiver_debug_live_allocations
// (which counts result arrays and strings).
#include <string>
#include <vector>

#include "core/binary/binary_file.hpp"
#include "core/binary/binary_metadata.hpp"
#include "core/error.hpp"
#include "quiver/c/binary/binary_file.h"
#include "quiver/c/binary/binary_metadata.h"

struct quiver_binary_metadata {
    quiver::binary::BinaryMetadata metadata;
};

struct quiver_binary_file {
    explicit quiver_binary_file(const char* path) : file(path) {}
    quiver::binary::BinaryFile file;
};

namespace quiver::c {

// The (name, value) pairs of a C address; the names are borrowed from the caller.
inline std::vector<binary::AddressPair> address_pairs(const char* const* names, const int64_t* values, size_t count) {
    std::vector<binary::AddressPair> pairs;
    pairs.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (names[i] == nullptr) fail("Null argument: dim_names");
        pairs.push_back({names[i], values[i]});
    }
    return pairs;
}

}  // namespace quiver::c
