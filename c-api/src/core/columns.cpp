#include "columns.hpp"

namespace quiver {

void TypedColumn::push_null() {
    switch (type) {
        case DataType::Integer: integers.push_back(0); break;
        case DataType::Real: floats.push_back(0.0); break;
        default: strings.emplace_back(); break;
    }
    present.push_back(0);
}

void TypedColumn::push(const Value& v) {
    switch (type) {
        case DataType::Integer:
            if (auto i = std::get_if<int64_t>(&v)) {
                integers.push_back(*i);
            } else if (auto d = std::get_if<double>(&v)) {
                integers.push_back(static_cast<int64_t>(*d));  // truncation toward zero
            } else {
                return push_null();
            }
            break;
        case DataType::Real:
            if (auto d = std::get_if<double>(&v)) {
                floats.push_back(*d);
            } else if (auto i = std::get_if<int64_t>(&v)) {
                floats.push_back(static_cast<double>(*i));
            } else {
                return push_null();
            }
            break;
        default:
            if (auto s = std::get_if<std::string>(&v)) {
                strings.push_back(*s);
            } else {
                return push_null();
            }
            break;
    }
    present.push_back(1);
}

}  // namespace quiver
