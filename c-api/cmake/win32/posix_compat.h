/* Force-included (-include) into every libquiver_c source when building for Windows (MinGW-w64
 * headers, as Zig's x86_64-windows-gnu target uses), so the POSIX file code of src/ builds and
 * behaves there without #ifdefs of its own:
 *   - open() with O_CLOEXEC (which every call in src/ passes) opens in binary mode and not
 *     inherited by child processes, the Windows equivalents; without _O_BINARY the C runtime would
 *     translate line ends in binary data files;
 *   - pread()/pwrite() (absent from the Windows C runtime) read and write at an offset;
 *   - fsync() is the runtime's _commit();
 *   - rename() replaces an existing destination, as POSIX rename() does (the runtime's fails);
 *   - fchmod() does nothing: Windows files have no POSIX permission bits to carry over.
 * The replacements live in posix_compat.cpp. */
#ifndef QUIVER_WIN32_POSIX_COMPAT_H
#define QUIVER_WIN32_POSIX_COMPAT_H

#include <fcntl.h>
#include <io.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif
long long quiver_win32_pread(int fd, void *buffer, size_t bytes, long long offset);
long long quiver_win32_pwrite(int fd, const void *buffer, size_t bytes, long long offset);
int quiver_win32_rename(const char *from, const char *to);
#ifdef __cplusplus
}
#endif

static inline int quiver_win32_fchmod(int fd, int mode) {
  (void)fd;
  (void)mode;
  return 0;
}

#undef O_CLOEXEC
#define O_CLOEXEC (_O_BINARY | _O_NOINHERIT)
#define pread quiver_win32_pread
#define pwrite quiver_win32_pwrite
#define fsync _commit
#define rename quiver_win32_rename
#define fchmod quiver_win32_fchmod

#endif
