// CSV export: file layout, quoting, cell rendering, options.

import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, QuiverError, type CsvOptions } from '../lib/index.js';
import { native } from '../lib/native.js';
import { databaseFixture, expectNative, PLANT_SCHEMA } from './helpers.js';

// Self-referencing relation (the import tests use one too).
const SELF_FK_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Node (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, parent_id INTEGER,
  FOREIGN KEY (parent_id) REFERENCES Node(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
`;

const ENUMS = { enumLabels: { kind: { en: { Hydro: 1, Wind: 2 } } } };

const databases = databaseFixture(PLANT_SCHEMA);
let dir = '';
function fresh(schema?: string): Database {
  const db = databases.open(schema);
  dir = databases.dir();
  return db;
}

/** Exports and returns the file's text. */
function exported(db: Database, collection: string, group = '', options?: CsvOptions): string {
  const file = path.join(dir, `${collection}-${group || 'scalars'}.csv`);
  db.exportCsv(collection, group, file, options);
  return readFileSync(file, 'utf8');
}

/** The data lines (after `sep=,` and the header). */
function rows(text: string): string[] {
  return text.split('\n').slice(2, -1);
}

describe('exportCsv', () => {
  it('csv options default: empty format, no enum groups, NULL arrays', () => {
    const d = native().quiver_csv_options_default();
    expect(d.date_time_format).toBe('');
    expect(d.enum_group_count).toBe(0);
    expect([d.enum_attribute_names, d.enum_locale_names, d.enum_entry_counts, d.enum_labels, d.enum_values]).toEqual([null, null, null, null, null]);
  });

  it('an empty Plant gives the separator line and the header only', () => {
    const db = fresh();
    expect(exported(db, 'Plant')).toBe('sep=,\nlabel,capacity,kind,date_built,owner_id\n');
  });

  it('floats in shortest form: 0.1, 100, 1e+21', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'A', capacity: 0.1 });
    db.createElement('Plant', { label: 'B', capacity: 100.0 });
    db.createElement('Plant', { label: 'C', capacity: 1e21 });
    expect(rows(exported(db, 'Plant'))).toEqual(['A,0.1,,,', 'B,100,,,', 'C,1e+21,,,']);
  });

  it('floats keep full precision: 0.1+0.2, 1e-300, 123456789.123456789, 1e20, 9.99, 19.5, 23', () => {
    const db = fresh();
    const values = [0.1 + 0.2, 1e-300, 123456789.123456789, 1e20, 9.99, 1234567.89, 5e-324, 19.5, 23];
    values.forEach((v, i) => db.createElement('Plant', { label: `P${i}`, capacity: v }));
    const cells = rows(exported(db, 'Plant')).map((r) => r.split(',')[1]);
    expect(cells).toEqual(['0.30000000000000004', '1e-300', '123456789.12345679', '1e+20', '9.99', '1234567.89', '5e-324', '19.5', '23']);
    cells.forEach((c, i) => expect(Number(c)).toBe(values[i]));
  });

  it('quoting only for space, comma or LF; quotes alone stay raw', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'Big Plant' });
    db.createElement('Plant', { label: 'A,B' });
    db.createElement('Plant', { label: 'say"x"' });
    db.createElement('Plant', { label: 'q "x"' });
    expect(rows(exported(db, 'Plant'))).toEqual(['"Big Plant",,,,', '"A,B",,,,', 'say"x",,,,', '"q ""x""",,,,']);
  });

  it('a note with a line break is quoted across two physical lines', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01'], mw: [1], note: ['two\nlines'] });
    expect(exported(db, 'Plant', 'output')).toBe('sep=,\nid,date_time,mw,note\nP1,2023-05-01,1,"two\nlines"\n');
  });

  it('NULL kind is an empty field; owner_id is written as the owner label', () => {
    const db = fresh();
    db.createElement('Owner', { label: 'O1' });
    db.createElement('Plant', { label: 'P1', capacity: 5, date_built: '2024-03-01T00:00:00', owner_id: 'O1' });
    expect(rows(exported(db, 'Plant'))).toEqual(['P1,5,,2024-03-01T00:00:00,O1']);
  });

  it('enum labels: 2 → Wind, 3 has no label → 3', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1', kind: 2 });
    db.createElement('Plant', { label: 'P2', kind: 3 });
    expect(rows(exported(db, 'Plant', '', ENUMS))).toEqual(['P1,,Wind,,', 'P2,,3,,']);
    expect(rows(exported(db, 'Plant'))).toEqual(['P1,,2,,', 'P2,,3,,']);
  });

  it('enum labels are searched in every locale of the attribute', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1', kind: 1 });
    db.createElement('Plant', { label: 'P2', kind: 7 });
    const text = exported(db, 'Plant', '', { enumLabels: { kind: { en: { Hydro: 1 }, pt: { Eolica: 7 } } } });
    expect(rows(text)).toEqual(['P1,,Hydro,,', 'P2,,Eolica,,']);
  });

  it('date format %d/%m/%Y; unparseable stored dates are written as stored', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1', date_built: '2024-03-01T00:00:00' });
    db.createElement('Plant', { label: 'P2' });
    db.createElement('Plant', { label: 'P3', date_built: '2024-03-02 10:20:30' });
    db.createElement('Plant', { label: 'P4', date_built: '2024-01-15' });
    // Writes refuse such text now; a file written by other tools may still hold it.
    db.queryString("UPDATE Plant SET date_built = 'someday' WHERE label = 'P2'");
    expect(rows(exported(db, 'Plant', '', { dateTimeFormat: '%d/%m/%Y' }))).toEqual([
      'P1,,,01/03/2024,',
      'P2,,,someday,',
      'P3,,,02/03/2024,',
      'P4,,,2024-01-15,',
    ]);
  });

  it('the dimension column of a time series is formatted too', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2024-03-01T06:00:00'], mw: [1.5] });
    expect(rows(exported(db, 'Plant', 'output', { dateTimeFormat: '%Y/%m/%d %H' }))).toEqual(['P1,"2024/03/01 06",1.5,']);
  });

  it('export of output: header and a row with NULL note', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01'], mw: [1.5] });
    expect(exported(db, 'Plant', 'output')).toBe('sep=,\nid,date_time,mw,note\nP1,2023-05-01,1.5,\n');
  });

  it('time-series rows are ordered by element id, then by the dimension', () => {
    const db = fresh();
    const a = db.createElement('Plant', { label: 'A' });
    const b = db.createElement('Plant', { label: 'B' });
    db.updateTimeSeriesGroup('Plant', 'output', b, { date_time: ['2023-01-02', '2023-01-01'], mw: [4, 3] });
    db.updateTimeSeriesGroup('Plant', 'output', a, { date_time: ['2023-01-02', '2023-01-01'], mw: [2, 1] });
    expect(rows(exported(db, 'Plant', 'output'))).toEqual(['A,2023-01-01,1,', 'A,2023-01-02,2,', 'B,2023-01-01,3,', 'B,2023-01-02,4,']);
  });

  it('a multi-dimension group exports every column in declaration order', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-01-01', '2023-01-01'], segment: [2, 1], price: [20, null] });
    const text = exported(db, 'Plant', 'bids');
    expect(text.split('\n')[1]).toBe('id,date_time,segment,price');
    expect(rows(text).sort()).toEqual(['P1,2023-01-01,1,', 'P1,2023-01-01,2,20']);
  });

  it('vector costs: id, vector_index, cost in index order', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1', cost: [10.5, 20] });
    db.createElement('Plant', { label: 'P2', cost: [7] });
    expect(exported(db, 'Plant', 'costs')).toBe('sep=,\nid,vector_index,cost\nP1,1,10.5\nP1,2,20\nP2,1,7\n');
  });

  it('set zones: id, zone', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1', zone: ['north'] });
    db.createElement('Plant', { label: 'P2', zone: ['south', 'east'] });
    const text = exported(db, 'Plant', 'zones');
    expect(text.split('\n')[1]).toBe('id,zone');
    expect(rows(text)[0]).toBe('P1,north');
    expect(rows(text).slice(1).sort()).toEqual(['P2,east', 'P2,south']);
  });

  it('an unknown group', () => {
    const db = fresh();
    expectNative(() => db.exportCsv('Plant', 'nope', path.join(dir, 'x.csv')), "Cannot export_csv: group not found: 'nope' in collection 'Plant'");
  });

  it('an unknown collection', () => {
    const db = fresh();
    expectNative(() => db.exportCsv('Nope', '', path.join(dir, 'x.csv')), 'Cannot export_csv: collection not found: Nope');
  });

  it('a directory path cannot be opened; missing parent directories are created', () => {
    const db = fresh();
    const target = path.join(dir, 'adir');
    mkdirSync(target);
    expectNative(() => db.exportCsv('Plant', '', target), `Failed to export_csv: could not open file: ${target}`);
    const nested = path.join(dir, 'new', 'sub', 'x.csv');
    db.exportCsv('Plant', '', nested);
    expect(readFileSync(nested, 'utf8')).toBe('sep=,\nlabel,capacity,kind,date_built,owner_id\n');
  });

  it('an existing file is overwritten', () => {
    const db = fresh();
    const file = path.join(dir, 'old.csv');
    writeFileSync(file, 'old content that is much longer than the new file will be\n'.repeat(20));
    db.createElement('Plant', { label: 'P1' });
    db.exportCsv('Plant', '', file);
    expect(readFileSync(file, 'utf8')).toBe('sep=,\nlabel,capacity,kind,date_built,owner_id\nP1,,,,\n');
  });

  it("the database's own files are refused as destinations and stay intact", () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1', capacity: 5 });
    const dbFile = path.join(dir, 'db.sqlite');
    const size = statSync(dbFile).size;
    const cases: [string, string][] = [
      [dbFile, 'the database file'],
      [`${dbFile}-journal`, "the database's rollback journal"],
      [`${dbFile}-wal`, "the database's write-ahead log"],
      [`${dbFile}-shm`, "the database's shared-memory file"],
      [path.join(dir, 'quiver_database.log'), "the database's log file"],
      [path.join(dir, '.', 'sub', '..', 'db.sqlite'), 'the database file'],
    ];
    mkdirSync(path.join(dir, 'sub'));
    for (const [target, what] of cases) expectNative(() => db.exportCsv('Plant', '', target), `Cannot export_csv: ${target} is ${what}`);
    const link = path.join(dir, 'link.csv');
    symlinkSync(dbFile, link);
    expectNative(() => db.exportCsv('Plant', '', link), `Cannot export_csv: ${link} is the database file`);
    const hard = path.join(dir, 'hard.csv');
    linkSync(dbFile, hard);
    expectNative(() => db.exportCsv('Plant', '', hard), `Cannot export_csv: ${hard} is the database file`);
    expect(statSync(dbFile).size).toBe(size);
    expect(db.readScalarFloats('Plant', 'capacity')).toEqual([5]);
    expect(existsSync(`${dbFile}-journal`)).toBe(false);
  });

  it('a write error is reported (/dev/full), not a silent success', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1' });
    expectNative(() => db.exportCsv('Plant', '', '/dev/full'), 'Failed to export_csv: could not write file: /dev/full: No space left on device');
  });

  it('an export that fails midway leaves the previous file whole and no temporary file behind', () => {
    // Not STRICT, so a BLOB can sit in a column and stop the export when its row is reached.
    const db = fresh(`CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL);
CREATE TABLE Item (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, note TEXT);`);
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) db.createElement('Item', { label: `item number ${i}`, note: 'some text to fill the file' });
    });
    const file = path.join(dir, 'items.csv');
    writeFileSync(file, 'previous export\n');
    chmodSync(file, 0o640);
    db.queryString("UPDATE Item SET note = x'00' WHERE label = 'item number 2999'");
    expectNative(() => db.exportCsv('Item', '', file), 'Failed to execute statement: BLOB type not supported');
    expect(readFileSync(file, 'utf8')).toBe('previous export\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    db.queryString("UPDATE Item SET note = 'fixed' WHERE label = 'item number 2999'");
    db.exportCsv('Item', '', file);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3003);
    expect(statSync(file).mode & 0o777).toBe(0o640); // a replaced file keeps its permissions
  });

  it('a symbolic link to a CSV file is followed: the linked file is replaced, the link stays', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'P1' });
    const real = path.join(dir, 'real.csv');
    writeFileSync(real, 'old\n');
    const link = path.join(dir, 'via-link.csv');
    symlinkSync(real, link);
    db.exportCsv('Plant', '', link);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('sep=,\nlabel,capacity,kind,date_built,owner_id\nP1,,,,\n');
  });

  it('a self reference is written as the label; lines end with LF only', () => {
    const db = fresh(SELF_FK_SCHEMA);
    db.createElement('Node', { label: 'root' });
    db.createElement('Node', { label: 'leaf', parent_id: 'root' });
    const text = exported(db, 'Node');
    expect(text).toBe('sep=,\nlabel,parent_id\nroot,\nleaf,root\n');
    expect(text.includes('\r')).toBe(false);
  });

  it('bad options are refused before C', () => {
    const db = fresh();
    const file = path.join(dir, 'x.csv');
    expect(() => db.exportCsv('Plant', '', file, { dateTimeFormat: 5 as never })).toThrow('exportCsv: dateTimeFormat must be a string');
    expect(() => db.exportCsv('Plant', '', file, { enumLabels: { kind: { en: { Hydro: 1.5 } } } })).toThrow(QuiverError);
  });
});
