// Finds libquiver_c on disk. Pure fs/path: this module never imports koffi and never loads anything,
// so it is safe to call for diagnostics even when the native library is missing.
//
// Search order (the first existing file wins):
//   1. QUIVER_LIBRARY_PATH: a library file, or a directory containing it. Strict: when the variable
//      is set and nothing exists there, resolution fails instead of falling back to another copy.
//   2. <package root>/prebuilds/<platform>-<arch>[-musl]/<lib>  (shipped in the npm tarball; the
//      -musl folder on Linux with musl libc, e.g. Alpine, the plain one with glibc)
//   3. <package root>/c-api/build/<lib>                         (local CMake output, `npm run build:native`)
// <lib> is libquiver_c.so, libquiver_c.dylib or libquiver_c.dll (the names Quiver's own builds use).
// A platform without a shipped prebuild (see SHIPPED_PREBUILDS) and without a local build gets a
// QuiverError naming the platform, the prebuilds that exist and both ways out.
//
// The package root is the nearest ancestor directory of this module whose package.json is named
// "quiverdb-node", so the same code works from lib/ (tsx, vitest) and from dist/ (the built package;
// tsup's shims provide import.meta.url in the CommonJS build).

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QuiverError } from './errors.js';

export const PACKAGE_NAME = 'quiverdb-node';
/** Name of the environment variable that points at the native library: `QUIVER_LIBRARY_PATH`. */
export const LIBRARY_ENV_VAR = 'QUIVER_LIBRARY_PATH';

/** Inputs of the search, all defaulting to the running process. Tests inject their own. */
export interface LoaderOptions {
  /** Environment to read QUIVER_LIBRARY_PATH from (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Package root to search under (default: found from this module's location). */
  packageRoot?: string;
  /** Platform to search for (default `process.platform`). */
  platform?: NodeJS.Platform;
  /** CPU architecture to search for (default `process.arch`). */
  arch?: string;
  /** Whether the C library is musl (default: detected on Linux from `process.report`; ignored elsewhere). */
  musl?: boolean;
}

/**
 * The prebuilds folders shipped in the package (`prebuilds/<name>/`), each holding the library
 * built for that platform: Linux x64/arm64 with glibc >= 2.17 or musl, Windows x64, macOS x64/arm64.
 */
export const SHIPPED_PREBUILDS: readonly string[] = Object.freeze([
  'linux-x64',
  'linux-arm64',
  'linux-x64-musl',
  'linux-arm64-musl',
  'win32-x64',
  'darwin-x64',
  'darwin-arm64',
]);

/**
 * File name of the shared library on a platform (the names Quiver's own CMake/MinGW builds use).
 *
 * @param platform default `process.platform`
 * @returns `libquiver_c.so`, `libquiver_c.dylib` or `libquiver_c.dll`
 */
export function libraryFileName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'libquiver_c.dll';
  if (platform === 'darwin') return 'libquiver_c.dylib';
  return 'libquiver_c.so';
}

/**
 * The prebuilds folder name for a platform (prebuildify's layout): `<platform>-<arch>`, plus
 * `-musl` on Linux with musl libc.
 *
 * @param platform default `process.platform`
 * @param arch default `process.arch`
 * @param musl whether the C library is musl (only meaningful on Linux; default false)
 * @returns e.g. `linux-x64`, `linux-arm64-musl`, `win32-x64`, `darwin-arm64`
 */
export function platformTag(platform: NodeJS.Platform = process.platform, arch: string = process.arch, musl = false): string {
  return platform === 'linux' && musl ? `${platform}-${arch}-musl` : `${platform}-${arch}`;
}

let cachedRoot: string | undefined;

/** Nearest ancestor of `startDir` (default: this module's directory) whose package.json is quiverdb-node's. */
export function findPackageRoot(startDir?: string): string {
  if (startDir === undefined && cachedRoot !== undefined) return cachedRoot;
  const start = startDir ?? moduleDir();
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
        if (name === PACKAGE_NAME) {
          if (startDir === undefined) cachedRoot = dir;
          return dir;
        }
      } catch {
        // unreadable or invalid package.json: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new QuiverError(
    `Cannot locate the ${PACKAGE_NAME} package root: no package.json named "${PACKAGE_NAME}" in ${start} or any parent directory. ` +
      `Set ${LIBRARY_ENV_VAR} to the path of ${libraryFileName()}.`,
    { code: 'QUIVER_LIBRARY_NOT_FOUND' },
  );
}

