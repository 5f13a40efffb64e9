// Values the library refuses to store although their type fits (Quiver 0.10 stored them silently):
// NaN, DATE_TIME text that is no date-time, and CSV cells that are not whole numbers or hold a NUL.
#include <cmath>
#include <limits>
#include <string>

#include "check.hpp"

namespace {

const std::string kNaN = "NaN is not a storable value (use NULL for a missing value)";
const std::string kForms =
    "is not a valid date-time (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, years 0000 to 9999)";

int64_t count(quiver_database_t* db, const char* sql) {
    int64_t n = -1;
    int has = 0;
    quiver_database_query_integer(db, sql, &n, &has);
    return n;
}

void nan_and_infinity(quiver_database_t* db) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    int64_t id = 0;
    quiver_element_set_string(e, "label", "N");
    quiver_element_set_float(e, "capacity", nan);
    CHECK_ERR(quiver_database_create_element(db, "Plant", e, &id), "Cannot create_element: column 'capacity': " + kNaN);
    quiver_element_set_float(e, "capacity", 1.0);
    double costs[] = {1.0, nan};
    quiver_element_set_array_float(e, "cost", costs, 2, nullptr);
    CHECK_ERR(quiver_database_create_element(db, "Plant", e, &id), "Cannot create_element: array 'cost' index 1: " + kNaN);
    // A masked NaN is a NULL cell, never read.
    uint8_t present[] = {1, 0};
    quiver_element_set_array_float(e, "cost", costs, 2, present);
    CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    quiver_element_clear(e);
    quiver_element_set_float(e, "capacity", -inf);
    CHECK_OK(quiver_database_update_element(db, "Plant", id, e));
    double capacity = 0;
    int has = 0;
    CHECK_OK(quiver_database_read_scalar_float_by_id(db, "Plant", "capacity", id, &capacity, &has));
    CHECK(has == 1 && capacity == -inf);
    quiver_element_destroy(e);

    const char* names[] = {"date_time", "mw"};
    int types[] = {QUIVER_DATA_TYPE_STRING, QUIVER_DATA_TYPE_FLOAT};
    const char* dates[] = {"2030-01-01", "2030-01-02"};
    double mw[] = {inf, nan};
    const void* data[] = {dates, mw};
    CHECK_ERR(quiver_database_update_time_series_group(db, "Plant", "output", id, names, types, data, nullptr, 2, 2),
              "Cannot update_time_series_group: column 'mw' index 1: " + kNaN);
    uint8_t mw_mask[] = {1, 0};
    const uint8_t* masks[] = {nullptr, mw_mask};
    CHECK_OK(quiver_database_update_time_series_group(db, "Plant", "output", id, names, types, data, masks, 2, 2));
    const void* row[] = {dates, mw + 1};
    CHECK_ERR(quiver_database_upsert_time_series_row(db, "Plant", "output", id, names, types, row, 2),
              "Cannot upsert_time_series_row: column 'mw' index 0: " + kNaN);
    CHECK_EQ(count(db, "SELECT COUNT(*) FROM Plant_time_series_output WHERE mw = 9e999"), int64_t{1});

    double f = 0;
    CHECK_ERR(quiver_database_query_float_params(db, "SELECT ?", &types[1], row + 1, 1,
                                                 &f, &has),
              "Failed to execute statement: parameter 1 is NaN (use NULL for a missing value)");
}

void date_times(quiver_database_t* db) {
    quiver_element_t* e = nullptr;
    REQUIRE(quiver_element_create(&e) == QUIVER_OK);
    int64_t id = 0;
    quiver_element_set_string(e, "label", "D");
    for (const char* bad : {"garbage", "2030-13-45T99:99:99", "2030-02-29", "99999-01-01", "2030-01-01T10", "2030-01-01X"}) {
        quiver_element_set_string(e, "date_built", bad);
        CHECK_ERR(quiver_database_create_element(db, "Plant", e, &id),
                  std::string("Cannot create_element: column 'date_built': '") + bad + "' " + kForms);
    }
    for (const char* good : {"2028-02-29", "2030-01-01T10:00", "2030-01-01 10:00:00", "2030-01-01T10:00:00.123Z",
                             "2030-01-01T10:00:00-03:00", "0000-01-01", "9999-12-31T23:59:59"}) {
        quiver_element_set_string(e, "label", good);
        quiver_element_set_string(e, "date_built", good);
        CHECK_OK(quiver_database_create_element(db, "Plant", e, &id));
    }
    quiver_element_destroy(e);

    const char* names[] = {"date_time"};
    int types[] = {QUIVER_DATA_TYPE_DATE_TIME};
    const char* dates[] = {"2030-01-01", "someday"};
    const void* data[] = {dates};
    CHECK_ERR(quiver_database_update_time_series_group(db, "Plant", "output", id, names, types, data, nullptr, 1, 2),
              "Cannot update_time_series_group: column 'date_time' index 1: 'someday' " + kForms);
}

void csv_cells(quiver_database_t* db) {
    std::string file = qt::temp_path("values.csv");
    const std::string header = "sep=,\nlabel,capacity,kind,date_built,owner_id\n";
    struct {
        const char* row;
        const char* message;
    } cases[] = {
        {"X,12abc,,,", "Cannot import_csv: Invalid float value '12abc' for column 'capacity' in row 2."},
        {"X,1,7 years,,", "Cannot import_csv: Invalid integer value '7 years' for column 'kind' in row 2."},
        {"X,nan,,,", "Cannot import_csv: Invalid float value 'nan' for column 'capacity' in row 2."},
        {"X,2030-01-01,,,", "Cannot import_csv: Invalid float value '2030-01-01' for column 'capacity' in row 2."},
    };
    int64_t before = count(db, "SELECT COUNT(*) FROM Plant");
    for (const auto& c : cases) {
        qt::write_text(file, header + "A,1,2,,\n" + c.row + "\n");
        CHECK_ERR(quiver_database_import_csv(db, "Plant", "", file.c_str(), nullptr), c.message);
    }
    qt::write_text(file, header + "A,1,2,,\n" + std::string("B\0C,1,,,\n", 9));
    CHECK_ERR(quiver_database_import_csv(db, "Plant", "", file.c_str(), nullptr),
              "Cannot import_csv: Text for column 'label' in row 2 contains a NUL character.");
    CHECK_EQ(count(db, "SELECT COUNT(*) FROM Plant"), before);

    qt::write_text(file, header + "A,-inf,+3,2030-01-01T00:00:00,\nB,1e3,-4,,\n");
    CHECK_OK(quiver_database_import_csv(db, "Plant", "", file.c_str(), nullptr));
    CHECK_EQ(count(db, "SELECT COUNT(*) FROM Plant WHERE capacity = -9e999 AND kind = 3"), int64_t{1});
    CHECK_EQ(count(db, "SELECT COUNT(*) FROM Plant WHERE capacity = 1000 AND kind = -4"), int64_t{1});
}

}  // namespace

void test_values() {
    quiver_database_t* db = qt::open_fixture("plant.sql");
    if (!db) return;
    nan_and_infinity(db);
    date_times(db);
    csv_cells(db);
    CHECK_OK(quiver_database_close(db));
}
