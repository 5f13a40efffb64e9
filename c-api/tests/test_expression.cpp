// quiver_expression_*: arithmetic, broadcasting, units and labels, comparisons and logic, IFELSE,
// aggregates over dimensions and labels, select/rename, save and its collision rule, NULLs.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "binary_fixtures.hpp"
#include "check.hpp"
#include "expression_fixtures.hpp"
#include "quiver/c/expression/expression.h"

namespace {

using qt::apply;
using qt::Cells;
using qt::E;
using qt::expected;
using qt::from_path;
using qt::Handles;
using qt::left;
using qt::right;
using qt::saved;
using qt::unary;

E ifelse(Handles& h, E c, E t, E f) {
    E e = nullptr;
    if (quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, c, t, f, &e) != QUIVER_OK) {
        qt::fail(__FILE__, __LINE__, qt::last_error());
    }
    return h.keep(e);
}

std::string out_path(const char* name) { return qt::temp_path(name); }

bool close_to(const Cells& a, const Cells& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::isnan(a[i]) != std::isnan(b[i])) return false;
        if (!std::isnan(a[i]) && std::fabs(a[i] - b[i]) > 1e-9 * std::max(1.0, std::fabs(b[i]))) return false;
    }
    return true;
}

std::string unit_of(E e) {
    quiver_binary_metadata_t* md = nullptr;
    quiver_expression_get_metadata(e, &md);
    std::string unit = qt::metadata_unit(md);
    quiver_binary_metadata_free(md);
    return unit;
}

std::vector<std::string> labels_of(E e) {
    quiver_binary_metadata_t* md = nullptr;
    quiver_expression_get_metadata(e, &md);
    auto labels = qt::metadata_labels(md);
    quiver_binary_metadata_free(md);
    return labels;
}

const std::string A = "ex_a", B = "ex_b", C = "ex_c";

void arithmetic() {
    Handles h;
    const std::string a = out_path("ex_a"), b = out_path("ex_b"), c = out_path("ex_c");
    const auto fa = [](int64_t r, int64_t col, size_t k) { return 10.0 * r + col + k; };
    const auto fb = [](int64_t r, int64_t col, size_t k) { return 100.0 * r + 5 * col + 2 * k; };
    REQUIRE(qt::fill(a, fa) && qt::fill(b, fb));

    // Plain copy, from a handle opened for reading and closed.
    quiver_binary_file_t* f = nullptr;
    CHECK_OK(quiver_binary_file_open_file(a.c_str(), 'r', nullptr, &f));
    E ea = nullptr;
    CHECK_OK(quiver_expression_from_file(f, &ea));
    quiver_binary_file_close(f);
    h.keep(ea);
    CHECK_EQ(saved(ea), expected(fa));
    CHECK_EQ(saved(ea, "ex_out2"), expected(fa));
    E eb = from_path(h, b);

    CHECK_EQ(saved(apply(h, QUIVER_EXPRESSION_OPERATION_ADD, ea, eb)), expected([&](int64_t r, int64_t col, size_t k) { return fa(r, col, k) + fb(r, col, k); }));
    CHECK_EQ(saved(apply(h, QUIVER_EXPRESSION_OPERATION_SUBTRACT, ea, eb)), expected([&](int64_t r, int64_t col, size_t k) { return fa(r, col, k) - fb(r, col, k); }));
    CHECK_EQ(saved(apply(h, QUIVER_EXPRESSION_OPERATION_MULTIPLY, ea, eb)), expected([&](int64_t r, int64_t col, size_t k) { return fa(r, col, k) * fb(r, col, k); }));
    CHECK(close_to(saved(apply(h, QUIVER_EXPRESSION_OPERATION_DIVIDE, ea, eb)), expected([&](int64_t r, int64_t col, size_t k) { return fa(r, col, k) / fb(r, col, k); })));
    CHECK_EQ(saved(apply(h, QUIVER_EXPRESSION_OPERATION_ADD, ea, from_path(h, a))), expected([&](int64_t r, int64_t col, size_t k) { return 2 * fa(r, col, k); }));

    // ((A + B) - C) / 2
    const auto f1 = [](int64_t r, int64_t col, size_t k) { return 1.0 * r + col + k; };
    const auto f2 = [](int64_t r, int64_t col, size_t k) { return 2.0 * r + col + k; };
    const auto f3 = [](int64_t r, int64_t col, size_t k) { return 1.0 * r + 2 * col + k; };
    REQUIRE(qt::fill(a, f1) && qt::fill(b, f2) && qt::fill(c, f3));
    E x = right(h, QUIVER_EXPRESSION_OPERATION_DIVIDE,
                apply(h, QUIVER_EXPRESSION_OPERATION_SUBTRACT, apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b)), from_path(h, c)), 2.0);
    CHECK_EQ(saved(x), expected([&](int64_t r, int64_t col, size_t k) { return (f1(r, col, k) + f2(r, col, k) - f3(r, col, k)) / 2; }));

    // Scalars on either side.
    E one = from_path(h, a);
    const auto with = [&](auto g) { return expected([&](int64_t r, int64_t col, size_t k) { return g(f1(r, col, k)); }); };
    CHECK_EQ(saved(right(h, QUIVER_EXPRESSION_OPERATION_ADD, one, 2)), with([](double v) { return v + 2; }));
    CHECK_EQ(saved(right(h, QUIVER_EXPRESSION_OPERATION_SUBTRACT, one, 5)), with([](double v) { return v - 5; }));
    CHECK_EQ(saved(right(h, QUIVER_EXPRESSION_OPERATION_MULTIPLY, one, 3)), with([](double v) { return v * 3; }));
    CHECK_EQ(saved(right(h, QUIVER_EXPRESSION_OPERATION_DIVIDE, one, 4)), with([](double v) { return v / 4; }));
    CHECK_EQ(saved(left(h, QUIVER_EXPRESSION_OPERATION_ADD, 7, one)), with([](double v) { return 7 + v; }));
    CHECK_EQ(saved(left(h, QUIVER_EXPRESSION_OPERATION_SUBTRACT, 100, one)), with([](double v) { return 100 - v; }));
    CHECK_EQ(saved(left(h, QUIVER_EXPRESSION_OPERATION_MULTIPLY, 5, one)), with([](double v) { return 5 * v; }));
    CHECK(close_to(saved(left(h, QUIVER_EXPRESSION_OPERATION_DIVIDE, 60, one)), with([](double v) { return 60 / v; })));

    // Unary.
    CHECK_EQ(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE, one)), with([](double v) { return -v; }));
    CHECK_EQ(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_ABS, unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE, one))), with([](double v) { return v; }));
    CHECK(close_to(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_SQRT, one)), with([](double v) { return std::sqrt(v); })));
    CHECK(close_to(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_LOG, one)), with([](double v) { return std::log(v); })));
    CHECK(close_to(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_EXP, right(h, QUIVER_EXPRESSION_OPERATION_MULTIPLY, one, 0.1))), with([](double v) { return std::exp(v * 0.1); })));
    CHECK(close_to(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_SQRT, left(h, QUIVER_EXPRESSION_OPERATION_SUBTRACT, 0, right(h, QUIVER_EXPRESSION_OPERATION_MULTIPLY, one, 0)))),
                   expected([](int64_t, int64_t, size_t) { return 0.0; })));
    REQUIRE(qt::fill(c, [](int64_t, int64_t, size_t) { return -1.0; }));
    const Cells roots = saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_SQRT, from_path(h, c)));
    CHECK(roots.size() == 12 && std::all_of(roots.begin(), roots.end(), [](double v) { return std::isnan(v); }));
    E neg = unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE, one);
    CHECK_EQ(unit_of(neg), "MW");
    CHECK_EQ(labels_of(neg), (std::vector<std::string>{"val1", "val2"}));

    // Metadata of results.
    CHECK_EQ(unit_of(one), "MW");
    CHECK_EQ(unit_of(right(h, QUIVER_EXPRESSION_OPERATION_MULTIPLY, one, 2.0)), "MW");
    CHECK_EQ(unit_of(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_NOT, one)), "");
    CHECK_EQ(unit_of(right(h, QUIVER_EXPRESSION_OPERATION_GT, one, 1.0)), "MW");
}

