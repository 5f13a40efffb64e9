#include "binary_fixtures.hpp"

#include <filesystem>

#include "check.hpp"

namespace qt {

MetadataSpec simple_spec() { return {}; }

MetadataSpec time_spec() {
    MetadataSpec s;
    s.dimensions = {"stage", "block"};
    s.sizes = {4, 31};
    s.time_dimensions = {"stage", "block"};
    s.frequencies = {"monthly", "daily"};
    s.labels = {"plant_1", "plant_2"};
    return s;
}

MetadataSpec hourly_spec() {
    MetadataSpec s;
    s.dimensions = {"day", "hour"};
    s.sizes = {3, 24};
    s.time_dimensions = {"day", "hour"};
    s.frequencies = {"daily", "hourly"};
    s.labels = {"val"};
    return s;
}

namespace {

void set_strings(quiver_element_t* e, const char* name, const std::vector<std::string>& items) {
    std::vector<const char*> pointers;
    for (const auto& s : items) pointers.push_back(s.c_str());
    if (!items.empty()) quiver_element_set_array_string(e, name, pointers.data(), static_cast<int32_t>(pointers.size()), nullptr);
}

}  // namespace

quiver_element_t* spec_element(const MetadataSpec& spec) {
    quiver_element_t* e = nullptr;
    quiver_element_create(&e);
    quiver_element_set_string(e, "version", spec.version.c_str());
    quiver_element_set_string(e, "initial_datetime", spec.initial_datetime.c_str());
    quiver_element_set_string(e, "unit", spec.unit.c_str());
    set_strings(e, "dimensions", spec.dimensions);
    quiver_element_set_array_integer(e, "dimension_sizes", spec.sizes.data(), static_cast<int32_t>(spec.sizes.size()), nullptr);
    set_strings(e, "time_dimensions", spec.time_dimensions);
    set_strings(e, "frequencies", spec.frequencies);
    set_strings(e, "labels", spec.labels);
    return e;
}

quiver_binary_metadata_t* make_metadata(const MetadataSpec& spec) {
    quiver_element_t* e = spec_element(spec);
    quiver_binary_metadata_t* md = nullptr;
    if (quiver_binary_metadata_from_element(e, &md) != QUIVER_OK) {
        fail(__FILE__, __LINE__, "make_metadata: " + last_error());
        md = nullptr;
    }
    quiver_element_destroy(e);
    return md;
}

namespace {

// Cells in iteration-independent row-major order over the static sizes; the formula decides.
bool next_coords(std::vector<int64_t>& coords, const std::vector<int64_t>& sizes) {
    for (size_t i = coords.size(); i-- > 0;) {
        if (coords[i] < sizes[i]) {
            ++coords[i];
            return true;
        }
        coords[i] = 1;
    }
    return false;
}

}  // namespace

bool write_file(const std::string& path, const MetadataSpec& spec, const CellFormula& f) {
    quiver_binary_metadata_t* md = make_metadata(spec);
    if (!md) return false;
    quiver_binary_file_t* w = nullptr;
    bool ok = quiver_binary_file_open_file(path.c_str(), 'w', md, &w) == QUIVER_OK;
    quiver_binary_metadata_free(md);
    if (!ok) {
        fail(__FILE__, __LINE__, "write_file open: " + last_error());
        return false;
    }
    std::vector<const char*> names;
    for (const auto& d : spec.dimensions) names.push_back(d.c_str());
    std::vector<int64_t> coords(spec.dimensions.size(), 1);
    std::vector<double> data(spec.labels.size());
    const bool has_time = spec.time_dimensions.size() > 1;
    do {
        for (size_t k = 0; k < data.size(); ++k) data[k] = f(coords, k);
        quiver_error_t rc = quiver_binary_file_write(w, names.data(), coords.data(), names.size(), data.data(), data.size());
        // Calendar files: slots no date reaches are refused; they stay NULL.
        if (rc != QUIVER_OK && !has_time) {
            fail(__FILE__, __LINE__, "write_file write: " + last_error());
            ok = false;
            break;
        }
    } while (next_coords(coords, spec.sizes));
    quiver_binary_file_close(w);
    return ok;
}

bool fill(const std::string& path, const std::function<double(int64_t, int64_t, size_t)>& f, const std::string& unit) {
    MetadataSpec spec = simple_spec();
    spec.unit = unit;
    return write_file(path, spec, [&](const std::vector<int64_t>& c, size_t k) { return f(c[0], c[1], k); });
}

std::vector<double> read_cell(const std::string& path, const std::vector<std::string>& names,
                              const std::vector<int64_t>& values) {
    quiver_binary_file_t* r = nullptr;
    if (quiver_binary_file_open_file(path.c_str(), 'r', nullptr, &r) != QUIVER_OK) {
        fail(__FILE__, __LINE__, "read_cell open " + path + ": " + last_error());
        return {};
    }
    std::vector<const char*> pointers;
    for (const auto& n : names) pointers.push_back(n.c_str());
    double* data = nullptr;
    size_t count = 0;
    std::vector<double> out;
    if (quiver_binary_file_read(r, pointers.data(), values.data(), pointers.size(), 1, &data, &count) == QUIVER_OK) {
        out.assign(data, data + count);
        quiver_binary_file_free_float_array(data);
    } else {
        fail(__FILE__, __LINE__, "read_cell: " + last_error());
    }
    quiver_binary_file_close(r);
    return out;
}

std::vector<double> simple_cells(const std::string& path) {
    std::vector<double> out;
    for (int64_t r = 1; r <= 3; ++r) {
        for (int64_t c = 1; c <= 2; ++c) {
            auto cell = read_cell(path, {"row", "col"}, {r, c});
            out.insert(out.end(), cell.begin(), cell.end());
        }
    }
    return out;
}

std::string metadata_toml(quiver_binary_metadata_t* md) {
    char* text = nullptr;
    if (quiver_binary_metadata_to_toml(md, &text) != QUIVER_OK) return "<error: " + last_error() + ">";
    std::string out = text;
    quiver_binary_metadata_free_string(text);
    return out;
}

std::vector<std::string> metadata_labels(quiver_binary_metadata_t* md) {
    char** labels = nullptr;
    size_t count = 0;
    std::vector<std::string> out;
    if (quiver_binary_metadata_get_labels(md, &labels, &count) != QUIVER_OK) return out;
    for (size_t i = 0; i < count; ++i) out.emplace_back(labels[i]);
    quiver_binary_metadata_free_string_array(labels, count);
    return out;
}

std::string metadata_unit(quiver_binary_metadata_t* md) {
    char* unit = nullptr;
    if (quiver_binary_metadata_get_unit(md, &unit) != QUIVER_OK) return "<error>";
    std::string out = unit;
    quiver_binary_metadata_free_string(unit);
    return out;
}

bool file_exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

Dim dimension(quiver_binary_metadata_t* md, size_t i) {
    quiver_dimension_t d{};
    Dim out;
    if (quiver_binary_metadata_get_dimension(md, i, &d) != QUIVER_OK) return out;
    out = {d.name, d.size, d.is_time_dimension, static_cast<int>(d.time_properties.frequency),
           d.time_properties.initial_value, d.time_properties.parent_dimension_index};
    quiver_binary_metadata_free_dimension(&d);
    return out;
}

quiver_binary_metadata_t* fresh_metadata() {
    quiver_binary_metadata_t* md = nullptr;
    quiver_binary_metadata_create(&md);
    return md;
}

}  // namespace qt
