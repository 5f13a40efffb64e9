#include "time_series.hpp"

#include <cmath>
#include <map>
#include <unordered_map>

#include "date_time.hpp"
#include "error.hpp"
#include "metadata.hpp"
#include "progress.hpp"
#include "write_support.hpp"

namespace quiver {

namespace {

[[noreturn]] void fail_step(Database& db) {
    fail(std::string("Failed to execute statement: ") + sqlite_error(db.sqlite()));
}

// A C string without its leading and trailing blanks (strings are bound trimmed).
std::string_view trimmed(const char* text) {
    std::string_view s(text);
    size_t begin = s.find_first_not_of(" \t\r\n");
    return begin == std::string_view::npos ? std::string_view(s.data(), 0)
                                           : s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

// Strings are bound trimmed (like every bound string) straight from the caller's memory; the statement lease clears
// the bindings before the call returns, so SQLITE_STATIC is safe.
void bind_cell(Database& db, sqlite3_stmt* stmt, int index, const SeriesInput& in, size_t r) {
    int rc;
    if (in.is_null(r)) {
        rc = sqlite3_bind_null(stmt, index);
    } else if (in.type == DataType::Integer) {
        rc = sqlite3_bind_int64(stmt, index, static_cast<const int64_t*>(in.data)[r]);
    } else if (in.type == DataType::Real) {
        rc = sqlite3_bind_double(stmt, index, static_cast<const double*>(in.data)[r]);
    } else {
        std::string_view s = trimmed(static_cast<const char* const*>(in.data)[r]);
        rc = sqlite3_bind_text(stmt, index, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) fail_step(db);
}

void step_done(Database& db, sqlite3_stmt* stmt) {
    if (sqlite3_step(stmt) != SQLITE_DONE) fail_step(db);
    sqlite3_reset(stmt);
}

// A given value's kind in the "has type <T> but received <U>" message.
const char* input_type_name(DataType t) {
    switch (t) {
        case DataType::Integer: return "INTEGER";
        case DataType::Real: return "REAL";
        default: return "TEXT";
    }
}

bool accepts(DataType column, DataType given) {
    switch (column) {
        case DataType::Integer: return given == DataType::Integer;
        case DataType::Real: return given == DataType::Integer || given == DataType::Real;
        default: return given == DataType::Text || given == DataType::DateTime;
    }
}

// The content rules of element writes (write_support.hpp), which Quiver 0.10 lacks: no NaN, and
// DATE_TIME text (the date dimension included) must be a date-time. C strings hold no NUL.
void check_content(const std::string& op, const ColumnInfo& column, const SeriesInput& input, size_t row_count) {
    auto problem = [&](size_t r, const std::string& what) {
        fail("Cannot " + op + ": column '" + column.name + "' index " + std::to_string(r) + ": " + what);
    };
    if (input.data == nullptr) return;
    if (input.type == DataType::Real) {
        const double* values = static_cast<const double*>(input.data);
        for (size_t r = 0; r < row_count; ++r) {
            if (std::isnan(values[r]) && !input.is_null(r)) problem(r, kNaNProblem);
        }
    } else if (column.type == DataType::DateTime && input.type != DataType::Integer) {
        for (size_t r = 0; r < row_count; ++r) {
            if (input.is_null(r)) continue;
            std::string_view text = trimmed(static_cast<const char* const*>(input.data)[r]);
            if (!is_valid_date_time(text)) problem(r, date_time_problem(text));
        }
    }
}

// Repeated names: the later column wins (upstream builds a name -> value map per row).
std::map<std::string, const SeriesInput*> by_name(const std::vector<SeriesInput>& columns) {
    std::map<std::string, const SeriesInput*> out;
    for (const auto& c : columns) out[c.name] = &c;
    return out;
}

// Dimension and column checks of a group update or row upsert. Upstream validates row by row and, within a row, column by column in
// name order; the first failing (row, column) pair is what we must report.
void validate_rows(const std::string& op, const TableInfo& table, const std::string& collection,
                   const std::string& group, const std::map<std::string, const SeriesInput*>& columns,
                   size_t row_count) {
    for (const ColumnInfo* dim : time_series_dimension_columns(table)) {
        if (!columns.count(dim->name)) fail("Cannot " + op + ": row missing required '" + dim->name + "' column");
    }
    const std::string* first_name = nullptr;
    const ColumnInfo* first_column = nullptr;
    const SeriesInput* first_input = nullptr;
    size_t first_row = row_count;
    for (const auto& [name, input] : columns) {
        const ColumnInfo* column = name == "id" ? nullptr : table.find_column(name);
        if (!column) {
            fail("Cannot " + op + ": column '" + name + "' not found in group '" + group + "' for collection '" +
                 collection + "'");
        }
        if (accepts(column->type, input->type)) continue;
        for (size_t r = 0; r < first_row; ++r) {
            if (input->is_null(r)) continue;
            first_row = r;
            first_name = &name;
            first_column = column;
            first_input = input;
            break;
        }
        if (first_row == 0) break;
    }
    if (first_name) {
        fail("Cannot " + op + ": column '" + *first_name + "' has type " + type_name(first_column->type) +
             " but received " + input_type_name(first_input->type));
    }
    for (const auto& [name, input] : columns) check_content(op, *table.find_column(name), *input, row_count);
}

std::string insert_sql(const char* verb, const TableInfo& table,
                       const std::map<std::string, const SeriesInput*>& columns) {
    std::string names = "id";
    std::string marks = "?";
    for (const auto& entry : columns) {
        names += ", " + quote_identifier(entry.first);
        marks += ", ?";
    }
    return std::string(verb) + " INTO " + quote_identifier(table.name) + " (" + names + ") VALUES (" + marks + ")";
}

// Whole-group read conversion (INTEGER truncates a real, REAL widens an integer), driven by the
// reported type.
void push_cell(SeriesColumn& col, sqlite3_stmt* stmt, int index) {
    int kind = sqlite3_column_type(stmt, index);
    if (kind == SQLITE_BLOB) fail("Failed to execute statement: BLOB type not supported");
    bool present = true;
    switch (col.type) {
        case DataType::Integer:
            if (kind == SQLITE_INTEGER) {
                col.integers.push_back(sqlite3_column_int64(stmt, index));
            } else if (kind == SQLITE_FLOAT) {
                col.integers.push_back(static_cast<int64_t>(sqlite3_column_double(stmt, index)));
            } else {
                col.integers.push_back(0);
                present = false;
            }
            break;
        case DataType::Real:
            if (kind == SQLITE_INTEGER || kind == SQLITE_FLOAT) {
                col.floats.push_back(sqlite3_column_double(stmt, index));
            } else {
                col.floats.push_back(0.0);
                present = false;
            }
            break;
        default:
            if (kind == SQLITE_TEXT) {
                const char* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
                col.text.append(text, static_cast<size_t>(sqlite3_column_bytes(stmt, index)));
            } else {
                present = false;
            }
            col.text_end.push_back(col.text.size());
            break;
    }
    col.present.push_back(present ? 1 : 0);
}

}  // namespace

std::vector<const ColumnInfo*> time_series_dimension_columns(const TableInfo& table) {
    std::vector<const ColumnInfo*> dims;
    for (const auto& c : table.columns) {
        if (c.name != "id" && c.primary_key) dims.push_back(&c);
    }
    if (dims.empty()) fail("Dimension column not found: time series table '" + table.name + "'");
    return dims;
}

const TableInfo& require_time_series_table(Database& db, const std::string& op, const std::string& collection,
                                           const std::string& group) {
    db.require_table(op, collection);
    const TableInfo* table = db.schema().group_table(collection, TableKind::TimeSeries, group);
    if (!table) fail("Time series group '" + group + "' not found for collection '" + collection + "'");
    return *table;
}

bool SeriesInput::is_null(size_t r) const {
    if (data == nullptr || (mask && mask[r] == 0)) return true;
    bool text = type == DataType::Text || type == DataType::DateTime;
    return text && static_cast<const char* const*>(data)[r] == nullptr;
}

SeriesData read_time_series_group(Database& db, const std::string& collection, const std::string& group, int64_t id) {
    // The metadata call supplies upstream's errors and the column list.
    GroupMetadata meta = get_time_series_metadata(db, collection, group);
    const TableInfo& table = *db.schema().group_table(collection, TableKind::TimeSeries, group);
    const std::string& dimension = *meta.dimension_column;

    SeriesData out;
    auto add_column = [&out](const std::string& name, DataType type) {
        out.columns.emplace_back();
        out.columns.back().name = name;
        out.columns.back().type = type;
    };
    add_column(dimension, DataType::Text);
    std::string sql = "SELECT " + quote_identifier(dimension);
    for (const auto& c : meta.value_columns) {
        add_column(c.name, c.data_type);
        sql += ", " + quote_identifier(c.name);
    }
    sql += " FROM " + quote_identifier(table.name) + " WHERE id = ? ORDER BY " + quote_identifier(dimension);

    if (progress::active()) {
        auto count = db.prepare("SELECT COUNT(*) FROM " + quote_identifier(table.name) + " WHERE id = ?");
        sqlite3_bind_int64(count->raw(), 1, id);
        if (count->step()) progress::set_total(count->column_int64(0));
    }
    auto stmt = db.prepare(sql);
    sqlite3_stmt* raw = stmt->raw();
    sqlite3_bind_int64(raw, 1, id);
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
        for (size_t c = 0; c < out.columns.size(); ++c) push_cell(out.columns[c], raw, static_cast<int>(c));
        ++out.row_count;
        progress::advance();
    }
    if (rc != SQLITE_DONE) fail_step(db);
    if (out.row_count == 0) out.columns.clear();
    return out;
}

void update_time_series_group(Database& db, const std::string& collection, const std::string& group, int64_t id,
                              const std::vector<SeriesInput>& columns, size_t row_count) {
    const std::string op = "update_time_series_group";
    const TableInfo& table = require_time_series_table(db, op, collection, group);
    time_series_dimension_columns(table);  // upstream resolves them even when clearing
    auto named = by_name(columns);
    if (!named.empty()) validate_rows(op, table, collection, group, named, row_count);

    progress::set_total(static_cast<int64_t>(named.empty() ? 0 : row_count));
    WriteTransaction txn(db);
    {
        auto del = db.prepare("DELETE FROM " + quote_identifier(table.name) + " WHERE id = ?");
        sqlite3_bind_int64(del->raw(), 1, id);
        step_done(db, del->raw());
    }
    if (!named.empty() && row_count > 0) {
        auto insert = db.prepare(insert_sql("INSERT", table, named));
        sqlite3_stmt* raw = insert->raw();
        for (size_t r = 0; r < row_count; ++r) {
            sqlite3_bind_int64(raw, 1, id);
            int index = 2;
            for (const auto& entry : named) bind_cell(db, raw, index++, *entry.second, r);
            step_done(db, raw);
            progress::report(static_cast<int64_t>(r + 1));
        }
    }
    txn.commit();
}

void upsert_time_series_row(Database& db, const std::string& collection, const std::string& group, int64_t id,
                            const std::vector<SeriesInput>& columns) {
    const std::string op = "upsert_time_series_row";
    const TableInfo& table = require_time_series_table(db, op, collection, group);
    auto named = by_name(columns);
    validate_rows(op, table, collection, group, named, 1);

    WriteTransaction txn(db);
    {
        // INSERT OR REPLACE: an existing row with the same key is replaced whole, so value
        // columns not given fall back to their DEFAULT / NULL.
        auto insert = db.prepare(insert_sql("INSERT OR REPLACE", table, named));
        sqlite3_stmt* raw = insert->raw();
        sqlite3_bind_int64(raw, 1, id);
        int index = 2;
        for (const auto& entry : named) bind_cell(db, raw, index++, *entry.second, 0);
        step_done(db, raw);
    }
    txn.commit();
}

SeriesRowValues read_time_series_row(Database& db, const std::string& collection, const std::string& group,
                                     const std::string& attribute, const std::string& date_time) {
    const TableInfo& table = require_time_series_table(db, "read_time_series_row", collection, group);
    const ColumnInfo& dim = dimension_column_of(table);
    const ColumnInfo* column = table.find_column(attribute);
    if (!column || attribute == "id" || attribute == dim.name) {
        fail("Time series attribute not found: '" + attribute + "' in group '" + group + "' of collection '" +
             collection + "'");
    }

    SeriesRowValues out;
    out.type = column->type;
    std::vector<int64_t> ids;
    {
        auto stmt = db.prepare("SELECT id FROM " + quote_identifier(collection) + " ORDER BY id");
        while (stmt->step()) ids.push_back(stmt->column_int64(0));
    }
    if (ids.empty()) return out;

    // Per element: the rows at the greatest dimension value <= date_time among rows where the
    // attribute is not NULL. Same shape as upstream's query, so ties (several rows on that date
    // in a multi-dimension group) resolve the same way: the last row returned wins.
    const std::string t = quote_identifier(table.name);
    const std::string d = quote_identifier(dim.name);
    const std::string a = quote_identifier(attribute);
    auto stmt = db.prepare("SELECT t.id, t." + a + " FROM " + t + " t INNER JOIN (SELECT id, MAX(" + d +
                           ") AS max_dim FROM " + t + " WHERE " + d + " <= ? AND " + a +
                           " IS NOT NULL GROUP BY id) latest ON t.id = latest.id AND t." + d +
                           " = latest.max_dim ORDER BY t.id");
    stmt->bind(1, date_time);
    std::unordered_map<int64_t, Value> latest;
    while (stmt->step()) {
        if (stmt->column_type(0) != SQLITE_INTEGER) continue;
        latest[stmt->column_int64(0)] = stmt->column_value(1);
    }
    out.values.reserve(ids.size());
    for (int64_t element : ids) {
        auto it = latest.find(element);
        out.values.push_back(it == latest.end() ? Value{} : it->second);
    }
    return out;
}

}  // namespace quiver