void compatibility() {
    Handles h;
    const std::string a = out_path("ex_a"), b = out_path("ex_b");
    REQUIRE(qt::fill(a, [](int64_t, int64_t, size_t) { return 1.0; }));
    qt::MetadataSpec rows4 = qt::simple_spec();
    rows4.sizes = {4, 2};
    REQUIRE(qt::write_file(b, rows4, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    E ea = from_path(h, a), eb = from_path(h, b);
    E out = reinterpret_cast<E>(0);
    out = nullptr;
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, ea, eb, &out),
              "Cannot apply: dimension 'row' has incompatible sizes 3 vs 4 (broadcasting requires n x n, 1 x n, or n x 1)");
    CHECK(out == nullptr);

    REQUIRE(qt::fill(b, [](int64_t, int64_t, size_t) { return 1.0; }, "GWh"));
    eb = from_path(h, b);
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, ea, eb, &out), "Cannot apply: units differ ('MW' vs 'GWh')");
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_GT, ea, eb, &out), "Cannot apply: units differ ('MW' vs 'GWh')");
    CHECK(out == nullptr);
    CHECK_EQ(unit_of(apply(h, QUIVER_EXPRESSION_OPERATION_AND, ea, eb)), "");
    // (a > 1) AND (b > 0) across units saves.
    E both = apply(h, QUIVER_EXPRESSION_OPERATION_AND, right(h, QUIVER_EXPRESSION_OPERATION_GT, ea, 1), right(h, QUIVER_EXPRESSION_OPERATION_GT, eb, 0));
    CHECK_EQ(saved(both), expected([](int64_t, int64_t, size_t) { return 0.0; }));

    qt::MetadataSpec other = qt::simple_spec();
    other.labels = {"val1", "val3"};
    REQUIRE(qt::write_file(b, other, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, ea, from_path(h, b), &out), "Cannot apply: labels have same size 2 but different content");
    other.labels = {"a", "b", "c"};
    REQUIRE(qt::write_file(b, other, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, ea, from_path(h, b), &out), "Cannot apply: labels have incompatible sizes 2 vs 3");

    // Time flags and properties.
    qt::MetadataSpec tm;
    tm.dimensions = {"scenario", "block"};
    tm.sizes = {3, 12};
    tm.time_dimensions = {"block"};
    tm.frequencies = {"monthly"};
    tm.labels = {"v"};
    qt::MetadataSpec plain = tm;
    plain.time_dimensions = {};
    plain.frequencies = {};
    const auto one = [](const std::vector<int64_t>&, size_t) { return 1.0; };
    REQUIRE(qt::write_file(a, tm, one) && qt::write_file(b, plain, one));
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b), &out), "Cannot apply: dimension 'block' is a time dimension on lhs but not on rhs");
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, b), from_path(h, a), &out), "Cannot apply: dimension 'block' is a time dimension on rhs but not on lhs");

    qt::MetadataSpec md1;
    md1.dimensions = {"month", "block"};
    md1.sizes = {4, 31};
    md1.time_dimensions = {"month", "block"};
    md1.frequencies = {"monthly", "daily"};
    md1.labels = {"v"};
    qt::MetadataSpec md2 = md1;
    md2.initial_datetime = "2025-02-01T00:00:00";
    REQUIRE(qt::write_file(a, md1, one) && qt::write_file(b, md2, one));
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b), &out), "Cannot apply: initial_datetime differs");
    qt::MetadataSpec ym = md1;
    ym.sizes = {4, 12};
    ym.frequencies = {"yearly", "monthly"};
    qt::MetadataSpec mm = md1;
    mm.sizes = {4, 12};
    mm.frequencies = {"monthly", "monthly"};
    mm.time_dimensions = {"block"};
    mm.dimensions = {"month", "block"};
    REQUIRE(qt::write_file(a, ym, one));
    qt::MetadataSpec single_block;
    single_block.dimensions = {"block"};
    single_block.sizes = {12};
    single_block.time_dimensions = {"block"};
    single_block.frequencies = {"monthly"};
    single_block.labels = {"v"};
    REQUIRE(qt::write_file(b, single_block, one));
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b), &out), "Cannot apply: time dimension 'block' has incompatible TimeProperties");

    qt::MetadataSpec stage = md1;
    stage.dimensions = {"stage", "block"};
    stage.sizes = {2, 31};
    stage.time_dimensions = {"stage", "block"};
    md1.sizes = {2, 31};
    REQUIRE(qt::write_file(a, md1, one) && qt::write_file(b, stage, one));
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b), &out), "Cannot apply: time dimension 'block' has incompatible TimeProperties");

    // Parents at different positions are compatible.
    qt::MetadataSpec med;
    med.dimensions = {"month", "extra", "day"};
    med.sizes = {2, 2, 31};
    med.time_dimensions = {"month", "day"};
    med.frequencies = {"monthly", "daily"};
    med.labels = {"v"};
    qt::MetadataSpec emd = med;
    emd.dimensions = {"extra", "month", "day"};
    emd.sizes = {2, 2, 31};
    REQUIRE(qt::write_file(a, med, one) && qt::write_file(b, emd, one));
    E joined = apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b));
    CHECK_OK(quiver_expression_save(joined, out_path("ex_joined").c_str()));
    CHECK_EQ(qt::read_cell(out_path("ex_joined"), {"month", "extra", "day"}, {2, 1, 28}), (Cells{2}));

    // A month dimension joined with a stage dimension: two monthly time dimensions.
    qt::MetadataSpec month_only = single_block;
    month_only.dimensions = {"month"};
    month_only.time_dimensions = {"month"};
    qt::MetadataSpec stage_only = month_only;
    stage_only.dimensions = {"stage"};
    stage_only.time_dimensions = {"stage"};
    REQUIRE(qt::write_file(a, month_only, one) && qt::write_file(b, stage_only, one));
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b), &out), "Time dimension frequencies must be unique. Duplicate: monthly");
}

