#pragma once
// Element-level writes: create, update, delete, and the group-scoped updates.
#include <map>
#include <string>
#include <vector>

#include "columns.hpp"
#include "database.hpp"
#include "element.hpp"

namespace quiver {

int64_t create_element(Database& db, const std::string& collection, const Element& element);
void update_element(Database& db, const std::string& collection, int64_t id, const Element& element);
void delete_element(Database& db, const std::string& collection, int64_t id);

// create_element's array half, shared with create_elements: labels of foreign-key cells become ids
// (against each array's first target table), then each array is routed by name and written for
// the new element `id` (arrays must be non-empty; an unroutable name fails with op's wording).
void resolve_array_labels(Database& db, const std::string& collection, std::map<std::string, std::vector<Value>>& arrays);
void write_element_arrays(Database& db, const std::string& op, const std::string& collection, int64_t id,
                          const std::map<std::string, std::vector<Value>>& arrays);

// From the collection check to the commit (the caller has decoded the columns and rejected column_count > 0 with
// row_count == 0). `vector` selects update_vector_group, otherwise update_set_group.
void update_vector_or_set_group(Database& db, bool vector, const std::string& collection, const std::string& group,
                                int64_t id, const std::vector<ColumnInput>& columns);

}  // namespace quiver
