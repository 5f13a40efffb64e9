#include "binary_staged_output.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "binary_coordinates.hpp"
#include "error.hpp"

namespace quiver::binary {

StagedOutput::StagedOutput(std::string base_path, BinaryMetadata metadata)
    : base_path_(std::move(base_path)), metadata_(std::move(metadata)) {
    registration_.acquire(canonical_base_path(base_path_));
    const std::string toml = metadata_to_toml(metadata_);
    total_values_ = metadata_.value_count();
    check_time_ = metadata_.number_of_time_dimensions() > 1;
    qvr_partial_ = base_path_ + ".qvr.partial";
    toml_partial_ = base_path_ + ".toml.partial";
    {
        std::ofstream out(toml_partial_, std::ios::binary | std::ios::trunc);
        out << toml;
        if (!out.good()) {
            out.close();
            discard();
            fail("File is not open: " + base_path_);
        }
    }
    if (!data_.open(qvr_partial_, DataFile::Mode::Write)) {
        discard();
        fail("File is not open: " + base_path_);
    }
}

StagedOutput::~StagedOutput() {
    if (!committed_) discard();
}

void StagedOutput::discard() noexcept {
    data_.close_quietly();
    std::error_code ec;
    std::filesystem::remove(qvr_partial_, ec);
    std::filesystem::remove(toml_partial_, ec);
    registration_.release();
}

void StagedOutput::write_cells(const int64_t* coords, size_t cells, const double* values) {
    const size_t dims = metadata_.dimensions.size();
    const auto labels = static_cast<int64_t>(metadata_.labels.size());
    size_t c = 0;
    while (c < cells) {
        // One write per run of cells that lie back to back in the file.
        const int64_t first_cell = cell_index(metadata_, coords + c * dims);
        if (check_time_) check_time_consistency(metadata_, coords + c * dims);
        size_t run = 1;
        while (c + run < cells && cell_index(metadata_, coords + (c + run) * dims) == first_cell + static_cast<int64_t>(run)) {
            if (check_time_) check_time_consistency(metadata_, coords + (c + run) * dims);
            ++run;
        }
        const int64_t first = first_cell * labels;
        const int64_t count = static_cast<int64_t>(run) * labels;
        if (first > next_value_) data_.fill_nan(next_value_, first - next_value_);
        data_.write(first, values + c * static_cast<size_t>(labels), static_cast<size_t>(count));
        if (first + count > next_value_) next_value_ = first + count;
        c += run;
    }
}

void StagedOutput::commit() {
    if (next_value_ < total_values_) data_.fill_nan(next_value_, total_values_ - next_value_);
    next_value_ = total_values_;
    data_.close();
    std::error_code ec;
    std::filesystem::rename(qvr_partial_, base_path_ + ".qvr", ec);
    if (!ec) std::filesystem::rename(toml_partial_, base_path_ + ".toml", ec);
    if (ec) {
        discard();
        fail("Failed to write " + base_path_ + ": " + ec.message());
    }
    committed_ = true;
    registration_.release();
}

}  // namespace quiver::binary
