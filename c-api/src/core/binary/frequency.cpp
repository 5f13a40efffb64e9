#include "frequency.hpp"

#include "core/error.hpp"

namespace quiver::binary {

Frequency parse_frequency(const std::string& text) {
    if (text == "yearly") return Frequency::Yearly;
    if (text == "monthly") return Frequency::Monthly;
    if (text == "weekly") return Frequency::Weekly;
    if (text == "daily") return Frequency::Daily;
    if (text == "hourly") return Frequency::Hourly;
    fail("Unknown frequency: " + text);
}

const char* frequency_name(Frequency f) {
    switch (f) {
    case Frequency::Yearly: return "yearly";
    case Frequency::Monthly: return "monthly";
    case Frequency::Weekly: return "weekly";
    case Frequency::Daily: return "daily";
    case Frequency::Hourly: return "hourly";
    }
    return "";
}

Instant add_frequency_steps(Instant t, Frequency f, int64_t n) {
    switch (f) {
    case Frequency::Yearly:
    case Frequency::Monthly: {
        const CivilDate date = civil_from_days(floor_days(t));
        const int64_t months = f == Frequency::Yearly ? n * 12 : n;
        return days_from_civil(date.year, date.month + months, date.day) * kSecondsPerDay;
    }
    case Frequency::Weekly: return t + n * 7 * kSecondsPerDay;
    case Frequency::Daily: return t + n * kSecondsPerDay;
    case Frequency::Hourly: return t + n * 3600;
    }
    return t;
}

int64_t coordinate_of(Instant t, Frequency f) {
    switch (f) {
    case Frequency::Monthly: return civil_from_days(floor_days(t)).month;
    case Frequency::Daily: return civil_from_days(floor_days(t)).day;
    case Frequency::Hourly: return hour_of_day(t) + 1;
    case Frequency::Yearly:
        fail("YEARLY frequency extraction not implemented. This function should only be used for inner time "
             "dimensions.");
    case Frequency::Weekly:
        fail("WEEKLY frequency extraction not implemented. This function should only be used for inner time "
             "dimensions.");
    }
    return 0;
}

}  // namespace quiver::binary
