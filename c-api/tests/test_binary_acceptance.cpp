// Behaviour of binary metadata, binary files, the CSV converter and expressions that the other
// binary test files leave implicit: handle release results, builder shapes, exact values that
// survive writes and round trips, result shapes of broadcasting, aggregate labels, NaN rules.
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "binary_fixtures.hpp"
#include "check.hpp"
#include "expression_fixtures.hpp"
#include "quiver/c/binary/csv_converter.h"
#include "quiver/c/expression/expression.h"

namespace {

using qt::Cells;
using qt::E;

const char* kRowCol[] = {"row", "col"};

using qt::dimension;
using qt::Dim;

size_t dimension_count(quiver_binary_metadata_t* md) {
    size_t n = 0;
    quiver_binary_metadata_get_dimension_count(md, &n);
    return n;
}

int64_t time_dimension_count(quiver_binary_metadata_t* md) {
    int64_t n = -1;
    quiver_binary_metadata_get_number_of_time_dimensions(md, &n);
    return n;
}

// "name:size" of every dimension, in order.
std::vector<std::string> shape(quiver_binary_metadata_t* md) {
    std::vector<std::string> out;
    for (size_t i = 0; i < dimension_count(md); ++i) {
        const Dim d = dimension(md, i);
        out.push_back(d.name + ":" + std::to_string(d.size));
    }
    return out;
}


std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool all_nan(const Cells& cells) {
    for (double v : cells) {
        if (!std::isnan(v)) return false;
    }
    return !cells.empty();
}

// ---------------------------------------------------------------------------------------------
// Metadata handles and builders

void metadata_create_and_free_both_report_ok() {
    quiver_binary_metadata_t* md = nullptr;
    CHECK_OK(quiver_binary_metadata_create(&md));
    CHECK(md != nullptr);
    CHECK_OK(quiver_binary_metadata_free(md));
    CHECK_OK(quiver_binary_metadata_free(nullptr));
}

void labels_read_back_in_order_and_their_array_frees_ok() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    const char* plants[] = {"plant_1", "plant_2"};
    CHECK_OK(quiver_binary_metadata_set_labels(md, plants, 2));
    char** labels = nullptr;
    size_t count = 0;
    CHECK_OK(quiver_binary_metadata_get_labels(md, &labels, &count));
    REQUIRE(count == 2 && labels != nullptr);
    CHECK_EQ(labels[0], "plant_1");
    CHECK_EQ(labels[1], "plant_2");
    CHECK_OK(quiver_binary_metadata_free_string_array(labels, 2));
    const char* ab[] = {"a", "b"};
    const char* xyz[] = {"x", "y", "z"};
    CHECK_OK(quiver_binary_metadata_set_labels(md, ab, 2));
    CHECK_OK(quiver_binary_metadata_set_labels(md, xyz, 3));
    CHECK_EQ(qt::metadata_labels(md), (std::vector<std::string>{"x", "y", "z"}));
    quiver_binary_metadata_free(md);
}

void get_dimension_past_the_last_index_is_out_of_range() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    CHECK_OK(quiver_binary_metadata_add_dimension(md, "x", 5));
    quiver_dimension_t d{};
    CHECK_ERR(quiver_binary_metadata_get_dimension(md, 1, &d), "Cannot get_dimension: index out of range");
    const Dim x = dimension(md, 0);
    CHECK(x.name == "x" && x.size == 5 && x.is_time == 0);
    quiver_binary_metadata_free(md);
}

void a_plain_dimension_after_a_time_dimension_has_zero_time_properties() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    CHECK_OK(quiver_binary_metadata_add_time_dimension(md, "stage", 4, "monthly"));
    CHECK_OK(quiver_binary_metadata_add_dimension(md, "scenario", 5));
    const Dim stage = dimension(md, 0);
    CHECK(stage.is_time == 1 && stage.frequency == QUIVER_TIME_FREQUENCY_MONTHLY);
    const Dim scenario = dimension(md, 1);
    CHECK(scenario.name == "scenario" && scenario.size == 5 && scenario.is_time == 0);
    CHECK(scenario.frequency == 0 && scenario.initial_value == 0 && scenario.parent == 0);
    quiver_binary_metadata_free(md);
}