void broadcasting() {
    Handles h;
    const std::string a = out_path("ex_a"), b = out_path("ex_b");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return 100.0 * r + 10 * c + k; }));
    qt::MetadataSpec row1 = qt::simple_spec();
    row1.sizes = {1, 2};
    REQUIRE(qt::write_file(b, row1, [](const std::vector<int64_t>& c, size_t k) { return 1000.0 * c[1] + k; }));
    const std::string out = out_path("ex_bc");
    CHECK_OK(quiver_expression_save(apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b)), out.c_str()));
    CHECK_EQ(qt::read_cell(out, {"row", "col"}, {1, 1})[0], 1110.0);
    CHECK_EQ(qt::read_cell(out, {"row", "col"}, {2, 1})[0], 1210.0);
    CHECK_EQ(qt::read_cell(out, {"row", "col"}, {3, 2})[1], 2322.0);

    qt::MetadataSpec single = qt::simple_spec();
    single.sizes = {2, 2};
    single.labels = {"single"};
    qt::MetadataSpec three = single;
    three.labels = {"l1", "l2", "l3"};
    REQUIRE(qt::write_file(a, single, [](const std::vector<int64_t>& c, size_t) { return 10.0 * c[0] + c[1]; }));
    REQUIRE(qt::write_file(b, three, [](const std::vector<int64_t>& c, size_t k) { return 100.0 * c[0] + 10 * c[1] + k; }));
    E sum = apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b));
    CHECK_EQ(labels_of(sum), (std::vector<std::string>{"l1", "l2", "l3"}));
    CHECK_OK(quiver_expression_save(sum, out.c_str()));
    CHECK_EQ(qt::read_cell(out, {"row", "col"}, {1, 1}), (Cells{121, 122, 123}));
    CHECK_EQ(qt::read_cell(out, {"row", "col"}, {2, 2})[2], 244.0);

    // Union of dimensions; swapped order.
    qt::MetadataSpec st;
    st.dimensions = {"scenario", "time"};
    st.sizes = {2, 4};
    st.time_dimensions = {"time"};
    st.frequencies = {"monthly"};
    st.labels = {"v"};
    qt::MetadataSpec ts = st;
    ts.dimensions = {"time", "stage"};
    ts.sizes = {4, 3};
    REQUIRE(qt::write_file(a, st, [](const std::vector<int64_t>& c, size_t) { return 10.0 * c[0] + c[1]; }));
    REQUIRE(qt::write_file(b, ts, [](const std::vector<int64_t>& c, size_t) { return 100.0 * c[0] + c[1]; }));
    E u = apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b));
    CHECK_OK(quiver_expression_save(u, out.c_str()));
    CHECK_EQ(qt::read_cell(out, {"scenario", "time", "stage"}, {1, 1, 1})[0], 112.0);
    CHECK_EQ(qt::read_cell(out, {"scenario", "time", "stage"}, {2, 4, 2})[0], 426.0);
    qt::MetadataSpec plain_st = st;
    plain_st.time_dimensions = {};
    plain_st.frequencies = {};
    qt::MetadataSpec plain_ts = plain_st;
    plain_ts.dimensions = {"time", "scenario"};
    plain_ts.sizes = {4, 2};
    REQUIRE(qt::write_file(a, plain_st, [](const std::vector<int64_t>& c, size_t) { return 10.0 * c[0] + c[1]; }));
    REQUIRE(qt::write_file(b, plain_ts, [](const std::vector<int64_t>& c, size_t) { return 100.0 * c[0] + c[1]; }));
    CHECK_OK(quiver_expression_save(apply(h, QUIVER_EXPRESSION_OPERATION_ADD, from_path(h, a), from_path(h, b)), out.c_str()));
    CHECK_EQ(qt::read_cell(out, {"scenario", "time"}, {1, 1})[0], 112.0);
    CHECK_EQ(qt::read_cell(out, {"scenario", "time"}, {2, 4})[0], 426.0);
    CHECK_EQ(qt::read_cell(out, {"scenario", "time"}, {1, 4})[0], 415.0);
    CHECK_EQ(qt::read_cell(out, {"scenario", "time"}, {2, 2})[0], 224.0);
}

