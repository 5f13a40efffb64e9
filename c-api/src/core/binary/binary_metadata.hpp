#pragma once
// The metadata of a binary file: version, unit, initial datetime, labels (the innermost axis)
// and dimensions, some of which are time dimensions with a frequency.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "datetime.hpp"
#include "frequency.hpp"

namespace quiver {
class Element;
}

namespace quiver::binary {

struct TimeProperties {
    Frequency frequency = Frequency::Yearly;
    int64_t initial_value = 0;   // 1-based coordinate of initial_datetime inside its parent period
    int64_t parent_index = -1;   // index of the previous time dimension, -1 for the outermost
};

struct Dimension {
    std::string name;
    int64_t size = 0;
    std::optional<TimeProperties> time;
    bool is_time() const { return time.has_value(); }
};

struct BinaryMetadata {
    std::string version;
    std::string unit;
    Instant initial_datetime = 0;
    std::vector<std::string> labels;
    std::vector<Dimension> dimensions;

    int64_t number_of_time_dimensions() const;
    // Index of the dimension called `name`, -1 when there is none.
    int64_t dimension_index(std::string_view name) const;

    // Builders: no validation here (validate() runs later).
    void add_dimension(const std::string& name, int64_t size);
    // The frequency is parsed first; nothing is added when it is unknown. Initial value 0.
    void add_time_dimension(const std::string& name, int64_t size, const std::string& frequency);

    // The rules every file's metadata must satisfy; throws the first violation.
    void validate() const;

    // Cells (product of the dimension sizes) and values (cells x labels); throw when the product
    // does not fit the file offsets.
    int64_t cell_count() const;
    int64_t value_count() const;
};

// The fields of a sidecar or element before they are checked and assembled.
struct MetadataFields {
    std::vector<std::string> dimensions;
    std::vector<int64_t> dimension_sizes;
    std::vector<std::string> time_dimensions;
    std::vector<std::string> frequencies;
    std::string initial_datetime;
    std::string unit;
    std::vector<std::string> labels;
    std::string version;
};

// Checks the time-dimension names, parses the datetime, assembles the dimensions, computes the
// time dimensions' initial values from initial_datetime and validates.
BinaryMetadata build_metadata(const MetadataFields& fields);

BinaryMetadata metadata_from_toml(std::string_view text);            // metadata_toml_reader.cpp
BinaryMetadata metadata_from_element(const Element& element);        // metadata_from_element.cpp
std::string metadata_to_toml(const BinaryMetadata& metadata);        // metadata_toml_writer.cpp

// "<path>.toml" parsed; "Metadata file not found: <path>.toml" when it does not exist.
BinaryMetadata metadata_from_toml_file(const std::string& base_path);

}  // namespace quiver::binary
