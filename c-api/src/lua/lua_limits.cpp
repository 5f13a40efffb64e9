#include "lua_limits.hpp"

#include <lua.hpp>

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace quiver::lua {

namespace {

// Instructions between two deadline checks: small enough to stop within microseconds, large
// enough that the clock read costs nothing measurable.
constexpr int kCheckEvery = 1000;

}  // namespace

void Limits::arm(const RunLimits& limits) {
    armed_ = limits;
    hit_ = Hit::none;
    hit_text_[0] = '\0';
    refused_ = false;
    refused_ever_ = false;
    memory_limit_ = limits.memory_limit_bytes > 0 ? static_cast<size_t>(limits.memory_limit_bytes) : 0;
    timed_ = limits.timeout_ms > 0;
    cancel_ = limits.cancel;
    if (timed_) {
        const auto max_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::duration::max() / 2)
                                .count();
        const int64_t ms = limits.timeout_ms < max_ms ? limits.timeout_ms : max_ms;
        deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    }
}

void Limits::disarm() {
    memory_limit_ = 0;
    timed_ = false;
    cancel_ = nullptr;
}

void Limits::record(Hit hit) noexcept {
    if (hit_ != Hit::none) return;
    hit_ = hit;
    if (hit == Hit::cancel) {
        std::snprintf(hit_text_, sizeof hit_text_, "cancellation");
    } else if (hit == Hit::time) {
        std::snprintf(hit_text_, sizeof hit_text_, "time limit of %lld ms", static_cast<long long>(armed_.timeout_ms));
    } else {
        std::snprintf(hit_text_, sizeof hit_text_, "memory limit of %lld bytes",
                      static_cast<long long>(armed_.memory_limit_bytes));
    }
}

bool Limits::exceeded() {
    if (hit_ == Hit::none && cancel_ && cancel_->load(std::memory_order_relaxed)) record(Hit::cancel);
    if (hit_ == Hit::none && timed_ && std::chrono::steady_clock::now() >= deadline_) record(Hit::time);
    return hit_ != Hit::none;
}

void* Limits::alloc(void* ud, void* ptr, size_t old_size, size_t new_size) noexcept {
    Limits& self = *static_cast<Limits*>(ud);
    const size_t old_block = ptr ? old_size : 0;  // for new blocks old_size is a type tag
    if (new_size == 0) {
        std::free(ptr);
        self.used_ -= old_block;
        return nullptr;
    }
    if (new_size > old_block && self.memory_limit_ != 0) {
        const size_t growth = new_size - old_block;
        if (self.used_ + growth > self.memory_limit_ || self.used_ + growth < self.used_) {
            if (self.refused_ && self.refused_ptr_ == ptr && self.refused_size_ == new_size) self.record(Hit::memory);
            self.refused_ = true;
            self.refused_ever_ = true;
            self.refused_ptr_ = ptr;
            self.refused_size_ = new_size;
            return nullptr;  // Lua collects garbage and retries once before raising its memory error
        }
    }
    void* block = std::realloc(ptr, new_size);
    if (!block) return nullptr;
    self.used_ = self.used_ - old_block + new_size;
    if (new_size > old_block) self.refused_ = false;
    return block;
}

void Limits::hook(lua_State* L, lua_Debug*) {
    void* ud = nullptr;
    lua_getallocf(L, &ud);
    Limits& self = *static_cast<Limits*>(ud);
    if (!self.exceeded()) {
        // A thread left at every-instruction checking by an earlier run goes back to the normal pace.
        if (lua_gethookcount(L) != kCheckEvery) lua_sethook(L, &Limits::hook, LUA_MASKCOUNT, kCheckEvery);
        return;
    }
    // A memory error may have been caught by the script; the hook also ends it.
    lua_sethook(L, &Limits::hook, LUA_MASKCOUNT, 1);
    if (self.hit() == Hit::cancel) luaL_error(L, "Lua script was cancelled");
    luaL_error(L, "Lua script exceeded its %s", self.hit_text());
}

void Limits::attach(lua_State* L) const {
    if (timed_ || memory_limit_ != 0 || cancel_) {
        lua_sethook(L, &Limits::hook, LUA_MASKCOUNT, kCheckEvery);
    } else {
        lua_sethook(L, nullptr, 0, 0);
    }
}

namespace {

void hook_thread(lua_State* co) { lua_sethook(co, &Limits::hook, LUA_MASKCOUNT, kCheckEvery); }

// coroutine.create / coroutine.wrap around the originals (upvalue 1). The frames hold no C++
// objects, so errors may unwind through them.
int hooked_create(lua_State* L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    if (lua_type(L, -1) == LUA_TTHREAD) hook_thread(lua_tothread(L, -1));
    return 1;
}

int hooked_wrap(lua_State* L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    // The wrapper's first upvalue is its coroutine.
    if (lua_getupvalue(L, -1, 1) != nullptr) {
        if (lua_type(L, -1) == LUA_TTHREAD) hook_thread(lua_tothread(L, -1));
        lua_pop(L, 1);
    }
    return 1;
}

}  // namespace

void Limits::hook_new_coroutines(lua_State* L) {
    lua_getglobal(L, "coroutine");
    for (const auto& [name, fn] : {std::pair{"create", &hooked_create}, std::pair{"wrap", &hooked_wrap}}) {
        lua_getfield(L, -1, name);
        lua_pushcclosure(L, fn, 1);
        lua_setfield(L, -2, name);
    }
    lua_pop(L, 1);
}

}  // namespace quiver::lua
