// quiver_binary_file_* and the block extensions: opening, the .qvr bytes, reads and writes,
// address and length errors, the write registry, time-consistency, truncated files.
#include <cfloat>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "binary_fixtures.hpp"
#include "check.hpp"
#include "quiver/c/extensions.h"

namespace {

const char* kRowCol[] = {"row", "col"};

quiver_binary_file_t* open_simple_writer(const std::string& path) {
    quiver_binary_metadata_t* md = qt::make_metadata(qt::simple_spec());
    quiver_binary_file_t* w = nullptr;
    if (quiver_binary_file_open_file(path.c_str(), 'w', md, &w) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, "open_simple_writer: " + qt::last_error());
    }
    quiver_binary_metadata_free(md);
    return w;
}

quiver_error_t write_rc(quiver_binary_file_t* f, int64_t r, int64_t c, std::vector<double> data) {
    const int64_t values[] = {r, c};
    return quiver_binary_file_write(f, kRowCol, values, 2, data.data(), data.size());
}

bool all_nan_bytes(const std::string& bytes) {
    static const unsigned char nan[8] = {0, 0, 0, 0, 0, 0, 0xF8, 0x7F};
    if (bytes.size() % 8 != 0) return false;
    for (size_t i = 0; i < bytes.size(); i += 8) {
        if (std::memcmp(bytes.data() + i, nan, 8) != 0) return false;
    }
    return true;
}

void open_and_layout() {
    const std::string p = qt::temp_path("bf_simple");
    quiver_binary_file_t* w = open_simple_writer(p);
    REQUIRE(w != nullptr);
    const std::string qvr = qt::read_text(p + ".qvr");
    CHECK_EQ(qvr.size(), size_t{96});
    CHECK(all_nan_bytes(qvr));
    CHECK(qt::file_exists(p + ".toml"));
    int open = 0;
    CHECK_OK(quiver_binary_file_is_open(w, &open));
    CHECK_EQ(open, 1);
    char* path = nullptr;
    CHECK_OK(quiver_binary_file_get_file_path(w, &path));
    CHECK_EQ(path, p.c_str());
    quiver_binary_file_free_string(path);
    CHECK_OK(quiver_binary_file_close(w));

    quiver_binary_file_t* r = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &r));
    quiver_binary_metadata_t* md = nullptr;
    CHECK_OK(quiver_binary_file_get_metadata(r, &md));
    CHECK_EQ(qt::metadata_unit(md), "MW");
    size_t n = 0;
    quiver_binary_metadata_get_dimension_count(md, &n);
    CHECK_EQ(n, size_t{2});
    quiver_binary_metadata_free(md);
    quiver_binary_file_close(r);

    // Two-step opens; create touches nothing.
    const std::string p2 = qt::temp_path("bf_two_step");
    quiver_binary_file_t* h = nullptr;
    CHECK_OK(quiver_binary_file_create(p2.c_str(), &h));
    CHECK(!qt::file_exists(p2 + ".qvr") && !qt::file_exists(p2 + ".toml"));
    CHECK_OK(quiver_binary_file_get_metadata(h, &md));
    quiver_binary_metadata_get_dimension_count(md, &n);
    CHECK_EQ(n, size_t{0});
    quiver_binary_metadata_free(md);
    md = qt::make_metadata(qt::simple_spec());
    CHECK_OK(quiver_binary_file_open(h, 'w', md));
    quiver_binary_metadata_free(md);
    CHECK(qt::file_exists(p2 + ".qvr") && qt::file_exists(p2 + ".toml"));
    quiver_binary_file_close(h);
    CHECK_OK(quiver_binary_file_create(p.c_str(), &h));
    CHECK_OK(quiver_binary_file_open(h, 'r', nullptr));
    quiver_binary_file_close(h);

    // The worked example: exact sidecar text and .qvr bytes.
    const std::string ex = qt::temp_path("bf_example");
    qt::MetadataSpec spec;
    spec.dimensions = {"stage", "scenario"};
    spec.sizes = {2, 2};
    spec.labels = {"plant_a", "plant_b"};
    md = qt::make_metadata(spec);
    CHECK_OK(quiver_binary_file_open_file(ex.c_str(), 'w', md, &w));
    quiver_binary_metadata_free(md);
    const char* names[] = {"stage", "scenario"};
    const int64_t c11[] = {1, 1}, c21[] = {2, 1};
    const double v11[] = {1.0, 2.0}, v21[] = {0.5, -3.0};
    CHECK_OK(quiver_binary_file_write(w, names, c11, 2, v11, 2));
    CHECK_OK(quiver_binary_file_write(w, names, c21, 2, v21, 2));
    quiver_binary_file_close(w);
    CHECK_EQ(qt::read_text(ex + ".toml"),
             "dimension_sizes = [ 2, 2 ]\ndimensions = [ 'stage', 'scenario' ]\nfrequencies = []\n"
             "initial_datetime = '2025-01-01T00:00:00'\nlabels = [ 'plant_a', 'plant_b' ]\ntime_dimensions = []\n"
             "unit = 'MW'\nversion = '1'");
    const std::string bytes = qt::read_text(ex + ".qvr");
    const unsigned char expected[64] = {0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40,
                                        0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f,
                                        0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0x08, 0xc0,
                                        0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f};
    CHECK(bytes.size() == 64 && std::memcmp(bytes.data(), expected, 64) == 0);
}

