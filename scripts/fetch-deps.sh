#!/usr/bin/env bash
# Fetch what the native build needs, idempotently:
#   - build tools and toml++ from Debian (g++, cmake, libtomlplusplus-dev,
#     dpkg-dev), installed only when missing;
#   - Lua 5.4 sources from Debian's lua5.4 source package (Debian's patches applied), unpacked
#     into c-api/.deps/lua (gitignored). Debian's liblua5.4.a is not PIC, so we compile the
#     sources ourselves (see c-api/CMakeLists.txt).
#   - the SQLite amalgamation (sqlite3.c + sqlite3.h), generated from Debian's sqlite3 source
#     package (Debian's patches applied; generating it needs tclsh) into c-api/.deps/sqlite. Every
#     build, native and cross, compiles it with the options in c-api/cmake/sqlite.cmake.
# Installing packages and adding the deb-src entry need root (CI runs as root).
#
# Usage: scripts/fetch-deps.sh [--force]   (--force re-downloads the Lua and SQLite sources)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/c-api/.deps"
LUA_DIR="$DEPS/lua"
SQLITE_DIR="$DEPS/sqlite"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

export DEBIAN_FRONTEND=noninteractive
APT_UPDATED=0

log() { echo "[fetch-deps] $*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_update() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
}

# Install the given Debian packages that are not installed yet.
ensure_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    apt_update
    log "installing: ${missing[*]}"
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# True when apt already knows a deb-src entry for Debian's archive.
have_debian_deb_src() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    grep -Eq '^[[:space:]]*deb-src[[:space:]].*debian' "$f" && return 0
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # deb822: a stanza whose Types include deb-src and whose URIs point at Debian.
    awk 'BEGIN { RS = ""; found = 0 }
         /(^|\n)Types:[^\n]*deb-src/ && /(^|\n)URIs:[^\n]*debian/ { found = 1 }
         END { exit found ? 0 : 1 }' "$f" && return 0
  done
  return 1
}

# Write /etc/apt/sources.list.d/quiver-deb-src.sources mirroring the existing Debian `deb` entries
# (deb822 .sources stanzas and one-line sources.list entries) as deb-src.
add_debian_deb_src() {
  local out=/etc/apt/sources.list.d/quiver-deb-src.sources
  local content=""
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" && "$f" != "$out" ]] || continue
    content+="$(awk 'BEGIN { RS = ""; FS = "\n" }
      /(^|\n)Types:[^\n]*deb/ && /(^|\n)URIs:[^\n]*debian/ && !/(^|\n)Enabled:[[:space:]]*no/ {
        for (i = 1; i <= NF; i++) print ($i ~ /^Types:/ ? "Types: deb-src" : $i)
        print ""
      }' "$f")"$'\n\n'
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # "deb [opts] URI suite components..." -> deb822 stanza
    content+="$(awk '$1 == "deb" && $0 ~ /debian/ {
        i = 2; signed = ""
        if ($2 ~ /^\[/) {
          opts = ""
          while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } i++ }
          if (match(opts, /signed-by=[^] ]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
        }
        uri = $i; suite = $(i + 1); comps = ""
        for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
        printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n", uri, suite, comps
        if (signed != "") printf "Signed-By: %s\n", signed
        printf "\n"
      }' "$f")"$'\n\n'
  done
  if ! grep -q 'Types: deb-src' <<<"$content"; then
    # No Debian entry to mirror: fall back to the main archive for this release.
    local codename
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    content="Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"
  fi
  log "adding deb-src entries: $out"
  printf '# Added by quiverdb-node scripts/fetch-deps.sh (Lua sources via apt-get source)\n%s' \
    "$(sed -e '/^$/N;/^\n$/D' <<<"$content")"$'\n' | as_root tee "$out" >/dev/null
  APT_UPDATED=0
  apt_update
}

