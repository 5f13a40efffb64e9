// Element writes and group-scoped updates.
#include "columnar.hpp"
#include "core/element_write.hpp"
#include "core/error.hpp"
#include "database_handle.hpp"
#include "element_handle.hpp"
#include "support.hpp"

using quiver::c::guarded;

namespace {

quiver_error_t update_group(quiver_database_t* db, bool vector, const char* collection, const char* group, int64_t id,
                            const char* const* column_names, const int* column_types, const void* const* column_data,
                            const uint8_t* const* column_has_value, size_t column_count, size_t row_count) {
    const std::string op = vector ? "update_vector_group" : "update_set_group";
    return guarded([&] {
        if (column_count > 0 && row_count == 0) {
            quiver::fail("Cannot " + op + ": columns " + quiver::c::bracketed_names(column_names, column_count) +
                         " contain no rows; pass no columns to clear the group");
        }
        auto columns = quiver::c::import_columns(op, column_names, column_types, column_data, column_has_value,
                                                 column_count, row_count);
        quiver::update_vector_or_set_group(*db->db, vector, collection, group, id, columns);
    });
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_create_element(quiver_database_t* db, const char* collection, quiver_element_t* element,
                                              int64_t* out_id) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(element);
    QUIVER_REQUIRE(out_id);
    return guarded([&] { *out_id = quiver::create_element(*db->db, collection, element->element); });
}

quiver_error_t quiver_database_update_element(quiver_database_t* db, const char* collection, int64_t id,
                                              const quiver_element_t* element) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(element);
    return guarded([&] { quiver::update_element(*db->db, collection, id, element->element); });
}

quiver_error_t quiver_database_delete_element(quiver_database_t* db, const char* collection, int64_t id) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    return guarded([&] { quiver::delete_element(*db->db, collection, id); });
}

quiver_error_t quiver_database_update_vector_group(quiver_database_t* db, const char* collection, const char* group,
                                                   int64_t id, const char* const* column_names, const int* column_types,
                                                   const void* const* column_data,
                                                   const uint8_t* const* column_has_value, size_t column_count,
                                                   size_t row_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE_COLUMNS();
    return update_group(db, true, collection, group, id, column_names, column_types, column_data, column_has_value,
                        column_count, row_count);
}

quiver_error_t quiver_database_update_set_group(quiver_database_t* db, const char* collection, const char* group,
                                                int64_t id, const char* const* column_names, const int* column_types,
                                                const void* const* column_data, const uint8_t* const* column_has_value,
                                                size_t column_count, size_t row_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE_COLUMNS();
    return update_group(db, false, collection, group, id, column_names, column_types, column_data, column_has_value,
                        column_count, row_count);
}

}  // extern "C"
