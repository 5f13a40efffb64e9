#include "staged_output.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "coordinates.hpp"
#include "core/error.hpp"

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
    for (size_t c = 0; c < cells; ++c) {
        const int64_t* cell = coords + c * dims;
        if (check_time_) check_time_consistency(metadata_, cell);
        const int64_t first = cell_index(metadata_, cell) * labels;
        if (first > next_value_) data_.fill_nan(next_value_, first - next_value_);
        data_.write(first, values + c * static_cast<size_t>(labels), static_cast<size_t>(labels));
        if (first + labels > next_value_) next_value_ = first + labels;
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
