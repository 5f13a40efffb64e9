#ifndef QUIVER_C_COMMON_H
#define QUIVER_C_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define QUIVER_C_API __declspec(dllexport)
#else
#define QUIVER_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
#define QUIVER_EXTERN_C_BEGIN extern "C" {
#define QUIVER_EXTERN_C_END }
#else
#define QUIVER_EXTERN_C_BEGIN
#define QUIVER_EXTERN_C_END
#endif

QUIVER_EXTERN_C_BEGIN

/* Every fallible call returns one of these; the message of a failure is read with
 * quiver_get_last_error() on the same thread, right after the failing call. */
typedef enum { QUIVER_OK = 0, QUIVER_ERROR = 1 } quiver_error_t;

/* Library version ("0.10.0"); static, never freed. */
QUIVER_C_API const char* quiver_version(void);
/* This thread's last failure message, "" when none; sticky across successful calls. */
QUIVER_C_API const char* quiver_get_last_error(void);
QUIVER_C_API void quiver_clear_last_error(void);

/* Ours (not in upstream Quiver): */
/* Hex SHA-256 over the c-api sources this binary was built from; lets tests spot a stale prebuild. */
QUIVER_C_API const char* quiver_build_source_hash(void);
/* Result allocations handed to callers and not yet released by a quiver free function. */
QUIVER_C_API int64_t quiver_debug_live_allocations(void);

QUIVER_EXTERN_C_END

#endif /* QUIVER_C_COMMON_H */
