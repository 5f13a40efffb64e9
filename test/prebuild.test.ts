// The committed prebuilds (prebuilds/<platform>-<arch>[-musl]/): one per shipped platform, each of
// the right binary format and CPU, and each built from the c-api sources of this tree (the source
// hash is embedded in every binary). `npm run build:prebuilds` rebuilds them all.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHIPPED_PREBUILDS, libraryFileName } from '../lib/loader.js';
// @ts-expect-error plain ES module script without type declarations
import { SHIPPED, binaryFacts, checkPrebuilds } from '../scripts/cross-check.mjs';
// @ts-expect-error plain ES module script without type declarations
import { computeSourceHash } from '../scripts/source-hash.mjs';

type Shipped = Record<string, { file: string; format: string; cpu: string }>;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIX = 'run `npm run build:prebuilds` and commit prebuilds/ with the c-api change';

describe('committed prebuilds', () => {
  it('the checker and the loader agree on the shipped platforms and file names', () => {
    const shipped = SHIPPED as Shipped;
    expect(Object.keys(shipped).sort()).toEqual([...SHIPPED_PREBUILDS].sort());
    for (const [name, want] of Object.entries(shipped)) {
      const platform = name.split('-')[0] as NodeJS.Platform;
      expect(want.file).toBe(libraryFileName(platform));
    }
  });

  for (const [name, want] of Object.entries(SHIPPED as Shipped)) {
    const rel = `prebuilds/${name}/${want.file}`;
    it(`${rel}: present, ${want.format} ${want.cpu}, built from the current sources`, () => {
      const file = path.join(repoRoot, rel);
      expect(existsSync(file), `${rel} is missing: ${FIX}`).toBe(true);
      const bytes = readFileSync(file);
      expect(binaryFacts(bytes)).toEqual({ format: want.format, cpu: want.cpu, shared: true });
      const hash = computeSourceHash(repoRoot) as string;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(bytes.includes(Buffer.from(hash, 'latin1')), `${rel} is stale (tree hash ${hash}): ${FIX}`).toBe(true);
    });
  }

  it('the CI checker reports nothing for this tree', () => {
    expect(checkPrebuilds(repoRoot)).toEqual([]);
  });
});

describe('binary header facts', () => {
  it('recognises ELF, PE and Mach-O shared libraries and their CPU', () => {
    const elf = Buffer.alloc(64);
    elf.writeUInt32BE(0x7f454c46, 0);
    elf[4] = 2;
    elf[5] = 1;
    elf.writeUInt16LE(3, 16);
    elf.writeUInt16LE(183, 18);
    expect(binaryFacts(elf)).toEqual({ format: 'elf', cpu: 'arm64', shared: true });

    const pe = Buffer.alloc(256);
    pe.writeUInt16LE(0x5a4d, 0);
    pe.writeUInt32LE(0x80, 0x3c);
    pe.writeUInt32LE(0x4550, 0x80);
    pe.writeUInt16LE(0x8664, 0x84);
    pe.writeUInt16LE(0x2022, 0x96);
    expect(binaryFacts(pe)).toEqual({ format: 'pe', cpu: 'x64', shared: true });

    const macho = Buffer.alloc(32);
    macho.writeUInt32LE(0xfeedfacf, 0);
    macho.writeUInt32LE(0x0100000c, 4);
    macho.writeUInt32LE(6, 12);
    expect(binaryFacts(macho)).toEqual({ format: 'macho', cpu: 'arm64', shared: true });

    expect(binaryFacts(Buffer.from('not a library'))).toBeNull();
  });
});
