// Reports: NULL checks in header parameter order; the text is returned as a fresh
// string freed with quiver_database_free_string. On error *out_report is untouched.
#include "core/reports.hpp"
#include "database_handle.hpp"
#include "support.hpp"

using quiver::c::copy_string;
using quiver::c::guarded;

extern "C" {

quiver_error_t quiver_database_describe(quiver_database_t* db, char** out_report) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_report);
    return guarded([&] { *out_report = copy_string(quiver::describe(*db->db)); });
}

quiver_error_t quiver_database_describe_collection(quiver_database_t* db, const char* collection, char** out_report) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_report);
    return guarded([&] { *out_report = copy_string(quiver::describe_collection(*db->db, collection)); });
}

quiver_error_t quiver_database_summarize_collection(quiver_database_t* db, const char* collection, char** out_report) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_report);
    return guarded([&] { *out_report = copy_string(quiver::summarize_collection(*db->db, collection)); });
}

}  // extern "C"
