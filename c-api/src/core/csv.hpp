#pragma once
// CSV export and import of a collection's scalars or of one vector / set / time-series group
// (in Quiver's CSV file format). Both stream: rows are written as the statement steps, and the file is read
// record by record (once to validate, once to write).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "database.hpp"

namespace quiver {

struct CsvEnumEntry {
    std::string locale;
    std::string label;
    int64_t value = 0;
};

struct CsvOptions {
    std::string date_time_format;  // "" = dates are neither reformatted nor read with a format
    // attribute -> its labels over all locales. A repeated (locale, label) keeps its latest value.
    std::map<std::string, std::vector<CsvEnumEntry>> enum_labels;

    void add_enum_label(const std::string& attribute, const std::string& locale, const std::string& label,
                        int64_t value);
    bool has_enum(const std::string& attribute) const { return enum_labels.count(attribute) != 0; }
    // A label of `attribute` mapped to `value` (any locale), or nullptr.
    const std::string* enum_label_for(const std::string& attribute, int64_t value) const;
    // The value of a case-insensitive label match of `attribute` (any locale).
    std::optional<int64_t> enum_value_for(const std::string& attribute, const std::string& label) const;
};

// The table a CSV call with a non-empty `group` works on: "<c>_vector_<g>", else "<c>_set_<g>",
// else "<c>_time_series_<g>"; nullptr when none exists. `kind` receives its kind.
const TableInfo* csv_group_table(const Schema& schema, const std::string& collection, const std::string& group,
                                 TableKind& kind);

// `group` "" exports the collection's scalars, otherwise the vector, set or time-series group of
// that name (looked up in that order).
void export_csv(Database& db, const std::string& collection, const std::string& group, const std::string& path,
                const CsvOptions& options);

// Replaces the target table (all elements' scalars, or all elements' rows of the group) with the
// file's content in one transaction with foreign-key enforcement off; nothing changes on error.
void import_csv(Database& db, const std::string& collection, const std::string& group, const std::string& path,
                const CsvOptions& options);

}  // namespace quiver
