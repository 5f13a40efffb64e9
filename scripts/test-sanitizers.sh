#!/usr/bin/env bash
# Memory and undefined-behaviour checks of libquiver_c:
#   1. ASan+UBSan build (c-api/build-asan) and the C tests (c-api/tests) under it, leaks included;
#   2. the plain build (c-api/build) and the C tests under valgrind;
#   3. the vitest suite against the ASan library (skipped with --c-only).
# Any sanitizer report, valgrind error or leak fails the script.
#
# Usage: bash scripts/test-sanitizers.sh [--c-only]     (npm run test:sanitizers)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

c_only=0
for arg in "$@"; do
  case "$arg" in
    --c-only) c_only=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (usage: $0 [--c-only])" >&2; exit 2 ;;
  esac
done

step() { printf '\n---- %s\n' "$*"; }

# halt_on_error: UBSan otherwise only prints and the exit code stays 0.
UBSAN="halt_on_error=1:print_stacktrace=1"

step "ASan+UBSan build (c-api/build-asan)"
node scripts/build-native.mjs --sanitize --build-dir c-api/build-asan
cmake --build c-api/build-asan --target quiver_c_tests -j2

step "C tests under ASan+UBSan, leak detection on"
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1" \
UBSAN_OPTIONS="$UBSAN" \
  c-api/build-asan/tests/quiver_c_tests

step "C tests under valgrind (plain build, c-api/build)"
if ! command -v valgrind >/dev/null; then
  echo "error: valgrind not found (apt-get install valgrind)" >&2
  exit 1
fi
node scripts/build-native.mjs --no-prebuild --build-dir c-api/build
cmake --build c-api/build --target quiver_c_tests -j2
valgrind --error-exitcode=1 --leak-check=full --quiet c-api/build/tests/quiver_c_tests

if [[ "$c_only" == 1 ]]; then
  step "vitest against the ASan library: skipped (--c-only)"
  exit 0
fi

# The test processes are node: ASan must be the first library loaded (LD_PRELOAD), and node's own
# allocations still live at exit would read as leaks, so leak detection is off here (the C tests
# above cover leaks). Reports go to log files, not stderr: koffi's call stack makes ASan print a
# one-time "ignoring __asan_handle_no_return" warning that would break tests comparing stderr.
step "vitest against the ASan library (c-api/build-asan)"
logs="$ROOT/c-api/build-asan/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
status=0
LD_PRELOAD="$(gcc -print-file-name=libasan.so)" \
ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:log_path=$logs/asan" \
UBSAN_OPTIONS="$UBSAN:log_path=$logs/ubsan" \
QUIVER_LIBRARY_PATH="$ROOT/c-api/build-asan/libquiver_c.so" \
  npx vitest run || status=$?

reports="$(grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$logs"/* 2>/dev/null || true)"
if [[ -n "$reports" ]]; then
  echo "sanitizer reports (logs in $logs):"
  for f in $reports; do echo "== $f"; cat "$f"; done
  exit 1
fi
exit "$status"
