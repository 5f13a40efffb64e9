#pragma once
// The path sandbox of the file-touching db methods.
#include <string>

namespace quiver {
class Database;
}

namespace quiver::lua {

// Resolves a script-given path against the directory of the database file and returns the
// canonical absolute path, which must lie strictly inside that directory. Fails with
// "Cannot <op>: database is in-memory, file operations are unavailable" or
// "Cannot <op>: path '<path>' escapes the database directory '<root>'".
std::string sandboxed_path(const Database& db, const std::string& op, const std::string& path);

}  // namespace quiver::lua
