// The one module that talks to koffi: libquiver_c's functions declared one for one, bound on first use.
//
// PROTOTYPES mirrors c-api/include/quiver/c/*.h in header order and function order;
// test/native-declarations.test.ts parses the headers and fails on any drift. The declarations
// differ from the header text only by these rules (the test enforces exactly these):
//
//   R1  Pointer-to-pointer results the caller must free (arrays, masks, caller-freed strings,
//       metadata arrays: `int64_t** out_values`, `char*** out_values`, `char** out_report`, ...)
//       are `_Out_ void **out_x`: koffi hands back the raw address (bigint, or null for NULL).
//       Decode with the helpers below, then release with the library's matching free function.
//       Never `_Out_ char **` for those: koffi would decode the string and lose the pointer (a leak).
//   R2  Borrowed strings (`const char** out_path`, `const char** out_error`) are
//       `_Out_ const char **`: decoded to a JS string, nothing to free.
//   R3  New handles (`quiver_database_t** out_db`, ...) are `_Out_ <handle> **`: a bigint.
//   R4  Scalar outputs (`int*`, `size_t*`, `int64_t*`, `double*` named out_*) are `_Out_ T *`:
//       pass `[0]` (or a reused typed array of length 1 in hot loops) and read element 0.
//   R5  Caller-provided metadata structs (`quiver_scalar_metadata_t* out_metadata`) keep the
//       header type with no `_Out_`: pass memory from allocStruct(), decode it, then give the same
//       pointer to quiver_database_free_*_metadata (which frees the strings inside) and releaseStruct().
//   R7  Caller-owned output buffers (`double* out_data` of quiver_binary_file_read_block, with its
//       `data_count`; `int64_t* out_ids` of quiver_database_create_elements, with its `row_count`)
//       are declared without `_Out_`: a typed array passed there is the memory C writes into (with
//       `_Out_`, koffi would copy one value back).
//   R6  Inner `const` of pointer-to-pointer inputs is dropped (`const char* const* names` is declared
//       `const char **names`). koffi 3.3.4's prototype parser silently drops a pointer level when
//       `const` is directly followed by `*` ("const char* const* x" parses as `char *`), so the
//       header text cannot be used verbatim. C's const has no effect on the call.
//
// Enum types (quiver_error_t, quiver_log_level_t, quiver_data_type_t) are registered as aliases of
// `int`, so prototypes use the header's enum names. Importing this module loads nothing: the library
// is opened by the first native() call (lib/loader.ts decides which file).

import koffi from 'koffi';
import type { LibraryHandle, TypeObject } from 'koffi';
import { endianness } from 'node:os';
import { QuiverError } from './errors.js';
import { resolveLibraryPath } from './loader.js';
import { toInt64Big, toSafeNumber, unsafeIntegerMessage } from './types.js';
import type { BinaryFilePtr, BinaryMetadataPtr, DatabasePtr, ElementPtr, ExpressionPtr, LuaRunnerPtr, ProgressPtr, Ptr } from './types.js';

// ---------------------------------------------------------------------------------------------
// Declarations
// ---------------------------------------------------------------------------------------------

/** The public headers, in the order they are declared here. */
export const HEADERS = [
  'common',
  'options',
  'element',
  'database',
  'lua_runner',
  // ---- binary files, CSV converter, expressions (c-api/include/quiver/c/binary/, .../expression/) ----
  'binary/binary_metadata',
  'binary/binary_file',
  'binary/csv_converter',
  'expression/expression',
  'extensions',
] as const;
export type HeaderName = (typeof HEADERS)[number];

