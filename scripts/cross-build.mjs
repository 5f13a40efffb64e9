#!/usr/bin/env node
// Cross-builds libquiver_c for every shipped platform from one linux-x64 host, with Zig's clang
// (installed on demand by scripts/cross-toolchain.mjs), into prebuilds/<platform>-<arch>[-musl]/.
//
//   npm run build:prebuilds                              all targets (see TARGETS)
//   npm run build:prebuilds -- --target linux-x64        one target (repeat or comma-separate for more)
//   node scripts/cross-build.mjs --tests-only --target win32-x64
//        builds only the C tests (c-api/tests), linked against the prebuild already in prebuilds/,
//        into c-api/build-cross/<target>-tests/ (CI runs them under qemu, wine or the musl loader)
//   --build-root <dir>   CMake build dirs (default c-api/build-cross/<target>)
//   --jobs <n>           parallel compile jobs (default 2)
//
// Each library is self-contained: SQLite and Lua compiled in, Zig's libc++/libunwind linked
// statically, only quiver_* exported, stripped, and it embeds the source hash of
// scripts/source-hash.mjs (checked after the build, and by CI). The only dependencies left are the
// system C library and loader (glibc >= 2.17, musl, the Windows system DLLs, libSystem on macOS).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureZig, zigCacheDir } from './cross-toolchain.mjs';
import { computeSourceHash } from './source-hash.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cApi = path.join(root, 'c-api');

/** Shipped targets: prebuilds folder -> Zig target triple and library file name. */
export const TARGETS = {
  'linux-x64': { zig: 'x86_64-linux-gnu.2.17', file: 'libquiver_c.so' },
  'linux-arm64': { zig: 'aarch64-linux-gnu.2.17', file: 'libquiver_c.so' },
  'linux-x64-musl': { zig: 'x86_64-linux-musl', file: 'libquiver_c.so' },
  'linux-arm64-musl': { zig: 'aarch64-linux-musl', file: 'libquiver_c.so' },
  'win32-x64': { zig: 'x86_64-windows-gnu', file: 'libquiver_c.dll' },
  // macOS 11 is the first release whose libc++ ABI has everything C++20 <filesystem> etc. need.
  'darwin-x64': { zig: 'x86_64-macos.11.0', file: 'libquiver_c.dylib' },
  'darwin-arm64': { zig: 'aarch64-macos.11.0', file: 'libquiver_c.dylib' },
};

function parseArgs(argv) {
  const opts = { targets: [], testsOnly: false, buildRoot: path.join(cApi, 'build-cross'), jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (argv[i + 1] === undefined) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--target' || a.startsWith('--target=')) opts.targets.push(...value().split(',').filter(Boolean));
    else if (a === '--tests-only') opts.testsOnly = true;
    else if (a === '--build-root' || a.startsWith('--build-root=')) opts.buildRoot = path.resolve(root, value());
    else if (a === '--jobs' || a.startsWith('--jobs=')) opts.jobs = Number(value());
    else usage(`unknown argument: ${a}`);
  }
  if (opts.targets.length === 0) opts.targets = Object.keys(TARGETS);
  for (const t of opts.targets) {
    if (!TARGETS[t]) usage(`unknown target '${t}' (known: ${Object.keys(TARGETS).join(', ')})`);
  }
  if (!Number.isInteger(opts.jobs) || opts.jobs < 1) usage('--jobs needs a positive integer');
  return opts;
}

function usage(message) {
  console.error(`cross-build: ${message}`);
  console.error('usage: cross-build.mjs [--target <name>[,<name>...]] [--tests-only] [--build-root <dir>] [--jobs <n>]');
  process.exit(2);
}

function run(cmd, args, options = {}) {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
}

function zigEnv(buildDir) {
  return {
    ...process.env,
    ZIG_GLOBAL_CACHE_DIR: zigCacheDir(),
    ZIG_LOCAL_CACHE_DIR: path.join(buildDir, 'zig-local-cache'),
    QUIVER_ZIG_WRAPPER_DIR: path.join(buildDir, 'zig-wrappers'),
  };
}

function configure(buildDir, zig, target, extra) {
  run(
    'cmake',
    [
      '-S', cApi,
      '-B', buildDir,
      '-G', 'Unix Makefiles',
      `-DCMAKE_TOOLCHAIN_FILE=${path.join(cApi, 'cmake', 'zig-toolchain.cmake')}`,
      `-DQUIVER_ZIG=${zig}`,
      `-DQUIVER_ZIG_TARGET=${target.zig}`,
      '-DCMAKE_BUILD_TYPE=Release',
      ...extra,
    ],
    { env: zigEnv(buildDir) },
  );
}

