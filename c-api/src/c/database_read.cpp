// Reads: NULL checks in header parameter order, then the core read, then conversion
// into caller-owned arrays. Outputs are written only after everything was built, so a failure
// leaves them unchanged; empty results are NULL arrays with count 0 (alloc_array of 0).
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "columnar.hpp"
#include "core/reads.hpp"
#include "database_handle.hpp"
#include "support.hpp"

using quiver::TableKind;
using quiver::c::alloc_array;
using quiver::c::copy_array;
using quiver::c::copy_string;
using quiver::c::free_array;
using quiver::c::guarded;

namespace {

// Releases a partially built result if an allocation throws before it is handed out.
template <class F>
class Cleanup {
public:
    explicit Cleanup(F f) : f_(std::move(f)) {}
    ~Cleanup() {
        if (armed_) f_();
    }
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;
    void dismiss() { armed_ = false; }

private:
    F f_;
    bool armed_ = true;
};

// --- Item arrays (one element's values) ---

template <class T>
T* export_items(const T* first, size_t n) {
    T* out = alloc_array<T>(n);
    if (out) std::memcpy(out, first, n * sizeof(T));
    return out;
}

char** export_items(const std::string* first, size_t n) {
    char** out = alloc_array<char*>(n);
    Cleanup guard([&] { quiver_database_free_string_array(out, n); });
    for (size_t i = 0; i < n; ++i) out[i] = copy_string(first[i]);
    guard.dismiss();
    return out;
}

template <class T, class Out>
void export_values(const std::vector<T>& values, Out** out_values, size_t* out_count) {
    *out_values = export_items(values.data(), values.size());
    *out_count = values.size();
}

// --- Bulk scalars ---

template <class T>
void export_masked(const std::vector<T>& values, const std::vector<uint8_t>& present, T** out_values,
                   uint8_t** out_mask, size_t* out_count) {
    T* data = copy_array(values);
    Cleanup guard([&] { free_array(data); });
    uint8_t* mask = copy_array(present);
    guard.dismiss();
    *out_values = data;
    *out_mask = mask;
    *out_count = values.size();
}

// --- Lists of all elements: outer array + sizes, inner arrays NULL when empty ---

template <class T, class Out, class Free>
void export_lists(const quiver::ListValues<T>& lists, Out*** out_vectors, size_t** out_sizes, size_t* out_count,
                  Free free_lists) {
    size_t n = lists.count();
    Out** vectors = alloc_array<Out*>(n);
    size_t* sizes = nullptr;
    Cleanup guard([&] { free_lists(vectors, sizes, n); });
    sizes = copy_array(lists.sizes);
    const T* next = lists.values.data();
    for (size_t i = 0; i < n; ++i) {
        vectors[i] = export_items(next, lists.sizes[i]);
        next += lists.sizes[i];
    }
    guard.dismiss();
    *out_vectors = vectors;
    *out_sizes = sizes;
    *out_count = n;
}

// The 18 list entry points differ only in kind, type and by-id; these keep each one a line.
template <class Out>
quiver_error_t read_lists(quiver_database_t* db, TableKind kind, const char* collection, const char* attribute,
                          Out*** out_lists, size_t** out_sizes, size_t* out_count) {
    return guarded([&] {
        if constexpr (std::is_same_v<Out, int64_t>) {
            export_lists(quiver::read_list_integers(*db->db, kind, collection, attribute), out_lists, out_sizes,
                         out_count, quiver_database_free_integer_vectors);
        } else if constexpr (std::is_same_v<Out, double>) {
            export_lists(quiver::read_list_floats(*db->db, kind, collection, attribute), out_lists, out_sizes,
                         out_count, quiver_database_free_float_vectors);
        } else {
            export_lists(quiver::read_list_strings(*db->db, kind, collection, attribute), out_lists, out_sizes,
                         out_count, quiver_database_free_string_vectors);
        }
    });
}

template <class Out>
quiver_error_t read_list_by_id(quiver_database_t* db, TableKind kind, const char* collection, const char* attribute,
                               int64_t id, Out** out_values, size_t* out_count) {
    return guarded([&] {
        if constexpr (std::is_same_v<Out, int64_t>) {
            export_values(quiver::read_list_integers_by_id(*db->db, kind, collection, attribute, id), out_values,
                          out_count);
        } else if constexpr (std::is_same_v<Out, double>) {
            export_values(quiver::read_list_floats_by_id(*db->db, kind, collection, attribute, id), out_values,
                          out_count);
        } else {
            export_values(quiver::read_list_strings_by_id(*db->db, kind, collection, attribute, id), out_values,
                          out_count);
        }
    });
}

quiver_error_t read_group(quiver_database_t* db, TableKind kind, const char* collection, const char* group,
                          int64_t id, char*** out_column_names, int** out_column_types, void*** out_column_data,
                          uint8_t*** out_column_has_value, size_t* out_column_count, size_t* out_row_count) {
    return guarded([&] {
        auto data = quiver::read_group_by_id(*db->db, kind, collection, group, id);
        quiver::c::export_columnar(data, out_column_names, out_column_types, out_column_data, out_column_has_value,
                                   out_column_count, out_row_count);
    });
}

}  // namespace

