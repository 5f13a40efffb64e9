#include "csv_converter.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "binary_file.hpp"
#include "coordinates.hpp"
#include "core/csv_format.hpp"
#include "core/error.hpp"
#include "staged_output.hpp"

namespace quiver::binary {

namespace {

struct Layout {
    bool aggregated = false;
    bool hourly = false;
    std::vector<std::string> columns;  // expected header
    size_t coordinate_columns = 0;     // leading columns that address the cell
};

Layout csv_layout(const BinaryMetadata& md, bool aggregated) {
    Layout layout;
    layout.aggregated = aggregated && md.number_of_time_dimensions() > 0;
    for (const auto& d : md.dimensions) layout.hourly = layout.hourly || (d.is_time() && d.time->frequency == Frequency::Hourly);
    if (layout.aggregated) layout.columns.emplace_back(layout.hourly ? "datetime" : "date");
    for (const auto& d : md.dimensions) {
        if (!layout.aggregated || !d.is_time()) layout.columns.push_back(d.name);
    }
    layout.coordinate_columns = layout.columns.size();
    for (const auto& label : md.labels) layout.columns.push_back(label);
    return layout;
}

// The coordinate fields of one cell's line.
void coordinate_texts(const BinaryMetadata& md, const Layout& layout, const int64_t* coords,
                      std::vector<std::string>& out) {
    out.clear();
    if (layout.aggregated) {
        std::string text = format_datetime(cell_datetime(md, coords));
        if (!layout.hourly) text.resize(10);
        out.push_back(std::move(text));
    }
    for (size_t i = 0; i < md.dimensions.size(); ++i) {
        if (!layout.aggregated || !md.dimensions[i].is_time()) out.push_back(std::to_string(coords[i]));
    }
}

std::vector<std::string> split_commas(const std::string& line) {
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
        const size_t comma = line.find(',', start);
        if (comma == std::string::npos) {
            fields.push_back(line.substr(start));
            return fields;
        }
        fields.push_back(line.substr(start, comma - start));
        start = comma + 1;
    }
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

// Lines split on '\n' only; past the end every line reads as empty.
class LineReader {
public:
    explicit LineReader(const std::string& path) : in_(path, std::ios::binary) {}
    std::string next() {
        std::string line;
        if (in_.is_open() && in_.good()) std::getline(in_, line);
        return line;
    }

private:
    std::ifstream in_;
};

// Buffered CSV text written under a temporary name and renamed into place when complete.
class CsvWriter {
public:
    explicit CsvWriter(std::string path) : path_(std::move(path)), partial_(path_ + ".partial") {
        file_ = std::fopen(partial_.c_str(), "wb");
        if (!file_) fail("Failed to write " + path_ + ": cannot create the file");
    }
    ~CsvWriter() {
        if (file_) std::fclose(file_);
        if (!committed_) std::remove(partial_.c_str());
    }
    std::string& buffer() { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() >= (1u << 20)) flush();
    }
    void commit() {
        flush();
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!closed || std::rename(partial_.c_str(), path_.c_str()) != 0) fail("Failed to write " + path_);
        committed_ = true;
    }

private:
    void flush() {
        if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
            fail("Failed to write " + path_);
        }
        buffer_.clear();
    }
    std::string path_;
    std::string partial_;
    std::FILE* file_ = nullptr;
    std::string buffer_;
    bool committed_ = false;
};

}  // namespace

void bin_to_csv(const std::string& base_path, bool aggregate_time) {
    BinaryFile reader(base_path);
    reader.open('r', nullptr);
    const BinaryMetadata& md = reader.metadata();
    const Layout layout = csv_layout(md, aggregate_time);
    CsvWriter csv(base_path + ".csv");
    std::string& out = csv.buffer();
    for (size_t i = 0; i < layout.columns.size(); ++i) {
        if (i > 0) out += ',';
        out += layout.columns[i];
    }
    out += '\n';
    std::vector<double> values(md.labels.size());
    std::vector<std::string> coordinates;
    char number[64];
    for (CellIterator it(md); !it.done(); it.next()) {
        reader.read_cells(it.coords().data(), 1, values.data());
        coordinate_texts(md, layout, it.coords().data(), coordinates);
        for (const auto& text : coordinates) {
            out += text;
            out += ',';
        }
        for (size_t k = 0; k < values.size(); ++k) {
            if (k > 0) out += ',';
            if (std::isnan(values[k])) {
                out += "null";
            } else {
                const int n = std::snprintf(number, sizeof number, "%.6g", values[k]);
                out.append(number, static_cast<size_t>(n));
            }
        }
        out += '\n';
        csv.maybe_flush();
    }
    csv.commit();
}

void csv_to_bin(const std::string& base_path) {
    BinaryMetadata md = metadata_from_toml_file(base_path);
    LineReader lines(base_path + ".csv");
    const std::string header = lines.next();
    const std::string first_field = header.substr(0, header.find(','));
    const bool aggregated = md.number_of_time_dimensions() > 0 && (first_field == "datetime" || first_field == "date");
    const Layout layout = csv_layout(md, aggregated);

    const std::vector<std::string> fields = split_commas(header);
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i >= layout.columns.size() || fields[i] != layout.columns[i]) {
            fail("Unexpected header in CSV file: '" + header + "'. Expected columns are: " + joined(layout.columns));
        }
    }
    if (fields.size() < layout.columns.size()) {
        fail("CSV header has " + std::to_string(fields.size()) + " columns, expected " +
             std::to_string(layout.columns.size()));
    }

    StagedOutput output(base_path, md);
    const BinaryMetadata& out_md = output.metadata();
    std::vector<std::string> expected;
    std::vector<double> values;
    for (CellIterator it(out_md); !it.done(); it.next()) {
        const std::vector<std::string> row = split_commas(lines.next());
        values.clear();
        for (size_t i = layout.coordinate_columns; i < row.size(); ++i) {
            double v = 0;
            if (row[i] == "null") {
                v = std::nan("");
            } else if (!csv::parse_leading_float(row[i], v)) {
                fail("stod");
            }
            values.push_back(v);
        }
        coordinate_texts(out_md, layout, it.coords().data(), expected);
        for (size_t i = 0; i < expected.size(); ++i) {
            const std::string given = i < row.size() ? row[i] : std::string();
            if (given != expected[i]) {
                fail("CSV dimension '" + layout.columns[i] + "' has value '" + given + "', expected '" + expected[i] + "'");
            }
        }
        if (values.size() != out_md.labels.size()) {
            fail("Data length " + std::to_string(values.size()) + " does not match expected length " +
                 std::to_string(out_md.labels.size()));
        }
        output.write_cells(it.coords().data(), 1, values.data());
    }
    output.commit();
}

}  // namespace quiver::binary
