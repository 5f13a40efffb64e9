// libFuzzer target: schema loading. The input is a schema file given to from_schema; a schema
// that loads is then described and listed, as a binding would.
#include <algorithm>
#include <cctype>
#include <string>

#include "fuzz_support.hpp"

namespace {

// SQL that runs without end or allocates without bound is the author's problem, not a finding.
bool runs_away(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const char* word : {"recursive", "randomblob", "zeroblob", "printf", "format", "replace", "attach", "vacuum"}) {
        if (text.find(word) != std::string::npos) return true;
    }
    return false;
}

void drain(quiver_error_t rc, char* text) {
    if (rc == QUIVER_OK) quiver_database_free_string(text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size > 16384 || runs_away(data, size)) return -1;  // -1: not added to the corpus
    const std::string path = fuzz::write_file("schema.sql", data, size);
    const quiver_database_options_t options = fuzz::quiet();
    quiver_database_t* db = nullptr;
    if (quiver_database_from_schema(":memory:", path.c_str(), &options, &db) != QUIVER_OK) return 0;
    char* text = nullptr;
    drain(quiver_database_describe(db, &text), text);
    quiver_scalar_metadata_t* attributes = nullptr;
    size_t count = 0;
    for (const char* collection : {"Configuration", "Farm", "Plant", "Bus"}) {
        drain(quiver_database_describe_collection(db, collection, &text), text);
        drain(quiver_database_summarize_collection(db, collection, &text), text);
        if (quiver_database_list_scalar_attributes(db, collection, &attributes, &count) == QUIVER_OK) {
            quiver_database_free_scalar_metadata_array(attributes, count);
        }
        quiver_group_metadata_t* groups = nullptr;
        if (quiver_database_list_time_series_groups(db, collection, &groups, &count) == QUIVER_OK) {
            quiver_database_free_group_metadata_array(groups, count);
        }
    }
    quiver_database_close(db);
    return 0;
}
