#include "reads.hpp"

#include "error.hpp"

namespace quiver {

namespace {

// --- Read-rule extraction from the current row, without building a Value per cell ---

bool extract(const Statement& stmt, int col, int64_t& out) {
    if (stmt.column_type(col) != SQLITE_INTEGER) return false;  // REAL is never narrowed
    out = stmt.column_int64(col);
    return true;
}

bool extract(const Statement& stmt, int col, double& out) {
    int type = stmt.column_type(col);
    if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) return false;
    out = stmt.column_double(col);  // widens integers
    return true;
}

bool extract(const Statement& stmt, int col, std::string& out) {
    if (stmt.column_type(col) != SQLITE_TEXT) return false;
    out = stmt.column_text(col);
    return true;
}

// --- Names and SQL shapes (only schema-checked names are quoted into SQL) ---

bool is_vector(TableKind kind) {
    if (kind != TableKind::Vector && kind != TableKind::Set) fail("Cannot read: table kind is not vector or set");
    return kind == TableKind::Vector;
}

// "read_vector_integers", "read_set_strings_by_id", ...
std::string list_op(TableKind kind, const char* type_word, bool by_id) {
    return std::string("read_") + (is_vector(kind) ? "vector_" : "set_") + type_word + (by_id ? "_by_id" : "");
}

std::string select_from(const std::string& columns, const std::string& table) {
    return "SELECT " + columns + " FROM " + quote_identifier(table);
}

// The collection, then the attribute as one of its columns.
void require_scalar_column(Database& db, const std::string& op, const std::string& collection,
                           const std::string& attribute) {
    if (!db.require_table(op, collection).has_column(attribute)) {
        fail("Cannot " + op + ": column '" + attribute + "' not found in table '" + collection + "'");
    }
}

// Fallback of the list reads: first vector (set) table in name order under `collection` having the column.
// Matches by name pattern and parent, as upstream does, not by the canonical group prefix.
const TableInfo* table_with_column(const Schema& schema, TableKind kind, const std::string& collection,
                                   const std::string& column) {
    for (const auto& [name, table] : schema.tables) {
        bool family = is_vector(kind) ? is_vector_table_name(name) : is_set_table_name(name);
        if (family && parent_of(name) == collection && table.has_column(column)) return &table;
    }
    return nullptr;
}

// --- Row loops ---

template <class T>
void read_scalar_column(Database& db, const std::string& sql, std::vector<T>& values, std::vector<uint8_t>& present) {
    auto stmt = db.prepare(sql);
    T value{};
    while (stmt->step()) {
        bool ok = extract(*stmt, 0, value);
        values.push_back(ok ? value : T{});
        present.push_back(ok ? 1 : 0);
    }
}

template <class T>
std::optional<T> read_single(Database& db, const std::string& sql, int64_t id) {
    auto stmt = db.prepare(sql);
    stmt->bind(1, id);
    T value{};
    if (stmt->step() && extract(*stmt, 0, value)) return value;
    return std::nullopt;
}

// Column 0 of every row; no-value cells dropped.
template <class T>
std::vector<T> read_present_values(Database& db, const std::string& sql, std::optional<int64_t> id) {
    auto stmt = db.prepare(sql);
    if (id) stmt->bind(1, *id);
    std::vector<T> values;
    T value{};
    while (stmt->step()) {
        if (extract(*stmt, 0, value)) values.push_back(std::move(value));
    }
    return values;
}

template <class T>
std::optional<T> scalar_by_id(Database& db, const char* op, const std::string& collection,
                              const std::string& attribute, int64_t id) {
    require_scalar_column(db, op, collection, attribute);
    return read_single<T>(db, select_from(quote_identifier(attribute), collection) + " WHERE id = ?", id);
}

template <class T>
ListValues<T> read_list(Database& db, TableKind kind, const char* type_word, const std::string& collection,
                        const std::string& attribute) {
    const TableInfo& table = find_attribute_table(db, kind, list_op(kind, type_word, false), collection, attribute);
    // Same SQL shape as upstream so SQLite returns set items in the same order.
    std::string sql = select_from("id, " + quote_identifier(attribute), table.name) +
                      (is_vector(kind) ? " ORDER BY id, vector_index" : " ORDER BY id");
    auto stmt = db.prepare(sql);
    ListValues<T> out;
    T value{};
    while (stmt->step()) {
        if (stmt->column_type(0) != SQLITE_INTEGER) continue;  // rows without an integer id belong to nobody
        int64_t id = stmt->column_int64(0);
        if (out.ids.empty() || out.ids.back() != id) {
            out.ids.push_back(id);
            out.sizes.push_back(0);
        }
        if (extract(*stmt, 1, value)) {
            out.values.push_back(std::move(value));
            ++out.sizes.back();
        }
    }
    return out;
}

template <class T>
std::vector<T> read_list_by_id(Database& db, TableKind kind, const char* type_word, const std::string& collection,
                               const std::string& attribute, int64_t id) {
    const TableInfo& table = find_attribute_table(db, kind, list_op(kind, type_word, true), collection, attribute);
    std::string sql = select_from(quote_identifier(attribute), table.name) + " WHERE id = ?" +
                      (is_vector(kind) ? " ORDER BY vector_index" : "");
    return read_present_values<T>(db, sql, id);
}

// Whole-group value columns: everything but the group table's own keys.
ColumnarData empty_group_columns(const TableInfo& table, bool vector) {
    ColumnarData data;
    for (const auto& column : table.columns) {
        if (column.name == "id" || (vector && column.name == "vector_index")) continue;
        TypedColumn typed;
        typed.name = column.name;
        typed.type = column.type;
        data.columns.push_back(std::move(typed));
    }
    return data;
}

std::string column_list(const ColumnarData& data) {
    std::string out;
    for (const auto& column : data.columns) {
        if (!out.empty()) out += ", ";
        out += quote_identifier(column.name);
    }
    return out;
}

}  // namespace

