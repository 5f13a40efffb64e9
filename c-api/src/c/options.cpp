#include "quiver/c/options.h"

extern "C" {

quiver_database_options_t quiver_database_options_default(void) {
    quiver_database_options_t options;
    options.read_only = 0;
    options.console_level = QUIVER_LOG_INFO;
    return options;
}

quiver_csv_options_t quiver_csv_options_default(void) {
    quiver_csv_options_t options{};
    options.date_time_format = "";
    return options;
}

}  // extern "C"