void open_errors() {
    quiver_binary_file_t* f = nullptr;
    CHECK_ERR(quiver_binary_file_open_file("nonexistent_path", 'r', nullptr, &f), "File not found: nonexistent_path");
    const std::string p = qt::temp_path("bf_errors");
    CHECK_ERR(quiver_binary_file_open_file(p.c_str(), 'w', nullptr, &f),
              "Metadata must be provided when opening a file in write mode.");
    quiver_binary_metadata_t* md = qt::make_metadata(qt::simple_spec());
    CHECK_ERR(quiver_binary_file_open_file(p.c_str(), 'x', md, &f), "Invalid file mode: x. Use 'r' for read or 'w' for write.");
    CHECK(f == nullptr);
    CHECK_ERR(quiver_binary_file_open_file(nullptr, 'r', nullptr, nullptr), "Null argument: path");
    CHECK_ERR(quiver_binary_file_open_file(nullptr, 'w', nullptr, nullptr), "Null argument: path");
    CHECK_ERR(quiver_binary_file_open_file("some_path", 'r', nullptr, nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_file_create(nullptr, &f), "Null argument: path");
    CHECK_ERR(quiver_binary_file_create("x", nullptr), "Null argument: out");
    CHECK_ERR(quiver_binary_file_open(nullptr, 'r', nullptr), "Null argument: binary_file");
    CHECK_ERR(quiver_binary_file_get_file_path(nullptr, nullptr), "Null argument: binary_file");
    CHECK_ERR(quiver_binary_file_get_metadata(nullptr, nullptr), "Null argument: binary_file");
    CHECK_OK(quiver_binary_file_close(nullptr));
    CHECK_OK(quiver_binary_file_free_float_array(nullptr));
    CHECK_OK(quiver_binary_file_free_string(nullptr));

    // Rejected metadata on 'w' leaves an existing file as it was.
    quiver_binary_file_t* w = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'w', md, &w));
    CHECK_OK(write_rc(w, 1, 1, {7, 8}));
    quiver_binary_file_close(w);
    const std::string toml_before = qt::read_text(p + ".toml");
    quiver_binary_metadata_t* bad_md = qt::make_metadata(qt::simple_spec());
    quiver_binary_metadata_set_version(bad_md, "999");
    CHECK_ERR(quiver_binary_file_open_file(p.c_str(), 'w', bad_md, &w), "Incompatible file version: expected 1, got 999");
    CHECK_EQ(qt::read_text(p + ".toml"), toml_before);
    CHECK_EQ(qt::read_cell(p, {"row", "col"}, {1, 1}), (std::vector<double>{7, 8}));
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'w', md, &w));
    CHECK_OK(write_rc(w, 1, 1, {1, 2}));
    quiver_binary_file_close(w);
    CHECK_EQ(qt::read_cell(p, {"row", "col"}, {1, 1}), (std::vector<double>{1, 2}));
    quiver_binary_metadata_free(bad_md);
    quiver_binary_metadata_free(md);

    // Files that do not match their metadata.
    const std::string t = qt::temp_path("bf_truncated");
    CHECK(qt::fill(t, [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k; }));
    std::filesystem::resize_file(t + ".qvr", 50);
    CHECK_ERR(quiver_binary_file_open_file(t.c_str(), 'r', nullptr, &f),
              "File is truncated: " + t + ".qvr has 50 bytes, expected 96");
    qt::write_text(t + ".toml", "not toml {{{");
    quiver_clear_last_error();
    CHECK(quiver_binary_file_open_file(t.c_str(), 'r', nullptr, &f) == QUIVER_ERROR);
    CHECK(!qt::last_error().empty());
    qt::write_text(t + ".toml", "");
    CHECK_ERR(quiver_binary_file_open_file(t.c_str(), 'r', nullptr, &f), "bad optional access");
}

