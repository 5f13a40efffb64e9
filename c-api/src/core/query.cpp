#include "query.hpp"

#include "sqlite.hpp"

namespace quiver {

namespace {

// Column 0 of row 0, or nullopt when the statement produced no row.
std::optional<Value> first_cell(Database& db, const std::string& sql, const std::vector<Value>& params) {
    Rows result = execute(db.sqlite(), sql, params);
    if (result.rows.empty() || result.rows.front().empty()) return std::nullopt;
    return std::move(result.rows.front().front());
}

template <class T>
std::optional<T> exact_kind(const std::optional<Value>& cell) {
    if (cell) {
        if (const T* v = std::get_if<T>(&*cell)) return *v;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> query_string(Database& db, const std::string& sql, const std::vector<Value>& params) {
    return exact_kind<std::string>(first_cell(db, sql, params));
}

std::optional<int64_t> query_integer(Database& db, const std::string& sql, const std::vector<Value>& params) {
    return exact_kind<int64_t>(first_cell(db, sql, params));
}

std::optional<double> query_float(Database& db, const std::string& sql, const std::vector<Value>& params) {
    std::optional<Value> cell = first_cell(db, sql, params);
    if (auto i = exact_kind<int64_t>(cell)) return static_cast<double>(*i);
    return exact_kind<double>(cell);
}

}  // namespace quiver
