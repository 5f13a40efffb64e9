#include "write_registry.hpp"

#include <filesystem>
#include <mutex>
#include <set>

#include "core/error.hpp"

namespace quiver::binary {

namespace {

std::mutex registry_mutex;

std::set<std::string>& registry() {
    static std::set<std::string> paths;
    return paths;
}

[[noreturn]] void already_writing(const std::string& canonical) {
    fail("Cannot open_file: file is already open for writing: " + canonical);
}

}  // namespace

std::string canonical_base_path(const std::string& path) {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
    if (ec) return std::filesystem::path(path).lexically_normal().string();
    return canonical.string();
}

void ensure_not_writing(const std::string& canonical) {
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (registry().count(canonical)) already_writing(canonical);
}

void WriteRegistration::acquire(const std::string& canonical) {
    release();
    std::lock_guard<std::mutex> lock(registry_mutex);
    if (!registry().insert(canonical).second) already_writing(canonical);
    path_ = canonical;
}

void WriteRegistration::release() noexcept {
    if (path_.empty()) return;
    std::lock_guard<std::mutex> lock(registry_mutex);
    registry().erase(path_);
    path_.clear();
}

}  // namespace quiver::binary