void comparisons_and_logic() {
    Handles h;
    const std::string a = out_path("ex_a"), b = out_path("ex_b");
    const auto fa = [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k; };
    const auto fb = [](int64_t r, int64_t c, size_t k) { return 10.0 * c + r + k; };
    REQUIRE(qt::fill(a, fa) && qt::fill(b, fb));
    E ea = from_path(h, a), eb = from_path(h, b);
    const struct {
        quiver_expression_operation_t op;
        std::function<bool(double, double)> f;
    } ops[] = {{QUIVER_EXPRESSION_OPERATION_GT, std::greater<>()},     {QUIVER_EXPRESSION_OPERATION_LT, std::less<>()},
               {QUIVER_EXPRESSION_OPERATION_GTE, std::greater_equal<>()}, {QUIVER_EXPRESSION_OPERATION_LTE, std::less_equal<>()},
               {QUIVER_EXPRESSION_OPERATION_EQ, std::equal_to<>()},    {QUIVER_EXPRESSION_OPERATION_NEQ, std::not_equal_to<>()}};
    for (const auto& o : ops) {
        CHECK_EQ(saved(apply(h, o.op, ea, eb)), expected([&](int64_t r, int64_t c, size_t k) { return o.f(fa(r, c, k), fb(r, c, k)) ? 1.0 : 0.0; }));
    }
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return 100.0 * r + 10 * c + k; }));
    ea = from_path(h, a);
    CHECK_EQ(saved(right(h, QUIVER_EXPRESSION_OPERATION_GTE, ea, 100)), expected([](int64_t r, int64_t c, size_t k) { return 100.0 * r + 10 * c + k >= 100 ? 1.0 : 0.0; }));
    CHECK_EQ(saved(left(h, QUIVER_EXPRESSION_OPERATION_LT, 200, ea)), expected([](int64_t r, int64_t c, size_t k) { return 200 < 100.0 * r + 10 * c + k ? 1.0 : 0.0; }));
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t) { return r == 1 && c == 1 ? std::nan("") : 5.0; }));
    const Cells gt = saved(right(h, QUIVER_EXPRESSION_OPERATION_GT, from_path(h, a), 3));
    CHECK(std::isnan(gt[0]) && std::isnan(gt[1]) && gt[2] == 1.0 && gt[11] == 1.0);

    const auto fa2 = [](int64_t r, int64_t, size_t) { return r == 2 ? 0.0 : 3.0; };
    const auto fb2 = [](int64_t, int64_t c, size_t) { return c == 1 ? 0.0 : -2.0; };
    REQUIRE(qt::fill(a, fa2) && qt::fill(b, fb2));
    ea = from_path(h, a);
    eb = from_path(h, b);
    CHECK_EQ(saved(apply(h, QUIVER_EXPRESSION_OPERATION_AND, ea, eb)), expected([&](int64_t r, int64_t c, size_t k) { return fa2(r, c, k) != 0 && fb2(r, c, k) != 0 ? 1.0 : 0.0; }));
    CHECK_EQ(saved(apply(h, QUIVER_EXPRESSION_OPERATION_OR, ea, eb)), expected([&](int64_t r, int64_t c, size_t k) { return fa2(r, c, k) != 0 || fb2(r, c, k) != 0 ? 1.0 : 0.0; }));
    CHECK_EQ(saved(unary(h, QUIVER_EXPRESSION_UNARY_OPERATION_NOT, ea)), expected([&](int64_t r, int64_t c, size_t k) { return fa2(r, c, k) == 0 ? 1.0 : 0.0; }));
    REQUIRE(qt::fill(b, [](int64_t r, int64_t, size_t) { return r == 3 ? std::nan("") : 1.0; }));
    const Cells and_nan = saved(apply(h, QUIVER_EXPRESSION_OPERATION_AND, ea, from_path(h, b)));
    CHECK(std::isnan(and_nan[8]) && !std::isnan(and_nan[0]));

    REQUIRE(qt::fill(a, [](int64_t r, int64_t, size_t) { return static_cast<double>(r); }));
    ea = from_path(h, a);
    E band = apply(h, QUIVER_EXPRESSION_OPERATION_AND, right(h, QUIVER_EXPRESSION_OPERATION_GT, ea, 1), right(h, QUIVER_EXPRESSION_OPERATION_LT, ea, 3));
    REQUIRE(qt::fill(b, [](int64_t, int64_t, size_t) { return 100.0; }));
    const std::string c = out_path("ex_c");
    REQUIRE(qt::fill(c, [](int64_t, int64_t, size_t) { return -100.0; }));
    CHECK_EQ(saved(ifelse(h, band, from_path(h, b), from_path(h, c))), expected([](int64_t r, int64_t, size_t) { return r == 2 ? 100.0 : -100.0; }));
}

