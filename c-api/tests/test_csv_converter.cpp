// quiver_csv_converter_*: CSV layout (plain and aggregated), number format, round trips, header
// and row errors.
#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "binary_fixtures.hpp"
#include "check.hpp"
#include "quiver/c/binary/csv_converter.h"

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void write_metadata_only(const std::string& path, const qt::MetadataSpec& spec) {
    quiver_binary_metadata_t* md = qt::make_metadata(spec);
    qt::write_text(path + ".toml", qt::metadata_toml(md));
    quiver_binary_metadata_free(md);
}

void bin_to_csv() {
    const std::string p = qt::temp_path("csv_simple");
    CHECK(qt::write_file(p, qt::simple_spec(), [](const std::vector<int64_t>& c, size_t k) {
        if (c[0] == 1) return (c[1] == 1 ? 1.5 : 3.5) + static_cast<double>(k);
        return std::nan("");
    }));
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 1));
    CHECK_EQ(qt::read_text(p + ".csv"),
             "row,col,val1,val2\n1,1,1.5,2.5\n1,2,3.5,4.5\n2,1,null,null\n2,2,null,null\n3,1,null,null\n3,2,null,null\n");

    // printf("%.6g") values.
    const double values[] = {1.23456789, 1e20, 0.0001, 1e-05, -0.0, INFINITY, -INFINITY, 123456789, 100000, 1000000, 12345.65, 2.5e-7, 1e-300};
    const char* texts[] = {"1.23457", "1e+20", "0.0001", "1e-05", "-0", "inf", "-inf", "1.23457e+08", "100000", "1e+06", "12345.6", "2.5e-07", "1e-300"};
    qt::MetadataSpec one;
    one.dimensions = {"row"};
    one.sizes = {1};
    one.labels = {"val"};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; ++i) {
        CHECK(qt::write_file(p, one, [&](const std::vector<int64_t>&, size_t) { return values[i]; }));
        CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 0));
        CHECK_EQ(qt::read_text(p + ".csv"), std::string("row,val\n1,") + texts[i] + "\n");
    }

    // Time dimensions, aggregated or not.
    const std::string t = qt::temp_path("csv_time");
    CHECK(qt::write_file(t, qt::time_spec(), [](const std::vector<int64_t>&, size_t) { return std::nan(""); }));
    CHECK_OK(quiver_csv_converter_bin_to_csv(t.c_str(), 1));
    auto lines = lines_of(qt::read_text(t + ".csv"));
    REQUIRE(lines.size() == 121);
    CHECK_EQ(lines[0], "date,plant_1,plant_2");
    CHECK_EQ(lines[1], "2025-01-01,null,null");
    CHECK_EQ(lines[32], "2025-02-01,null,null");
    CHECK_EQ(lines[120], "2025-04-30,null,null");
    CHECK_OK(quiver_csv_converter_bin_to_csv(t.c_str(), 0));
    lines = lines_of(qt::read_text(t + ".csv"));
    REQUIRE(lines.size() == 121);
    CHECK_EQ(lines[0], "stage,block,plant_1,plant_2");
    CHECK_EQ(lines[1], "1,1,null,null");
    CHECK_EQ(lines[120], "4,30,null,null");

    const std::string h = qt::temp_path("csv_hourly");
    CHECK(qt::write_file(h, qt::hourly_spec(), [](const std::vector<int64_t>&, size_t) { return std::nan(""); }));
    CHECK_OK(quiver_csv_converter_bin_to_csv(h.c_str(), 1));
    lines = lines_of(qt::read_text(h + ".csv"));
    REQUIRE(lines.size() == 73);
    CHECK_EQ(lines[0], "datetime,val");
    CHECK_EQ(lines[1], "2025-01-01T00:00:00,null");
    CHECK_EQ(lines[72], "2025-01-03T23:00:00,null");

    // A partial first period: monthly from 2025-03-15, days 15..31 then all of April.
    qt::MetadataSpec partial = qt::time_spec();
    partial.sizes = {2, 31};
    partial.initial_datetime = "2025-03-15T00:00:00";
    CHECK(qt::write_file(t, partial, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    CHECK_OK(quiver_csv_converter_bin_to_csv(t.c_str(), 0));
    lines = lines_of(qt::read_text(t + ".csv"));
    REQUIRE(lines.size() == 48);
    CHECK_EQ(lines[1], "1,15,1,1");
    CHECK_EQ(lines[47], "2,30,1,1");

    // Weekly -> daily beyond the first week fails the consistency rule midway, and the earlier
    // CSV stays as it was.
    const std::string before = qt::read_text(t + ".csv");
    qt::MetadataSpec weekly;
    weekly.initial_datetime = "2025-01-03T00:00:00";
    weekly.dimensions = {"week", "day"};
    weekly.sizes = {2, 7};
    weekly.time_dimensions = {"week", "day"};
    weekly.frequencies = {"weekly", "daily"};
    weekly.labels = {"v"};
    const std::string wk = qt::temp_path("csv_weekly");
    qt::write_file(wk, weekly, [](const std::vector<int64_t>&, size_t) { return 1.0; });
    CHECK_ERR(quiver_csv_converter_bin_to_csv(wk.c_str(), 1),
              "Invalid values for time dimensions: dimension 'day' has value 1 but the resulting datetime implies 8");
    CHECK(!qt::file_exists(wk + ".csv"));
    CHECK_EQ(qt::read_text(t + ".csv"), before);

    CHECK_ERR(quiver_csv_converter_bin_to_csv(nullptr, 1), "Null argument: path");
    CHECK_ERR(quiver_csv_converter_bin_to_csv("nonexistent_path", 0), "File not found: nonexistent_path");
}

void round_trips() {
    const std::string p = qt::temp_path("csv_round");
    CHECK(qt::fill(p, [](int64_t r, int64_t c, size_t k) { return r * 100.0 + c + (k ? 0.5 : 0.0); }));
    const std::vector<double> cells = qt::simple_cells(p);
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 0));
    std::filesystem::remove(p + ".qvr");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    CHECK_EQ(qt::simple_cells(p), cells);

    // Aggregated and plain CSV give the same binary; csv -> bin -> csv is byte-identical.
    for (const auto& spec : {qt::time_spec(), qt::hourly_spec()}) {
        const std::string t = qt::temp_path("csv_round_time");
        CHECK(qt::write_file(t, spec, [](const std::vector<int64_t>& c, size_t k) {
            if ((c[0] == 1 && c[1] == 1) || (c[0] == 2 && c[1] == 15) || (c[0] == 3 && c[1] == 24)) return 100.0 * c[0] + c[1] + k;
            return std::nan("");
        }));
        const std::string original = qt::read_text(t + ".qvr");
        CHECK_OK(quiver_csv_converter_bin_to_csv(t.c_str(), 1));
        const std::string aggregated = qt::read_text(t + ".csv");
        CHECK(aggregated.find(spec.labels.size() == 1 ? "datetime" : "date") == 0);
        std::filesystem::remove(t + ".qvr");
        CHECK_OK(quiver_csv_converter_csv_to_bin(t.c_str()));
        CHECK(qt::read_text(t + ".qvr") == original);
        CHECK_OK(quiver_csv_converter_bin_to_csv(t.c_str(), 1));
        CHECK(qt::read_text(t + ".csv") == aggregated);
        CHECK_OK(quiver_csv_converter_bin_to_csv(t.c_str(), 0));
        std::filesystem::remove(t + ".qvr");
        CHECK_OK(quiver_csv_converter_csv_to_bin(t.c_str()));
        CHECK(qt::read_text(t + ".qvr") == original);
    }

    // Mixed: [month monthly, scenario, day daily].
    qt::MetadataSpec mixed;
    mixed.dimensions = {"month", "scenario", "day"};
    mixed.sizes = {2, 2, 31};
    mixed.time_dimensions = {"month", "day"};
    mixed.frequencies = {"monthly", "daily"};
    mixed.labels = {"val"};
    const std::string m = qt::temp_path("csv_mixed");
    CHECK(qt::write_file(m, mixed, [](const std::vector<int64_t>& c, size_t) {
        if (c[0] == 1 && c[1] == 1 && c[2] == 1) return 99.0;
        if (c[0] == 2 && c[1] == 2 && c[2] == 15) return 77.0;
        return std::nan("");
    }));
    CHECK_OK(quiver_csv_converter_bin_to_csv(m.c_str(), 1));
    const auto lines = lines_of(qt::read_text(m + ".csv"));
    CHECK_EQ(lines[0], "date,scenario,val");
    CHECK_EQ(lines[1], "2025-01-01,1,99");
    std::filesystem::remove(m + ".qvr");
    CHECK_OK(quiver_csv_converter_csv_to_bin(m.c_str()));
    CHECK_EQ(qt::read_cell(m, {"month", "scenario", "day"}, {1, 1, 1}), (std::vector<double>{99}));
    CHECK_EQ(qt::read_cell(m, {"month", "scenario", "day"}, {2, 2, 15}), (std::vector<double>{77}));
}

