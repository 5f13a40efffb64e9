#pragma once
// Reductions shared by aggregate (over a dimension) and aggregate_agents (over labels): NaN
// values are skipped; no value left gives NaN.
#include <optional>
#include <vector>

#include "expression.hpp"

namespace quiver::expression {

// The parameter rules; returns the percentile (0 when there is none). `op_name` is the
// operation in messages ("aggregate", "aggregate_agents").
double check_reduce_parameter(const char* op_name, ReduceOp op, std::optional<double> parameter);

class Reducer {
public:
    Reducer(ReduceOp op, double percentile) : op_(op), percentile_(percentile) {}
    void reset();
    void add(double value);
    double result();

private:
    ReduceOp op_;
    double percentile_;
    double sum_ = 0;
    double best_ = 0;
    size_t count_ = 0;
    std::vector<double> values_;  // percentile only
};

}  // namespace quiver::expression
