#pragma once
// Thin RAII over sqlite3 with Quiver's error wording:
//   prepare failure  -> "Failed to prepare statement: <msg>"
//   step failure     -> "Failed to execute statement: <msg>"
//   wrong arity      -> "Failed to execute statement: expected <n> bound parameter(s) but got <m>"
//   BLOB in a result -> "Failed to execute statement: BLOB type not supported"
//   scripts          -> "Failed to execute SQL: <msg>"
#include <sqlite3.h>

#include <string>
#include <vector>

#include "value.hpp"

namespace quiver {

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binds params to ?1..?n after checking the statement declares exactly params.size().
    // Strings are trimmed when bound.
    void bind_all(const std::vector<Value>& params);
    void bind(int index, const Value& v);  // 1-based; no arity check
    void reset();                          // reset + clear bindings

    // Steps once: true when a row is available, false when done; throws on error.
    // Every row is checked for BLOB values.
    bool step();
    int column_count() const;
    int column_type(int col) const;  // SQLITE_INTEGER/FLOAT/TEXT/NULL
    int64_t column_int64(int col) const;
    double column_double(int col) const;
    std::string column_text(int col) const;
    Value column_value(int col) const;
    sqlite3_stmt* raw() const { return stmt_; }
    bool empty() const { return stmt_ == nullptr; }  // SQL had no statement (e.g. "" or a comment)

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

struct Rows {
    std::vector<std::vector<Value>> rows;
};

// Prepares the first statement of sql, binds params (arity checked), steps to completion and
// materializes every row.
Rows execute(sqlite3* db, const std::string& sql, const std::vector<Value>& params = {});

// Runs a multi-statement script; failures are "Failed to execute SQL: <msg>".
void execute_script(sqlite3* db, const std::string& sql);

// Double-quoted SQL identifier. Only names already validated against the schema reach here.
std::string quote_identifier(const std::string& name);

// sqlite3_errmsg, and for a lock held by another connection past the busy timeout a word on what
// happened: "database is locked (another connection kept it locked for longer than the busy
// timeout)".
std::string sqlite_error(sqlite3* db);

}  // namespace quiver
