#pragma once
// The two steps from_schema takes before it writes a schema into a database file.
#include <sqlite3.h>

#include <string>

namespace quiver {

// Runs the script in a scratch in-memory database and validates the model it gives, with the
// messages the real apply would give ("Failed to execute SQL: ...", "Failed to validate schema:
// ..."). A script that fails here never touches the file.
void check_schema_script(const std::string& script);

// Within the caller's transaction: drops every view, table (and so index and trigger) of the
// database, and resets AUTOINCREMENT counters and the recorded version. The file is then an empty
// database, without having been deleted under the other connections that may have it open.
void empty_database(sqlite3* db);

}  // namespace quiver