# apt-get source <pkg> into <stage dir>, retrying once after a fresh update (stale lists give 404s).
# As root, apt's download sandbox user (_apt) cannot write into our folder: say so explicitly
# rather than letting apt warn about it.
apt_source() {
  local pkg="$1" stage="$2"
  local src_opts=(-qq)
  [[ $(id -u) -eq 0 ]] && src_opts+=(-o APT::Sandbox::User=root)
  if ! (cd "$stage" && apt-get source "${src_opts[@]}" "$pkg"); then
    APT_UPDATED=0
    apt_update
    (cd "$stage" && apt-get source "${src_opts[@]}" "$pkg")
  fi
}

# unpack_source <package> <stage> <file expected in the tree>: apt-get source into a fresh <stage>
# (Debian's patches applied by dpkg-source); sets SOURCE_DIR to the unpacked tree and
# SOURCE_VERSION to the package version from its .dsc.
unpack_source() {
  local pkg="$1" stage="$2" expect="$3"
  rm -rf "$stage"
  mkdir -p "$stage"
  log "apt-get source $pkg -> $stage"
  apt_source "$pkg" "$stage"
  SOURCE_DIR="$(find "$stage" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -1)"
  if [[ -z "$SOURCE_DIR" || ! -f "$SOURCE_DIR/$expect" ]]; then
    echo "[fetch-deps] error: apt-get source $pkg did not produce $pkg-*/$expect" >&2
    exit 1
  fi
  local dsc
  dsc="$(find "$stage" -maxdepth 1 -name "${pkg}_*.dsc" | head -1)"
  SOURCE_VERSION="$(sed -n 's/^Version: //p' "$dsc" 2>/dev/null | head -1)"
}

fetch_sqlite() {
  if [[ $FORCE -eq 0 && -f "$SQLITE_DIR/sqlite3.c" && -f "$SQLITE_DIR/sqlite3.h" ]]; then
    log "SQLite amalgamation present: $SQLITE_DIR ($(cat "$SQLITE_DIR/.quiver-source" 2>/dev/null || echo unknown))"
    return
  fi
  ensure_packages tcl make
  have_debian_deb_src || add_debian_deb_src
  local stage="$DEPS/.stage-sqlite"
  rm -rf "$SQLITE_DIR"
  unpack_source sqlite3 "$stage" configure
  local src="$SOURCE_DIR" version="$SOURCE_VERSION"
  # The amalgamation is generated by the source tree's own makefile (a host build with tclsh);
  # no compile options matter here, only the file list.
  log "generating the SQLite amalgamation (configure + make sqlite3.c, ~40 s)"
  mkdir -p "$stage/build"
  (cd "$stage/build" && "$src/configure" -q >/dev/null && make -s sqlite3.c >/dev/null)
  mkdir -p "$SQLITE_DIR"
  cp "$stage/build/sqlite3.c" "$stage/build/sqlite3.h" "$SQLITE_DIR/"
  [[ -f "$src/LICENSE.md" ]] && cp "$src/LICENSE.md" "$SQLITE_DIR/"
  echo "sqlite3 ${version:-unknown} (Debian source package)" >"$SQLITE_DIR/.quiver-source"
  rm -rf "$stage"
  log "SQLite amalgamation ready: $SQLITE_DIR ($(cat "$SQLITE_DIR/.quiver-source"))"
}

fetch_lua() {
  if [[ $FORCE -eq 0 && -f "$LUA_DIR/src/lapi.c" && -f "$LUA_DIR/src/lua.h" ]]; then
    log "Lua sources present: $LUA_DIR ($(cat "$LUA_DIR/.quiver-source" 2>/dev/null || echo unknown))"
    return
  fi
  have_debian_deb_src || add_debian_deb_src
  local stage="$DEPS/.stage"
  rm -rf "$LUA_DIR"
  unpack_source lua5.4 "$stage" src/lapi.c
  local src="$SOURCE_DIR" version="$SOURCE_VERSION"
  echo "lua5.4 ${version:-unknown} (Debian source package)" >"$src/.quiver-source"
  mv "$src" "$LUA_DIR"
  rm -rf "$stage"
  log "Lua sources ready: $LUA_DIR ($(cat "$LUA_DIR/.quiver-source"))"
}

ensure_packages g++ cmake libtomlplusplus-dev dpkg-dev
mkdir -p "$DEPS"
fetch_lua
fetch_sqlite
