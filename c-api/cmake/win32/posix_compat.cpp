// Windows implementations behind posix_compat.h (see there). Compiled into libquiver_c only when
// building for Windows; this file is not force-included with the header's macros.
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#include <errno.h>
#include <io.h>
#include <stddef.h>

extern "C" {

static int errno_from_windows(DWORD error) {
    switch (error) {
        case ERROR_FILE_NOT_FOUND:
        case ERROR_PATH_NOT_FOUND: return ENOENT;
        case ERROR_ACCESS_DENIED:
        case ERROR_SHARING_VIOLATION:
        case ERROR_LOCK_VIOLATION: return EACCES;
        case ERROR_DISK_FULL:
        case ERROR_HANDLE_DISK_FULL: return ENOSPC;
        case ERROR_INVALID_HANDLE: return EBADF;
        default: return EIO;
    }
}

static HANDLE handle_of(int fd) {
    intptr_t h = _get_osfhandle(fd);
    return h == -1 ? INVALID_HANDLE_VALUE : reinterpret_cast<HANDLE>(h);
}

// The OVERLAPPED of one ReadFile/WriteFile call at `offset`, and that call's size (at most 1 GiB:
// callers loop over partial transfers). False, with errno set, for a bad descriptor or offset.
static bool positioned(int fd, long long offset, size_t bytes, HANDLE* h, OVERLAPPED* overlapped, DWORD* want) {
    *h = handle_of(fd);
    if (*h == INVALID_HANDLE_VALUE || offset < 0) {
        errno = *h == INVALID_HANDLE_VALUE ? EBADF : EINVAL;
        return false;
    }
    *overlapped = OVERLAPPED{};
    overlapped->Offset = static_cast<DWORD>(static_cast<unsigned long long>(offset) & 0xffffffffu);
    overlapped->OffsetHigh = static_cast<DWORD>(static_cast<unsigned long long>(offset) >> 32);
    *want = bytes > (1u << 30) ? (1u << 30) : static_cast<DWORD>(bytes);
    return true;
}

long long quiver_win32_pread(int fd, void *buffer, size_t bytes, long long offset) {
    HANDLE h;
    OVERLAPPED overlapped;
    DWORD want = 0, got = 0;
    if (!positioned(fd, offset, bytes, &h, &overlapped, &want)) return -1;
    if (!ReadFile(h, buffer, want, &got, &overlapped)) {
        DWORD error = GetLastError();
        if (error == ERROR_HANDLE_EOF) return 0;
        errno = errno_from_windows(error);
        return -1;
    }
    return static_cast<long long>(got);
}

long long quiver_win32_pwrite(int fd, const void *buffer, size_t bytes, long long offset) {
    HANDLE h;
    OVERLAPPED overlapped;
    DWORD want = 0, put = 0;
    if (!positioned(fd, offset, bytes, &h, &overlapped, &want)) return -1;
    if (!WriteFile(h, buffer, want, &put, &overlapped)) {
        errno = errno_from_windows(GetLastError());
        return -1;
    }
    return static_cast<long long>(put);
}

int quiver_win32_rename(const char *from, const char *to) {
    if (MoveFileExA(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) return 0;
    errno = errno_from_windows(GetLastError());
    return -1;
}

}  // extern "C"
