// Columnar groups: vector/set group reads and updates, time-series groups, rows and files, and
// quiver_database_free_time_series_data (including the unknown-tag error).
#include <cmath>
#include <cstring>

#include "check.hpp"

namespace {

struct Columns {
    char** names = nullptr;
    int* types = nullptr;
    void** data = nullptr;
    uint8_t** masks = nullptr;
    size_t columns = 0;
    size_t rows = 0;
    quiver_error_t free() {
        quiver_error_t rc = quiver_database_free_time_series_data(names, types, data, masks, columns, rows);
        if (rc == QUIVER_OK) *this = Columns{};
        return rc;
    }
};

void vector_and_set_groups(quiver_database_t* db) {
    qt::make(db, "Farm", "F1");
    qt::make(db, "Farm", "F2");
    int64_t barn = qt::make(db, "Barn", "B1");

    const char* names[] = {"farm_link"};
    int types[] = {QUIVER_DATA_TYPE_STRING};
    const char* labels[] = {"F2", nullptr, "F1"};
    const void* data[] = {labels};
    CHECK_OK(quiver_database_update_vector_group(db, "Barn", "neighbors", barn, names, types, data, nullptr, 1, 3));
    Columns c;
    CHECK_OK(quiver_database_read_vector_group_by_id(db, "Barn", "neighbors", barn, &c.names, &c.types, &c.data,
                                                     &c.masks, &c.columns, &c.rows));
    if (c.columns == 1 && c.rows == 3) {
        CHECK_EQ(c.names[0], "farm_link");
        CHECK_EQ(c.types[0], static_cast<int>(QUIVER_DATA_TYPE_INTEGER));
        const int64_t* ids = static_cast<const int64_t*>(c.data[0]);
        CHECK(ids[0] == 2 && ids[2] == 1);
        CHECK(c.masks[0][0] == 1 && c.masks[0][1] == 0 && c.masks[0][2] == 1);
    } else {
        CHECK(c.columns == 1 && c.rows == 3);
    }
    CHECK_OK(c.free());
    CHECK_ERR(quiver_database_update_vector_group(db, "Barn", "neighbors", barn, names, types, data, nullptr, 1, 0),
              "Cannot update_vector_group: columns [farm_link] contain no rows; pass no columns to clear the group");
    int bad_type[] = {7};
    CHECK_ERR(quiver_database_update_vector_group(db, "Barn", "neighbors", barn, names, bad_type, data, nullptr, 1, 3),
              "Cannot update_vector_group: unknown column type 7");
    CHECK_ERR(quiver_database_update_vector_group(db, "Barn", "nope", barn, names, types, data, nullptr, 1, 3),
              "Vector group not found: 'nope' in collection 'Barn'");
    CHECK_ERR(quiver_database_update_set_group(db, "Barn", "neighbors", barn, names, types, data, nullptr, 1, 3),
              "Set group not found: 'neighbors' in collection 'Barn'");

    // A set group with a mask, then cleared.
    int64_t links[] = {1, 2};
    uint8_t present[] = {1, 1};
    const uint8_t* masks[] = {present};
    int int_type[] = {QUIVER_DATA_TYPE_INTEGER};
    const void* link_data[] = {links};
    CHECK_OK(quiver_database_update_set_group(db, "Barn", "links", barn, names, int_type, link_data, masks, 1, 2));
    CHECK_OK(quiver_database_read_set_group_by_id(db, "Barn", "links", barn, &c.names, &c.types, &c.data, &c.masks,
                                                  &c.columns, &c.rows));
    CHECK(c.columns == 1 && c.rows == 2);
    CHECK_OK(c.free());
    CHECK_OK(quiver_database_update_set_group(db, "Barn", "links", barn, nullptr, nullptr, nullptr, nullptr, 0, 0));
    CHECK_OK(quiver_database_read_set_group_by_id(db, "Barn", "links", barn, &c.names, &c.types, &c.data, &c.masks,
                                                  &c.columns, &c.rows));
    CHECK(c.columns == 0 && c.rows == 0 && c.names == nullptr && c.data == nullptr);
    CHECK_OK(c.free());
    CHECK_ERR(quiver_database_read_vector_group_by_id(db, "Nope", "x", 1, &c.names, &c.types, &c.data, &c.masks,
                                                      &c.columns, &c.rows),
              "Cannot get_vector_metadata: collection not found: Nope");
}

void time_series(quiver_database_t* db) {
    int64_t p1 = qt::make(db, "Plant", "P1");
    int64_t p2 = qt::make(db, "Plant", "P2");
    qt::make(db, "Plant", "P3");

    // Columns in any order, a masked note; rows come back ordered by date_time.
    const char* names[] = {"mw", "date_time", "note"};
    int types[] = {QUIVER_DATA_TYPE_FLOAT, QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_STRING};
    double mw[] = {2.5, 1.5};
    const char* dates[] = {"2023-05-02", "2023-05-01"};
    const char* notes[] = {"late", "ignored"};
    const void* data[] = {mw, dates, notes};
    uint8_t note_mask[] = {1, 0};
    const uint8_t* masks[] = {nullptr, nullptr, note_mask};
    CHECK_OK(quiver_database_update_time_series_group(db, "Plant", "output", p2, names, types, data, masks, 3, 2));

    Columns c;
    CHECK_OK(quiver_database_read_time_series_group(db, "Plant", "output", p2, &c.names, &c.types, &c.data, &c.masks,
                                                    &c.columns, &c.rows));
    if (c.columns == 3 && c.rows == 2) {
        CHECK_EQ(c.names[0], "date_time");
        CHECK_EQ(c.types[0], static_cast<int>(QUIVER_DATA_TYPE_STRING));
        CHECK_EQ(static_cast<char**>(c.data[0])[0], "2023-05-01");
        CHECK_EQ(static_cast<double*>(c.data[1])[0], 1.5);
        CHECK_EQ(static_cast<char**>(c.data[2])[0], static_cast<const char*>(nullptr));
        CHECK_EQ(static_cast<char**>(c.data[2])[1], "late");

        // Unknown tag: an error, and nothing is released, so restoring the tag and freeing again
        // must neither leak nor double-free (ASan and the live count below would notice).
        int saved = c.types[2];
        c.types[2] = 9;
        CHECK_ERR(c.free(), "Cannot free_time_series_data: unknown data type 9");
        c.types[2] = saved;
    } else {
        CHECK(c.columns == 3 && c.rows == 2);
    }
    CHECK_OK(c.free());
    CHECK_OK(quiver_database_free_time_series_data(nullptr, nullptr, nullptr, nullptr, 0, 0));

    const char* only_mw[] = {"mw"};
    CHECK_ERR(quiver_database_update_time_series_group(db, "Plant", "output", p2, only_mw, types, data, nullptr, 1, 2),
              "Cannot update_time_series_group: row missing required 'date_time' column");
    CHECK_ERR(quiver_database_update_time_series_group(db, "Plant", "output", p2, names, types, data, nullptr, 2, 0),
              "Cannot update_time_series_group: columns [mw, date_time] contain no rows; pass no columns to clear the group");
    int bad_types[] = {7, QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_STRING};
    CHECK_ERR(quiver_database_update_time_series_group(db, "Plant", "output", p2, names, bad_types, data, nullptr, 3, 2),
              "Cannot update_time_series_group: unknown column type 7");

    // Upsert replaces the row with the same key; the row read walks back to the last value.
    const char* row_names[] = {"date_time", "mw"};
    int row_types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* day = "2023-05-01";
    double v = 4.0;
    const void* row[] = {&day, &v};
    CHECK_OK(quiver_database_upsert_time_series_row(db, "Plant", "output", p1, row_names, row_types, row, 2));
    v = 6.0;
    CHECK_OK(quiver_database_upsert_time_series_row(db, "Plant", "output", p1, row_names, row_types, row, 2));
    int bad_row_types[] = {QUIVER_DATA_TYPE_STRING, 999};
    CHECK_ERR(quiver_database_upsert_time_series_row(db, "Plant", "output", p1, row_names, bad_row_types, row, 2),
              "Cannot upsert_time_series_row: unknown column type 999");
    CHECK_ERR(quiver_database_upsert_time_series_row(db, "Nope", "output", p1, row_names, row_types, row, 2),
              "Cannot upsert_time_series_row: collection not found: Nope");

    int type = -1;
    void* values = nullptr;
    size_t n = 0;
    CHECK_OK(quiver_database_read_time_series_row(db, "Plant", "output", "mw", "2023-05-09", &type, &values, &n));
    if (n == 3 && type == QUIVER_DATA_TYPE_FLOAT) {
        const double* d = static_cast<const double*>(values);
        CHECK(d[0] == 6.0 && d[1] == 2.5 && std::isnan(d[2]));
    } else {
        CHECK(n == 3 && type == QUIVER_DATA_TYPE_FLOAT);
    }
    CHECK_OK(quiver_database_free_float_array(static_cast<double*>(values)));
    CHECK_OK(quiver_database_read_time_series_row(db, "Plant", "output", "note", "2023-05-09", &type, &values, &n));
    if (n == 3 && type == QUIVER_DATA_TYPE_STRING) {
        char** s = static_cast<char**>(values);
        CHECK(s[0] == nullptr && s[2] == nullptr);
        CHECK_EQ(s[1], "late");
    } else {
        CHECK(n == 3 && type == QUIVER_DATA_TYPE_STRING);
    }
    CHECK_OK(quiver_database_free_string_array(static_cast<char**>(values), n));
    CHECK_ERR(quiver_database_read_time_series_row(db, "Plant", "output", "date_time", "2023", &type, &values, &n),
              "Time series attribute not found: 'date_time' in group 'output' of collection 'Plant'");

    // Two dimensions: segment is part of the key.
    const char* bid_names[] = {"date_time", "segment", "price"};
    int bid_types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_INTEGER, QUIVER_DATA_TYPE_FLOAT};
    const char* bid_dates[] = {"2023-01-01", "2023-01-01"};
    int64_t segments[] = {1, 2};
    double prices[] = {10.0, 12.5};
    const void* bid_data[] = {bid_dates, segments, prices};
    CHECK_OK(quiver_database_update_time_series_group(db, "Plant", "bids", p1, bid_names, bid_types, bid_data, nullptr, 3, 2));
    CHECK_ERR(quiver_database_update_time_series_group(db, "Plant", "bids", p1, bid_names, bid_types, bid_data, nullptr, 1, 2),
              "Cannot update_time_series_group: row missing required 'segment' column");
    CHECK_OK(quiver_database_read_time_series_group(db, "Plant", "bids", p1, &c.names, &c.types, &c.data, &c.masks,
                                                    &c.columns, &c.rows));
    CHECK(c.columns == 3 && c.rows == 2);
    CHECK_OK(c.free());

