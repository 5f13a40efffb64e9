// The element builder's C functions. NULL checks come first, in header parameter
// order; QUIVER_REQUIRE names the parameter, so the names below match element.h.
#include <new>
#include <string>
#include <vector>

#include "element_handle.hpp"
#include "support.hpp"

using quiver::c::guarded;

namespace {

// Shared shape check of the set_array_* family; NULL values with count 0 is a valid empty array.
bool valid_values_count(const void* values, int32_t count) {
    return count >= 0 && (values != nullptr || count == 0);
}

quiver_error_t invalid_values_count() {
    quiver::c::set_last_error("Invalid values/count combination");
    return QUIVER_ERROR;
}

// Cell i is NULL when a mask is given and says absent; the data slot is then not read.
bool cell_present(const uint8_t* has_value, int32_t i) { return has_value == nullptr || has_value[i] != 0; }

}  // namespace

extern "C" {

quiver_error_t quiver_element_create(quiver_element_t** out_element) {
    QUIVER_REQUIRE(out_element);
    // guarded maps std::bad_alloc to "Memory allocation failed", Quiver 0.10's message here.
    return guarded([&] { *out_element = new quiver_element(); });
}

quiver_error_t quiver_element_destroy(quiver_element_t* element) {
    QUIVER_REQUIRE(element);  // NULL is an error here, unlike database_close (upstream quirk)
    delete element;
    return QUIVER_OK;
}

quiver_error_t quiver_element_clear(quiver_element_t* element) {
    QUIVER_REQUIRE(element);
    element->element.clear();
    return QUIVER_OK;
}

quiver_error_t quiver_element_set_integer(quiver_element_t* element, const char* name, int64_t value) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(name);
    return guarded([&] { element->element.set_integer(name, value); });
}

quiver_error_t quiver_element_set_float(quiver_element_t* element, const char* name, double value) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(name);
    return guarded([&] { element->element.set_float(name, value); });
}

quiver_error_t quiver_element_set_string(quiver_element_t* element, const char* name, const char* value) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(name);
    QUIVER_REQUIRE(value);  // NULL is not a way to store NULL; callers use set_null
    return guarded([&] { element->element.set_string(name, value); });
}

quiver_error_t quiver_element_set_null(quiver_element_t* element, const char* name) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(name);
    return guarded([&] { element->element.set_null(name); });
}

quiver_error_t quiver_element_set_array_integer(quiver_element_t* element, const char* name, const int64_t* values,
                                                int32_t count, const uint8_t* has_value) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(name);
    if (!valid_values_count(values, count)) return invalid_values_count();
    return guarded([&] {
        std::vector<quiver::Value> cells;
        cells.reserve(static_cast<size_t>(count));
        for (int32_t i = 0; i < count; ++i) {
            if (cell_present(has_value, i)) {
                cells.emplace_back(values[i]);
            } else {
                cells.emplace_back(std::monostate{});
            }
        }
        element->element.set_array(name, std::move(cells));
    });
}

quiver_error_t quiver_element_set_array_float(quiver_element_t* element, const char* name, const double* values,
                                              int32_t count, const uint8_t* has_value) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(name);
    if (!valid_values_count(values, count)) return invalid_values_count();
    return guarded([&] {
        std::vector<quiver::Value> cells;
        cells.reserve(static_cast<size_t>(count));
        for (int32_t i = 0; i < count; ++i) {
            if (cell_present(has_value, i)) {
                cells.emplace_back(values[i]);
            } else {
                cells.emplace_back(std::monostate{});
            }
        }
        element->element.set_array(name, std::move(cells));
    });
}

quiver_error_t quiver_element_set_array_string(quiver_element_t* element, const char* name,
                                               const char* const* values, int32_t count, const uint8_t* has_value) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(name);
    if (!valid_values_count(values, count)) return invalid_values_count();
    return guarded([&] {
        std::vector<quiver::Value> cells;
        cells.reserve(static_cast<size_t>(count));
        for (int32_t i = 0; i < count; ++i) {
            // A NULL char* is a NULL cell even when the mask says present.
            if (cell_present(has_value, i) && values[i] != nullptr) {
                cells.emplace_back(std::string(values[i]));
            } else {
                cells.emplace_back(std::monostate{});
            }
        }
        element->element.set_array(name, std::move(cells));
    });
}

quiver_error_t quiver_element_has_scalars(quiver_element_t* element, int* out_result) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(out_result);
    *out_result = element->element.has_scalars() ? 1 : 0;
    return QUIVER_OK;
}

quiver_error_t quiver_element_has_arrays(quiver_element_t* element, int* out_result) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(out_result);
    *out_result = element->element.has_arrays() ? 1 : 0;
    return QUIVER_OK;
}

quiver_error_t quiver_element_scalar_count(quiver_element_t* element, size_t* out_count) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(out_count);
    *out_count = element->element.scalar_count();
    return QUIVER_OK;
}

quiver_error_t quiver_element_array_count(quiver_element_t* element, size_t* out_count) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(out_count);
    *out_count = element->element.array_count();
    return QUIVER_OK;
}

quiver_error_t quiver_element_to_string(quiver_element_t* element, char** out_string) {
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(out_string);
    // Freed by quiver_database_free_string, which pairs with copy_string.
    return guarded([&] { *out_string = quiver::c::copy_string(element->element.to_string()); });
}

}  // extern "C"
