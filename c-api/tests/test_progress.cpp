// quiver_progress_t: progress figures, cancellation before and during a call, the kept error
// message, and that a cancelled or failed write changes nothing (also inside a transaction).
#include <chrono>
#include <string>
#include <thread>

#include "check.hpp"
#include "quiver/c/extensions.h"

namespace {

int64_t count_rows(quiver_database_t* db, const char* sql) {
    int64_t value = -1;
    int has = 0;
    CHECK_OK(quiver_database_query_integer(db, sql, &value, &has));
    return value;
}

void progress_handle() {
    quiver_progress_t* p = nullptr;
    CHECK_OK(quiver_progress_new(&p));
    int64_t done = -1, total = -1;
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK_EQ(done, int64_t{0});
    CHECK_EQ(total, int64_t{0});
    const char* error = nullptr;
    CHECK_OK(quiver_progress_get_error(p, &error));
    CHECK_EQ(error, "");
    CHECK_ERR(quiver_progress_new(nullptr), "Null argument: out_progress");
    CHECK_ERR(quiver_progress_cancel(nullptr), "Null argument: progress");
    CHECK_ERR(quiver_progress_get(p, nullptr, &total), "Null argument: out_done");
    CHECK_OK(quiver_progress_free(p));
    CHECK_OK(quiver_progress_free(nullptr));
}

void csv_with_progress() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    std::string csv = "sep=,\nlabel,area,hectares,owner,date_founded,organic\n";
    for (int i = 0; i < 500; ++i) csv += "F" + std::to_string(i) + "," + std::to_string(i) + ".5,3,,,1\n";
    const std::string path = qt::temp_path("progress_farms.csv");
    qt::write_text(path, csv);

    quiver_progress_t* p = nullptr;
    CHECK_OK(quiver_progress_new(&p));
    CHECK_OK(quiver_database_import_csv_with_progress(db, "Farm", "", path.c_str(), nullptr, p));
    int64_t done = 0, total = 0;
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK(total > 0);
    CHECK_EQ(done, total);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), int64_t{500});

    const std::string out = qt::temp_path("progress_export.csv");
    CHECK_OK(quiver_database_export_csv_with_progress(db, "Farm", "", out.c_str(), nullptr, p));
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK_EQ(total, int64_t{500});
    CHECK_EQ(done, int64_t{500});

    // A failure keeps its message in the handle too.
    const std::string missing = qt::temp_path("missing.csv");
    CHECK_ERR(quiver_database_import_csv_with_progress(db, "Farm", "", missing.c_str(), nullptr, p),
              "Cannot import_csv: could not open file: " + missing);
    const char* error = nullptr;
    CHECK_OK(quiver_progress_get_error(p, &error));
    const std::string expected = "Cannot import_csv: could not open file: " + missing;
    CHECK_EQ(error, expected.c_str());

    // Cancelled before the call: fails at once, nothing changes.
    qt::write_text(path, "sep=,\nlabel,area,hectares,owner,date_founded,organic\nOnly,1,1,,,0\n");
    CHECK_OK(quiver_progress_cancel(p));
    CHECK_ERR(quiver_database_import_csv_with_progress(db, "Farm", "", path.c_str(), nullptr, p),
              "Cannot import_csv: cancelled");
    CHECK_OK(quiver_progress_get_error(p, &error));
    CHECK_EQ(error, "Cannot import_csv: cancelled");
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), int64_t{500});
    const std::string out2 = qt::temp_path("progress_export2.csv");
    CHECK_ERR(quiver_database_export_csv_with_progress(db, "Farm", "", out2.c_str(), nullptr, p),
              "Cannot export_csv: cancelled");
    CHECK(qt::read_text(out2).empty());
    CHECK_OK(quiver_progress_free(p));

    // NULL progress: the plain call.
    CHECK_OK(quiver_database_import_csv_with_progress(db, "Farm", "", path.c_str(), nullptr, nullptr));
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), int64_t{1});
    CHECK_OK(quiver_database_close(db));
}

void time_series_with_progress() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    const int64_t id = qt::make(db, "Farm", "F");
    const char* names[] = {"date_time", "rain"};
    const int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* dates[] = {"2024-01-01T00:00:00", "2024-01-02T00:00:00", "2024-01-03T00:00:00"};
    const double rain[] = {1, 2, 3};
    const void* data[] = {dates, rain};
    quiver_progress_t* p = nullptr;
    CHECK_OK(quiver_progress_new(&p));
    CHECK_OK(quiver_database_update_time_series_group_with_progress(db, "Farm", "weather", id, names, types, data,
                                                                     nullptr, 2, 3, p));
    int64_t done = 0, total = 0;
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK_EQ(total, int64_t{3});
    CHECK_EQ(done, int64_t{3});

    char** out_names = nullptr;
    int* out_types = nullptr;
    void** out_data = nullptr;
    uint8_t** out_masks = nullptr;
    size_t columns = 0, rows = 0;
    CHECK_OK(quiver_database_read_time_series_group_with_progress(db, "Farm", "weather", id, p, &out_names, &out_types,
                                                                   &out_data, &out_masks, &columns, &rows));
    CHECK_EQ(rows, size_t{3});
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK_EQ(done, int64_t{3});
    CHECK_EQ(total, int64_t{3});
    CHECK_OK(quiver_database_free_time_series_data(out_names, out_types, out_data, out_masks, columns, rows));

    // A failing update inside an open transaction takes back its own work only (a savepoint).
    CHECK_OK(quiver_database_begin_transaction(db));
    qt::make(db, "Farm", "Kept");
    const char* bad_dates[] = {"2025-01-01T00:00:00", "2025-01-01T00:00:00"};  // duplicate key
    const void* bad[] = {bad_dates, rain};
    CHECK(quiver_database_update_time_series_group_with_progress(db, "Farm", "weather", id, names, types, bad, nullptr,
                                                                  2, 2, p) == QUIVER_ERROR);
    int active = 0;
    CHECK_OK(quiver_database_in_transaction(db, &active));
    CHECK_EQ(active, 1);
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm_time_series_weather"), int64_t{3});
    // Cancelled inside the transaction: the same.
    CHECK_OK(quiver_progress_cancel(p));
    CHECK_ERR(quiver_database_update_time_series_group_with_progress(db, "Farm", "weather", id, names, types, data,
                                                                      nullptr, 2, 1, p),
              "Cannot update_time_series_group: cancelled");
    CHECK_OK(quiver_database_commit(db));
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), int64_t{2});
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm_time_series_weather"), int64_t{3});
    CHECK_OK(quiver_progress_free(p));
    CHECK_OK(quiver_database_close(db));
}