    // Clearing, then reading nothing.
    CHECK_OK(quiver_database_update_time_series_group(db, "Plant", "output", p2, nullptr, nullptr, nullptr, nullptr, 0, 0));
    CHECK_OK(quiver_database_read_time_series_group(db, "Plant", "output", p2, &c.names, &c.types, &c.data, &c.masks,
                                                    &c.columns, &c.rows));
    CHECK(c.columns == 0 && c.rows == 0 && c.names == nullptr);
    CHECK_OK(c.free());
    CHECK_ERR(quiver_database_read_time_series_group(db, "Plant", "nope", p2, &c.names, &c.types, &c.data, &c.masks,
                                                     &c.columns, &c.rows),
              "Time series group not found: 'nope' in collection 'Plant'");
}

void time_series_files(quiver_database_t* db) {
    int has = -1;
    CHECK_OK(quiver_database_has_time_series_files(db, "Plant", &has));
    CHECK_EQ(has, 1);
    CHECK_OK(quiver_database_has_time_series_files(db, "Owner", &has));
    CHECK_EQ(has, 0);

    char** columns = nullptr;
    char** paths = nullptr;
    size_t n = 0;
    CHECK_OK(quiver_database_list_time_series_files_columns(db, "Plant", &columns, &n));
    if (n == 2) {
        CHECK_EQ(columns[0], "curve");
        CHECK_EQ(columns[1], "limits");
    }
    CHECK_OK(quiver_database_free_string_array(columns, n));
    CHECK_ERR(quiver_database_list_time_series_files_columns(db, "Owner", &columns, &n),
              "Time series files table not found: Owner_time_series_files");

    // No row yet: every path NULL.
    CHECK_OK(quiver_database_read_time_series_files(db, "Plant", &columns, &paths, &n));
    CHECK(n == 2 && paths[0] == nullptr && paths[1] == nullptr);
    CHECK_OK(quiver_database_free_time_series_files(columns, paths, n));

    const char* names[] = {"limits", "curve"};
    const char* values[] = {"limits.csv", nullptr};
    CHECK_OK(quiver_database_update_time_series_files(db, "Plant", names, values, 2));
    CHECK_OK(quiver_database_read_time_series_files(db, "Plant", &columns, &paths, &n));
    if (n == 2) {
        CHECK_EQ(columns[0], "curve");
        CHECK_EQ(paths[0], static_cast<const char*>(nullptr));
        CHECK_EQ(paths[1], "limits.csv");
    }
    CHECK_OK(quiver_database_free_time_series_files(columns, paths, n));
    const char* bad[] = {"nope"};
    CHECK_ERR(quiver_database_update_time_series_files(db, "Plant", bad, values, 1),
              "Cannot update_time_series_files: column 'nope' not found in table 'Plant_time_series_files'");
    CHECK_ERR(quiver_database_free_time_series_files(nullptr, nullptr, 0), "Null argument: columns");
}

}  // namespace

void test_groups() {
    quiver_database_t* farm = qt::open_fixture("farm.sql");
    if (farm) {
        vector_and_set_groups(farm);
        CHECK_OK(quiver_database_close(farm));
    }
    quiver_database_t* plant = qt::open_fixture("plant.sql");
    if (plant) {
        time_series(plant);
        time_series_files(plant);
        CHECK_OK(quiver_database_close(plant));
    }
}