void read_write() {
    const std::string p = qt::temp_path("bf_rw");
    quiver_binary_file_t* w = open_simple_writer(p);
    REQUIRE(w != nullptr);
    double* d = nullptr;
    size_t n = 0;
    const int64_t c11[] = {1, 1};
    CHECK_ERR(quiver_binary_file_read(nullptr, nullptr, nullptr, 0, 0, &d, &n), "Null argument: binary_file");
    CHECK_ERR(quiver_binary_file_read(w, kRowCol, c11, 2, 0, nullptr, nullptr), "Null argument: out_data");
    CHECK_ERR(quiver_binary_file_read(w, kRowCol, c11, 2, 0, &d, nullptr), "Null argument: out_count");
    CHECK_ERR(quiver_binary_file_read(w, nullptr, c11, 2, 0, &d, &n), "Null argument: dim_names");
    CHECK_ERR(quiver_binary_file_read(w, kRowCol, nullptr, 2, 0, &d, &n), "Null argument: dim_values");
    const double one[] = {1.0};
    CHECK_ERR(quiver_binary_file_write(nullptr, kRowCol, c11, 2, one, 1), "Null argument: binary_file");
    CHECK_ERR(quiver_binary_file_write(w, kRowCol, c11, 2, nullptr, 2), "Null argument: data");
    CHECK_ERR(quiver_binary_file_write(w, kRowCol, c11, 2, nullptr, 0), "Null argument: data");
    CHECK_ERR(quiver_binary_file_write(w, nullptr, c11, 2, one, 1), "Null argument: dim_names");
    // A writer cannot be read through.
    CHECK_ERR(quiver_binary_file_read(w, kRowCol, c11, 2, 1, &d, &n), "File is not open: " + p);

    // Address errors, checked before the data length.
    const char* row_only[] = {"row"};
    const char* three[] = {"row", "col", "z"};
    const char* row_bad[] = {"row", "bad"};
    const char* row_row[] = {"row", "row"};
    const int64_t v1[] = {1}, v111[] = {1, 1, 1}, v01[] = {0, 1}, v41[] = {4, 1};
    const double two[] = {1.0, 2.0};
    CHECK_ERR(quiver_binary_file_write(w, row_only, v1, 1, two, 2), "Expected 2 dimensions, got 1");
    CHECK_ERR(quiver_binary_file_write(w, three, v111, 3, two, 2), "Expected 2 dimensions, got 3");
    CHECK_ERR(quiver_binary_file_write(w, row_bad, c11, 2, two, 2), "Missing required dimension: 'col'");
    CHECK_ERR(quiver_binary_file_write(w, row_row, c11, 2, two, 2), "Expected 2 dimensions, got 1");
    CHECK_ERR(quiver_binary_file_write(w, kRowCol, v01, 2, one, 1), "Dimension 'row' value 0 is out of bounds [1, 3]");
    CHECK_ERR(quiver_binary_file_write(w, kRowCol, v41, 2, two, 2), "Dimension 'row' value 4 is out of bounds [1, 3]");
    CHECK_ERR(write_rc(w, 1, 1, {1.0}), "Data length 1 does not match expected length 2");
    CHECK_ERR(write_rc(w, 1, 1, {1, 2, 3}), "Data length 3 does not match expected length 2");

    const double inf = std::numeric_limits<double>::infinity();
    CHECK_OK(write_rc(w, 1, 1, {1, 2}));
    CHECK_OK(write_rc(w, 2, 2, {3, 4}));
    CHECK_OK(write_rc(w, 3, 1, {5, 6}));
    CHECK_OK(write_rc(w, 1, 2, {inf, -inf}));
    CHECK_OK(write_rc(w, 2, 1, {DBL_MAX, DBL_MIN}));
    CHECK_OK(write_rc(w, 3, 2, {-0.0, 4.9e-324}));
    CHECK_OK(write_rc(w, 1, 1, {99, 100}));  // last write wins
    CHECK_OK(quiver_binary_file_close(w));

    quiver_binary_file_t* r = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &r));
    const auto cell = [&](int64_t row, int64_t col) {
        const int64_t v[] = {row, col};
        double* data = nullptr;
        size_t count = 0;
        std::vector<double> out;
        if (quiver_binary_file_read(r, kRowCol, v, 2, 0, &data, &count) == QUIVER_OK) out.assign(data, data + count);
        quiver_binary_file_free_float_array(data);
        return out;
    };
    CHECK_EQ(cell(1, 1), (std::vector<double>{99, 100}));
    CHECK_EQ(cell(2, 2), (std::vector<double>{3, 4}));
    CHECK_EQ(cell(3, 1), (std::vector<double>{5, 6}));
    CHECK_EQ(cell(1, 2), (std::vector<double>{inf, -inf}));
    CHECK_EQ(cell(2, 1), (std::vector<double>{DBL_MAX, DBL_MIN}));
    const auto signed_zero = cell(3, 2);
    CHECK(signed_zero.size() == 2 && std::signbit(signed_zero[0]) && signed_zero[1] == 4.9e-324);
    CHECK_ERR(quiver_binary_file_write(r, kRowCol, c11, 2, two, 2), "File is not open: " + p);
    quiver_binary_file_close(r);

    // Nulls.
    const std::string q = qt::temp_path("bf_nulls");
    w = open_simple_writer(q);
    CHECK_OK(write_rc(w, 1, 1, {1, 2}));
    const double nan = std::nan("");
    CHECK_OK(write_rc(w, 3, 2, {nan, nan}));
    quiver_binary_file_close(w);
    CHECK_OK(quiver_binary_file_open_file(q.c_str(), 'r', nullptr, &r));
    const int64_t c21[] = {2, 1}, c32[] = {3, 2};
    CHECK_ERR(quiver_binary_file_read(r, kRowCol, c21, 2, 0, &d, &n), "Cannot read: data at {row=2, col=1} contains null values");
    CHECK_OK(quiver_binary_file_read(r, kRowCol, c32, 2, 1, &d, &n));
    CHECK(n == 2 && std::isnan(d[0]) && std::isnan(d[1]));
    quiver_binary_file_free_float_array(d);
    quiver_binary_file_close(r);

    // Blocks: a prefix of the dimensions, or the whole file.
    const std::string b = qt::temp_path("bf_blocks");
    w = open_simple_writer(b);
    std::vector<double> whole(12);
    for (size_t i = 0; i < whole.size(); ++i) whole[i] = static_cast<double>(i);
    CHECK_OK(quiver_binary_file_write_block(w, nullptr, nullptr, 0, whole.data(), whole.size()));
    const double row2[] = {20, 21, 22, 23};
    const int64_t r2[] = {2};
    CHECK_OK(quiver_binary_file_write_block(w, row_only, r2, 1, row2, 4));
    CHECK_ERR(quiver_binary_file_write_block(w, row_only, r2, 1, row2, 3), "Data length 3 does not match expected length 4");
    const char* col_only[] = {"col"};
    CHECK_ERR(quiver_binary_file_write_block(w, col_only, r2, 1, row2, 4), "Missing required dimension: 'row'");
    quiver_binary_file_close(w);
    CHECK_EQ(qt::simple_cells(b), (std::vector<double>{0, 1, 2, 3, 20, 21, 22, 23, 8, 9, 10, 11}));
    CHECK_OK(quiver_binary_file_open_file(b.c_str(), 'r', nullptr, &r));
    std::vector<double> back(12);
    CHECK_OK(quiver_binary_file_read_block(r, nullptr, nullptr, 0, 0, back.data(), back.size()));
    CHECK_EQ(back, (std::vector<double>{0, 1, 2, 3, 20, 21, 22, 23, 8, 9, 10, 11}));
    const int64_t r3c2[] = {3, 2};
    CHECK_OK(quiver_binary_file_read_block(r, kRowCol, r3c2, 2, 0, back.data(), 2));
    CHECK(back[0] == 10 && back[1] == 11);
    int open = 1;
    quiver_binary_file_is_open(r, &open);
    CHECK_EQ(open, 1);
    quiver_binary_file_close(r);
}

