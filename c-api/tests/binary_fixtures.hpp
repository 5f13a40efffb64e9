#pragma once
// Fixtures of the binary-file tests: the SIMPLE / TIME / HOURLY metadata, files filled by a
// formula, and reading cells back.
#include <functional>
#include <string>
#include <vector>

#include "quiver/c/binary/binary_file.h"
#include "quiver/c/binary/binary_metadata.h"
#include "quiver/c/element.h"

namespace qt {

// An element holding metadata entries; arrays of strings/integers, scalars of strings.
struct MetadataSpec {
    std::string version = "1";
    std::string initial_datetime = "2025-01-01T00:00:00";
    std::string unit = "MW";
    std::vector<std::string> dimensions = {"row", "col"};
    std::vector<int64_t> sizes = {3, 2};
    std::vector<std::string> time_dimensions;
    std::vector<std::string> frequencies;
    std::vector<std::string> labels = {"val1", "val2"};
};

MetadataSpec simple_spec();
MetadataSpec time_spec();    // stage 4 monthly x block 31 daily, labels plant_1/plant_2
MetadataSpec hourly_spec();  // day 3 daily x hour 24 hourly, label val

quiver_element_t* spec_element(const MetadataSpec& spec);
// Metadata built from a MetadataSpec (NULL and a test failure when it is rejected).
quiver_binary_metadata_t* make_metadata(const MetadataSpec& spec);

// Writes a file at `path` with every cell's value k (0-based label) = f(coords, k).
using CellFormula = std::function<double(const std::vector<int64_t>& coords, size_t k)>;
bool write_file(const std::string& path, const MetadataSpec& spec, const CellFormula& f);
// SIMPLE file: f(r, c, k).
bool fill(const std::string& path, const std::function<double(int64_t, int64_t, size_t)>& f,
          const std::string& unit = "MW");

// The label values at one cell (allow_nulls); empty on failure.
std::vector<double> read_cell(const std::string& path, const std::vector<std::string>& names,
                              const std::vector<int64_t>& values);
// Every SIMPLE cell in order (1,1,k0),(1,1,k1),(1,2,k0),...
std::vector<double> simple_cells(const std::string& path);

std::string metadata_toml(quiver_binary_metadata_t* md);
std::vector<std::string> metadata_labels(quiver_binary_metadata_t* md);
std::string metadata_unit(quiver_binary_metadata_t* md);
bool file_exists(const std::string& path);

// One dimension as get_dimension reports it (defaults -1/-99 when the call fails).
struct Dim {
    std::string name;
    int64_t size = -1;
    int is_time = -1;
    int frequency = -1;
    int64_t initial_value = -99;
    int64_t parent = -99;
};
Dim dimension(quiver_binary_metadata_t* md, size_t i);
// A new, empty metadata handle.
quiver_binary_metadata_t* fresh_metadata();

}  // namespace qt