/** koffi C prototypes of every exported function, grouped by header (see the rules above). */
export const PROTOTYPES = {
  common: [
    'const char *quiver_version(void)',
    'const char *quiver_get_last_error(void)',
    'void quiver_clear_last_error(void)',
    'const char *quiver_build_source_hash(void)',
    'int64_t quiver_debug_live_allocations(void)',
  ],
  options: [
    'quiver_database_options_t quiver_database_options_default(void)',
    'quiver_csv_options_t quiver_csv_options_default(void)',
  ],
  element: [
    'quiver_error_t quiver_element_create(_Out_ quiver_element_t **out_element)',
    'quiver_error_t quiver_element_destroy(quiver_element_t *element)',
    'quiver_error_t quiver_element_clear(quiver_element_t *element)',
    'quiver_error_t quiver_element_set_integer(quiver_element_t *element, const char *name, int64_t value)',
    'quiver_error_t quiver_element_set_float(quiver_element_t *element, const char *name, double value)',
    'quiver_error_t quiver_element_set_string(quiver_element_t *element, const char *name, const char *value)',
    'quiver_error_t quiver_element_set_null(quiver_element_t *element, const char *name)',
    'quiver_error_t quiver_element_set_array_integer(quiver_element_t *element, const char *name, const int64_t *values, int32_t count, const uint8_t *has_value)',
    'quiver_error_t quiver_element_set_array_float(quiver_element_t *element, const char *name, const double *values, int32_t count, const uint8_t *has_value)',
    'quiver_error_t quiver_element_set_array_string(quiver_element_t *element, const char *name, const char **values, int32_t count, const uint8_t *has_value)',
    'quiver_error_t quiver_element_has_scalars(quiver_element_t *element, _Out_ int *out_result)',
    'quiver_error_t quiver_element_has_arrays(quiver_element_t *element, _Out_ int *out_result)',
    'quiver_error_t quiver_element_scalar_count(quiver_element_t *element, _Out_ size_t *out_count)',
    'quiver_error_t quiver_element_array_count(quiver_element_t *element, _Out_ size_t *out_count)',
    'quiver_error_t quiver_element_to_string(quiver_element_t *element, _Out_ void **out_string)',
  ],
  database: [
    'quiver_error_t quiver_database_open(const char *path, const quiver_database_options_t *options, _Out_ quiver_database_t **out_db)',
    'quiver_error_t quiver_database_from_migrations(const char *db_path, const char *migrations_path, const quiver_database_options_t *options, _Out_ quiver_database_t **out_db)',
    'quiver_error_t quiver_database_from_schema(const char *db_path, const char *schema_path, const quiver_database_options_t *options, _Out_ quiver_database_t **out_db)',
    'quiver_error_t quiver_database_close(quiver_database_t *db)',
    'quiver_error_t quiver_database_is_healthy(quiver_database_t *db, _Out_ int *out_healthy)',
    'quiver_error_t quiver_database_path(quiver_database_t *db, _Out_ const char **out_path)',
    'quiver_error_t quiver_database_begin_transaction(quiver_database_t *db)',
    'quiver_error_t quiver_database_commit(quiver_database_t *db)',
    'quiver_error_t quiver_database_rollback(quiver_database_t *db)',
    'quiver_error_t quiver_database_in_transaction(quiver_database_t *db, _Out_ int *out_active)',
    'quiver_error_t quiver_database_begin_dry_run(quiver_database_t *db)',
    'quiver_error_t quiver_database_end_dry_run(quiver_database_t *db)',
    'quiver_error_t quiver_database_in_dry_run(quiver_database_t *db, _Out_ int *out_active)',
    'quiver_error_t quiver_database_current_version(quiver_database_t *db, _Out_ int64_t *out_version)',
    'quiver_error_t quiver_database_create_element(quiver_database_t *db, const char *collection, quiver_element_t *element, _Out_ int64_t *out_id)',
    'quiver_error_t quiver_database_update_element(quiver_database_t *db, const char *collection, int64_t id, const quiver_element_t *element)',
    'quiver_error_t quiver_database_delete_element(quiver_database_t *db, const char *collection, int64_t id)',
    'quiver_error_t quiver_database_read_scalar_integers(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_values, _Out_ void **out_mask, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_scalar_floats(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_values, _Out_ void **out_mask, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_scalar_strings(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_vector_integers(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_vectors, _Out_ void **out_sizes, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_vector_floats(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_vectors, _Out_ void **out_sizes, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_vector_strings(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_vectors, _Out_ void **out_sizes, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_set_integers(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_sets, _Out_ void **out_sizes, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_set_floats(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_sets, _Out_ void **out_sizes, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_set_strings(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_sets, _Out_ void **out_sizes, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_scalar_integer_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ int64_t *out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_read_scalar_float_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ double *out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_read_scalar_string_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ void **out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_read_vector_integers_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_vector_floats_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_vector_strings_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_set_integers_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_set_floats_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_set_strings_by_id(quiver_database_t *db, const char *collection, const char *attribute, int64_t id, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_vector_group_by_id(quiver_database_t *db, const char *collection, const char *group, int64_t id, _Out_ void **out_column_names, _Out_ void **out_column_types, _Out_ void **out_column_data, _Out_ void **out_column_has_value, _Out_ size_t *out_column_count, _Out_ size_t *out_row_count)',
    'quiver_error_t quiver_database_read_set_group_by_id(quiver_database_t *db, const char *collection, const char *group, int64_t id, _Out_ void **out_column_names, _Out_ void **out_column_types, _Out_ void **out_column_data, _Out_ void **out_column_has_value, _Out_ size_t *out_column_count, _Out_ size_t *out_row_count)',
    'quiver_error_t quiver_database_update_vector_group(quiver_database_t *db, const char *collection, const char *group, int64_t id, const char **column_names, const int *column_types, const void **column_data, const uint8_t **column_has_value, size_t column_count, size_t row_count)',
    'quiver_error_t quiver_database_update_set_group(quiver_database_t *db, const char *collection, const char *group, int64_t id, const char **column_names, const int *column_types, const void **column_data, const uint8_t **column_has_value, size_t column_count, size_t row_count)',
    'quiver_error_t quiver_database_read_element_ids(quiver_database_t *db, const char *collection, _Out_ void **out_ids, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_number_of_elements(quiver_database_t *db, const char *collection, _Out_ int64_t *out_count)',
    'quiver_error_t quiver_database_get_scalar_metadata(quiver_database_t *db, const char *collection, const char *attribute, quiver_scalar_metadata_t *out_metadata)',
    'quiver_error_t quiver_database_get_vector_metadata(quiver_database_t *db, const char *collection, const char *group_name, quiver_group_metadata_t *out_metadata)',
    'quiver_error_t quiver_database_get_set_metadata(quiver_database_t *db, const char *collection, const char *group_name, quiver_group_metadata_t *out_metadata)',
    'quiver_error_t quiver_database_get_time_series_metadata(quiver_database_t *db, const char *collection, const char *group_name, quiver_group_metadata_t *out_metadata)',
    'quiver_error_t quiver_database_free_scalar_metadata(quiver_scalar_metadata_t *metadata)',
    'quiver_error_t quiver_database_free_group_metadata(quiver_group_metadata_t *metadata)',
    'quiver_error_t quiver_database_list_scalar_attributes(quiver_database_t *db, const char *collection, _Out_ void **out_metadata, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_list_vector_groups(quiver_database_t *db, const char *collection, _Out_ void **out_metadata, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_list_set_groups(quiver_database_t *db, const char *collection, _Out_ void **out_metadata, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_list_time_series_groups(quiver_database_t *db, const char *collection, _Out_ void **out_metadata, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_free_scalar_metadata_array(quiver_scalar_metadata_t *metadata, size_t count)',
    'quiver_error_t quiver_database_free_group_metadata_array(quiver_group_metadata_t *metadata, size_t count)',
    'quiver_error_t quiver_database_read_time_series_group(quiver_database_t *db, const char *collection, const char *group, int64_t id, _Out_ void **out_column_names, _Out_ void **out_column_types, _Out_ void **out_column_data, _Out_ void **out_column_has_value, _Out_ size_t *out_column_count, _Out_ size_t *out_row_count)',
    'quiver_error_t quiver_database_update_time_series_group(quiver_database_t *db, const char *collection, const char *group, int64_t id, const char **column_names, const int *column_types, const void **column_data, const uint8_t **column_has_value, size_t column_count, size_t row_count)',
    'quiver_error_t quiver_database_upsert_time_series_row(quiver_database_t *db, const char *collection, const char *group, int64_t id, const char **column_names, const int *column_types, const void **column_data, size_t column_count)',
    'quiver_error_t quiver_database_read_time_series_row(quiver_database_t *db, const char *collection, const char *group, const char *attribute, const char *date_time, _Out_ int *out_data_type, _Out_ void **out_values, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_free_time_series_data(char **column_names, int *column_types, void **column_data, uint8_t **column_has_value, size_t column_count, size_t row_count)',
    'quiver_error_t quiver_database_has_time_series_files(quiver_database_t *db, const char *collection, _Out_ int *out_result)',
    'quiver_error_t quiver_database_list_time_series_files_columns(quiver_database_t *db, const char *collection, _Out_ void **out_columns, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_read_time_series_files(quiver_database_t *db, const char *collection, _Out_ void **out_columns, _Out_ void **out_paths, _Out_ size_t *out_count)',
    'quiver_error_t quiver_database_update_time_series_files(quiver_database_t *db, const char *collection, const char **columns, const char **paths, size_t count)',
    'quiver_error_t quiver_database_free_time_series_files(char **columns, char **paths, size_t count)',
    'quiver_error_t quiver_database_free_integer_array(int64_t *values)',
    'quiver_error_t quiver_database_free_float_array(double *values)',
    'quiver_error_t quiver_database_free_string_array(char **values, size_t count)',
    'quiver_error_t quiver_database_free_mask(uint8_t *mask)',
    'quiver_error_t quiver_database_free_string(char *str)',
    'quiver_error_t quiver_database_free_integer_vectors(int64_t **vectors, size_t *sizes, size_t count)',
    'quiver_error_t quiver_database_free_float_vectors(double **vectors, size_t *sizes, size_t count)',
    'quiver_error_t quiver_database_free_string_vectors(char ***vectors, size_t *sizes, size_t count)',
    'quiver_error_t quiver_database_export_csv(quiver_database_t *db, const char *collection, const char *group, const char *path, const quiver_csv_options_t *options)',
    'quiver_error_t quiver_database_import_csv(quiver_database_t *db, const char *collection, const char *group, const char *path, const quiver_csv_options_t *options)',
    'quiver_error_t quiver_database_query_string(quiver_database_t *db, const char *sql, _Out_ void **out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_query_integer(quiver_database_t *db, const char *sql, _Out_ int64_t *out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_query_float(quiver_database_t *db, const char *sql, _Out_ double *out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_query_string_params(quiver_database_t *db, const char *sql, const int *param_types, const void **param_values, size_t param_count, _Out_ void **out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_query_integer_params(quiver_database_t *db, const char *sql, const int *param_types, const void **param_values, size_t param_count, _Out_ int64_t *out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_query_float_params(quiver_database_t *db, const char *sql, const int *param_types, const void **param_values, size_t param_count, _Out_ double *out_value, _Out_ int *out_has_value)',
    'quiver_error_t quiver_database_describe(quiver_database_t *db, _Out_ void **out_report)',
    'quiver_error_t quiver_database_describe_collection(quiver_database_t *db, const char *collection, _Out_ void **out_report)',
    'quiver_error_t quiver_database_summarize_collection(quiver_database_t *db, const char *collection, _Out_ void **out_report)',
  ],
  lua_runner: [
    'quiver_error_t quiver_lua_runner_new(quiver_database_t *db, _Out_ quiver_lua_runner_t **out_runner)',
    'quiver_error_t quiver_lua_runner_free(quiver_lua_runner_t *runner)',
    'quiver_error_t quiver_lua_runner_run(quiver_lua_runner_t *runner, const char *script, _Out_ void **out_result)',
    'quiver_error_t quiver_lua_runner_free_string(char *str)',
    'quiver_error_t quiver_lua_runner_get_error(quiver_lua_runner_t *runner, _Out_ const char **out_error)',
  ],
  // ---- binary files, CSV converter, expressions ------------------------------------------------
  // `char mode` takes the character code ('r'.charCodeAt(0)); `const double *parameter` is null
  // or a one-element array. quiver_dimension_t* out is caller storage (rule R5, like the metadata
  // structs): allocStruct('quiver_dimension_t'), decode, quiver_binary_metadata_free_dimension, releaseStruct.
  'binary/binary_metadata': [
    'quiver_error_t quiver_binary_metadata_create(_Out_ quiver_binary_metadata_t **out)',
    'quiver_error_t quiver_binary_metadata_free(quiver_binary_metadata_t *md)',
    'quiver_error_t quiver_binary_metadata_from_toml(const char *toml, _Out_ quiver_binary_metadata_t **out)',
    'quiver_error_t quiver_binary_metadata_from_element(quiver_element_t *el, _Out_ quiver_binary_metadata_t **out)',
    'quiver_error_t quiver_binary_metadata_to_toml(quiver_binary_metadata_t *md, _Out_ void **out_toml)',
    'quiver_error_t quiver_binary_metadata_set_initial_datetime(quiver_binary_metadata_t *md, const char *iso8601)',
    'quiver_error_t quiver_binary_metadata_set_unit(quiver_binary_metadata_t *md, const char *unit)',
    'quiver_error_t quiver_binary_metadata_set_version(quiver_binary_metadata_t *md, const char *version)',
    'quiver_error_t quiver_binary_metadata_set_labels(quiver_binary_metadata_t *md, const char **labels, size_t count)',
    'quiver_error_t quiver_binary_metadata_add_dimension(quiver_binary_metadata_t *md, const char *name, int64_t size)',
    'quiver_error_t quiver_binary_metadata_add_time_dimension(quiver_binary_metadata_t *md, const char *name, int64_t size, const char *frequency)',
    'quiver_error_t quiver_binary_metadata_get_unit(quiver_binary_metadata_t *md, _Out_ void **out)',
    'quiver_error_t quiver_binary_metadata_get_version(quiver_binary_metadata_t *md, _Out_ void **out)',
    'quiver_error_t quiver_binary_metadata_get_initial_datetime(quiver_binary_metadata_t *md, _Out_ void **out)',
    'quiver_error_t quiver_binary_metadata_get_number_of_time_dimensions(quiver_binary_metadata_t *md, _Out_ int64_t *out)',
    'quiver_error_t quiver_binary_metadata_get_labels(quiver_binary_metadata_t *md, _Out_ void **out, _Out_ size_t *out_count)',
    'quiver_error_t quiver_binary_metadata_get_dimension_count(quiver_binary_metadata_t *md, _Out_ size_t *out)',
    'quiver_error_t quiver_binary_metadata_get_dimension(quiver_binary_metadata_t *md, size_t index, quiver_dimension_t *out)',
    'quiver_error_t quiver_binary_metadata_free_string(char *str)',
    'quiver_error_t quiver_binary_metadata_free_string_array(char **strs, size_t count)',
    'quiver_error_t quiver_binary_metadata_free_dimension(quiver_dimension_t *dim)',
  ],
  'binary/binary_file': [
    'quiver_error_t quiver_binary_file_open_file(const char *path, char mode, quiver_binary_metadata_t *md, _Out_ quiver_binary_file_t **out)',
    'quiver_error_t quiver_binary_file_create(const char *path, _Out_ quiver_binary_file_t **out)',
    'quiver_error_t quiver_binary_file_open(quiver_binary_file_t *binary_file, char mode, quiver_binary_metadata_t *md)',
    'quiver_error_t quiver_binary_file_close(quiver_binary_file_t *binary_file)',
    'quiver_error_t quiver_binary_file_read(quiver_binary_file_t *binary_file, const char **dim_names, const int64_t *dim_values, size_t dim_count, int allow_nulls, _Out_ void **out_data, _Out_ size_t *out_count)',
    'quiver_error_t quiver_binary_file_write(quiver_binary_file_t *binary_file, const char **dim_names, const int64_t *dim_values, size_t dim_count, const double *data, size_t data_count)',
    'quiver_error_t quiver_binary_file_get_metadata(quiver_binary_file_t *binary_file, _Out_ quiver_binary_metadata_t **out)',
    'quiver_error_t quiver_binary_file_get_file_path(quiver_binary_file_t *binary_file, _Out_ void **out)',
    'quiver_error_t quiver_binary_file_free_string(char *str)',
    'quiver_error_t quiver_binary_file_free_float_array(double *data)',
  ],
  'binary/csv_converter': [
    'quiver_error_t quiver_csv_converter_bin_to_csv(const char *path, int aggregate_time_dimensions)',
    'quiver_error_t quiver_csv_converter_csv_to_bin(const char *path)',
  ],
  'expression/expression': [
    'quiver_error_t quiver_expression_from_file(quiver_binary_file_t *file, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_close(quiver_expression_t *expression)',
    'quiver_error_t quiver_expression_apply(quiver_expression_operation_t operation, quiver_expression_t *lhs, quiver_expression_t *rhs, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_apply_scalar_right(quiver_expression_operation_t operation, quiver_expression_t *lhs, double rhs, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_apply_scalar_left(quiver_expression_operation_t operation, double lhs, quiver_expression_t *rhs, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_apply_unary(quiver_expression_unary_operation_t operation, quiver_expression_t *operand, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_apply_ternary(quiver_expression_ternary_operation_t operation, quiver_expression_t *condition, quiver_expression_t *then_value, quiver_expression_t *else_value, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_save(quiver_expression_t *expression, const char *path)',
    'quiver_error_t quiver_expression_get_metadata(quiver_expression_t *expression, _Out_ quiver_binary_metadata_t **out)',
    'quiver_error_t quiver_expression_aggregate(quiver_expression_t *expression, const char *dimension, quiver_expression_aggregate_operation_t operation, const double *parameter, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_aggregate_agents(quiver_expression_t *expression, quiver_expression_aggregate_agents_operation_t operation, const double *parameter, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_select_agents(quiver_expression_t *expression, const char **labels, size_t label_count, _Out_ quiver_expression_t **out)',
    'quiver_error_t quiver_expression_rename_agents(quiver_expression_t *expression, const char **old_labels, const char **new_labels, size_t mapping_count, _Out_ quiver_expression_t **out)',
  ],
  // Our own functions (not upstream's). The block reads fill a caller-owned buffer: `double *out_data`
  // is declared without `_Out_` (rule R7 below), so koffi hands C the Float64Array's own memory.
  extensions: [
    // ---- Lua runner limits ----
    'quiver_error_t quiver_lua_runner_run_with_limits(quiver_lua_runner_t *runner, const char *script, int64_t timeout_ms, int64_t memory_limit_bytes, _Out_ void **out_result)',
    // ---- Busy timeout ----
    'quiver_error_t quiver_database_set_busy_timeout(quiver_database_t *db, int timeout_ms)',
    // ---- Binary file blocks ----
    'quiver_error_t quiver_binary_file_read_block(quiver_binary_file_t *binary_file, const char **dim_names, const int64_t *dim_values, size_t dim_count, int allow_nulls, double *out_data, size_t data_count)',
    'quiver_error_t quiver_binary_file_write_block(quiver_binary_file_t *binary_file, const char **dim_names, const int64_t *dim_values, size_t dim_count, const double *data, size_t data_count)',
    'quiver_error_t quiver_binary_file_is_open(quiver_binary_file_t *binary_file, _Out_ int *out_open)',
    // ---- Bulk element creation ----
    // `int64_t *out_ids` is a caller-owned buffer of row_count ids (rule R7): a BigInt64Array passed
    // there is the memory C writes into.
    'quiver_error_t quiver_database_create_elements(quiver_database_t *db, const char *collection, const char **column_names, const int *column_types, const void **column_data, const uint8_t **column_has_value, const int64_t **column_offsets, size_t column_count, size_t row_count, int64_t *out_ids)',
    // ---- One element from packed values ----
    'quiver_error_t quiver_database_create_element_values(quiver_database_t *db, const char *collection, const int *types, const int64_t *slots, const uint8_t *text, size_t text_size, size_t count, _Out_ int64_t *out_id)',
    // ---- Scalar strings in one buffer ----
    'quiver_error_t quiver_database_read_scalar_strings_packed(quiver_database_t *db, const char *collection, const char *attribute, _Out_ void **out_text, _Out_ size_t *out_text_size, _Out_ void **out_offsets, _Out_ void **out_mask, _Out_ int *out_ascii, _Out_ size_t *out_count)',
    // ---- Progress and cancellation of long calls (the *Async methods run these on koffi's pool) ----
    'quiver_error_t quiver_progress_new(_Out_ quiver_progress_t **out_progress)',
    'quiver_error_t quiver_progress_free(quiver_progress_t *progress)',
    'quiver_error_t quiver_progress_cancel(quiver_progress_t *progress)',
    'quiver_error_t quiver_progress_get(quiver_progress_t *progress, _Out_ int64_t *out_done, _Out_ int64_t *out_total)',
    'quiver_error_t quiver_progress_get_error(quiver_progress_t *progress, _Out_ const char **out_error)',
    'quiver_error_t quiver_database_import_csv_with_progress(quiver_database_t *db, const char *collection, const char *group, const char *path, const quiver_csv_options_t *options, quiver_progress_t *progress)',
    'quiver_error_t quiver_database_export_csv_with_progress(quiver_database_t *db, const char *collection, const char *group, const char *path, const quiver_csv_options_t *options, quiver_progress_t *progress)',
    'quiver_error_t quiver_database_read_time_series_group_with_progress(quiver_database_t *db, const char *collection, const char *group, int64_t id, quiver_progress_t *progress, _Out_ void **out_column_names, _Out_ void **out_column_types, _Out_ void **out_column_data, _Out_ void **out_column_has_value, _Out_ size_t *out_column_count, _Out_ size_t *out_row_count)',
    'quiver_error_t quiver_database_update_time_series_group_with_progress(quiver_database_t *db, const char *collection, const char *group, int64_t id, const char **column_names, const int *column_types, const void **column_data, const uint8_t **column_has_value, size_t column_count, size_t row_count, quiver_progress_t *progress)',
    'quiver_error_t quiver_lua_runner_run_with_progress(quiver_lua_runner_t *runner, const char *script, int64_t timeout_ms, int64_t memory_limit_bytes, quiver_progress_t *progress, _Out_ void **out_result)',
    'quiver_error_t quiver_database_create_elements_with_progress(quiver_database_t *db, const char *collection, const char **column_names, const int *column_types, const void **column_data, const uint8_t **column_has_value, const int64_t **column_offsets, size_t column_count, size_t row_count, int64_t *out_ids, quiver_progress_t *progress)',
  ],
  // ---- end binary files, CSV converter, expressions --------------------------------------------
} as const satisfies Record<HeaderName, readonly string[]>;

