#pragma once
// Time-series groups: whole-group read and replace of one element, single-row
// upsert, and the "value at a date" read across elements. Tables are <Collection>_time_series_<g>.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "database.hpp"
#include "schema.hpp"
#include "value.hpp"

namespace quiver {

// The ordering dimension is metadata.hpp's dimension_column_of. These are all the key columns a
// written row must carry: every primary-key column except `id`, declaration order
// ("Dimension column not found: time series table '<t>'" when there is none).
std::vector<const ColumnInfo*> time_series_dimension_columns(const TableInfo& table);

// "<collection>_time_series_<group>" after the collection check (op), else
// "Time series group '<g>' not found for collection '<c>'" (the writers' and row read's wording).
const TableInfo& require_time_series_table(Database& db, const std::string& op, const std::string& collection,
                                           const std::string& group);

// One output column of a group read. String cells are packed into one buffer so a million-row
// read costs no per-cell allocation before the C layer copies them out.
struct SeriesColumn {
    std::string name;
    DataType type = DataType::Text;  // the tag reported to callers (the dimension column is Text)
    std::vector<int64_t> integers;   // Integer
    std::vector<double> floats;      // Real
    std::string text;                // Text / DateTime: cell r is text[text_end[r-1], text_end[r])
    std::vector<size_t> text_end;
    std::vector<uint8_t> present;  // 0 = SQL NULL (value slot 0 / 0.0 / "")

    std::string_view string_at(size_t r) const {
        size_t begin = r == 0 ? 0 : text_end[r - 1];
        return std::string_view(text).substr(begin, text_end[r] - begin);
    }
};

struct SeriesData {
    std::vector<SeriesColumn> columns;
    size_t row_count = 0;
};

// Whole-group read: dimension column first (tagged Text), then the value columns of the metadata in
// declaration order with their own types; rows ordered by the dimension. No rows -> no columns.
// Errors use the metadata wording: "Cannot get_time_series_metadata: collection not found: <c>",
// "Time series group not found: '<g>' in collection '<c>'".
SeriesData read_time_series_group(Database& db, const std::string& collection, const std::string& group, int64_t id);

// One borrowed input column: cells are read in place from the caller's arrays.
// `type` selects the decoding only: Integer -> const int64_t*, Real -> const double*,
// Text/DateTime -> const char* const*. A cell is NULL when `data` is null, its mask byte is 0,
// or its string pointer is null.
struct SeriesInput {
    std::string name;
    DataType type = DataType::Integer;
    const void* data = nullptr;
    const uint8_t* mask = nullptr;

    bool is_null(size_t r) const;
};

// Whole-group update from the collection check on (the caller has rejected unknown tags and
// "contain no rows"). Replaces every row of element `id`; no columns clears them.
void update_time_series_group(Database& db, const std::string& collection, const std::string& group, int64_t id,
                              const std::vector<SeriesInput>& columns, size_t row_count);

// Insert-or-replace one row keyed by (id, dimensions); each input holds one cell (row 0).
void upsert_time_series_row(Database& db, const std::string& collection, const std::string& group, int64_t id,
                            const std::vector<SeriesInput>& columns);

// For every element of the collection (ascending id) the latest non-NULL `attribute`
// at or before `date_time` (text comparison); monostate where there is none.
struct SeriesRowValues {
    DataType type = DataType::Integer;  // the attribute's type
    std::vector<Value> values;
};
SeriesRowValues read_time_series_row(Database& db, const std::string& collection, const std::string& group,
                                     const std::string& attribute, const std::string& date_time);

}  // namespace quiver
