#include "element.hpp"

#include <cstdio>
#include <type_traits>
#include <utility>
#include <variant>

namespace quiver {

namespace {

// Floats render exactly as C printf("%f") (upstream's observable format): six decimals, full
// integer part for huge values, and glibc's "nan" / "-nan" / "inf" / "-inf" spellings.
std::string format_float(double v) {
    const int n = std::snprintf(nullptr, 0, "%f", v);
    std::string out(static_cast<size_t>(n), '\0');
    std::snprintf(out.data(), out.size() + 1, "%f", v);  // writes the NUL into out's terminator slot
    return out;
}

void append_value(std::string& out, const Value& value) {
    std::visit(
        [&out](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                out += "null";
            } else if constexpr (std::is_same_v<T, int64_t>) {
                out += std::to_string(v);
            } else if constexpr (std::is_same_v<T, double>) {
                out += format_float(v);
            } else {
                // Raw text, no escaping: the format is for humans and matches upstream.
                out += '"';
                out += v;
                out += '"';
            }
        },
        value);
}

}  // namespace

void Element::set_integer(const std::string& name, int64_t value) { scalars_[name] = value; }

void Element::set_float(const std::string& name, double value) { scalars_[name] = value; }

void Element::set_string(const std::string& name, std::string value) { scalars_[name] = std::move(value); }

void Element::set_null(const std::string& name) { scalars_[name] = std::monostate{}; }

void Element::set_array(const std::string& name, std::vector<Value> cells) { arrays_[name] = std::move(cells); }

void Element::clear() {
    scalars_.clear();
    arrays_.clear();
}

std::string Element::to_string() const {
    std::string out = "Element {\n";
    if (!scalars_.empty()) {
        out += "  scalars:\n";
        for (const auto& [name, value] : scalars_) {
            out += "    ";
            out += name;
            out += ": ";
            append_value(out, value);
            out += '\n';
        }
    }
    if (!arrays_.empty()) {
        out += "  arrays:\n";
        for (const auto& [name, cells] : arrays_) {
            out += "    ";
            out += name;
            out += ": [";
            for (size_t i = 0; i < cells.size(); ++i) {
                if (i > 0) out += ", ";
                append_value(out, cells[i]);
            }
            out += "]\n";
        }
    }
    out += '}';
    return out;
}

}  // namespace quiver