void lua_with_progress() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    quiver_lua_runner_t* runner = nullptr;
    CHECK_OK(quiver_lua_runner_new(db, &runner));
    quiver_progress_t* p = nullptr;
    CHECK_OK(quiver_progress_new(&p));
    char* result = nullptr;
    CHECK_OK(quiver_lua_runner_run_with_progress(runner, "for i = 1, 4 do quiver.progress(i, 4) end return 7", 0, 0, p,
                                                 &result));
    CHECK_EQ(result, "7");
    CHECK_OK(quiver_lua_runner_free_string(result));
    int64_t done = 0, total = 0;
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK_EQ(done, int64_t{4});
    CHECK_EQ(total, int64_t{4});
    // quiver.progress is harmless without a progress object.
    CHECK_OK(quiver_lua_runner_run(runner, "quiver.progress(1, 2)", &result));
    CHECK_OK(quiver_lua_runner_free_string(result));
    CHECK(quiver_lua_runner_run(runner, "quiver.progress(-1, 2)", &result) == QUIVER_ERROR);

    // Cancelled from another thread while the script loops; its open transaction is rolled back.
    quiver_error_t rc = QUIVER_OK;
    result = nullptr;
    std::thread worker([&] {
        rc = quiver_lua_runner_run_with_progress(
            runner,
            "db:begin_transaction() db:create_element('Farm', { label = 'Lost' }) "
            "local i = 0 while true do i = i + 1 quiver.progress(i, 0) end",
            0, 0, p, &result);
    });
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < until) {
        quiver_progress_get(p, &done, &total);
        if (done > 1000) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK(done > 1000);
    CHECK_OK(quiver_progress_cancel(p));
    worker.join();
    CHECK(rc == QUIVER_ERROR);
    CHECK(result == nullptr);
    const char* error = nullptr;
    CHECK_OK(quiver_progress_get_error(p, &error));
    CHECK_EQ(error,
             "Failed to run Lua script: cancelled; the script ended with its transaction still open: it was rolled back");
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), int64_t{0});
    // The runner stays usable.
    CHECK_OK(quiver_lua_runner_run(runner, "return 1", &result));
    CHECK_OK(quiver_lua_runner_free_string(result));
    CHECK_OK(quiver_progress_free(p));
    CHECK_OK(quiver_lua_runner_free(runner));
    CHECK_OK(quiver_database_close(db));
}

void create_elements_with_progress() {
    quiver_database_t* db = qt::open_fixture("farm.sql");
    REQUIRE(db);
    const char* names[] = {"label", "area"};
    const int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* labels[] = {"A", "B", "C"};
    const double area[] = {1, 2, 3};
    const void* data[] = {labels, area};
    int64_t ids[3] = {0, 0, 0};
    quiver_progress_t* p = nullptr;
    CHECK_OK(quiver_progress_new(&p));
    CHECK_OK(quiver_database_create_elements_with_progress(db, "Farm", names, types, data, nullptr, nullptr, 2, 3,
                                                                  ids, p));
    CHECK_EQ(ids[2], int64_t{3});
    int64_t done = 0, total = 0;
    CHECK_OK(quiver_progress_get(p, &done, &total));
    CHECK_EQ(done, int64_t{3});
    CHECK_EQ(total, int64_t{3});
    // A failing row: its message, kept in the handle too; nothing created.
    const char* again[] = {"D", "A", "E"};
    const void* dup[] = {again, area};
    CHECK(quiver_database_create_elements_with_progress(db, "Farm", names, types, dup, nullptr, nullptr, 2, 3, ids,
                                                               p) == QUIVER_ERROR);
    const char* error = nullptr;
    CHECK_OK(quiver_progress_get_error(p, &error));
    CHECK(std::string(error).starts_with("Cannot create_elements: row 1: "));
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), int64_t{3});
    CHECK_OK(quiver_progress_cancel(p));
    CHECK_ERR(quiver_database_create_elements_with_progress(db, "Farm", names, types, data, nullptr, nullptr, 2,
                                                                    3, ids, p),
              "Cannot create_elements: cancelled");
    CHECK_EQ(count_rows(db, "SELECT COUNT(*) FROM Farm"), int64_t{3});
    CHECK_OK(quiver_progress_free(p));
    CHECK_OK(quiver_database_close(db));
}

}  // namespace

void test_progress() {
    create_elements_with_progress();
    progress_handle();
    csv_with_progress();
    time_series_with_progress();
    lua_with_progress();
}
