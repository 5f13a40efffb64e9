#pragma once
// Human-readable schema reports. The text is part of the contract: every line ends
// with "\n", type names are INTEGER / REAL / TEXT / DATE_TIME.
#include <string>

#include "database.hpp"

namespace quiver {

// "Database: <path>\nVersion: <user_version>\n", then for each collection (byte-wise name order,
// Configuration included) an empty line and its collection section.
std::string describe(Database& db);

// The collection section alone; "Cannot describe_collection: collection not found: <c>".
// Like every collection check it accepts any table of the model, as Quiver 0.10 does.
std::string describe_collection(Database& db, const std::string& collection);

// Null/non-null counts per column, small integer value distributions (1..64 distinct values,
// non-PK INTEGER columns) and per-group "<k>/<count> non-empty";
// "Cannot summarize_collection: collection not found: <c>".
std::string summarize_collection(Database& db, const std::string& collection);

}  // namespace quiver
