#include "sqlite.hpp"

#include <cmath>

#include "error.hpp"

namespace quiver {

namespace {

std::string message_of(sqlite3* db) { return sqlite_error(db); }

}  // namespace

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size() + 1), &stmt_, nullptr) != SQLITE_OK) {
        std::string msg = message_of(db);
        sqlite3_finalize(stmt_);
        stmt_ = nullptr;
        fail("Failed to prepare statement: " + msg);
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind_all(const std::vector<Value>& params) {
    int expected = stmt_ ? sqlite3_bind_parameter_count(stmt_) : 0;
    if (expected != static_cast<int>(params.size())) {
        fail("Failed to execute statement: expected " + std::to_string(expected) + " bound parameter(s) but got " +
             std::to_string(params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) bind(static_cast<int>(i + 1), params[i]);
}

void Statement::bind(int index, const Value& v) {
    if (!stmt_) return;
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt_, index);
    } else if (auto i = std::get_if<int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt_, index, *i);
    } else if (auto d = std::get_if<double>(&v)) {
        // SQLite would store NaN as NULL; the writers reject it with the column's name first.
        if (std::isnan(*d)) {
            fail("Failed to execute statement: parameter " + std::to_string(index) +
                 " is NaN (use NULL for a missing value)");
        }
        rc = sqlite3_bind_double(stmt_, index, *d);
    } else {
        // Text is read back through C strings, which would end at a NUL.
        if (std::get<std::string>(v).find('\0') != std::string::npos) {
            fail("Failed to execute statement: text of parameter " + std::to_string(index) +
                 " contains a NUL character");
        }
        std::string t = trim(std::get<std::string>(v));
        rc = sqlite3_bind_text(stmt_, index, t.data(), static_cast<int>(t.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) fail("Failed to execute statement: " + message_of(db_));
}

void Statement::reset() {
    if (!stmt_) return;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::step() {
    // An empty statement (blank or comment-only SQL) reports SQLite's "not an error", as upstream does.
    if (!stmt_) fail("Failed to execute statement: not an error");
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_DONE) return false;
    if (rc != SQLITE_ROW) fail("Failed to execute statement: " + message_of(db_));
    int n = sqlite3_column_count(stmt_);
    for (int c = 0; c < n; ++c) {
        if (sqlite3_column_type(stmt_, c) == SQLITE_BLOB) fail("Failed to execute statement: BLOB type not supported");
    }
    return true;
}

int Statement::column_count() const { return stmt_ ? sqlite3_column_count(stmt_) : 0; }
int Statement::column_type(int col) const { return sqlite3_column_type(stmt_, col); }
int64_t Statement::column_int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::column_double(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::column_text(int col) const {
    const unsigned char* text = sqlite3_column_text(stmt_, col);
    int size = sqlite3_column_bytes(stmt_, col);
    return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size)) : std::string();
}

Value Statement::column_value(int col) const {
    switch (sqlite3_column_type(stmt_, col)) {
        case SQLITE_INTEGER: return sqlite3_column_int64(stmt_, col);
        case SQLITE_FLOAT: return sqlite3_column_double(stmt_, col);
        case SQLITE_TEXT: return column_text(col);
        default: return std::monostate{};
    }
}

Rows execute(sqlite3* db, const std::string& sql, const std::vector<Value>& params) {
    Statement stmt(db, sql);
    stmt.bind_all(params);
    Rows result;
    while (stmt.step()) {
        std::vector<Value> row;
        int n = stmt.column_count();
        row.reserve(static_cast<size_t>(n));
        for (int c = 0; c < n; ++c) row.push_back(stmt.column_value(c));
        result.rows.push_back(std::move(row));
    }
    return result;
}

void execute_script(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : message_of(db);
        sqlite3_free(err);
        fail("Failed to execute SQL: " + msg);
    }
}

std::string sqlite_error(sqlite3* db) {
    std::string message = sqlite3_errmsg(db);
    if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_BUSY) {
        message += " (another connection kept it locked for longer than the busy timeout)";
    }
    return message;
}

std::string quote_identifier(const std::string& name) {
    std::string out = "\"";
    for (char ch : name) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
    return out;
}

}  // namespace quiver