// --- Bulk scalars ---

IntegerColumn read_scalar_integers(Database& db, const std::string& collection, const std::string& attribute) {
    require_scalar_column(db, "read_scalar_integers", collection, attribute);
    IntegerColumn out;
    read_scalar_column(db, select_from(quote_identifier(attribute), collection) + " ORDER BY rowid", out.values,
                       out.present);
    return out;
}

FloatColumn read_scalar_floats(Database& db, const std::string& collection, const std::string& attribute) {
    require_scalar_column(db, "read_scalar_floats", collection, attribute);
    FloatColumn out;
    read_scalar_column(db, select_from(quote_identifier(attribute), collection) + " ORDER BY rowid", out.values,
                       out.present);
    return out;
}

void scan_scalar_strings(Database& db, const std::string& collection, const std::string& attribute,
                         const std::function<void(size_t)>& expect,
                         const std::function<void(const char*, size_t)>& row) {
    require_scalar_column(db, "read_scalar_strings", collection, attribute);
    {
        auto count = db.prepare(select_from("COUNT(*)", collection));
        if (count->step()) expect(static_cast<size_t>(count->column_int64(0)));
    }
    auto stmt = db.prepare(select_from(quote_identifier(attribute), collection) + " ORDER BY rowid");
    sqlite3_stmt* raw = stmt->raw();
    while (stmt->step()) {
        if (sqlite3_column_type(raw, 0) != SQLITE_TEXT) {
            row(nullptr, 0);
            continue;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
        row(text, static_cast<size_t>(sqlite3_column_bytes(raw, 0)));
    }
}

std::vector<std::optional<std::string>> read_scalar_strings(Database& db, const std::string& collection,
                                                            const std::string& attribute) {
    std::vector<std::optional<std::string>> out;
    // Sized up front: growing a vector of a million strings costs more than the scan itself.
    scan_scalar_strings(
        db, collection, attribute, [&](size_t n) { out.reserve(n); },
        [&](const char* text, size_t size) {
            if (text) {
                out.emplace_back(std::in_place, text, size);
            } else {
                out.emplace_back(std::nullopt);
            }
        });
    return out;
}

// --- Scalar by id ---

std::optional<int64_t> read_scalar_integer_by_id(Database& db, const std::string& collection,
                                                 const std::string& attribute, int64_t id) {
    return scalar_by_id<int64_t>(db, "read_scalar_integer_by_id", collection, attribute, id);
}

std::optional<double> read_scalar_float_by_id(Database& db, const std::string& collection,
                                              const std::string& attribute, int64_t id) {
    return scalar_by_id<double>(db, "read_scalar_float_by_id", collection, attribute, id);
}

std::optional<std::string> read_scalar_string_by_id(Database& db, const std::string& collection,
                                                    const std::string& attribute, int64_t id) {
    return scalar_by_id<std::string>(db, "read_scalar_string_by_id", collection, attribute, id);
}

// --- Vector and set lists ---

const TableInfo& find_attribute_table(Database& db, TableKind kind, const std::string& op,
                                      const std::string& collection, const std::string& attribute) {
    db.require_table(op, collection);
    const Schema& schema = db.schema();
    const TableInfo* table = schema.group_table(collection, kind, attribute);
    if (!table) table = table_with_column(schema, kind, collection, attribute);
    if (!table) {
        fail(std::string(is_vector(kind) ? "Vector" : "Set") + " attribute '" + attribute +
             "' not found for collection '" + collection + "'");
    }
    // Reached when the exact-name table exists but `attribute` is its group name, not a column.
    if (!table->has_column(attribute)) {
        fail("Cannot " + op + ": column '" + attribute + "' not found in table '" + table->name + "'");
    }
    return *table;
}

ListValues<int64_t> read_list_integers(Database& db, TableKind kind, const std::string& collection,
                                       const std::string& attribute) {
    return read_list<int64_t>(db, kind, "integers", collection, attribute);
}

ListValues<double> read_list_floats(Database& db, TableKind kind, const std::string& collection,
                                    const std::string& attribute) {
    return read_list<double>(db, kind, "floats", collection, attribute);
}

ListValues<std::string> read_list_strings(Database& db, TableKind kind, const std::string& collection,
                                          const std::string& attribute) {
    return read_list<std::string>(db, kind, "strings", collection, attribute);
}

std::vector<int64_t> read_list_integers_by_id(Database& db, TableKind kind, const std::string& collection,
                                              const std::string& attribute, int64_t id) {
    return read_list_by_id<int64_t>(db, kind, "integers", collection, attribute, id);
}

std::vector<double> read_list_floats_by_id(Database& db, TableKind kind, const std::string& collection,
                                           const std::string& attribute, int64_t id) {
    return read_list_by_id<double>(db, kind, "floats", collection, attribute, id);
}

std::vector<std::string> read_list_strings_by_id(Database& db, TableKind kind, const std::string& collection,
                                                 const std::string& attribute, int64_t id) {
    return read_list_by_id<std::string>(db, kind, "strings", collection, attribute, id);
}

// --- Whole group of one element ---

ColumnarData read_group_by_id(Database& db, TableKind kind, const std::string& collection, const std::string& group,
                              int64_t id) {
    bool vector = is_vector(kind);
    // Upstream's C layer fetches the group metadata first, so its op names are reported.
    db.require_table(vector ? "get_vector_metadata" : "get_set_metadata", collection);
    const TableInfo* table = db.schema().group_table(collection, kind, group);
    if (!table) {
        fail(std::string(vector ? "Vector" : "Set") + " group not found: '" + group + "' in collection '" +
             collection + "'");
    }
    ColumnarData data = empty_group_columns(*table, vector);
    if (data.columns.empty()) return data;

    // Sets come back in insertion (rowid) order here, unlike the value order of the list reads.
    auto stmt = db.prepare(select_from(column_list(data), table->name) + " WHERE id = ? ORDER BY " +
                           (vector ? "vector_index" : "rowid"));
    stmt->bind(1, id);
    while (stmt->step()) {
        for (size_t c = 0; c < data.columns.size(); ++c) data.columns[c].push(stmt->column_value(static_cast<int>(c)));
        ++data.row_count;
    }
    if (data.row_count == 0) data.columns.clear();
    return data;
}

// --- Ids and counts ---

std::vector<int64_t> read_element_ids(Database& db, const std::string& collection) {
    db.require_table("read_element_ids", collection);
    return read_present_values<int64_t>(db, select_from("id", collection) + " ORDER BY rowid", std::nullopt);
}

int64_t number_of_elements(Database& db, const std::string& collection) {
    db.require_table("number_of_elements", collection);
    auto stmt = db.prepare(select_from("COUNT(*)", collection));
    stmt->step();
    return stmt->column_int64(0);
}

}  // namespace quiver