// NULL checks stringize the parameter names, so the names below must match the header.
#define QUIVER_REQUIRE_LIST_ALL(out_lists) \
    QUIVER_REQUIRE(db);                    \
    QUIVER_REQUIRE(collection);            \
    QUIVER_REQUIRE(attribute);             \
    QUIVER_REQUIRE(out_lists);             \
    QUIVER_REQUIRE(out_sizes);             \
    QUIVER_REQUIRE(out_count)

#define QUIVER_REQUIRE_LIST_BY_ID() \
    QUIVER_REQUIRE(db);             \
    QUIVER_REQUIRE(collection);     \
    QUIVER_REQUIRE(attribute);      \
    QUIVER_REQUIRE(out_values);     \
    QUIVER_REQUIRE(out_count)

#define QUIVER_REQUIRE_SCALAR_BY_ID() \
    QUIVER_REQUIRE(db);               \
    QUIVER_REQUIRE(collection);       \
    QUIVER_REQUIRE(attribute);        \
    QUIVER_REQUIRE(out_value);        \
    QUIVER_REQUIRE(out_has_value)

#define QUIVER_REQUIRE_GROUP()            \
    QUIVER_REQUIRE(db);                   \
    QUIVER_REQUIRE(collection);           \
    QUIVER_REQUIRE(group);                \
    QUIVER_REQUIRE(out_column_names);     \
    QUIVER_REQUIRE(out_column_types);     \
    QUIVER_REQUIRE(out_column_data);      \
    QUIVER_REQUIRE(out_column_has_value); \
    QUIVER_REQUIRE(out_column_count);     \
    QUIVER_REQUIRE(out_row_count)

extern "C" {

// --- Bulk scalars ---

quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db, const char* collection,
                                                    const char* attribute, int64_t** out_values, uint8_t** out_mask,
                                                    size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_mask);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        auto column = quiver::read_scalar_integers(*db->db, collection, attribute);
        export_masked(column.values, column.present, out_values, out_mask, out_count);
    });
}

quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db, const char* collection,
                                                  const char* attribute, double** out_values, uint8_t** out_mask,
                                                  size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_mask);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        auto column = quiver::read_scalar_floats(*db->db, collection, attribute);
        export_masked(column.values, column.present, out_values, out_mask, out_count);
    });
}

quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db, const char* collection,
                                                   const char* attribute, char*** out_values, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_values);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        // Copied straight from SQLite's buffer into the result: no intermediate std::string per row.
        std::vector<char*> strings;
        Cleanup guard([&] {
            for (char* s : strings) quiver::c::free_string(s);
        });
        quiver::scan_scalar_strings(
            *db->db, collection, attribute, [&](size_t n) { strings.reserve(n); },
            [&](const char* text, size_t size) { strings.push_back(text ? copy_string(text, size) : nullptr); });
        char** out = alloc_array<char*>(strings.size());
        if (!strings.empty()) std::memcpy(out, strings.data(), strings.size() * sizeof(char*));
        guard.dismiss();
        *out_values = out;
        *out_count = strings.size();
    });
}

// --- Scalar by id: no value leaves a numeric out_value untouched ---

quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db, const char* collection,
                                                         const char* attribute, int64_t id, int64_t* out_value,
                                                         int* out_has_value) {
    QUIVER_REQUIRE_SCALAR_BY_ID();
    return guarded([&] {
        auto value = quiver::read_scalar_integer_by_id(*db->db, collection, attribute, id);
        if (value) *out_value = *value;
        *out_has_value = value ? 1 : 0;
    });
}

quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db, const char* collection,
                                                       const char* attribute, int64_t id, double* out_value,
                                                       int* out_has_value) {
    QUIVER_REQUIRE_SCALAR_BY_ID();
    return guarded([&] {
        auto value = quiver::read_scalar_float_by_id(*db->db, collection, attribute, id);
        if (value) *out_value = *value;
        *out_has_value = value ? 1 : 0;
    });
}

quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db, const char* collection,
                                                        const char* attribute, int64_t id, char** out_value,
                                                        int* out_has_value) {
    QUIVER_REQUIRE_SCALAR_BY_ID();
    return guarded([&] {
        auto value = quiver::read_scalar_string_by_id(*db->db, collection, attribute, id);
        *out_value = value ? copy_string(*value) : nullptr;
        *out_has_value = value ? 1 : 0;
    });
}

// --- Vector and set lists, all elements ---

quiver_error_t quiver_database_read_vector_integers(quiver_database_t* db, const char* collection,
                                                    const char* attribute, int64_t*** out_vectors, size_t** out_sizes,
                                                    size_t* out_count) {
    QUIVER_REQUIRE_LIST_ALL(out_vectors);
    return read_lists(db, TableKind::Vector, collection, attribute, out_vectors, out_sizes, out_count);
}

