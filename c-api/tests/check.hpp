#pragma once
// Minimal checking for the C tests: every failed check prints file:line, the expression and the
// library's last error, then the run continues; main() exits non-zero when anything failed.
#include <sstream>
#include <string>
#include <vector>

#include "quiver/c/database.h"
#include "quiver/c/element.h"
#include "quiver/c/lua_runner.h"

namespace qt {

void fail(const char* file, int line, const std::string& what);
void count_check();
std::string last_error();
void expect_error(const char* file, int line, const char* call, quiver_error_t rc, const std::string& message);
std::string fixture(const char* name);  // tests/fixtures/<name>
std::string example(const char* name);  // examples/<name> at the repo root
std::string temp_path(const char* name); // inside this run's scratch directory
std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

// from_schema(":memory:", fixture) with console logging off; NULL (and a failure) on error.
quiver_database_t* open_fixture(const char* name);
// Creates an element of `collection` holding only `label`; returns its id (-1 on failure).
int64_t make(quiver_database_t* db, const char* collection, const char* label);

template <class T>
std::string show(const T& v) {
    std::ostringstream out;
    out << v;
    return out.str();
}
template <class T>
std::string show(const std::vector<T>& v) {
    std::ostringstream out;
    out << '[';
    for (size_t i = 0; i < v.size(); ++i) out << (i ? ", " : "") << v[i];
    out << ']';
    return out.str();
}
inline std::string show(const char* s) { return s ? std::string("\"").append(s).append("\"") : "NULL"; }
inline std::string show(char* s) { return show(static_cast<const char*>(s)); }
inline std::string show(const std::string& s) { return show(s.c_str()); }

inline bool same(const char* a, const char* b) { return a && b ? std::string(a) == b : a == b; }
inline bool same(char* a, const char* b) { return same(static_cast<const char*>(a), b); }
inline bool same(const std::string& a, const char* b) { return b && a == b; }
template <class A, class B>
bool same(const A& a, const B& b) { return a == b; }

}  // namespace qt

#define CHECK(cond) \
    do { \
        qt::count_check(); \
        if (!(cond)) qt::fail(__FILE__, __LINE__, "CHECK(" #cond ")"); \
    } while (0)

#define CHECK_EQ(actual, expected) \
    do { \
        qt::count_check(); \
        const auto a_ = (actual); /* copies: `actual` may be an element of a temporary */ \
        const auto e_ = (expected); \
        if (!qt::same(a_, e_)) { \
            qt::fail(__FILE__, __LINE__, #actual " == " + qt::show(a_) + ", expected " + qt::show(e_)); \
        } \
    } while (0)

#define CHECK_OK(call) \
    do { \
        qt::count_check(); \
        if ((call) != QUIVER_OK) qt::fail(__FILE__, __LINE__, #call " failed: " + qt::last_error()); \
    } while (0)

// The call must fail with exactly `message` as the last error.
#define CHECK_ERR(call, message) \
    do { \
        qt::count_check(); \
        quiver_clear_last_error(); \
        quiver_error_t rc_ = (call); \
        qt::expect_error(__FILE__, __LINE__, #call, rc_, message); \
    } while (0)

// For setup steps later checks depend on: stop the current test function on failure.
#define REQUIRE(cond) \
    do { \
        qt::count_check(); \
        if (!(cond)) { \
            qt::fail(__FILE__, __LINE__, "REQUIRE(" #cond ") failed: " + qt::last_error()); \
            return; \
        } \
    } while (0)
