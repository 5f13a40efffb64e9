#pragma once
// Shared plumbing of the C layer: NULL checks, exception capture into the thread-local last
// error, and result allocation. Every array handed to a caller comes from alloc_array and goes
// back through free_array, which keeps a live count for leak tests.
#include <cstdint>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "quiver/c/common.h"

namespace quiver::c {

void set_last_error(const std::string& message);
const char* last_error_text();
void clear_last_error();
int64_t live_allocation_count();

// Runs body; maps quiver::Error / std::exception to its message, std::bad_alloc to
// "Memory allocation failed", anything else to `unknown`.
template <class F>
quiver_error_t guarded(F&& body, const char* unknown = "Unknown error") {
    try {
        body();
        return QUIVER_OK;
    } catch (const std::bad_alloc&) {
        set_last_error("Memory allocation failed");
    } catch (const std::exception& e) {
        set_last_error(e.what());
    } catch (...) {
        set_last_error(unknown);
    }
    return QUIVER_ERROR;
}

quiver_error_t null_argument(const char* name);

// Returns QUIVER_ERROR with "Null argument: <name>" when the pointer is NULL.
#define QUIVER_REQUIRE(ptr) \
    do { \
        if ((ptr) == nullptr) return ::quiver::c::null_argument(#ptr); \
    } while (0)

// Columnar writes check their column arrays only when there are columns (clearing passes none).
#define QUIVER_REQUIRE_COLUMNS() \
    do { \
        if (column_count > 0) { \
            QUIVER_REQUIRE(column_names); \
            QUIVER_REQUIRE(column_types); \
            QUIVER_REQUIRE(column_data); \
        } \
    } while (0)

void note_alloc();
void note_free();

// Zero-initialized array of n T's; nullptr for n == 0 (empty results are NULL + count 0).
template <class T>
T* alloc_array(size_t n) {
    if (n == 0) return nullptr;
    T* p = new T[n]();
    note_alloc();
    return p;
}

template <class T>
void free_array(T* p) {
    if (p == nullptr) return;
    delete[] p;
    note_free();
}

// NUL-terminated copy, released with free_string.
char* copy_string(const std::string& s);
char* copy_string(const char* s, size_t size);
void free_string(char* s);

// Copies a vector into a fresh array (nullptr when empty).
template <class T>
T* copy_array(const std::vector<T>& v) {
    T* p = alloc_array<T>(v.size());
    if (p) std::memcpy(p, v.data(), v.size() * sizeof(T));
    return p;
}

}  // namespace quiver::c