void a_second_time_dimension_has_the_first_as_parent() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    CHECK_OK(quiver_binary_metadata_add_time_dimension(md, "month", 12, "monthly"));
    CHECK_OK(quiver_binary_metadata_add_time_dimension(md, "day", 31, "daily"));
    CHECK_EQ(time_dimension_count(md), int64_t{2});
    const Dim month = dimension(md, 0);
    const Dim day = dimension(md, 1);
    CHECK(month.parent == -1);
    CHECK(day.name == "day" && day.is_time == 1 && day.frequency == QUIVER_TIME_FREQUENCY_DAILY && day.parent == 0);
    quiver_binary_metadata_free(md);
}

void plain_dimensions_keep_their_order_and_sizes() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    CHECK_OK(quiver_binary_metadata_add_dimension(md, "x", 10));
    CHECK_OK(quiver_binary_metadata_add_dimension(md, "y", 20));
    CHECK_OK(quiver_binary_metadata_add_dimension(md, "z", 30));
    CHECK_EQ(dimension_count(md), size_t{3});
    CHECK_EQ(shape(md), (std::vector<std::string>{"x:10", "y:20", "z:30"}));
    CHECK_EQ(time_dimension_count(md), int64_t{0});
    quiver_binary_metadata_free(md);
}

void to_toml_rejects_a_repeated_label() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    quiver_binary_metadata_set_version(md, "1");
    quiver_binary_metadata_set_unit(md, "MW");
    quiver_binary_metadata_add_dimension(md, "row", 3);
    const char* twice[] = {"val", "val"};
    quiver_binary_metadata_set_labels(md, twice, 2);
    char* text = nullptr;
    CHECK_ERR(quiver_binary_metadata_to_toml(md, &text), "Label names must be unique, duplicate: 'val'");
    CHECK(text == nullptr);
    quiver_binary_metadata_free(md);
}

// ---------------------------------------------------------------------------------------------
// Binary files

quiver_binary_file_t* simple_writer(const std::string& path) {
    quiver_binary_metadata_t* md = qt::make_metadata(qt::simple_spec());
    quiver_binary_file_t* w = nullptr;
    if (quiver_binary_file_open_file(path.c_str(), 'w', md, &w) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, "simple_writer: " + qt::last_error());
    }
    quiver_binary_metadata_free(md);
    return w;
}

quiver_error_t write_rc(quiver_binary_file_t* f, int64_t r, int64_t c, Cells data) {
    const int64_t values[] = {r, c};
    return quiver_binary_file_write(f, kRowCol, values, 2, data.data(), data.size());
}

// Reads one SIMPLE cell; `ok` tells whether the read succeeded.
Cells read_rc(quiver_binary_file_t* f, int64_t r, int64_t c, int allow_nulls, bool* ok = nullptr) {
    const int64_t values[] = {r, c};
    double* data = nullptr;
    size_t count = 0;
    Cells out;
    const bool good = quiver_binary_file_read(f, kRowCol, values, 2, allow_nulls, &data, &count) == QUIVER_OK;
    if (good) out.assign(data, data + count);
    quiver_binary_file_free_float_array(data);
    if (ok) *ok = good;
    return out;
}

void fractional_values_written_then_reopened_read_back_exactly() {
    const std::string p = qt::temp_path("acc_fraction");
    quiver_binary_file_t* w = simple_writer(p);
    REQUIRE(w != nullptr);
    CHECK_OK(write_rc(w, 1, 1, {1.5, 2.5}));
    CHECK_OK(quiver_binary_file_close(w));
    quiver_binary_file_t* r = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &r));
    CHECK_EQ(read_rc(r, 1, 1, 0), (Cells{1.5, 2.5}));
    quiver_binary_file_close(r);
}

