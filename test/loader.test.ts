// lib/loader.ts: search order, QUIVER_LIBRARY_PATH strictness, the not-found message, package-root
// detection from lib/ and from a tsup build; plus, when a built library exists, loading and binding it.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../lib/check.js';
import { QuiverError } from '../lib/errors.js';
import {
  LIBRARY_ENV_VAR,
  SHIPPED_PREBUILDS,
  candidatePaths,
  findPackageRoot,
  libraryFileName,
  platformTag,
  resolveLibraryPath,
} from '../lib/loader.js';
import type { DatabasePtr, ElementPtr, Ptr } from '../lib/types.js';
import { tmpDir, writeFarmSchema, thrown } from './helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LIB = 'libquiver_c.so';

/** A fake package root (package.json named quiverdb-node) with the given files created empty. */
function fakeRoot(files: string[] = []): string {
  const root = tmpDir('quiverdb-root-');
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'quiverdb-node' }));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), '');
  }
  return root;
}

const linux = { platform: 'linux' as const, arch: 'x64', musl: false };

describe('candidatePaths', () => {
  it('without QUIVER_LIBRARY_PATH: prebuilds/<platform>-<arch>, then the CMake output', () => {
    const root = fakeRoot();
    expect(candidatePaths({ ...linux, env: {}, packageRoot: root })).toEqual([
      path.join(root, 'prebuilds', 'linux-x64', LIB),
      path.join(root, 'c-api', 'build', LIB),
    ]);
  });

  it('on musl only the -musl prebuild (a glibc build cannot load there), then the CMake output', () => {
    const root = fakeRoot();
    expect(candidatePaths({ ...linux, musl: true, env: {}, packageRoot: root })).toEqual([
      path.join(root, 'prebuilds', 'linux-x64-musl', LIB),
      path.join(root, 'c-api', 'build', LIB),
    ]);
  });

  it('uses the platform tag and library name of the platform', () => {
    const root = fakeRoot();
    expect(candidatePaths({ platform: 'darwin', arch: 'arm64', env: {}, packageRoot: root })).toEqual([
      path.join(root, 'prebuilds', 'darwin-arm64', 'libquiver_c.dylib'),
      path.join(root, 'c-api', 'build', 'libquiver_c.dylib'),
    ]);
    expect(libraryFileName('linux')).toBe(LIB);
    expect(libraryFileName('win32')).toBe('libquiver_c.dll');
    expect(libraryFileName('darwin')).toBe('libquiver_c.dylib');
  });

  it('defaults to this repository as the package root (tests run from lib/)', () => {
    expect(findPackageRoot()).toBe(repoRoot);
    expect(candidatePaths({ ...linux, env: {} })).toEqual([
      path.join(repoRoot, 'prebuilds', 'linux-x64', LIB),
      path.join(repoRoot, 'c-api', 'build', LIB),
    ]);
  });

  it('finds the root past nested package.json files of other names', () => {
    const root = fakeRoot();
    const nested = path.join(root, 'dist', 'deep');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(root, 'dist', 'package.json'), JSON.stringify({ type: 'commonjs' }));
    expect(findPackageRoot(nested)).toBe(root);
  });

  it('maps paths inside an Electron app.asar to app.asar.unpacked', () => {
    const root = path.join(path.sep, 'app', 'resources', 'app.asar', 'node_modules', 'quiverdb-node');
    const [first] = candidatePaths({ ...linux, env: {}, packageRoot: root });
    expect(first).toBe(path.join(path.sep, 'app', 'resources', 'app.asar.unpacked', 'node_modules', 'quiverdb-node', 'prebuilds', 'linux-x64', LIB));
  });

  it('with QUIVER_LIBRARY_PATH set: only that path (a file, or <dir>/libquiver_c.so)', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'custom.so');
    writeFileSync(file, '');
    const root = fakeRoot([`prebuilds/linux-x64/${LIB}`]);
    expect(candidatePaths({ ...linux, env: { [LIBRARY_ENV_VAR]: file }, packageRoot: root })).toEqual([file]);
    expect(candidatePaths({ ...linux, env: { [LIBRARY_ENV_VAR]: dir }, packageRoot: root })).toEqual([path.join(dir, LIB)]);
    // an empty value counts as unset
    expect(candidatePaths({ ...linux, env: { [LIBRARY_ENV_VAR]: '' }, packageRoot: root })[0]).toBe(
      path.join(root, 'prebuilds', 'linux-x64', LIB),
    );
  });
});

