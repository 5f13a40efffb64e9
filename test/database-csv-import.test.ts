// CSV import: all-or-nothing replacement of a collection's scalars or one group,
// checks with exact messages, labels for relations and enums, dates, and export → import round trips.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, type CsvOptions } from '../lib/index.js';
import { databaseFixture, expectNative, PLANT_SCHEMA } from './helpers.js';

// Self-referencing relation: a row may name a parent that comes later in the file.
const SELF_FK_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Plant (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, parent_id INTEGER,
  FOREIGN KEY (parent_id) REFERENCES Plant(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
`;

const HEADER = 'label,capacity,kind,date_built,owner_id';
const ENUMS = { enumLabels: { kind: { en: { Hydro: 1, Wind: 2 } } } };

const databases = databaseFixture(PLANT_SCHEMA);
let dir = '';
function fresh(schema?: string): Database {
  const db = databases.open(schema);
  dir = databases.dir();
  return db;
}

let fileNo = 0;
/** Writes `text` to a new file (string or raw bytes) and returns its path. */
function csvFile(text: string | Buffer): string {
  const file = path.join(dir, `in-${++fileNo}.csv`);
  writeFileSync(file, text);
  return file;
}

/** Every row of every Plant-side table, as JSON text (to prove a failed import changed nothing). */
function snapshot(db: Database): string {
  const tables: [string, string][] = [
    ['Owner', 'id, label'],
    ['Plant', 'id, label, capacity, kind, date_built, owner_id'],
    ['Plant_time_series_output', 'id, date_time, mw, note'],
    ['Plant_time_series_bids', 'id, date_time, segment, price'],
    ['Plant_vector_costs', 'id, vector_index, cost'],
    ['Plant_set_zones', 'id, zone'],
  ];
  return tables
    .map(([t, cols]) => db.queryString(`SELECT json_group_array(json_array(${cols})) FROM (SELECT * FROM ${t} ORDER BY ${cols})`))
    .join('\n');
}

/** Owners O1, O2 and plants P1 (with every group filled) and P2. */
function populate(db: Database): { p1: number; p2: number } {
  db.createElement('Owner', { label: 'O1' });
  db.createElement('Owner', { label: 'O2' });
  const p1 = db.createElement('Plant', { label: 'P1', capacity: 5.5, kind: 1, date_built: '2024-03-01T00:00:00', owner_id: 'O1', cost: [1.5, 2.5], zone: ['north'] });
  const p2 = db.createElement('Plant', { label: 'P2', capacity: 7, owner_id: 'O2' });
  db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01T00:00:00', '2023-05-02T00:00:00'], mw: [1.5, null], note: ['a', null] });
  db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-05-01T00:00:00', '2023-05-01T00:00:00'], segment: [1, 2], price: [10, 20] });
  return { p1, p2 };
}

/** importCsv must fail with `message` and leave the database as it was. */
function expectRejected(db: Database, group: string, text: string | Buffer, message: string, options?: CsvOptions): void {
  const before = snapshot(db);
  expectNative(() => db.importCsv('Plant', group, csvFile(text), options), message);
  expect(snapshot(db)).toBe(before);
}

function plantRows(db: Database): string | null {
  return db.queryString(
    "SELECT group_concat(label || ':' || ifnull(capacity, '-') || ':' || ifnull(kind, '-') || ':' || ifnull(date_built, '-') || ':' || ifnull(owner_id, '-'), ' ') FROM (SELECT * FROM Plant ORDER BY id)",
  );
}

describe('importCsv: scalars', () => {
  it('importing the header-only export empties a populated Plant', () => {
    const db = fresh();
    populate(db);
    const file = csvFile(`sep=,\n${HEADER}\n`);
    db.importCsv('Plant', '', file);
    expect(db.queryInteger('SELECT COUNT(*) FROM Plant')).toBe(0);
    expect(db.queryInteger('SELECT COUNT(*) FROM Owner')).toBe(2);
  });

  it('refuses a header without a label column', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', 'sep=,\nname,capacity,kind,date_built,owner_id\nX,1,,,\n', "Cannot import_csv: CSV file does not contain a 'label' column.");
  });

  it('refuses a header with an extra column', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', `sep=,\n${HEADER},extra\nX,1,,,,e\n`, 'Cannot import_csv: The number of columns in the CSV file does not match the number of columns in the database.');
  });

  it('missing columns', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', 'sep=,\nlabel,capacity\nX,1\n', 'Cannot import_csv: The number of columns in the CSV file does not match the number of columns in the database.');
  });

  it('refuses a header whose column names differ from the table (capacity renamed cap)', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', 'sep=,\nlabel,cap,kind,date_built,owner_id\nX,1,,,\n', 'Cannot import_csv: The columns in the CSV file do not match the columns in the database.');
  });

  it('refuses a row with fewer fields than the header, naming the row', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', `sep=,\n${HEADER}\nX,1,,,\nY,1,,\n`, 'Cannot import_csv: Row 2 has 4 columns, but the header has 5.');
  });

  it('refuses text in an INTEGER column when no enum labels are given', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', `sep=,\n${HEADER}\nX,1,lots,,\n`, "Cannot import_csv: Invalid integer value 'lots' for column 'kind' in row 1.");
  });

  it('stores an enum label as its integer value (any case), and plain integers as they are', () => {
    const db = fresh();
    db.importCsv('Plant', '', csvFile(`sep=,\n${HEADER}\nX,1,wind,,\nY,2,HYDRO,,\nZ,3,2,,\n`), ENUMS);
    expect(plantRows(db)).toBe('X:1.0:2:-:- Y:2.0:1:-:- Z:3.0:2:-:-');
  });

  it('refuses a label that is not among the enum labels', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', `sep=,\n${HEADER}\nX,1,Solar,,\n`, "Cannot import_csv: Invalid enum value 'Solar' for column 'kind' in row 1.", ENUMS);
  });

  it('refuses a float cell that is not a number', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', `sep=,\n${HEADER}\nX,abc,,,\n`, "Cannot import_csv: Invalid float value 'abc' for column 'capacity' in row 1.");
  });

  it('refuses a foreign-key label with no element behind it', () => {
    const db = fresh();
    populate(db);
    expectRejected(
      db,
      '',
      `sep=,\n${HEADER}\nX,1,,,Ghost\n`,
      'Cannot import_csv: Could not find an existing element from collection Owner with label Ghost.\nCreate the element before referencing it.',
    );
  });

  it('a space-separated date is normalised; yesterday is refused', () => {
    const db = fresh();
    db.importCsv('Plant', '', csvFile(`sep=,\n${HEADER}\nX,,,2024-03-01 08:00:00,\n`));
    expect(db.queryString('SELECT date_built FROM Plant')).toBe('2024-03-01T08:00:00');
    expectRejected(
      db,
      '',
      `sep=,\n${HEADER}\nX,,,yesterday,\n`,
      'Cannot import_csv: Timestamp yesterday is not valid. Please provide a valid timestamp with format %Y-%m-%dT%H:%M:%S.',
    );
  });

  it('format %d/%m/%Y reads 01/03/2024 as 2024-03-01T00:00:00', () => {
    const db = fresh();
    db.importCsv('Plant', '', csvFile(`sep=,\n${HEADER}\nX,,,01/03/2024,\n`), { dateTimeFormat: '%d/%m/%Y' });
    expect(db.queryString('SELECT date_built FROM Plant')).toBe('2024-03-01T00:00:00');
    expectRejected(
      db,
      '',
      `sep=,\n${HEADER}\nX,,,2024-03-01T00:00:00,\n`,
      'Cannot import_csv: Timestamp 2024-03-01T00:00:00 is not valid. Please provide a valid timestamp with format %d/%m/%Y.',
      { dateTimeFormat: '%d/%m/%Y' },
    );
  });

  it('a sep=; file with ; separators gives the same result as the comma file', () => {
    const a = fresh();
    a.createElement('Owner', { label: 'O1' });
    a.importCsv('Plant', '', csvFile(`sep=,\n${HEADER}\nX,1.5,2,2024-03-01T00:00:00,O1\n`));
    const b = fresh();
    b.createElement('Owner', { label: 'O1' });
    b.importCsv('Plant', '', csvFile(`sep=;\n${HEADER.replaceAll(',', ';')}\nX;1.5;2;2024-03-01T00:00:00;O1\n`));
    expect(plantRows(b)).toBe(plantRows(a));
    expect(plantRows(b)).toBe('X:1.5:2:2024-03-01T00:00:00:1');
  });

  it('a trailing comma on the header (and rows) is accepted', () => {
    const db = fresh();
    db.importCsv('Plant', '', csvFile(`sep=,\n${HEADER},\nX,1,,,,\n`));
    expect(plantRows(db)).toBe('X:1.0:-:-:-');
  });

  it('duplicate labels fail and keep the previous rows', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', `sep=,\n${HEADER}\nP1,1,,,\nP1,2,,,\n`, 'Cannot import_csv: There are duplicate entries in the CSV file.');
  });

  it('importing inside a transaction', () => {
    const db = fresh();
    db.beginTransaction();
    expectNative(() => db.importCsv('Plant', '', csvFile(`sep=,\n${HEADER}\n`)), 'Cannot import_csv: transaction already active');
    db.rollback();
  });

  it('re-import after export keeps the ids of existing labels; new labels get new ids', () => {
    const db = fresh();
    const { p1, p2 } = populate(db);
    const file = path.join(dir, 'plants.csv');
    db.exportCsv('Plant', '', file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('P1,', 'P3,') + 'P1,9,,,\n');
    db.importCsv('Plant', '', file);
    expect(db.queryInteger("SELECT id FROM Plant WHERE label = 'P1'")).toBe(p1);
    expect(db.queryInteger("SELECT id FROM Plant WHERE label = 'P2'")).toBe(p2);
    expect(db.queryInteger("SELECT id FROM Plant WHERE label = 'P3'")).not.toBe(p1);
    expect(db.queryFloat("SELECT capacity FROM Plant WHERE label = 'P1'")).toBe(9);
  });

  it('a self reference to a later row', () => {
    const db = fresh(SELF_FK_SCHEMA);
    db.importCsv('Plant', '', csvFile('sep=,\nlabel,parent_id\nB,A\nA,\n'));
    const a = db.queryInteger("SELECT id FROM Plant WHERE label = 'A'");
    expect(db.queryInteger("SELECT parent_id FROM Plant WHERE label = 'B'")).toBe(a);
    expect(db.queryInteger("SELECT parent_id FROM Plant WHERE label = 'A'")).toBeNull();
  });

  it('an unknown self reference names the collection and leaves the table as it was', () => {
    const db = fresh(SELF_FK_SCHEMA);
    db.createElement('Plant', { label: 'keep' });
    expectNative(
      () => db.importCsv('Plant', '', csvFile('sep=,\nlabel,parent_id\nB,Nobody\n')),
      'Cannot import_csv: Could not find an existing element from collection Plant with label Nobody.\nCreate the element before referencing it.',
    );
    expect(db.queryString('SELECT group_concat(label) FROM Plant')).toBe('keep');
  });

  it('an empty cell in label (NOT NULL)', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', `sep=,\n${HEADER}\n,1,,,\n`, 'Cannot import_csv: Column label cannot be NULL.');
  });

  it('columns in any order; quoted fields with commas, quotes and line breaks; cells trimmed', () => {
    const db = fresh();
    db.createElement('Owner', { label: 'O1' });
    db.importCsv('Plant', '', csvFile('sep=,\nowner_id,date_built,kind,capacity,label\n O1 , , 3 , 2.5 ,"A, ""big""\nplant"\n'));
    expect(db.queryString('SELECT label FROM Plant')).toBe('A, "big"\nplant');
    expect(plantRows(db)).toBe('A, "big"\nplant:2.5:3:-:1');
  });

  it('a file without the sep= line, using ; only, is read as ;-separated', () => {
    const db = fresh();
    db.importCsv('Plant', '', csvFile(`${HEADER.replaceAll(',', ';')}\nX;1.5;;;\n`));
    expect(plantRows(db)).toBe('X:1.5:-:-:-');
  });

  it('CRLF line endings are accepted', () => {
    const db = fresh();
    db.createElement('Owner', { label: 'O1' });
    db.importCsv('Plant', '', csvFile(`sep=,\r\n${HEADER}\r\nX,1.5,2,2024-03-01T00:00:00,O1\r\nY,,,,\r\n`));
    expect(plantRows(db)).toBe('X:1.5:2:2024-03-01T00:00:00:1 Y:-:-:-:-');
  });

  it('a UTF-8 byte order mark before the header is skipped', () => {
    const db = fresh();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    db.importCsv('Plant', '', csvFile(Buffer.concat([bom, Buffer.from(`${HEADER}\nX,1,,,\n`)])));
    expect(plantRows(db)).toBe('X:1.0:-:-:-');
  });

  it('a BOM before sep= hides the sep line (the file must start with sep=): refused, nothing changes', () => {
    const db = fresh();
    populate(db);
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expectRejected(db, '', Buffer.concat([bom, Buffer.from(`sep=,\n${HEADER}\nY,2,,,\n`)]), "Cannot import_csv: CSV file does not contain a 'label' column.");
  });

  it('a subnormal float (5e-324) reads back exactly, as export writes it', () => {
    const db = fresh();
    db.importCsv('Plant', '', csvFile(`sep=,\n${HEADER}\nX,5e-324,,,\n`));
    expect(db.readScalarFloats('Plant', 'capacity')).toEqual([5e-324]);
  });

  it('numbers are read from the whole cell: a trailing text is an error naming the row and column', () => {
    const db = fresh();
    populate(db);
    const cases: [string, string][] = [
      [`X,1,12abc,,`, "Invalid integer value '12abc' for column 'kind' in row 2."],
      [`X,3.5xyz,,,`, "Invalid float value '3.5xyz' for column 'capacity' in row 2."],
      [`X,7 years,,,`, "Invalid float value '7 years' for column 'capacity' in row 2."],
      [`X,0.1%,,,`, "Invalid float value '0.1%' for column 'capacity' in row 2."],
      [`X,2030-01-01,,,`, "Invalid float value '2030-01-01' for column 'capacity' in row 2."],
      [`X,0x10,,,`, "Invalid float value '0x10' for column 'capacity' in row 2."],
      [`X,1,1e3,,`, "Invalid integer value '1e3' for column 'kind' in row 2."],
      [`X,1,2.0,,`, "Invalid integer value '2.0' for column 'kind' in row 2."],
      [`X,1,99999999999999999999,,`, "Invalid integer value '99999999999999999999' for column 'kind' in row 2."],
      [`X,1e999,,,`, "Invalid float value '1e999' for column 'capacity' in row 2."],
      [`X,nan,,,`, "Invalid float value 'nan' for column 'capacity' in row 2."],
      [`X,NaN,,,`, "Invalid float value 'NaN' for column 'capacity' in row 2."],
    ];
    for (const [row, message] of cases) {
      expectRejected(db, '', `sep=,\n${HEADER}\nA,1,,,\n${row}\n`, `Cannot import_csv: ${message}`);
    }
  });

  it('whole numbers with a sign, decimals, exponents and infinities are accepted', () => {
    const db = fresh();
    db.importCsv('Plant', '', csvFile(`sep=,\n${HEADER}\nA,1.5e3,+7,,\nB,-inf,-3,,\nC,+.5,007,,\nD,Infinity,,,\n`));
    expect(plantRows(db)).toBe('A:1500.0:7:-:- B:-Inf:-3:-:- C:0.5:7:-:- D:Inf:-:-:-');
    expect(db.readScalarFloats('Plant', 'capacity')).toEqual([1500, -Infinity, 0.5, Infinity]);
  });

  it('an infinite REAL exports as inf and imports back', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'A', capacity: Infinity });
    db.createElement('Plant', { label: 'B', capacity: -Infinity });
    const file = path.join(dir, 'inf.csv');
    db.exportCsv('Plant', '', file);
    expect(readFileSync(file, 'utf8')).toContain('A,inf,');
    db.importCsv('Plant', '', file);
    expect(db.readScalarFloats('Plant', 'capacity')).toEqual([Infinity, -Infinity]);
  });

  it('a cell holding a NUL character is refused, naming the row and column', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', Buffer.from(`sep=,\n${HEADER}\nA,1,,,\nB\0x,1,,,\n`), "Cannot import_csv: Text for column 'label' in row 2 contains a NUL character.");
  });

  it('a date that does not exist (February 30) is refused', () => {
    const db = fresh();
    populate(db);
    expectRejected(
      db,
      '',
      `sep=,\n${HEADER}\nX,1,,2024-02-30T00:00:00,\n`,
      'Cannot import_csv: Timestamp 2024-02-30T00:00:00 is not valid. Please provide a valid timestamp with format %Y-%m-%dT%H:%M:%S.',
    );
  });
});

describe('importCsv: groups', () => {
  it('refuses a group row whose id label is not an element of the collection', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, 'output', 'sep=,\nid,date_time,mw,note\nGhost,2023-01-01T00:00:00,1,\n', 'Cannot import_csv: Element with id Ghost does not exist in collection Plant.');
  });

  it('refuses vector indices that are not consecutive from 1', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, 'costs', 'sep=,\nid,vector_index,cost\nP2,1,5\nP2,3,6\n', 'Cannot import_csv: Column vector_index must be consecutive, unique and start at 1.');
  });

  it('refuses an empty cell in a NOT NULL set column', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, 'zones', 'sep=,\nid,zone\nP2,\n', 'Cannot import_csv: Column zone cannot be NULL.');
  });

  it('a time-series import replaces the group rows of every element', () => {
    const db = fresh();
    const { p1, p2 } = populate(db);
    db.importCsv('Plant', 'output', csvFile('sep=,\nid,date_time,mw,note\nP2,2023-06-02 00:00:00,2.5,x\nP2,2023-06-01T00:00:00,,\n'));
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({});
    expect(db.readTimeSeriesGroup('Plant', 'output', p2)).toEqual({
      date_time: ['2023-06-01T00:00:00', '2023-06-02T00:00:00'],
      mw: [null, 2.5],
      note: [null, 'x'],
    });
  });

  it('a time-series import with an unparseable dimension date fails and changes nothing', () => {
    const db = fresh();
    populate(db);
    expectRejected(
      db,
      'output',
      'sep=,\nid,date_time,mw,note\nP2,2023-13-45,1,\n',
      'Cannot import_csv: Timestamp 2023-13-45 is not valid. Please provide a valid timestamp with format %Y-%m-%dT%H:%M:%S.',
    );
  });

  it('a group file with a missing column, and an unknown group', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, 'output', 'sep=,\nid,date_time,mw\nP1,2023-01-01T00:00:00,1\n', 'Cannot import_csv: The number of columns in the CSV file does not match the number of columns in the database.');
    expectRejected(db, 'nope', 'sep=,\nid\n', "Cannot import_csv: group not found: 'nope' in collection 'Plant'");
  });

  it('duplicate (id, date_time, segment) keys in a multi-dimension group', () => {
    const db = fresh();
    populate(db);
    expectRejected(
      db,
      'bids',
      'sep=,\nid,date_time,segment,price\nP1,2023-01-01T00:00:00,1,5\nP1,2023-01-01T00:00:00,1,6\n',
      'Cannot import_csv: There are duplicate entries in the CSV file.',
    );
  });

  it('a malformed number in a group names its row and column and changes nothing', () => {
    const db = fresh();
    populate(db);
    expectRejected(
      db,
      'output',
      'sep=,\nid,date_time,mw,note\nP2,2023-01-01T00:00:00,1,\nP2,2023-01-02T00:00:00,2.5MW,\n',
      "Cannot import_csv: Invalid float value '2.5MW' for column 'mw' in row 2.",
    );
    expectRejected(
      db,
      'bids',
      'sep=,\nid,date_time,segment,price\nP2,2023-01-01T00:00:00,1x,5\n',
      "Cannot import_csv: Invalid integer value '1x' for column 'segment' in row 1.",
    );
    expectRejected(db, 'costs', 'sep=,\nid,vector_index,cost\nP2,1abc,5\n', 'Cannot import_csv: Column vector_index must be consecutive, unique and start at 1.');
  });
});

// Foreign keys stay enforced during an import (Quiver 0.10 switches them off and leaves
// references to dropped elements dangling).
const FK_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Bus (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, kv REAL) STRICT;
CREATE TABLE Plant (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, capacity REAL,
  bus_id INTEGER REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
CREATE TABLE Plant_vector_costs (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, cost REAL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Plant_set_zones (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  zone TEXT NOT NULL, UNIQUE (id, zone)) STRICT;
CREATE TABLE Plant_time_series_output (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, mw REAL, PRIMARY KEY (id, date_time)) STRICT;
CREATE TABLE Plant_time_series_dispatch (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, bus_id INTEGER REFERENCES Bus(id), PRIMARY KEY (id, date_time)) STRICT;
CREATE TABLE Meter (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL,
  plant_id INTEGER REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE) STRICT;
`;

describe('importCsv: foreign keys', () => {
  function fkDb(): Database {
    const db = fresh(FK_SCHEMA);
    db.createElement('Bus', { label: 'B1', kv: 230 });
    db.createElement('Bus', { label: 'B2', kv: 69 });
    const p1 = db.createElement('Plant', { label: 'P1', capacity: 10, bus_id: 'B1', cost: [1, 2], zone: ['n'] });
    const p2 = db.createElement('Plant', { label: 'P2', capacity: 20, bus_id: 'B2', cost: [3], zone: ['s'] });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2030-01-01T00:00:00'], mw: [1] });
    db.updateTimeSeriesGroup('Plant', 'output', p2, { date_time: ['2030-01-01T00:00:00'], mw: [2] });
    db.createElement('Meter', { label: 'M1', plant_id: 'P1' });
    return db;
  }
  const count = (db: Database, table: string): number => db.queryInteger(`SELECT COUNT(*) FROM ${table}`)!;
  const orphans = (db: Database): number =>
    db.queryInteger(
      `SELECT (SELECT COUNT(*) FROM Plant_vector_costs WHERE id NOT IN (SELECT id FROM Plant))
            + (SELECT COUNT(*) FROM Plant_set_zones WHERE id NOT IN (SELECT id FROM Plant))
            + (SELECT COUNT(*) FROM Plant_time_series_output WHERE id NOT IN (SELECT id FROM Plant))
            + (SELECT COUNT(*) FROM Plant WHERE bus_id IS NOT NULL AND bus_id NOT IN (SELECT id FROM Bus))`,
    )!;

  it('replacing Bus keeps the ids of kept buses and applies ON DELETE SET NULL to plants of a dropped one', () => {
    const db = fkDb();
    db.importCsv('Bus', '', csvFile('sep=,\nlabel,kv\nB2,70\nB3,11\n'));
    expect(db.queryString("SELECT group_concat(id || ':' || label || ':' || kv, ' ') FROM (SELECT * FROM Bus ORDER BY id)")).toBe('2:B2:70.0 3:B3:11.0');
    expect(db.queryString("SELECT group_concat(label || ':' || ifnull(bus_id, '-'), ' ') FROM (SELECT * FROM Plant ORDER BY id)")).toBe('P1:- P2:2');
    expect(orphans(db)).toBe(0);
    expect(db.queryString('PRAGMA foreign_key_check')).toBeNull();
  });

  it('a header-only Plant file deletes the plants with their vector, set and time-series rows', () => {
    const db = fkDb();
    db.importCsv('Plant', '', csvFile('sep=,\nlabel,capacity,bus_id\n'));
    expect(count(db, 'Plant')).toBe(0);
    for (const t of ['Plant_vector_costs', 'Plant_set_zones', 'Plant_time_series_output', 'Meter']) expect(count(db, t)).toBe(0);
    expect(db.queryString('PRAGMA foreign_key_check')).toBeNull();
  });

  it('kept plants keep their groups; a dropped plant takes its groups and cascading rows with it', () => {
    const db = fkDb();
    db.importCsv('Plant', '', csvFile('sep=,\nlabel,capacity,bus_id\nP2,25,B1\nP9,1,\n'));
    expect(db.queryString("SELECT group_concat(id || ':' || label || ':' || capacity || ':' || ifnull(bus_id, '-'), ' ') FROM (SELECT * FROM Plant ORDER BY id)")).toBe(
      '2:P2:25.0:1 3:P9:1.0:-',
    );
    expect(db.readVectorFloatsById('Plant', 'cost', 2)).toEqual([3]);
    expect(db.readSetStringsById('Plant', 'zone', 2)).toEqual(['s']);
    expect(count(db, 'Plant_time_series_output')).toBe(1);
    expect(count(db, 'Meter')).toBe(0); // M1 referenced P1 with ON DELETE CASCADE
    expect(orphans(db)).toBe(0);
  });

  it('an import that would break a foreign key without delete action fails and changes nothing', () => {
    const db = fkDb();
    db.upsertTimeSeriesRow('Plant', 'dispatch', 2, { date_time: '2030-01-01T00:00:00', bus_id: 1 });
    const state = () => `${db.queryString('SELECT json_group_array(json_array(id, label, kv)) FROM Bus')} ${db.queryString('SELECT json_group_array(bus_id) FROM Plant')}`;
    const before = state();
    expectNative(
      () => db.importCsv('Bus', '', csvFile('sep=,\nlabel,kv\nB2,70\n')),
      'Cannot import_csv: Element B1 is not in the CSV file but Plant_time_series_dispatch.bus_id still references it, and its foreign key does not allow deleting it.',
    );
    expect(state()).toBe(before);
  });

  it('a self reference to a dropped element is refused; one between kept elements survives reordering', () => {
    const db = fresh(SELF_FK_SCHEMA);
    db.importCsv('Plant', '', csvFile('sep=,\nlabel,parent_id\nA,\nB,A\nC,B\n'));
    expectNative(
      () => db.importCsv('Plant', '', csvFile('sep=,\nlabel,parent_id\nB,A\nC,B\n')),
      'Cannot import_csv: Could not find an existing element from collection Plant with label A.\nCreate the element before referencing it.',
    );
    db.importCsv('Plant', '', csvFile('sep=,\nlabel,parent_id\nC,\nB,C\n'));
    expect(db.queryString("SELECT group_concat(id || ':' || label || ':' || ifnull(parent_id, '-'), ' ') FROM (SELECT * FROM Plant ORDER BY id)")).toBe('2:B:3 3:C:-');
  });

  it('foreign keys switched off by a query are enforced during an import and stay off afterwards', () => {
    const db = fkDb();
    db.queryInteger('PRAGMA foreign_keys = OFF');
    db.importCsv('Plant', '', csvFile('sep=,\nlabel,capacity,bus_id\n'));
    expect(count(db, 'Plant_vector_costs')).toBe(0);
    expect(db.queryInteger('PRAGMA foreign_keys')).toBe(0);
  });

  it('duplicate labels are refused before anything is written', () => {
    const db = fkDb();
    const before = db.queryString("SELECT json_group_array(json_array(id, label, kv)) FROM Bus");
    expectNative(() => db.importCsv('Bus', '', csvFile('sep=,\nlabel,kv\nB1,1\nB1,2\n')), 'Cannot import_csv: There are duplicate entries in the CSV file.');
    expect(db.queryString("SELECT json_group_array(json_array(id, label, kv)) FROM Bus")).toBe(before);
  });
});

describe('importCsv: files and options', () => {
  it('a missing path and an empty file', () => {
    const db = fresh();
    populate(db);
    const missing = path.join(dir, 'nowhere', 'missing.csv');
    expectNative(() => db.importCsv('Plant', '', missing), `Cannot import_csv: could not open file: ${missing}`);
    expectRejected(db, '', '', 'Cannot import_csv: CSV file is empty.');
  });

  it('unknown collection', () => {
    const db = fresh();
    expectNative(() => db.importCsv('Nope', '', csvFile('sep=,\nlabel\n')), 'Cannot import_csv: collection not found: Nope');
  });

  it('a file with only the sep= line counts as empty', () => {
    const db = fresh();
    populate(db);
    expectRejected(db, '', 'sep=,\n', 'Cannot import_csv: CSV file is empty.');
  });
});

describe('export → import round trip', () => {
  it('scalars and every group come back identical: floats exactly, NULLs, FK labels, enums, dates', () => {
    const db = fresh();
    const { p1 } = populate(db);
    const p3 = db.createElement('Plant', { label: 'Big, "quoted"\nname', capacity: 0.1 + 0.2, kind: 2, date_built: '1999-12-31T23:59:59' });
    db.createElement('Plant', { label: 'tiny', capacity: 1e-300 });
    db.createElement('Plant', { label: 'precise', capacity: 123456789.123456789 });
    db.updateTimeSeriesGroup('Plant', 'output', p3, { date_time: ['2023-01-01T00:00:00'], mw: [Math.PI], note: ['comma, space and\nline'] });
    db.updateTimeSeriesGroup('Plant', 'bids', p3, { date_time: ['2023-01-01T00:00:00'], segment: [7], price: [Number.MAX_VALUE] });
    db.createElement('Plant', { label: 'P5', cost: [2.2250738585072014e-308, -1.5], zone: ['south', 'east'] });
    void p1;
    const before = snapshot(db);
    const options = { ...ENUMS, dateTimeFormat: '%Y-%m-%d %H:%M:%S' };
    const files: Record<string, string> = {};
    for (const g of ['', 'output', 'bids', 'costs', 'zones']) {
      files[g] = path.join(dir, `rt-${g || 'scalars'}.csv`);
      db.exportCsv('Plant', g, files[g]!, options);
    }
    expect(readFileSync(files['']!, 'utf8')).toContain('P1,5.5,Hydro,"2024-03-01 00:00:00",O1\n');
    // Scramble the data, then restore it from the files (groups after scalars: they reference labels).
    db.queryInteger('DELETE FROM Plant_time_series_output');
    db.queryInteger('UPDATE Plant SET capacity = 0, kind = NULL');
    db.updateTimeSeriesGroup('Plant', 'bids', p3, {});
    for (const g of ['', 'output', 'bids', 'costs', 'zones']) db.importCsv('Plant', g, files[g]!, options);
    expect(snapshot(db)).toBe(before);
    expect(db.queryFloat("SELECT capacity FROM Plant WHERE label = 'precise'")).toBe(123456789.123456789);
    expect(db.queryFloat("SELECT capacity FROM Plant WHERE label = 'tiny'")).toBe(1e-300);
  });
});
