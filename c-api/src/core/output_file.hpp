#pragma once
// A file that appears whole or not at all: the data goes to a temporary file beside the
// destination, which commit() flushes to disk and renames over it. A failed write (disk full,
// I/O error) or an abandoned file leaves the destination as it was and no temporary behind.
// A destination that exists and is not a regular file (/dev/stdout, a FIFO, /dev/full) cannot be
// replaced by a rename, so it is written in place; its write errors are still reported.
#include <cstdio>
#include <string>
#include <string_view>

namespace quiver {

class OutputFile {
public:
    // `op` prefixes the messages: "Failed to <op>: could not open file: <path>" and
    // "Failed to <op>: could not write file: <path>: <reason>". A symbolic link is followed: the
    // file it points to is replaced.
    OutputFile(const std::string& op, const std::string& path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::string_view data);
    void commit();

private:
    [[noreturn]] void write_failed(int error);
    void discard();

    std::string op_;
    std::string path_;         // as given, for messages
    std::string destination_;  // where the file ends up
    std::string temporary_;    // "" when writing in place
    std::FILE* file_ = nullptr;
};

}  // namespace quiver
