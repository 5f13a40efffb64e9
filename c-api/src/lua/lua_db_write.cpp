// db: create / update / delete and the vector/set group updates.
#include <set>

#include "core/element_create.hpp"
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

// Element tables as the rows of create_elements: every attribute any row names is a column; a row
// without it leaves it out.
class ElementList final : public RowSource {
public:
    explicit ElementList(std::vector<Element> elements) : elements_(std::move(elements)) {
        std::set<std::string> scalars, arrays;
        for (const auto& element : elements_) {
            for (const auto& entry : element.scalars()) scalars.insert(entry.first);
            for (const auto& entry : element.arrays()) arrays.insert(entry.first);
        }
        names_.assign(scalars.begin(), scalars.end());
        scalar_count_ = names_.size();
        names_.insert(names_.end(), arrays.begin(), arrays.end());
    }
    size_t row_count() const override { return elements_.size(); }
    size_t column_count() const override { return names_.size(); }
    const std::string& name(size_t c) const override { return names_[c]; }
    bool is_array(size_t c) const override { return c >= scalar_count_; }
    Cell scalar(size_t c, size_t row) const override {
        const auto& scalars = elements_[row].scalars();
        auto it = scalars.find(names_[c]);
        return it == scalars.end() ? Cell::absent() : Cell::of(it->second);
    }
    size_t array_size(size_t c, size_t row) const override {
        const auto* cells = array(c, row);
        return cells ? cells->size() : 0;
    }
    Cell array_cell(size_t c, size_t row, size_t index) const override { return Cell::of((*array(c, row))[index]); }

private:
    const std::vector<Value>* array(size_t c, size_t row) const {
        const auto& arrays = elements_[row].arrays();
        auto it = arrays.find(names_[c]);
        return it == arrays.end() ? nullptr : &it->second;
    }
    std::vector<Element> elements_;
    std::vector<std::string> names_;
    size_t scalar_count_ = 0;
};

// db:create_elements(collection, { element, element, ... }): one transaction, the ids in row order.
int create_elements(Call& c) {
    const std::string collection = c.string_arg(1);
    const int table = c.table_arg(2);
    const size_t count = lua_rawlen(c.L, table);
    std::vector<Element> elements;
    elements.reserve(count);
    for (size_t r = 0; r < count; ++r) {
        lua_rawgeti(c.L, table, static_cast<lua_Integer>(r + 1));
        if (lua_type(c.L, -1) != LUA_TTABLE) {
            lua_pop(c.L, 1);
            fail("Cannot create_elements: row " + std::to_string(r) + " must be a table of attribute values");
        }
        elements.push_back(table_to_element(c.L, lua_gettop(c.L)));
        lua_pop(c.L, 1);
    }
    ElementList rows(std::move(elements));
    std::vector<int64_t> ids(count);
    quiver::create_elements(c.db(), collection, rows, ids.data());
    return c.build([&](lua_State* L) { push_array(L, ids); });
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
    {"create_elements", create_elements},
    {"update_element", update_element},
    {"delete_element", delete_element},
    {"update_vector_group", update_vector_group},
    {"update_set_group", update_set_group},
};

}  // namespace

std::span<const Method> write_methods() { return kMethods; }

}  // namespace quiver::lua
