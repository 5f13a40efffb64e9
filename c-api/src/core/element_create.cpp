#include "element_create.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "date_time.hpp"
#include "element_write.hpp"
#include "error.hpp"
#include "sqlite.hpp"
#include "write_support.hpp"

namespace quiver {

namespace {

constexpr const char* kOp = "create_elements";
constexpr std::string_view kPrefix = "Cannot create_elements: ";
constexpr std::string_view kSinglePrefix = "Cannot create_element: ";

std::string_view trimmed(const char* s, size_t n) {
    size_t b = 0, e = n;
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (b < e && blank(s[b])) ++b;
    while (e > b && blank(s[e - 1])) --e;
    return {s + b, e - b};
}

Value to_value(const Cell& cell) {
    switch (cell.kind) {
        case Cell::Kind::Integer: return cell.integer;
        case Cell::Kind::Real: return cell.real;
        case Cell::Kind::Text: return std::string(cell.text, cell.size);
        default: return std::monostate{};
    }
}

// A scalar attribute of the rows, resolved against the collection table once per call.
struct ScalarColumn {
    size_t source = 0;
    const std::string* name = nullptr;
    const ColumnInfo* info = nullptr;    // nullptr: not a column (an error for rows giving it)
    const ForeignKeyInfo* fk = nullptr;  // labels given as text become the target's id
    std::optional<StatementLease> lookup;
    std::unordered_map<std::string, int64_t> ids_by_label;  // this call's lookups
};

// The row's reason with create_element's (or our own) prefix removed.
std::string row_message(size_t row, const std::string& message) {
    std::string_view reason = message;
    if (reason.starts_with(kPrefix)) {
        reason.remove_prefix(kPrefix.size());
    } else if (reason.starts_with(kSinglePrefix)) {
        reason.remove_prefix(kSinglePrefix.size());
    }
    return std::string(kPrefix) + "row " + std::to_string(row) + ": " + std::string(reason);
}

[[noreturn]] void reason(const std::string& text) { fail(std::string(kPrefix) + text); }

int64_t resolve(Database& db, ScalarColumn& column, const Cell& cell) {
    std::string_view label = trimmed(cell.text, cell.size);
    std::string key(label);
    auto hit = column.ids_by_label.find(key);
    if (hit != column.ids_by_label.end()) return hit->second;
    if (!column.lookup) {
        column.lookup.emplace(db.prepare("SELECT id FROM " + quote_identifier(column.fk->table) + " WHERE label = ?"));
    }
    Statement& stmt = **column.lookup;
    if (key.find('\0') != std::string::npos) {
        fail("Failed to execute statement: text of parameter 1 contains a NUL character");
    }
    sqlite3_bind_text(stmt.raw(), 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    bool found = stmt.step();
    int64_t id = found ? stmt.column_int64(0) : 0;
    sqlite3_reset(stmt.raw());
    if (!found) {
        fail("Failed to resolve label '" + std::string(cell.text, cell.size) + "' to ID in table '" + column.fk->table + "'");
    }
    column.ids_by_label.emplace(std::move(key), id);
    return id;
}

// create_element's type rule for a scalar: the kind of the value against the column type.
void check_scalar(const ColumnInfo& info, const Cell& cell) {
    const bool text_column = info.type == DataType::Text || info.type == DataType::DateTime;
    const char* got = nullptr;
    switch (cell.kind) {
        case Cell::Kind::Integer: got = text_column ? "INTEGER" : nullptr; break;
        case Cell::Kind::Real: got = info.type == DataType::Real ? nullptr : "REAL"; break;
        case Cell::Kind::Text: got = text_column ? nullptr : "TEXT"; break;
        default: break;
    }
    if (got) {
        reason("type mismatch for column '" + info.name + "': expected " + type_name(info.type) + ", got " + got);
    }
    if (cell.kind == Cell::Kind::Real && std::isnan(cell.real)) reason("column '" + info.name + "': " + kNaNProblem);
    if (cell.kind == Cell::Kind::Text) {
        std::string_view text(cell.text, cell.size);
        if (text.find('\0') != std::string_view::npos) reason("column '" + info.name + "': " + kNulProblem);
        if (info.type == DataType::DateTime) {
            std::string_view t = trimmed(cell.text, cell.size);
            if (!is_valid_date_time(t)) reason("column '" + info.name + "': " + date_time_problem(t));
        }
    }
}

// Rolls the call's rows back unless committed: its own transaction, or a savepoint inside the
// caller's transaction (or dry run).
class BulkTransaction {
public:
    explicit BulkTransaction(Database& db) : db_(db), nested_(db.in_transaction()) {
        if (nested_) {
            exec("SAVEPOINT quiver_create_elements", "Failed to begin transaction: ");
        } else {
            tx_.emplace(db);
        }
    }
    ~BulkTransaction() {
        if (done_) return;
        if (nested_) {
            sqlite3_exec(db_.sqlite(), "ROLLBACK TO quiver_create_elements", nullptr, nullptr, nullptr);
            sqlite3_exec(db_.sqlite(), "RELEASE quiver_create_elements", nullptr, nullptr, nullptr);
        }
        // tx_ rolls back in its own destructor
    }
    void commit() {
        if (nested_) {
            exec("RELEASE quiver_create_elements", "Failed to commit transaction: ");
        } else {
            tx_->commit();
        }
        done_ = true;
    }
    BulkTransaction(const BulkTransaction&) = delete;
    BulkTransaction& operator=(const BulkTransaction&) = delete;

private:
    void exec(const char* sql, const char* prefix) {
        if (sqlite3_exec(db_.sqlite(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
            fail(prefix + sqlite_error(db_.sqlite()));
        }
    }
    Database& db_;
    bool nested_;
    bool done_ = false;
    std::optional<WriteTransaction> tx_;
};

}  // namespace

Cell Cell::of(const Value& v) {
    if (auto i = std::get_if<int64_t>(&v)) return of(*i);
    if (auto d = std::get_if<double>(&v)) return of(*d);
    if (auto s = std::get_if<std::string>(&v)) return of(s->data(), s->size());
    return null();
}

void create_elements(Database& db, const std::string& collection, const RowSource& rows, int64_t* ids,
                     const BulkControl& control) {
    const TableInfo& table = db.require_table(kOp, collection);
    const size_t row_count = rows.row_count();
    const size_t column_count = rows.column_count();

    // Scalars in name order (create_element's order for labels and checks), arrays beside them.
    std::vector<ScalarColumn> scalars;
    std::vector<size_t> arrays;
    {
        std::map<std::string, size_t> scalar_names, array_names;
        for (size_t c = 0; c < column_count; ++c) {
            auto& names = rows.is_array(c) ? array_names : scalar_names;
            if (!names.emplace(rows.name(c), c).second) reason("column '" + rows.name(c) + "' is given twice");
        }
        scalars.reserve(scalar_names.size());
        for (const auto& [name, c] : scalar_names) {
            ScalarColumn column;
            column.source = c;
            column.name = &rows.name(c);
            column.info = table.find_column(name);
            column.fk = table.foreign_key_for(name);
            scalars.push_back(std::move(column));
        }
        for (const auto& entry : array_names) arrays.push_back(entry.second);
    }
    if (row_count == 0) return;

    // One INSERT per set of given columns; nearly always a single one.
    std::unordered_map<std::string, StatementLease> inserts;
    auto insert_for = [&](const std::string& given) -> Statement& {
        auto it = inserts.find(given);
        if (it != inserts.end()) return *it->second;
        std::string names, marks;
        for (size_t k = 0; k < scalars.size(); ++k) {
            if (given[k] == '0') continue;
            if (!names.empty()) {
                names += ", ";
                marks += ", ";
            }
            names += quote_identifier(*scalars[k].name);
            marks += "?";
        }
        auto lease = db.prepare("INSERT INTO " + quote_identifier(collection) + " (" + names + ") VALUES (" + marks + ")");
        return *inserts.emplace(given, std::move(lease)).first->second;
    };

    BulkTransaction tx(db);
    std::vector<Cell> cells(scalars.size());
    std::string given(scalars.size(), '1');
    std::map<std::string, std::vector<Value>> row_arrays;
    for (size_t r = 0; r < row_count; ++r) {
        if (control.cancel &&
            std::atomic_ref<int32_t>(*const_cast<int32_t*>(control.cancel)).load(std::memory_order_relaxed) != 0) {
            fail(std::string(kPrefix) + "cancelled after " + std::to_string(r) + " of " + std::to_string(row_count) +
                 " rows");
        }
        try {
            size_t given_count = 0;
            for (size_t k = 0; k < scalars.size(); ++k) {
                cells[k] = rows.scalar(scalars[k].source, r);
                const bool present = cells[k].kind != Cell::Kind::Absent;
                given[k] = present ? '1' : '0';
                given_count += present;
            }
            if (given_count == 0) reason("element must have at least one scalar attribute");

            // Foreign-key labels become ids (scalars, then arrays), as create_element does.
            for (size_t k = 0; k < scalars.size(); ++k) {
                Cell& cell = cells[k];
                if (cell.kind != Cell::Kind::Text) continue;
                ScalarColumn& column = scalars[k];
                if (column.fk) {
                    cell = Cell::of(resolve(db, column, cell));
                } else if (column.info && column.info->type == DataType::Integer) {
                    fail("Cannot resolve attribute: '" + *column.name + "' is INTEGER but received string '" +
                         std::string(cell.text, cell.size) + "' (not a foreign key)");
                }
            }
            row_arrays.clear();
            for (size_t c : arrays) {
                const size_t n = rows.array_size(c, r);
                if (n == 0) continue;  // empty arrays are skipped on create
                std::vector<Value> values;
                values.reserve(n);
                for (size_t i = 0; i < n; ++i) values.push_back(to_value(rows.array_cell(c, r, i)));
                row_arrays.emplace(rows.name(c), std::move(values));
            }
            if (!row_arrays.empty()) resolve_array_labels(db, collection, row_arrays);

            for (size_t k = 0; k < scalars.size(); ++k) {
                if (given[k] == '0') continue;
                if (!scalars[k].info) reason("Column '" + *scalars[k].name + "' not found in table '" + table.name + "'");
                check_scalar(*scalars[k].info, cells[k]);
            }

            Statement& insert = insert_for(given);
            sqlite3_stmt* stmt = insert.raw();
            int index = 1;
            for (size_t k = 0; k < scalars.size(); ++k) {
                const Cell& cell = cells[k];
                switch (cell.kind) {
                    case Cell::Kind::Absent: continue;
                    case Cell::Kind::Null: sqlite3_bind_null(stmt, index); break;
                    case Cell::Kind::Integer: sqlite3_bind_int64(stmt, index, cell.integer); break;
                    case Cell::Kind::Real: sqlite3_bind_double(stmt, index, cell.real); break;
                    case Cell::Kind::Text: {
                        // The text outlives the step: it is the caller's, borrowed for the call.
                        std::string_view t = trimmed(cell.text, cell.size);
                        sqlite3_bind_text(stmt, index, t.data(), static_cast<int>(t.size()), SQLITE_STATIC);
                        break;
                    }
                }
                ++index;
            }
            if (sqlite3_step(stmt) != SQLITE_DONE) {
                std::string message = sqlite_error(db.sqlite());
                sqlite3_reset(stmt);
                fail("Failed to execute statement: " + message);
            }
            sqlite3_reset(stmt);
            const int64_t id = sqlite3_last_insert_rowid(db.sqlite());
            if (!row_arrays.empty()) write_element_arrays(db, kOp, collection, id, row_arrays);
            ids[r] = id;
        } catch (const Error& e) {
            fail(row_message(r, e.what()));
        }
        if (control.done) std::atomic_ref<int64_t>(*control.done).store(static_cast<int64_t>(r + 1), std::memory_order_relaxed);
    }
    tx.commit();
}

}  // namespace quiver
