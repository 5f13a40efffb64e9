#include "expression_fixtures.hpp"

#include "binary_fixtures.hpp"
#include "check.hpp"

namespace qt {

Handles::~Handles() {
    for (E e : expressions) quiver_expression_close(e);
}

E Handles::keep(E e) {
    expressions.push_back(e);
    return e;
}

E from_path(Handles& h, const std::string& path) {
    quiver_binary_file_t* f = nullptr;
    quiver_binary_file_create(path.c_str(), &f);
    E e = nullptr;
    if (quiver_expression_from_file(f, &e) != QUIVER_OK) fail(__FILE__, __LINE__, "from_file: " + last_error());
    quiver_binary_file_close(f);
    return h.keep(e);
}

E apply(Handles& h, quiver_expression_operation_t op, E a, E b) {
    E e = nullptr;
    if (quiver_expression_apply(op, a, b, &e) != QUIVER_OK) fail(__FILE__, __LINE__, "apply: " + last_error());
    return h.keep(e);
}

E right(Handles& h, quiver_expression_operation_t op, E a, double x) {
    E e = nullptr;
    if (quiver_expression_apply_scalar_right(op, a, x, &e) != QUIVER_OK) fail(__FILE__, __LINE__, last_error());
    return h.keep(e);
}

E left(Handles& h, quiver_expression_operation_t op, double x, E a) {
    E e = nullptr;
    if (quiver_expression_apply_scalar_left(op, x, a, &e) != QUIVER_OK) fail(__FILE__, __LINE__, last_error());
    return h.keep(e);
}

E unary(Handles& h, quiver_expression_unary_operation_t op, E a) {
    E e = nullptr;
    if (quiver_expression_apply_unary(op, a, &e) != QUIVER_OK) fail(__FILE__, __LINE__, last_error());
    return h.keep(e);
}

Cells saved(E e, const char* name) {
    const std::string out = temp_path(name);
    if (quiver_expression_save(e, out.c_str()) != QUIVER_OK) {
        fail(__FILE__, __LINE__, "save: " + last_error());
        return {};
    }
    return simple_cells(out);
}

Cells expected(const std::function<double(int64_t, int64_t, size_t)>& f, size_t labels) {
    Cells out;
    for (int64_t r = 1; r <= 3; ++r) {
        for (int64_t c = 1; c <= 2; ++c) {
            for (size_t k = 0; k < labels; ++k) out.push_back(f(r, c, k));
        }
    }
    return out;
}

}  // namespace qt
