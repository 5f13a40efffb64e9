// Sidecar parsing with toml++ (the parser Quiver itself uses, so syntax errors carry the same
// descriptions). Lenient like Quiver 0.10: a missing or non-array list reads as empty, items of
// the wrong type are skipped (integral floats count as integers), and a missing or non-string
// scalar fails with the text std::bad_optional_access gives on libstdc++.
#define TOML_HEADER_ONLY 1
#define TOML_ENABLE_FORMATTERS 0
#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "binary_metadata.hpp"
#include "core/error.hpp"

namespace quiver::binary {

namespace {

template <class T>
std::vector<T> read_list(const toml::table& table, std::string_view key) {
    std::vector<T> items;
    if (const toml::array* array = table[key].as_array()) {
        for (const toml::node& node : *array) {
            if (auto value = node.value<T>()) items.push_back(std::move(*value));
        }
    }
    return items;
}

std::string read_string(const toml::table& table, std::string_view key) {
    auto value = table[key].value<std::string>();
    if (!value) fail("bad optional access");
    return std::move(*value);
}

}  // namespace

BinaryMetadata metadata_from_toml(std::string_view text) {
    toml::table table;
    try {
        table = toml::parse(text);
    } catch (const toml::parse_error& e) {
        fail(std::string(e.description()));
    }
    MetadataFields f;
    f.dimensions = read_list<std::string>(table, "dimensions");
    f.dimension_sizes = read_list<int64_t>(table, "dimension_sizes");
    f.time_dimensions = read_list<std::string>(table, "time_dimensions");
    f.frequencies = read_list<std::string>(table, "frequencies");
    f.initial_datetime = read_string(table, "initial_datetime");
    f.unit = read_string(table, "unit");
    f.labels = read_list<std::string>(table, "labels");
    f.version = read_string(table, "version");
    return build_metadata(f);
}

BinaryMetadata metadata_from_toml_file(const std::string& base_path) {
    const std::string path = base_path + ".toml";
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) fail("Metadata file not found: " + path);
    std::ifstream in(path, std::ios::binary);
    if (!in) fail("Failed to read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return metadata_from_toml(text.str());
}

}  // namespace quiver::binary
