// quiver_binary_metadata_*: builders, getters, TOML text (exact writer format), element input,
// validation messages and the time dimensions' initial values.
#include <string>
#include <vector>

#include "binary_fixtures.hpp"
#include "check.hpp"

namespace {

std::string get_string(quiver_error_t (*getter)(quiver_binary_metadata_t*, char**), quiver_binary_metadata_t* md) {
    char* s = nullptr;
    if (getter(md, &s) != QUIVER_OK) return "<error: " + qt::last_error() + ">";
    std::string out = s;
    quiver_binary_metadata_free_string(s);
    return out;
}

using qt::dimension;
using qt::Dim;

void builders_and_getters() {
    quiver_binary_metadata_t* md = nullptr;
    CHECK_OK(quiver_binary_metadata_create(&md));
    REQUIRE(md != nullptr);
    CHECK_EQ(get_string(quiver_binary_metadata_get_version, md), "");
    CHECK_EQ(get_string(quiver_binary_metadata_get_unit, md), "");
    CHECK_EQ(get_string(quiver_binary_metadata_get_initial_datetime, md), "1970-01-01T00:00:00");
    size_t count = 99;
    CHECK_OK(quiver_binary_metadata_get_dimension_count(md, &count));
    CHECK_EQ(count, size_t{0});
    int64_t times = 99;
    CHECK_OK(quiver_binary_metadata_get_number_of_time_dimensions(md, &times));
    CHECK_EQ(times, int64_t{0});
    char** labels = reinterpret_cast<char**>(1);
    CHECK_OK(quiver_binary_metadata_get_labels(md, &labels, &count));
    CHECK(labels == nullptr && count == 0);

    CHECK_OK(quiver_binary_metadata_set_unit(md, "MW"));
    CHECK_EQ(get_string(quiver_binary_metadata_get_unit, md), "MW");
    CHECK_OK(quiver_binary_metadata_set_version(md, "1"));
    CHECK_EQ(get_string(quiver_binary_metadata_get_version, md), "1");
    CHECK_OK(quiver_binary_metadata_set_initial_datetime(md, "2025-01-01T00:00:00"));
    CHECK_EQ(get_string(quiver_binary_metadata_get_initial_datetime, md), "2025-01-01T00:00:00");
    const char* plants[] = {"plant_1", "plant_2"};
    CHECK_OK(quiver_binary_metadata_set_labels(md, plants, 2));
    CHECK(qt::metadata_labels(md) == (std::vector<std::string>{"plant_1", "plant_2"}));
    const char* xyz[] = {"x", "y", "z"};
    CHECK_OK(quiver_binary_metadata_set_labels(md, xyz, 3));
    CHECK(qt::metadata_labels(md) == (std::vector<std::string>{"x", "y", "z"}));
    const char* with_null[] = {"a", nullptr};
    CHECK_ERR(quiver_binary_metadata_set_labels(md, with_null, 2), "Cannot set_labels: null label at index 1");
    CHECK(qt::metadata_labels(md) == (std::vector<std::string>{"x", "y", "z"}));
    CHECK_OK(quiver_binary_metadata_set_labels(md, xyz, 0));
    CHECK(qt::metadata_labels(md).empty());

    CHECK_OK(quiver_binary_metadata_add_dimension(md, "row", 3));
    CHECK_OK(quiver_binary_metadata_add_dimension(md, "col", 2));
    CHECK_OK(quiver_binary_metadata_get_dimension_count(md, &count));
    CHECK_EQ(count, size_t{2});
    Dim row = dimension(md, 0);
    CHECK(row.name == "row" && row.size == 3 && row.is_time == 0);
    Dim col = dimension(md, 1);
    CHECK(col.name == "col" && col.size == 2 && col.is_time == 0 && col.frequency == 0 && col.initial_value == 0 &&
          col.parent == 0);
    quiver_dimension_t d{};
    CHECK_ERR(quiver_binary_metadata_get_dimension(md, 2, &d), "Cannot get_dimension: index out of range");
    quiver_binary_metadata_free(md);

    md = qt::fresh_metadata();
    CHECK_ERR(quiver_binary_metadata_get_dimension(md, 0, &d), "Cannot get_dimension: index out of range");
    CHECK_OK(quiver_binary_metadata_add_time_dimension(md, "month", 12, "monthly"));
    CHECK_OK(quiver_binary_metadata_add_dimension(md, "scenario", 5));
    CHECK_OK(quiver_binary_metadata_add_time_dimension(md, "day", 31, "daily"));
    Dim month = dimension(md, 0);
    CHECK(month.name == "month" && month.size == 12 && month.is_time == 1 &&
          month.frequency == QUIVER_TIME_FREQUENCY_MONTHLY && month.initial_value == 0 && month.parent == -1);
    Dim day = dimension(md, 2);
    CHECK(day.is_time == 1 && day.parent == 0 && day.frequency == QUIVER_TIME_FREQUENCY_DAILY);
    CHECK_OK(quiver_binary_metadata_get_number_of_time_dimensions(md, &times));
    CHECK_EQ(times, int64_t{2});
    CHECK_ERR(quiver_binary_metadata_add_time_dimension(md, "bad", 10, "invalid_freq"), "Unknown frequency: invalid_freq");
    CHECK_ERR(quiver_binary_metadata_add_time_dimension(md, "bad", 10, "Monthly"), "Unknown frequency: Monthly");
    for (const char* f : {"Yearly", "MONTHLY", "unknown", ""}) {
        CHECK_ERR(quiver_binary_metadata_add_time_dimension(md, "bad", 10, f), std::string("Unknown frequency: ") + f);
    }
    CHECK_OK(quiver_binary_metadata_get_dimension_count(md, &count));
    CHECK_EQ(count, size_t{3});
    quiver_binary_metadata_free(md);

    const char* names[] = {"yearly", "monthly", "weekly", "daily", "hourly"};
    for (int f = 0; f < 5; ++f) {
        md = qt::fresh_metadata();
        CHECK_OK(quiver_binary_metadata_add_time_dimension(md, names[f], 10, names[f]));
        Dim only = dimension(md, 0);
        CHECK(only.is_time == 1 && only.frequency == f);
        quiver_binary_metadata_free(md);
    }

    md = qt::fresh_metadata();
    CHECK_ERR(quiver_binary_metadata_set_initial_datetime(md, "not-a-date"), "Failed to parse initial_datetime: not-a-date");
    CHECK_OK(quiver_binary_metadata_set_initial_datetime(md, "2025-01-01"));
    CHECK_EQ(get_string(quiver_binary_metadata_get_initial_datetime, md), "2025-01-01T00:00:00");
    quiver_binary_metadata_free(md);
    CHECK_OK(quiver_binary_metadata_free(nullptr));
}

void datetimes() {
    const struct {
        const char* input;
        const char* expected;  // nullptr = rejected
    } cases[] = {
        {"2025-03-04 05:06:07", "2025-03-04T05:06:07"},     {"2025-01-01T10", "2025-01-01T10:00:00"},
        {"2025-01-01 10:20", "2025-01-01T10:20:00"},       {"2025-1-2T3:4:5", "2025-01-02T03:04:05"},
        {"  2025-01-01T00:00:00", "2025-01-01T00:00:00"},  {"2025-03-04T05:06:07Z", "2025-03-04T05:06:07"},
        {"2025-01-01T00:00:00.123", "2025-01-01T00:00:00"}, {"2025-02-30T00:00:00", "2025-03-02T00:00:00"},
        {"2025-01-01T23:59:60", "2025-01-02T00:00:00"},    {"1960-01-01T00:00:00", "1960-01-01T00:00:00"},
        {"2025-13-04T05:06:07", nullptr},                  {"2025-01-01T24:00:00", nullptr},
        {"2025-01-00T00:00:00", nullptr},                  {"2025/01/01", nullptr},
        {"2025-01-01X00:00:00", nullptr},                  {"garbage", nullptr},
        {"", nullptr},                                     {"99999-01-01T00:00:00", nullptr},
    };
    for (const auto& c : cases) {
        quiver_binary_metadata_t* md = qt::fresh_metadata();
        if (c.expected) {
            CHECK_OK(quiver_binary_metadata_set_initial_datetime(md, c.input));
            CHECK_EQ(get_string(quiver_binary_metadata_get_initial_datetime, md), c.expected);
        } else {
            CHECK_ERR(quiver_binary_metadata_set_initial_datetime(md, c.input),
                      std::string("Failed to parse initial_datetime: ") + c.input);
        }
        quiver_binary_metadata_free(md);
    }
}

void null_arguments() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    char* s = nullptr;
    int64_t i = 0;
    size_t n = 0;
    char** list = nullptr;
    quiver_dimension_t d{};
    CHECK_ERR(quiver_binary_metadata_create(nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_from_toml(nullptr, nullptr), "Null argument: toml");
    CHECK_ERR(quiver_binary_metadata_from_toml("x = 1", nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_from_element(nullptr, nullptr), "Null argument: el");
    CHECK_ERR(quiver_binary_metadata_set_unit(nullptr, "MW"), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_set_version(nullptr, "1"), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_set_initial_datetime(nullptr, "2025-01-01"), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_set_labels(nullptr, nullptr, 0), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_add_dimension(nullptr, "x", 10), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_add_time_dimension(nullptr, "x", 10, "monthly"), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_to_toml(nullptr, nullptr), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_get_unit(nullptr, &s), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_get_version(nullptr, &s), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_get_initial_datetime(nullptr, &s), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_get_number_of_time_dimensions(nullptr, &i), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_get_labels(nullptr, &list, &n), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_get_dimension_count(nullptr, &n), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_get_dimension(nullptr, 0, &d), "Null argument: md");
    CHECK_ERR(quiver_binary_metadata_set_unit(md, nullptr), "Null argument: unit");
    CHECK_ERR(quiver_binary_metadata_set_version(md, nullptr), "Null argument: version");
    CHECK_ERR(quiver_binary_metadata_set_initial_datetime(md, nullptr), "Null argument: iso8601");
    CHECK_ERR(quiver_binary_metadata_set_labels(md, nullptr, 0), "Null argument: labels");
    CHECK_ERR(quiver_binary_metadata_add_dimension(md, nullptr, 10), "Null argument: name");
    CHECK_ERR(quiver_binary_metadata_add_time_dimension(md, nullptr, 10, "monthly"), "Null argument: name");
    CHECK_ERR(quiver_binary_metadata_add_time_dimension(md, "x", 10, nullptr), "Null argument: frequency");
    CHECK_ERR(quiver_binary_metadata_get_unit(md, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_get_version(md, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_get_initial_datetime(md, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_get_number_of_time_dimensions(md, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_get_labels(md, nullptr, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_get_labels(md, &list, nullptr), "Null argument: out_count");
    CHECK_ERR(quiver_binary_metadata_get_dimension_count(md, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_get_dimension(md, 0, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_metadata_to_toml(md, nullptr), "Null argument: out_toml");
    CHECK_OK(quiver_binary_metadata_free_string(nullptr));
    CHECK_OK(quiver_binary_metadata_free_string_array(nullptr, 0));
    CHECK_OK(quiver_binary_metadata_free_string_array(nullptr, 5));
    CHECK_ERR(quiver_binary_metadata_free_dimension(nullptr), "Null argument: dim");
    quiver_binary_metadata_free(md);
}

const char* kTimeToml =
    "version = \"1\"\ndimensions = [\"stage\", \"block\"]\ndimension_sizes = [4, 31]\n"
    "time_dimensions = [\"stage\", \"block\"]\nfrequencies = [\"monthly\", \"daily\"]\n"
    "initial_datetime = \"2025-01-01T00:00:00\"\nunit = \"MW\"\nlabels = [\"plant_1\", \"plant_2\"]\n";

std::string time_toml(const std::string& datetime, const std::string& frequencies, const std::string& sizes,
                      const std::string& dims = "['a', 'b']", const std::string& time_dims = "['a', 'b']") {
    return "version = '1'\nunit = 'MW'\nlabels = ['val']\ninitial_datetime = '" + datetime + "'\ndimensions = " + dims +
           "\ndimension_sizes = " + sizes + "\ntime_dimensions = " + time_dims + "\nfrequencies = " + frequencies + "\n";
}

// Error text of from_toml, "" when it succeeds.
std::string toml_error(const std::string& text) {
    quiver_binary_metadata_t* md = nullptr;
    if (quiver_binary_metadata_from_toml(text.c_str(), &md) == QUIVER_OK) {
        quiver_binary_metadata_free(md);
        return "";
    }
    return qt::last_error();
}

std::vector<int64_t> initial_values(const std::string& text) {
    quiver_binary_metadata_t* md = nullptr;
    std::vector<int64_t> out;
    if (quiver_binary_metadata_from_toml(text.c_str(), &md) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, "initial_values: " + qt::last_error());
        return out;
    }
    size_t n = 0;
    quiver_binary_metadata_get_dimension_count(md, &n);
    for (size_t i = 0; i < n; ++i) {
        const Dim d = dimension(md, i);
        if (d.is_time) out.push_back(d.initial_value);
    }
    quiver_binary_metadata_free(md);
    return out;
}

void toml() {
    quiver_binary_metadata_t* md = reinterpret_cast<quiver_binary_metadata_t*>(0);
    quiver_clear_last_error();
    CHECK(quiver_binary_metadata_from_toml("not valid toml {{{", &md) == QUIVER_ERROR);
    CHECK(!qt::last_error().empty());
    CHECK(md == nullptr);
    CHECK_EQ(toml_error(""), "bad optional access");
    CHECK_EQ(toml_error("unit = 'x'\ninitial_datetime = '2025-01-01'\nversion = 1\n"), "bad optional access");
    CHECK_EQ(toml_error("unit = 'x'\ninitial_datetime = 2025-01-01T00:00:00\nversion = '1'\n"), "bad optional access");

    CHECK_OK(quiver_binary_metadata_from_toml(kTimeToml, &md));
    int64_t times = 0;
    quiver_binary_metadata_get_number_of_time_dimensions(md, &times);
    CHECK_EQ(times, int64_t{2});
    Dim stage = dimension(md, 0);
    Dim block = dimension(md, 1);
    CHECK(stage.name == "stage" && stage.size == 4 && stage.frequency == QUIVER_TIME_FREQUENCY_MONTHLY &&
          stage.initial_value == 1 && stage.parent == -1);
    CHECK(block.name == "block" && block.size == 31 && block.frequency == QUIVER_TIME_FREQUENCY_DAILY &&
          block.initial_value == 1 && block.parent == 0);
    // Round trip through our own text.
    quiver_binary_metadata_t* again = nullptr;
    CHECK_OK(quiver_binary_metadata_from_toml(qt::metadata_toml(md).c_str(), &again));
    CHECK_EQ(qt::metadata_unit(again), "MW");
    CHECK_EQ(get_string(quiver_binary_metadata_get_version, again), "1");
    CHECK(qt::metadata_labels(again) == (std::vector<std::string>{"plant_1", "plant_2"}));
    quiver_binary_metadata_free(again);
    quiver_binary_metadata_free(md);

    // Lenient lists: wrong-typed items skipped, integral floats are sizes.
    CHECK_OK(quiver_binary_metadata_from_toml(
        "version='1'\nunit=''\ninitial_datetime='2025-01-01'\nlabels=['x', 3, 'y']\ndimensions=['r']\n"
        "dimension_sizes=[2.5, 2.0]\nextra = {a = 1}\n",
        &md));
    CHECK(qt::metadata_labels(md) == (std::vector<std::string>{"x", "y"}));
    CHECK_EQ(dimension(md, 0).size, int64_t{2});
    quiver_binary_metadata_free(md);

    CHECK_EQ(initial_values(time_toml("2025-03-15T00:00:00", "['monthly', 'daily']", "[12, 31]")),
             (std::vector<int64_t>{1, 15}));
    CHECK_EQ(initial_values(time_toml("2025-01-01T10:00:00", "['monthly', 'daily', 'hourly']", "[12, 31, 24]",
                                      "['m', 'd', 'h']", "['m', 'd', 'h']")),
             (std::vector<int64_t>{1, 1, 11}));
    CHECK_EQ(initial_values(time_toml("2025-03-15T10:00:00", "['yearly', 'monthly', 'daily', 'hourly']",
                                      "[3, 12, 31, 24]", "['y', 'm', 'd', 'h']", "['y', 'm', 'd', 'h']")),
             (std::vector<int64_t>{1, 3, 15, 11}));
    CHECK_EQ(initial_values(time_toml("2025-03-15", "['yearly', 'daily']", "[2, 365]")), (std::vector<int64_t>{1, 74}));
    CHECK_EQ(initial_values(time_toml("2025-03-15T10:00", "['yearly', 'hourly']", "[2, 8760]")),
             (std::vector<int64_t>{1, 1763}));
    CHECK_EQ(initial_values(time_toml("2025-01-10", "['weekly', 'daily']", "[2, 7]")), (std::vector<int64_t>{1, 3}));
    CHECK_EQ(initial_values(time_toml("2025-01-10T10:00", "['weekly', 'hourly']", "[2, 168]")),
             (std::vector<int64_t>{1, 59}));
    CHECK_EQ(initial_values(time_toml("2025-01-10T10:00", "['monthly', 'hourly']", "[2, 744]")),
             (std::vector<int64_t>{1, 227}));

    CHECK_EQ(toml_error(time_toml("2025-01-01", "['monthly', 'daily']", "[4, 31]", "['stage', 'block']",
                                  "['stage', 'nonexistent']")),
             "Error building metadata from toml: time dimension 'nonexistent' is not in dimensions");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['monthly', 'daily']", "[4, 31]", "['stage', 'block']",
                                  "['block', 'stage']")),
             "Error building metadata from toml: time dimensions must appear in the same order as dimensions");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['monthly', 'monthly']", "[12, 12]")),
             "Time dimension frequencies must be unique. Duplicate: monthly");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['daily', 'monthly']", "[31, 12]")),
             "Time dimension frequencies must be ordered from lowest to highest frequency.");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['daily', 'daily']", "[31, 31]")),
             "Invalid parent frequency daily for DAILY dimension.");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['monthly', 'weekly']", "[12, 52]")),
             "WEEKLY frequency not implemented. This function should only be used for inner time dimensions.");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['monthly', 'yearly']", "[12, 3]")),
             "YEARLY frequency not implemented. This function should only be used for inner time dimensions.");
    // Shorter lists than the dimensions: a missing size is 0, a missing frequency "".
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['monthly', 'daily']", "[4]")),
             "Dimension size at index 1 must be positive, got 0");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['monthly']", "[4, 31]")), "Unknown frequency: ");
    CHECK_EQ(toml_error(time_toml("not-a-date", "['monthly', 'daily']", "[4, 31]")),
             "Failed to parse initial_datetime: not-a-date");

    // Size bounds of an inner time dimension, by parent frequency.
    const struct {
        const char* parent;
        const char* child;
        int64_t min;
        int64_t max;
    } bounds[] = {{"monthly", "daily", 28, 31},    {"daily", "hourly", 24, 24},     {"weekly", "hourly", 168, 168},
                  {"monthly", "hourly", 672, 744}, {"yearly", "hourly", 8760, 8784}, {"weekly", "daily", 7, 7},
                  {"yearly", "daily", 365, 366},   {"yearly", "monthly", 12, 12}};
    for (const auto& b : bounds) {
        const std::string frequencies = std::string("['") + b.parent + "', '" + b.child + "']";
        const auto sizes = [](int64_t s) { return "[2, " + std::to_string(s) + "]"; };
        CHECK_EQ(toml_error(time_toml("2025-01-01", frequencies, sizes(b.min))), "");
        CHECK_EQ(toml_error(time_toml("2025-01-01", frequencies, sizes(b.max))), "");
        for (int64_t bad : {b.min - 1, b.max + 1}) {
            CHECK_EQ(toml_error(time_toml("2025-01-01", frequencies, sizes(bad))),
                     "Time dimension 'b' with frequency '" + std::string(b.child) + "' has size " + std::to_string(bad) +
                         " which is out of bounds [" + std::to_string(b.min) + ", " + std::to_string(b.max) +
                         "] based on the next lower frequency: '" + b.parent + "'");
        }
    }
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['yearly']", "[999]", "['y']", "['y']")), "");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['weekly']", "[52]", "['w']", "['w']")), "");
    CHECK_EQ(toml_error(time_toml("2025-01-01", "['yearly', 'monthly', 'daily', 'hourly']", "[3, 12, 31, 24]",
                                  "['y', 'm', 'd', 'h']", "['y', 'm', 'd', 'h']")),
             "");
}

