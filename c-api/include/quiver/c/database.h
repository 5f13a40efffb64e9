#ifndef QUIVER_C_DATABASE_H
#define QUIVER_C_DATABASE_H

#include "common.h"
#include "element.h"
#include "options.h"

QUIVER_EXTERN_C_BEGIN

typedef enum {
    QUIVER_DATA_TYPE_INTEGER = 0,
    QUIVER_DATA_TYPE_FLOAT = 1,
    QUIVER_DATA_TYPE_STRING = 2,
    QUIVER_DATA_TYPE_DATE_TIME = 3,
    QUIVER_DATA_TYPE_NULL = 4
} quiver_data_type_t;

/* Field order is ABI (size 56 on LP64). Strings are owned by the struct once returned. */
typedef struct {
    const char* name;
    quiver_data_type_t data_type;
    int not_null;
    int primary_key;
    const char* default_value;
    int is_foreign_key;
    const char* references_collection;
    const char* references_column;
} quiver_scalar_metadata_t;

/* Field order is ABI (size 32 on LP64). dimension_column is NULL for vector and set groups. */
typedef struct {
    const char* group_name;
    const char* dimension_column;
    quiver_scalar_metadata_t* value_columns;
    size_t value_column_count;
} quiver_group_metadata_t;

typedef struct quiver_database quiver_database_t;

