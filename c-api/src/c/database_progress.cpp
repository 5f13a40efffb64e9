// quiver_progress_t and the *_with_progress variants of the long database calls.
#include <sqlite3.h>

#include <atomic>
#include <string>

#include "create_elements_call.hpp"
#include "database_handle.hpp"
#include "progress_call.hpp"
#include "quiver/c/extensions.h"
#include "support.hpp"

using quiver::c::with_progress;

namespace {

// Inside an open transaction the core's writes join it, so a failed or cancelled one would leave
// its partial work there; a savepoint around the call takes exactly that work back.
class CallSavepoint {
public:
    explicit CallSavepoint(quiver_database_t* db) : db_(db ? db->db->sqlite() : nullptr) {
        active_ = db_ && sqlite3_get_autocommit(db_) == 0 &&
                  sqlite3_exec(db_, "SAVEPOINT quiver_progress_call", nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    void finish(quiver_error_t rc) {
        if (!active_) return;
        active_ = false;
        if (rc != QUIVER_OK) sqlite3_exec(db_, "ROLLBACK TO quiver_progress_call", nullptr, nullptr, nullptr);
        sqlite3_exec(db_, "RELEASE quiver_progress_call", nullptr, nullptr, nullptr);
    }
    ~CallSavepoint() { finish(QUIVER_ERROR); }
    CallSavepoint(const CallSavepoint&) = delete;
    CallSavepoint& operator=(const CallSavepoint&) = delete;

private:
    sqlite3* db_;
    bool active_ = false;
};

}  // namespace

extern "C" {

quiver_error_t quiver_progress_new(quiver_progress_t** out_progress) {
    QUIVER_REQUIRE(out_progress);
    return quiver::c::guarded([&] { *out_progress = new quiver_progress(); });
}

quiver_error_t quiver_progress_free(quiver_progress_t* progress) {
    delete progress;
    return QUIVER_OK;
}

quiver_error_t quiver_progress_cancel(quiver_progress_t* progress) {
    QUIVER_REQUIRE(progress);
    progress->task.cancelled.store(true);
    progress->task.cancel_word.store(1);
    return QUIVER_OK;
}

quiver_error_t quiver_progress_get(quiver_progress_t* progress, int64_t* out_done, int64_t* out_total) {
    QUIVER_REQUIRE(progress);
    QUIVER_REQUIRE(out_done);
    QUIVER_REQUIRE(out_total);
    // total first: a reader never sees done beyond a total published after it.
    const int64_t total = progress->task.total.load();
    const int64_t done = progress->task.done.load();
    *out_total = total;
    *out_done = total > 0 && done > total ? total : done;
    return QUIVER_OK;
}

quiver_error_t quiver_progress_get_error(quiver_progress_t* progress, const char** out_error) {
    QUIVER_REQUIRE(progress);
    QUIVER_REQUIRE(out_error);
    *out_error = progress->error.c_str();
    return QUIVER_OK;
}

quiver_error_t quiver_database_import_csv_with_progress(quiver_database_t* db, const char* collection,
                                                        const char* group, const char* path,
                                                        const quiver_csv_options_t* options,
                                                        quiver_progress_t* progress) {
    // import_csv runs in its own transaction and refuses to run inside one: all or nothing already.
    return with_progress(progress, "Cannot import_csv",
                         [&] { return quiver_database_import_csv(db, collection, group, path, options); });
}

quiver_error_t quiver_database_export_csv_with_progress(quiver_database_t* db, const char* collection,
                                                        const char* group, const char* path,
                                                        const quiver_csv_options_t* options,
                                                        quiver_progress_t* progress) {
    // The export writes a temporary file and renames it only when complete.
    return with_progress(progress, "Cannot export_csv",
                         [&] { return quiver_database_export_csv(db, collection, group, path, options); });
}

quiver_error_t quiver_database_read_time_series_group_with_progress(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, quiver_progress_t* progress,
    char*** out_column_names, int** out_column_types, void*** out_column_data, uint8_t*** out_column_has_value,
    size_t* out_column_count, size_t* out_row_count) {
    return with_progress(progress, "Cannot read_time_series_group", [&] {
        return quiver_database_read_time_series_group(db, collection, group, id, out_column_names, out_column_types,
                                                      out_column_data, out_column_has_value, out_column_count,
                                                      out_row_count);
    });
}

quiver_error_t quiver_database_update_time_series_group_with_progress(
    quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names,
    const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value,
    size_t column_count, size_t row_count, quiver_progress_t* progress) {
    return with_progress(progress, "Cannot update_time_series_group", [&] {
        CallSavepoint savepoint(db);
        const quiver_error_t rc = quiver_database_update_time_series_group(
            db, collection, group, id, column_names, column_types, column_data, column_has_value, column_count,
            row_count);
        savepoint.finish(rc);
        return rc;
    });
}

quiver_error_t quiver_database_create_elements_with_progress(
    quiver_database_t* db, const char* collection, const char* const* column_names, const int* column_types,
    const void* const* column_data, const uint8_t* const* column_has_value, const int64_t* const* column_offsets,
    size_t column_count, size_t row_count, int64_t* out_ids, quiver_progress_t* progress) {
    static_assert(sizeof(std::atomic<int64_t>) == sizeof(int64_t) && std::atomic<int64_t>::is_always_lock_free);
    static_assert(sizeof(std::atomic<int32_t>) == sizeof(int32_t) && std::atomic<int32_t>::is_always_lock_free);
    // The bulk function publishes rows done and polls a cancel word through plain pointers: point
    // them at the task's own atomics (same size and representation, lock-free).
    int64_t* done = progress ? reinterpret_cast<int64_t*>(&progress->task.done) : nullptr;
    const int32_t* cancel = progress ? reinterpret_cast<const int32_t*>(&progress->task.cancel_word) : nullptr;
    return with_progress(progress, "Cannot create_elements", [&] {
        quiver::progress::set_total(static_cast<int64_t>(row_count));
        return quiver::c::create_elements_counted(db, collection, column_names, column_types, column_data,
                                                 column_has_value, column_offsets, column_count, row_count, out_ids,
                                                 done, cancel);
    });
}

}  // extern "C"
