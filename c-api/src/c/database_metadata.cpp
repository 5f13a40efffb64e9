// Metadata: NULL checks in header parameter order, the core lookup, then a
// complete C copy. Outputs are assigned only after the copy succeeded, so on error the caller's
// struct (or array pointer and count) is untouched.
#include <vector>

#include "core/metadata.hpp"
#include "database_handle.hpp"
#include "metadata_convert.hpp"
#include "support.hpp"

using quiver::c::guarded;

namespace {

template <class Core, class C>
void export_list(const std::vector<Core>& metas, C** out_metadata, size_t* out_count) {
    C* array = quiver::c::to_c_array(metas);
    *out_metadata = array;
    *out_count = metas.size();
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection, const char* attribute,
                                                   quiver_scalar_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(attribute);
    QUIVER_REQUIRE(out_metadata);
    return guarded(
        [&] { *out_metadata = quiver::c::to_c(quiver::get_scalar_metadata(*db->db, collection, attribute)); });
}

quiver_error_t quiver_database_get_vector_metadata(quiver_database_t* db, const char* collection,
                                                   const char* group_name, quiver_group_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group_name);
    QUIVER_REQUIRE(out_metadata);
    return guarded(
        [&] { *out_metadata = quiver::c::to_c(quiver::get_vector_metadata(*db->db, collection, group_name)); });
}

quiver_error_t quiver_database_get_set_metadata(quiver_database_t* db, const char* collection, const char* group_name,
                                                quiver_group_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group_name);
    QUIVER_REQUIRE(out_metadata);
    return guarded([&] { *out_metadata = quiver::c::to_c(quiver::get_set_metadata(*db->db, collection, group_name)); });
}

quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t* db, const char* collection,
                                                        const char* group_name, quiver_group_metadata_t* out_metadata) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group_name);
    QUIVER_REQUIRE(out_metadata);
    return guarded(
        [&] { *out_metadata = quiver::c::to_c(quiver::get_time_series_metadata(*db->db, collection, group_name)); });
}

quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection,
                                                      quiver_scalar_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return guarded([&] { export_list(quiver::list_scalar_attributes(*db->db, collection), out_metadata, out_count); });
}

quiver_error_t quiver_database_list_vector_groups(quiver_database_t* db, const char* collection,
                                                  quiver_group_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return guarded([&] { export_list(quiver::list_vector_groups(*db->db, collection), out_metadata, out_count); });
}

quiver_error_t quiver_database_list_set_groups(quiver_database_t* db, const char* collection,
                                               quiver_group_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return guarded([&] { export_list(quiver::list_set_groups(*db->db, collection), out_metadata, out_count); });
}

quiver_error_t quiver_database_list_time_series_groups(quiver_database_t* db, const char* collection,
                                                       quiver_group_metadata_t** out_metadata, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_metadata);
    QUIVER_REQUIRE(out_count);
    return guarded([&] { export_list(quiver::list_time_series_groups(*db->db, collection), out_metadata, out_count); });
}

}  // extern "C"
