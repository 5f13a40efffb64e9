#pragma once
// The quiver_progress_t handle and the wrapper every *_with_progress function runs its plain
// counterpart through (database_progress.cpp, lua_runner.cpp).
#include <algorithm>
#include <string>
#include <system_error>
#include <thread>

#include "core/progress.hpp"
#include "quiver/c/extensions.h"
#include "support.hpp"

struct quiver_progress {
    quiver::progress::Task task;
    std::string error;  // message of the latest failed call; written by the calling thread before it returns
};

namespace quiver::c {

// Runs `body` on a thread of its own and waits for it. The callers of the *_with_progress functions
// are typically a binding's worker pool (koffi runs async calls on a 128 KiB stack of its own),
// while Lua and SQLite need the room of a normal thread stack (8 MiB by default on Linux). The
// failure message set there becomes the calling thread's last error. Without a thread to spare,
// the body runs here.
template <class F>
quiver_error_t on_own_thread(F&& body) {
    quiver_error_t rc = QUIVER_ERROR;
    std::string error;
    try {
        std::thread worker([&] {
            rc = body();
            if (rc != QUIVER_OK) {
                try {
                    error = last_error_text();
                } catch (...) {
                    error.clear();
                }
            }
        });
        worker.join();
    } catch (const std::system_error&) {
        return body();
    }
    if (rc != QUIVER_OK) set_last_error(error.empty() ? std::string("Memory allocation failed") : error);
    return rc;
}

// Runs `call` (which returns a quiver_error_t) with `progress` bound, on a thread of its own. A NULL
// progress runs it as is. `prefix` starts the message of a cancelled call ("Cannot import_csv").
template <class F>
quiver_error_t with_progress(quiver_progress_t* progress, const char* prefix, F&& call) {
    if (progress == nullptr) return call();
    quiver::progress::Task& task = progress->task;
    if (task.running.exchange(true)) {
        set_last_error(std::string(prefix) + ": the quiver_progress_t is in use by another call");
        return QUIVER_ERROR;
    }
    progress->error.clear();
    task.done.store(0);
    task.total.store(0);
    const quiver_error_t rc = on_own_thread([&] {
        quiver::progress::Scope scope(&task);
        const std::string cancelled = std::string(prefix) + ": " + quiver::progress::kCancelled;
        if (task.cancelled.load()) {
            set_last_error(cancelled);
            return QUIVER_ERROR;
        }
        const quiver_error_t result = call();
        // Whatever stopped a cancelled call (the check itself, or an error it caused), it was the cancel.
        if (result != QUIVER_OK && task.cancelled.load() && !std::string(last_error_text()).starts_with(cancelled)) {
            set_last_error(cancelled);
        }
        return result;
    });
    if (rc != QUIVER_OK) {
        try {
            progress->error = last_error_text();
        } catch (...) {
            progress->error.clear();  // out of memory: the thread's last error still has the text
        }
    } else {
        const int64_t total = std::max(task.total.load(), task.done.load());
        task.total.store(total);
        task.done.store(total);
    }
    task.running.store(false);
    return rc;
}

}  // namespace quiver::c