QUIVER_C_API quiver_error_t quiver_database_open(const char* path, const quiver_database_options_t* options, quiver_database_t** out_db);
QUIVER_C_API quiver_error_t quiver_database_from_migrations(const char* db_path, const char* migrations_path, const quiver_database_options_t* options, quiver_database_t** out_db);
QUIVER_C_API quiver_error_t quiver_database_from_schema(const char* db_path, const char* schema_path, const quiver_database_options_t* options, quiver_database_t** out_db);
QUIVER_C_API quiver_error_t quiver_database_close(quiver_database_t* db);
QUIVER_C_API quiver_error_t quiver_database_is_healthy(quiver_database_t* db, int* out_healthy);
QUIVER_C_API quiver_error_t quiver_database_path(quiver_database_t* db, const char** out_path);
QUIVER_C_API quiver_error_t quiver_database_begin_transaction(quiver_database_t* db);
QUIVER_C_API quiver_error_t quiver_database_commit(quiver_database_t* db);
QUIVER_C_API quiver_error_t quiver_database_rollback(quiver_database_t* db);
QUIVER_C_API quiver_error_t quiver_database_in_transaction(quiver_database_t* db, int* out_active);
QUIVER_C_API quiver_error_t quiver_database_begin_dry_run(quiver_database_t* db);
QUIVER_C_API quiver_error_t quiver_database_end_dry_run(quiver_database_t* db);
QUIVER_C_API quiver_error_t quiver_database_in_dry_run(quiver_database_t* db, int* out_active);
QUIVER_C_API quiver_error_t quiver_database_current_version(quiver_database_t* db, int64_t* out_version);
QUIVER_C_API quiver_error_t quiver_database_create_element(quiver_database_t* db, const char* collection, quiver_element_t* element, int64_t* out_id);
QUIVER_C_API quiver_error_t quiver_database_update_element(quiver_database_t* db, const char* collection, int64_t id, const quiver_element_t* element);
QUIVER_C_API quiver_error_t quiver_database_delete_element(quiver_database_t* db, const char* collection, int64_t id);
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integers(quiver_database_t* db, const char* collection, const char* attribute, int64_t** out_values, uint8_t** out_mask, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_scalar_floats(quiver_database_t* db, const char* collection, const char* attribute, double** out_values, uint8_t** out_mask, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_scalar_strings(quiver_database_t* db, const char* collection, const char* attribute, char*** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers(quiver_database_t* db, const char* collection, const char* attribute, int64_t*** out_vectors, size_t** out_sizes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats(quiver_database_t* db, const char* collection, const char* attribute, double*** out_vectors, size_t** out_sizes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings(quiver_database_t* db, const char* collection, const char* attribute, char**** out_vectors, size_t** out_sizes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_integers(quiver_database_t* db, const char* collection, const char* attribute, int64_t*** out_sets, size_t** out_sizes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_floats(quiver_database_t* db, const char* collection, const char* attribute, double*** out_sets, size_t** out_sizes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_strings(quiver_database_t* db, const char* collection, const char* attribute, char**** out_sets, size_t** out_sizes, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, int64_t* out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, double* out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, char** out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, int64_t** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, double** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, char*** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, int64_t** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, double** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t* db, const char* collection, const char* attribute, int64_t id, char*** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_vector_group_by_id(quiver_database_t* db, const char* collection, const char* group, int64_t id, char*** out_column_names, int** out_column_types, void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count, size_t* out_row_count);
QUIVER_C_API quiver_error_t quiver_database_read_set_group_by_id(quiver_database_t* db, const char* collection, const char* group, int64_t id, char*** out_column_names, int** out_column_types, void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count, size_t* out_row_count);
QUIVER_C_API quiver_error_t quiver_database_update_vector_group(quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names, const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value, size_t column_count, size_t row_count);
QUIVER_C_API quiver_error_t quiver_database_update_set_group(quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names, const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value, size_t column_count, size_t row_count);
QUIVER_C_API quiver_error_t quiver_database_read_element_ids(quiver_database_t* db, const char* collection, int64_t** out_ids, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_number_of_elements(quiver_database_t* db, const char* collection, int64_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t* db, const char* collection, const char* attribute, quiver_scalar_metadata_t* out_metadata);
QUIVER_C_API quiver_error_t quiver_database_get_vector_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata);
QUIVER_C_API quiver_error_t quiver_database_get_set_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata);
QUIVER_C_API quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t* db, const char* collection, const char* group_name, quiver_group_metadata_t* out_metadata);
QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t* metadata);
QUIVER_C_API quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t* metadata);
QUIVER_C_API quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t* db, const char* collection, quiver_scalar_metadata_t** out_metadata, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_list_vector_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_list_set_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_list_time_series_groups(quiver_database_t* db, const char* collection, quiver_group_metadata_t** out_metadata, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t* metadata, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t* metadata, size_t count);
QUIVER_C_API quiver_error_t quiver_database_read_time_series_group(quiver_database_t* db, const char* collection, const char* group, int64_t id, char*** out_column_names, int** out_column_types, void*** out_column_data, uint8_t*** out_column_has_value, size_t* out_column_count, size_t* out_row_count);
QUIVER_C_API quiver_error_t quiver_database_update_time_series_group(quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names, const int* column_types, const void* const* column_data, const uint8_t* const* column_has_value, size_t column_count, size_t row_count);
QUIVER_C_API quiver_error_t quiver_database_upsert_time_series_row(quiver_database_t* db, const char* collection, const char* group, int64_t id, const char* const* column_names, const int* column_types, const void* const* column_data, size_t column_count);
QUIVER_C_API quiver_error_t quiver_database_read_time_series_row(quiver_database_t* db, const char* collection, const char* group, const char* attribute, const char* date_time, int* out_data_type, void** out_values, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_free_time_series_data(char** column_names, int* column_types, void** column_data, uint8_t** column_has_value, size_t column_count, size_t row_count);
QUIVER_C_API quiver_error_t quiver_database_has_time_series_files(quiver_database_t* db, const char* collection, int* out_result);
QUIVER_C_API quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t* db, const char* collection, char*** out_columns, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_read_time_series_files(quiver_database_t* db, const char* collection, char*** out_columns, char*** out_paths, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_database_update_time_series_files(quiver_database_t* db, const char* collection, const char* const* columns, const char* const* paths, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_time_series_files(char** columns, char** paths, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_integer_array(int64_t* values);
QUIVER_C_API quiver_error_t quiver_database_free_float_array(double* values);
QUIVER_C_API quiver_error_t quiver_database_free_string_array(char** values, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_mask(uint8_t* mask);
QUIVER_C_API quiver_error_t quiver_database_free_string(char* str);
QUIVER_C_API quiver_error_t quiver_database_free_integer_vectors(int64_t** vectors, size_t* sizes, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_float_vectors(double** vectors, size_t* sizes, size_t count);
QUIVER_C_API quiver_error_t quiver_database_free_string_vectors(char*** vectors, size_t* sizes, size_t count);
QUIVER_C_API quiver_error_t quiver_database_export_csv(quiver_database_t* db, const char* collection, const char* group, const char* path, const quiver_csv_options_t* options);
QUIVER_C_API quiver_error_t quiver_database_import_csv(quiver_database_t* db, const char* collection, const char* group, const char* path, const quiver_csv_options_t* options);
QUIVER_C_API quiver_error_t quiver_database_query_string(quiver_database_t* db, const char* sql, char** out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_query_integer(quiver_database_t* db, const char* sql, int64_t* out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_query_float(quiver_database_t* db, const char* sql, double* out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_query_string_params(quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values, size_t param_count, char** out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_query_integer_params(quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values, size_t param_count, int64_t* out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_query_float_params(quiver_database_t* db, const char* sql, const int* param_types, const void* const* param_values, size_t param_count, double* out_value, int* out_has_value);
QUIVER_C_API quiver_error_t quiver_database_describe(quiver_database_t* db, char** out_report);
QUIVER_C_API quiver_error_t quiver_database_describe_collection(quiver_database_t* db, const char* collection, char** out_report);
QUIVER_C_API quiver_error_t quiver_database_summarize_collection(quiver_database_t* db, const char* collection, char** out_report);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_DATABASE_H */