void extreme_and_negative_values_survive_the_file_unchanged() {
    const std::string p = qt::temp_path("acc_extremes");
    quiver_binary_file_t* w = simple_writer(p);
    REQUIRE(w != nullptr);
    const double inf = INFINITY;
    const Cells written[] = {{inf, -inf}, {DBL_MAX, DBL_MIN}, {-1.5, -999.99}, {0.0, 0.0}, {1e300, -1e300}};
    const int64_t where[][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}, {3, 1}};
    for (int i = 0; i < 5; ++i) CHECK_OK(write_rc(w, where[i][0], where[i][1], written[i]));
    quiver_binary_file_close(w);
    quiver_binary_file_t* r = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &r));
    for (int i = 0; i < 5; ++i) CHECK_EQ(read_rc(r, where[i][0], where[i][1], 0), written[i]);
    quiver_binary_file_close(r);
}

void a_never_written_file_reads_as_nulls() {
    const std::string p = qt::temp_path("acc_unwritten");
    quiver_binary_file_t* w = simple_writer(p);
    REQUIRE(w != nullptr);
    CHECK_OK(quiver_binary_file_close(w));
    quiver_binary_file_t* r = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &r));
    const int64_t c11[] = {1, 1};
    double* d = nullptr;
    size_t n = 0;
    CHECK_ERR(quiver_binary_file_read(r, kRowCol, c11, 2, 0, &d, &n),
              "Cannot read: data at {row=1, col=1} contains null values");
    bool ok = false;
    const Cells first = read_rc(r, 1, 1, 1, &ok);
    CHECK(ok && first.size() == 2 && all_nan(first));
    const Cells last = read_rc(r, 3, 2, 1, &ok);
    CHECK(ok && last.size() == 2 && all_nan(last));
    quiver_binary_file_close(r);
}

// ---------------------------------------------------------------------------------------------
// CSV converter

void a_fresh_file_without_time_dimensions_converts_to_a_header_and_six_null_rows() {
    const std::string p = qt::temp_path("acc_csv_fresh");
    quiver_binary_file_t* w = simple_writer(p);
    REQUIRE(w != nullptr);
    quiver_binary_file_close(w);
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 1));
    const auto lines = lines_of(qt::read_text(p + ".csv"));
    REQUIRE(lines.size() == 7);
    CHECK_EQ(lines[0], "row,col,val1,val2");
    CHECK_EQ(lines[1], "1,1,null,null");
    CHECK_EQ(lines[6], "3,2,null,null");
}

void a_hand_written_csv_becomes_a_binary_file() {
    const std::string p = qt::temp_path("acc_csv_hand");
    quiver_binary_metadata_t* md = qt::make_metadata(qt::simple_spec());
    qt::write_text(p + ".toml", qt::metadata_toml(md));
    quiver_binary_metadata_free(md);
    qt::write_text(p + ".csv",
                   "row,col,val1,val2\n1,1,1.5,2.5\n1,2,3.5,4.5\n2,1,5.5,6.5\n2,2,7.5,8.5\n3,1,9.5,10.5\n3,2,11.5,12.5\n");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    CHECK_EQ(qt::read_cell(p, {"row", "col"}, {1, 1}), (Cells{1.5, 2.5}));
    CHECK_EQ(qt::read_cell(p, {"row", "col"}, {3, 2}), (Cells{11.5, 12.5}));
    CHECK_EQ(qt::simple_cells(p), (Cells{1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5}));
}

void one_written_cell_survives_bin_to_csv_to_bin_without_nulls() {
    const std::string p = qt::temp_path("acc_csv_one_cell");
    quiver_binary_file_t* w = simple_writer(p);
    REQUIRE(w != nullptr);
    CHECK_OK(write_rc(w, 1, 1, {42.5, 99.5}));
    quiver_binary_file_close(w);
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 0));
    std::filesystem::remove(p + ".qvr");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    quiver_binary_file_t* r = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &r));
    CHECK_EQ(read_rc(r, 1, 1, 0), (Cells{42.5, 99.5}));
    quiver_binary_file_close(r);
}

