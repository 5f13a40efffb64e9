#include "data_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

#include "core/error.hpp"

namespace quiver::binary {

namespace {

constexpr size_t kBufferBytes = 1 << 20;

// The format is little-endian; on a big-endian host every value is swapped on its way through.
void to_file_order(char* bytes, size_t size) {
    if constexpr (std::endian::native == std::endian::big) {
        for (size_t i = 0; i + 8 <= size; i += 8) std::reverse(bytes + i, bytes + i + 8);
    } else {
        (void)bytes;
        (void)size;
    }
}

}  // namespace

DataFile::~DataFile() { close_quietly(); }

bool DataFile::open(const std::string& path, Mode mode) {
    close_quietly();
    const int flags = mode == Mode::Read ? O_RDONLY : (O_WRONLY | O_CREAT | O_TRUNC);
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0666);
    if (fd < 0) return false;
    fd_ = fd;
    mode_ = mode;
    path_ = path;
    buffer_.resize(kBufferBytes);
    buffer_start_ = 0;
    buffer_used_ = 0;
    return true;
}

void DataFile::close() {
    if (fd_ < 0) return;
    try {
        flush();
    } catch (...) {
        close_quietly();
        throw;
    }
    close_quietly();
}

void DataFile::close_quietly() noexcept {
    if (fd_ < 0) return;
    if (mode_ == Mode::Write && buffer_used_ > 0) {
        try {
            flush();
        } catch (...) {
        }
    }
    ::close(fd_);
    fd_ = -1;
    buffer_used_ = 0;
    std::vector<char>().swap(buffer_);
}

void DataFile::swap(DataFile& other) noexcept {
    std::swap(fd_, other.fd_);
    std::swap(mode_, other.mode_);
    path_.swap(other.path_);
    buffer_.swap(other.buffer_);
    std::swap(buffer_start_, other.buffer_start_);
    std::swap(buffer_used_, other.buffer_used_);
}

int64_t DataFile::size() const {
    struct stat st {};
    if (fd_ < 0 || ::fstat(fd_, &st) != 0) return -1;
    return static_cast<int64_t>(st.st_size);
}

void DataFile::io_error(const char* verb) const {
    fail(std::string("Failed to ") + verb + " " + path_ + ": " + std::strerror(errno));
}

void DataFile::read_direct(int64_t offset, char* out, size_t bytes) {
    while (bytes > 0) {
        const ssize_t n = ::pread(fd_, out, bytes, offset);
        if (n < 0) {
            if (errno == EINTR) continue;
            io_error("read");
        }
        if (n == 0) fail("File is truncated: " + path_ + " ends at byte " + std::to_string(offset));
        out += n;
        offset += n;
        bytes -= static_cast<size_t>(n);
    }
}

void DataFile::write_direct(int64_t offset, const char* data, size_t bytes) {
    while (bytes > 0) {
        const ssize_t n = ::pwrite(fd_, data, bytes, offset);
        if (n < 0) {
            if (errno == EINTR) continue;
            io_error("write");
        }
        data += n;
        offset += n;
        bytes -= static_cast<size_t>(n);
    }
}

void DataFile::read(int64_t index, double* out, size_t count) {
    const int64_t offset = index * 8;
    const size_t bytes = count * 8;
    char* dst = reinterpret_cast<char*>(out);
    if (offset >= buffer_start_ && offset + static_cast<int64_t>(bytes) <= buffer_start_ + static_cast<int64_t>(buffer_used_)) {
        std::memcpy(dst, buffer_.data() + (offset - buffer_start_), bytes);
    } else if (bytes >= buffer_.size() / 2) {
        read_direct(offset, dst, bytes);
    } else {
        // Refill the window from this offset; the tail of the file may be shorter than the window.
        size_t filled = 0;
        while (filled < buffer_.size()) {
            const ssize_t n = ::pread(fd_, buffer_.data() + filled, buffer_.size() - filled, offset + static_cast<int64_t>(filled));
            if (n < 0) {
                if (errno == EINTR) continue;
                buffer_used_ = 0;
                io_error("read");
            }
            if (n == 0) break;
            filled += static_cast<size_t>(n);
        }
        buffer_start_ = offset;
        buffer_used_ = filled;
        if (filled < bytes) fail("File is truncated: " + path_ + " ends at byte " + std::to_string(offset + filled));
        std::memcpy(dst, buffer_.data(), bytes);
    }
    to_file_order(dst, bytes);
}

void DataFile::write(int64_t index, const double* data, size_t count) {
    const int64_t offset = index * 8;
    const size_t bytes = count * 8;
    const char* src = reinterpret_cast<const char*>(data);
    const int64_t pending_end = buffer_start_ + static_cast<int64_t>(buffer_used_);
    if (buffer_used_ > 0 && offset >= buffer_start_ && offset + static_cast<int64_t>(bytes) <= pending_end) {
        std::memcpy(buffer_.data() + (offset - buffer_start_), src, bytes);  // overwrite pending bytes
    } else if (offset == pending_end && buffer_used_ + bytes <= buffer_.size()) {
        std::memcpy(buffer_.data() + buffer_used_, src, bytes);
        buffer_used_ += bytes;
    } else {
        flush();
        if (bytes >= buffer_.size() / 2) {
            if constexpr (std::endian::native == std::endian::big) {
                for (size_t done = 0; done < bytes; done += buffer_.size()) {
                    const size_t part = std::min(buffer_.size(), bytes - done);
                    std::memcpy(buffer_.data(), src + done, part);
                    to_file_order(buffer_.data(), part);
                    write_direct(offset + static_cast<int64_t>(done), buffer_.data(), part);
                }
            } else {
                write_direct(offset, src, bytes);
            }
            return;
        }
        buffer_start_ = offset;
        std::memcpy(buffer_.data(), src, bytes);
        buffer_used_ = bytes;
    }
    to_file_order(buffer_.data() + (offset - buffer_start_), bytes);
}

void DataFile::fill_nan(int64_t index, int64_t count) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const size_t chunk = buffer_.size() / 8 / 2;
    std::vector<double> block(std::min<int64_t>(count, static_cast<int64_t>(chunk)), nan);
    while (count > 0) {
        const auto part = static_cast<size_t>(std::min<int64_t>(count, static_cast<int64_t>(block.size())));
        write(index, block.data(), part);
        index += static_cast<int64_t>(part);
        count -= static_cast<int64_t>(part);
    }
}

void DataFile::flush() {
    if (mode_ != Mode::Write || buffer_used_ == 0 || fd_ < 0) return;
    const size_t bytes = buffer_used_;
    buffer_used_ = 0;
    write_direct(buffer_start_, buffer_.data(), bytes);
}

}  // namespace quiver::binary