// Every platform/arch/libc combination Node reports, with injected facts: which prebuild folder and
// file the loader picks, and what an unsupported one is told.
const PLATFORMS: NodeJS.Platform[] = ['linux', 'win32', 'darwin', 'freebsd', 'openbsd', 'sunos', 'aix', 'android'];
const ARCHES = ['x64', 'arm64', 'ia32', 'arm', 'riscv64', 'ppc64', 's390x', 'loong64'];
const SHIPPED: Record<string, string> = {
  'linux-x64': 'libquiver_c.so',
  'linux-arm64': 'libquiver_c.so',
  'linux-x64-musl': 'libquiver_c.so',
  'linux-arm64-musl': 'libquiver_c.so',
  'win32-x64': 'libquiver_c.dll',
  'darwin-x64': 'libquiver_c.dylib',
  'darwin-arm64': 'libquiver_c.dylib',
};

describe('platform choice (injected platform, arch and libc)', () => {
  it('ships exactly the seven prebuilds', () => {
    expect([...SHIPPED_PREBUILDS].sort()).toEqual(Object.keys(SHIPPED).sort());
  });

  it('folder name: <platform>-<arch>, -musl only on Linux with musl', () => {
    expect(platformTag('linux', 'x64', false)).toBe('linux-x64');
    expect(platformTag('linux', 'arm64', true)).toBe('linux-arm64-musl');
    expect(platformTag('darwin', 'arm64', true)).toBe('darwin-arm64'); // musl means nothing off Linux
    expect(platformTag('win32', 'x64')).toBe('win32-x64');
  });

  for (const platform of PLATFORMS) {
    for (const arch of ARCHES) {
      for (const musl of [false, true]) {
        const tag = platformTag(platform, arch, musl);
        const file = libraryFileName(platform);
        if (SHIPPED[tag]) {
          it(`${platform} ${arch}${musl ? ' musl' : ''}: loads prebuilds/${tag}/${SHIPPED[tag]}`, () => {
            expect(file).toBe(SHIPPED[tag]);
            const root = fakeRoot(Object.entries(SHIPPED).map(([t, f]) => `prebuilds/${t}/${f}`));
            expect(resolveLibraryPath({ platform, arch, musl, env: {}, packageRoot: root })).toBe(
              path.join(root, 'prebuilds', tag, file),
            );
          });
        } else {
          it(`${platform} ${arch}${musl ? ' musl' : ''}: unsupported, a QuiverError naming ${tag} and the ways out`, () => {
            const root = fakeRoot(Object.entries(SHIPPED).map(([t, f]) => `prebuilds/${t}/${f}`));
            const err = thrown(() => resolveLibraryPath({ platform, arch, musl, env: {}, packageRoot: root }));
            expect(err).toBeInstanceOf(QuiverError);
            expect(err.code).toBe('QUIVER_LIBRARY_NOT_FOUND');
            expect(err.message).toContain(`no prebuilt native library for this platform (${tag}`);
            for (const shipped of SHIPPED_PREBUILDS) expect(err.message).toContain(shipped);
            expect(err.message).toContain('npm run build:native');
            expect(err.message).toContain(LIBRARY_ENV_VAR);
            expect(err.message).toContain(path.join(root, 'c-api', 'build', file));
          });
        }
      }
    }
  }

  it('an unsupported platform still loads a local build or QUIVER_LIBRARY_PATH', () => {
    const root = fakeRoot(['c-api/build/libquiver_c.so']);
    expect(resolveLibraryPath({ platform: 'freebsd', arch: 'x64', env: {}, packageRoot: root })).toBe(
      path.join(root, 'c-api', 'build', 'libquiver_c.so'),
    );
    const dir = tmpDir();
    writeFileSync(path.join(dir, 'libquiver_c.so'), '');
    expect(resolveLibraryPath({ platform: 'linux', arch: 'riscv64', musl: false, env: { [LIBRARY_ENV_VAR]: dir }, packageRoot: root })).toBe(
      path.join(dir, 'libquiver_c.so'),
    );
  });

  it('musl never falls back to the glibc prebuild, nor glibc to the musl one', () => {
    const glibcOnly = fakeRoot([`prebuilds/linux-arm64/${LIB}`]);
    expect(() => resolveLibraryPath({ platform: 'linux', arch: 'arm64', musl: true, env: {}, packageRoot: glibcOnly })).toThrow(
      /linux-arm64-musl/,
    );
    const muslOnly = fakeRoot([`prebuilds/linux-arm64-musl/${LIB}`]);
    expect(() => resolveLibraryPath({ platform: 'linux', arch: 'arm64', musl: false, env: {}, packageRoot: muslOnly })).toThrow(
      /for linux-arm64\./,
    );
  });
});

