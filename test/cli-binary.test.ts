// `quiver bin2csv` and `quiver csv2bin`, run as real child processes.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BinaryFile } from '../lib/index.js';
import { basePath, TIME } from './binary-fixtures.js';

const BIN = fileURLToPath(new URL('../bin/quiver.mjs', import.meta.url));

function quiver(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A TIME file with two cells written; returns its base path. */
function timeFile(): string {
  const p = basePath('study');
  using w = BinaryFile.open(p, 'w', TIME);
  w.write({ stage: 1, block: 1 }, [1.5, 2.5]);
  w.write({ stage: 2, block: 3 }, [10, 20]);
  return p;
}

// Each test spawns node processes that load the library through tsx: slow on a busy machine.
const SLOW = { timeout: 120_000 };

describe('quiver bin2csv / csv2bin', SLOW, () => {
  it('bin2csv writes one column per dimension; --aggregate-time writes a date column', () => {
    const p = timeFile();
    const dir = path.dirname(p);
    expect(quiver(['bin2csv', 'study'], dir)).toEqual({ status: 0, stdout: '', stderr: '' });
    let lines = readFileSync(`${p}.csv`, 'utf8').split('\n');
    expect(lines[0]).toBe('stage,block,plant_1,plant_2');
    expect(lines[1]).toBe('1,1,1.5,2.5');
    expect(quiver(['bin2csv', 'study.qvr', '--aggregate-time'], dir).status).toBe(0);
    lines = readFileSync(`${p}.csv`, 'utf8').split('\n');
    expect(lines[0]).toBe('date,plant_1,plant_2');
    expect(lines[1]).toBe('2025-01-01,1.5,2.5');
    expect(lines[31 + 3]).toBe('2025-02-03,10,20');
  });

  it('csv2bin rebuilds the .qvr byte for byte from either CSV form', () => {
    const p = timeFile();
    const original = readFileSync(`${p}.qvr`);
    for (const args of [['--aggregate-time'], []]) {
      expect(quiver(['bin2csv', p, ...args], path.dirname(p)).status).toBe(0);
      rmSync(`${p}.qvr`);
      expect(quiver(['csv2bin', `${p}.csv`], path.dirname(p))).toEqual({ status: 0, stdout: '', stderr: '' });
      expect(readFileSync(`${p}.qvr`)).toEqual(original);
    }
  });

  it('library errors exit 1 with the message; command-line mistakes exit 2 with the usage', () => {
    const dir = path.dirname(basePath());
    expect(quiver(['bin2csv', 'missing'], dir)).toEqual({ status: 1, stdout: '', stderr: 'File not found: missing\n' });
    expect(quiver(['csv2bin', 'missing'], dir)).toEqual({ status: 1, stdout: '', stderr: 'Metadata file not found: missing.toml\n' });
    const noFile = quiver(['bin2csv'], dir);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toMatch(/^No file provided\n\nUsage: quiver bin2csv <file> \[--aggregate-time\]/);
    const extra = quiver(['csv2bin', 'a', 'b'], dir);
    expect(extra.status).toBe(2);
    expect(extra.stderr).toMatch(/^Unexpected argument: b\n\nUsage: quiver csv2bin <file>/);
    expect(quiver(['bin2csv', 'a', '--bogus'], dir).status).toBe(2);
  });

  it('--help lists both commands and each has its own help', () => {
    const dir = path.dirname(basePath());
    const main = quiver(['--help'], dir);
    expect(main.status).toBe(0);
    expect(main.stdout).toContain('bin2csv <file> [--aggregate-time]');
    expect(main.stdout).toContain('csv2bin <file>');
    expect(quiver(['bin2csv', '--help'], dir).stdout).toMatch(/^Usage: quiver bin2csv <file> \[--aggregate-time\]/);
    expect(quiver(['csv2bin', '-h'], dir).stdout).toMatch(/^Usage: quiver csv2bin <file>/);
  });
});

describe('examples/binary.ts (the README worked example)', SLOW, () => {
  it('runs and prints the cells, the expression result and the CSV', () => {
    const example = fileURLToPath(new URL('../examples/binary.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [tsx, example], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('stage 1, scenario 2: [ 100, 60, 25 ]');
    expect(r.stdout).toContain('sum per stage (MWh): [ 127.4, 225.4, 323.4 ]');
    expect(r.stdout).toContain('date,scenario,hydro,wind,gas\n2030-01-01,1,100,50,0\n');
  });
});