void hourly_values_survive_an_aggregated_round_trip() {
    const std::string p = qt::temp_path("acc_csv_hourly");
    REQUIRE(qt::write_file(p, qt::hourly_spec(), [](const std::vector<int64_t>& c, size_t) {
        if (c[0] == 1 && c[1] == 12) return 77.0;
        if (c[0] == 3 && c[1] == 24) return 88.0;
        return std::nan("");
    }));
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 1));
    const auto lines = lines_of(qt::read_text(p + ".csv"));
    REQUIRE(lines.size() == 73);
    for (size_t i = 1; i < lines.size(); ++i) CHECK(lines[i].find('T') != std::string::npos);
    CHECK_EQ(lines[12], "2025-01-01T11:00:00,77");
    CHECK_EQ(lines[72], "2025-01-03T23:00:00,88");
    std::filesystem::remove(p + ".qvr");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    CHECK_EQ(qt::read_cell(p, {"day", "hour"}, {1, 12}), (Cells{77}));
    CHECK_EQ(qt::read_cell(p, {"day", "hour"}, {3, 24}), (Cells{88}));
}

void daily_values_give_the_same_binary_from_aggregated_and_plain_csv() {
    const std::string p = qt::temp_path("acc_csv_daily");
    REQUIRE(qt::write_file(p, qt::time_spec(), [](const std::vector<int64_t>& c, size_t k) {
        if (c[0] == 1 && c[1] == 1) return k ? 200.0 : 100.0;
        if (c[0] == 2 && c[1] == 15) return k ? 400.0 : 300.0;
        return std::nan("");
    }));
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 1));
    std::filesystem::remove(p + ".qvr");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    const std::string from_aggregated = qt::read_text(p + ".qvr");
    CHECK_EQ(qt::read_cell(p, {"stage", "block"}, {1, 1}), (Cells{100, 200}));
    CHECK_EQ(qt::read_cell(p, {"stage", "block"}, {2, 15}), (Cells{300, 400}));
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 0));
    std::filesystem::remove(p + ".qvr");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    CHECK(qt::read_text(p + ".qvr") == from_aggregated);
}

void a_csv_converted_to_binary_and_back_is_byte_identical() {
    // Start from a CSV (not from a binary): the first CSV is written by hand.
    const std::string p = qt::temp_path("acc_csv_bytes");
    quiver_binary_metadata_t* md = qt::make_metadata(qt::hourly_spec());
    qt::write_text(p + ".toml", qt::metadata_toml(md));
    quiver_binary_metadata_free(md);
    std::string csv = "datetime,val\n";
    for (int day = 1; day <= 3; ++day) {
        for (int hour = 0; hour < 24; ++hour) {
            char line[64];
            std::snprintf(line, sizeof line, "2025-01-%02dT%02d:00:00,%s\n", day, hour,
                          hour % 5 == 0 ? "null" : std::to_string(day * 100 + hour).c_str());
            csv += line;
        }
    }
    qt::write_text(p + ".csv", csv);
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    std::filesystem::remove(p + ".csv");
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 1));
    CHECK(qt::read_text(p + ".csv") == csv);
}

void an_all_null_file_round_trips_through_csv_as_nulls() {
    const std::string p = qt::temp_path("acc_csv_all_null");
    quiver_binary_file_t* w = simple_writer(p);
    REQUIRE(w != nullptr);
    quiver_binary_file_close(w);
    CHECK_OK(quiver_csv_converter_bin_to_csv(p.c_str(), 0));
    std::filesystem::remove(p + ".qvr");
    CHECK_OK(quiver_csv_converter_csv_to_bin(p.c_str()));
    const Cells cells = qt::simple_cells(p);
    CHECK(cells.size() == 12 && all_nan(cells));
}

// ---------------------------------------------------------------------------------------------
// Expressions

using qt::apply;
using qt::expected;
using qt::from_path;
using qt::Handles;
using qt::left;
using qt::right;
using qt::saved;
using qt::unary;

E agg(Handles& h, E x, const char* dim, quiver_expression_aggregate_operation_t op) {
    E e = nullptr;
    if (quiver_expression_aggregate(x, dim, op, nullptr, &e) != QUIVER_OK) qt::fail(__FILE__, __LINE__, qt::last_error());
    return h.keep(e);
}

E agents(Handles& h, E x, quiver_expression_aggregate_agents_operation_t op) {
    E e = nullptr;
    if (quiver_expression_aggregate_agents(x, op, nullptr, &e) != QUIVER_OK) qt::fail(__FILE__, __LINE__, qt::last_error());
    return h.keep(e);
}

