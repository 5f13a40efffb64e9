#include "support.hpp"

#include <atomic>

namespace quiver::c {

namespace {

thread_local std::string last_error;
std::atomic<int64_t> live_allocations{0};

}  // namespace

void set_last_error(const std::string& message) { last_error = message; }
const char* last_error_text() { return last_error.c_str(); }
void clear_last_error() { last_error.clear(); }

quiver_error_t null_argument(const char* name) {
    set_last_error(std::string("Null argument: ") + name);
    return QUIVER_ERROR;
}

void note_alloc() { live_allocations.fetch_add(1, std::memory_order_relaxed); }
void note_free() { live_allocations.fetch_sub(1, std::memory_order_relaxed); }
int64_t live_allocation_count() { return live_allocations.load(std::memory_order_relaxed); }

char* copy_string(const std::string& s) { return copy_string(s.data(), s.size()); }

char* copy_string(const char* s, size_t size) {
    char* p = new char[size + 1];
    std::memcpy(p, s, size);
    p[size] = '\0';
    note_alloc();
    return p;
}

void free_string(char* s) {
    if (!s) return;
    delete[] s;
    note_free();
}

}  // namespace quiver::c
