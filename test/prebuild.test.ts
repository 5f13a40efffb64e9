// The committed prebuild (prebuilds/linux-x64/libquiver_c.so) must be built from the c-api
// sources in this tree: build-native.mjs embeds the tree hash of scripts/source-hash.mjs in the
// binary (returned by quiver_build_source_hash()), so it is found among the file's bytes.
// Searching the bytes, rather than loading the library, also works for a stale binary whose
// exports no longer match lib/native.ts.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREBUILD = path.join(repoRoot, 'prebuilds', 'linux-x64', 'libquiver_c.so');
const FIX = 'run `npm run build:native` and commit prebuilds/linux-x64/libquiver_c.so with the c-api change';

function treeHash(): string {
  return execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'source-hash.mjs')], {
    encoding: 'utf8',
  }).trim();
}

describe('committed prebuild', () => {
  it('exists', () => {
    expect(existsSync(PREBUILD), `${path.relative(repoRoot, PREBUILD)} is missing: ${FIX}`).toBe(true);
  });

  it('was built from the current c-api sources', () => {
    if (!existsSync(PREBUILD)) return; // reported by the test above
    const hash = treeHash();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    // latin1 maps every byte to one character, so ASCII text in the binary is searchable as is.
    const bytes = readFileSync(PREBUILD).toString('latin1');
    const embedded = [...new Set(bytes.match(/[0-9a-f]{64}/g) ?? [])];
    expect(
      bytes.includes(hash),
      `prebuild is stale: c-api tree hash is ${hash}, the prebuild embeds ` +
        `${embedded.length ? embedded.join(', ') : 'no source hash'}; ${FIX}`,
    ).toBe(true);
  });
});