// Runs `check` on the metadata of `e`.
void with_metadata(E e, const std::function<void(quiver_binary_metadata_t*)>& check) {
    quiver_binary_metadata_t* md = nullptr;
    if (quiver_expression_get_metadata(e, &md) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, "get_metadata: " + qt::last_error());
        return;
    }
    check(md);
    quiver_binary_metadata_free(md);
}

void an_expression_of_an_unopened_handle_saves_a_copy_of_the_file() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a");
    const auto fa = [](int64_t r, int64_t c, size_t k) { return 100.0 * r + 10 * c + k; };
    REQUIRE(qt::fill(a, fa));
    quiver_binary_file_t* f = nullptr;
    CHECK_OK(quiver_binary_file_create(a.c_str(), &f));
    E e = nullptr;
    CHECK_OK(quiver_expression_from_file(f, &e));
    quiver_binary_file_close(f);
    h.keep(e);
    CHECK_EQ(saved(e), expected(fa));
    CHECK_EQ(saved(e), qt::simple_cells(a));
}

void broadcasting_results_take_the_larger_size_of_each_dimension() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a"), b = qt::temp_path("acc_ex_b"), c = qt::temp_path("acc_ex_c");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t col, size_t k) { return 100.0 * r + 10 * col + k; }));
    qt::MetadataSpec row1 = qt::simple_spec();
    row1.sizes = {1, 2};
    REQUIRE(qt::write_file(b, row1, [](const std::vector<int64_t>& x, size_t k) { return 1000.0 * x[1] + k; }));
    E sum = apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b));
    with_metadata(sum, [](quiver_binary_metadata_t* md) {
        CHECK_EQ(shape(md), (std::vector<std::string>{"row:3", "col:2"}));
    });
    CHECK_EQ(saved(sum), expected([](int64_t r, int64_t col, size_t k) { return 100.0 * r + 10 * col + k + 1000.0 * col + k; }));

    // A [row 1, col 2] condition picks between 3 x 2 branches.
    REQUIRE(qt::write_file(c, row1, [](const std::vector<int64_t>& x, size_t) { return x[1] == 1 ? 1.0 : 0.0; }));
    REQUIRE(qt::fill(a, [](int64_t, int64_t, size_t) { return 100.0; }));
    REQUIRE(qt::fill(b, [](int64_t, int64_t, size_t) { return -100.0; }));
    E picked = nullptr;
    CHECK_OK(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, from_path(h, c), from_path(h, a),
                                             from_path(h, b), &picked));
    h.keep(picked);
    with_metadata(picked, [](quiver_binary_metadata_t* md) {
        CHECK_EQ(shape(md), (std::vector<std::string>{"row:3", "col:2"}));
    });
    CHECK_EQ(saved(picked), expected([](int64_t, int64_t col, size_t) { return col == 1 ? 100.0 : -100.0; }));
}

void a_union_of_dimensions_puts_the_lhs_dimensions_first() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a"), b = qt::temp_path("acc_ex_b");
    qt::MetadataSpec st;
    st.dimensions = {"scenario", "time"};
    st.sizes = {2, 4};
    st.time_dimensions = {"time"};
    st.frequencies = {"monthly"};
    st.labels = {"v"};
    qt::MetadataSpec ts = st;
    ts.dimensions = {"time", "stage"};
    ts.sizes = {4, 3};
    REQUIRE(qt::write_file(a, st, [](const std::vector<int64_t>& c, size_t) { return 10.0 * c[0] + c[1]; }));
    REQUIRE(qt::write_file(b, ts, [](const std::vector<int64_t>& c, size_t) { return 100.0 * c[0] + c[1]; }));
    E u = apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b));
    with_metadata(u, [](quiver_binary_metadata_t* md) {
        CHECK_EQ(shape(md), (std::vector<std::string>{"scenario:2", "time:4", "stage:3"}));
        CHECK_EQ(dimension(md, 1).is_time, 1);
    });

    // Same dimensions in the other order, no time dimensions: the lhs order wins.
    st.time_dimensions = {};
    st.frequencies = {};
    qt::MetadataSpec swapped = st;
    swapped.dimensions = {"time", "scenario"};
    swapped.sizes = {4, 2};
    REQUIRE(qt::write_file(a, st, [](const std::vector<int64_t>& c, size_t) { return 10.0 * c[0] + c[1]; }));
    REQUIRE(qt::write_file(b, swapped, [](const std::vector<int64_t>& c, size_t) { return 100.0 * c[0] + c[1]; }));
    E s = apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b));
    with_metadata(s, [](quiver_binary_metadata_t* md) {
        CHECK_EQ(shape(md), (std::vector<std::string>{"scenario:2", "time:4"}));
    });
}

