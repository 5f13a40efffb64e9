#include "lua_sandbox_path.hpp"

#include <filesystem>
#include <system_error>

#include "core/database.hpp"
#include "core/error.hpp"

namespace quiver::lua {

namespace fs = std::filesystem;

namespace {

// The real path of `path` (absolute): symbolic links resolved like the OS will when the file is
// opened. Parts that do not exist yet are taken from the nearest existing ancestor's real path.
fs::path real_path(const std::string& op, const std::string& given, const fs::path& path) {
    std::error_code ec;
    fs::path existing = path;
    fs::path missing;
    // symlink_status: a link whose target is missing still exists here (and then fails below).
    while (!fs::exists(fs::symlink_status(existing, ec)) && existing.has_relative_path()) {
        missing = missing.empty() ? existing.filename() : existing.filename() / missing;
        existing = existing.parent_path();
    }
    const fs::path real = fs::canonical(existing, ec);
    if (ec) {
        fail("Cannot " + op + ": path '" + given + "' cannot be resolved (" +
             (fs::is_symlink(fs::symlink_status(existing, ec)) ? std::string("broken symbolic link") : ec.message()) + ")");
    }
    if (missing.empty()) return real;
    // ".." after a part that does not exist would be resolved by the OS only if it existed.
    const fs::path rest = missing.lexically_normal();
    if (!rest.empty() && *rest.begin() == "..") return real.parent_path();  // outside by construction
    return (real / rest).lexically_normal();
}

}  // namespace

std::string sandboxed_path(const Database& db, const std::string& op, const std::string& path) {
    if (db.path() == ":memory:") fail("Cannot " + op + ": database is in-memory, file operations are unavailable");

    // The same root as the database's log file: the file's directory, or the current directory.
    std::error_code ec;
    fs::path root = fs::path(db.path()).parent_path();
    if (root.empty()) root = fs::current_path();
    root = fs::weakly_canonical(root, ec);
    if (ec) fail("Cannot " + op + ": the database directory cannot be resolved (" + ec.message() + ")");

    fs::path candidate(path);
    if (candidate.is_relative()) candidate = root / candidate;
    const fs::path real = real_path(op, path, candidate);

    // Strictly inside: the root itself is refused too (a file operation on it makes no sense and
    // binary outputs derive sibling names like "<path>.qvr" from it).
    const fs::path relative = real.lexically_relative(root);
    if (relative.empty() || relative == "." || *relative.begin() == "..") {
        fail("Cannot " + op + ": path '" + path + "' escapes the database directory '" + root.string() + "'");
    }
    return real.string();
}

}  // namespace quiver::lua