describe('resolveLibraryPath', () => {
  it('takes the first existing candidate: prebuild over CMake output', () => {
    const both = fakeRoot([`prebuilds/linux-x64/${LIB}`, `c-api/build/${LIB}`]);
    expect(resolveLibraryPath({ ...linux, env: {}, packageRoot: both })).toBe(path.join(both, 'prebuilds', 'linux-x64', LIB));
    const buildOnly = fakeRoot([`c-api/build/${LIB}`]);
    expect(resolveLibraryPath({ ...linux, env: {}, packageRoot: buildOnly })).toBe(path.join(buildOnly, 'c-api', 'build', LIB));
  });

  it('QUIVER_LIBRARY_PATH wins when it exists (file or directory)', () => {
    const dir = tmpDir();
    writeFileSync(path.join(dir, LIB), '');
    const root = fakeRoot([`prebuilds/linux-x64/${LIB}`]);
    expect(resolveLibraryPath({ ...linux, env: { [LIBRARY_ENV_VAR]: dir }, packageRoot: root })).toBe(path.join(dir, LIB));
    expect(resolveLibraryPath({ ...linux, env: { [LIBRARY_ENV_VAR]: path.join(dir, LIB) }, packageRoot: root })).toBe(path.join(dir, LIB));
  });

  it('QUIVER_LIBRARY_PATH is strict: set to a missing path, it throws instead of falling back', () => {
    const missing = path.join(tmpDir(), 'nope', LIB);
    const root = fakeRoot([`prebuilds/linux-x64/${LIB}`, `c-api/build/${LIB}`]);
    const err = thrown(() => resolveLibraryPath({ ...linux, env: { [LIBRARY_ENV_VAR]: missing }, packageRoot: root }));
    expect(err.code).toBe('QUIVER_LIBRARY_NOT_FOUND');
    expect(err.message).toContain(`QUIVER_LIBRARY_PATH is set to '${missing}'`);
    expect(err.message).toContain('npm run build:native');
    // a directory without the library is just as missing
    const emptyDir = tmpDir();
    const err2 = thrown(() => resolveLibraryPath({ ...linux, env: { [LIBRARY_ENV_VAR]: emptyDir }, packageRoot: root }));
    expect(err2.message).toContain(path.join(emptyDir, LIB));
  });

  it('not found: the message lists every path tried and both fixes', () => {
    const root = fakeRoot();
    const err = thrown(() => resolveLibraryPath({ ...linux, musl: true, env: {}, packageRoot: root }));
    expect(err.code).toBe('QUIVER_LIBRARY_NOT_FOUND');
    expect(err.message).toContain('linux-x64');
    for (const p of candidatePaths({ ...linux, musl: true, env: {}, packageRoot: root })) expect(err.message).toContain(p);
    expect(err.message).toContain('npm run build:native');
    expect(err.message).toContain('QUIVER_LIBRARY_PATH');
  });

  it('a directory where the library file should be does not count', () => {
    const root = fakeRoot();
    mkdirSync(path.join(root, 'prebuilds', 'linux-x64', LIB), { recursive: true });
    expect(() => resolveLibraryPath({ ...linux, env: {}, packageRoot: root })).toThrow(QuiverError);
  });
});