void csv_errors() {
    const std::string p = qt::temp_path("csv_bad");
    write_metadata_only(p, qt::simple_spec());
    const std::string header_error = "Expected columns are: row, col, val1, val2";
    const struct {
        const char* csv;
        std::string message;
    } cases[] = {
        {"row,bad_name,val1,val2\n", "Unexpected header in CSV file: 'row,bad_name,val1,val2'. " + header_error},
        {"row,col\n", "CSV header has 2 columns, expected 4"},
        {"row,col,val1\n", "CSV header has 3 columns, expected 4"},
        {"row,col,val1,val2,extra\n", "Unexpected header in CSV file: 'row,col,val1,val2,extra'. " + header_error},
        {"", "Unexpected header in CSV file: ''. " + header_error},
        {"row,col,val1,val2\n2,1,1.0,2.0\n", "CSV dimension 'row' has value '2', expected '1'"},
        {"row,col,val1,val2\n1,2,1.0,2.0\n", "CSV dimension 'col' has value '2', expected '1'"},
        {"row,col,val1,val2\n1,1,abc,2.0\n", "stod"},
        {"row,col,val1,val2\n1,1,,2.0\n", "stod"},
        {"row,col,val1,val2\n1,1,1e999,2.0\n", "stod"},
        {"row,col,val1,val2\n1,1,1.0\n", "Data length 1 does not match expected length 2"},
        {"row,col,val1,val2\n1,1,1.0,2.0\n", "CSV dimension 'row' has value '', expected '1'"},
        {"row,col,val1,val2\n1\n", "CSV dimension 'col' has value '', expected '1'"},
    };
    for (const auto& c : cases) {
        qt::write_text(p + ".csv", c.csv);
        CHECK_ERR(quiver_csv_converter_csv_to_bin(p.c_str()), c.message);
        CHECK(!qt::file_exists(p + ".qvr"));  // nothing half-written left behind
    }
    // strtod semantics for values.
    qt::write_text(p + ".csv", "row,col,val1,val2\n1,1, 1.5 ,0x10\n1,2,1e3,-inf\n2,1,null,nan\n2,2,1,2\n3,1,1,2\n3,2,1,2\n");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    CHECK_EQ(qt::read_cell(p, {"row", "col"}, {1, 1}), (std::vector<double>{1.5, 16}));
    CHECK_EQ(qt::read_cell(p, {"row", "col"}, {1, 2}), (std::vector<double>{1000, -INFINITY}));
    const auto nulls = qt::read_cell(p, {"row", "col"}, {2, 1});
    CHECK(nulls.size() == 2 && std::isnan(nulls[0]) && std::isnan(nulls[1]));

    const std::string t = qt::temp_path("csv_bad_time");
    write_metadata_only(t, qt::time_spec());
    qt::write_text(t + ".csv", "date,plant_1,plant_2\n2025-02-01,1.0,2.0\n");
    CHECK_ERR(quiver_csv_converter_csv_to_bin(t.c_str()), "CSV dimension 'date' has value '2025-02-01', expected '2025-01-01'");
    qt::write_text(t + ".csv", "datetime,plant_1,plant_2\n");
    CHECK_ERR(quiver_csv_converter_csv_to_bin(t.c_str()),
              "Unexpected header in CSV file: 'datetime,plant_1,plant_2'. Expected columns are: date, plant_1, plant_2");

    CHECK_ERR(quiver_csv_converter_csv_to_bin(nullptr), "Null argument: path");
    CHECK_ERR(quiver_csv_converter_csv_to_bin("nonexistent_path"), "Metadata file not found: nonexistent_path.toml");
    const std::string lonely = qt::temp_path("csv_lonely");
    qt::write_text(lonely + ".csv", "row,col,val1,val2\n");
    CHECK_ERR(quiver_csv_converter_csv_to_bin(lonely.c_str()), "Metadata file not found: " + lonely + ".toml");
}

}  // namespace

void test_csv_converter() {
    bin_to_csv();
    round_trips();
    csv_errors();
}
