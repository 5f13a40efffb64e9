// Opening, closing and inspecting a database handle.
#include "database_handle.hpp"
#include "quiver/c/extensions.h"
#include "support.hpp"

using quiver::c::guarded;

namespace {

template <class Factory>
quiver_error_t make_handle(quiver_database_t** out_db, Factory&& factory) {
    return guarded([&] {
        auto handle = std::make_unique<quiver_database>();
        handle->db = factory();
        *out_db = handle.release();
    });
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_open(const char* path, const quiver_database_options_t* options,
                                    quiver_database_t** out_db) {
    QUIVER_REQUIRE(path);
    QUIVER_REQUIRE(out_db);
    return make_handle(out_db, [&] { return quiver::Database::open(path, quiver::c::to_core_options(options)); });
}

quiver_error_t quiver_database_from_migrations(const char* db_path, const char* migrations_path,
                                               const quiver_database_options_t* options, quiver_database_t** out_db) {
    QUIVER_REQUIRE(db_path);
    QUIVER_REQUIRE(migrations_path);
    QUIVER_REQUIRE(out_db);
    return make_handle(out_db, [&] {
        return quiver::Database::from_migrations(db_path, migrations_path, quiver::c::to_core_options(options));
    });
}

quiver_error_t quiver_database_from_schema(const char* db_path, const char* schema_path,
                                           const quiver_database_options_t* options, quiver_database_t** out_db) {
    QUIVER_REQUIRE(db_path);
    QUIVER_REQUIRE(schema_path);
    QUIVER_REQUIRE(out_db);
    return make_handle(out_db, [&] {
        return quiver::Database::from_schema(db_path, schema_path, quiver::c::to_core_options(options));
    });
}

quiver_error_t quiver_database_close(quiver_database_t* db) {
    delete db;
    return QUIVER_OK;
}

quiver_error_t quiver_database_is_healthy(quiver_database_t* db, int* out_healthy) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_healthy);
    *out_healthy = db->db && db->db->sqlite() ? 1 : 0;
    return QUIVER_OK;
}

quiver_error_t quiver_database_path(quiver_database_t* db, const char** out_path) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_path);
    *out_path = db->db->path().c_str();
    return QUIVER_OK;
}

quiver_error_t quiver_database_current_version(quiver_database_t* db, int64_t* out_version) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(out_version);
    return guarded([&] { *out_version = db->db->current_version(); });
}

quiver_error_t quiver_database_set_busy_timeout(quiver_database_t* db, int timeout_ms) {
    QUIVER_REQUIRE(db);
    return guarded([&] { db->db->set_busy_timeout(timeout_ms); });
}

}  // extern "C"
