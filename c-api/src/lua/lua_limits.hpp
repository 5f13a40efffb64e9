#pragma once
// Time and memory limits of a Lua run. The runner's state is created with Limits::alloc (its
// userdata is the Limits). The count hook costs on every instruction, so the main thread carries
// it only during runs with limits; coroutines get it when created (coroutine.create/wrap are
// wrapped), so one created by an earlier run without limits cannot escape a later run's.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

struct lua_State;
struct lua_Debug;

namespace quiver::lua {

// Limits of one run; 0 means none.
struct RunLimits {
    int64_t timeout_ms = 0;
    int64_t memory_limit_bytes = 0;
    // Set by another thread to stop the run (the *_with_progress entry point's cancel flag).
    const std::atomic<bool>* cancel = nullptr;
};

class Limits {
public:
    enum class Hit { none, time, memory, cancel };

    // Arms the limits for one run (the memory limit counts the whole Lua heap of the state,
    // globals kept from earlier runs included).
    void arm(const RunLimits& limits);
    // Lifts the limits; what was hit stays readable until the next arm().
    void disarm();
    Hit hit() const { return hit_; }
    // "time limit of <n> ms" / "memory limit of <n> bytes"; "" when nothing was hit.
    const char* hit_text() const { return hit_text_; }
    // Checks the deadline (SQLite's progress handler calls this too); true once a limit is hit.
    bool exceeded();
    size_t used() const { return used_; }
    // Whether an allocation was refused since arm(): a memory error is then the limit's doing.
    bool refused() const { return refused_ever_; }

    // lua_Alloc with `this` as userdata: refuses growth beyond the memory limit.
    static void* alloc(void* ud, void* ptr, size_t old_size, size_t new_size) noexcept;
    // Count hook: raises a Lua error once a limit is hit (and then at every instruction, so a
    // script cannot catch the error with pcall and carry on).
    static void hook(lua_State* L, lua_Debug* ar);
    // Puts the hook on the main thread while limits are armed (and takes it off otherwise).
    void attach(lua_State* L) const;
    // Replaces coroutine.create and coroutine.wrap with versions that hook the new coroutine.
    // Raises on memory errors: call from protected code, after the coroutine library is open.
    static void hook_new_coroutines(lua_State* L);

private:
    size_t used_ = 0;
    size_t memory_limit_ = 0;
    bool timed_ = false;
    const std::atomic<bool>* cancel_ = nullptr;
    std::chrono::steady_clock::time_point deadline_{};
    RunLimits armed_{};
    Hit hit_ = Hit::none;
    // The last refused growth: Lua collects garbage and asks again for the same block, and only
    // a second refusal is a memory error.
    bool refused_ = false;
    bool refused_ever_ = false;
    const void* refused_ptr_ = nullptr;
    size_t refused_size_ = 0;
    char hit_text_[64] = "";  // plain text: the hook raises through frames that must own nothing

    void record(Hit hit) noexcept;
};

}  // namespace quiver::lua
