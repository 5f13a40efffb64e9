#pragma once
// What counts as DATE_TIME text on write. Quiver stores dates as ISO 8601 text; anything else in a
// DATE_TIME column would sort wrongly and break the "value at a date" reads, so writes refuse it.
#include <string>
#include <string_view>

namespace quiver {

// True for the ISO 8601 forms SQLite's date functions read, always with a calendar date:
//   YYYY-MM-DD
//   YYYY-MM-DD(T| )HH:MM[:SS[.fraction]][Z|(+|-)HH:MM]
// Years 0000-9999, months 01-12, days within their month (proleptic Gregorian leap years),
// hours 00-23, minutes and seconds 00-59, a fraction of 1-9 digits.
bool is_valid_date_time(std::string_view text);

// "'<text>' is not a valid date-time (expected ...)": the write error's detail.
std::string date_time_problem(std::string_view text);

}  // namespace quiver
