// db: time-series groups and time-series files.
#include "core/error.hpp"
#include "core/metadata.hpp"
#include "core/time_series.hpp"
#include "core/time_series_files.hpp"
#include "lua_db.hpp"
#include "lua_series.hpp"
#include "lua_values.hpp"

namespace quiver::lua {

namespace {

// {column = {cells...}} with nil holes for NULL; {} when the element has no rows.
int read_time_series_group(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string group = c.string_arg(2);
    const int64_t id = c.integer_arg(3);
    const SeriesData data = quiver::read_time_series_group(c.db(), collection, group, id);
    return c.build([&](lua_State* L) {
        lua_createtable(L, 0, size_hint(data.columns.size()));
        for (const SeriesColumn& column : data.columns) {
            push_string(L, column.name);
            lua_createtable(L, size_hint(data.row_count), 0);
            for (size_t r = 0; r < data.row_count; ++r) {
                if (!column.present[r]) continue;
                if (column.type == DataType::Integer) {
                    lua_pushinteger(L, column.integers[r]);
                } else if (column.type == DataType::Real) {
                    lua_pushnumber(L, column.floats[r]);
                } else {
                    const std::string_view text = column.string_at(r);
                    lua_pushlstring(L, text.data(), text.size());
                }
                lua_rawseti(L, -2, static_cast<lua_Integer>(r + 1));
            }
            lua_rawset(L, -3);
        }
    });
}

// One slot per element in id order; nil where the element has no value at that date.
int read_time_series_row(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string group = c.string_arg(2);
    const std::string attribute = c.string_arg(3);
    const std::string date_time = c.string_arg(4);
    const SeriesRowValues row = quiver::read_time_series_row(c.db(), collection, group, attribute, date_time);
    return c.build([&](lua_State* L) {
        lua_createtable(L, size_hint(row.values.size()), 0);
        for (size_t i = 0; i < row.values.size(); ++i) {
            if (is_null(row.values[i])) continue;
            push_value(L, row.values[i]);
            lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
        }
    });
}

// {column = {cells...}} replacing all rows of the element. The dimension columns (the metadata's
// dimension column and every primary-key value column) set the row count and must be dense; value
// columns may be shorter or sparse (NULL cells) but not longer. {} clears the element's rows.
int update_time_series_group(Call& c) {
    const std::string op = "update_time_series_group";
    const std::string collection = c.string_arg(1);
    const std::string group = c.string_arg(2);
    const int64_t id = c.integer_arg(3);
    const int table = c.table_arg(4);
    const auto columns = read_group_columns(c.L, table, op);
    if (columns.empty()) {
        quiver::update_time_series_group(c.db(), collection, group, id, {}, 0);
        return c.none();
    }

    const GroupMetadata metadata = get_time_series_metadata(c.db(), collection, group);
    std::vector<std::string> dimensions{*metadata.dimension_column};
    for (const auto& column : metadata.value_columns) {
        if (column.primary_key) dimensions.push_back(column.name);
    }
    auto find = [&](const std::string& name) -> const LuaColumn* {
        for (const auto& column : columns) {
            if (column.name == name) return &column;
        }
        return nullptr;
    };
    for (const auto& dimension : dimensions) {
        if (!find(dimension)) fail("Cannot " + op + ": missing dimension column '" + dimension + "'");
    }
    const auto length_error = [&](const LuaColumn& column, size_t expected) {
        fail("Cannot " + op + ": column '" + column.name + "' has length " + std::to_string(column.extent) +
             " but expected " + std::to_string(expected));
    };
    const size_t row_count = find(dimensions.front())->extent;
    for (const auto& dimension : dimensions) {
        const LuaColumn& column = *find(dimension);
        if (column.extent != row_count) length_error(column, row_count);
        if (const size_t hole = column.first_hole()) {
            fail("Cannot " + op + ": dimension column '" + column.name + "' has nil at index " + std::to_string(hole));
        }
    }
    for (const auto& column : columns) {
        if (column.extent > row_count) length_error(column, row_count);
    }
    if (row_count == 0) {
        fail("Cannot " + op + ": columns [" + joined_names(columns) +
             "] contain no rows; pass an empty table {} to clear the group");
    }

    const auto inputs = to_column_inputs(columns, row_count, op);
    SeriesColumns series(op);
    for (const auto& input : inputs) {
        // The dimension column is DATE_TIME by definition; it is not among value_columns.
        std::optional<DataType> type;
        if (input.name == dimensions.front()) type = DataType::DateTime;
        for (const auto& column : metadata.value_columns) {
            if (column.name == input.name) type = column.data_type;
        }
        series.add(input.name, input.cells, type);
    }
    quiver::update_time_series_group(c.db(), collection, group, id, series.inputs(), row_count);
    return c.none();
}

int upsert_time_series_row(Call& c) {
    const std::string collection = c.string_arg(1);
    const std::string group = c.string_arg(2);
    const int64_t id = c.integer_arg(3);
    const int table = c.table_arg(4);
    const auto row = table_to_value_map(c.L, table);
    std::vector<std::vector<Value>> cells;
    cells.reserve(row.size());
    SeriesColumns columns("upsert_time_series_row");
    for (const auto& [name, value] : row) {
        columns.add(name, cells.emplace_back(1, value), std::nullopt);
    }
    quiver::upsert_time_series_row(c.db(), collection, group, id, columns.inputs());
    return c.none();
}

int has_time_series_files(Call& c) {
    const std::string collection = c.string_arg(1);
    return c.boolean(quiver::has_time_series_files(c.db(), collection));
}

int list_time_series_files_columns(Call& c) {
    const std::string collection = c.string_arg(1);
    const auto columns = quiver::list_time_series_files_columns(c.db(), collection);
    return c.build([&](lua_State* L) { push_array(L, columns); });
}

// {column = path}; a NULL path leaves its key absent.
int read_time_series_files(Call& c) {
    const std::string collection = c.string_arg(1);
    const FilePaths paths = quiver::read_time_series_files(c.db(), collection);
    return c.build([&](lua_State* L) {
        lua_createtable(L, 0, size_hint(paths.size()));
        for (const auto& [column, path] : paths) {
            if (!path) continue;
            push_string(L, *path);
            set_field(L, -2, column);
        }
    });
}

int update_time_series_files(Call& c) {
    const std::string collection = c.string_arg(1);
    const int table = c.table_arg(2);
    ensure_stack(c.L, 3);
    FilePaths paths;
    lua_pushnil(c.L);
    while (lua_next(c.L, table) != 0) {
        std::string column = key_name(c.L, -2, "update_time_series_files", "column");
        if (lua_type(c.L, -1) != LUA_TSTRING) {
            fail("Cannot update_time_series_files: path of column '" + column + "' must be a string");
        }
        paths.emplace_back(std::move(column), string_at(c.L, -1));
        lua_pop(c.L, 1);
    }
    quiver::update_time_series_files(c.db(), collection, paths);
    return c.none();
}

constexpr Method kMethods[] = {
    {"read_time_series_group", read_time_series_group},
    {"update_time_series_group", update_time_series_group},
    {"read_time_series_row", read_time_series_row},
    {"upsert_time_series_row", upsert_time_series_row},
    {"has_time_series_files", has_time_series_files},
    {"list_time_series_files_columns", list_time_series_files_columns},
    {"read_time_series_files", read_time_series_files},
    {"update_time_series_files", update_time_series_files},
};

}  // namespace

std::span<const Method> time_series_methods() { return kMethods; }

}  // namespace quiver::lua
