#include "csv.hpp"
#include "csv_format.hpp"

namespace quiver {

void CsvOptions::add_enum_label(const std::string& attribute, const std::string& locale, const std::string& label,
                                int64_t value) {
    auto& entries = enum_labels[attribute];
    for (auto& entry : entries) {
        if (entry.locale == locale && entry.label == label) {
            entry.value = value;
            return;
        }
    }
    entries.push_back(CsvEnumEntry{locale, label, value});
}

const std::string* CsvOptions::enum_label_for(const std::string& attribute, int64_t value) const {
    auto it = enum_labels.find(attribute);
    if (it == enum_labels.end()) return nullptr;
    for (const auto& entry : it->second) {
        if (entry.value == value) return &entry.label;
    }
    return nullptr;
}

std::optional<int64_t> CsvOptions::enum_value_for(const std::string& attribute, const std::string& label) const {
    auto it = enum_labels.find(attribute);
    if (it == enum_labels.end()) return std::nullopt;
    for (const auto& entry : it->second) {
        if (csv::iequals(entry.label, label)) return entry.value;
    }
    return std::nullopt;
}

}  // namespace quiver
