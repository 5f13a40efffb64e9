#pragma once
// Frequencies of time dimensions and the calendar steps they stand for.
#include <cstdint>
#include <string>

#include "datetime.hpp"

namespace quiver::binary {

// Values are the C enum's (quiver_time_frequency_t), lowest to highest frequency.
enum class Frequency : int { Yearly = 0, Monthly = 1, Weekly = 2, Daily = 3, Hourly = 4 };

// Exact, case-sensitive names; anything else fails with "Unknown frequency: <text>".
Frequency parse_frequency(const std::string& text);
const char* frequency_name(Frequency f);

// `t` advanced by n units of f. Yearly and monthly steps work on the date and drop the time of
// day (a day past the month end rolls into the next month); the others are exact durations.
Instant add_frequency_steps(Instant t, Frequency f, int64_t n);

// The coordinate an instant implies for an inner time dimension: month, day of month, hour of
// day + 1. Yearly and weekly cannot be extracted (throws).
int64_t coordinate_of(Instant t, Frequency f);

}  // namespace quiver::binary
