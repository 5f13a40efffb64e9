#ifndef QUIVER_C_CSV_CONVERTER_H
#define QUIVER_C_CSV_CONVERTER_H

#include "../common.h"

QUIVER_EXTERN_C_BEGIN

/* path is a base path: P.qvr + P.toml <-> P.csv. */
QUIVER_C_API quiver_error_t quiver_csv_converter_bin_to_csv(const char* path, int aggregate_time_dimensions);
QUIVER_C_API quiver_error_t quiver_csv_converter_csv_to_bin(const char* path);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_CSV_CONVERTER_H */
