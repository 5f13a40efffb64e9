#include "metadata_convert.hpp"

#include <optional>
#include <string>

#include "support.hpp"

namespace quiver::c {

namespace {

const char* copy_optional(const std::optional<std::string>& s) { return s ? copy_string(*s) : nullptr; }

// Frees a partially filled result through the public free functions (they accept zeroed
// fields) when a later allocation throws.
template <class T, class Free>
class PartialGuard {
public:
    PartialGuard(T* target, Free free) : target_(target), free_(free) {}
    ~PartialGuard() {
        if (target_) free_(target_);
    }
    PartialGuard(const PartialGuard&) = delete;
    PartialGuard& operator=(const PartialGuard&) = delete;
    void release() { target_ = nullptr; }

private:
    T* target_;
    Free free_;
};

void fill(const ScalarMetadata& meta, quiver_scalar_metadata_t& out) {
    PartialGuard guard(&out, quiver_database_free_scalar_metadata);
    out.name = copy_string(meta.name);
    out.data_type = static_cast<quiver_data_type_t>(meta.data_type);
    out.not_null = meta.not_null ? 1 : 0;
    out.primary_key = meta.primary_key ? 1 : 0;
    out.default_value = copy_optional(meta.default_value);
    out.is_foreign_key = meta.is_foreign_key ? 1 : 0;
    out.references_collection = copy_optional(meta.references_collection);
    out.references_column = copy_optional(meta.references_column);
    guard.release();
}

void fill(const GroupMetadata& meta, quiver_group_metadata_t& out) {
    PartialGuard guard(&out, quiver_database_free_group_metadata);
    out.group_name = copy_string(meta.group_name);
    out.dimension_column = copy_optional(meta.dimension_column);
    out.value_columns = to_c_array(meta.value_columns);
    out.value_column_count = meta.value_columns.size();
    guard.release();
}

// The array free functions reject NULL, so only arm them once the array exists.
template <class C, class Core, class FreeArray>
C* fill_array(const std::vector<Core>& metas, FreeArray free_array_fn) {
    C* out = alloc_array<C>(metas.size());
    if (!out) return nullptr;
    size_t filled = 0;
    try {
        for (; filled < metas.size(); ++filled) fill(metas[filled], out[filled]);
    } catch (...) {
        free_array_fn(out, filled);
        throw;
    }
    return out;
}

}  // namespace

quiver_scalar_metadata_t to_c(const ScalarMetadata& meta) {
    quiver_scalar_metadata_t out{};
    fill(meta, out);
    return out;
}

quiver_group_metadata_t to_c(const GroupMetadata& meta) {
    quiver_group_metadata_t out{};
    fill(meta, out);
    return out;
}

quiver_scalar_metadata_t* to_c_array(const std::vector<ScalarMetadata>& metas) {
    return fill_array<quiver_scalar_metadata_t>(metas, quiver_database_free_scalar_metadata_array);
}

quiver_group_metadata_t* to_c_array(const std::vector<GroupMetadata>& metas) {
    return fill_array<quiver_group_metadata_t>(metas, quiver_database_free_group_metadata_array);
}

}  // namespace quiver::c
