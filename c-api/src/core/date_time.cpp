#include "date_time.hpp"

namespace quiver {

namespace {

// Reads exactly `width` digits at `pos` as a number within [min, max].
bool digits(std::string_view text, size_t& pos, size_t width, int min, int max, int& out) {
    if (pos + width > text.size()) return false;
    int value = 0;
    for (size_t i = 0; i < width; ++i) {
        char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    if (value < min || value > max) return false;
    pos += width;
    out = value;
    return true;
}

bool literal(std::string_view text, size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

int days_in_month(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

// HH:MM[:SS[.fraction]][zone] from `pos` to the end of the text.
bool valid_time(std::string_view text, size_t pos) {
    int v = 0;
    if (!digits(text, pos, 2, 0, 23, v) || !literal(text, pos, ':') || !digits(text, pos, 2, 0, 59, v)) return false;
    if (literal(text, pos, ':')) {
        if (!digits(text, pos, 2, 0, 59, v)) return false;
        if (literal(text, pos, '.')) {
            size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            if (pos == start || pos - start > 9) return false;
        }
    }
    if (pos == text.size()) return true;
    if (text[pos] == 'Z') return pos + 1 == text.size();
    if (text[pos] != '+' && text[pos] != '-') return false;
    ++pos;
    return digits(text, pos, 2, 0, 23, v) && literal(text, pos, ':') && digits(text, pos, 2, 0, 59, v) &&
           pos == text.size();
}

}  // namespace

bool is_valid_date_time(std::string_view text) {
    size_t pos = 0;
    int year = 0, month = 0, day = 0;
    if (!digits(text, pos, 4, 0, 9999, year) || !literal(text, pos, '-') || !digits(text, pos, 2, 1, 12, month) ||
        !literal(text, pos, '-') || !digits(text, pos, 2, 1, 31, day)) {
        return false;
    }
    if (day > days_in_month(year, month)) return false;
    if (pos == text.size()) return true;
    if (text[pos] != 'T' && text[pos] != ' ') return false;
    return valid_time(text, pos + 1);
}

std::string date_time_problem(std::string_view text) {
    // Appended piecewise: `"'" + std::string(...)` trips GCC 12's false -Wrestrict (PR 105329).
    std::string out = "'";
    out.append(text).append("' is not a valid date-time (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or ");
    out.append("YYYY-MM-DDTHH:MM:SS, years 0000 to 9999)");
    return out;
}

}  // namespace quiver
