#include "csv_format.hpp"

#include <cerrno>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace quiver::csv {

namespace {

constexpr const char* kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                   "july",    "august",   "september", "october", "november", "december"};
constexpr const char* kWeekdays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Days since 1970-01-01 of a proleptic Gregorian date (month/day may overflow; it is arithmetic).
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

class DateParser {
public:
    DateParser(std::string_view text, std::tm& tm) : text_(text), tm_(tm) {}

    bool run(std::string_view format) {
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;  // the stream skips leading blanks
        if (!directives(format)) return false;
        finish();
        return true;
    }

private:
    bool directives(std::string_view format) {
        for (size_t i = 0; i < format.size(); ++i) {
            char f = format[i];
            if (f == '%') {
                if (++i >= format.size()) return false;
                if (format[i] == 'E' || format[i] == 'O') {
                    if (++i >= format.size()) return false;
                }
                if (!conversion(format[i])) return false;
            } else if (is_space(f)) {
                skip_space();
            } else {
                if (pos_ >= text_.size() || lower(text_[pos_]) != lower(f)) return false;
                ++pos_;
            }
        }
        return true;
    }

    bool conversion(char spec) {
        int v = 0;
        switch (spec) {
            case 'Y':
                if (!number(4, 0, 9999, v)) return false;
                tm_.tm_year = v - 1900;
                have_year_ = true;
                return true;
            case 'y': {
                // Two digits pivot at 69 (1969-2068); std::get_time reads up to four, taken as is.
                size_t start = pos_;
                if (!number(4, 0, 9999, v)) return false;
                tm_.tm_year = pos_ - start > 2 ? v - 1900 : (v < 69 ? v + 100 : v);
                have_year_ = true;
                return true;
            }
            case 'm':
                if (!number(2, 1, 12, v)) return false;
                tm_.tm_mon = v - 1;
                have_month_ = true;
                return true;
            case 'd':
            case 'e':
                if (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;  // " 5" is a valid day
                if (!number(2, 1, 31, v)) return false;
                tm_.tm_mday = v;
                have_day_ = true;
                return true;
            case 'H':
                if (!number(2, 0, 23, v)) return false;
                tm_.tm_hour = v;
                return true;
            case 'I':
                if (!number(2, 1, 12, v)) return false;
                tm_.tm_hour = v % 12;
                return true;
            case 'M':
                if (!number(2, 0, 59, v)) return false;
                tm_.tm_min = v;
                return true;
            case 'S':
                if (!number(2, 0, 60, v)) return false;
                tm_.tm_sec = v;
                return true;
            case 'j':
                if (!number(3, 1, 366, v)) return false;
                tm_.tm_yday = v - 1;
                have_yday_ = true;
                return true;
            case 'b':
            case 'B':
            case 'h':
                if (!name(kMonths, 12, v)) return false;
                tm_.tm_mon = v;
                have_month_ = true;
                return true;
            case 'a':
            case 'A':
                if (!name(kWeekdays, 7, v)) return false;
                tm_.tm_wday = v;
                have_wday_ = true;
                return true;
            case 'p': return meridiem();
            case 'T': return directives("%H:%M:%S");
            case 'R': return directives("%H:%M");
            case 'D': return directives("%m/%d/%y");
            case 'n':
            case 't': skip_space(); return true;
            case '%':
                if (pos_ >= text_.size() || text_[pos_] != '%') return false;
                ++pos_;
                return true;
            default: return false;
        }
    }

    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
    }

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

    // Full name or its three-letter abbreviation, case-insensitive; the longest match wins.
    bool name(const char* const* names, int count, int& out) {
        std::string_view rest = text_.substr(pos_);
        for (int i = 0; i < count; ++i) {
            std::string_view full(names[i]);
            if (rest.size() >= full.size() && iequals(rest.substr(0, full.size()), full)) {
                pos_ += full.size();
                out = i;
                return true;
            }
        }
        for (int i = 0; i < count; ++i) {
            std::string_view abbr = std::string_view(names[i]).substr(0, 3);
            if (rest.size() >= 3 && iequals(rest.substr(0, 3), abbr)) {
                pos_ += 3;
                out = i;
                return true;
            }
        }
        return false;
    }

    bool meridiem() {
        std::string_view rest = text_.substr(pos_);
        if (rest.size() < 2 || lower(rest[1]) != 'm') return false;
        char c = lower(rest[0]);
        if (c != 'a' && c != 'p') return false;
        pm_ = c == 'p';
        pos_ += 2;
        return true;
    }

