#pragma once
#include <cstdint>
#include <string>
#include <variant>

namespace quiver {

// A single SQL value as the core sees it. Blobs are not supported anywhere.
using Value = std::variant<std::monostate, int64_t, double, std::string>;

inline bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Quiver's column types; numeric values equal quiver_data_type_t.
enum class DataType : int { Integer = 0, Real = 1, Text = 2, DateTime = 3 };

// "INTEGER", "REAL", "TEXT", "DATE_TIME": the spelling used in every message and report.
const char* type_name(DataType t);
// Name of a value's own kind for mismatch messages: INTEGER, REAL, TEXT (NULL for null).
const char* value_type_name(const Value& v);

// Leading and trailing ASCII space, tab, CR and LF removed (applied to every bound string).
std::string trim(const std::string& s);

}  // namespace quiver
