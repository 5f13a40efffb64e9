// quiver_database_create_elements: many elements from caller columns in one call.
#include <cstring>
#include <string>
#include <vector>

#include "core/element_create.hpp"
#include "core/error.hpp"
#include "create_elements_call.hpp"
#include "database_handle.hpp"
#include "quiver/c/extensions.h"
#include "support.hpp"

using quiver::c::guarded;

namespace {

// The caller's columns read in place: nothing is copied per cell.
class CallerColumns final : public quiver::RowSource {
public:
    CallerColumns(const char* const* names, const int* types, const void* const* data, const uint8_t* const* masks,
                  const int64_t* const* offsets, size_t column_count, size_t row_count)
        : types_(types), data_(data), masks_(masks), offsets_(offsets), row_count_(row_count) {
        names_.reserve(column_count);
        for (size_t c = 0; c < column_count; ++c) {
            if (names[c] == nullptr) quiver::fail("Null argument: column_names[" + std::to_string(c) + "]");
            names_.emplace_back(names[c]);
        }
        for (size_t c = 0; c < column_count; ++c) validate(c);
    }

    size_t row_count() const override { return row_count_; }
    size_t column_count() const override { return names_.size(); }
    const std::string& name(size_t c) const override { return names_[c]; }
    bool is_array(size_t c) const override { return offsets(c) != nullptr; }

    quiver::Cell scalar(size_t c, size_t row) const override { return cell(c, row); }
    size_t array_size(size_t c, size_t row) const override {
        const int64_t* o = offsets(c);
        return static_cast<size_t>(o[row + 1] - o[row]);
    }
    quiver::Cell array_cell(size_t c, size_t row, size_t index) const override {
        return cell(c, static_cast<size_t>(offsets(c)[row]) + index);
    }

private:
    const int64_t* offsets(size_t c) const { return offsets_ ? offsets_[c] : nullptr; }
    const uint8_t* mask(size_t c) const { return masks_ ? masks_[c] : nullptr; }

    quiver::Cell cell(size_t c, size_t i) const {
        const uint8_t* m = mask(c);
        if (m) {
            if (m[i] == 2) return quiver::Cell::absent();
            if (m[i] == 0) return quiver::Cell::null();
        }
        const void* data = data_[c];
        if (data == nullptr) return quiver::Cell::null();
        switch (types_[c]) {
            case QUIVER_DATA_TYPE_INTEGER: return quiver::Cell::of(static_cast<const int64_t*>(data)[i]);
            case QUIVER_DATA_TYPE_FLOAT: return quiver::Cell::of(static_cast<const double*>(data)[i]);
            default: {
                const char* s = static_cast<const char* const*>(data)[i];
                return s ? quiver::Cell::of(s, std::strlen(s)) : quiver::Cell::null();
            }
        }
    }

    void validate(size_t c) const {
        const std::string prefix = "Cannot create_elements: column '" + names_[c] + "': ";
        const int type = types_[c];
        if (data_[c] != nullptr && type != QUIVER_DATA_TYPE_INTEGER && type != QUIVER_DATA_TYPE_FLOAT &&
            type != QUIVER_DATA_TYPE_STRING && type != QUIVER_DATA_TYPE_DATE_TIME) {
            quiver::fail(prefix + "unknown column type " + std::to_string(type));
        }
        size_t cells = row_count_;
        if (const int64_t* o = offsets(c)) {
            if (o[0] != 0) quiver::fail(prefix + "offsets must start at 0 and never decrease (row 0)");
            for (size_t r = 0; r < row_count_; ++r) {
                if (o[r + 1] < o[r]) {
                    quiver::fail(prefix + "offsets must start at 0 and never decrease (row " + std::to_string(r) + ")");
                }
            }
            cells = static_cast<size_t>(o[row_count_]);
        }
        if (const uint8_t* m = mask(c)) {
            const uint8_t highest = offsets(c) ? 1 : 2;  // arrays have no "not given" cells
            for (size_t i = 0; i < cells; ++i) {
                if (m[i] > highest) {
                    quiver::fail(prefix + "mask value " + std::to_string(m[i]) + " at " +
                                 (offsets(c) ? "cell " : "row ") + std::to_string(i));
                }
            }
        }
    }

    std::vector<std::string> names_;
    const int* types_;
    const void* const* data_;
    const uint8_t* const* masks_;
    const int64_t* const* offsets_;
    size_t row_count_;
};

// Packed scalar values of one element (quiver_database_create_element_values).
class PackedValues final : public quiver::RowSource {
public:
    PackedValues(const int* types, const int64_t* slots, const char* text, size_t text_size, size_t count)
        : types_(types), slots_(slots), text_(text) {
        names_.reserve(count);
        sizes_.assign(count, 0);
        for (size_t i = 0; i < count; ++i) {
            size_t n = 0;
            const char* name = text_at(slots[2 * i], i, text_size, n);
            names_.emplace_back(name, n);
        }
        for (size_t i = 0; i < count; ++i) {
            switch (types[i]) {
                case QUIVER_DATA_TYPE_INTEGER:
                case QUIVER_DATA_TYPE_FLOAT:
                case QUIVER_DATA_TYPE_NULL: break;
                case QUIVER_DATA_TYPE_STRING:
                case QUIVER_DATA_TYPE_DATE_TIME: text_at(slots[2 * i + 1], i, text_size, sizes_[i]); break;
                default:
                    quiver::fail("Cannot create_element: unknown value type " + std::to_string(types[i]) + " for '" +
                                 names_[i] + "'");
            }
        }
    }