void registry() {
    const std::string p = qt::temp_path("bf_registry");
    quiver_binary_file_t* w = open_simple_writer(p);
    REQUIRE(w != nullptr);
    const std::string canonical = std::filesystem::weakly_canonical(p).string();
    quiver_binary_file_t* other = nullptr;
    CHECK_ERR(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &other),
              "Cannot open_file: file is already open for writing: " + canonical);
    quiver_binary_metadata_t* md = qt::make_metadata(qt::simple_spec());
    CHECK_ERR(quiver_binary_file_open_file(p.c_str(), 'w', md, &other),
              "Cannot open_file: file is already open for writing: " + canonical);
    const std::string dotted = qt::temp_path("./bf_registry");
    CHECK_ERR(quiver_binary_file_open_file(dotted.c_str(), 'x', md, &other),
              "Cannot open_file: file is already open for writing: " + canonical);
    CHECK_ERR(quiver_binary_file_open(w, 'w', md), "Cannot open_file: file is already open for writing: " + canonical);
    quiver_binary_file_close(w);
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &other));
    quiver_binary_file_close(other);
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'w', md, &other));
    quiver_binary_file_close(other);
    quiver_binary_metadata_free(md);

    // A missing directory is reported at the first write.
    const std::string missing = qt::temp_path("no_such_dir/bf");
    md = qt::make_metadata(qt::simple_spec());
    CHECK_OK(quiver_binary_file_open_file(missing.c_str(), 'w', md, &w));
    CHECK_ERR(write_rc(w, 1, 1, {1, 2}), "File is not open: " + missing);
    int open = 1;
    quiver_binary_file_is_open(w, &open);
    CHECK_EQ(open, 0);
    quiver_binary_file_close(w);
    quiver_binary_metadata_free(md);
}