function moduleDir(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

/** Electron: files inside app.asar cannot be dlopen()ed; asarUnpack puts them in app.asar.unpacked. */
function unpackAsar(p: string): string {
  return p.replace(/\.asar([\\/])/, '.asar.unpacked$1');
}

let cachedMusl: boolean | undefined;

/**
 * Whether this Linux process runs on musl libc (Alpine and friends), detected as better-sqlite3 and
 * koffi do: glibc reports its runtime version in `process.report`, musl does not. Asked once, on
 * Linux only (a report takes a few milliseconds), then cached.
 */
function isMusl(): boolean {
  if (cachedMusl === undefined) {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    cachedMusl = !report?.header?.glibcVersionRuntime;
  }
  return cachedMusl;
}

/** The facts the choice depends on: injected ones, else this process's. */
function facts(options: LoaderOptions): { platform: NodeJS.Platform; arch: string; musl: boolean } {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const musl = platform === 'linux' && (options.musl ?? (platform === process.platform ? isMusl() : false));
  return { platform, arch, musl };
}

/** Where QUIVER_LIBRARY_PATH points: the value itself, or `<value>/<lib>` when it names a directory. */
function envCandidate(value: string, platform: NodeJS.Platform): string {
  const p = path.resolve(value);
  try {
    if (statSync(p).isDirectory()) return path.join(p, libraryFileName(platform));
  } catch {
    // does not exist: reported by resolveLibraryPath
  }
  return p;
}

/**
 * Every path the loader would try, in order. When `QUIVER_LIBRARY_PATH` is set this is that one
 * path only (no fallback); otherwise the prebuild for this platform (`prebuilds/<platform>-<arch>`,
 * with `-musl` on musl Linux), then the CMake output.
 *
 * @param options what to search for (default: this process)
 * @returns absolute paths, whether or not they exist
 * @throws {@link QuiverError} `QUIVER_LIBRARY_NOT_FOUND` when the package root cannot be found.
 */
export function candidatePaths(options: LoaderOptions = {}): string[] {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const file = libraryFileName(platform);

  const fromEnv = env[LIBRARY_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') return [envCandidate(fromEnv, platform)];

  const root = options.packageRoot ?? findPackageRoot();
  const { arch, musl } = facts(options);
  // A glibc build cannot load on musl and vice versa: one prebuild folder only, never the other's.
  const paths = [path.join(root, 'prebuilds', platformTag(platform, arch, musl), file), path.join(root, 'c-api', 'build', file)];
  return paths.map(unpackAsar);
}

/**
 * The library file the package would load: the first of {@link candidatePaths} that exists.
 *
 * @param options what to search for (default: this process)
 * @returns the file's absolute path
 * @throws {@link QuiverError} `QUIVER_LIBRARY_NOT_FOUND`, listing every path tried and how to fix it.
 */
export function resolveLibraryPath(options: LoaderOptions = {}): string {
  const env = options.env ?? process.env;
  const { platform, arch, musl } = facts(options);
  const file = libraryFileName(platform);
  const tag = platformTag(platform, arch, musl);
  const paths = candidatePaths(options);

  for (const p of paths) {
    if (isFile(p)) return p;
  }

  const fromEnv = env[LIBRARY_ENV_VAR];
  if (fromEnv !== undefined && fromEnv !== '') {
    throw new QuiverError(
      `${LIBRARY_ENV_VAR} is set to '${fromEnv}', but no native library exists there (tried ${paths[0]}). ` +
        `Point ${LIBRARY_ENV_VAR} at ${file} or the directory containing it, or unset it to use the bundled prebuild ` +
        `(build one with \`npm run build:native\`).`,
      { code: 'QUIVER_LIBRARY_NOT_FOUND' },
    );
  }
  if (!SHIPPED_PREBUILDS.includes(tag)) {
    throw new QuiverError(
      `${PACKAGE_NAME} ships no prebuilt native library for this platform (${tag}${musl ? ', musl libc' : ''}). ` +
        `Prebuilds exist for: ${SHIPPED_PREBUILDS.join(', ')}. ` +
        `Either build libquiver_c from the c-api/ sources of the package (needs a C++20 compiler and CMake; ` +
        `\`npm run build:native\` does it on Linux and leaves ${path.join('c-api', 'build', file)}, which is found automatically) ` +
        `or set ${LIBRARY_ENV_VAR} to a ${file} built for ${tag} (the file, or the directory containing it). Paths tried:\n` +
        paths.map((p) => `  - ${p}\n`).join(''),
      { code: 'QUIVER_LIBRARY_NOT_FOUND' },
    );
  }
  throw new QuiverError(
    `Cannot find the Quiver native library (${file}) for ${tag}. Paths tried:\n` +
      paths.map((p) => `  - ${p}\n`).join('') +
      `Fix: run \`npm run build:native\` in the ${PACKAGE_NAME} package to build it from c-api/, ` +
      `or set ${LIBRARY_ENV_VAR} to the library file (or the directory containing it).`,
    { code: 'QUIVER_LIBRARY_NOT_FOUND' },
  );
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