void the_same_time_dimension_with_different_frequencies_is_incompatible() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a"), b = qt::temp_path("acc_ex_b");
    qt::MetadataSpec monthly;
    monthly.dimensions = {"block"};
    monthly.sizes = {12};
    monthly.time_dimensions = {"block"};
    monthly.frequencies = {"monthly"};
    monthly.labels = {"v"};
    qt::MetadataSpec yearly = monthly;
    yearly.frequencies = {"yearly"};
    const auto one = [](const std::vector<int64_t>&, size_t) { return 1.0; };
    REQUIRE(qt::write_file(a, monthly, one) && qt::write_file(b, yearly, one));
    E out = nullptr;
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b), &out),
              "Cannot apply: time dimension 'block' has incompatible TimeProperties");
    CHECK(out == nullptr);
}

void aggregate_agents_names_its_single_label_after_the_operation() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k; }));
    E ea = from_path(h, a);
    const struct {
        quiver_expression_aggregate_agents_operation_t op;
        const char* label;
        double at11;
        double at12;
    } cases[] = {{QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM, "sum", 23, 25},
                 {QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MEAN, "mean", 11.5, 12.5},
                 {QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MIN, "min", 11, 12},
                 {QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MAX, "max", 12, 13}};
    for (const auto& c : cases) {
        E x = agents(h, ea, c.op);
        with_metadata(x, [&](quiver_binary_metadata_t* md) {
            CHECK_EQ(qt::metadata_labels(md), (std::vector<std::string>{c.label}));
            CHECK_EQ(shape(md), (std::vector<std::string>{"row:3", "col:2"}));
        });
        const Cells cells = saved(x);
        REQUIRE(cells.size() == 6);
        CHECK_EQ(cells[0], c.at11);
        CHECK_EQ(cells[1], c.at12);
    }
    const Cells sums = saved(agents(h, ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM));
    CHECK_EQ(sums[5], 65.0);
}

void aggregate_agents_skips_null_labels() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return k == 0 ? std::nan("") : 10.0 * r + c + k; }));
    const Cells sums = saved(agents(h, from_path(h, a), QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM));
    REQUIRE(sums.size() == 6);
    CHECK_EQ(sums[0], 12.0);
    CHECK_EQ(sums[1], 13.0);
}

