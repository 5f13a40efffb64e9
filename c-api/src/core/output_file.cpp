#include "output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "error.hpp"

namespace fs = std::filesystem;

namespace quiver {

namespace {

std::atomic<unsigned> next_temporary{0};

}  // namespace

OutputFile::OutputFile(const std::string& op, const std::string& path) : op_(op), path_(path), destination_(path) {
    const std::string cannot_open = "Failed to " + op_ + ": could not open file: " + path_;
    std::error_code ec;
    if (fs::is_symlink(path, ec)) {
        destination_ = fs::weakly_canonical(path, ec).string();
        if (ec) fail(cannot_open);
    }
    if (destination_.empty()) fail(cannot_open);

    struct stat st {};
    bool exists = ::stat(destination_.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) fail(cannot_open);
    if (exists && !S_ISREG(st.st_mode)) {
        file_ = std::fopen(destination_.c_str(), "wb");
        if (!file_) fail(cannot_open);
        return;
    }

    // A hidden name in the destination's folder, so the rename stays on one file system.
    fs::path target(destination_);
    std::string hidden = ".";  // appended: `"." + std::string` trips GCC 12's false -Wrestrict
    hidden.append(target.filename().string());
    std::string prefix = (target.parent_path() / hidden).string();
    int fd = -1;
    for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
        temporary_ = prefix + "." + std::to_string(::getpid()) + "." + std::to_string(next_temporary++) + ".tmp";
        fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        temporary_.clear();
        fail(cannot_open);
    }
    // A replaced file keeps its permissions, as it did when it was truncated in place.
    if (exists) ::fchmod(fd, st.st_mode & 07777);
    file_ = ::fdopen(fd, "wb");
    if (!file_) {
        ::close(fd);
        discard();
        fail(cannot_open);
    }
}

OutputFile::~OutputFile() { discard(); }

void OutputFile::discard() {
    if (file_) std::fclose(file_);
    file_ = nullptr;
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
    temporary_.clear();
}

void OutputFile::write_failed(int error) {
    discard();
    fail("Failed to " + op_ + ": could not write file: " + path_ + ": " + std::strerror(error));
}

void OutputFile::write(std::string_view data) {
    if (data.empty()) return;
    if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) write_failed(errno);
}

void OutputFile::commit() {
    if (std::fflush(file_) != 0) write_failed(errno);
    // On disk before the rename: after a power loss the destination is the old file or the new
    // one, never an empty one.
    if (!temporary_.empty() && ::fsync(::fileno(file_)) != 0) write_failed(errno);
    std::FILE* file = file_;
    file_ = nullptr;
    if (std::fclose(file) != 0) write_failed(errno);
    if (temporary_.empty()) return;
    if (::rename(temporary_.c_str(), destination_.c_str()) != 0) write_failed(errno);
    temporary_.clear();
}

}  // namespace quiver
