#!/usr/bin/env node
// Checks the committed prebuilds without running them: every shipped platform has its library in
// prebuilds/<platform>-<arch>[-musl]/, of the right binary format and CPU (ELF/PE/Mach-O header),
// and built from the c-api sources of this tree (the source hash of scripts/source-hash.mjs is
// embedded in each binary, so it is found among the file's bytes; this also works for a stale
// binary whose exports no longer match lib/native.ts).
//
//   node scripts/cross-check.mjs     exit 1 with one line per problem
//   import { checkPrebuilds } from './cross-check.mjs'
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeSourceHash } from './source-hash.mjs';

/** Shipped prebuilds: folder -> file name and the header facts it must show. */
export const SHIPPED = {
  'linux-x64': { file: 'libquiver_c.so', format: 'elf', cpu: 'x64' },
  'linux-arm64': { file: 'libquiver_c.so', format: 'elf', cpu: 'arm64' },
  'linux-x64-musl': { file: 'libquiver_c.so', format: 'elf', cpu: 'x64' },
  'linux-arm64-musl': { file: 'libquiver_c.so', format: 'elf', cpu: 'arm64' },
  'win32-x64': { file: 'libquiver_c.dll', format: 'pe', cpu: 'x64' },
  'darwin-x64': { file: 'libquiver_c.dylib', format: 'macho', cpu: 'x64' },
  'darwin-arm64': { file: 'libquiver_c.dylib', format: 'macho', cpu: 'arm64' },
};

/** Binary format and CPU from a file's header, or null when it is none of ELF64/PE32+/Mach-O 64. */
export function binaryFacts(bytes) {
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46 && bytes[4] === 2 && bytes[5] === 1) {
    const machine = bytes.readUInt16LE(18);
    const type = bytes.readUInt16LE(16); // 3 = ET_DYN (shared object)
    return { format: 'elf', cpu: machine === 62 ? 'x64' : machine === 183 ? 'arm64' : `elf-machine-${machine}`, shared: type === 3 };
  }
  if (bytes.length >= 64 && bytes.readUInt16LE(0) === 0x5a4d) {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 24 <= bytes.length && bytes.readUInt32LE(pe) === 0x00004550) {
      const machine = bytes.readUInt16LE(pe + 4);
      const characteristics = bytes.readUInt16LE(pe + 22); // 0x2000 = IMAGE_FILE_DLL
      return { format: 'pe', cpu: machine === 0x8664 ? 'x64' : machine === 0xaa64 ? 'arm64' : `pe-machine-${machine}`, shared: (characteristics & 0x2000) !== 0 };
    }
  }
  if (bytes.length >= 16 && bytes.readUInt32LE(0) === 0xfeedfacf) {
    const cputype = bytes.readUInt32LE(4);
    const filetype = bytes.readUInt32LE(12); // 6 = MH_DYLIB
    return { format: 'macho', cpu: cputype === 0x01000007 ? 'x64' : cputype === 0x0100000c ? 'arm64' : `macho-cpu-${cputype}`, shared: filetype === 6 };
  }
  return null;
}

/** Problems with the committed prebuilds under rootDir (empty when all are present and current). */
export function checkPrebuilds(rootDir, hash = computeSourceHash(rootDir)) {
  const problems = [];
  const needle = Buffer.from(hash, 'latin1');
  for (const [name, want] of Object.entries(SHIPPED)) {
    const rel = `prebuilds/${name}/${want.file}`;
    const file = path.join(rootDir, rel);
    if (!existsSync(file) || !statSync(file).isFile()) {
      problems.push(`${rel}: missing`);
      continue;
    }
    const bytes = readFileSync(file);
    const facts = binaryFacts(bytes);
    if (!facts || facts.format !== want.format || facts.cpu !== want.cpu || !facts.shared) {
      problems.push(`${rel}: not a ${want.format} ${want.cpu} shared library (${facts ? JSON.stringify(facts) : 'unknown format'})`);
    }
    if (!bytes.includes(needle)) {
      const embedded = [...new Set(bytes.toString('latin1').match(/[0-9a-f]{64}/g) ?? [])];
      problems.push(`${rel}: stale, built from other sources (tree hash ${hash}, embeds ${embedded.join(', ') || 'no source hash'})`);
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = computeSourceHash(root);
  const problems = checkPrebuilds(root, hash);
  if (problems.length) {
    for (const p of problems) console.error(`error: ${p}`);
    console.error('fix: npm run build:prebuilds (after scripts/fetch-deps.sh) and commit prebuilds/');
    process.exit(1);
  }
  for (const [name, want] of Object.entries(SHIPPED)) {
    const size = statSync(path.join(root, 'prebuilds', name, want.file)).size;
    console.log(`${name.padEnd(18)} ${want.file.padEnd(18)} ${String(size).padStart(9)} bytes  current`);
  }
  console.log(`all ${Object.keys(SHIPPED).length} prebuilds carry source hash ${hash}`);
}
