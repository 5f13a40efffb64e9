#ifndef QUIVER_C_EXTENSIONS_H
#define QUIVER_C_EXTENSIONS_H

/* Functions of ours, not in upstream Quiver's C API. Each area adds its own block. */

#include "common.h"
#include "database.h"

QUIVER_EXTERN_C_BEGIN

/* ---- Busy timeout ----
 * How long a statement of `db` waits for another connection's lock before failing with
 * "database is locked (...)". Every database starts with 5000 ms (Quiver 0.10 waits 0 ms);
 * 0 fails at once. A negative timeout_ms fails with "Cannot set_busy_timeout: ...". */
QUIVER_C_API quiver_error_t quiver_database_set_busy_timeout(quiver_database_t* db, int timeout_ms);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_EXTENSIONS_H */
