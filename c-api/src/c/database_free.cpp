// Every release function of database.h. Each frees exactly what the matching read allocated
// through support.hpp (alloc_array / copy_string), so the live-allocation count returns to 0.
#include <string>

#include "database_handle.hpp"
#include "support.hpp"

using quiver::c::free_array;
using quiver::c::free_string;

namespace {

template <class T>
void free_vectors(T** vectors, size_t* sizes, size_t count) {
    if (vectors) {
        for (size_t i = 0; i < count; ++i) free_array(vectors[i]);
        free_array(vectors);
    }
    free_array(sizes);
}

void free_string_array_items(char** values, size_t count) {
    if (!values) return;
    for (size_t i = 0; i < count; ++i) free_string(values[i]);
    free_array(values);
}

void clear_scalar_metadata(quiver_scalar_metadata_t* m) {
    free_string(const_cast<char*>(m->name));
    free_string(const_cast<char*>(m->default_value));
    free_string(const_cast<char*>(m->references_collection));
    free_string(const_cast<char*>(m->references_column));
    m->name = m->default_value = m->references_collection = m->references_column = nullptr;
}

void clear_group_metadata(quiver_group_metadata_t* g) {
    free_string(const_cast<char*>(g->group_name));
    free_string(const_cast<char*>(g->dimension_column));
    if (g->value_columns) {
        for (size_t i = 0; i < g->value_column_count; ++i) clear_scalar_metadata(&g->value_columns[i]);
        free_array(g->value_columns);
    }
    g->group_name = g->dimension_column = nullptr;
    g->value_columns = nullptr;
    g->value_column_count = 0;
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_free_integer_array(int64_t* values) {
    free_array(values);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_float_array(double* values) {
    free_array(values);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_mask(uint8_t* mask) {
    free_array(mask);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_string(char* str) {
    free_string(str);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_string_array(char** values, size_t count) {
    free_string_array_items(values, count);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_integer_vectors(int64_t** vectors, size_t* sizes, size_t count) {
    free_vectors(vectors, sizes, count);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count) {
    free_vectors(vectors, sizes, count);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count) {
    if (vectors) {
        for (size_t i = 0; i < count; ++i) free_string_array_items(vectors[i], sizes ? sizes[i] : 0);
        free_array(vectors);
    }
    free_array(sizes);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata) {
    QUIVER_REQUIRE(metadata);
    clear_scalar_metadata(metadata);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata) {
    QUIVER_REQUIRE(metadata);
    clear_group_metadata(metadata);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata, size_t count) {
    QUIVER_REQUIRE(metadata);
    for (size_t i = 0; i < count; ++i) clear_scalar_metadata(&metadata[i]);
    free_array(metadata);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count) {
    QUIVER_REQUIRE(metadata);
    for (size_t i = 0; i < count; ++i) clear_group_metadata(&metadata[i]);
    free_array(metadata);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_time_series_data(char** column_names, int* column_types, void** column_data,
                                                     uint8_t** column_has_value, size_t column_count,
                                                     size_t row_count) {
    // An unknown type tag is an error, as Quiver 0.10 does. It is checked before anything is released, so a failed
    // call frees nothing: the caller still owns every pointer (a retry cannot double-free) and the
    // column whose layout we cannot know is never freed with the wrong element type.
    if (column_data && column_types) {
        for (size_t c = 0; c < column_count; ++c) {
            int type = column_types[c];
            if (column_data[c] == nullptr || (type >= QUIVER_DATA_TYPE_INTEGER && type <= QUIVER_DATA_TYPE_DATE_TIME)) {
                continue;
            }
            quiver::c::set_last_error("Cannot free_time_series_data: unknown data type " + std::to_string(type));
            return QUIVER_ERROR;
        }
    }
    if (column_data) {
        for (size_t c = 0; c < column_count; ++c) {
            int type = column_types ? column_types[c] : QUIVER_DATA_TYPE_INTEGER;
            switch (type) {
                case QUIVER_DATA_TYPE_FLOAT: free_array(static_cast<double*>(column_data[c])); break;
                case QUIVER_DATA_TYPE_STRING:
                case QUIVER_DATA_TYPE_DATE_TIME:
                    free_string_array_items(static_cast<char**>(column_data[c]), row_count);
                    break;
                default: free_array(static_cast<int64_t*>(column_data[c])); break;
            }
        }
        free_array(column_data);
    }
    if (column_has_value) {
        for (size_t c = 0; c < column_count; ++c) free_array(column_has_value[c]);
        free_array(column_has_value);
    }
    free_string_array_items(column_names, column_count);
    free_array(column_types);
    return QUIVER_OK;
}

quiver_error_t quiver_database_free_time_series_files(char** columns, char** paths, size_t count) {
    QUIVER_REQUIRE(columns);
    QUIVER_REQUIRE(paths);
    free_string_array_items(columns, count);
    free_string_array_items(paths, count);
    return QUIVER_OK;
}

}  // extern "C"
