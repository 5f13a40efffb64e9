// Hex SHA-256 over the sources libquiver_c is built from, so a binary can be matched to the tree
// (quiver_build_source_hash() returns the value passed in at build time).
//
// Input: c-api/CMakeLists.txt, c-api/exports.map and every file under c-api/cmake/, c-api/include/ and
// c-api/src/ (recursive), sorted by '/'-separated path relative to the repo root; for each file
// the hash is fed: path, NUL, file bytes, NUL.
//
// Usage: node scripts/source-hash.mjs [rootDir]   (prints the hash)
//        import { computeSourceHash } from './scripts/source-hash.mjs'
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = ['c-api/CMakeLists.txt', 'c-api/exports.map'];
const DIRS = ['c-api/cmake', 'c-api/include', 'c-api/src'];

function listFiles(rootDir, relDir, out) {
  const abs = path.join(rootDir, relDir);
  if (!existsSync(abs)) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = `${relDir}/${entry.name}`;
    if (entry.isDirectory()) listFiles(rootDir, rel, out);
    else if (entry.isFile()) out.push(rel);
  }
}

/** Relative paths ('/'-separated) of the files that make up the hash, in hashing order. */
export function sourceHashFiles(rootDir) {
  const files = FILES.filter((rel) => existsSync(path.join(rootDir, rel)));
  for (const dir of DIRS) listFiles(rootDir, dir, files);
  // Plain code-unit order (not localeCompare) so every machine sorts the same way.
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function computeSourceHash(rootDir) {
  const hash = createHash('sha256');
  const nul = Buffer.alloc(1);
  for (const rel of sourceHashFiles(rootDir)) {
    hash.update(rel, 'utf8');
    hash.update(nul);
    hash.update(readFileSync(path.join(rootDir, rel)));
    hash.update(nul);
  }
  return hash.digest('hex');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  console.log(computeSourceHash(root));
}