// ---------------------------------------------------------------------------------------------
// JS-side types of the bound functions
// ---------------------------------------------------------------------------------------------

/** A value prepared with asPointer() for an element of a `const void **` array. */
export type PointerCast = ReturnType<typeof koffi.as>;

/** `const char *` input (null passes NULL). */
type CStr = string | null;
/** `int64_t` input: a safe integer number or a bigint in int64 range (validate with toInt64). */
type I64 = number | bigint;
/** `size_t` input. */
type Size = number | bigint;
/** `const int64_t *` input. */
type Int64In = BigInt64Array | readonly (number | bigint)[] | null;
/** `const double *` input. */
type Float64In = Float64Array | readonly number[] | null;
/** `const uint8_t *` input (presence masks; NULL = all present). */
type MaskIn = Uint8Array | readonly number[] | null;
/** `const int *` input (data type tags). */
type IntArrayIn = Int32Array | readonly number[] | null;
/** `const char **` input (NULL entries allowed where the C API allows them). */
type StrArrayIn = readonly (string | null)[] | null;
/** `const void **` input: each entry from asPointer(), a raw address, or null. */
type VoidPtrArrayIn = readonly (PointerCast | Ptr | null)[] | null;
/** `const uint8_t **` input: one mask per column, null = that column is dense. */
type MaskArrayIn = readonly (Uint8Array | readonly number[] | null)[] | null;
/** `const int64_t **` input: one array per column, null = none for that column. */
type Int64ArrayIn = readonly (BigInt64Array | null)[] | null;

