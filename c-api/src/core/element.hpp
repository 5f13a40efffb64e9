#pragma once
// The element builder: a schema-agnostic bag of named scalars and arrays that
// create_element / update_element consume. Nothing here knows about tables or types; validation
// happens only when the element is written.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "value.hpp"

namespace quiver {

class Element {
public:
    // std::less<std::string> compares through char_traits<char>, i.e. like memcmp on unsigned
    // bytes, which is the byte-wise name order Quiver 0.10 uses for iteration and to_string.
    using Scalars = std::map<std::string, Value>;
    using Arrays = std::map<std::string, std::vector<Value>>;

    // Setting an existing name replaces it; scalars and arrays are separate namespaces.
    void set_integer(const std::string& name, int64_t value);
    void set_float(const std::string& name, double value);
    void set_string(const std::string& name, std::string value);  // stored untrimmed
    void set_null(const std::string& name);
    void set_array(const std::string& name, std::vector<Value> cells);

    void clear();

    bool has_scalars() const { return !scalars_.empty(); }
    bool has_arrays() const { return !arrays_.empty(); }
    size_t scalar_count() const { return scalars_.size(); }
    size_t array_count() const { return arrays_.size(); }

    const Scalars& scalars() const { return scalars_; }
    const Arrays& arrays() const { return arrays_; }

    // Debug text in Quiver 0.10's exact format (no trailing newline).
    std::string to_string() const;

private:
    Scalars scalars_;
    Arrays arrays_;
};

}  // namespace quiver
