// db: create / update / delete and the vector/set group updates.
#include "core/element_write.hpp"
#include "core/error.hpp"
#include "lua_db.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

int create_element(Call& c) {
    const std::string collection = c.string_arg(1);
    const int table = c.table_arg(2);
    const Element element = table_to_element(c.L, table);
    return c.integer(quiver::create_element(c.db(), collection, element));
}

int update_element(Call& c) {
    const std::string collection = c.string_arg(1);
    const int64_t id = c.integer_arg(2);
    const int table = c.table_arg(3);
    const Element element = table_to_element(c.L, table);
    quiver::update_element(c.db(), collection, id, element);
    return c.none();
}

int delete_element(Call& c) {
    const std::string collection = c.string_arg(1);
    const int64_t id = c.integer_arg(2);
    quiver::delete_element(c.db(), collection, id);
    return c.none();
}

// Vector and set groups have no dimension column: the row count is the largest index any column
// reaches and shorter or sparse columns get NULL in the gaps. {} clears the group; named columns
// without any cell are refused rather than silently clearing it.
int update_group(Call& c, bool vector) {
    const std::string op = vector ? "update_vector_group" : "update_set_group";
    const std::string collection = c.string_arg(1);
    const std::string group = c.string_arg(2);
    const int64_t id = c.integer_arg(3);
    const int table = c.table_arg(4);
    const auto columns = read_group_columns(c.L, table, op);
    std::vector<ColumnInput> inputs;
    if (!columns.empty()) {
        size_t row_count = 0;
        for (const auto& column : columns) row_count = std::max(row_count, column.extent);
        if (row_count == 0) {
            fail("Cannot " + op + ": columns [" + joined_names(columns) +
                 "] contain no rows; pass an empty table {} to clear the group");
        }
        inputs = to_column_inputs(columns, row_count, op);
    }
    update_vector_or_set_group(c.db(), vector, collection, group, id, inputs);
    return c.none();
}

int update_vector_group(Call& c) { return update_group(c, true); }
int update_set_group(Call& c) { return update_group(c, false); }

constexpr Method kMethods[] = {
    {"create_element", create_element},
    {"update_element", update_element},
    {"delete_element", delete_element},
    {"update_vector_group", update_vector_group},
    {"update_set_group", update_set_group},
};

}  // namespace

std::span<const Method> write_methods() { return kMethods; }

}  // namespace quiver::lua