quiver_error_t quiver_database_read_vector_floats(quiver_database_t* db, const char* collection,
                                                  const char* attribute, double*** out_vectors, size_t** out_sizes,
                                                  size_t* out_count) {
    QUIVER_REQUIRE_LIST_ALL(out_vectors);
    return read_lists(db, TableKind::Vector, collection, attribute, out_vectors, out_sizes, out_count);
}

quiver_error_t quiver_database_read_vector_strings(quiver_database_t* db, const char* collection,
                                                   const char* attribute, char**** out_vectors, size_t** out_sizes,
                                                   size_t* out_count) {
    QUIVER_REQUIRE_LIST_ALL(out_vectors);
    return read_lists(db, TableKind::Vector, collection, attribute, out_vectors, out_sizes, out_count);
}

quiver_error_t quiver_database_read_set_integers(quiver_database_t* db, const char* collection, const char* attribute,
                                                 int64_t*** out_sets, size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE_LIST_ALL(out_sets);
    return read_lists(db, TableKind::Set, collection, attribute, out_sets, out_sizes, out_count);
}

quiver_error_t quiver_database_read_set_floats(quiver_database_t* db, const char* collection, const char* attribute,
                                               double*** out_sets, size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE_LIST_ALL(out_sets);
    return read_lists(db, TableKind::Set, collection, attribute, out_sets, out_sizes, out_count);
}

quiver_error_t quiver_database_read_set_strings(quiver_database_t* db, const char* collection, const char* attribute,
                                                char**** out_sets, size_t** out_sizes, size_t* out_count) {
    QUIVER_REQUIRE_LIST_ALL(out_sets);
    return read_lists(db, TableKind::Set, collection, attribute, out_sets, out_sizes, out_count);
}

// --- Vector and set lists, one element ---

quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t* db, const char* collection,
                                                          const char* attribute, int64_t id, int64_t** out_values,
                                                          size_t* out_count) {
    QUIVER_REQUIRE_LIST_BY_ID();
    return read_list_by_id(db, TableKind::Vector, collection, attribute, id, out_values, out_count);
}

quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t* db, const char* collection,
                                                        const char* attribute, int64_t id, double** out_values,
                                                        size_t* out_count) {
    QUIVER_REQUIRE_LIST_BY_ID();
    return read_list_by_id(db, TableKind::Vector, collection, attribute, id, out_values, out_count);
}

quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t* db, const char* collection,
                                                         const char* attribute, int64_t id, char*** out_values,
                                                         size_t* out_count) {
    QUIVER_REQUIRE_LIST_BY_ID();
    return read_list_by_id(db, TableKind::Vector, collection, attribute, id, out_values, out_count);
}

quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t* db, const char* collection,
                                                       const char* attribute, int64_t id, int64_t** out_values,
                                                       size_t* out_count) {
    QUIVER_REQUIRE_LIST_BY_ID();
    return read_list_by_id(db, TableKind::Set, collection, attribute, id, out_values, out_count);
}

quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t* db, const char* collection,
                                                     const char* attribute, int64_t id, double** out_values,
                                                     size_t* out_count) {
    QUIVER_REQUIRE_LIST_BY_ID();
    return read_list_by_id(db, TableKind::Set, collection, attribute, id, out_values, out_count);
}

quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t* db, const char* collection,
                                                      const char* attribute, int64_t id, char*** out_values,
                                                      size_t* out_count) {
    QUIVER_REQUIRE_LIST_BY_ID();
    return read_list_by_id(db, TableKind::Set, collection, attribute, id, out_values, out_count);
}

// --- Whole group of one element ---

quiver_error_t quiver_database_read_vector_group_by_id(quiver_database_t* db, const char* collection,
                                                       const char* group, int64_t id, char*** out_column_names,
                                                       int** out_column_types, void*** out_column_data,
                                                       uint8_t*** out_column_has_value, size_t* out_column_count,
                                                       size_t* out_row_count) {
    QUIVER_REQUIRE_GROUP();
    return read_group(db, TableKind::Vector, collection, group, id, out_column_names, out_column_types,
                      out_column_data, out_column_has_value, out_column_count, out_row_count);
}

quiver_error_t quiver_database_read_set_group_by_id(quiver_database_t* db, const char* collection, const char* group,
                                                    int64_t id, char*** out_column_names, int** out_column_types,
                                                    void*** out_column_data, uint8_t*** out_column_has_value,
                                                    size_t* out_column_count, size_t* out_row_count) {
    QUIVER_REQUIRE_GROUP();
    return read_group(db, TableKind::Set, collection, group, id, out_column_names, out_column_types, out_column_data,
                      out_column_has_value, out_column_count, out_row_count);
}

// --- Ids and counts ---

quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection, int64_t** out_ids,
                                                size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_ids);
    QUIVER_REQUIRE(out_count);
    return guarded([&] { export_values(quiver::read_element_ids(*db->db, collection), out_ids, out_count); });
}

quiver_error_t quiver_database_number_of_elements(quiver_database_t* db, const char* collection, int64_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_count);
    return guarded([&] { *out_count = quiver::number_of_elements(*db->db, collection); });
}

}  // extern "C"
