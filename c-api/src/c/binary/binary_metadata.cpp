// quiver_binary_metadata_*: a metadata value behind a handle. Getters and setters never validate;
// to_toml, the from_* factories, write opens and expressions do.
#include <string>
#include <vector>

#include "binary_handles.hpp"
#include "c/element_handle.hpp"
#include "c/support.hpp"
#include "core/error.hpp"

using quiver::c::guarded;

namespace {

quiver_error_t new_metadata(quiver::binary::BinaryMetadata metadata, quiver_binary_metadata_t** out) {
    *out = new quiver_binary_metadata{std::move(metadata)};
    return QUIVER_OK;
}

quiver_error_t copy_out(const std::string& text, char** out) {
    return guarded([&] { *out = quiver::c::copy_string(text); });
}

}  // namespace

extern "C" {

quiver_error_t quiver_binary_metadata_create(quiver_binary_metadata_t** out) {
    QUIVER_REQUIRE(out);
    return guarded([&] { new_metadata({}, out); });
}

quiver_error_t quiver_binary_metadata_free(quiver_binary_metadata_t* md) {
    delete md;
    return QUIVER_OK;
}

quiver_error_t quiver_binary_metadata_from_toml(const char* toml, quiver_binary_metadata_t** out) {
    QUIVER_REQUIRE(toml);
    QUIVER_REQUIRE(out);
    return guarded([&] { new_metadata(quiver::binary::metadata_from_toml(toml), out); });
}

quiver_error_t quiver_binary_metadata_from_element(quiver_element_t* el, quiver_binary_metadata_t** out) {
    QUIVER_REQUIRE(el);
    QUIVER_REQUIRE(out);
    return guarded([&] { new_metadata(quiver::binary::metadata_from_element(el->element), out); });
}

quiver_error_t quiver_binary_metadata_to_toml(quiver_binary_metadata_t* md, char** out_toml) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out_toml);
    return guarded([&] { *out_toml = quiver::c::copy_string(quiver::binary::metadata_to_toml(md->metadata)); });
}

quiver_error_t quiver_binary_metadata_set_initial_datetime(quiver_binary_metadata_t* md, const char* iso8601) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(iso8601);
    return guarded([&] {
        const auto instant = quiver::binary::parse_datetime(iso8601);
        if (!instant) quiver::fail(std::string("Failed to parse initial_datetime: ") + iso8601);
        md->metadata.initial_datetime = *instant;  // time dimensions keep their initial values
    });
}

quiver_error_t quiver_binary_metadata_set_unit(quiver_binary_metadata_t* md, const char* unit) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(unit);
    return guarded([&] { md->metadata.unit = unit; });
}

quiver_error_t quiver_binary_metadata_set_version(quiver_binary_metadata_t* md, const char* version) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(version);
    return guarded([&] { md->metadata.version = version; });
}

quiver_error_t quiver_binary_metadata_set_labels(quiver_binary_metadata_t* md, const char* const* labels, size_t count) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(labels);
    return guarded([&] {
        for (size_t i = 0; i < count; ++i) {
            if (!labels[i]) quiver::fail("Cannot set_labels: null label at index " + std::to_string(i));
        }
        md->metadata.labels.assign(labels, labels + count);
    });
}

quiver_error_t quiver_binary_metadata_add_dimension(quiver_binary_metadata_t* md, const char* name, int64_t size) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(name);
    return guarded([&] { md->metadata.add_dimension(name, size); });
}

quiver_error_t quiver_binary_metadata_add_time_dimension(quiver_binary_metadata_t* md, const char* name, int64_t size,
                                                         const char* frequency) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(name);
    QUIVER_REQUIRE(frequency);
    return guarded([&] { md->metadata.add_time_dimension(name, size, frequency); });
}

quiver_error_t quiver_binary_metadata_get_unit(quiver_binary_metadata_t* md, char** out) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out);
    return copy_out(md->metadata.unit, out);
}

quiver_error_t quiver_binary_metadata_get_version(quiver_binary_metadata_t* md, char** out) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out);
    return copy_out(md->metadata.version, out);
}

quiver_error_t quiver_binary_metadata_get_initial_datetime(quiver_binary_metadata_t* md, char** out) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out);
    return copy_out(quiver::binary::format_datetime(md->metadata.initial_datetime), out);
}

quiver_error_t quiver_binary_metadata_get_number_of_time_dimensions(quiver_binary_metadata_t* md, int64_t* out) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out);
    *out = md->metadata.number_of_time_dimensions();
    return QUIVER_OK;
}

quiver_error_t quiver_binary_metadata_get_labels(quiver_binary_metadata_t* md, char*** out, size_t* out_count) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        const auto& labels = md->metadata.labels;
        char** array = quiver::c::alloc_array<char*>(labels.size());
        try {
            for (size_t i = 0; i < labels.size(); ++i) array[i] = quiver::c::copy_string(labels[i]);
        } catch (...) {
            quiver_binary_metadata_free_string_array(array, labels.size());
            throw;
        }
        *out = array;
        *out_count = labels.size();
    });
}

quiver_error_t quiver_binary_metadata_get_dimension_count(quiver_binary_metadata_t* md, size_t* out) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out);
    *out = md->metadata.dimensions.size();
    return QUIVER_OK;
}

quiver_error_t quiver_binary_metadata_get_dimension(quiver_binary_metadata_t* md, size_t index, quiver_dimension_t* out) {
    QUIVER_REQUIRE(md);
    QUIVER_REQUIRE(out);
    return guarded([&] {
        if (index >= md->metadata.dimensions.size()) quiver::fail("Cannot get_dimension: index out of range");
        const auto& d = md->metadata.dimensions[index];
        quiver_dimension_t result{};
        result.size = d.size;
        result.is_time_dimension = d.is_time() ? 1 : 0;
        if (d.is_time()) {  // non-time dimensions report all zeros, parent index included
            result.time_properties.frequency = static_cast<quiver_time_frequency_t>(d.time->frequency);
            result.time_properties.initial_value = d.time->initial_value;
            result.time_properties.parent_dimension_index = d.time->parent_index;
        }
        result.name = quiver::c::copy_string(d.name);
        *out = result;
    });
}

quiver_error_t quiver_binary_metadata_free_string(char* str) {
    quiver::c::free_string(str);
    return QUIVER_OK;
}

quiver_error_t quiver_binary_metadata_free_string_array(char** strs, size_t count) {
    if (!strs) return QUIVER_OK;
    for (size_t i = 0; i < count; ++i) quiver::c::free_string(strs[i]);
    quiver::c::free_array(strs);
    return QUIVER_OK;
}

quiver_error_t quiver_binary_metadata_free_dimension(quiver_dimension_t* dim) {
    QUIVER_REQUIRE(dim);
    quiver::c::free_string(const_cast<char*>(dim->name));
    dim->name = nullptr;
    return QUIVER_OK;
}

}  // extern "C"
