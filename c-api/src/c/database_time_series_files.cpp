// Time-series files. quiver_database_free_time_series_files lives with the other
// release functions in database_free.cpp.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time_series_files.hpp"
#include "database_handle.hpp"
#include "support.hpp"

using quiver::c::alloc_array;
using quiver::c::copy_string;
using quiver::c::guarded;

namespace {

// NULL entries stay NULL; a failed allocation frees what was built.
char** export_strings(const std::vector<const std::string*>& items) {
    char** out = alloc_array<char*>(items.size());
    try {
        for (size_t i = 0; i < items.size(); ++i) {
            if (items[i]) out[i] = copy_string(*items[i]);
        }
    } catch (...) {
        quiver_database_free_string_array(out, items.size());
        throw;
    }
    return out;
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_has_time_series_files(quiver_database_t* db, const char* collection, int* out_result) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_result);
    return guarded([&] { *out_result = quiver::has_time_series_files(*db->db, collection) ? 1 : 0; });
}

quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t* db, const char* collection,
                                                              char*** out_columns, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        auto names = quiver::list_time_series_files_columns(*db->db, collection);
        std::vector<const std::string*> items;
        for (const auto& name : names) items.push_back(&name);
        *out_columns = export_strings(items);
        *out_count = items.size();
    });
}

quiver_error_t quiver_database_read_time_series_files(quiver_database_t* db, const char* collection,
                                                      char*** out_columns, char*** out_paths, size_t* out_count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_columns);
    QUIVER_REQUIRE(out_paths);
    QUIVER_REQUIRE(out_count);
    return guarded([&] {
        auto pairs = quiver::read_time_series_files(*db->db, collection);
        std::vector<const std::string*> names;
        std::vector<const std::string*> paths;
        for (const auto& [name, path] : pairs) {
            names.push_back(&name);
            paths.push_back(path ? &*path : nullptr);
        }
        char** columns = export_strings(names);
        char** values = nullptr;
        try {
            values = export_strings(paths);
        } catch (...) {
            quiver_database_free_string_array(columns, names.size());
            throw;
        }
        *out_columns = columns;
        *out_paths = values;
        *out_count = pairs.size();
    });
}

quiver_error_t quiver_database_update_time_series_files(quiver_database_t* db, const char* collection,
                                                        const char* const* columns, const char* const* paths,
                                                        size_t count) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    if (count > 0) {
        QUIVER_REQUIRE(columns);
        QUIVER_REQUIRE(paths);
    }
    return guarded([&] {
        quiver::FilePaths pairs;
        for (size_t i = 0; i < count; ++i) {
            if (columns[i] == nullptr) quiver::fail("Null argument: columns[" + std::to_string(i) + "]");
            pairs.emplace_back(columns[i], paths[i] ? std::optional<std::string>(paths[i]) : std::nullopt);
        }
        quiver::update_time_series_files(*db->db, collection, pairs);
    });
}

}  // extern "C"