/** Builds prebuilds/<name>/<file>; returns its size in bytes. */
function buildLibrary(name, zig, hash, opts) {
  const target = TARGETS[name];
  const buildDir = path.join(opts.buildRoot, name);
  configure(buildDir, zig, target, [
    `-DQUIVER_SOURCE_HASH=${hash}`,
    '-DCMAKE_SHARED_LINKER_FLAGS=-s', // strip at link time (one linker for every format)
  ]);
  run('cmake', ['--build', buildDir, '--target', 'quiver_c', `-j${opts.jobs}`], { env: zigEnv(buildDir) });
  const built = path.join(buildDir, target.file);
  if (!existsSync(built)) throw new Error(`${built} was not produced`);
  if (!readFileSync(built).includes(Buffer.from(hash, 'latin1'))) {
    throw new Error(`${built} does not embed the source hash ${hash}`);
  }
  const dest = path.join(root, 'prebuilds', name, target.file);
  mkdirSync(path.dirname(dest), { recursive: true });
  copyFileSync(built, dest);
  return statSync(dest).size;
}

/** Import library for linking the C tests against a prebuilt DLL (lld cannot link a DLL directly). */
function windowsImportLib(dll, outDir, zig) {
  const dump = execFileSync('objdump', ['-p', dll], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const table = dump.slice(dump.indexOf('[Ordinal/Name Pointer] Table'));
  const names = [...table.matchAll(/^\s*\[\s*\d+\]\s+(\S+)$/gm)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`no exports found in ${dll} (objdump -p)`);
  const def = path.join(outDir, 'libquiver_c.def');
  writeFileSync(def, `LIBRARY ${path.basename(dll)}\nEXPORTS\n${names.map((n) => `  ${n}`).join('\n')}\n`);
  const implib = path.join(outDir, 'libquiver_c.dll.a');
  run(zig, ['dlltool', '-m', 'i386:x86-64', '-D', path.basename(dll), '-d', def, '-l', implib]);
  return implib;
}

/** Builds the C tests against prebuilds/<name>/<file> into <build root>/<name>-tests. */
function buildTests(name, zig, opts) {
  const target = TARGETS[name];
  const lib = path.join(root, 'prebuilds', name, target.file);
  if (!existsSync(lib)) throw new Error(`${path.relative(root, lib)} is missing: run npm run build:prebuilds -- --target ${name}`);
  const buildDir = path.join(opts.buildRoot, `${name}-tests`);
  mkdirSync(buildDir, { recursive: true });
  // -O0: the tests are compiled once and run once; the library under test is the shipped one.
  const extra = [`-DQUIVER_PREBUILT_LIBRARY=${lib}`, '-DCMAKE_CXX_FLAGS_RELEASE=-O0', '-DCMAKE_C_FLAGS_RELEASE=-O0'];
  if (name.startsWith('win32-')) extra.push(`-DQUIVER_PREBUILT_IMPLIB=${windowsImportLib(lib, buildDir, zig)}`);
  configure(buildDir, zig, target, extra);
  run('cmake', ['--build', buildDir, '--target', 'quiver_c_tests', `-j${opts.jobs}`], { env: zigEnv(buildDir) });
  // The tests find the library next to themselves (Windows) or through the loader's search path.
  const testsDir = path.join(buildDir, 'tests');
  copyFileSync(lib, path.join(testsDir, target.file));
  return testsDir;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (!existsSync(path.join(cApi, '.deps/lua/src/lapi.c')) || !existsSync(path.join(cApi, '.deps/sqlite/sqlite3.c'))) {
    run('bash', [path.join(root, 'scripts/fetch-deps.sh')]);
  }
  const zig = ensureZig({ log: console.log });
  const hash = computeSourceHash(root);
  console.log(`cross-build: zig ${execFileSync(zig, ['version'], { encoding: 'utf8' }).trim()}, source hash ${hash}`);
  const rows = [];
  try {
    for (const name of opts.targets) {
      const t0 = Date.now();
      console.log(`\n==== ${name} (${TARGETS[name].zig})${opts.testsOnly ? ': C tests against the prebuild' : ''}`);
      const result = opts.testsOnly ? buildTests(name, zig, opts) : buildLibrary(name, zig, hash, opts);
      rows.push({ name, result, seconds: Math.round((Date.now() - t0) / 1000) });
    }
  } catch (err) {
    console.error(`cross-build: ${err.message ?? err}`);
    process.exit(1);
  }
  console.log('\n==== cross-build summary');
  for (const r of rows) {
    const what = opts.testsOnly ? path.relative(root, r.result) : `prebuilds/${r.name}/${TARGETS[r.name].file} ${r.result} bytes`;
    console.log(`${r.name.padEnd(18)} ${what}  (${r.seconds} s)`);
  }
  console.log(`total: ${Math.round((Date.now() - started) / 1000)} s`);
}
