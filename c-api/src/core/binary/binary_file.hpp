#pragma once
// A binary file handle: a base path P (kept exactly as given), the metadata, and an open reader
// of P.qvr or writer of P.qvr (registered in the write registry while open).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "binary_metadata.hpp"
#include "coordinates.hpp"
#include "data_file.hpp"
#include "write_registry.hpp"

namespace quiver::binary {

class BinaryFile {
public:
    explicit BinaryFile(std::string path) : path_(std::move(path)) {}
    ~BinaryFile() { close_quietly(); }
    BinaryFile(const BinaryFile&) = delete;
    BinaryFile& operator=(const BinaryFile&) = delete;

    // 'r': P.qvr and P.toml must exist; the metadata comes from P.toml (`metadata` ignored).
    // 'w': `metadata` required and valid; P.toml written, P.qvr created full of NaN, registered.
    // Re-opening replaces the current stream.
    void open(char mode, const BinaryMetadata* metadata);
    // Flushes, releases the stream and the registration; no-op when not open.
    void close();
    void close_quietly() noexcept;
    bool is_open() const { return mode_ != Mode::None && !failed_; }
    bool is_reader() const { return mode_ == Mode::Read && !failed_; }

    // One cell's label values (label_count of them).
    void read(std::span<const AddressPair> address, bool allow_nulls, double* out);
    void write(std::span<const AddressPair> address, const double* data, size_t count);
    // All cells under a prefix of the dimensions (see quiver_binary_file_read_block).
    void read_block(std::span<const AddressPair> address, bool allow_nulls, double* out, size_t count);
    void write_block(std::span<const AddressPair> address, const double* data, size_t count);
    // Cells at explicit coordinates (dimension order), `cells` of them back to back; for
    // expression evaluation (no null check, time consistency checked).
    void read_cells(const int64_t* coords, size_t cells, double* out);

    const BinaryMetadata& metadata() const { return metadata_; }
    const std::string& path() const { return path_; }
    size_t label_count() const { return metadata_.labels.size(); }

private:
    enum class Mode { None, Read, Write };
    void ensure_open(Mode wanted) const;
    void check_nulls(std::span<const AddressPair> address, size_t prefix, const double* values, size_t count) const;
    int64_t block_length(size_t prefix) const;

    std::string path_;
    BinaryMetadata metadata_;
    Mode mode_ = Mode::None;
    bool failed_ = false;  // a 'w' open whose files could not be created reports at first use
    DataFile data_;
    WriteRegistration registration_;
    std::vector<int64_t> coords_;
};

}  // namespace quiver::binary
