# CMake toolchain file: cross-compile libquiver_c with Zig's bundled clang, libc headers/stubs and
# libc++ (scripts/cross-build.mjs installs Zig on demand and passes both cache variables):
#   -DCMAKE_TOOLCHAIN_FILE=c-api/cmake/zig-toolchain.cmake
#   -DQUIVER_ZIG=/path/to/zig -DQUIVER_ZIG_TARGET=x86_64-linux-gnu.2.17
# Zig's target triple picks the C library and its version (glibc 2.17 stubs, musl, MinGW-w64,
# macOS SDK stubs), so one Linux host builds every platform without a sysroot.
if(NOT QUIVER_ZIG OR NOT QUIVER_ZIG_TARGET)
  message(FATAL_ERROR "zig-toolchain.cmake needs -DQUIVER_ZIG=<zig executable> -DQUIVER_ZIG_TARGET=<triple>")
endif()
# try_compile() projects re-read this file: hand both values down.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES QUIVER_ZIG QUIVER_ZIG_TARGET)

if(QUIVER_ZIG_TARGET MATCHES "^([a-z0-9_]+)-([a-z]+)")
  set(_quiver_cpu "${CMAKE_MATCH_1}")
  set(_quiver_os "${CMAKE_MATCH_2}")
else()
  message(FATAL_ERROR "Cannot parse zig target '${QUIVER_ZIG_TARGET}'")
endif()
if(_quiver_os STREQUAL "linux")
  set(CMAKE_SYSTEM_NAME Linux)
elseif(_quiver_os STREQUAL "windows")
  set(CMAKE_SYSTEM_NAME Windows)
elseif(_quiver_os STREQUAL "macos")
  set(CMAKE_SYSTEM_NAME Darwin)
else()
  message(FATAL_ERROR "Unsupported zig target OS '${_quiver_os}'")
endif()
set(CMAKE_SYSTEM_PROCESSOR "${_quiver_cpu}")

# CMake wants one executable per tool: small wrapper scripts around `zig cc|c++|ar|ranlib`.
# Zig's caches (its compiled libc++/libc per target) go where scripts/cross-build.mjs says.
set(_quiver_wrappers "${CMAKE_CURRENT_LIST_DIR}/../build-zig-wrappers/${QUIVER_ZIG_TARGET}")
if(DEFINED ENV{QUIVER_ZIG_WRAPPER_DIR})
  set(_quiver_wrappers "$ENV{QUIVER_ZIG_WRAPPER_DIR}")
endif()
foreach(_tool cc c++ ar ranlib)
  set(_args "${_tool}")
  if(_tool STREQUAL "cc" OR _tool STREQUAL "c++")
    set(_args "${_tool} -target ${QUIVER_ZIG_TARGET}")
  endif()
  file(CONFIGURE OUTPUT "${_quiver_wrappers}/zig-${_tool}" CONTENT
"#!/bin/sh
exec '${QUIVER_ZIG}' ${_args} \"$@\"
" @ONLY)
  file(CHMOD "${_quiver_wrappers}/zig-${_tool}"
       PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CMAKE_C_COMPILER "${_quiver_wrappers}/zig-cc")
set(CMAKE_CXX_COMPILER "${_quiver_wrappers}/zig-c++")
set(CMAKE_AR "${_quiver_wrappers}/zig-ar" CACHE FILEPATH "" FORCE)
set(CMAKE_RANLIB "${_quiver_wrappers}/zig-ranlib" CACHE FILEPATH "" FORCE)

# Never look in the host's system directories for target libraries or headers.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
