#ifndef QUIVER_C_OPTIONS_H
#define QUIVER_C_OPTIONS_H

#include "common.h"

QUIVER_EXTERN_C_BEGIN

typedef enum {
    QUIVER_LOG_DEBUG = 0,
    QUIVER_LOG_INFO = 1,
    QUIVER_LOG_WARN = 2,
    QUIVER_LOG_ERROR = 3,
    QUIVER_LOG_OFF = 4
} quiver_log_level_t;

/* Field order is ABI. */
typedef struct {
    int read_only;
    quiver_log_level_t console_level;
} quiver_database_options_t;

/* Enum label tables are flattened: group g (attribute enum_attribute_names[g], locale
 * enum_locale_names[g]) owns enum_entry_counts[g] consecutive entries of enum_labels/enum_values. */
typedef struct {
    const char* date_time_format;
    const char* const* enum_attribute_names;
    const char* const* enum_locale_names;
    const size_t* enum_entry_counts;
    const char* const* enum_labels;
    const int64_t* enum_values;
    size_t enum_group_count;
} quiver_csv_options_t;

QUIVER_C_API quiver_database_options_t quiver_database_options_default(void);
QUIVER_C_API quiver_csv_options_t quiver_csv_options_default(void);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_OPTIONS_H */
