// `quiver import-csv` and `quiver export-csv`, run as real child processes: piped output carries
// nothing but the command's own (no progress bar), a terminal (a pseudo-TTY from util-linux's
// `script`) gets one on stderr, and CSV options and errors pass through.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database, LogLevel } from '../lib/index.js';
import { FARM_SCHEMA, tmpDir, writeSchema } from './helpers.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(REPO, 'bin/quiver.mjs');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function quiver(args: string[], cwd: string): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the command on a pseudo-terminal; stdout and stderr both arrive in `output`. */
function quiverOnTty(args: string[], cwd: string): { status: number | null; output: string } {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd, encoding: 'utf8' });
  return { status: r.status, output: r.stdout };
}

/** A farm database file with `rows` elements, and its folder. */
function study(rows = 0): { dir: string; db: string } {
  const dir = tmpDir('quiver-cli-csv-');
  const db = path.join(dir, 'farm.db');
  using d = Database.fromSchema(db, writeSchema(dir, FARM_SCHEMA, 'farm.sql'), { consoleLevel: LogLevel.Off });
  d.transaction(() => {
    for (let i = 0; i < rows; i++) d.createElement('Farm', { label: `F${i}`, area: i + 0.5, organic: i % 2, date_founded: '2020-05-06T00:00:00' });
  });
  return { dir, db };
}

function labels(db: string): string[] {
  using d = Database.open(db, { consoleLevel: LogLevel.Off });
  return d.readScalarStrings('Farm', 'label') as string[];
}

const SLOW = { timeout: 120_000 };

describe('quiver import-csv / export-csv', SLOW, () => {
  it('round-trips a collection through piped commands that print nothing', () => {
    const a = study(500);
    expect(quiver(['export-csv', '--db', 'farm.db', 'Farm', 'farms.csv'], a.dir)).toEqual({ status: 0, stdout: '', stderr: '' });
    using lib = Database.open(a.db, { consoleLevel: LogLevel.Off });
    lib.exportCsv('Farm', '', path.join(a.dir, 'lib.csv'));
    expect(readFileSync(path.join(a.dir, 'farms.csv'), 'utf8')).toBe(readFileSync(path.join(a.dir, 'lib.csv'), 'utf8'));

    const b = study();
    expect(quiver(['import-csv', '--db', b.db, 'Farm', path.join(a.dir, 'farms.csv')], b.dir)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(labels(b.db)).toEqual(labels(a.db));
  });

  it('works on groups, and passes the CSV options', () => {
    const s = study(2);
    using d = Database.open(s.db, { consoleLevel: LogLevel.Off });
    const id = d.readElementIds('Farm')[1]!;
    d.updateTimeSeriesGroup('Farm', 'weather', id, { date_time: ['2024-03-01T00:00:00', '2024-03-02T00:00:00'], rain: [1, 2.5] });
    const r = quiver(['export-csv', '--db', 'farm.db', 'Farm', 'weather', 'w.csv', '--date-time-format', '%d/%m/%Y'], s.dir);
    expect(r).toEqual({ status: 0, stdout: '', stderr: '' });
    const text = readFileSync(path.join(s.dir, 'w.csv'), 'utf8');
    expect(text).toContain('F1,01/03/2024,1');
    d.updateTimeSeriesGroup('Farm', 'weather', id, {});
    d.close();
    expect(quiver(['import-csv', '--db', 'farm.db', 'Farm', 'weather', 'w.csv', '--date-time-format', '%d/%m/%Y'], s.dir).status).toBe(0);
    using again = Database.open(s.db, { consoleLevel: LogLevel.Off });
    expect(again.readTimeSeriesGroup('Farm', 'weather', id).date_time).toEqual(['2024-03-01T00:00:00', '2024-03-02T00:00:00']);

    // Enum labels, inline or from a file.
    const enums = '{"organic": {"en": {"Yes": 1, "No": 0}}}';
    writeFileSync(path.join(s.dir, 'enums.json'), enums);
    again.close();
    expect(quiver(['export-csv', '--db', 'farm.db', 'Farm', 'e.csv', '--enum-labels', enums], s.dir).status).toBe(0);
    expect(readFileSync(path.join(s.dir, 'e.csv'), 'utf8')).toContain('F0,0.5,10,,2020-05-06T00:00:00,No\nF1,1.5,10,,2020-05-06T00:00:00,Yes\n');
    expect(quiver(['import-csv', '--db', 'farm.db', 'Farm', 'e.csv', '--enum-labels', 'enums.json'], s.dir).status).toBe(0);
  });

  it('exits 1 with the library message, and changes nothing, for a bad file', () => {
    const s = study(3);
    writeFileSync(path.join(s.dir, 'bad.csv'), 'sep=,\nlabel,area,hectares,owner,date_founded,organic\nA,x,1,,,0\n');
    expect(quiver(['import-csv', '--db', 'farm.db', 'Farm', 'bad.csv'], s.dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: "Cannot import_csv: Invalid float value 'x' for column 'area' in row 1.\n",
    });
    expect(labels(s.db)).toEqual(['F0', 'F1', 'F2']);
    expect(quiver(['import-csv', '--db', 'missing.db', 'Farm', 'bad.csv'], s.dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Database file not found: missing.db\n',
    });
    expect(quiver(['export-csv', '--db', 'farm.db', 'Nope', 'x.csv'], s.dir).stderr).toBe('Cannot export_csv: collection not found: Nope\n');
  });

  it('exits 2 for a bad command line', () => {
    const s = study();
    const noDb = quiver(['import-csv', 'Farm', 'x.csv'], s.dir);
    expect(noDb.status).toBe(2);
    expect(noDb.stderr).toMatch(/^No database provided \(--db <file>\)\n\nUsage: quiver import-csv/);
    expect(quiver(['export-csv', '--db', 'farm.db', 'Farm'], s.dir).stderr).toMatch(/^Expected <collection> \[group\] <file.csv>/);
    expect(quiver(['export-csv', '--db', 'farm.db', 'Farm', 'a', 'b', 'c'], s.dir).stderr).toMatch(/^Unexpected argument: c/);
    expect(quiver(['import-csv', '--db', 'farm.db', 'Farm', 'x.csv', '--enum-labels', '{bad'], s.dir).stderr).toMatch(/^Invalid --enum-labels: /);
    const help = quiver(['import-csv', '--help'], s.dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: quiver import-csv --db <file> <collection> \[group\] <file.csv> \[options\]/);
    expect(quiver(['--help'], s.dir).stdout).toContain('import-csv --db <file> <collection> [group] <file.csv>');
  });

  it('draws a progress bar on a terminal, and none with --no-progress', () => {
    const s = study(20_000);
    const tty = quiverOnTty(['export-csv', '--db', 'farm.db', 'Farm', 'farms.csv'], s.dir);
    expect(tty.status).toBe(0);
    expect(tty.output).toMatch(/\rExporting Farm \[#+\] 100%\r?\n$/);
    const quiet = quiverOnTty(['import-csv', '--db', 'farm.db', 'Farm', 'farms.csv', '--no-progress'], s.dir);
    expect(quiet).toEqual({ status: 0, output: '' });
    const imported = quiverOnTty(['import-csv', '--db', 'farm.db', 'Farm', 'farms.csv'], s.dir);
    expect(imported.output).toMatch(/\rImporting Farm \[#+\] 100%\r?\n$/);
    expect(labels(s.db)).toHaveLength(20_000);
  });
});
