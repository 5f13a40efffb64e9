#!/usr/bin/env node
// Build libquiver_c.so from c-api/ with the host's g++ (linux-x64), for development and for CI's
// from-source test. The shipped prebuilds (prebuilds/<platform>-<arch>[-musl]/, glibc 2.17 floor on
// Linux) come from scripts/cross-build.mjs (`npm run build:prebuilds`), never from this script.
//
//   node scripts/build-native.mjs                     Release build in c-api/build, strip
//   node scripts/build-native.mjs --build-dir <dir>   other build dir (or env QUIVER_BUILD_DIR)
//   node scripts/build-native.mjs --sanitize          ASan/UBSan build in c-api/build-asan
//   --no-prebuild                                     accepted for compatibility (nothing is copied)
//
// The loader finds c-api/build/libquiver_c.so after the prebuilds (lib/loader.ts), or set
// QUIVER_LIBRARY_PATH to it.
//
// The C tests (c-api/tests) are configured too but built only on request:
//   cmake --build <dir> --target quiver_c_tests && ctest --test-dir <dir>
// and scripts/test-sanitizers.sh runs them under ASan+UBSan and valgrind.
//
// Steps: scripts/fetch-deps.sh when the Lua or SQLite sources are missing; cmake configure with
// -DQUIVER_SOURCE_HASH=<scripts/source-hash.mjs>; cmake --build -j2; strip --strip-unneeded.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeSourceHash } from './source-hash.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cApi = path.join(root, 'c-api');
const LIB = 'libquiver_c.so';

function parseArgs(argv) {
  const opts = { sanitize: false, buildDir: process.env.QUIVER_BUILD_DIR || null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sanitize') opts.sanitize = true;
    else if (a === '--no-prebuild') continue; // nothing is ever copied to prebuilds/ now
    else if (a === '--build-dir' && argv[i + 1]) opts.buildDir = argv[++i];
    else if (a.startsWith('--build-dir=')) opts.buildDir = a.slice('--build-dir='.length);
    else {
      console.error(`unknown argument: ${a}\nusage: build-native.mjs [--sanitize] [--no-prebuild] [--build-dir <dir>]`);
      process.exit(2);
    }
  }
  opts.buildDir = path.resolve(root, opts.buildDir || (opts.sanitize ? 'c-api/build-asan' : 'c-api/build'));
  return opts;
}

function run(cmd, args, options = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  try {
    execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  } catch (err) {
    console.error(`build-native: '${cmd}' failed (${err.status != null ? `exit ${err.status}` : err.message})`);
    process.exit(1);
  }
}

if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`build-native: only linux-x64 is set up (this is ${process.platform}-${process.arch})`);
  process.exit(1);
}

const opts = parseArgs(process.argv.slice(2));

if (!existsSync(path.join(cApi, '.deps/lua/src/lapi.c')) || !existsSync(path.join(cApi, '.deps/sqlite/sqlite3.c'))) {
  run('bash', [path.join(root, 'scripts/fetch-deps.sh')]);
}

const hash = computeSourceHash(root);
console.log(`source hash: ${hash}`);

run('cmake', [
  '-S', cApi,
  '-B', opts.buildDir,
  '-DCMAKE_BUILD_TYPE=Release',
  `-DQUIVER_SANITIZE=${opts.sanitize ? 'ON' : 'OFF'}`,
  `-DQUIVER_SOURCE_HASH=${hash}`,
]);
run('cmake', ['--build', opts.buildDir, '--target', 'quiver_c', '-j2']);

const built = path.join(opts.buildDir, LIB);
if (!opts.sanitize) run('strip', ['--strip-unneeded', built]);
console.log(`built: ${built} (${statSync(built).size} bytes)`);

if (opts.sanitize) {
  console.log('sanitizer build: run node with the runtime preloaded, e.g.');
  console.log(`  LD_PRELOAD=$(gcc -print-file-name=libasan.so) ASAN_OPTIONS=detect_leaks=0 QUIVER_LIBRARY_PATH=${built} npm test`);
} else {
  console.log(`use it: QUIVER_LIBRARY_PATH=${built} (prebuilds/ come from npm run build:prebuilds)`);
}
