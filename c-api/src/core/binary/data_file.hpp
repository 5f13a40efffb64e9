#pragma once
// The .qvr data file: little-endian doubles at byte offsets, through a read window (readers) or a
// write-behind buffer (writers), so that the cell-by-cell access of the binary-file API costs a
// memcpy per cell and one system call per megabyte, not one per cell.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace quiver::binary {

class DataFile {
public:
    enum class Mode { Read, Write };

    DataFile() = default;
    ~DataFile();
    DataFile(const DataFile&) = delete;
    DataFile& operator=(const DataFile&) = delete;

    // Opens `path` (Write: created or truncated). Returns false when the file cannot be opened;
    // errno tells why.
    bool open(const std::string& path, Mode mode);
    bool is_open() const { return fd_ >= 0; }
    // Flushes pending writes and closes; throws when the flush fails (the file is closed anyway).
    void close();
    // Closes without reporting errors (destructors, error paths).
    void close_quietly() noexcept;

    void swap(DataFile& other) noexcept;

    // File size in bytes (readers), from fstat.
    int64_t size() const;

    // `count` doubles at value index `index` (byte offset index * 8).
    void read(int64_t index, double* out, size_t count);
    void write(int64_t index, const double* data, size_t count);
    // `count` quiet NaNs (0x7FF8000000000000) starting at `index`.
    void fill_nan(int64_t index, int64_t count);
    void flush();

    const std::string& path() const { return path_; }

private:
    void read_direct(int64_t byte_offset, char* out, size_t bytes);
    void write_direct(int64_t byte_offset, const char* data, size_t bytes);
    [[noreturn]] void io_error(const char* verb) const;

    int fd_ = -1;
    Mode mode_ = Mode::Read;
    std::string path_;
    std::vector<char> buffer_;
    int64_t buffer_start_ = 0;  // byte offset of buffer_[0]
    size_t buffer_used_ = 0;    // readers: bytes valid in the window; writers: bytes pending
};

}  // namespace quiver::binary
