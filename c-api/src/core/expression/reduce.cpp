#include "reduce.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/error.hpp"

namespace quiver::expression {

const char* reduce_op_name(ReduceOp op) {
    switch (op) {
    case ReduceOp::Sum: return "sum";
    case ReduceOp::Mean: return "mean";
    case ReduceOp::Min: return "min";
    case ReduceOp::Max: return "max";
    case ReduceOp::Percentile: return "percentile";
    }
    return "";
}

double check_reduce_parameter(const char* op_name, ReduceOp op, std::optional<double> parameter) {
    const std::string prefix = std::string("Cannot ") + op_name + ": ";
    if (op == ReduceOp::Percentile) {
        if (!parameter) fail(prefix + "operation 'percentile' requires a parameter");
        // Written so that NaN fails too.
        if (!(*parameter >= 0.0 && *parameter <= 1.0)) {
            char text[64];
            std::snprintf(text, sizeof text, "%f", *parameter);
            fail(prefix + "percentile must be in [0, 1], got " + text);
        }
        return *parameter;
    }
    if (parameter) fail(prefix + "operation '" + reduce_op_name(op) + "' does not accept a parameter");
    return 0.0;
}

void Reducer::reset() {
    sum_ = 0;
    best_ = 0;
    count_ = 0;
    values_.clear();
}

void Reducer::add(double value) {
    if (std::isnan(value)) return;
    switch (op_) {
    case ReduceOp::Sum:
    case ReduceOp::Mean: sum_ += value; break;
    case ReduceOp::Min: best_ = count_ == 0 ? value : std::min(best_, value); break;
    case ReduceOp::Max: best_ = count_ == 0 ? value : std::max(best_, value); break;
    case ReduceOp::Percentile: values_.push_back(value); break;
    }
    ++count_;
}

double Reducer::result() {
    if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
    switch (op_) {
    case ReduceOp::Sum: return sum_;
    case ReduceOp::Mean: return sum_ / static_cast<double>(count_);
    case ReduceOp::Min:
    case ReduceOp::Max: return best_;
    case ReduceOp::Percentile: {
        std::sort(values_.begin(), values_.end());
        const double position = static_cast<double>(values_.size() - 1) * percentile_;
        const auto low = static_cast<size_t>(std::floor(position));
        const auto high = static_cast<size_t>(std::ceil(position));
        return values_[low] + (values_[high] - values_[low]) * (position - static_cast<double>(low));
    }
    }
    return 0;
}

}  // namespace quiver::expression