    void finish() {
        if (pm_ && tm_.tm_hour < 12) tm_.tm_hour += 12;
        int64_t year = static_cast<int64_t>(tm_.tm_year) + 1900;
        if (have_year_ && have_yday_ && !(have_month_ && have_day_)) {
            // %j without a month/day: derive them.
            static const int kCumulative[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
            int yday = tm_.tm_yday;
            int month = 0;
            while (month < 11) {
                int next = kCumulative[month + 1] + ((month + 1 >= 2 && is_leap(year)) ? 1 : 0);
                if (yday < next) break;
                ++month;
            }
            int start = kCumulative[month] + ((month >= 2 && is_leap(year)) ? 1 : 0);
            tm_.tm_mon = month;
            tm_.tm_mday = yday - start + 1;
            have_month_ = have_day_ = true;
        }
        if (have_year_ && have_month_ && have_day_) {
            int64_t days = days_from_civil(year, tm_.tm_mon + 1, tm_.tm_mday);
            int64_t wday = (days + 4) % 7;  // 1970-01-01 was a Thursday
            if (!have_wday_) tm_.tm_wday = static_cast<int>(wday < 0 ? wday + 7 : wday);
            tm_.tm_yday = static_cast<int>(days - days_from_civil(year, 1, 1));
        }
    }

    std::string_view text_;
    std::tm& tm_;
    size_t pos_ = 0;
    bool have_year_ = false, have_month_ = false, have_day_ = false, have_yday_ = false, have_wday_ = false;
    bool pm_ = false;
};

std::string strftime_string(const std::tm& tm, const char* format) {
    char buffer[256];
    size_t n = std::strftime(buffer, sizeof(buffer), format, &tm);
    return std::string(buffer, n);
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool parse_date_time(std::string_view text, std::string_view format, std::tm& tm) {
    std::memset(&tm, 0, sizeof(tm));
    return DateParser(text, tm).run(format);
}

bool parse_iso_date_time(std::string_view text, std::tm& tm) {
    if (parse_date_time(text, "%Y-%m-%dT%H:%M:%S", tm) && tm.tm_mday >= 1) return true;
    return parse_date_time(text, "%Y-%m-%d %H:%M:%S", tm) && tm.tm_mday >= 1;
}

std::string format_stored_date_time(const std::string& stored, const std::string& format) {
    std::tm tm;
    if (!parse_iso_date_time(stored, tm)) return stored;
    std::string out = strftime_string(tm, format.c_str());
    return out.empty() ? stored : out;
}

std::optional<std::string> normalize_date_time(const std::string& cell, const std::string& format) {
    std::tm tm;
    bool ok = format.empty() ? parse_iso_date_time(cell, tm) : (parse_date_time(cell, format, tm) && tm.tm_mday >= 1);
    if (!ok) return std::nullopt;
    return strftime_string(tm, "%Y-%m-%dT%H:%M:%S");
}

bool parse_integer(std::string_view text, int64_t& out) {
    // from_chars takes a leading '-' but not '+'.
    if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

#if !defined(__cpp_lib_to_chars)
namespace {

// For C++ libraries without floating-point std::from_chars (LLVM libc++ before 20, used by the
// cross-compiled prebuilds): the same accepted grammar (general format: [-]digits[.digits][e[+-]digits],
// inf, infinity, nan; no leading '+', whitespace or hex), then strtod on a C-locale-shaped copy.
bool from_chars_general(std::string_view text, double& value) {
    size_t i = 0;
    if (i < text.size() && text[i] == '-') ++i;
    auto lower_equals = [&](std::string_view rest, std::string_view word) {
        if (rest.size() != word.size()) return false;
        for (size_t k = 0; k < word.size(); ++k) {
            char c = rest[k];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c != word[k]) return false;
        }
        return true;
    };
    std::string_view rest = text.substr(i);
    if (lower_equals(rest, "inf") || lower_equals(rest, "infinity")) {
        value = i == 1 ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (lower_equals(rest, "nan")) {
        value = NAN;
        return true;
    }
    auto digits = [&] {
        size_t start = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        return i - start;
    };
    size_t mantissa = digits();
    if (i < text.size() && text[i] == '.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0) return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    if (i != text.size()) return false;
    std::string copy(text);
    const char* point = localeconv()->decimal_point;
    if (point != nullptr && point[0] != '\0' && point[0] != '.' && point[1] == '\0') {
        for (char& c : copy) {
            if (c == '.') c = point[0];
        }
    }
    errno = 0;
    char* end = nullptr;
    double parsed = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return false;
    // Out of range as from_chars has it: overflow to infinity or underflow to zero. A subnormal
    // result (strtod also sets ERANGE there) is a value like any other.
    if (errno == ERANGE && (parsed == 0 || std::isinf(parsed))) return false;
    value = parsed;
    return true;
}

}  // namespace
#endif

bool parse_float(std::string_view text, double& out) {
    if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
    if (text.empty()) return false;
    double value = 0;
#if defined(__cpp_lib_to_chars)
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
    if (ec != std::errc() || end != text.data() + text.size() || std::isnan(value)) return false;
#else
    if (!from_chars_general(text, value) || std::isnan(value)) return false;
#endif
    out = value;
    return true;
}

void append_float(std::string& out, double value) {
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out.append(buffer, result.ptr);
}

void append_integer(std::string& out, int64_t value) {
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out.append(buffer, result.ptr);
}

void append_field(std::string& out, std::string_view field) {
    if (field.find_first_of(", \n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

}  // namespace quiver::csv
