// CSV export/import: NULL checks, then quiver_csv_options_t -> core CsvOptions.
#include <string>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "database_handle.hpp"
#include "quiver/c/options.h"
#include "support.hpp"

using quiver::c::guarded;

namespace {

// Group i owns the next enum_entry_counts[i] entries of enum_labels / enum_values. Upstream
// dereferences these arrays unchecked; a NULL one is reported here instead (our wording).
quiver::CsvOptions convert_options(const quiver_csv_options_t* options) {
    quiver::CsvOptions out;
    if (!options) return out;
    if (options->date_time_format) out.date_time_format = options->date_time_format;
    if (options->enum_group_count == 0) return out;
    auto require = [](const void* p, const char* name) {
        if (!p) quiver::fail(std::string("Null argument: options->") + name);
    };
    require(options->enum_attribute_names, "enum_attribute_names");
    require(options->enum_locale_names, "enum_locale_names");
    require(options->enum_entry_counts, "enum_entry_counts");
    size_t offset = 0;
    for (size_t g = 0; g < options->enum_group_count; ++g) {
        const char* attribute = options->enum_attribute_names[g];
        const char* locale = options->enum_locale_names[g];
        require(attribute, "enum_attribute_names[]");
        require(locale, "enum_locale_names[]");
        size_t count = options->enum_entry_counts[g];
        if (count > 0) {
            require(options->enum_labels, "enum_labels");
            require(options->enum_values, "enum_values");
        }
        for (size_t j = 0; j < count; ++j) {
            const char* label = options->enum_labels[offset + j];
            require(label, "enum_labels[]");
            out.add_enum_label(attribute, locale, label, options->enum_values[offset + j]);
        }
        offset += count;
    }
    return out;
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_export_csv(quiver_database_t* db, const char* collection, const char* group,
                                          const char* path, const quiver_csv_options_t* options) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE(path);
    return guarded([&] { quiver::export_csv(*db->db, collection, group, path, convert_options(options)); });
}

quiver_error_t quiver_database_import_csv(quiver_database_t* db, const char* collection, const char* group,
                                          const char* path, const quiver_csv_options_t* options) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE(path);
    return guarded([&] { quiver::import_csv(*db->db, collection, group, path, convert_options(options)); });
}

}  // extern "C"
