// quiver_binary_file_*: a handle per base path; the core BinaryFile does the work.
#include <memory>
#include <string>

#include "binary_handles.hpp"
#include "c/support.hpp"
#include "quiver/c/extensions.h"

using quiver::c::guarded;

namespace {

const quiver::binary::BinaryMetadata* metadata_of(const quiver_binary_metadata_t* md) {
    return md ? &md->metadata : nullptr;
}

}  // namespace

extern "C" {

quiver_error_t quiver_binary_file_open_file(const char* path, char mode, quiver_binary_metadata_t* md,
                                            quiver_binary_file_t** out) {
    QUIVER_REQUIRE(path);
    QUIVER_REQUIRE(out);
    return guarded([&] {
        auto handle = std::make_unique<quiver_binary_file>(path);
        handle->file.open(mode, metadata_of(md));
        *out = handle.release();
    });
}

quiver_error_t quiver_binary_file_create(const char* path, quiver_binary_file_t** out) {
    QUIVER_REQUIRE(path);
    QUIVER_REQUIRE(out);
    return guarded([&] { *out = new quiver_binary_file(path); });
}

quiver_error_t quiver_binary_file_open(quiver_binary_file_t* binary_file, char mode, quiver_binary_metadata_t* md) {
    QUIVER_REQUIRE(binary_file);
    return guarded([&] { binary_file->file.open(mode, metadata_of(md)); });
}

quiver_error_t quiver_binary_file_close(quiver_binary_file_t* binary_file) {
    delete binary_file;  // closes quietly: this call always succeeds
    return QUIVER_OK;
}

quiver_error_t quiver_binary_file_read(quiver_binary_file_t* binary_file, const char* const* dim_names,
                                       const int64_t* dim_values, size_t dim_count, int allow_nulls, double** out_data,
                                       size_t* out_count) {
    QUIVER_REQUIRE(binary_file);
    QUIVER_REQUIRE(out_data);
    QUIVER_REQUIRE(out_count);
    if (dim_count > 0) {
        QUIVER_REQUIRE(dim_names);
        QUIVER_REQUIRE(dim_values);
    }
    return guarded([&] {
        const auto pairs = quiver::c::address_pairs(dim_names, dim_values, dim_count);
        std::vector<double> values(binary_file->file.label_count());
        binary_file->file.read(pairs, allow_nulls != 0, values.data());
        *out_data = quiver::c::copy_array(values);
        *out_count = values.size();
    });
}

quiver_error_t quiver_binary_file_write(quiver_binary_file_t* binary_file, const char* const* dim_names,
                                        const int64_t* dim_values, size_t dim_count, const double* data,
                                        size_t data_count) {
    QUIVER_REQUIRE(binary_file);
    QUIVER_REQUIRE(data);
    if (dim_count > 0) {
        QUIVER_REQUIRE(dim_names);
        QUIVER_REQUIRE(dim_values);
    }
    return guarded([&] {
        binary_file->file.write(quiver::c::address_pairs(dim_names, dim_values, dim_count), data, data_count);
    });
}

quiver_error_t quiver_binary_file_get_metadata(quiver_binary_file_t* binary_file, quiver_binary_metadata_t** out) {
    QUIVER_REQUIRE(binary_file);
    QUIVER_REQUIRE(out);
    return guarded([&] { *out = new quiver_binary_metadata{binary_file->file.metadata()}; });
}

quiver_error_t quiver_binary_file_get_file_path(quiver_binary_file_t* binary_file, char** out) {
    QUIVER_REQUIRE(binary_file);
    QUIVER_REQUIRE(out);
    return guarded([&] { *out = quiver::c::copy_string(binary_file->file.path()); });
}

quiver_error_t quiver_binary_file_free_string(char* str) {
    quiver::c::free_string(str);
    return QUIVER_OK;
}

quiver_error_t quiver_binary_file_free_float_array(double* data) {
    quiver::c::free_array(data);
    return QUIVER_OK;
}

// ---- extensions (quiver/c/extensions.h) ----

quiver_error_t quiver_binary_file_read_block(quiver_binary_file_t* binary_file, const char* const* dim_names,
                                             const int64_t* dim_values, size_t dim_count, int allow_nulls,
                                             double* out_data, size_t data_count) {
    QUIVER_REQUIRE(binary_file);
    QUIVER_REQUIRE(out_data);
    if (dim_count > 0) {
        QUIVER_REQUIRE(dim_names);
        QUIVER_REQUIRE(dim_values);
    }
    return guarded([&] {
        binary_file->file.read_block(quiver::c::address_pairs(dim_names, dim_values, dim_count), allow_nulls != 0,
                                     out_data, data_count);
    });
}

quiver_error_t quiver_binary_file_write_block(quiver_binary_file_t* binary_file, const char* const* dim_names,
                                              const int64_t* dim_values, size_t dim_count, const double* data,
                                              size_t data_count) {
    QUIVER_REQUIRE(binary_file);
    QUIVER_REQUIRE(data);
    if (dim_count > 0) {
        QUIVER_REQUIRE(dim_names);
        QUIVER_REQUIRE(dim_values);
    }
    return guarded([&] {
        binary_file->file.write_block(quiver::c::address_pairs(dim_names, dim_values, dim_count), data, data_count);
    });
}

quiver_error_t quiver_binary_file_is_open(quiver_binary_file_t* binary_file, int* out_open) {
    QUIVER_REQUIRE(binary_file);
    QUIVER_REQUIRE(out_open);
    *out_open = binary_file->file.is_open() ? 1 : 0;
    return QUIVER_OK;
}

}  // extern "C"
