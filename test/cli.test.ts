// The `quiver` executable (bin/quiver.mjs), run as a real child process.

import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database, LogLevel } from '../lib/index.js';
import { FARM_SCHEMA, tmpDir, writeMigrations, writeSchema } from './helpers.js';

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

/** A directory holding farm.sql and the given scripts ({ name: source }). */
function workspace(scripts: Record<string, string> = {}): string {
  const dir = tmpDir('quiver-cli-');
  writeSchema(dir, FARM_SCHEMA, 'farm.sql');
  for (const [name, source] of Object.entries(scripts)) writeFileSync(path.join(dir, name), source);
  return dir;
}

function farmCount(dbFile: string): number {
  using db = Database.open(dbFile, { consoleLevel: LogLevel.Off });
  return db.numberOfElements('Farm');
}

const ADD_FARM = `return db:create_element('Farm', {label = 'F' .. (db:number_of_elements('Farm') + 1)})`;

// Each test spawns node processes that load the library through tsx: slow on a busy machine.
const SLOW = { timeout: 120_000 };

describe('quiver run', SLOW, () => {
  it('creates the database from --schema, runs the script and prints its result as JSON', () => {
    const dir = workspace({
      'add.lua': `${ADD_FARM}`,
      'big.lua': `return {n = math.maxinteger, f = 0.5, s = 'é', list = {1, 2}}`,
    });
    expect(quiver(['run', 'add.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir)).toEqual({
      status: 0,
      stdout: '1\n',
      stderr: '',
    });
    expect(farmCount(path.join(dir, 'farm.db'))).toBe(1);
    // The library's JSON text is printed as is: 64-bit integers stay exact.
    expect(quiver(['run', 'big.lua', '--db', 'farm.db'], dir).stdout).toBe(
      '{"f":0.5,"list":[1,2],"n":9223372036854775807,"s":"é"}\n',
    );
  });

  it('opens an existing database when neither --schema nor --migrations is given, and keeps writes', () => {
    const dir = workspace({ 'add.lua': ADD_FARM });
    Database.fromSchema(path.join(dir, 'farm.db'), path.join(dir, 'farm.sql'), { consoleLevel: LogLevel.Off }).close();
    expect(quiver(['run', 'add.lua', '--db', 'farm.db'], dir).stdout).toBe('1\n');
    expect(quiver(['run', 'add.lua', '--db', 'farm.db'], dir).stdout).toBe('2\n');
    expect(farmCount(path.join(dir, 'farm.db'))).toBe(2);
  });

  it('accepts absolute paths from any working directory', () => {
    const dir = workspace({ 'add.lua': ADD_FARM });
    const r = quiver(['run', path.join(dir, 'add.lua'), '--db', path.join(dir, 'farm.db'), '--schema', path.join(dir, 'farm.sql')], REPO);
    expect(r).toMatchObject({ status: 0, stdout: '1\n' });
  });

  it('prints nothing when the script returns nothing', () => {
    const dir = workspace({ 'quiet.lua': `db:create_element('Farm', {label = 'A'})` });
    expect(quiver(['run', 'quiet.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir)).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
    expect(farmCount(path.join(dir, 'farm.db'))).toBe(1);
  });

  it('--dry-run shows what the script saw and keeps none of its writes', () => {
    const dir = workspace({ 'add.lua': ADD_FARM, 'count.lua': `return db:number_of_elements('Farm')` });
    quiver(['run', 'add.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir);
    expect(quiver(['run', 'add.lua', '--db', 'farm.db', '--dry-run'], dir)).toMatchObject({ status: 0, stdout: '2\n' });
    expect(quiver(['run', 'count.lua', '--db', 'farm.db'], dir).stdout).toBe('1\n');
    expect(farmCount(path.join(dir, 'farm.db'))).toBe(1);
  });

  it('--dry-run discards the writes of a failing script too', () => {
    const dir = workspace({ 'add.lua': ADD_FARM, 'bad.lua': `db:create_element('Farm', {label = 'X'})\nerror('late')` });
    quiver(['run', 'add.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir);
    const r = quiver(['run', 'bad.lua', '--db', 'farm.db', '--dry-run'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Failed to run Lua script: \S+:2: late\n$/);
    expect(farmCount(path.join(dir, 'farm.db'))).toBe(1);
  });

  it('--migrations creates and upgrades the database', () => {
    const dir = workspace({ 'version.lua': `return {db:current_version(), db:has_time_series_files('Item')}` });
    const migrations = writeMigrations(path.join(dir, 'migrations'), {
      1: `CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
          CREATE TABLE Item (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;`,
    });
    expect(quiver(['run', 'version.lua', '--db', 'm.db', '--migrations', migrations], dir)).toMatchObject({
      status: 0,
      stdout: '[1,false]\n',
    });
    writeMigrations(migrations, { 2: 'CREATE TABLE Item_time_series_files (data_file TEXT) STRICT;' });
    expect(quiver(['run', 'version.lua', '--db', 'm.db', '--migrations', migrations], dir).stdout).toBe('[2,true]\n');
  });

  it('--read-only refuses writes with the SQLite message', () => {
    const dir = workspace({ 'add.lua': ADD_FARM, 'count.lua': `return db:number_of_elements('Farm')` });
    quiver(['run', 'add.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir);
    expect(quiver(['run', 'count.lua', '--db', 'farm.db', '--read-only'], dir).stdout).toBe('1\n');
    const r = quiver(['run', 'add.lua', '--db', 'farm.db', '--read-only'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'Failed to run Lua script: Failed to execute statement: attempt to write a readonly database\n',
    );
  });

  it('exits 1 with the Lua message on stderr when the script fails', () => {
    const dir = workspace({
      'syntax.lua': 'x = = 1',
      'dup.lua': `db:create_element('Farm', {label = 'A'}); db:create_element('Farm', {label = 'A'})`,
      'encode.lua': 'return print',
    });
    const syntax = quiver(['run', 'syntax.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir);
    expect(syntax).toMatchObject({ status: 1, stdout: '' });
    expect(syntax.stderr).toMatch(/^Failed to run Lua script: \S+:1: unexpected symbol near '='\n$/);
    expect(quiver(['run', 'dup.lua', '--db', 'farm.db'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Failed to run Lua script: Failed to execute statement: UNIQUE constraint failed: Farm.label\n',
    });
    expect(quiver(['run', 'encode.lua', '--db', 'farm.db'], dir).stderr).toBe(
      'Cannot run: script returned an unsupported Lua type\n',
    );
  });

  it('exits 1 when the database cannot be opened or the schema is invalid', () => {
    const dir = workspace({ 'one.lua': 'return 1' });
    writeSchema(dir, 'CREATE TABLE Farm (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;', 'bad.sql');
    const bad = quiver(['run', 'one.lua', '--db', 'x.db', '--schema', 'bad.sql'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Configuration');
    // The library also warns (at the default level, warn) that it cannot create its log file there.
    const missingDir = quiver(['run', 'one.lua', '--db', 'no/such/dir/x.db', '--migrations', 'm'], dir);
    expect(missingDir.status).toBe(1);
    expect(missingDir.stderr).toContain('Migrations path not found: m');
  });

  it('exits 1 for a --db file that does not exist (without --schema or --migrations), creating nothing', () => {
    const dir = workspace({ 'one.lua': 'return 1' });
    for (const db of ['typo.db', 'no/such/dir/x.db']) {
      expect(quiver(['run', 'one.lua', '--db', db], dir)).toEqual({
        status: 1,
        stdout: '',
        stderr: `Database file not found: ${db} (use --schema or --migrations to create one)\n`,
      });
    }
    expect(existsSync(path.join(dir, 'typo.db'))).toBe(false);
    expect(quiver(['run', 'one.lua', '--db', ':memory:'], dir)).toMatchObject({ status: 0, stdout: '1\n' });
  });

  it('--dry-run cannot be ended by the script: db:end_dry_run() fails and nothing is kept', () => {
    const dir = workspace({
      'add.lua': ADD_FARM,
      'escape.lua': `db:end_dry_run()\n${ADD_FARM}`,
      'sneaky.lua': `pcall(function() db:end_dry_run() end)\n${ADD_FARM}`,
    });
    quiver(['run', 'add.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir);
    const r = quiver(['run', 'escape.lua', '--db', 'farm.db', '--dry-run'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('Failed to run Lua script: Cannot end_dry_run: the dry run was begun by the caller, which alone can end it\n');
    expect(quiver(['run', 'sneaky.lua', '--db', 'farm.db', '--dry-run'], dir)).toMatchObject({ status: 0, stdout: '2\n' });
    expect(farmCount(path.join(dir, 'farm.db'))).toBe(1);
  });

  it('--timeout and --memory-limit stop a runaway script with exit 1', () => {
    const dir = workspace({
      'spin.lua': 'while true do end',
      'hog.lua': 'local t = {} for i = 1, 1e9 do t[i] = string.rep("x", 100) .. i end',
      'add.lua': ADD_FARM,
    });
    quiver(['run', 'add.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir);
    expect(quiver(['run', 'spin.lua', '--db', 'farm.db', '--timeout', '200'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Failed to run Lua script: time limit of 200 ms exceeded\n',
    });
    expect(quiver(['run', 'hog.lua', '--db', 'farm.db', '--memory-limit', '2'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Failed to run Lua script: memory limit of 2097152 bytes exceeded\n',
    });
    expect(quiver(['run', 'add.lua', '--db', 'farm.db', '--timeout', '5000', '--memory-limit', '64'], dir).stdout).toBe('2\n');
    for (const [flag, value] of [['--timeout', '0'], ['--timeout', 'soon'], ['--memory-limit', '-1']]) {
      const r = quiver(['run', 'add.lua', '--db', 'farm.db', `${flag}=${value}`], dir);
      expect(r.status, `${flag}=${value}`).toBe(2);
      expect(r.stderr).toContain(`Invalid ${flag} value '${value}': expected a number greater than 0`);
    }
  });

  it('exits 1 for a missing script, a directory given as script, or an unknown log level', () => {
    const dir = workspace({ 'one.lua': 'return 1' });
    expect(quiver(['run', 'nope.lua', '--db', 'x.db'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Script file not found: nope.lua\n',
    });
    expect(quiver(['run', '.', '--db', 'x.db'], dir).stderr).toBe('Failed to read script file: .\n');
    expect(quiver(['run', 'one.lua', '--db', 'x.db', '--log-level', 'loud'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Unknown log level: loud\n',
    });
    expect(existsSync(path.join(dir, 'x.db'))).toBe(false);
  });

  it('--log-level debug lets the library log on stderr, and stdout stays the JSON result', () => {
    const dir = workspace({ 'one.lua': 'return 1' });
    const r = quiver(['run', 'one.lua', '--db', 'farm.db', '--schema', 'farm.sql', '--log-level', 'debug'], dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).not.toBe('');
  });

  it('exits 2 with usage on stderr for bad command lines', () => {
    const dir = workspace({ 's.lua': 'return 1' });
    const cases: [string[], string][] = [
      [['run', '--db', 'x.db'], 'No script provided'],
      [['run', 's.lua'], 'No database provided (--db <file>)'],
      [['run', 's.lua', '--db', 'x.db', '--schema', 'a.sql', '--migrations', 'm'], 'Cannot use --schema and --migrations together'],
      [
        ['run', 's.lua', '--db', 'x.db', '--schema', 'farm.sql', '--dry-run'],
        'Cannot use --schema and --dry-run together: --schema recreates the database file',
      ],
      [['run', 's.lua', 'extra.lua', '--db', 'x.db'], 'Unexpected argument: extra.lua'],
      [['run', 's.lua', '--db'], "Option '--db <value>' argument missing"],
    ];
    for (const [args, message] of cases) {
      const r = quiver(args, dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`${message}\n`), r.stderr).toBe(true);
      expect(r.stderr).toContain('Usage: quiver run <script.lua> --db <file>');
    }
    const unknown = quiver(['run', 's.lua', '--db', 'x.db', '--verbose'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown option '--verbose'/);
    expect(existsSync(path.join(dir, 'x.db'))).toBe(false);
  });
});

describe('quiver describe', SLOW, () => {
  it('prints the database report', () => {
    const dir = workspace({ 'add.lua': ADD_FARM });
    quiver(['run', 'add.lua', '--db', 'farm.db', '--schema', 'farm.sql'], dir);
    let expected: string;
    {
      using db = Database.open(path.join(dir, 'farm.db'), { consoleLevel: LogLevel.Off });
      // The report names the database by the path it was opened with.
      expected = db.describe().replace(`Database: ${db.path()}\n`, 'Database: farm.db\n');
    }
    const r = quiver(['describe', 'farm.db'], dir);
    expect(r).toEqual({ status: 0, stdout: expected, stderr: '' });
    expect(r.stdout).toContain('Farm');
  });

  it('exits 1 for a missing file without creating it', () => {
    const dir = workspace();
    expect(quiver(['describe', 'missing.db'], dir)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'Failed to open database: unable to open database file\n',
    });
    expect(existsSync(path.join(dir, 'missing.db'))).toBe(false);
  });

  it('exits 2 without a file, with two files, or with an unknown option', () => {
    const dir = workspace();
    for (const [args, message] of [
      [['describe'], 'No database provided'],
      [['describe', 'a.db', 'b.db'], 'Unexpected argument: b.db'],
      [['describe', 'a.db', '--db', 'x'], "Unknown option '--db'"],
    ] as [string[], string][]) {
      const r = quiver(args, dir);
      expect(r.status).toBe(2);
      expect(r.stderr.startsWith(message)).toBe(true);
      expect(r.stderr).toContain('Usage: quiver describe <file.db>');
    }
  });
});

describe('quiver help and usage', SLOW, () => {
  it('--help and -h print the command overview on stdout', () => {
    const dir = tmpDir();
    for (const flag of ['--help', '-h', 'help']) {
      const r = quiver([flag], dir);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Usage: quiver <command> [options]');
      expect(r.stdout).toContain('run <script.lua> --db <file>');
      expect(r.stdout).toContain('describe <file.db>');
    }
  });

  it('run --help explains every option of run', () => {
    const r = quiver(['run', '--help'], tmpDir());
    expect(r.status).toBe(0);
    for (const option of ['--db', '--schema', '--migrations', '--dry-run', '--read-only', '--timeout', '--memory-limit', '--log-level']) {
      expect(r.stdout).toContain(option);
    }
  });

  it('describe --help explains describe', () => {
    const r = quiver(['describe', '-h'], tmpDir());
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: quiver describe <file.db>');
  });

  it('--version prints the package and library versions', () => {
    const r = quiver(['--version'], tmpDir());
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^quiver \d+\.\d+\.\d+ \(libquiver_c \d+\.\d+\.\d+\)\n$/);
  });

  it('an unknown command, an unknown top-level option, or no command exits 2 with usage on stderr', () => {
    const dir = tmpDir();
    for (const [args, message] of [
      [['frobnicate'], "Unknown command 'frobnicate'"],
      [['--frob'], "Unknown option '--frob'"],
      [[], 'No command given'],
    ] as [string[], string][]) {
      const r = quiver(args, dir);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(`${message}\n`)).toBe(true);
      expect(r.stderr).toContain('Usage: quiver <command> [options]');
    }
  });
});

describe('npx quiver', SLOW, () => {
  it('runs the package bin from the repository root', () => {
    const dir = workspace({ 'add.lua': ADD_FARM });
    const r = spawnSync(
      'npx',
      ['--no-install', 'quiver', 'run', path.join(dir, 'add.lua'), '--db', path.join(dir, 'farm.db'), '--schema', path.join(dir, 'farm.sql')],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('1\n');
  });
});
