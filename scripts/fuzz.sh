#!/usr/bin/env bash
# libFuzzer runs against libquiver_c (ASan+UBSan, clang): schema loading, CSV import and Lua
# scripts (targets in c-api/fuzz/). Builds c-api/build-fuzz, replays the saved crash inputs in
# c-api/fuzz/regressions/<target>/, then fuzzes each target for the given time, starting from the
# seeds (test fixtures and c-api/fuzz/seeds/) plus the corpus of earlier runs.
#
# Usage: bash scripts/fuzz.sh [schema|csv|lua|all] [seconds per target, default 60]
# Needs clang with libFuzzer (Debian: apt-get install clang-14 libclang-rt-14-dev).
# A crash leaves its input in c-api/build-fuzz/artifacts/<target>/ and fails the script: fix it,
# then copy the input to c-api/fuzz/regressions/<target>/ so every later run replays it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
which_targets="${1:-all}"
seconds="${2:-60}"
case "$which_targets" in
  schema) targets=(schema) ;;
  csv) targets=(csv) ;;
  lua) targets=(lua) ;;
  all) targets=(schema csv lua) ;;
  -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
  *) echo "unknown target '$which_targets' (schema, csv, lua or all)" >&2; exit 2 ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "seconds must be a whole number, got '$seconds'" >&2; exit 2; }

find_tool() {
  for candidate in "$@"; do
    if command -v "$candidate" >/dev/null; then command -v "$candidate"; return 0; fi
  done
  return 1
}
CC_BIN="$(find_tool clang-14 clang || true)"
CXX_BIN="$(find_tool clang++-14 clang++ || true)"
if [[ -z "$CC_BIN" || -z "$CXX_BIN" ]]; then
  echo "error: clang not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi

[[ -f c-api/.deps/lua/src/lapi.c ]] || bash scripts/fetch-deps.sh

BUILD="$ROOT/c-api/build-fuzz"
cmake -S c-api -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DQUIVER_FUZZ=ON -DQUIVER_BUILD_TESTS=OFF \
  -DCMAKE_C_COMPILER="$CC_BIN" -DCMAKE_CXX_COMPILER="$CXX_BIN" >/dev/null
cmake --build "$BUILD" --target fuzz_schema fuzz_csv_import fuzz_lua -j2

binary_of() { case "$1" in schema) echo fuzz_schema ;; csv) echo fuzz_csv_import ;; lua) echo fuzz_lua ;; esac; }

seed() {
  local target="$1" corpus="$2"
  case "$target" in
    schema) cp c-api/tests/fixtures/*.sql examples/*.sql bench/*.sql "$corpus"/ 2>/dev/null || true ;;
    csv) cp c-api/fuzz/seeds/csv/* "$corpus"/ ;;
    lua) cp c-api/fuzz/seeds/lua/* "$corpus"/ ;;
  esac
}

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Scripts and schemas may create files (a schema can ATTACH one): keep them out of the tree.
work="$(mktemp -d /tmp/quiver-fuzz-run-XXXXXX)"
trap 'rm -rf "$work"' EXIT

status=0
for target in "${targets[@]}"; do
  bin="$BUILD/fuzz/$(binary_of "$target")"
  corpus="$BUILD/corpus/$target"
  artifacts="$BUILD/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  seed "$target" "$corpus"
  regressions="$ROOT/c-api/fuzz/regressions/$target"
  if compgen -G "$regressions/*" >/dev/null; then
    echo "---- $target: replaying $(ls "$regressions" | wc -l) saved crash inputs"
    (cd "$work" && "$bin" "$regressions"/*) || { echo "error: a saved $target crash input fails again" >&2; status=1; continue; }
  fi
  echo "---- $target: fuzzing for ${seconds}s (corpus $corpus)"
  if ! (cd "$work" && "$bin" "$corpus" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len=16384 \
          -artifact_prefix="$artifacts/" -print_final_stats=1); then
    echo "error: $target crashed; the input is in $artifacts/" >&2
    status=1
  fi
done
exit "$status"
