/* The public headers must compile as plain C99 (bindings and C users include them), not only as
 * C++. This file is compiled as C; the function is called from main.cpp so it is not dropped. */
#include "quiver/c/binary/binary_file.h"
#include "quiver/c/binary/binary_metadata.h"
#include "quiver/c/binary/csv_converter.h"
#include "quiver/c/common.h"
#include "quiver/c/database.h"
#include "quiver/c/element.h"
#include "quiver/c/expression/expression.h"
#include "quiver/c/extensions.h"
#include "quiver/c/lua_runner.h"
#include "quiver/c/options.h"

int quiver_test_c_headers(void) {
    quiver_csv_options_t csv = quiver_csv_options_default();
    quiver_database_options_t options = quiver_database_options_default();
    /* ABI sizes promised by the header comments (LP64). */
    return sizeof(quiver_scalar_metadata_t) == 56 && sizeof(quiver_group_metadata_t) == 32 &&
           sizeof(quiver_time_properties_t) == 24 && sizeof(quiver_dimension_t) == 48 &&
           csv.enum_group_count == 0 && options.read_only == 0;
}