/** `_Out_ void **`: receives a library-allocated address (null when NULL). */
export type OutPtr = [Ptr | null];
/** `_Out_ int *` */
export type OutInt = [number] | Int32Array;
/** `_Out_ size_t *` */
export type OutSize = [number] | BigUint64Array;
/** `_Out_ int64_t *`: koffi writes a number when safe, a bigint otherwise (see toSafeNumber). */
export type OutInt64 = [number | bigint] | BigInt64Array;
/** `_Out_ double *` */
export type OutDouble = [number] | Float64Array;
/** `_Out_ const char **` (borrowed string, decoded by koffi). */
export type OutBorrowedStr = [string | null];
/** `_Out_ <handle> **` */
export type OutHandle<H> = [H | null];

/** quiver_database_options_t (field order is ABI). */
export interface DatabaseOptionsStruct {
  read_only: number;
  console_level: number;
}

/**
 * quiver_csv_options_t. As an input (passed by pointer), the array fields may be JS arrays, which
 * koffi copies into temporary C arrays for the duration of the call. As a result
 * (quiver_csv_options_default), pointer fields come back as raw addresses or null.
 */
export interface CsvOptionsStruct {
  date_time_format: string | null;
  enum_attribute_names: readonly string[] | Ptr | null;
  enum_locale_names: readonly string[] | Ptr | null;
  enum_entry_counts: readonly number[] | BigUint64Array | Ptr | null;
  enum_labels: readonly string[] | Ptr | null;
  enum_values: readonly (number | bigint)[] | BigInt64Array | Ptr | null;
  enum_group_count: number;
}

/** quiver_scalar_metadata_t as decoded by koffi (strings copied; NULL → null). */
export interface ScalarMetadataRecord {
  name: string | null;
  data_type: number;
  not_null: number;
  primary_key: number;
  default_value: string | null;
  is_foreign_key: number;
  references_collection: string | null;
  references_column: string | null;
}

/** quiver_group_metadata_t as decoded by koffi: value_columns is the raw address. */
export interface GroupMetadataStruct {
  group_name: string | null;
  dimension_column: string | null;
  value_columns: Ptr | null;
  value_column_count: number;
}

/** quiver_group_metadata_t with value_columns decoded too (decodeGroupMetadata*). */
export interface GroupMetadataRecord {
  group_name: string | null;
  dimension_column: string | null;
  value_columns: ScalarMetadataRecord[];
}

type Db = DatabasePtr | null;
type El = ElementPtr | null;
type Runner = LuaRunnerPtr | null;
type Md = BinaryMetadataPtr | null;
type Bf = BinaryFilePtr | null;
type Ex = ExpressionPtr | null;
type Pr = ProgressPtr | null;
/** A library-allocated address handed back to a free function (NULL allowed where C allows it). */
type P = Ptr | null;

/** The bound functions: one per prototype, same name, parameters in C order. */
export interface NativeBindings {
  // common.h
  quiver_version(): string;
  quiver_get_last_error(): string;
  quiver_clear_last_error(): void;
  quiver_build_source_hash(): string;
  quiver_debug_live_allocations(): number | bigint;

  // options.h
  quiver_database_options_default(): DatabaseOptionsStruct;
  quiver_csv_options_default(): CsvOptionsStruct;

  // element.h
  quiver_element_create(out_element: OutHandle<ElementPtr>): number;
  quiver_element_destroy(element: El): number;
  quiver_element_clear(element: El): number;
  quiver_element_set_integer(element: El, name: CStr, value: I64): number;
  quiver_element_set_float(element: El, name: CStr, value: number): number;
  quiver_element_set_string(element: El, name: CStr, value: CStr): number;
  quiver_element_set_null(element: El, name: CStr): number;
  quiver_element_set_array_integer(element: El, name: CStr, values: Int64In, count: number, has_value: MaskIn): number;
  quiver_element_set_array_float(element: El, name: CStr, values: Float64In, count: number, has_value: MaskIn): number;
  quiver_element_set_array_string(element: El, name: CStr, values: StrArrayIn, count: number, has_value: MaskIn): number;
  quiver_element_has_scalars(element: El, out_result: OutInt): number;
  quiver_element_has_arrays(element: El, out_result: OutInt): number;
  quiver_element_scalar_count(element: El, out_count: OutSize): number;
  quiver_element_array_count(element: El, out_count: OutSize): number;
  quiver_element_to_string(element: El, out_string: OutPtr): number;

  // database.h: lifecycle
  quiver_database_open(path: CStr, options: DatabaseOptionsStruct | null, out_db: OutHandle<DatabasePtr>): number;
  quiver_database_from_migrations(db_path: CStr, migrations_path: CStr, options: DatabaseOptionsStruct | null, out_db: OutHandle<DatabasePtr>): number;
  quiver_database_from_schema(db_path: CStr, schema_path: CStr, options: DatabaseOptionsStruct | null, out_db: OutHandle<DatabasePtr>): number;
  quiver_database_close(db: Db): number;
  quiver_database_is_healthy(db: Db, out_healthy: OutInt): number;
  quiver_database_path(db: Db, out_path: OutBorrowedStr): number;
  quiver_database_begin_transaction(db: Db): number;
  quiver_database_commit(db: Db): number;
  quiver_database_rollback(db: Db): number;
  quiver_database_in_transaction(db: Db, out_active: OutInt): number;
  quiver_database_begin_dry_run(db: Db): number;
  quiver_database_end_dry_run(db: Db): number;
  quiver_database_in_dry_run(db: Db, out_active: OutInt): number;
  quiver_database_current_version(db: Db, out_version: OutInt64): number;

  // database.h: writes
  quiver_database_create_element(db: Db, collection: CStr, element: El, out_id: OutInt64): number;
  quiver_database_update_element(db: Db, collection: CStr, id: I64, element: El): number;
  quiver_database_delete_element(db: Db, collection: CStr, id: I64): number;

