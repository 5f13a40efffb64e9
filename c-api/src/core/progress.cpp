#include "progress.hpp"

#include "error.hpp"

namespace quiver::progress {

namespace {
thread_local Task* t_task = nullptr;
}

Task* current() noexcept { return t_task; }

Scope::Scope(Task* task) noexcept : previous_(t_task) { t_task = task; }
Scope::~Scope() { t_task = previous_; }

void check() {
    if (cancelled()) fail(kCancelled);
}

void set_total(int64_t total) noexcept {
    if (Task* t = t_task) t->total.store(total, std::memory_order_relaxed);
}

void report(int64_t done) {
    Task* t = t_task;
    if (!t) return;
    t->done.store(done, std::memory_order_relaxed);
    if (t->cancelled.load(std::memory_order_relaxed)) fail(kCancelled);
}

void advance(int64_t n) {
    Task* t = t_task;
    if (!t) return;
    t->done.store(t->done.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    if (t->cancelled.load(std::memory_order_relaxed)) fail(kCancelled);
}

void report_quietly(int64_t done, int64_t total) noexcept {
    if (Task* t = t_task) {
        t->total.store(total, std::memory_order_relaxed);
        t->done.store(done, std::memory_order_relaxed);
    }
}

}  // namespace quiver::progress
