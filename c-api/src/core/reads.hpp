#pragma once
// Core reads: bulk and by-id scalar reads, vector/set list reads, whole-group reads,
// element ids and counts. Every function loads the model and resolves `collection` with
// the operation name of the matching C function; failures throw quiver::Error with the final text.
// Extraction: integer readers take only stored integers, float readers widen
// integers, string readers take only text; anything else is "no value" (never an error).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "columns.hpp"
#include "database.hpp"
#include "schema.hpp"

namespace quiver {

// --- Bulk scalars: one slot per row of the table, rowid order (aligned with ids) ---

// present[i] is 0 for "no value"; values[i] is then 0 / 0.0.
struct IntegerColumn {
    std::vector<int64_t> values;
    std::vector<uint8_t> present;
};
struct FloatColumn {
    std::vector<double> values;
    std::vector<uint8_t> present;
};

IntegerColumn read_scalar_integers(Database& db, const std::string& collection, const std::string& attribute);
FloatColumn read_scalar_floats(Database& db, const std::string& collection, const std::string& attribute);
std::vector<std::optional<std::string>> read_scalar_strings(Database& db, const std::string& collection,
                                                            const std::string& attribute);

// The same rows without building strings: `expect` gets the row count before the scan (a sizing
// hint), `row` gets each cell's text and byte length in rowid order (nullptr for a non-text cell).
// The text is valid only during the call. For callers that copy it straight into their own memory.
void scan_scalar_strings(Database& db, const std::string& collection, const std::string& attribute,
                         const std::function<void(size_t)>& expect,
                         const std::function<void(const char*, size_t)>& row);

// --- Scalar by id: nullopt for a missing id, NULL, or another storage kind ---

std::optional<int64_t> read_scalar_integer_by_id(Database& db, const std::string& collection,
                                                 const std::string& attribute, int64_t id);
std::optional<double> read_scalar_float_by_id(Database& db, const std::string& collection,
                                              const std::string& attribute, int64_t id);
std::optional<std::string> read_scalar_string_by_id(Database& db, const std::string& collection,
                                                    const std::string& attribute, int64_t id);

// --- Vector and set lists ---
// `kind` is TableKind::Vector or TableKind::Set; it selects the table family and the op names
// (read_vector_integers, read_set_strings_by_id, ...).

// Table lookup, shared by every list read: resolves `collection` (op), then takes
// "<collection>_vector_<attribute>" (resp. _set_) if it exists, else the first vector (set)
// table in name order whose parent is `collection` and which has the column, else
// "Vector attribute '<a>' not found for collection '<c>'" (resp. "Set attribute ...").
// The found table must have the column: "Cannot <op>: column '<a>' not found in table '<t>'".
const TableInfo& find_attribute_table(Database& db, TableKind kind, const std::string& op,
                                      const std::string& collection, const std::string& attribute);

// All elements, flattened: one entry per distinct element id having at least one row, ascending.
// Entry i holds sizes[i] values starting at the sum of the previous sizes; no-value cells are
// dropped, so an entry may be empty. Vectors are in vector_index order, sets in SQLite's order
// for "ORDER BY id" (ascending value through the UNIQUE index).
template <class T>
struct ListValues {
    std::vector<int64_t> ids;
    std::vector<size_t> sizes;
    std::vector<T> values;
    size_t count() const { return ids.size(); }
};

ListValues<int64_t> read_list_integers(Database& db, TableKind kind, const std::string& collection,
                                       const std::string& attribute);
ListValues<double> read_list_floats(Database& db, TableKind kind, const std::string& collection,
                                    const std::string& attribute);
ListValues<std::string> read_list_strings(Database& db, TableKind kind, const std::string& collection,
                                          const std::string& attribute);

// One element's values (no-value cells dropped); empty for a missing element or no rows.
std::vector<int64_t> read_list_integers_by_id(Database& db, TableKind kind, const std::string& collection,
                                              const std::string& attribute, int64_t id);
std::vector<double> read_list_floats_by_id(Database& db, TableKind kind, const std::string& collection,
                                           const std::string& attribute, int64_t id);
std::vector<std::string> read_list_strings_by_id(Database& db, TableKind kind, const std::string& collection,
                                                 const std::string& attribute, int64_t id);

// --- Whole vector/set group of one element ---
// Value columns (all but id, and vector_index for vectors) in declaration order, typed by the
// schema and converted per TypedColumn::push; rows by vector_index (vectors) or rowid (sets).
// Errors as the C functions report them (upstream quirk: metadata op names):
// "Cannot get_vector_metadata: collection not found: <c>" / "Cannot get_set_metadata: ...",
// "Vector group not found: '<g>' in collection '<c>'" / "Set group not found: ...".
// No rows or no value columns -> empty ColumnarData (no columns, row_count 0).
ColumnarData read_group_by_id(Database& db, TableKind kind, const std::string& collection, const std::string& group,
                              int64_t id);

// --- Ids and counts; any table of the model is accepted, as Quiver 0.10 does ---

std::vector<int64_t> read_element_ids(Database& db, const std::string& collection);
int64_t number_of_elements(Database& db, const std::string& collection);

}  // namespace quiver