void writer_format() {
    quiver_binary_metadata_t* md = qt::fresh_metadata();
    CHECK_ERR(quiver_binary_metadata_to_toml(md, reinterpret_cast<char**>(&md)), "Incompatible file version: expected 1, got ");
    quiver_binary_metadata_set_version(md, "1");
    char* text = nullptr;
    CHECK_ERR(quiver_binary_metadata_to_toml(md, &text), "Number of dimensions must be positive, got 0");
    quiver_binary_metadata_add_dimension(md, "stage", 3);
    CHECK_ERR(quiver_binary_metadata_to_toml(md, &text), "Number of labels must be positive, got 0");
    const char* ab[] = {"a", "b"};
    quiver_binary_metadata_set_labels(md, ab, 2);
    CHECK_OK(quiver_binary_metadata_to_toml(md, &text));
    quiver_binary_metadata_free_string(text);
    quiver_binary_metadata_free(md);

    md = qt::fresh_metadata();
    quiver_binary_metadata_set_version(md, "1");
    quiver_binary_metadata_set_unit(md, "GWh");
    quiver_binary_metadata_set_initial_datetime(md, "2025-06-15T12:00:00");
    const char* plants[] = {"plant_a", "plant_b", "plant_c"};
    quiver_binary_metadata_set_labels(md, plants, 3);
    quiver_binary_metadata_add_time_dimension(md, "stage", 12, "monthly");
    quiver_binary_metadata_add_dimension(md, "scenario", 5);
    const std::string expected =
        "dimension_sizes = [ 12, 5 ]\ndimensions = [ 'stage', 'scenario' ]\nfrequencies = [ 'monthly' ]\n"
        "initial_datetime = '2025-06-15T12:00:00'\nlabels = [ 'plant_a', 'plant_b', 'plant_c' ]\n"
        "time_dimensions = [ 'stage' ]\nunit = 'GWh'\nversion = '1'";
    CHECK_EQ(qt::metadata_toml(md), expected);
    quiver_binary_metadata_t* parsed = nullptr;
    CHECK_OK(quiver_binary_metadata_from_toml(expected.c_str(), &parsed));
    CHECK_EQ(qt::metadata_labels(parsed).size(), size_t{3});
    int64_t times = 0;
    quiver_binary_metadata_get_number_of_time_dimensions(parsed, &times);
    CHECK_EQ(times, int64_t{1});
    quiver_binary_metadata_free(parsed);

    // String forms.
    const struct {
        const char* unit;
        const char* line;
    } units[] = {{"MW \"x\"", "unit = 'MW \"x\"'"}, {"it's", "unit = \"it's\""}, {"back\\slash", "unit = 'back\\slash'"},
                 {"\xC3\xA9", "unit = '\xC3\xA9'"},  {"ctl\x01x", "unit = \"ctl\\u0001x\""}, {"cr\rx", "unit = \"cr\\rx\""},
                 {"", "unit = ''"},                  {"a\nb's", "unit = '''a\nb's'''"}, {"tab\tx", "unit = 'tab\tx'"}};
    for (const auto& u : units) {
        quiver_binary_metadata_set_unit(md, u.unit);
        const std::string toml = qt::metadata_toml(md);
        CHECK(toml.find(std::string("\n") + u.line + "\n") != std::string::npos);
        quiver_binary_metadata_t* back = nullptr;
        CHECK_OK(quiver_binary_metadata_from_toml(toml.c_str(), &back));
        CHECK_EQ(qt::metadata_unit(back), u.unit);
        quiver_binary_metadata_free(back);
    }

    // Ten 8-byte labels reach the multi-line width; nine do not.
    std::vector<std::string> labels;
    for (int i = 1; i <= 10; ++i) labels.push_back(std::string("plant_") + (i < 10 ? "0" : "") + std::to_string(i));
    std::vector<const char*> pointers;
    for (const auto& l : labels) pointers.push_back(l.c_str());
    quiver_binary_metadata_set_unit(md, "MW");
    quiver_binary_metadata_set_labels(md, pointers.data(), 9);
    CHECK(qt::metadata_toml(md).find("labels = [ 'plant_01', ") != std::string::npos);
    quiver_binary_metadata_set_labels(md, pointers.data(), 10);
    CHECK(qt::metadata_toml(md).find("labels = [\n    'plant_01',\n    'plant_02',") != std::string::npos);
    CHECK(qt::metadata_toml(md).find("    'plant_10'\n]\ntime_dimensions") != std::string::npos);
    quiver_binary_metadata_free(md);

    // Validation through to_toml.
    const auto invalid = [](const qt::MetadataSpec& spec) {
        quiver_binary_metadata_t* m = qt::fresh_metadata();
        quiver_binary_metadata_set_version(m, spec.version.c_str());
        quiver_binary_metadata_set_unit(m, spec.unit.c_str());
        std::vector<const char*> l;
        for (const auto& s : spec.labels) l.push_back(s.c_str());
        quiver_binary_metadata_set_labels(m, l.data(), l.size());
        for (size_t i = 0; i < spec.dimensions.size(); ++i) quiver_binary_metadata_add_dimension(m, spec.dimensions[i].c_str(), spec.sizes[i]);
        char* t = nullptr;
        std::string message;
        if (quiver_binary_metadata_to_toml(m, &t) == QUIVER_OK) {
            quiver_binary_metadata_free_string(t);
        } else {
            message = qt::last_error();
        }
        quiver_binary_metadata_free(m);
        return message;
    };
    qt::MetadataSpec s;
    s.labels = {"val"};
    s.dimensions = {"row"};
    s.sizes = {0};
    CHECK_EQ(invalid(s), "Dimension size at index 0 must be positive, got 0");
    s.sizes = {-1};
    CHECK_EQ(invalid(s), "Dimension size at index 0 must be positive, got -1");
    s.dimensions = {"row", "row"};
    s.sizes = {3, 2};
    CHECK_EQ(invalid(s), "Dimension names must be unique, duplicate: 'row'");
    s.dimensions = {"row"};
    s.sizes = {3};
    s.labels = {"val", "x", "val"};
    CHECK_EQ(invalid(s), "Label names must be unique, duplicate: 'val'");

    md = qt::fresh_metadata();
    quiver_binary_metadata_set_version(md, "1");
    quiver_binary_metadata_set_labels(md, ab, 2);
    quiver_binary_metadata_add_time_dimension(md, "month", 12, "monthly");
    quiver_binary_metadata_add_time_dimension(md, "week", 52, "weekly");
    CHECK_ERR(quiver_binary_metadata_to_toml(md, &text), "If WEEKLY frequency is present, it must be the lowest frequency.");
    quiver_binary_metadata_free(md);
}

