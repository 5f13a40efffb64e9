#pragma once
// Cell-level text rules shared by CSV export and import: date-time parsing and formatting, strict
// number parsing, shortest float text, field quoting.
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace quiver::csv {

// strptime-like parse of `text` against a strftime-style `format`, following std::get_time's
// rules (1..N digits per number with range checks, case-insensitive literals and names, format
// whitespace matching any run of whitespace, trailing text ignored) except that running out of
// input before the format is complete is a failure. Supported: %Y %y %m %d %e %H %I %M %S %j
// %b %B %h %a %A %p %T %R %D %n %t %%. Fills tm (wday/yday computed when the date is known).
bool parse_date_time(std::string_view text, std::string_view format, std::tm& tm);

// `%Y-%m-%dT%H:%M:%S`, else `%Y-%m-%d %H:%M:%S`; success also requires a day of month.
bool parse_iso_date_time(std::string_view text, std::tm& tm);

// Export rule 5: stored text reformatted with `format`, or returned unchanged when it does not
// parse or strftime yields nothing.
std::string format_stored_date_time(const std::string& stored, const std::string& format);

// Import: the cell parsed as ISO (empty format) or with `format`, rendered as
// YYYY-MM-DDTHH:MM:SS; nullopt when it does not parse or has no day of month.
std::optional<std::string> normalize_date_time(const std::string& cell, const std::string& format);

// The whole text as a number, or false. Quiver 0.10 reads a leading number and ignores the rest
// (`12abc` as 12, `2030-01-01` as 2030); these refuse anything after the number.
// Integers: an optional sign and decimal digits, within int64.
bool parse_integer(std::string_view text, int64_t& out);
// Floats: an optional sign, then a decimal number with optional exponent, or `inf` / `infinity`
// (any case; what export writes for an infinite REAL). No NaN, no hexadecimal, within double range.
bool parse_float(std::string_view text, double& out);

// Shortest decimal text that reads back as the same double (std::to_chars).
void append_float(std::string& out, double value);
void append_integer(std::string& out, int64_t value);

// Writes one field: wrapped in quotes, with inner quotes doubled, when it contains a comma, a
// space or a line feed; otherwise raw.
void append_field(std::string& out, std::string_view field);

// ASCII case-insensitive equality (enum labels).
bool iequals(std::string_view a, std::string_view b);

}  // namespace quiver::csv
