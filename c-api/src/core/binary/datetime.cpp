#include "datetime.hpp"

#include <cstdio>

namespace quiver::binary {

namespace {

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// One get_time-style scan of a fixed numeric pattern. Fields: year (1-4 digits), then month,
// day, hour, minute, second (1-2 digits) with the separators between them.
class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {
        while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
    }

    // Returns false on a mismatch; stops (successfully) at the end of the text.
    bool run(char date_time_separator) {
        static constexpr struct {
            size_t digits;
            int min;
            int max;
            char separator_after;
        } kFields[] = {{4, 0, 9999, '-'}, {2, 1, 12, '-'}, {2, 1, 31, 0}, {2, 0, 23, ':'}, {2, 0, 59, ':'}, {2, 0, 60, 0}};
        int* targets[] = {&year, &month, &day, &hour, &minute, &second};
        for (size_t f = 0; f < 6; ++f) {
            if (at_end()) return true;
            if (!number(kFields[f].digits, kFields[f].min, kFields[f].max, *targets[f])) return false;
            const char separator = f == 2 ? date_time_separator : kFields[f].separator_after;
            if (separator == 0) continue;
            if (at_end()) return true;
            if (separator == ' ') {
                while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;  // any run of blanks, even none
            } else if (text_[pos_] == separator || (separator == 'T' && text_[pos_] == 't')) {
                ++pos_;
            } else {
                return false;
            }
        }
        return true;
    }

    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;

private:
    bool at_end() const { return pos_ >= text_.size(); }

    bool number(size_t max_digits, int min, int max, int& out) {
        size_t digits = 0;
        int value = 0;
        while (digits < max_digits && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
            value = value * 10 + (text_[pos_] - '0');
            ++pos_;
            ++digits;
        }
        if (digits == 0 || value < min || value > max) return false;
        out = value;
        return true;
    }

    std::string_view text_;
    size_t pos_ = 0;
};

std::optional<Instant> scan(std::string_view text, char date_time_separator) {
    Scanner s(text);
    if (!s.run(date_time_separator) || s.day < 1) return std::nullopt;
    return days_from_civil(s.year, s.month, s.day) * kSecondsPerDay + s.hour * 3600 + s.minute * 60 + s.second;
}

}  // namespace

int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    // Normalise the month first so that month overflow (from calendar additions) works too.
    y += floor_div(m - 1, 12);
    m = m - 1 - floor_div(m - 1, 12) * 12 + 1;
    y -= m <= 2;
    const int64_t era = floor_div(y, 400);
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t z) {
    z += 719468;
    const int64_t era = floor_div(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
}

int64_t floor_days(Instant t) { return floor_div(t, kSecondsPerDay); }

bool is_leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t days_in_month(int64_t year, int64_t month) {
    static constexpr int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

int64_t day_of_year(Instant t) {
    const int64_t days = floor_days(t);
    return days - days_from_civil(civil_from_days(days).year, 1, 1) + 1;
}

int64_t day_of_week(Instant t) { return (day_of_year(t) - 1) % 7 + 1; }

int64_t hour_of_day(Instant t) { return (t - floor_days(t) * kSecondsPerDay) / 3600; }

std::optional<Instant> parse_datetime(std::string_view text) {
    if (auto t = scan(text, 'T')) return t;
    return scan(text, ' ');
}

std::string format_datetime(Instant t) {
    const int64_t days = floor_days(t);
    const CivilDate date = civil_from_days(days);
    const int64_t seconds = t - days * kSecondsPerDay;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld",
                  static_cast<long long>(date.year), static_cast<long long>(date.month),
                  static_cast<long long>(date.day), static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
    return buffer;
}

}  // namespace quiver::binary
