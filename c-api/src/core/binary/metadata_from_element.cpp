// Metadata from an element's scalars and arrays, checked in Quiver 0.10's order (the first
// problem wins), then assembled exactly like a sidecar.
#include "binary_metadata.hpp"
#include "core/element.hpp"
#include "core/error.hpp"

namespace quiver::binary {

namespace {

template <class T>
std::vector<T> array_of(const Element& element, const std::string& name, bool required, const char* what) {
    const auto it = element.arrays().find(name);
    if (it == element.arrays().end()) {
        if (required) fail("Cannot from_element: missing array '" + name + "'");
        return {};
    }
    std::vector<T> items;
    items.reserve(it->second.size());
    for (const Value& cell : it->second) {
        const T* value = std::get_if<T>(&cell);
        if (!value) fail("Cannot from_element: array '" + name + "' must contain " + what);
        items.push_back(*value);
    }
    return items;
}

std::string scalar_string(const Element& element, const std::string& name) {
    const auto it = element.scalars().find(name);
    if (it == element.scalars().end()) fail("Cannot from_element: missing scalar '" + name + "'");
    const std::string* value = std::get_if<std::string>(&it->second);
    if (!value) fail("Cannot from_element: scalar '" + name + "' must be a string");
    return *value;
}

}  // namespace

BinaryMetadata metadata_from_element(const Element& element) {
    MetadataFields f;
    f.dimensions = array_of<std::string>(element, "dimensions", true, "strings");
    f.dimension_sizes = array_of<int64_t>(element, "dimension_sizes", true, "integers");
    f.time_dimensions = array_of<std::string>(element, "time_dimensions", false, "strings");
    f.frequencies = array_of<std::string>(element, "frequencies", false, "strings");
    f.initial_datetime = scalar_string(element, "initial_datetime");
    f.unit = scalar_string(element, "unit");
    f.labels = array_of<std::string>(element, "labels", true, "strings");
    f.version = scalar_string(element, "version");
    return build_metadata(f);
}

}  // namespace quiver::binary
