#ifndef QUIVER_C_BINARY_FILE_H
#define QUIVER_C_BINARY_FILE_H

#include "../common.h"
#include "binary_metadata.h"

QUIVER_EXTERN_C_BEGIN

/* A binary file at a base path P: data in P.qvr (little-endian doubles), metadata in P.toml. */
typedef struct quiver_binary_file quiver_binary_file_t;

/* mode is 'r' or 'w'; md may be NULL for 'r' and is copied, never kept. */
QUIVER_C_API quiver_error_t quiver_binary_file_open_file(const char* path, char mode, quiver_binary_metadata_t* md, quiver_binary_file_t** out);
/* A handle that is not open yet (touches no file). */
QUIVER_C_API quiver_error_t quiver_binary_file_create(const char* path, quiver_binary_file_t** out);
QUIVER_C_API quiver_error_t quiver_binary_file_open(quiver_binary_file_t* binary_file, char mode, quiver_binary_metadata_t* md);
/* Closes AND frees the handle (NULL accepted). */
QUIVER_C_API quiver_error_t quiver_binary_file_close(quiver_binary_file_t* binary_file);

/* The address is the pairs dim_names[i] = dim_values[i] (1-based coordinates). */
QUIVER_C_API quiver_error_t quiver_binary_file_read(quiver_binary_file_t* binary_file, const char* const* dim_names, const int64_t* dim_values, size_t dim_count, int allow_nulls, double** out_data, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_binary_file_write(quiver_binary_file_t* binary_file, const char* const* dim_names, const int64_t* dim_values, size_t dim_count, const double* data, size_t data_count);

QUIVER_C_API quiver_error_t quiver_binary_file_get_metadata(quiver_binary_file_t* binary_file, quiver_binary_metadata_t** out);
QUIVER_C_API quiver_error_t quiver_binary_file_get_file_path(quiver_binary_file_t* binary_file, char** out);

QUIVER_C_API quiver_error_t quiver_binary_file_free_string(char* str);
QUIVER_C_API quiver_error_t quiver_binary_file_free_float_array(double* data);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_BINARY_FILE_H */