    size_t row_count() const override { return 1; }
    size_t column_count() const override { return names_.size(); }
    const std::string& name(size_t c) const override { return names_[c]; }
    bool is_array(size_t) const override { return false; }
    quiver::Cell scalar(size_t c, size_t) const override {
        const int64_t slot = slots_[2 * c + 1];
        switch (types_[c]) {
            case QUIVER_DATA_TYPE_INTEGER: return quiver::Cell::of(slot);
            case QUIVER_DATA_TYPE_FLOAT: {
                double d;
                std::memcpy(&d, &slot, sizeof d);
                return quiver::Cell::of(d);
            }
            case QUIVER_DATA_TYPE_STRING:
            case QUIVER_DATA_TYPE_DATE_TIME: return quiver::Cell::of(text_ + slot, sizes_[c]);
            default: return quiver::Cell::null();
        }
    }
    size_t array_size(size_t, size_t) const override { return 0; }
    quiver::Cell array_cell(size_t, size_t, size_t) const override { return quiver::Cell::null(); }

private:
    // The NUL-terminated text at `offset`, checked to lie inside the buffer; its length in `size`.
    const char* text_at(int64_t offset, size_t attribute, size_t text_size, size_t& size) const {
        const void* end = nullptr;
        if (offset >= 0 && static_cast<uint64_t>(offset) < text_size) {
            end = std::memchr(text_ + offset, '\0', text_size - static_cast<size_t>(offset));
        }
        if (end == nullptr) {
            quiver::fail("Cannot create_element: text offset " + std::to_string(offset) + " of attribute " +
                         std::to_string(attribute) + " is outside the text (or unterminated)");
        }
        size = static_cast<size_t>(static_cast<const char*>(end) - (text_ + offset));
        return text_ + offset;
    }

    std::vector<std::string> names_;
    std::vector<size_t> sizes_;
    const int* types_;
    const int64_t* slots_;
    const char* text_;
};

quiver_error_t create_elements(quiver_database_t* db, const char* collection, const char* const* column_names,
                               const int* column_types, const void* const* column_data,
                               const uint8_t* const* column_has_value, const int64_t* const* column_offsets,
                               size_t column_count, size_t row_count, int64_t* out_ids,
                               const quiver::BulkControl& control) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE_COLUMNS();
    if (row_count > 0) QUIVER_REQUIRE(out_ids);
    return guarded([&] {
        CallerColumns rows(column_names, column_types, column_data, column_has_value, column_offsets, column_count,
                           row_count);
        quiver::create_elements(*db->db, collection, rows, out_ids, control);
    });
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_create_elements(quiver_database_t* db, const char* collection,
                                               const char* const* column_names, const int* column_types,
                                               const void* const* column_data, const uint8_t* const* column_has_value,
                                               const int64_t* const* column_offsets, size_t column_count,
                                               size_t row_count, int64_t* out_ids) {
    return create_elements(db, collection, column_names, column_types, column_data, column_has_value, column_offsets,
                           column_count, row_count, out_ids, {});
}

quiver_error_t quiver_database_create_element_values(quiver_database_t* db, const char* collection,
                                                     const int* types, const int64_t* slots, const uint8_t* text,
                                                     size_t text_size, size_t count, int64_t* out_id) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    if (count > 0) {
        QUIVER_REQUIRE(types);
        QUIVER_REQUIRE(slots);
        QUIVER_REQUIRE(text);
    }
    QUIVER_REQUIRE(out_id);
    return guarded([&] {
        PackedValues row(types, slots, reinterpret_cast<const char*>(text), text_size, count);
        *out_id = quiver::create_element_row(*db->db, collection, row);
    });
}

}  // extern "C"

quiver_error_t quiver::c::create_elements_counted(
    quiver_database_t* db, const char* collection, const char* const* column_names, const int* column_types,
    const void* const* column_data, const uint8_t* const* column_has_value, const int64_t* const* column_offsets,
    size_t column_count, size_t row_count, int64_t* out_ids, int64_t* progress_done, const int32_t* cancel) {
    if (progress_done) *progress_done = 0;
    return ::create_elements(db, collection, column_names, column_types, column_data, column_has_value, column_offsets,
                           column_count, row_count, out_ids, {progress_done, cancel});
}
