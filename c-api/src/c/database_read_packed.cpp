// quiver_database_read_scalar_strings_packed: a string column in three allocations (text,
// offsets, mask) instead of one per value.
#include <cstring>
#include <string>
#include <vector>

#include "core/reads.hpp"
#include "database_handle.hpp"
#include "quiver/c/extensions.h"
#include "support.hpp"

using quiver::c::guarded;

extern "C" {

quiver_error_t quiver_database_read_scalar_strings_packed(quiver_database_t* db, const char* collection,
                                                          const char* attribute, char** out_text,
                                                          size_t* out_text_size, int64_t** out_offsets,
                                                          uint8_t** out_mask, int* out_ascii, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_text);
    QUIVER_REQUIRE(out_text_size);
    QUIVER_REQUIRE(out_offsets);
    QUIVER_REQUIRE(out_mask);
    QUIVER_REQUIRE(out_ascii);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        std::vector<char> text;
        std::vector<int64_t> offsets;
        std::vector<uint8_t> mask;
        bool nulls = false;
        unsigned char high = 0;  // OR of every byte: < 0x80 means all ASCII
        quiver::scan_scalar_strings(
            *db->db, collection, attribute,
            [&](size_t n) {
                offsets.reserve(n + 1);
                mask.reserve(n);
            },
            [&](const char* value, size_t size) {
                offsets.push_back(static_cast<int64_t>(text.size()));
                mask.push_back(value ? 1 : 0);
                if (!value) {
                    nulls = true;
                    return;
                }
                // A C string ends at its first NUL, as quiver_database_read_scalar_strings' values do.
                const size_t n = strnlen(value, size);
                for (size_t i = 0; i < n; ++i) high |= static_cast<unsigned char>(value[i]);
                text.insert(text.end(), value, value + n);
            });
        const size_t count = mask.size();
        char* text_out = nullptr;
        int64_t* offsets_out = nullptr;
        uint8_t* mask_out = nullptr;
        try {
            if (count > 0) {
                offsets.push_back(static_cast<int64_t>(text.size()));
                // An empty vector's data() may be NULL, which memcpy must not get even for 0 bytes.
                text_out = quiver::c::copy_string(text.empty() ? "" : text.data(), text.size());
                offsets_out = quiver::c::copy_array(offsets);
                if (nulls) mask_out = quiver::c::copy_array(mask);
            }
        } catch (...) {
            quiver::c::free_string(text_out);
            quiver::c::free_array(offsets_out);
            throw;
        }
        *out_text = text_out;
        *out_text_size = count > 0 ? text.size() : 0;
        *out_offsets = offsets_out;
        *out_mask = mask_out;
        *out_ascii = high < 0x80 ? 1 : 0;
        *out_count = count;
    });
}

}  // extern "C"
