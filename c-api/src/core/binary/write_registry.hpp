#pragma once
// The process-wide set of base paths open for writing: while one is in it, every other open of
// that path (read or write, by any handle) fails. Guarded by a mutex (handles may live on
// different threads).
#include <string>

namespace quiver::binary {

// std::filesystem::weakly_canonical of a base path (which itself usually does not exist): the
// existing leading part resolved, the rest appended and normalised. Falls back to a lexical
// normal form when the file system cannot be queried.
std::string canonical_base_path(const std::string& path);

// Throws "Cannot open_file: file is already open for writing: <canonical>" when it is registered.
void ensure_not_writing(const std::string& canonical);

// Holds one registration for its lifetime.
class WriteRegistration {
public:
    WriteRegistration() = default;
    ~WriteRegistration() { release(); }
    WriteRegistration(const WriteRegistration&) = delete;
    WriteRegistration& operator=(const WriteRegistration&) = delete;

    // Registers `canonical`; throws the message above when another writer holds it.
    void acquire(const std::string& canonical);
    void release() noexcept;
    bool held() const { return !path_.empty(); }

private:
    std::string path_;
};

}  // namespace quiver::binary