void reducing_an_outer_dimension_keeps_the_time_chain_in_order() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a");
    qt::MetadataSpec smb;
    smb.dimensions = {"scenario", "month", "block"};
    smb.sizes = {3, 1, 28};
    smb.time_dimensions = {"month", "block"};
    smb.frequencies = {"monthly", "daily"};
    smb.labels = {"v"};
    smb.initial_datetime = "2025-02-01T00:00:00";
    REQUIRE(qt::write_file(a, smb, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    E x = agg(h, from_path(h, a), "scenario", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM);
    with_metadata(x, [](quiver_binary_metadata_t* md) {
        CHECK_EQ(shape(md), (std::vector<std::string>{"month:1", "block:28"}));
        CHECK_EQ(dimension(md, 0).parent, int64_t{-1});
        CHECK_EQ(dimension(md, 1).parent, int64_t{0});
        CHECK_EQ(time_dimension_count(md), int64_t{2});
    });
}

void unary_operations_keep_metadata_and_compose() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a"), b = qt::temp_path("acc_ex_b");
    const auto signed_fill = [](int64_t r, int64_t c, size_t k) { return ((r + c + k) % 2 ? -1.0 : 1.0) * (10.0 * r + c + k); };
    REQUIRE(qt::fill(a, signed_fill));
    E ea = from_path(h, a);
    CHECK_EQ(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_ABS, ea)),
             expected([&](int64_t r, int64_t c, size_t k) { return std::fabs(signed_fill(r, c, k)); }));
    E neg = unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE, ea);
    with_metadata(neg, [](quiver_binary_metadata_t* md) {
        CHECK_EQ(qt::metadata_unit(md), "MW");
        CHECK_EQ(shape(md), (std::vector<std::string>{"row:3", "col:2"}));
        CHECK_EQ(qt::metadata_labels(md), (std::vector<std::string>{"val1", "val2"}));
    });
    CHECK_EQ(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_ABS, neg)),
             expected([&](int64_t r, int64_t c, size_t k) { return std::fabs(signed_fill(r, c, k)); }));

    const auto fb = [](int64_t r, int64_t c, size_t k) { return 100.0 * r + 5 * c + 2 * k; };
    REQUIRE(qt::fill(b, fb));
    E sum = apply(h, QUIVER_EXPRESSION_OPERATION_ADD, ea, from_path(h, b));
    CHECK_EQ(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE, sum)),
             expected([&](int64_t r, int64_t c, size_t k) { return -(signed_fill(r, c, k) + fb(r, c, k)); }));

    // SQRT of a positive fill (value + 1).
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k + 1; }));
    const Cells roots = saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_SQRT, from_path(h, a)));
    const Cells want = expected([](int64_t r, int64_t c, size_t k) { return std::sqrt(10.0 * r + c + k + 1); });
    REQUIRE(roots.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) CHECK(std::fabs(roots[i] - want[i]) < 1e-12);
}

void select_agents_follows_the_requested_label_order() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k; }));
    E ea = from_path(h, a);
    const char* reversed[] = {"val2", "val1"};
    E s = nullptr;
    CHECK_OK(quiver_expression_select_agents(ea, reversed, 2, &s));
    h.keep(s);
    with_metadata(s, [](quiver_binary_metadata_t* md) {
        CHECK_EQ(qt::metadata_labels(md), (std::vector<std::string>{"val2", "val1"}));
    });
    const Cells cells = saved(s);
    REQUIRE(cells.size() == 12);
    CHECK_EQ((Cells{cells[0], cells[1]}), (Cells{12, 11}));
    CHECK_EQ((Cells{cells[10], cells[11]}), (Cells{33, 32}));
    const char* second[] = {"val2"};
    E one = nullptr;
    CHECK_OK(quiver_expression_select_agents(ea, second, 1, &one));
    h.keep(one);
    const Cells picked = saved(one);
    REQUIRE(picked.size() == 6);
    CHECK_EQ(picked, (Cells{12, 13, 22, 23, 32, 33}));
    const char* nope[] = {"nope"};
    E out = nullptr;
    CHECK_ERR(quiver_expression_select_agents(ea, nope, 1, &out), "Cannot select_agents: label not found: 'nope'");
    CHECK(out == nullptr);
}

void a_scalar_on_the_left_of_a_comparison_is_its_left_operand() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a");
    const auto fa = [](int64_t r, int64_t c, size_t k) { return 100.0 * r + 10 * c + k; };
    REQUIRE(qt::fill(a, fa));
    E ea = from_path(h, a);
    CHECK_EQ(saved(left(h, QUIVER_EXPRESSION_OPERATION_LT, 100, ea)),
             expected([&](int64_t r, int64_t c, size_t k) { return 100 < fa(r, c, k) ? 1.0 : 0.0; }));
    CHECK_EQ(saved(right(h, QUIVER_EXPRESSION_OPERATION_GTE, ea, 100)),
             expected([&](int64_t r, int64_t c, size_t k) { return fa(r, c, k) >= 100 ? 1.0 : 0.0; }));
    // Values around the scalar: LT(100, a) is 0 where a == 100 or below.
    REQUIRE(qt::fill(a, [](int64_t r, int64_t, size_t k) { return 90.0 + 10 * (r - 1) + k; }));
    CHECK_EQ(saved(left(h, QUIVER_EXPRESSION_OPERATION_LT, 100, from_path(h, a))),
             expected([](int64_t r, int64_t, size_t k) { return 100 < 90.0 + 10 * (r - 1) + k ? 1.0 : 0.0; }));
}

