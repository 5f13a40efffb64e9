#include "binary_file.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace quiver::binary {

namespace {

bool file_exists(const std::string& path) {
    std::error_code ec;
    return std::filesystem::exists(path, ec);
}

}  // namespace

void BinaryFile::open(char mode, const BinaryMetadata* metadata) {
    const std::string canonical = canonical_base_path(path_);
    ensure_not_writing(canonical);
    switch (mode) {
    case 'r': {
        if (!file_exists(path_ + ".qvr") || !file_exists(path_ + ".toml")) fail("File not found: " + path_);
        BinaryMetadata parsed = metadata_from_toml_file(path_);
        const int64_t expected = parsed.value_count() * 8;
        DataFile reader;
        if (!reader.open(path_ + ".qvr", DataFile::Mode::Read)) fail("File not found: " + path_);
        const int64_t size = reader.size();
        if (size < expected) {
            fail("File is truncated: " + path_ + ".qvr has " + std::to_string(size) + " bytes, expected " +
                 std::to_string(expected));
        }
        close_quietly();
        metadata_ = std::move(parsed);
        data_.swap(reader);
        mode_ = Mode::Read;
        failed_ = false;
        coords_.assign(metadata_.dimensions.size(), 0);
        return;
    }
    case 'w': {
        if (!metadata) fail("Metadata must be provided when opening a file in write mode.");
        // Validate (and size) before touching anything, so a rejected metadata leaves an existing
        // file intact.
        const std::string toml = metadata_to_toml(*metadata);
        const int64_t values = metadata->value_count();
        close_quietly();
        registration_.acquire(canonical);
        metadata_ = *metadata;
        mode_ = Mode::Write;
        coords_.assign(metadata_.dimensions.size(), 0);
        {
            std::ofstream out(path_ + ".toml", std::ios::binary | std::ios::trunc);
            out << toml;
            failed_ = !out.good();
        }
        // A missing directory is reported at the first read or write, as Quiver does.
        if (!failed_ && !data_.open(path_ + ".qvr", DataFile::Mode::Write)) failed_ = true;
        if (failed_) return;
        try {
            data_.fill_nan(0, values);
            data_.flush();
        } catch (...) {
            close_quietly();
            throw;
        }
        return;
    }
    default:
        fail(std::string("Invalid file mode: ") + mode + ". Use 'r' for read or 'w' for write.");
    }
}

void BinaryFile::close() {
    if (mode_ == Mode::None) return;
    try {
        data_.close();
    } catch (...) {
        close_quietly();
        throw;
    }
    close_quietly();
}

void BinaryFile::close_quietly() noexcept {
    data_.close_quietly();
    registration_.release();
    mode_ = Mode::None;
    failed_ = false;
}

void BinaryFile::ensure_open(Mode wanted) const {
    // Reading through a writer (or writing through a reader) is refused like a closed stream.
    if (mode_ != wanted || failed_ || !data_.is_open()) fail("File is not open: " + path_);
}

void BinaryFile::check_nulls(std::span<const AddressPair> address, size_t prefix, const double* values,
                             size_t count) const {
    for (size_t i = 0; i < count; ++i) {
        if (!std::isnan(values[i])) continue;
        // The pairs in dimension order (Quiver lists them in hash-map order).
        std::string pairs;
        for (size_t d = 0; d < prefix; ++d) {
            if (!pairs.empty()) pairs += ", ";
            pairs += metadata_.dimensions[d].name + "=" + std::to_string(coords_[d]);
        }
        (void)address;
        fail("Cannot read: data at {" + pairs + "} contains null values");
    }
}

void BinaryFile::read(std::span<const AddressPair> address, bool allow_nulls, double* out) {
    ensure_open(Mode::Read);
    resolve_address(metadata_, address, coords_.data());
    const size_t labels = label_count();
    data_.read(cell_index(metadata_, coords_.data()) * static_cast<int64_t>(labels), out, labels);
    if (!allow_nulls) check_nulls(address, metadata_.dimensions.size(), out, labels);
}

void BinaryFile::write(std::span<const AddressPair> address, const double* data, size_t count) {
    ensure_open(Mode::Write);
    resolve_address(metadata_, address, coords_.data());
    const size_t labels = label_count();
    if (count != labels) {
        fail("Data length " + std::to_string(count) + " does not match expected length " + std::to_string(labels));
    }
    data_.write(cell_index(metadata_, coords_.data()) * static_cast<int64_t>(labels), data, labels);
}

int64_t BinaryFile::block_length(size_t prefix) const {
    int64_t length = static_cast<int64_t>(label_count());
    for (size_t d = prefix; d < metadata_.dimensions.size(); ++d) length *= metadata_.dimensions[d].size;
    return length;
}

void BinaryFile::read_block(std::span<const AddressPair> address, bool allow_nulls, double* out, size_t count) {
    ensure_open(Mode::Read);
    const size_t prefix = resolve_prefix(metadata_, address, coords_.data());
    const int64_t length = block_length(prefix);
    if (static_cast<int64_t>(count) != length) {
        fail("Data length " + std::to_string(count) + " does not match expected length " + std::to_string(length));
    }
    for (size_t d = prefix; d < coords_.size(); ++d) coords_[d] = 1;
    data_.read(cell_index(metadata_, coords_.data()) * static_cast<int64_t>(label_count()), out, count);
    if (!allow_nulls) check_nulls(address, prefix, out, count);
}

void BinaryFile::write_block(std::span<const AddressPair> address, const double* data, size_t count) {
    ensure_open(Mode::Write);
    const size_t prefix = resolve_prefix(metadata_, address, coords_.data());
    const int64_t length = block_length(prefix);
    if (static_cast<int64_t>(count) != length) {
        fail("Data length " + std::to_string(count) + " does not match expected length " + std::to_string(length));
    }
    for (size_t d = prefix; d < coords_.size(); ++d) coords_[d] = 1;
    data_.write(cell_index(metadata_, coords_.data()) * static_cast<int64_t>(label_count()), data, count);
}

void BinaryFile::read_cells(const int64_t* coords, size_t cells, double* out) {
    ensure_open(Mode::Read);
    const size_t dims = metadata_.dimensions.size();
    const auto labels = static_cast<int64_t>(label_count());
    const bool check_time = metadata_.number_of_time_dimensions() > 1;
    size_t c = 0;
    while (c < cells) {
        // One read per run of cells that lie back to back in the file.
        const int64_t first = cell_index(metadata_, coords + c * dims);
        if (check_time) check_time_consistency(metadata_, coords + c * dims);
        size_t run = 1;
        while (c + run < cells) {
            const int64_t* next = coords + (c + run) * dims;
            if (cell_index(metadata_, next) != first + static_cast<int64_t>(run)) break;
            if (check_time) check_time_consistency(metadata_, next);
            ++run;
        }
        data_.read(first * labels, out + c * static_cast<size_t>(labels), run * static_cast<size_t>(labels));
        c += run;
    }
}

}  // namespace quiver::binary
