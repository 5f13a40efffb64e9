#include "lua_sandbox_path.hpp"

#include <filesystem>

#include "core/database.hpp"
#include "core/error.hpp"

namespace quiver::lua {

std::string sandboxed_path(const Database& db, const std::string& op, const std::string& path) {
    namespace fs = std::filesystem;
    if (db.path() == ":memory:") fail("Cannot " + op + ": database is in-memory, file operations are unavailable");

    // The same root as the database's log file: the file's directory, or the current directory.
    fs::path root = fs::path(db.path()).parent_path();
    if (root.empty()) root = fs::current_path();
    root = fs::weakly_canonical(root);

    fs::path candidate(path);
    if (candidate.is_relative()) candidate = root / candidate;
    candidate = fs::weakly_canonical(candidate);  // resolves "..", follows symlinks of existing parts

    // Strictly inside: the root itself is refused too (a file operation on it makes no sense and
    // binary outputs derive sibling names like "<path>.qvr" from it).
    const fs::path relative = candidate.lexically_relative(root);
    if (relative.empty() || relative == "." || *relative.begin() == "..") {
        fail("Cannot " + op + ": path '" + path + "' escapes the database directory '" + root.string() + "'");
    }
    return candidate.string();
}

}  // namespace quiver::lua