  // database.h: reads
  quiver_database_read_scalar_integers(db: Db, collection: CStr, attribute: CStr, out_values: OutPtr, out_mask: OutPtr, out_count: OutSize): number;
  quiver_database_read_scalar_floats(db: Db, collection: CStr, attribute: CStr, out_values: OutPtr, out_mask: OutPtr, out_count: OutSize): number;
  quiver_database_read_scalar_strings(db: Db, collection: CStr, attribute: CStr, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_read_vector_integers(db: Db, collection: CStr, attribute: CStr, out_vectors: OutPtr, out_sizes: OutPtr, out_count: OutSize): number;
  quiver_database_read_vector_floats(db: Db, collection: CStr, attribute: CStr, out_vectors: OutPtr, out_sizes: OutPtr, out_count: OutSize): number;
  quiver_database_read_vector_strings(db: Db, collection: CStr, attribute: CStr, out_vectors: OutPtr, out_sizes: OutPtr, out_count: OutSize): number;
  quiver_database_read_set_integers(db: Db, collection: CStr, attribute: CStr, out_sets: OutPtr, out_sizes: OutPtr, out_count: OutSize): number;
  quiver_database_read_set_floats(db: Db, collection: CStr, attribute: CStr, out_sets: OutPtr, out_sizes: OutPtr, out_count: OutSize): number;
  quiver_database_read_set_strings(db: Db, collection: CStr, attribute: CStr, out_sets: OutPtr, out_sizes: OutPtr, out_count: OutSize): number;
  quiver_database_read_scalar_integer_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_value: OutInt64, out_has_value: OutInt): number;
  quiver_database_read_scalar_float_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_value: OutDouble, out_has_value: OutInt): number;
  quiver_database_read_scalar_string_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_value: OutPtr, out_has_value: OutInt): number;
  quiver_database_read_vector_integers_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_read_vector_floats_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_read_vector_strings_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_read_set_integers_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_read_set_floats_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_read_set_strings_by_id(db: Db, collection: CStr, attribute: CStr, id: I64, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_read_vector_group_by_id(db: Db, collection: CStr, group: CStr, id: I64, out_column_names: OutPtr, out_column_types: OutPtr, out_column_data: OutPtr, out_column_has_value: OutPtr, out_column_count: OutSize, out_row_count: OutSize): number;
  quiver_database_read_set_group_by_id(db: Db, collection: CStr, group: CStr, id: I64, out_column_names: OutPtr, out_column_types: OutPtr, out_column_data: OutPtr, out_column_has_value: OutPtr, out_column_count: OutSize, out_row_count: OutSize): number;
  quiver_database_update_vector_group(db: Db, collection: CStr, group: CStr, id: I64, column_names: StrArrayIn, column_types: IntArrayIn, column_data: VoidPtrArrayIn, column_has_value: MaskArrayIn, column_count: Size, row_count: Size): number;
  quiver_database_update_set_group(db: Db, collection: CStr, group: CStr, id: I64, column_names: StrArrayIn, column_types: IntArrayIn, column_data: VoidPtrArrayIn, column_has_value: MaskArrayIn, column_count: Size, row_count: Size): number;
  quiver_database_read_element_ids(db: Db, collection: CStr, out_ids: OutPtr, out_count: OutSize): number;
  quiver_database_number_of_elements(db: Db, collection: CStr, out_count: OutInt64): number;

  // database.h: metadata
  quiver_database_get_scalar_metadata(db: Db, collection: CStr, attribute: CStr, out_metadata: P): number;
  quiver_database_get_vector_metadata(db: Db, collection: CStr, group_name: CStr, out_metadata: P): number;
  quiver_database_get_set_metadata(db: Db, collection: CStr, group_name: CStr, out_metadata: P): number;
  quiver_database_get_time_series_metadata(db: Db, collection: CStr, group_name: CStr, out_metadata: P): number;
  quiver_database_free_scalar_metadata(metadata: P): number;
  quiver_database_free_group_metadata(metadata: P): number;
  quiver_database_list_scalar_attributes(db: Db, collection: CStr, out_metadata: OutPtr, out_count: OutSize): number;
  quiver_database_list_vector_groups(db: Db, collection: CStr, out_metadata: OutPtr, out_count: OutSize): number;
  quiver_database_list_set_groups(db: Db, collection: CStr, out_metadata: OutPtr, out_count: OutSize): number;
  quiver_database_list_time_series_groups(db: Db, collection: CStr, out_metadata: OutPtr, out_count: OutSize): number;
  quiver_database_free_scalar_metadata_array(metadata: P, count: Size): number;
  quiver_database_free_group_metadata_array(metadata: P, count: Size): number;

  // database.h: time series and time-series files
  quiver_database_read_time_series_group(db: Db, collection: CStr, group: CStr, id: I64, out_column_names: OutPtr, out_column_types: OutPtr, out_column_data: OutPtr, out_column_has_value: OutPtr, out_column_count: OutSize, out_row_count: OutSize): number;
  quiver_database_update_time_series_group(db: Db, collection: CStr, group: CStr, id: I64, column_names: StrArrayIn, column_types: IntArrayIn, column_data: VoidPtrArrayIn, column_has_value: MaskArrayIn, column_count: Size, row_count: Size): number;
  quiver_database_upsert_time_series_row(db: Db, collection: CStr, group: CStr, id: I64, column_names: StrArrayIn, column_types: IntArrayIn, column_data: VoidPtrArrayIn, column_count: Size): number;
  quiver_database_read_time_series_row(db: Db, collection: CStr, group: CStr, attribute: CStr, date_time: CStr, out_data_type: OutInt, out_values: OutPtr, out_count: OutSize): number;
  quiver_database_free_time_series_data(column_names: P, column_types: P, column_data: P, column_has_value: P, column_count: Size, row_count: Size): number;
  quiver_database_has_time_series_files(db: Db, collection: CStr, out_result: OutInt): number;
  quiver_database_list_time_series_files_columns(db: Db, collection: CStr, out_columns: OutPtr, out_count: OutSize): number;
  quiver_database_read_time_series_files(db: Db, collection: CStr, out_columns: OutPtr, out_paths: OutPtr, out_count: OutSize): number;
  quiver_database_update_time_series_files(db: Db, collection: CStr, columns: StrArrayIn, paths: StrArrayIn, count: Size): number;
  quiver_database_free_time_series_files(columns: P, paths: P, count: Size): number;

  // database.h: memory release
  quiver_database_free_integer_array(values: P): number;
  quiver_database_free_float_array(values: P): number;
  quiver_database_free_string_array(values: P, count: Size): number;
  quiver_database_free_mask(mask: P): number;
  quiver_database_free_string(str: P): number;
  quiver_database_free_integer_vectors(vectors: P, sizes: P, count: Size): number;
  quiver_database_free_float_vectors(vectors: P, sizes: P, count: Size): number;
  quiver_database_free_string_vectors(vectors: P, sizes: P, count: Size): number;

  // database.h: CSV
  quiver_database_export_csv(db: Db, collection: CStr, group: CStr, path: CStr, options: CsvOptionsStruct | null): number;
  quiver_database_import_csv(db: Db, collection: CStr, group: CStr, path: CStr, options: CsvOptionsStruct | null): number;

  // database.h: queries and reports
  quiver_database_query_string(db: Db, sql: CStr, out_value: OutPtr, out_has_value: OutInt): number;
  quiver_database_query_integer(db: Db, sql: CStr, out_value: OutInt64, out_has_value: OutInt): number;
  quiver_database_query_float(db: Db, sql: CStr, out_value: OutDouble, out_has_value: OutInt): number;
  quiver_database_query_string_params(db: Db, sql: CStr, param_types: IntArrayIn, param_values: VoidPtrArrayIn, param_count: Size, out_value: OutPtr, out_has_value: OutInt): number;
  quiver_database_query_integer_params(db: Db, sql: CStr, param_types: IntArrayIn, param_values: VoidPtrArrayIn, param_count: Size, out_value: OutInt64, out_has_value: OutInt): number;
  quiver_database_query_float_params(db: Db, sql: CStr, param_types: IntArrayIn, param_values: VoidPtrArrayIn, param_count: Size, out_value: OutDouble, out_has_value: OutInt): number;
  quiver_database_describe(db: Db, out_report: OutPtr): number;
  quiver_database_describe_collection(db: Db, collection: CStr, out_report: OutPtr): number;
  quiver_database_summarize_collection(db: Db, collection: CStr, out_report: OutPtr): number;

  // lua_runner.h
  quiver_lua_runner_new(db: Db, out_runner: OutHandle<LuaRunnerPtr>): number;
  quiver_lua_runner_free(runner: Runner): number;
  quiver_lua_runner_run(runner: Runner, script: CStr, out_result: OutPtr): number;
  quiver_lua_runner_free_string(str: P): number;
  quiver_lua_runner_get_error(runner: Runner, out_error: OutBorrowedStr): number;

  // ---- binary files, CSV converter, expressions ----
  // binary/binary_metadata.h
  quiver_binary_metadata_create(out: OutHandle<BinaryMetadataPtr>): number;
  quiver_binary_metadata_free(md: Md): number;
  quiver_binary_metadata_from_toml(toml: CStr, out: OutHandle<BinaryMetadataPtr>): number;
  quiver_binary_metadata_from_element(el: El, out: OutHandle<BinaryMetadataPtr>): number;
  quiver_binary_metadata_to_toml(md: Md, out_toml: OutPtr): number;
  quiver_binary_metadata_set_initial_datetime(md: Md, iso8601: CStr): number;
  quiver_binary_metadata_set_unit(md: Md, unit: CStr): number;
  quiver_binary_metadata_set_version(md: Md, version: CStr): number;
  quiver_binary_metadata_set_labels(md: Md, labels: StrArrayIn, count: Size): number;
  quiver_binary_metadata_add_dimension(md: Md, name: CStr, size: I64): number;
  quiver_binary_metadata_add_time_dimension(md: Md, name: CStr, size: I64, frequency: CStr): number;
  quiver_binary_metadata_get_unit(md: Md, out: OutPtr): number;
  quiver_binary_metadata_get_version(md: Md, out: OutPtr): number;
  quiver_binary_metadata_get_initial_datetime(md: Md, out: OutPtr): number;
  quiver_binary_metadata_get_number_of_time_dimensions(md: Md, out: OutInt64): number;
  quiver_binary_metadata_get_labels(md: Md, out: OutPtr, out_count: OutSize): number;
  quiver_binary_metadata_get_dimension_count(md: Md, out: OutSize): number;
  quiver_binary_metadata_get_dimension(md: Md, index: Size, out: P): number;
  quiver_binary_metadata_free_string(str: P): number;
  quiver_binary_metadata_free_string_array(strs: P, count: Size): number;
  quiver_binary_metadata_free_dimension(dim: P): number;

  // binary/binary_file.h (mode: a character code, e.g. 114 for 'r')
  quiver_binary_file_open_file(path: CStr, mode: number, md: Md, out: OutHandle<BinaryFilePtr>): number;
  quiver_binary_file_create(path: CStr, out: OutHandle<BinaryFilePtr>): number;
  quiver_binary_file_open(binary_file: Bf, mode: number, md: Md): number;
  quiver_binary_file_close(binary_file: Bf): number;
  quiver_binary_file_read(binary_file: Bf, dim_names: StrArrayIn | P, dim_values: Int64In, dim_count: Size, allow_nulls: number, out_data: OutPtr | BigUint64Array, out_count: OutSize): number;
  quiver_binary_file_write(binary_file: Bf, dim_names: StrArrayIn | P, dim_values: Int64In, dim_count: Size, data: Float64In, data_count: Size): number;
  quiver_binary_file_get_metadata(binary_file: Bf, out: OutHandle<BinaryMetadataPtr>): number;
  quiver_binary_file_get_file_path(binary_file: Bf, out: OutPtr): number;
  quiver_binary_file_free_string(str: P): number;
  quiver_binary_file_free_float_array(data: P): number;

  // binary/csv_converter.h
  quiver_csv_converter_bin_to_csv(path: CStr, aggregate_time_dimensions: number): number;
  quiver_csv_converter_csv_to_bin(path: CStr): number;

  // expression/expression.h
  quiver_expression_from_file(file: Bf, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_close(expression: Ex): number;
  quiver_expression_apply(operation: number, lhs: Ex, rhs: Ex, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_apply_scalar_right(operation: number, lhs: Ex, rhs: number, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_apply_scalar_left(operation: number, lhs: number, rhs: Ex, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_apply_unary(operation: number, operand: Ex, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_apply_ternary(operation: number, condition: Ex, then_value: Ex, else_value: Ex, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_save(expression: Ex, path: CStr): number;
  quiver_expression_get_metadata(expression: Ex, out: OutHandle<BinaryMetadataPtr>): number;
  quiver_expression_aggregate(expression: Ex, dimension: CStr, operation: number, parameter: Float64In, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_aggregate_agents(expression: Ex, operation: number, parameter: Float64In, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_select_agents(expression: Ex, labels: StrArrayIn, label_count: Size, out: OutHandle<ExpressionPtr>): number;
  quiver_expression_rename_agents(expression: Ex, old_labels: StrArrayIn, new_labels: StrArrayIn, mapping_count: Size, out: OutHandle<ExpressionPtr>): number;
  // extensions.h
  // ---- Lua runner limits ----
  quiver_lua_runner_run_with_limits(runner: Runner, script: CStr, timeout_ms: I64, memory_limit_bytes: I64, out_result: OutPtr): number;
  // ---- Busy timeout ----
  quiver_database_set_busy_timeout(db: Db, timeout_ms: number): number;
  // ---- Binary file blocks ----
  quiver_binary_file_read_block(binary_file: Bf, dim_names: StrArrayIn | P, dim_values: Int64In, dim_count: Size, allow_nulls: number, out_data: Float64Array, data_count: Size): number;
  quiver_binary_file_write_block(binary_file: Bf, dim_names: StrArrayIn | P, dim_values: Int64In, dim_count: Size, data: Float64In, data_count: Size): number;
  quiver_binary_file_is_open(binary_file: Bf, out_open: OutInt): number;
  // ---- Bulk element creation ----
  quiver_database_create_elements(db: Db, collection: CStr, column_names: StrArrayIn, column_types: IntArrayIn, column_data: VoidPtrArrayIn, column_has_value: MaskArrayIn, column_offsets: Int64ArrayIn, column_count: Size, row_count: Size, out_ids: BigInt64Array | null): number;
  // ---- One element from packed values ----
  quiver_database_create_element_values(db: Db, collection: CStr, types: IntArrayIn, slots: Int64In, text: Uint8Array | null, text_size: Size, count: Size, out_id: OutInt64): number;
  // ---- Scalar strings in one buffer ----
  quiver_database_read_scalar_strings_packed(db: Db, collection: CStr, attribute: CStr, out_text: OutPtr, out_text_size: OutSize, out_offsets: OutPtr, out_mask: OutPtr, out_ascii: OutInt, out_count: OutSize): number;
  // ---- Progress and cancellation ----
  quiver_progress_new(out_progress: OutHandle<ProgressPtr>): number;
  quiver_progress_free(progress: Pr): number;
  quiver_progress_cancel(progress: Pr): number;
  quiver_progress_get(progress: Pr, out_done: OutInt64, out_total: OutInt64): number;
  quiver_progress_get_error(progress: Pr, out_error: OutBorrowedStr): number;
  quiver_database_import_csv_with_progress(db: Db, collection: CStr, group: CStr, path: CStr, options: CsvOptionsStruct | null, progress: Pr): number;
  quiver_database_export_csv_with_progress(db: Db, collection: CStr, group: CStr, path: CStr, options: CsvOptionsStruct | null, progress: Pr): number;
  quiver_database_read_time_series_group_with_progress(db: Db, collection: CStr, group: CStr, id: I64, progress: Pr, out_column_names: OutPtr, out_column_types: OutPtr, out_column_data: OutPtr, out_column_has_value: OutPtr, out_column_count: OutSize, out_row_count: OutSize): number;
  quiver_database_update_time_series_group_with_progress(db: Db, collection: CStr, group: CStr, id: I64, column_names: StrArrayIn, column_types: IntArrayIn, column_data: VoidPtrArrayIn, column_has_value: MaskArrayIn, column_count: Size, row_count: Size, progress: Pr): number;
  quiver_lua_runner_run_with_progress(runner: Runner, script: CStr, timeout_ms: I64, memory_limit_bytes: I64, progress: Pr, out_result: OutPtr): number;
  quiver_database_create_elements_with_progress(db: Db, collection: CStr, column_names: StrArrayIn, column_types: IntArrayIn, column_data: VoidPtrArrayIn, column_has_value: MaskArrayIn, column_offsets: Int64ArrayIn, column_count: Size, row_count: Size, out_ids: BigInt64Array | null, progress: Pr): number;
  // ---- end binary files, CSV converter, expressions ----
}

// Compile-time guard: NativeBindings has exactly the functions of PROTOTYPES, each with the same
// number of parameters. (The runtime test compares PROTOTYPES with the headers.)
type LastWord<S extends string> = S extends `${string} ${infer R}`
  ? LastWord<R>
  : S extends `*${infer R}`
    ? LastWord<R>
    : S;
type ProtoName<S extends string> = S extends `${infer Head}(${string}` ? LastWord<Head> : never;
type ParamList<S extends string> = S extends `${string}(${infer Params})` ? Params : never;
type CountParams<S extends string, Acc extends unknown[] = [unknown]> = S extends 'void'
  ? 0
  : S extends `${string},${infer Rest}`
    ? CountParams<Rest, [...Acc, unknown]>
    : Acc['length'];
type AllPrototypes = (typeof PROTOTYPES)[HeaderName][number];
type Arities = { [S in AllPrototypes as ProtoName<S>]: CountParams<ParamList<S>> };
/** The names of all declared functions. */
export type NativeFunctionName = ProtoName<AllPrototypes>;
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ArityMismatches = {
  [K in keyof NativeBindings]: K extends keyof Arities
    ? Exactly<Parameters<NativeBindings[K]>['length'], Arities[K]> extends true
      ? never
      : K
    : K;
}[keyof NativeBindings];
const namesMatch: Exactly<keyof NativeBindings, NativeFunctionName> = true;
const aritiesMatch: Exactly<ArityMismatches, never> = true;
void namesMatch;
void aritiesMatch;

// ---------------------------------------------------------------------------------------------
// koffi types and binding
// ---------------------------------------------------------------------------------------------

export interface NativeTypes {
  quiver_database_options_t: TypeObject;
  quiver_csv_options_t: TypeObject;
  quiver_scalar_metadata_t: TypeObject;
  quiver_group_metadata_t: TypeObject;
  quiver_time_properties_t: TypeObject;
  quiver_dimension_t: TypeObject;
}

let types: NativeTypes | undefined;

/**
 * A named koffi type, registering it only if this koffi instance does not know it yet: koffi's type
 * registry is per process (per thread), shared by the ESM and CJS builds of this package and by
 * every module instance a test runner creates, and registering a name twice throws.
 */
function named(name: string, create: () => TypeObject): TypeObject {
  try {
    return koffi.type(name);
  } catch {
    return create();
  }
}

/**
 * Registers the opaque handles, enum aliases and structs of the headers with koffi (idempotent).
 * Needs no library, so the declarations test can parse PROTOTYPES with koffi.proto().
 */
export function defineTypes(): NativeTypes {
  if (types) return types;
  // Enums are C `enum`s: 4-byte int on every supported ABI.
  for (const e of ['quiver_error_t', 'quiver_log_level_t', 'quiver_data_type_t']) named(e, () => koffi.alias(e, 'int'));
  for (const h of ['quiver_element_t', 'quiver_database_t', 'quiver_lua_runner_t']) named(h, () => koffi.opaque(h));

  // Field order is ABI; sizes on LP64: 8, 56, 56, 32 (checked by the declarations test).
  const options = named('quiver_database_options_t', () =>
    koffi.struct('quiver_database_options_t', {
      read_only: 'int',
      console_level: 'quiver_log_level_t',
    }),
  );
  const csv = named('quiver_csv_options_t', () =>
    koffi.struct('quiver_csv_options_t', {
      date_time_format: 'const char *',
      enum_attribute_names: 'const char **',
      enum_locale_names: 'const char **',
      enum_entry_counts: 'const size_t *',
      enum_labels: 'const char **',
      enum_values: 'const int64_t *',
      enum_group_count: 'size_t',
    }),
  );
  const scalar = named('quiver_scalar_metadata_t', () =>
    koffi.struct('quiver_scalar_metadata_t', {
      name: 'const char *',
      data_type: 'quiver_data_type_t',
      not_null: 'int',
      primary_key: 'int',
      default_value: 'const char *',
      is_foreign_key: 'int',
      references_collection: 'const char *',
      references_column: 'const char *',
    }),
  );
  const group = named('quiver_group_metadata_t', () =>
    koffi.struct('quiver_group_metadata_t', {
      group_name: 'const char *',
      dimension_column: 'const char *',
      value_columns: 'quiver_scalar_metadata_t *',
      value_column_count: 'size_t',
    }),
  );
  // ---- binary files and expressions: enums, handles, and the dimension structs (sizes 24, 48) ----
  for (const e of [
    'quiver_time_frequency_t',
    'quiver_expression_operation_t',
    'quiver_expression_unary_operation_t',
    'quiver_expression_ternary_operation_t',
    'quiver_expression_aggregate_operation_t',
    'quiver_expression_aggregate_agents_operation_t',
  ]) {
    named(e, () => koffi.alias(e, 'int'));
  }
  for (const h of ['quiver_binary_metadata_t', 'quiver_binary_file_t', 'quiver_expression_t']) named(h, () => koffi.opaque(h));
  named('quiver_progress_t', () => koffi.opaque('quiver_progress_t'));
  const timeProperties = named('quiver_time_properties_t', () =>
    koffi.struct('quiver_time_properties_t', {
      frequency: 'quiver_time_frequency_t',
      initial_value: 'int64_t',
      parent_dimension_index: 'int64_t',
    }),
  );
  const dimension = named('quiver_dimension_t', () =>
    koffi.struct('quiver_dimension_t', {
      name: 'const char *',
      size: 'int64_t',
      is_time_dimension: 'int',
      time_properties: 'quiver_time_properties_t',
    }),
  );
  types = {
    quiver_database_options_t: options,
    quiver_csv_options_t: csv,
    quiver_scalar_metadata_t: scalar,
    quiver_group_metadata_t: group,
    quiver_time_properties_t: timeProperties,
    quiver_dimension_t: dimension,
  };
  return types;
}

let bound: NativeBindings | undefined;
let boundPath: string | undefined;
let missing: string[] = [];
let asyncFns: Record<string, (...args: unknown[]) => unknown> = {};

/** The functions the *Async methods run on koffi's worker pool. */
export type AsyncFunctionName =
  | 'quiver_database_import_csv_with_progress'
  | 'quiver_database_export_csv_with_progress'
  | 'quiver_database_read_time_series_group_with_progress'
  | 'quiver_database_update_time_series_group_with_progress'
  | 'quiver_lua_runner_run_with_progress'
  | 'quiver_database_create_elements_with_progress';

/**
 * Starts `name` on koffi's worker pool with `args` (converted here, on the calling thread) and calls
 * `done` on this thread when it returns. Arguments get the same checks as the synchronous binding.
 * The caller keeps every buffer passed in alive until `done` runs.
 */
export function callAsync<K extends AsyncFunctionName>(
  name: K,
  args: Parameters<NativeBindings[K]>,
  done: (err: unknown, rc: number) => void,
): void {
  native();
  const fn = asyncFns[name];
  if (!fn) {
    throw new QuiverError(`The Quiver native library ${boundPath} does not export ${name}; it is stale or partial. Rebuild it with \`npm run build:native\`.`, {
      code: 'QUIVER_LIBRARY_INCOMPATIBLE',
    });
  }
  fn(...args, done);
}


/** The bound library (opened on the first call). Throws QuiverError when it cannot be found or loaded. */
export function native(): NativeBindings {
  return (bound ??= bind());
}

/**
 * Path of the native library in use.
 *
 * @returns the file loaded, or `undefined` before the first call that needed it
 */
export function loadedLibraryPath(): string | undefined {
  return boundPath;
}

/**
 * Declared functions the loaded library does not export (empty for a complete build). Calling one
 * of them throws QuiverError (code QUIVER_LIBRARY_INCOMPATIBLE) naming the function and the file:
 * a stale or partial build fails only where it is incomplete, and says so.
 */
export function missingSymbols(): string[] {
  native();
  return [...missing];
}

function bind(): NativeBindings {
  const file = resolveLibraryPath();
  defineTypes();
  let lib: LibraryHandle;
  try {
    lib = koffi.load(file);
  } catch (err) {
    throw new QuiverError(
      `Cannot load the Quiver native library ${file}: ${(err as Error).message}. ` +
        'Rebuild it with `npm run build:native`, or point QUIVER_LIBRARY_PATH at a working build.',
      { code: 'QUIVER_LIBRARY_INCOMPATIBLE', cause: err },
    );
  }
  const fns: Record<string, unknown> = {};
  const asyncs: Record<string, (...args: unknown[]) => unknown> = {};
  const absent: string[] = [];
  for (const header of HEADERS) {
    for (const proto of PROTOTYPES[header] as readonly string[]) {
      const name = protoName(proto);
      if (!hasSymbol(lib, name)) {
        absent.push(name);
        fns[name] = () => {
          throw new QuiverError(
            `The Quiver native library ${file} does not export ${name}; it is stale or partial. ` +
              'Rebuild it with `npm run build:native`.',
            { code: 'QUIVER_LIBRARY_INCOMPATIBLE' },
          );
        };
        continue;
      }
      // A prototype koffi cannot parse is a bug in PROTOTYPES (the declarations test catches it): let it throw.
      const fn = lib.func(proto) as ((...args: unknown[]) => unknown) & { async: (...args: unknown[]) => unknown };
      fns[name] = argumentErrorsAsQuiver(name, stringParams(proto), fn);
      if (name.endsWith('_with_progress')) asyncs[name] = argumentErrorsAsQuiver(name, stringParams(proto), (...args) => fn.async(...args));
    }
  }
  asyncFns = asyncs;
  missing = absent;
  boundPath = file;
  return fns as unknown as NativeBindings;
}

/** Positions and names of the `const char *` parameters of a prototype. */
function stringParams(proto: string): [number, string][] {
  const params = proto.slice(proto.indexOf('(') + 1, proto.lastIndexOf(')')).split(',');
  const out: [number, string][] = [];
  params.forEach((p, i) => {
    const m = /^\s*const char \*(\w+)\s*$/.exec(p);
    if (m) out.push([i, m[1]!]);
  });
  return out;
}

/**
 * Two guards around every bound function. koffi takes a number where `const char *` is declared
 * as a raw address (a crash in C), so string parameters must be strings or null before the call.
 * And koffi rejects values it cannot convert with a TypeError: every failure of this package is a
 * QuiverError, so those are rethrown as one.
 */
function argumentErrorsAsQuiver(
  name: string,
  strings: [number, string][],
  fn: (...args: unknown[]) => unknown,
): (...args: unknown[]) => unknown {
  const positions = strings.map(([i]) => i);
  const params = strings.map(([, p]) => p);
  const rejectString = (k: number, v: unknown): never => {
    if (typeof v === 'string') {
      // C would see only the text before the NUL: 'Farm\0x' must not quietly mean 'Farm'.
      throw new QuiverError(`Expected a string without NUL characters for ${params[k]}`, { code: 'QUIVER_INVALID_ARGUMENT' });
    }
    throw new QuiverError(`Expected a string for ${params[k]}, got ${v === undefined ? 'undefined' : typeof v}`, {
      code: 'QUIVER_INVALID_ARGUMENT',
    });
  };
  // Plain loops and rest parameters: this runs on every native call (the by-id and create paths).
  return (...args: unknown[]) => {
    for (let k = 0; k < positions.length; k++) {
      const v = args[positions[k]!];
      if (typeof v === 'string' ? v.indexOf('\0') !== -1 : v !== null) rejectString(k, v);
    }
    try {
      return fn(...args);
    } catch (err) {
      if (err instanceof TypeError) {
        throw new QuiverError(`Invalid argument for ${name}: ${err.message}`, { code: 'QUIVER_INVALID_ARGUMENT', cause: err });
      }
      throw err;
    }
  };
}

function hasSymbol(lib: LibraryHandle, name: string): boolean {
  try {
    return lib.symbol(name) != null;
  } catch {
    return false;
  }
}

/** The function name of a prototype string. */
export function protoName(proto: string): string {
  const m = /([A-Za-z_]\w*)\s*\(/.exec(proto);
  if (!m) throw new Error(`not a prototype: ${proto}`);
  return m[1]!;
}

// ---------------------------------------------------------------------------------------------
// Reading library-allocated memory (copy out, then free with the library's own free function)
// ---------------------------------------------------------------------------------------------

const LITTLE_ENDIAN = endianness() === 'LE';
const EMPTY_U8 = new Uint8Array(0);

/**
 * `count` int64 values at `ptr` as JS numbers; with a mask, entries whose mask byte is 0 are null.
 * Throws QuiverError for values outside ±(2^53−1) (the int64 policy of lib/types.ts).
 */
export function decodeInt64Array(ptr: Ptr | null, count: number): number[];
export function decodeInt64Array(ptr: Ptr | null, count: number, mask: Uint8Array | null): (number | null)[];
export function decodeInt64Array(ptr: Ptr | null, count: number, mask?: Uint8Array | null): (number | null)[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  const out = new Array<number | null>(n);
  if (LITTLE_ENDIAN) {
    // Two int32 words per value: no BigInt per element (about 2x faster than decoding int64_t).
    const w = koffi.decode(ptr, 'int32_t', 2 * n) as Int32Array;
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      if (mask && mask[i] === 0) {
        out[i] = null;
        continue;
      }
      const hi = w[j + 1]!;
      // |hi| < 2^21 ⇒ exact; -2^53 itself (hi = -2^21, lo = 0) is not a safe integer.
      if (hi >= -2097152 && hi <= 2097151) {
        const v = hi * 4294967296 + (w[j]! >>> 0);
        if (v !== -9007199254740992) {
          out[i] = v;
          continue;
        }
      }
      const big = (BigInt(hi) << 32n) | BigInt(w[j]! >>> 0);
      throw new QuiverError(unsafeIntegerMessage(big), { code: 'QUIVER_INTEGER_RANGE' });
    }
  } else {
    const b = koffi.decode(ptr, 'int64_t', n) as BigInt64Array;
    for (let i = 0; i < n; i++) out[i] = mask && mask[i] === 0 ? null : toSafeNumber(b[i]!);
  }
  return out;
}

/** `count` int64 values at `ptr`, copied as a BigInt64Array (no range check: for bigint callers). */
export function decodeBigInt64Array(ptr: Ptr | null, count: number): BigInt64Array {
  const n = Number(count);
  if (n === 0 || ptr === null) return new BigInt64Array(0);
  return koffi.decode(ptr, 'int64_t', n) as BigInt64Array;
}

/** `count` doubles at `ptr`; with a mask, entries whose mask byte is 0 are null. */
export function decodeFloat64Array(ptr: Ptr | null, count: number): number[];
export function decodeFloat64Array(ptr: Ptr | null, count: number, mask: Uint8Array | null): (number | null)[];
export function decodeFloat64Array(ptr: Ptr | null, count: number, mask?: Uint8Array | null): (number | null)[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  const d = koffi.decode(ptr, 'double', n) as Float64Array;
  const out = new Array<number | null>(n);
  if (mask) for (let i = 0; i < n; i++) out[i] = mask[i] === 0 ? null : d[i]!;
  else for (let i = 0; i < n; i++) out[i] = d[i]!;
  return out;
}

/** A copy of `count` doubles at `ptr` as a Float64Array (NaN stays NaN); empty for NULL or 0. */
export function decodeDoubles(ptr: Ptr | null, count: number): Float64Array {
  const n = Number(count);
  if (n === 0 || ptr === null) return new Float64Array(0);
  return koffi.decode(ptr, 'double', n) as Float64Array;
}

/** `count` C ints at `ptr` (e.g. the column type tags of a group read). */
export function decodeInt32Array(ptr: Ptr | null, count: number): number[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  return Array.from(koffi.decode(ptr, 'int', n) as Int32Array);
}

/** A copy of `count` presence bytes at `ptr` (1 present, 0 NULL); null for a NULL mask. */
export function decodeMask(ptr: Ptr | null, count: number): Uint8Array | null {
  if (ptr === null) return null;
  const n = Number(count);
  if (n === 0) return EMPTY_U8;
  return koffi.decode(ptr, 'uint8_t', n) as Uint8Array;
}

/** A copy of `count` bytes at `ptr` (e.g. the text of a packed string read); empty for NULL or 0. */
export function decodeBytes(ptr: Ptr | null, count: number): Uint8Array {
  const n = Number(count);
  if (n === 0 || ptr === null) return EMPTY_U8;
  return koffi.decode(ptr, 'uint8_t', n) as Uint8Array;
}

/** `count` int64 values at `ptr` as pairs of int32 words (low word first on little-endian hosts). */
export function decodeInt64Words(ptr: Ptr | null, count: number): Int32Array {
  const n = Number(count);
  if (n === 0 || ptr === null) return new Int32Array(0);
  return koffi.decode(ptr, 'int32_t', 2 * n) as Int32Array;
}

/** `count` size_t values at `ptr` as numbers (e.g. the sizes of a vector/set read). */
export function decodeSizeArray(ptr: Ptr | null, count: number): number[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  const s = koffi.decode(ptr, 'size_t', n) as BigUint64Array;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = toSafeNumber(s[i]!);
  return out;
}

/** `count` pointers at `ptr` (the outer array of a nested result); NULL entries are null. */
export function decodePointerArray(ptr: Ptr | null, count: number): (Ptr | null)[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  return koffi.decode(ptr, 'void *', n) as (Ptr | null)[];
}

/** A `char **` of `count` entries as strings, NULL entries as null (one koffi call for the whole array). */
export function decodeStringArray(ptr: Ptr | null, count: number): (string | null)[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  return koffi.decode(ptr, 'const char *', n) as (string | null)[];
}

/** A NUL-terminated UTF-8 string at `ptr` (caller still frees it); null for NULL. */
export function decodeString(ptr: Ptr | null): string | null {
  if (ptr === null) return null;
  return koffi.decode.string(ptr);
}

/** One quiver_scalar_metadata_t at `ptr`. */
export function decodeScalarMetadata(ptr: Ptr): ScalarMetadataRecord {
  return koffi.decode(ptr, defineTypes().quiver_scalar_metadata_t) as ScalarMetadataRecord;
}

/** `count` consecutive quiver_scalar_metadata_t at `ptr`. */
export function decodeScalarMetadataArray(ptr: Ptr | null, count: number): ScalarMetadataRecord[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  return koffi.decode(ptr, defineTypes().quiver_scalar_metadata_t, n) as ScalarMetadataRecord[];
}

function groupRecord(g: GroupMetadataStruct): GroupMetadataRecord {
  return {
    group_name: g.group_name,
    dimension_column: g.dimension_column,
    value_columns: decodeScalarMetadataArray(g.value_columns, Number(g.value_column_count)),
  };
}

/** One quiver_group_metadata_t at `ptr`, its value_columns decoded too. */
export function decodeGroupMetadata(ptr: Ptr): GroupMetadataRecord {
  return groupRecord(koffi.decode(ptr, defineTypes().quiver_group_metadata_t) as GroupMetadataStruct);
}

/** `count` consecutive quiver_group_metadata_t at `ptr`, value_columns decoded too. */
export function decodeGroupMetadataArray(ptr: Ptr | null, count: number): GroupMetadataRecord[] {
  const n = Number(count);
  if (n === 0 || ptr === null) return [];
  const raw = koffi.decode(ptr, defineTypes().quiver_group_metadata_t, n) as GroupMetadataStruct[];
  return raw.map(groupRecord);
}

/** quiver_dimension_t as decoded by koffi (the name copied; int64 fields as number or bigint). */
export interface DimensionRecord {
  name: string | null;
  size: number | bigint;
  is_time_dimension: number;
  time_properties: { frequency: number; initial_value: number | bigint; parent_dimension_index: number | bigint };
}

/** One quiver_dimension_t at `ptr` (memory from allocStruct('quiver_dimension_t')). */
export function decodeDimension(ptr: Ptr): DimensionRecord {
  return koffi.decode(ptr, defineTypes().quiver_dimension_t) as DimensionRecord;
}

/** Zeroed memory for one caller-provided struct (rule R5). Release with releaseStruct(). */
export function allocStruct(type: 'quiver_scalar_metadata_t' | 'quiver_group_metadata_t' | 'quiver_dimension_t'): Ptr {
  const t = defineTypes()[type];
  const ptr = koffi.alloc(t, 1) as Ptr;
  koffi.encode(ptr, 'uint8_t', new Uint8Array(koffi.sizeof(t)), koffi.sizeof(t));
  return ptr;
}

/** Frees memory from allocStruct() (not the strings inside: that is the library's free function). */
export function releaseStruct(ptr: Ptr | null): void {
  if (ptr !== null) koffi.free(ptr);
}

// ---------------------------------------------------------------------------------------------
// Preparing inputs
// ---------------------------------------------------------------------------------------------

/** C types an entry of a `const void **` argument (column_data, param_values) can point to. */
export type PointeeType = 'int64_t *' | 'double *' | 'const char *' | 'const char **' | 'uint8_t *';

/**
 * Marks a value as a pointer of the given C type for one entry of a `const void **` array
 * (koffi refuses to guess: "Cannot pass ambiguous value to void *"). Examples:
 *   integer column  asPointer(new BigInt64Array(values), 'int64_t *')
 *   float column    asPointer(new Float64Array(values), 'double *')
 *   string column   asPointer(['a', null], 'const char **')
 *   string param    asPointer('text', 'const char *')
 * The memory lives for the duration of the call only.
 */
export function asPointer(value: unknown, type: PointeeType): PointerCast {
  return koffi.as(value, type);
}

const cStringArrays = new Map<string, Ptr>();
const C_STRING_ARRAY_CACHE_LIMIT = 1024;

/**
 * A `const char **` in library-independent C memory for a list of names that is passed again and
 * again (the dimension names of binary-file addresses): koffi converts a JS string array on every
 * call (several µs for three names), a pointer costs nothing. Cached for the life of the process
 * by content, at most C_STRING_ARRAY_CACHE_LIMIT lists; beyond that, null (pass the JS array).
 * The strings must not contain NUL characters.
 */
export function cStringArray(strings: readonly string[]): Ptr | null {
  const key = strings.join('\0');
  const hit = cStringArrays.get(key);
  if (hit !== undefined) return hit;
  if (cStringArrays.size >= C_STRING_ARRAY_CACHE_LIMIT) return null;
  const pointers = strings.map((str) => {
    const bytes = Buffer.from(`${str}\0`, 'utf8');
    const mem = koffi.alloc('uint8_t', bytes.length) as Ptr;
    koffi.encode(mem, 'uint8_t', bytes, bytes.length);
    return mem;
  });
  const array = koffi.alloc('void *', Math.max(1, pointers.length)) as Ptr;
  if (pointers.length > 0) koffi.encode(array, 'void *', pointers, pointers.length);
  cStringArrays.set(key, array);
  return array;
}

/** Values + presence mask for an int64 array input (mask null when no entry is null/undefined). */
export function encodeInt64Values(
  values: readonly (number | bigint | null | undefined)[],
  what = 'array value',
): { values: BigInt64Array; mask: Uint8Array | null } {
  const n = values.length;
  const out = new BigInt64Array(n);
  let mask: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      mask ??= new Uint8Array(n).fill(1);
      mask[i] = 0;
    } else {
      out[i] = toInt64Big(v, what);
    }
  }
  return { values: out, mask };
}

/** Values + presence mask for a double array input (mask null when no entry is null/undefined). */
export function encodeFloat64Values(
  values: readonly (number | null | undefined)[],
  what = 'array value',
): { values: Float64Array; mask: Uint8Array | null } {
  const n = values.length;
  const out = new Float64Array(n);
  let mask: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      mask ??= new Uint8Array(n).fill(1);
      mask[i] = 0;
    } else if (typeof v === 'number') {
      out[i] = v;
    } else {
      throw new QuiverError(`Expected a number for ${what}, got ${typeof v}`, { code: 'QUIVER_INVALID_ARGUMENT' });
    }
  }
  return { values: out, mask };
}
