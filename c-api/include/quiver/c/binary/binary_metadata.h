#ifndef QUIVER_C_BINARY_METADATA_H
#define QUIVER_C_BINARY_METADATA_H

#include "../common.h"
#include "../element.h"

QUIVER_EXTERN_C_BEGIN

/* Frequencies of time dimensions, lowest to highest (the order validation requires). */
typedef enum {
    QUIVER_TIME_FREQUENCY_YEARLY = 0,
    QUIVER_TIME_FREQUENCY_MONTHLY = 1,
    QUIVER_TIME_FREQUENCY_WEEKLY = 2,
    QUIVER_TIME_FREQUENCY_DAILY = 3,
    QUIVER_TIME_FREQUENCY_HOURLY = 4
} quiver_time_frequency_t;

/* Field order is ABI (size 24 on LP64). All zero for a dimension that is not a time dimension. */
typedef struct {
    quiver_time_frequency_t frequency;
    int64_t initial_value;
    int64_t parent_dimension_index; /* 0-based; -1 for the outermost time dimension */
} quiver_time_properties_t;

/* Field order is ABI (size 48 on LP64). name is owned by the caller once returned: release it
 * with quiver_binary_metadata_free_dimension. */
typedef struct {
    const char* name;
    int64_t size;
    int is_time_dimension;
    quiver_time_properties_t time_properties;
} quiver_dimension_t;

/* The description of one binary file: version, unit, initial datetime, labels, dimensions. */
typedef struct quiver_binary_metadata quiver_binary_metadata_t;

QUIVER_C_API quiver_error_t quiver_binary_metadata_create(quiver_binary_metadata_t** out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_free(quiver_binary_metadata_t* md);

QUIVER_C_API quiver_error_t quiver_binary_metadata_from_toml(const char* toml, quiver_binary_metadata_t** out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_from_element(quiver_element_t* el, quiver_binary_metadata_t** out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_to_toml(quiver_binary_metadata_t* md, char** out_toml);

QUIVER_C_API quiver_error_t quiver_binary_metadata_set_initial_datetime(quiver_binary_metadata_t* md, const char* iso8601);
QUIVER_C_API quiver_error_t quiver_binary_metadata_set_unit(quiver_binary_metadata_t* md, const char* unit);
QUIVER_C_API quiver_error_t quiver_binary_metadata_set_version(quiver_binary_metadata_t* md, const char* version);
QUIVER_C_API quiver_error_t quiver_binary_metadata_set_labels(quiver_binary_metadata_t* md, const char* const* labels, size_t count);
QUIVER_C_API quiver_error_t quiver_binary_metadata_add_dimension(quiver_binary_metadata_t* md, const char* name, int64_t size);
QUIVER_C_API quiver_error_t quiver_binary_metadata_add_time_dimension(quiver_binary_metadata_t* md, const char* name, int64_t size, const char* frequency);

QUIVER_C_API quiver_error_t quiver_binary_metadata_get_unit(quiver_binary_metadata_t* md, char** out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_get_version(quiver_binary_metadata_t* md, char** out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_get_initial_datetime(quiver_binary_metadata_t* md, char** out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_get_number_of_time_dimensions(quiver_binary_metadata_t* md, int64_t* out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_get_labels(quiver_binary_metadata_t* md, char*** out, size_t* out_count);
QUIVER_C_API quiver_error_t quiver_binary_metadata_get_dimension_count(quiver_binary_metadata_t* md, size_t* out);
QUIVER_C_API quiver_error_t quiver_binary_metadata_get_dimension(quiver_binary_metadata_t* md, size_t index, quiver_dimension_t* out);

QUIVER_C_API quiver_error_t quiver_binary_metadata_free_string(char* str);
QUIVER_C_API quiver_error_t quiver_binary_metadata_free_string_array(char** strs, size_t count);
/* Frees dim->name and sets it to NULL; dim itself is caller storage (NULL dim is an error). */
QUIVER_C_API quiver_error_t quiver_binary_metadata_free_dimension(quiver_dimension_t* dim);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_BINARY_METADATA_H */
