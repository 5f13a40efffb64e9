// Runner of the C-level tests: shared helpers, the test list, and the final leak check
// (quiver_debug_live_allocations() must be back to 0 once every result has been freed).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <system_error>

#include "check.hpp"

extern "C" int quiver_test_c_headers(void);

void test_core();
void test_reads();
void test_groups();
void test_misc();
void test_lua_hardening();
void test_values();
void test_files();
void test_binary_metadata();
void test_binary_file();
void test_csv_converter();
void test_expression();
void test_lua_binary();
void test_progress();
void test_binary_acceptance();
void test_create_elements();

namespace qt {

namespace {
int failures = 0;
int checks = 0;
std::string scratch;
}  // namespace

void fail(const char* file, int line, const std::string& what) {
    ++failures;
    std::fflush(stdout);  // keep the report in order when stdout and stderr share a terminal
    std::fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what.c_str());
}

void count_check() { ++checks; }

std::string last_error() { return quiver_get_last_error(); }

void expect_error(const char* file, int line, const char* call, quiver_error_t rc, const std::string& message) {
    std::string got = last_error();
    if (rc == QUIVER_ERROR && got == message) return;
    fail(file, line, std::string(call) + ": expected error \"" + message + "\", got rc " + std::to_string(rc) + " \"" + got + "\"");
}

std::string fixture(const char* name) { return std::string(QUIVER_TEST_FIXTURES) + "/" + name; }
std::string example(const char* name) { return std::string(QUIVER_TEST_EXAMPLES) + "/" + name; }
std::string temp_path(const char* name) { return scratch + "/" + name; }

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

quiver_database_t* open_fixture(const char* name) {
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    quiver_database_t* db = nullptr;
    if (quiver_database_from_schema(":memory:", fixture(name).c_str(), &options, &db) != QUIVER_OK) {
        fail(__FILE__, __LINE__, "from_schema(" + fixture(name) + "): " + last_error());
        return nullptr;
    }
    return db;
}

int64_t make(quiver_database_t* db, const char* collection, const char* label) {
    quiver_element_t* e = nullptr;
    int64_t id = -1;
    if (quiver_element_create(&e) != QUIVER_OK) return -1;
    quiver_element_set_string(e, "label", label);
    if (quiver_database_create_element(db, collection, e, &id) != QUIVER_OK) {
        fail(__FILE__, __LINE__, std::string("make(") + collection + ", " + label + "): " + last_error());
        id = -1;
    }
    quiver_element_destroy(e);
    return id;
}

}  // namespace qt

// A fresh scratch directory under the system temp dir; std::filesystem rather than mkdtemp so the
// same runner builds for Windows (the win32 prebuild's tests run under wine).
static std::string make_scratch_dir() {
    std::random_device rd;
    std::error_code ec;
    const auto base = std::filesystem::temp_directory_path(ec);
    if (ec) return {};
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto dir = base / ("quiver_c_tests-" + std::to_string(rd()));
        if (std::filesystem::create_directory(dir, ec)) return dir.generic_string();
    }
    return {};
}

int main() {
    qt::scratch = make_scratch_dir();
    if (qt::scratch.empty()) {
        std::fprintf(stderr, "could not create a scratch directory under the temp dir\n");
        return 2;
    }

    // Before anything else touches this thread's error channel: a fresh thread's last error is "".
    CHECK_EQ(quiver_get_last_error(), "");
    CHECK(quiver_test_c_headers() == 1);

    const struct {
        const char* name;
        void (*run)();
    } tests[] = {{"core", test_core},     {"reads", test_reads},   {"groups", test_groups},
                 {"misc", test_misc},     {"values", test_values}, {"files", test_files},
                 {"lua hard", test_lua_hardening}, {"binary_metadata", test_binary_metadata},
                 {"binary_file", test_binary_file}, {"csv_converter", test_csv_converter},
                 {"expression", test_expression}, {"lua_binary", test_lua_binary},
                 {"progress", test_progress},
                 {"binary_accept", test_binary_acceptance},
                 {"create_elements", test_create_elements}};
    for (const auto& t : tests) {
        int before = qt::failures;
        t.run();
        std::printf("%-16s %s\n", t.name, qt::failures == before ? "ok" : "FAILED");
    }

    int64_t live = quiver_debug_live_allocations();
    CHECK_EQ(live, int64_t{0});

    if (std::getenv("QUIVER_KEEP_TMP") == nullptr) std::filesystem::remove_all(qt::scratch);
    std::printf("%d checks, %d failures\n", qt::checks, qt::failures);
    return qt::failures == 0 ? 0 : 1;
}