void a_null_in_either_and_operand_gives_null() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a"), b = qt::temp_path("acc_ex_b");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t, size_t) { return r == 1 ? std::nan("") : 3.0; }));
    REQUIRE(qt::fill(b, [](int64_t r, int64_t, size_t) { return r == 3 ? std::nan("") : 2.0; }));
    const Cells both = saved(apply(h, QUIVER_EXPRESSION_OPERATION_AND, from_path(h, a), from_path(h, b)));
    CHECK_EQ(both.size(), size_t{12});
    CHECK(all_nan(Cells(both.begin(), both.begin() + 4)));   // row 1: lhs NULL
    CHECK_EQ(Cells(both.begin() + 4, both.begin() + 8), (Cells{1, 1, 1, 1}));
    CHECK(all_nan(Cells(both.begin() + 8, both.end())));     // row 3: rhs NULL
}

void and_of_comparisons_across_units_is_unitless() {
    Handles h;
    const std::string a = qt::temp_path("acc_ex_a"), b = qt::temp_path("acc_ex_b");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t, size_t) { return static_cast<double>(r); }, "MW"));
    REQUIRE(qt::fill(b, [](int64_t, int64_t c, size_t) { return c == 1 ? 1.0 : 0.0; }, "GWh"));
    E both = apply(h, QUIVER_EXPRESSION_OPERATION_AND, right(h, QUIVER_EXPRESSION_OPERATION_GT, from_path(h, a), 1),
                   right(h, QUIVER_EXPRESSION_OPERATION_GT, from_path(h, b), 0));
    with_metadata(both, [](quiver_binary_metadata_t* md) { CHECK_EQ(qt::metadata_unit(md), ""); });
    CHECK_EQ(saved(both), expected([](int64_t r, int64_t c, size_t) { return r > 1 && c == 1 ? 1.0 : 0.0; }));
}

}  // namespace

void test_binary_acceptance() {
    metadata_create_and_free_both_report_ok();
    labels_read_back_in_order_and_their_array_frees_ok();
    get_dimension_past_the_last_index_is_out_of_range();
    a_plain_dimension_after_a_time_dimension_has_zero_time_properties();
    a_second_time_dimension_has_the_first_as_parent();
    plain_dimensions_keep_their_order_and_sizes();
    to_toml_rejects_a_repeated_label();

    fractional_values_written_then_reopened_read_back_exactly();
    extreme_and_negative_values_survive_the_file_unchanged();
    a_never_written_file_reads_as_nulls();

    a_fresh_file_without_time_dimensions_converts_to_a_header_and_six_null_rows();
    a_hand_written_csv_becomes_a_binary_file();
    one_written_cell_survives_bin_to_csv_to_bin_without_nulls();
    hourly_values_survive_an_aggregated_round_trip();
    daily_values_give_the_same_binary_from_aggregated_and_plain_csv();
    a_csv_converted_to_binary_and_back_is_byte_identical();
    an_all_null_file_round_trips_through_csv_as_nulls();

    an_expression_of_an_unopened_handle_saves_a_copy_of_the_file();
    broadcasting_results_take_the_larger_size_of_each_dimension();
    a_union_of_dimensions_puts_the_lhs_dimensions_first();
    the_same_time_dimension_with_different_frequencies_is_incompatible();
    aggregate_agents_names_its_single_label_after_the_operation();
    aggregate_agents_skips_null_labels();
    reducing_an_outer_dimension_keeps_the_time_chain_in_order();
    unary_operations_keep_metadata_and_compose();
    select_agents_follows_the_requested_label_order();
    a_scalar_on_the_left_of_a_comparison_is_its_left_operand();
    a_null_in_either_and_operand_gives_null();
    and_of_comparisons_across_units_is_unitless();
}