void ternary() {
    Handles h;
    const std::string cnd = out_path("ex_cond"), t = out_path("ex_then"), e = out_path("ex_else");
    REQUIRE(qt::fill(cnd, [](int64_t r, int64_t, size_t) { return r == 1 ? 1.0 : 0.0; }));
    REQUIRE(qt::fill(t, [](int64_t, int64_t, size_t) { return 10.0; }));
    REQUIRE(qt::fill(e, [](int64_t, int64_t, size_t) { return 20.0; }));
    CHECK_EQ(saved(ifelse(h, from_path(h, cnd), from_path(h, t), from_path(h, e))), expected([](int64_t r, int64_t, size_t) { return r == 1 ? 10.0 : 20.0; }));
    E x2 = right(h, QUIVER_EXPRESSION_OPERATION_ADD, left(h, QUIVER_EXPRESSION_OPERATION_MULTIPLY, 2, ifelse(h, from_path(h, cnd), from_path(h, t), from_path(h, e))), 1);
    CHECK_EQ(saved(x2), expected([](int64_t r, int64_t, size_t) { return r == 1 ? 21.0 : 41.0; }));

    REQUIRE(qt::fill(cnd, [](int64_t r, int64_t c, size_t) { return r == 1 && c == 1 ? std::nan("") : 1.0; }));
    REQUIRE(qt::fill(t, [](int64_t, int64_t, size_t) { return 7.0; }));
    REQUIRE(qt::fill(e, [](int64_t, int64_t, size_t) { return -7.0; }));
    const Cells nan_cond = saved(ifelse(h, from_path(h, cnd), from_path(h, t), from_path(h, e)));
    CHECK(std::isnan(nan_cond[0]) && std::isnan(nan_cond[1]) && nan_cond[6] == 7 && nan_cond[7] == 7);
    REQUIRE(qt::fill(cnd, [](int64_t, int64_t, size_t) { return 1.0; }));
    REQUIRE(qt::fill(t, [](int64_t, int64_t, size_t) { return 42.0; }));
    REQUIRE(qt::fill(e, [](int64_t, int64_t, size_t) { return std::nan(""); }));
    CHECK_EQ(saved(ifelse(h, from_path(h, cnd), from_path(h, t), from_path(h, e))), expected([](int64_t, int64_t, size_t) { return 42.0; }));

    E out = nullptr;
    REQUIRE(qt::fill(e, [](int64_t, int64_t, size_t) { return 1.0; }, "kWh"));
    CHECK_ERR(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, from_path(h, cnd), from_path(h, t), from_path(h, e), &out), "Cannot apply: units differ ('MW' vs 'kWh')");
    REQUIRE(qt::fill(cnd, [](int64_t, int64_t, size_t) { return 1.0; }, "flag"));
    REQUIRE(qt::fill(e, [](int64_t, int64_t, size_t) { return 1.0; }));
    CHECK_EQ(unit_of(ifelse(h, from_path(h, cnd), from_path(h, t), from_path(h, e))), "MW");
    qt::MetadataSpec rows4 = qt::simple_spec();
    rows4.sizes = {4, 2};
    REQUIRE(qt::write_file(e, rows4, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    CHECK_ERR(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, from_path(h, cnd), from_path(h, t), from_path(h, e), &out), "Cannot apply: dimension 'row' has incompatible sizes 3 vs 4 (broadcasting requires n x n, 1 x n, or n x 1)");
    qt::MetadataSpec abc = qt::simple_spec();
    abc.labels = {"a", "b", "c"};
    REQUIRE(qt::write_file(cnd, abc, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    REQUIRE(qt::fill(e, [](int64_t, int64_t, size_t) { return 1.0; }));
    CHECK_ERR(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, from_path(h, cnd), from_path(h, t), from_path(h, e), &out), "Cannot apply: labels are incompatible across operands (non-singleton label sets must match)");

    // Broadcast condition: [row 1, col 2].
    qt::MetadataSpec row1 = qt::simple_spec();
    row1.sizes = {1, 2};
    REQUIRE(qt::write_file(cnd, row1, [](const std::vector<int64_t>& c, size_t) { return c[1] == 1 ? 1.0 : 0.0; }));
    REQUIRE(qt::fill(t, [](int64_t, int64_t, size_t) { return 100.0; }));
    REQUIRE(qt::fill(e, [](int64_t, int64_t, size_t) { return -100.0; }));
    CHECK_EQ(saved(ifelse(h, from_path(h, cnd), from_path(h, t), from_path(h, e))), expected([](int64_t, int64_t c, size_t) { return c == 1 ? 100.0 : -100.0; }));
    qt::MetadataSpec only = qt::simple_spec();
    only.labels = {"only"};
    REQUIRE(qt::write_file(cnd, only, [](const std::vector<int64_t>& c, size_t) { return c[0] == 1 ? 1.0 : 0.0; }));
    REQUIRE(qt::fill(t, [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k; }));
    REQUIRE(qt::fill(e, [](int64_t r, int64_t c, size_t k) { return -(10.0 * r + c + k); }));
    const Cells picked = saved(ifelse(h, from_path(h, cnd), from_path(h, t), from_path(h, e)));
    CHECK(picked[0] == 11 && picked[1] == 12 && picked[6] == -22 && picked[7] == -23);
}

void aggregates() {
    Handles h;
    const std::string a = out_path("ex_a"), b = out_path("ex_b"), out = out_path("ex_agg");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k; }));
    E ea = from_path(h, a);
    const auto agg = [&](E x, const char* dim, quiver_expression_aggregate_operation_t op, const double* p) {
        E e = nullptr;
        if (quiver_expression_aggregate(x, dim, op, p, &e) != QUIVER_OK) qt::fail(__FILE__, __LINE__, qt::last_error());
        return h.keep(e);
    };
    const auto cols = [&](E x) {
        Cells cells;
        if (quiver_expression_save(x, out.c_str()) != QUIVER_OK) return cells;
        for (int64_t c = 1; c <= 2; ++c) {
            auto v = qt::read_cell(out, {"col"}, {c});
            cells.insert(cells.end(), v.begin(), v.end());
        }
        return cells;
    };
    const double half = 0.5;
    CHECK_EQ(cols(agg(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr)), (Cells{63, 66, 66, 69}));
    CHECK_EQ(cols(agg(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_MEAN, nullptr)), (Cells{21, 22, 22, 23}));
    CHECK_EQ(cols(agg(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_MIN, nullptr)), (Cells{11, 12, 12, 13}));
    CHECK_EQ(cols(agg(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_MAX, nullptr)), (Cells{31, 32, 32, 33}));
    CHECK_EQ(cols(agg(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_PERCENTILE, &half)), (Cells{21, 22, 22, 23}));

    E e = nullptr;
    const double bad = 1.5, negative = -0.1;
    CHECK_ERR(quiver_expression_aggregate(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, &half, &e), "Cannot aggregate: operation 'sum' does not accept a parameter");
    CHECK_ERR(quiver_expression_aggregate(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_PERCENTILE, nullptr, &e), "Cannot aggregate: operation 'percentile' requires a parameter");
    CHECK_ERR(quiver_expression_aggregate(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_PERCENTILE, &bad, &e), "Cannot aggregate: percentile must be in [0, 1], got 1.500000");
    CHECK_ERR(quiver_expression_aggregate(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_PERCENTILE, &negative, &e), "Cannot aggregate: percentile must be in [0, 1], got -0.100000");
    CHECK_ERR(quiver_expression_aggregate(ea, "nonexistent", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr, &e), "Dimension not found: 'nonexistent' in operand metadata");
    CHECK(e == nullptr);
    CHECK_ERR(quiver_expression_aggregate(nullptr, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr, &e), "Null argument: expression");
    CHECK_ERR(quiver_expression_aggregate(ea, nullptr, QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr, &e), "Null argument: dimension");
    CHECK_ERR(quiver_expression_aggregate(ea, "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr, nullptr), "Null argument: out");
    CHECK_ERR(quiver_expression_aggregate_agents(nullptr, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM, nullptr, &e), "Null argument: expression");
    CHECK_ERR(quiver_expression_aggregate_agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM, nullptr, nullptr), "Null argument: out");

    const auto agents = [&](E x, quiver_expression_aggregate_agents_operation_t op, const double* p) {
        E r = nullptr;
        if (quiver_expression_aggregate_agents(x, op, p, &r) != QUIVER_OK) qt::fail(__FILE__, __LINE__, qt::last_error());
        return h.keep(r);
    };
    E s = agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM, nullptr);
    CHECK_EQ(labels_of(s), (std::vector<std::string>{"sum"}));
    CHECK_EQ(saved(s), expected([](int64_t r, int64_t c, size_t) { return 2 * (10.0 * r + c) + 1; }, 1));
    CHECK_EQ(saved(agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MEAN, nullptr)), expected([](int64_t r, int64_t c, size_t) { return 10.0 * r + c + 0.5; }, 1));
    CHECK_EQ(saved(agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MIN, nullptr)), expected([](int64_t r, int64_t c, size_t) { return 10.0 * r + c; }, 1));
    CHECK_EQ(saved(agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MAX, nullptr)), expected([](int64_t r, int64_t c, size_t) { return 10.0 * r + c + 1; }, 1));
    E pct = agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_PERCENTILE, &half);
    CHECK_EQ(labels_of(pct), (std::vector<std::string>{"percentile"}));
    CHECK_EQ(saved(pct)[0], 11.5);
    CHECK_ERR(quiver_expression_aggregate_agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_PERCENTILE, nullptr, &e), "Cannot aggregate_agents: operation 'percentile' requires a parameter");
    CHECK_ERR(quiver_expression_aggregate_agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_PERCENTILE, &bad, &e), "Cannot aggregate_agents: percentile must be in [0, 1], got 1.500000");
    CHECK_ERR(quiver_expression_aggregate_agents(ea, QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MAX, &half, &e), "Cannot aggregate_agents: operation 'max' does not accept a parameter");

    // (A + B) summed over rows.
    REQUIRE(qt::fill(b, [](int64_t r, int64_t c, size_t k) { return 1.0 * r + c + k; }));
    CHECK_EQ(cols(agg(apply(h, QUIVER_EXPRESSION_OPERATION_ADD, ea, from_path(h, b)), "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr)), (Cells{72, 78, 78, 84}));

    // NaN skipping and percentile interpolation.
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return r == 2 ? std::nan("") : 10.0 * r + c + k; }));
    CHECK_EQ(cols(agg(from_path(h, a), "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr)), (Cells{42, 44, 44, 46}));
    REQUIRE(qt::fill(a, [](int64_t, int64_t, size_t) { return std::nan(""); }));
    const Cells all_nan = cols(agg(from_path(h, a), "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr));
    CHECK(all_nan.size() == 4 && std::isnan(all_nan[0]) && std::isnan(all_nan[3]));
    CHECK(std::isnan(saved(agents(from_path(h, a), QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM, nullptr))[0]));
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return k == 0 ? std::nan("") : 10.0 * r + c + k; }));
    CHECK_EQ(saved(agents(from_path(h, a), QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_SUM, nullptr))[0], 12.0);
    qt::MetadataSpec four;
    four.dimensions = {"row"};
    four.sizes = {4};
    four.labels = {"v"};
    const double values[] = {4, 1, std::nan(""), 2};
    REQUIRE(qt::write_file(a, four, [&](const std::vector<int64_t>& c, size_t) { return values[c[0] - 1]; }));
    qt::MetadataSpec with_col = four;
    const double ps[] = {0, 0.25, 0.5, 0.75, 1};
    const double want[] = {1, 1.5, 2, 3, 4};
    qt::MetadataSpec rc = four;
    rc.dimensions = {"row", "col"};
    rc.sizes = {4, 1};
    REQUIRE(qt::write_file(a, rc, [&](const std::vector<int64_t>& c, size_t) { return values[c[0] - 1]; }));
    for (int i = 0; i < 5; ++i) {
        E p = agg(from_path(h, a), "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_PERCENTILE, &ps[i]);
        CHECK_OK(quiver_expression_save(p, out.c_str()));
        CHECK_EQ(qt::read_cell(out, {"col"}, {1})[0], want[i]);
    }

    // Time reductions.
    qt::MetadataSpec years;
    years.dimensions = {"year", "scenario"};
    years.sizes = {3, 2};
    years.time_dimensions = {"year"};
    years.frequencies = {"yearly"};
    years.labels = {"v"};
    REQUIRE(qt::write_file(a, years, [](const std::vector<int64_t>& c, size_t) { return static_cast<double>(c[0]); }));
    CHECK_OK(quiver_expression_save(agg(from_path(h, a), "year", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr), out.c_str()));
    CHECK_EQ(qt::read_cell(out, {"scenario"}, {1})[0], 6.0);
    CHECK_EQ(qt::read_cell(out, {"scenario"}, {2})[0], 6.0);
    qt::MetadataSpec md = qt::time_spec();
    md.labels = {"v"};
    REQUIRE(qt::write_file(a, md, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    CHECK_OK(quiver_expression_save(agg(from_path(h, a), "block", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr), out.c_str()));
    Cells months;
    for (int64_t m = 1; m <= 4; ++m) months.push_back(qt::read_cell(out, {"stage"}, {m})[0]);
    CHECK_EQ(months, (Cells{31, 28, 31, 30}));
    md.sizes = {2, 31};
    md.initial_datetime = "2025-03-15T00:00:00";
    REQUIRE(qt::write_file(a, md, [](const std::vector<int64_t>& c, size_t) { return static_cast<double>(c[1]); }));
    CHECK_OK(quiver_expression_save(agg(from_path(h, a), "block", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr), out.c_str()));
    CHECK_EQ(qt::read_cell(out, {"stage"}, {1})[0], 391.0);
    CHECK_EQ(qt::read_cell(out, {"stage"}, {2})[0], 465.0);

    // Time parents rewired after a reduction.
    qt::MetadataSpec smb;
    smb.dimensions = {"scenario", "month", "block"};
    smb.sizes = {3, 1, 28};
    smb.time_dimensions = {"month", "block"};
    smb.frequencies = {"monthly", "daily"};
    smb.labels = {"v"};
    smb.initial_datetime = "2025-02-01T00:00:00";
    REQUIRE(qt::write_file(a, smb, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    E rewired = agg(from_path(h, a), "scenario", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr);
    quiver_binary_metadata_t* rm = nullptr;
    quiver_expression_get_metadata(rewired, &rm);
    quiver_dimension_t d{};
    quiver_binary_metadata_get_dimension(rm, 1, &d);
    CHECK(std::strcmp(d.name, "block") == 0 && d.time_properties.parent_dimension_index == 0);
    quiver_binary_metadata_free_dimension(&d);
    quiver_binary_metadata_free(rm);
    qt::MetadataSpec ym;
    ym.dimensions = {"year", "month"};
    ym.sizes = {2, 12};
    ym.time_dimensions = {"year", "month"};
    ym.frequencies = {"yearly", "monthly"};
    ym.labels = {"v"};
    REQUIRE(qt::write_file(a, ym, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    E months_only = agg(from_path(h, a), "year", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr);
    quiver_expression_get_metadata(months_only, &rm);
    quiver_binary_metadata_get_dimension(rm, 0, &d);
    int64_t times = 0;
    quiver_binary_metadata_get_number_of_time_dimensions(rm, &times);
    CHECK(std::strcmp(d.name, "month") == 0 && d.time_properties.parent_dimension_index == -1 && times == 1);
    quiver_binary_metadata_free_dimension(&d);
    quiver_binary_metadata_free(rm);
    qt::MetadataSpec ymd = ym;
    ymd.dimensions = {"year", "month", "day"};
    ymd.sizes = {2, 12, 31};
    ymd.time_dimensions = {"year", "month", "day"};
    ymd.frequencies = {"yearly", "monthly", "daily"};
    REQUIRE(qt::write_file(a, ymd, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    CHECK_ERR(quiver_expression_aggregate(from_path(h, a), "month", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr, &e),
              "Time dimension 'day' with frequency 'daily' has size 31 which is out of bounds [365, 366] based on the next lower frequency: 'yearly'");

    // Reduce everything away.
    qt::MetadataSpec cube;
    cube.dimensions = {"row", "col", "depth"};
    cube.sizes = {3, 2, 2};
    cube.labels = {"v"};
    REQUIRE(qt::write_file(a, cube, [](const std::vector<int64_t>&, size_t) { return 2.0; }));
    E twice = agg(agg(from_path(h, a), "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr), "col", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr);
    CHECK_OK(quiver_expression_save(twice, out.c_str()));
    CHECK_EQ(qt::read_cell(out, {"depth"}, {1})[0], 12.0);
    CHECK_EQ(qt::read_cell(out, {"depth"}, {2})[0], 12.0);
    CHECK_ERR(quiver_expression_aggregate(twice, "depth", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr, &e), "Number of dimensions must be positive, got 0");
    REQUIRE(qt::fill(a, [](int64_t, int64_t, size_t) { return 3.0; }));
    CHECK_EQ(cols(agents(agg(from_path(h, a), "row", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr), QUIVER_EXPRESSION_AGGREGATE_AGENTS_OPERATION_MEAN, nullptr)), (Cells{9, 9}));
}

void labels() {
    Handles h;
    const std::string a = out_path("ex_a");
    REQUIRE(qt::fill(a, [](int64_t r, int64_t c, size_t k) { return 10.0 * r + c + k; }));
    E ea = from_path(h, a);
    static const char* const kNone[] = {nullptr};
    const auto select = [&](std::vector<const char*> names, E* out) {
        return quiver_expression_select_agents(ea, names.empty() ? kNone : names.data(), names.size(), out);
    };
    E s = nullptr;
    CHECK_OK(select({"val2"}, &s));
    h.keep(s);
    CHECK_EQ(labels_of(s), (std::vector<std::string>{"val2"}));
    CHECK_EQ(saved(s), expected([](int64_t r, int64_t c, size_t) { return 10.0 * r + c + 1; }, 1));
    CHECK_OK(select({"val2", "val1"}, &s));
    h.keep(s);
    CHECK_EQ(saved(s)[0], 12.0);
    E e = nullptr;
    CHECK_ERR(select({"nope"}, &e), "Cannot select_agents: label not found: 'nope'");
    CHECK_ERR(select({"val1", "val1"}, &e), "Label names must be unique, duplicate: 'val1'");
    CHECK_ERR(select({}, &e), "Number of labels must be positive, got 0");
    CHECK(e == nullptr);
    const char* one[] = {"val1"};
    const char* with_null[] = {"val1", nullptr};
    CHECK_ERR(quiver_expression_select_agents(nullptr, one, 1, &e), "Null argument: expression");
    CHECK_ERR(quiver_expression_select_agents(ea, nullptr, 1, &e), "Null argument: labels");
    CHECK_ERR(quiver_expression_select_agents(ea, one, 1, nullptr), "Null argument: out");
    CHECK_ERR(quiver_expression_select_agents(ea, with_null, 2, &e), "Null argument: labels");

    const auto rename = [&](E x, std::vector<const char*> olds, std::vector<const char*> news, E* out) {
        return quiver_expression_rename_agents(x, olds.empty() ? kNone : olds.data(), news.empty() ? kNone : news.data(),
                                               olds.size(), out);
    };
    E r = nullptr;
    CHECK_OK(rename(ea, {"val1"}, {"alpha"}, &r));
    h.keep(r);
    CHECK_EQ(labels_of(r), (std::vector<std::string>{"alpha", "val2"}));
    CHECK_EQ(saved(r, "ex_renamed"), expected([](int64_t rr, int64_t c, size_t k) { return 10.0 * rr + c + k; }));
    CHECK_OK(rename(ea, {"val1", "val2"}, {"alpha", "beta"}, &r));
    h.keep(r);
    CHECK_EQ(labels_of(r), (std::vector<std::string>{"alpha", "beta"}));
    CHECK_OK(rename(ea, {"val1", "val2"}, {"val2", "val1"}, &r));
    h.keep(r);
    CHECK_EQ(labels_of(r), (std::vector<std::string>{"val2", "val1"}));
    CHECK_OK(rename(ea, {}, {}, &r));
    h.keep(r);
    CHECK_EQ(labels_of(r), (std::vector<std::string>{"val1", "val2"}));
    CHECK_ERR(rename(ea, {"nope"}, {"x"}, &e), "Cannot rename_agents: label not found: 'nope'");
    CHECK_ERR(rename(ea, {"val1"}, {"val2"}, &e), "Label names must be unique, duplicate: 'val2'");
    CHECK_ERR(rename(ea, {"val1", "val1"}, {"alpha", "beta"}, &e), "Cannot rename_agents: duplicate key 'val1'");
    CHECK_OK(select({"val2"}, &s));
    h.keep(s);
    CHECK_OK(rename(s, {"val2"}, {"renamed"}, &r));
    h.keep(r);
    const std::string out = out_path("ex_sel_ren");
    CHECK_OK(quiver_expression_save(r, out.c_str()));
    quiver_binary_file_t* f = nullptr;
    CHECK_OK(quiver_binary_file_open_file(out.c_str(), 'r', nullptr, &f));
    quiver_binary_metadata_t* md = nullptr;
    quiver_binary_file_get_metadata(f, &md);
    CHECK_EQ(qt::metadata_labels(md), (std::vector<std::string>{"renamed"}));
    quiver_binary_metadata_free(md);
    quiver_binary_file_close(f);
    CHECK_EQ(qt::read_cell(out, {"row", "col"}, {1, 1})[0], 12.0);
    const char* olds[] = {"val1"};
    const char* news[] = {"x"};
    CHECK_ERR(quiver_expression_rename_agents(nullptr, olds, news, 1, &e), "Null argument: expression");
    CHECK_ERR(quiver_expression_rename_agents(ea, nullptr, news, 1, &e), "Null argument: old_labels");
    CHECK_ERR(quiver_expression_rename_agents(ea, olds, nullptr, 1, &e), "Null argument: new_labels");
    CHECK_ERR(quiver_expression_rename_agents(ea, olds, news, 1, nullptr), "Null argument: out");
}

void save_and_nulls() {
    Handles h;
    const std::string a = out_path("ex_self");
    REQUIRE(qt::fill(a, [](int64_t, int64_t, size_t) { return 42.0; }));
    E ea = from_path(h, a);
    const std::string before = qt::read_text(a + ".qvr");
    CHECK_ERR(quiver_expression_save(ea, a.c_str()), "Cannot save: output path collides with input file '" + a + "'");
    const std::string dotted = qt::temp_path("./ex_self");
    CHECK_ERR(quiver_expression_save(ea, dotted.c_str()), "Cannot save: output path collides with input file '" + a + "'");
    CHECK(qt::read_text(a + ".qvr") == before);

    // A writer kept open on the input.
    quiver_binary_metadata_t* md = qt::make_metadata(qt::simple_spec());
    quiver_binary_file_t* w = nullptr;
    CHECK_OK(quiver_binary_file_open_file(a.c_str(), 'w', md, &w));
    quiver_binary_metadata_free(md);
    E on_writer = nullptr;
    CHECK_OK(quiver_expression_from_file(w, &on_writer));
    h.keep(on_writer);
    quiver_clear_last_error();
    CHECK(quiver_expression_save(on_writer, out_path("ex_writer_out").c_str()) == QUIVER_ERROR);
    CHECK(qt::last_error().find("Cannot open_file: file is already open for writing") != std::string::npos);
    CHECK(!qt::file_exists(out_path("ex_writer_out") + ".qvr"));
    quiver_binary_file_close(w);
    CHECK_OK(quiver_expression_save(on_writer, out_path("ex_writer_out").c_str()));

    // Unopened handle of a path with no sidecar.
    quiver_binary_file_t* missing = nullptr;
    quiver_binary_file_create(qt::temp_path("missing").c_str(), &missing);
    E e = nullptr;
    CHECK_ERR(quiver_expression_from_file(missing, &e), "Metadata file not found: " + qt::temp_path("missing") + ".toml");
    CHECK_ERR(quiver_expression_from_file(nullptr, &e), "Null argument: file");
    CHECK_ERR(quiver_expression_from_file(missing, nullptr), "Null argument: out");
    quiver_binary_file_close(missing);
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, nullptr, nullptr, &e), "Null argument: lhs");
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, ea, nullptr, &e), "Null argument: rhs");
    CHECK_ERR(quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, ea, ea, nullptr), "Null argument: out");
    CHECK_ERR(quiver_expression_apply_scalar_right(QUIVER_EXPRESSION_OPERATION_ADD, nullptr, 1, &e), "Null argument: lhs");
    CHECK_ERR(quiver_expression_apply_scalar_left(QUIVER_EXPRESSION_OPERATION_ADD, 1, nullptr, &e), "Null argument: rhs");
    CHECK_ERR(quiver_expression_save(nullptr, "out"), "Null argument: expression");
    CHECK_ERR(quiver_expression_save(ea, nullptr), "Null argument: path");
    CHECK_ERR(quiver_expression_get_metadata(nullptr, nullptr), "Null argument: expression");
    CHECK_ERR(quiver_expression_get_metadata(ea, nullptr), "Null argument: out");
    CHECK_OK(quiver_expression_close(nullptr));
    CHECK_ERR(quiver_expression_apply_unary(QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE, nullptr, &e), "Null argument: operand");
    CHECK_ERR(quiver_expression_apply_unary(QUIVER_EXPRESSION_UNARY_OPERATION_NEGATE, ea, nullptr), "Null argument: out");
    CHECK_ERR(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, nullptr, nullptr, nullptr, nullptr), "Null argument: condition");
    CHECK_ERR(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, ea, nullptr, nullptr, nullptr), "Null argument: then_value");
    CHECK_ERR(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, ea, ea, nullptr, nullptr), "Null argument: else_value");
    CHECK_ERR(quiver_expression_apply_ternary(QUIVER_EXPRESSION_TERNARY_OPERATION_IFELSE, ea, ea, ea, nullptr), "Null argument: out");

    // Unknown enum values.
    CHECK_ERR(quiver_expression_apply(static_cast<quiver_expression_operation_t>(99), ea, ea, &e), "Cannot apply: unknown expression operation");
    CHECK_ERR(quiver_expression_apply_scalar_right(static_cast<quiver_expression_operation_t>(-1), ea, 1, &e), "Cannot apply: unknown expression operation");
    CHECK_ERR(quiver_expression_apply_unary(static_cast<quiver_expression_unary_operation_t>(99), ea, &e), "Cannot apply: unknown expression unary operation");
    CHECK_ERR(quiver_expression_apply_ternary(static_cast<quiver_expression_ternary_operation_t>(9), ea, ea, ea, &e), "Cannot apply: unknown expression ternary operation");
    CHECK_ERR(quiver_expression_aggregate(ea, "row", static_cast<quiver_expression_aggregate_operation_t>(99), nullptr, &e), "Cannot aggregate: unknown operation enum value");
    CHECK_ERR(quiver_expression_aggregate_agents(ea, static_cast<quiver_expression_aggregate_agents_operation_t>(99), nullptr, &e), "Cannot aggregate_agents: unknown operation enum value");
    CHECK(e == nullptr);

    // Operand handles may be closed before the result is saved.
    const std::string b = out_path("ex_b");
    REQUIRE(qt::fill(b, [](int64_t r, int64_t, size_t) { return static_cast<double>(r); }));
    E x = nullptr, y = nullptr, sum = nullptr;
    quiver_binary_file_t* f = nullptr;
    quiver_binary_file_create(b.c_str(), &f);
    quiver_expression_from_file(f, &x);
    quiver_binary_file_close(f);
    quiver_expression_apply_scalar_right(QUIVER_EXPRESSION_OPERATION_MULTIPLY, x, 3, &y);
    quiver_expression_apply(QUIVER_EXPRESSION_OPERATION_ADD, y, x, &sum);
    quiver_expression_close(x);
    quiver_expression_close(y);
    CHECK_EQ(saved(h.keep(sum)), expected([](int64_t r, int64_t, size_t) { return 4.0 * r; }));

    // A failing save (midway) leaves no output behind.
    qt::MetadataSpec md2 = qt::time_spec();
    md2.sizes = {2, 31};
    md2.initial_datetime = "2025-03-15T00:00:00";
    md2.labels = {"v"};
    const std::string t = out_path("ex_q6");
    REQUIRE(qt::write_file(t, md2, [](const std::vector<int64_t>&, size_t) { return 1.0; }));
    E reduced = nullptr;
    CHECK_OK(quiver_expression_aggregate(from_path(h, t), "stage", QUIVER_EXPRESSION_AGGREGATE_OPERATION_SUM, nullptr, &reduced));
    h.keep(reduced);
    // Block 31 of April does not exist: reading it fails the consistency rule.
    CHECK_ERR(quiver_expression_save(reduced, out_path("ex_q6_out").c_str()),
              "Invalid values for time dimensions: dimension 'block' has value 31 but the resulting datetime implies 1");
    CHECK(!qt::file_exists(out_path("ex_q6_out") + ".qvr") && !qt::file_exists(out_path("ex_q6_out") + ".toml"));
    CHECK(!qt::file_exists(out_path("ex_q6_out") + ".qvr.partial"));
}

}  // namespace

void test_expression() {
    arithmetic();
    compatibility();
    broadcasting();
    comparisons_and_logic();
    ternary();
    aggregates();
    labels();
    save_and_nulls();
}
