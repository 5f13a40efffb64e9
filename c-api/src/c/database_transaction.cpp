// Transactions and dry runs; none of them needs the schema model.
#include "database_handle.hpp"
#include "support.hpp"

using quiver::c::guarded;

extern "C" {

quiver_error_t quiver_database_begin_transaction(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return guarded([&] { db->db->begin_transaction(); });
}

quiver_error_t quiver_database_commit(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return guarded([&] { db->db->commit(); });
}

quiver_error_t quiver_database_rollback(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return guarded([&] { db->db->rollback(); });
}

quiver_error_t quiver_database_in_transaction(quiver_database_t* db, int* out_active) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_active);
    *out_active = db->db->in_transaction() ? 1 : 0;
    return QUIVER_OK;
}

quiver_error_t quiver_database_begin_dry_run(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return guarded([&] { db->db->begin_dry_run(); });
}

quiver_error_t quiver_database_end_dry_run(quiver_database_t* db) {
    QUIVER_REQUIRE(db);
    return guarded([&] { db->db->end_dry_run(); });
}

quiver_error_t quiver_database_in_dry_run(quiver_database_t* db, int* out_active) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_active);
    *out_active = db->db->in_dry_run() ? 1 : 0;
    return QUIVER_OK;
}

}  // extern "C"
