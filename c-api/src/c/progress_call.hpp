#pragma once
// The quiver_progress_t handle and the wrapper every *_with_progress function runs its plain
// counterpart through (database_progress.cpp, lua_runner.cpp).
#include <algorithm>
#include <string>

#include "core/progress.hpp"
#include "quiver/c/extensions.h"
#include "support.hpp"

struct quiver_progress {
    quiver::progress::Task task;
    std::string error;  // message of the latest failed call; written by the calling thread before it returns
};

namespace quiver::c {

// Runs `call` (which returns a quiver_error_t) with `progress` bound to this thread. A NULL progress
// runs it as is. `prefix` starts the message of a cancelled call ("Cannot import_csv").
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
    quiver_error_t rc = QUIVER_ERROR;
    {
        quiver::progress::Scope scope(&task);
        if (task.cancelled.load()) {
            set_last_error(std::string(prefix) + ": " + quiver::progress::kCancelled);
        } else {
            rc = call();
        }
    }
    if (rc != QUIVER_OK) {
        // Whatever stopped a cancelled call (the check itself, or an error it caused), it was the cancel.
        const std::string cancelled = std::string(prefix) + ": " + quiver::progress::kCancelled;
        if (task.cancelled.load() && !std::string(last_error_text()).starts_with(cancelled)) set_last_error(cancelled);
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
