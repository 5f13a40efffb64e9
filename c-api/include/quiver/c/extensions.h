#ifndef QUIVER_C_EXTENSIONS_H
#define QUIVER_C_EXTENSIONS_H

/* Functions of our own, not in upstream Quiver's C API. Each area keeps its own block. */

#include "common.h"
#include "binary/binary_file.h"

QUIVER_EXTERN_C_BEGIN

/* ---- binary files: bulk I/O through caller-owned buffers ---- */
/* A block is every cell whose leading coordinates are fixed by the address: dim_names must name
 * exactly the first dim_count dimensions of the file (in any order; dim_count 0 = the whole file,
 * all dimensions = one cell). Its data_count = product of the remaining dimension sizes times
 * the label count, in file order. Errors use the messages of quiver_binary_file_read/write. */
QUIVER_C_API quiver_error_t quiver_binary_file_read_block(quiver_binary_file_t* binary_file, const char* const* dim_names, const int64_t* dim_values, size_t dim_count, int allow_nulls, double* out_data, size_t data_count);
QUIVER_C_API quiver_error_t quiver_binary_file_write_block(quiver_binary_file_t* binary_file, const char* const* dim_names, const int64_t* dim_values, size_t dim_count, const double* data, size_t data_count);
/* 1 while the handle has a usable read or write stream, 0 when unopened, closed or failed. */
QUIVER_C_API quiver_error_t quiver_binary_file_is_open(quiver_binary_file_t* binary_file, int* out_open);
/* ---- end binary files ---- */

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_EXTENSIONS_H */
