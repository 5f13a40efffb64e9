#pragma once
// Shared by the libFuzzer targets: a scratch directory per process (the library reads schemas and
// CSV files from paths), and quiet database options.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "quiver/c/database.h"
#include "quiver/c/options.h"

namespace fuzz {

inline const std::string& scratch_dir() {
    static const std::string dir = [] {
        char pattern[] = "/tmp/quiver-fuzz-XXXXXX";
        if (!mkdtemp(pattern)) std::abort();
        return std::string(pattern);
    }();
    return dir;
}

inline std::string write_file(const char* name, const uint8_t* data, size_t size) {
    const std::string path = scratch_dir() + "/" + name;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

inline quiver_database_options_t quiet() {
    quiver_database_options_t options = quiver_database_options_default();
    options.console_level = QUIVER_LOG_OFF;
    return options;
}

// The farm schema of the C tests, in memory; aborts when it cannot be built (not a finding).
inline quiver_database_t* farm_database() {
    const quiver_database_options_t options = quiet();
    quiver_database_t* db = nullptr;
    if (quiver_database_from_schema(":memory:", QUIVER_FUZZ_FARM_SCHEMA, &options, &db) != QUIVER_OK) {
        std::fprintf(stderr, "cannot open the farm schema: %s\n", quiver_get_last_error());
        std::abort();
    }
    return db;
}

}  // namespace fuzz
