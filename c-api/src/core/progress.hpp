#pragma once
// Progress and cancellation of one long call. The C layer's *_with_progress functions bind a Task
// to the calling thread for the duration of the call (Scope); the core's long loops report to the
// bound task and stop once another thread has cancelled it. With no task bound (every other entry
// point) each function below does nothing and costs one thread-local read.
#include <atomic>
#include <cstdint>
#include <string>

namespace quiver::progress {

struct Task {
    std::atomic<int64_t> done{0};
    std::atomic<int64_t> total{0};
    std::atomic<bool> cancelled{false};
    std::atomic<int32_t> cancel_word{0};  // the same flag as an int, for C functions that poll an int32_t
    std::atomic<bool> running{false};  // a call is using the task (one at a time)
};

// The task bound to this thread, or nullptr.
Task* current() noexcept;

// Binds `task` to this thread until destruction (restoring what was bound before).
class Scope {
public:
    explicit Scope(Task* task) noexcept;
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    Task* previous_;
};

// The text every cancelled operation fails with (the C layer prefixes the operation).
inline constexpr const char* kCancelled = "cancelled";

inline bool active() noexcept { return current() != nullptr; }
inline bool cancelled() noexcept {
    Task* t = current();
    return t && t->cancelled.load(std::memory_order_relaxed);
}
// Throws quiver::Error("cancelled") once the bound task is cancelled.
void check();
void set_total(int64_t total) noexcept;
// Sets the units done so far, then checks for cancellation.
void report(int64_t done);
// Adds n units done, then checks for cancellation.
void advance(int64_t n = 1);
// As report, never throwing (for code that must not throw, such as Lua C functions).
void report_quietly(int64_t done, int64_t total) noexcept;

}  // namespace quiver::progress
