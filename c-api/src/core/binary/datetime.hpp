#pragma once
// UTC instants of binary-file metadata, in whole seconds since 1970-01-01 (a wider range than
// Quiver 0.10's 64-bit nanoseconds, which wrap outside ~1678-2261), and the civil-calendar
// arithmetic the time dimensions need.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quiver::binary {

using Instant = int64_t;  // seconds since the epoch, UTC

struct CivilDate {
    int64_t year;
    int64_t month;  // 1..12
    int64_t day;    // 1..31
};

constexpr int64_t kSecondsPerDay = 86400;

// Days since the epoch of y-m-d; month and day may overflow (Feb 30 = Mar 2), as arithmetic.
int64_t days_from_civil(int64_t year, int64_t month, int64_t day);
CivilDate civil_from_days(int64_t days);
int64_t floor_days(Instant t);  // the day an instant falls on
bool is_leap_year(int64_t year);
int64_t days_in_month(int64_t year, int64_t month);
int64_t day_of_year(Instant t);  // 1..366
// Day within weeks counted from 1 January (not ISO weeks): ((day_of_year - 1) mod 7) + 1.
int64_t day_of_week(Instant t);
int64_t hour_of_day(Instant t);  // 0..23

// `%Y-%m-%dT%H:%M:%S`, else `%Y-%m-%d %H:%M:%S`, scanned like std::get_time: leading blanks and
// unpadded fields are accepted, the end of the text ends the pattern early (missing fields are
// 0), trailing text is ignored, overflowing days/seconds roll over. A day of month is required.
std::optional<Instant> parse_datetime(std::string_view text);

// YYYY-MM-DDTHH:MM:SS
std::string format_datetime(Instant t);

}  // namespace quiver::binary