// ---------------------------------------------------------------------------------------------
// Real environment variables: child processes
// ---------------------------------------------------------------------------------------------

/** Runs an ES module snippet under tsx (lib/*.ts importable) with the given env overrides. */
function runTs(code: string, env: Record<string, string | undefined>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    env: childEnv as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr.trim() };
}

describe('QUIVER_LIBRARY_PATH in a real process', () => {
  it('importing the package never loads the library; the first native call reports the missing path', () => {
    const missing = path.join(tmpDir(), 'missing', LIB);
    const r = runTs(
      `
      const q = await import('./lib/index.ts');
      const out = { imported: true, candidates: q.candidatePaths(), loaded: q.loadedLibraryPath() ?? null };
      try { q.version(); out.version = 'unexpected'; }
      catch (e) { out.name = e.name; out.code = e.code; out.message = e.message; out.isQuiverError = e instanceof q.QuiverError; }
      console.log(JSON.stringify(out));
      `,
      { [LIBRARY_ENV_VAR]: missing },
    );
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      imported: true,
      candidates: [missing],
      loaded: null,
      name: 'QuiverError',
      code: 'QUIVER_LIBRARY_NOT_FOUND',
      isQuiverError: true,
    });
    expect(out.message).toContain(`QUIVER_LIBRARY_PATH is set to '${missing}'`);
  });

  it('unset: candidates are the package prebuild, then c-api/build', () => {
    const r = runTs(`const q = await import('./lib/loader.ts'); console.log(JSON.stringify(q.candidatePaths()));`, {
      [LIBRARY_ENV_VAR]: undefined,
    });
    expect(r.stderr).toBe('');
    const paths = JSON.parse(r.stdout) as string[];
    expect(paths.slice(-2)).toEqual([
      path.join(repoRoot, 'prebuilds', `${process.platform}-${process.arch}`, libraryFileName()),
      path.join(repoRoot, 'c-api', 'build', libraryFileName()),
    ]);
  });
});

describe('package root from a tsup build (ESM and CJS)', () => {
  const outDir = path.join(repoRoot, 'test', '.tmp', `dist-${process.pid}`);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('dist/index.js and dist/index.cjs resolve candidates under the package root', () => {
    execFileSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'tsup', 'dist', 'cli-default.js'),
        'lib/index.ts',
        '--no-config',
        '--format', 'esm,cjs',
        '--out-dir', outDir,
        '--platform', 'node',
        '--target', 'node20',
        '--shims',
        '--external', 'koffi',
        '--silent',
      ],
      { cwd: repoRoot, stdio: 'pipe' },
    );
    const want = path.join(repoRoot, 'prebuilds', 'linux-x64', LIB);
    const env = { ...process.env };
    delete env[LIBRARY_ENV_VAR];
    const esm = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `const q = await import(${JSON.stringify(path.join(outDir, 'index.js'))}); console.log(JSON.stringify(q.candidatePaths({ platform: 'linux', arch: 'x64', musl: false })))`],
      { env, encoding: 'utf8' },
    );
    const cjs = execFileSync(
      process.execPath,
      ['-e', `const q = require(${JSON.stringify(path.join(outDir, 'index.cjs'))}); console.log(JSON.stringify(q.candidatePaths({ platform: 'linux', arch: 'x64', musl: false })))`],
      { env, encoding: 'utf8' },
    );
    expect(JSON.parse(esm)[0]).toBe(want);
    expect(JSON.parse(cjs)[0]).toBe(want);
  });
});

