// libFuzzer target: CSV import. Byte 0 picks the target (collection and group, bits 0-2) and
// whether date-format and enum-label options are given (bit 3); the rest is the CSV file. Every
// input starts from the same rows of one farm database (reset after each import: import_csv
// refuses to run inside a transaction, so a dry run cannot undo it); a successful import is
// exported again.
#include <string>

#include "fuzz_support.hpp"

namespace {

struct Target {
    const char* collection;
    const char* group;
};

constexpr Target kTargets[] = {
    {"Configuration", ""}, {"Farm", ""}, {"Farm", "yields"}, {"Farm", "crops"},
    {"Farm", "weather"},   {"Barn", ""}, {"Barn", "neighbors"}, {"Barn", "links"},
};

// Back to the rows the imports can refer to and replace (group rows cascade away).
void reset(quiver_database_t* db) {
    for (const char* sql : {"DELETE FROM Barn", "DELETE FROM Farm", "DELETE FROM Configuration",
                            "DELETE FROM sqlite_sequence",
                            "INSERT INTO Configuration (id, label) VALUES (1, 'cfg')",
                            "INSERT INTO Farm (label, area) VALUES ('F1', 1.5), ('F2', NULL)",
                            "INSERT INTO Barn (label, farm_id) VALUES ('B1', 1)"}) {
        int64_t ignored = 0;
        int has = 0;
        if (quiver_database_query_integer(db, sql, &ignored, &has) != QUIVER_OK) __builtin_trap();
    }
}

quiver_database_t* database() {
    static quiver_database_t* db = [] {
        quiver_database_t* d = fuzz::farm_database();
        reset(d);
        return d;
    }();
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0 || size > 65536) return -1;
    const Target& target = kTargets[data[0] & 7];
    const std::string path = fuzz::write_file("in.csv", data + 1, size - 1);

    quiver_csv_options_t options = quiver_csv_options_default();
    const char* attributes[] = {"organic"};
    const char* locales[] = {"en"};
    const size_t counts[] = {2};
    const char* labels[] = {"Yes", "No"};
    const int64_t values[] = {1, 0};
    if (data[0] & 8) {
        options.date_time_format = "%d/%m/%Y";
        options.enum_attribute_names = attributes;
        options.enum_locale_names = locales;
        options.enum_entry_counts = counts;
        options.enum_labels = labels;
        options.enum_values = values;
        options.enum_group_count = 1;
    }

    quiver_database_t* db = database();
    if (quiver_database_import_csv(db, target.collection, target.group, path.c_str(), &options) == QUIVER_OK) {
        const std::string out = fuzz::scratch_dir() + "/out.csv";
        quiver_database_export_csv(db, target.collection, target.group, out.c_str(), &options);
    }
    // Succeeded or not, an import leaves no transaction open.
    int active = 1;
    quiver_database_in_transaction(db, &active);
    if (active) __builtin_trap();
    reset(db);
    return 0;
}
