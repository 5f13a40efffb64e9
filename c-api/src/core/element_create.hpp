#pragma once
// Creating many elements in one call (create_elements) from a row source that hands out cells
// without building a core Element per row. Each row is written as create_element would write the
// element holding the same values; the whole call is one transaction (a savepoint inside the
// caller's), so a failure leaves nothing behind.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "database.hpp"
#include "element.hpp"
#include "value.hpp"

namespace quiver {

// One cell as a row source sees it. Text is borrowed (valid for the duration of the call) and may
// contain NUL bytes (refused on write, as create_element does).
struct Cell {
    enum class Kind : uint8_t { Absent, Null, Integer, Real, Text };
    Kind kind = Kind::Absent;
    int64_t integer = 0;
    double real = 0.0;
    const char* text = nullptr;
    size_t size = 0;

    static Cell absent() { return {}; }
    static Cell null() { return {Kind::Null}; }
    static Cell of(int64_t v) { return {Kind::Integer, v}; }
    static Cell of(double v) { return {Kind::Real, 0, v}; }
    static Cell of(const char* s, size_t n) { return {Kind::Text, 0, 0.0, s, n}; }
    static Cell of(const Value& v);  // borrows a string value's bytes
};

// The rows to create, column by column. Scalar columns give one cell per row (Absent: the row
// leaves the attribute out); array columns give each row a run of cells (none: no such array).
class RowSource {
public:
    virtual ~RowSource() = default;
    virtual size_t row_count() const = 0;
    virtual size_t column_count() const = 0;
    virtual const std::string& name(size_t column) const = 0;
    virtual bool is_array(size_t column) const = 0;
    virtual Cell scalar(size_t column, size_t row) const = 0;
    virtual size_t array_size(size_t column, size_t row) const = 0;
    virtual Cell array_cell(size_t column, size_t row, size_t index) const = 0;
};

// Progress and cancellation for a caller on another thread (both optional).
struct BulkControl {
    int64_t* done = nullptr;        // rows written so far, stored atomically
    const int32_t* cancel = nullptr;  // read atomically before each row
};

// A new, empty plan cache (owned by Database, see Database::create_cache).
CreateCache* new_create_cache();

// create_element for an Element, through the database's plan cache: per collection and set of
// scalar names, the resolved columns and the prepared INSERT and label lookups are kept (the
// CreateCache, emptied whenever the schema model is reloaded and destroyed with the connection).
// Behaviour and messages are create_element's.
int64_t create_element_cached(Database& db, const std::string& collection, const Element& element);
// The same for a one-row source (scalar columns only need be given; Absent cells are left out).
int64_t create_element_row(Database& db, const std::string& collection, const RowSource& row);

// Writes ids[r] for every row. Errors: "Cannot create_elements: collection not found: <c>",
// "Cannot create_elements: column '<n>' is given twice", and for a failing row
// "Cannot create_elements: row <r>: <reason>" (create_element's message without its prefix).
void create_elements(Database& db, const std::string& collection, const RowSource& rows, int64_t* ids,
                     const BulkControl& control = {});

}  // namespace quiver
