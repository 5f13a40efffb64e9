// Queries. NULL checks: db, sql, out_value, out_has_value, then for _params
// param_types and param_values when param_count > 0. Parameters are decoded before any SQL is
// prepared, so a bad parameter is reported even for invalid SQL.
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/query.hpp"
#include "database_handle.hpp"
#include "support.hpp"

using quiver::c::guarded;

namespace {

[[noreturn]] void bad_param(size_t index, const char* what) {
    throw quiver::Error("Cannot query: parameter at index " + std::to_string(index) + " has " + what);
}

quiver::Value decode_param(int type, const void* value, size_t index) {
    switch (type) {
        case QUIVER_DATA_TYPE_INTEGER:
            // Upstream dereferences NULL here; an error is our choice.
            if (!value) bad_param(index, "null value");
            return *static_cast<const int64_t*>(value);
        case QUIVER_DATA_TYPE_FLOAT:
            if (!value) bad_param(index, "null value");
            return *static_cast<const double*>(value);
        case QUIVER_DATA_TYPE_STRING:
            // The pointer is the string itself, not a pointer to it.
            if (!value) bad_param(index, "null string value");
            return std::string(static_cast<const char*>(value));
        case QUIVER_DATA_TYPE_NULL: return std::monostate{};
        default:
            // DATE_TIME (3) included: dates travel as STRING.
            throw quiver::Error("Cannot query: unknown parameter type " + std::to_string(type));
    }
}

std::vector<quiver::Value> decode_params(const int* param_types, const void* const* param_values, size_t param_count) {
    std::vector<quiver::Value> params;
    params.reserve(param_count);
    for (size_t i = 0; i < param_count; ++i) params.push_back(decode_param(param_types[i], param_values[i], i));
    return params;
}

// String results: a fresh copy, or NULL with has_value 0.
void export_result(const std::optional<std::string>& result, char** out_value, int* out_has_value) {
    *out_value = result ? quiver::c::copy_string(*result) : nullptr;
    *out_has_value = result ? 1 : 0;
}

// Numeric results: without a value *out_value is left unchanged.
template <class T>
void export_result(const std::optional<T>& result, T* out_value, int* out_has_value) {
    if (result) *out_value = *result;
    *out_has_value = result ? 1 : 0;
}

// Decodes every parameter first (its errors win over SQL errors), then runs the query.
template <class Query, class Out>
quiver_error_t run_query(quiver_database_t* db, const char* sql, const int* param_types,
                         const void* const* param_values, size_t param_count, Query query, Out* out_value,
                         int* out_has_value) {
    return guarded([&] {
        std::vector<quiver::Value> params = decode_params(param_types, param_values, param_count);
        export_result(query(*db->db, sql, params), out_value, out_has_value);
    });
}

}  // namespace

// QUIVER_REQUIRE returns from the calling function, so the shared checks are macros.
#define QUIVER_QUERY_CHECKS()      \
    QUIVER_REQUIRE(db);            \
    QUIVER_REQUIRE(sql);           \
    QUIVER_REQUIRE(out_value);     \
    QUIVER_REQUIRE(out_has_value)

#define QUIVER_PARAM_CHECKS()         \
    if (param_count > 0) {            \
        QUIVER_REQUIRE(param_types);  \
        QUIVER_REQUIRE(param_values); \
    }

extern "C" {

quiver_error_t quiver_database_query_string(quiver_database_t* db, const char* sql, char** out_value,
                                            int* out_has_value) {
    QUIVER_QUERY_CHECKS();
    return run_query(db, sql, nullptr, nullptr, 0, quiver::query_string, out_value, out_has_value);
}

quiver_error_t quiver_database_query_integer(quiver_database_t* db, const char* sql, int64_t* out_value,
                                             int* out_has_value) {
    QUIVER_QUERY_CHECKS();
    return run_query(db, sql, nullptr, nullptr, 0, quiver::query_integer, out_value, out_has_value);
}

quiver_error_t quiver_database_query_float(quiver_database_t* db, const char* sql, double* out_value,
                                           int* out_has_value) {
    QUIVER_QUERY_CHECKS();
    return run_query(db, sql, nullptr, nullptr, 0, quiver::query_float, out_value, out_has_value);
}

quiver_error_t quiver_database_query_string_params(quiver_database_t* db, const char* sql, const int* param_types,
                                                   const void* const* param_values, size_t param_count,
                                                   char** out_value, int* out_has_value) {
    QUIVER_QUERY_CHECKS();
    QUIVER_PARAM_CHECKS();
    return run_query(db, sql, param_types, param_values, param_count, quiver::query_string, out_value,
                            out_has_value);
}

quiver_error_t quiver_database_query_integer_params(quiver_database_t* db, const char* sql, const int* param_types,
                                                    const void* const* param_values, size_t param_count,
                                                    int64_t* out_value, int* out_has_value) {
    QUIVER_QUERY_CHECKS();
    QUIVER_PARAM_CHECKS();
    return run_query(db, sql, param_types, param_values, param_count, quiver::query_integer, out_value,
                            out_has_value);
}

quiver_error_t quiver_database_query_float_params(quiver_database_t* db, const char* sql, const int* param_types,
                                                  const void* const* param_values, size_t param_count,
                                                  double* out_value, int* out_has_value) {
    QUIVER_QUERY_CHECKS();
    QUIVER_PARAM_CHECKS();
    return run_query(db, sql, param_types, param_values, param_count, quiver::query_float, out_value,
                            out_has_value);
}

}  // extern "C"
