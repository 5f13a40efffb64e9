#pragma once
// Fixtures of the expression tests: handles owned per test, the builders that fail the test on an
// error, and saving a result to read back its SIMPLE cells.
#include <functional>
#include <string>
#include <vector>

#include "quiver/c/expression/expression.h"

namespace qt {

using Cells = std::vector<double>;
using E = quiver_expression_t*;

// Owns the expressions a test builds; closes them when the test ends.
struct Handles {
    std::vector<E> expressions;
    Handles() = default;
    Handles(const Handles&) = delete;
    Handles& operator=(const Handles&) = delete;
    ~Handles();
    E keep(E e);
};

E from_path(Handles& h, const std::string& path);
E apply(Handles& h, quiver_expression_operation_t op, E a, E b);
E right(Handles& h, quiver_expression_operation_t op, E a, double x);
E left(Handles& h, quiver_expression_operation_t op, double x, E a);
E unary(Handles& h, quiver_expression_unary_operation_t op, E a);

// Saves `e` under the scratch name and returns every SIMPLE cell of the result.
Cells saved(E e, const char* name = "expr_out");
// The SIMPLE cells (3 rows x 2 cols x labels) of f(r, c, k).
Cells expected(const std::function<double(int64_t, int64_t, size_t)>& f, size_t labels = 2);

}  // namespace qt
