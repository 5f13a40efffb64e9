#pragma once
// The opaque quiver_database_t wraps the core Database; C-layer files reach it through here.
#include <memory>

#include "core/database.hpp"
#include "quiver/c/database.h"

struct quiver_database {
    std::unique_ptr<quiver::Database> db;
};

namespace quiver::c {

inline quiver::DatabaseOptions to_core_options(const quiver_database_options_t* options) {
    quiver::DatabaseOptions out;
    if (options) {
        out.read_only = options->read_only != 0;
        out.console_level = static_cast<int>(options->console_level);
    }
    return out;
}

}  // namespace quiver::c
