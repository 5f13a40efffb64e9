#include "value.hpp"

namespace quiver {

const char* type_name(DataType t) {
    switch (t) {
        case DataType::Integer: return "INTEGER";
        case DataType::Real: return "REAL";
        case DataType::Text: return "TEXT";
        case DataType::DateTime: return "DATE_TIME";
    }
    return "UNKNOWN";  // unreachable for valid enum values; keeps -Wreturn-type quiet
}

const char* value_type_name(const Value& v) {
    if (std::holds_alternative<int64_t>(v)) return "INTEGER";
    if (std::holds_alternative<double>(v)) return "REAL";
    if (std::holds_alternative<std::string>(v)) return "TEXT";
    return "NULL";
}

std::string trim(const std::string& s) {
    static constexpr const char* kBlank = " \t\r\n";
    const auto first = s.find_first_not_of(kBlank);
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(kBlank);
    return s.substr(first, last - first + 1);
}

}  // namespace quiver