// ---------------------------------------------------------------------------------------------
// Against the built library, when there is one
// ---------------------------------------------------------------------------------------------

function builtLibrary(): string | null {
  try {
    return resolveLibraryPath();
  } catch {
    return null;
  }
}
const libPath = builtLibrary();

describe.skipIf(libPath === null)(`native library (${libPath ?? 'not built'})`, async () => {
  const { native, loadedLibraryPath, missingSymbols, decodeInt64Array, decodeStringArray, decodeString } = await import(
    '../lib/native.js'
  );
  const { version } = await import('../lib/index.js');

  it('loads the library it resolved; quiver_version is 0.10.0', () => {
    expect(version()).toBe('0.10.0');
    expect(loadedLibraryPath()).toBe(libPath);
    expect(native().quiver_build_source_hash()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exports every declared function (a complete build)', () => {
    expect(missingSymbols()).toEqual([]);
  });

  it('check() throws the thread-local message verbatim; success does not clear it', () => {
    const n = native();
    n.quiver_clear_last_error();
    expect(n.quiver_get_last_error()).toBe('');
    expect(n.quiver_database_close(null)).toBe(0);
    const err = thrown(() => check(n.quiver_element_destroy(null)));
    expect(err.message).toBe('Null argument: element');
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.name).toBe('QuiverError');
    expect(n.quiver_database_close(null)).toBe(0);
    expect(n.quiver_get_last_error()).toBe('Null argument: element');
    n.quiver_clear_last_error();
    expect(n.quiver_get_last_error()).toBe('');
  });

  it('struct by value and out parameters behave as declared', () => {
    const n = native();
    expect(n.quiver_database_options_default()).toEqual({ read_only: 0, console_level: 1 });
    const db: [DatabasePtr | null] = [null];
    const schema = writeFarmSchema();
    check(n.quiver_database_from_schema(':memory:', schema, { read_only: 0, console_level: 4 }, db));
    expect(typeof db[0]).toBe('bigint');
    const h = db[0]!;
    try {
      const p: [string | null] = [null];
      check(n.quiver_database_path(h, p));
      expect(p[0]).toBe(':memory:');

      const live0 = Number(n.quiver_debug_live_allocations());
      const el: [ElementPtr | null] = [null];
      check(n.quiver_element_create(el));
      const e = el[0]!;
      const id: [number | bigint] = [0];
      try {
        for (const label of ['F1', 'F2']) {
          check(n.quiver_element_clear(e));
          check(n.quiver_element_set_string(e, 'label', label));
          check(n.quiver_database_create_element(h, 'Farm', e, id));
        }
        // a caller-freed string (rule R1): raw address, decoded, then freed by the library
        const text: [Ptr | null] = [null];
        check(n.quiver_element_to_string(e, text));
        try {
          expect(decodeString(text[0])).toContain('label');
        } finally {
          check(n.quiver_database_free_string(text[0]));
        }
      } finally {
        check(n.quiver_element_destroy(e));
      }
      expect(id[0]).toBe(2);

      const ids: [Ptr | null] = [null];
      const count: [number] = [0];
      check(n.quiver_database_read_element_ids(h, 'Farm', ids, count));
      try {
        expect(decodeInt64Array(ids[0], count[0])).toEqual([1, 2]);
      } finally {
        check(n.quiver_database_free_integer_array(ids[0]));
      }

      const labels: [Ptr | null] = [null];
      check(n.quiver_database_read_scalar_strings(h, 'Farm', 'label', labels, count));
      try {
        expect(decodeStringArray(labels[0], count[0])).toEqual(['F1', 'F2']);
      } finally {
        check(n.quiver_database_free_string_array(labels[0], count[0]));
      }

      expect(Number(n.quiver_debug_live_allocations())).toBe(live0);
    } finally {
      check(n.quiver_database_close(h));
    }
  });
});