void time_files() {
    const std::string p = qt::temp_path("bf_time");
    quiver_binary_metadata_t* md = qt::make_metadata(qt::time_spec());
    quiver_binary_file_t* w = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'w', md, &w));
    quiver_binary_metadata_free(md);
    const char* names[] = {"stage", "block"};
    const int64_t s1b1[] = {1, 1}, s2b30[] = {2, 30};
    const double v[] = {1, 2};
    CHECK_OK(quiver_binary_file_write(w, names, s1b1, 2, v, 2));
    CHECK_ERR(quiver_binary_file_write(w, names, s2b30, 2, v, 2),
              "Invalid values for time dimensions: dimension 'block' has value 30 but the resulting datetime implies 2");
    quiver_binary_file_close(w);

    // Before 1970.
    qt::MetadataSpec old = qt::time_spec();
    old.initial_datetime = "1960-01-01T00:00:00";
    md = qt::make_metadata(old);
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'w', md, &w));
    quiver_binary_metadata_free(md);
    const int64_t s1b31[] = {1, 31};
    const double v2[] = {3, 4};
    CHECK_OK(quiver_binary_file_write(w, names, s1b1, 2, v, 2));
    CHECK_OK(quiver_binary_file_write(w, names, s1b31, 2, v2, 2));
    quiver_binary_file_close(w);
    quiver_binary_file_t* r = nullptr;
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'r', nullptr, &r));
    CHECK_OK(quiver_binary_file_get_metadata(r, &md));
    char* dt = nullptr;
    quiver_binary_metadata_get_initial_datetime(md, &dt);
    CHECK_EQ(dt, "1960-01-01T00:00:00");
    quiver_binary_metadata_free_string(dt);
    CHECK(qt::metadata_toml(md).find("1960-01-01T00:00:00") != std::string::npos);
    quiver_binary_metadata_free(md);
    quiver_binary_file_close(r);
    CHECK_EQ(qt::read_cell(p, {"stage", "block"}, {1, 1}), (std::vector<double>{1, 2}));
    CHECK_EQ(qt::read_cell(p, {"stage", "block"}, {1, 31}), (std::vector<double>{3, 4}));

    // One time dimension: never checked for consistency.
    qt::MetadataSpec single;
    single.dimensions = {"month", "scenario"};
    single.sizes = {12, 3};
    single.time_dimensions = {"month"};
    single.frequencies = {"monthly"};
    single.labels = {"val"};
    md = qt::make_metadata(single);
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'w', md, &w));
    quiver_binary_metadata_free(md);
    const char* ms[] = {"month", "scenario"};
    const int64_t m12s3[] = {12, 3};
    CHECK_OK(quiver_binary_file_write(w, ms, m12s3, 2, v, 1));
    quiver_binary_file_close(w);

    // Builder-made time metadata keeps initial values 0: every offset shifts by one.
    md = nullptr;
    quiver_binary_metadata_create(&md);
    quiver_binary_metadata_set_version(md, "1");
    quiver_binary_metadata_set_initial_datetime(md, "2025-01-01");
    const char* val[] = {"val"};
    quiver_binary_metadata_set_labels(md, val, 1);
    quiver_binary_metadata_add_time_dimension(md, "month", 12, "monthly");
    quiver_binary_metadata_add_time_dimension(md, "day", 31, "daily");
    CHECK_OK(quiver_binary_file_open_file(p.c_str(), 'w', md, &w));
    quiver_binary_metadata_free(md);
    const char* md_names[] = {"month", "day"};
    CHECK_ERR(quiver_binary_file_write(w, md_names, s1b1, 2, v, 1),
              "Invalid values for time dimensions: dimension 'day' has value 1 but the resulting datetime implies 2");
    quiver_binary_file_close(w);
}

}  // namespace

void test_binary_file() {
    open_and_layout();
    open_errors();
    read_write();
    registry();
    time_files();
}
