#pragma once
// The per-collection time-series files table, "<Collection>_time_series_files":
// TEXT columns only, holding at most one row of file paths.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "database.hpp"

namespace quiver {

using FilePaths = std::vector<std::pair<std::string, std::optional<std::string>>>;

bool has_time_series_files(Database& db, const std::string& collection);
// Column names in declaration order.
std::vector<std::string> list_time_series_files_columns(Database& db, const std::string& collection);
// One (column, path) pair per column in byte-wise name order; paths are nullopt when NULL or
// when no row exists yet.
FilePaths read_time_series_files(Database& db, const std::string& collection);
// Replaces the row with one holding the given columns (later duplicates win); no pairs -> no change.
void update_time_series_files(Database& db, const std::string& collection, const FilePaths& paths);

}  // namespace quiver
