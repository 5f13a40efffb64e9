#pragma once
// Raw SQL queries. No schema model is needed: they work on any SQLite file, and
// any statement kind runs (writes and DDL take effect; the cached model never sees DDL).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "database.hpp"
#include "value.hpp"

namespace quiver {

// Only the first statement of sql runs, stepped to completion with every row materialized
// (sqlite.hpp's execute: arity check, BLOB rejection, trimmed string parameters, empty SQL ->
// "Failed to execute statement: not an error"). The result is column 0 of row 0, extracted per
// the read rules (integers are never narrowed from real, text is never parsed); nullopt for no
// rows, NULL, or another storage kind.
std::optional<std::string> query_string(Database& db, const std::string& sql, const std::vector<Value>& params = {});
std::optional<int64_t> query_integer(Database& db, const std::string& sql, const std::vector<Value>& params = {});
// Accepts a stored real or a stored integer (widened): SELECT COUNT(*) reads as 2.0.
std::optional<double> query_float(Database& db, const std::string& sql, const std::vector<Value>& params = {});

}  // namespace quiver