void from_element() {
    quiver_binary_metadata_t* md = qt::make_metadata(qt::simple_spec());
    REQUIRE(md != nullptr);
    CHECK_EQ(qt::metadata_unit(md), "MW");
    size_t n = 0;
    quiver_binary_metadata_get_dimension_count(md, &n);
    CHECK_EQ(n, size_t{2});
    int64_t times = 9;
    quiver_binary_metadata_get_number_of_time_dimensions(md, &times);
    CHECK_EQ(times, int64_t{0});
    quiver_binary_metadata_free(md);

    const auto error_of = [](quiver_element_t* e) {
        quiver_binary_metadata_t* m = nullptr;
        std::string message;
        if (quiver_binary_metadata_from_element(e, &m) == QUIVER_OK) {
            quiver_binary_metadata_free(m);
        } else {
            message = qt::last_error();
        }
        quiver_element_destroy(e);
        return message;
    };
    quiver_element_t* e = nullptr;
    quiver_element_create(&e);
    quiver_element_set_string(e, "version", "1");
    CHECK_EQ(error_of(e), "Cannot from_element: missing array 'dimensions'");

    const struct {
        const char* name;
        bool array;
        const char* message;
    } missing[] = {{"version", false, "Cannot from_element: missing scalar 'version'"},
                   {"unit", false, "Cannot from_element: missing scalar 'unit'"},
                   {"initial_datetime", false, "Cannot from_element: missing scalar 'initial_datetime'"},
                   {"dimension_sizes", true, "Cannot from_element: missing array 'dimension_sizes'"},
                   {"labels", true, "Cannot from_element: missing array 'labels'"}};
    for (const auto& m : missing) {
        qt::MetadataSpec spec = qt::simple_spec();
        quiver_element_t* el = qt::spec_element(spec);
        quiver_element_t* copy = nullptr;
        quiver_element_create(&copy);
        // Rebuild without the one entry.
        const auto strings = [&](const char* name, const std::vector<std::string>& v) {
            if (std::string(name) == m.name) return;
            std::vector<const char*> p;
            for (const auto& s : v) p.push_back(s.c_str());
            quiver_element_set_array_string(copy, name, p.data(), static_cast<int32_t>(p.size()), nullptr);
        };
        const auto scalar = [&](const char* name, const std::string& v) {
            if (std::string(name) != m.name) quiver_element_set_string(copy, name, v.c_str());
        };
        scalar("version", spec.version);
        scalar("unit", spec.unit);
        scalar("initial_datetime", spec.initial_datetime);
        strings("dimensions", spec.dimensions);
        strings("labels", spec.labels);
        if (std::string("dimension_sizes") != m.name) {
            quiver_element_set_array_integer(copy, "dimension_sizes", spec.sizes.data(), 2, nullptr);
        }
        quiver_element_destroy(el);
        CHECK_EQ(error_of(copy), m.message);
    }

    e = qt::spec_element(qt::simple_spec());
    quiver_element_set_integer(e, "version", 1);
    CHECK_EQ(error_of(e), "Cannot from_element: scalar 'version' must be a string");
    e = qt::spec_element(qt::simple_spec());
    quiver_element_set_null(e, "unit");
    CHECK_EQ(error_of(e), "Cannot from_element: scalar 'unit' must be a string");
    e = qt::spec_element(qt::simple_spec());
    const int64_t ints[] = {1, 2};
    quiver_element_set_array_integer(e, "dimensions", ints, 2, nullptr);
    CHECK_EQ(error_of(e), "Cannot from_element: array 'dimensions' must contain strings");
    e = qt::spec_element(qt::simple_spec());
    const char* three[] = {"3"};
    quiver_element_set_array_string(e, "dimension_sizes", three, 1, nullptr);
    CHECK_EQ(error_of(e), "Cannot from_element: array 'dimension_sizes' must contain integers");
    e = qt::spec_element(qt::simple_spec());
    const double floats[] = {3.0, 2.0};
    quiver_element_set_array_float(e, "dimension_sizes", floats, 2, nullptr);
    CHECK_EQ(error_of(e), "Cannot from_element: array 'dimension_sizes' must contain integers");
    e = qt::spec_element(qt::simple_spec());
    quiver_element_set_string(e, "version", "2");
    CHECK_EQ(error_of(e), "Incompatible file version: expected 1, got 2");
}

}  // namespace

void test_binary_metadata() {
    builders_and_getters();
    datetimes();
    null_arguments();
    toml();
    writer_format();
    from_element();
}
