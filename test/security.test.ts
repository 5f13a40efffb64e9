// Caller-supplied identifiers (collections, attributes, groups, CSV groups, element and column keys)
// are looked up in the schema model before any SQL is built from them: hostile names are plain
// "not found" errors and change nothing. Values always travel as bound parameters. Strings that
// are not valid UTF-16 must not crash, and non-string arguments are rejected before C.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Database, LogLevel, QuiverError, liveAllocations } from '../lib/index.js';
import { tmpDir, writeFarmSchema, expectNative } from './helpers.js';

const dir = tmpDir();
const db = Database.fromSchema(path.join(dir, 'sec.db'), writeFarmSchema(dir), { consoleLevel: LogLevel.Off });
const csvOut = path.join(dir, 'out.csv');
const csvIn = path.join(dir, 'farm.csv');

const f1 = db.createElement('Farm', { label: 'F1', hectares: 3, crop: ['wheat'], crop_yield: [1.5], harvest_count: [2] });
db.createElement('Barn', { label: 'B1', farm_id: f1, farm_link: [f1] });
db.upsertTimeSeriesRow('Farm', 'weather', f1, { date_time: '2020-01-01T00:00:00', rain: 1 });
db.exportCsv('Farm', '', csvIn);

afterAll(() => {
  db.close();
  expect(liveAllocations()).toBe(0);
});

const TABLES = [
  'Configuration',
  'Farm',
  'Farm_vector_yields',
  'Farm_set_crops',
  'Barn',
  'Barn_vector_neighbors',
  'Barn_set_links',
  'Farm_time_series_weather',
];

/** The whole database as text: schema of every object plus every row of every table. */
function snapshot(): string {
  const schema = db.queryString("SELECT group_concat(type || ' ' || name || ' ' || ifnull(sql, ''), char(10)) FROM sqlite_master");
  const rows = TABLES.map((t) => `${t}: ${db.queryString(`SELECT json_group_array(json_array(*)) FROM (SELECT * FROM ${t})`)}`);
  return [schema, ...rows].join('\n');
}

const baseline = snapshot();

beforeEach(() => {
  // A failed call inside a test must not leak into the next one.
  expect(snapshot()).toBe(baseline);
});

const HOSTILE = [
  'x; DROP TABLE Configuration',
  'Farm"; DROP TABLE Farm; --',
  "Farm'; DROP TABLE Farm; --",
  'Farm WHERE 1=1',
  'label FROM Farm; DROP TABLE Farm; --',
  '"Farm"',
  '[Farm]',
  '`Farm`',
  'farm',
  ' Farm',
  'Farm ',
  '',
  '*',
  'rowid',
  'sqlite_master',
  'Färm',
  'Ｆａｒｍ', // full-width letters
  'Farm\u200B', // zero-width space
  '农场',
  '🚜',
];

type Call = (name: string) => unknown;

/** Calls taking a collection name. */
const COLLECTION_CALLS: Record<string, Call> = {
  readVectorsById: (c) => db.readVectorsById(c, 1),
  readSetsById: (c) => db.readSetsById(c, 1),
  createElement: (c) => db.createElement(c, { label: 'zz' }),
  updateElement: (c) => db.updateElement(c, 1, { label: 'zz' }),
  deleteElement: (c) => db.deleteElement(c, 1),
  readElementIds: (c) => db.readElementIds(c),
  numberOfElements: (c) => db.numberOfElements(c),
  readScalarIntegers: (c) => db.readScalarIntegers(c, 'id'),
  readScalarFloats: (c) => db.readScalarFloats(c, 'area'),
  readScalarStrings: (c) => db.readScalarStrings(c, 'label'),
  readScalarIntegerById: (c) => db.readScalarIntegerById(c, 'id', 1),
  readScalarsById: (c) => db.readScalarsById(c, 1),
  readVectorIntegers: (c) => db.readVectorIntegers(c, 'harvest_count'),
  readSetStringsById: (c) => db.readSetStringsById(c, 'crop', 1),
  readVectorGroupById: (c) => db.readVectorGroupById(c, 'yields', 1),
  readSetGroupById: (c) => db.readSetGroupById(c, 'crops', 1),
  updateVectorGroup: (c) => db.updateVectorGroup(c, 'yields', 1, {}),
  updateSetGroup: (c) => db.updateSetGroup(c, 'crops', 1, {}),
  getScalarMetadata: (c) => db.getScalarMetadata(c, 'label'),
  getVectorMetadata: (c) => db.getVectorMetadata(c, 'yields'),
  getSetMetadata: (c) => db.getSetMetadata(c, 'crops'),
  getTimeSeriesMetadata: (c) => db.getTimeSeriesMetadata(c, 'weather'),
  listScalarAttributes: (c) => db.listScalarAttributes(c),
  readTimeSeriesGroup: (c) => db.readTimeSeriesGroup(c, 'weather', 1),
  updateTimeSeriesGroup: (c) => db.updateTimeSeriesGroup(c, 'weather', 1, {}),
  upsertTimeSeriesRow: (c) => db.upsertTimeSeriesRow(c, 'weather', 1, { date_time: '2021-01-01T00:00:00', rain: 2 }),
  readTimeSeriesRow: (c) => db.readTimeSeriesRow(c, 'weather', 'rain', '2020-06-01T00:00:00'),
  hasTimeSeriesFiles: (c) => db.hasTimeSeriesFiles(c),
  listTimeSeriesFilesColumns: (c) => db.listTimeSeriesFilesColumns(c),
  readTimeSeriesFiles: (c) => db.readTimeSeriesFiles(c),
  updateTimeSeriesFiles: (c) => db.updateTimeSeriesFiles(c, {}),
  exportCsv: (c) => db.exportCsv(c, '', csvOut),
  importCsv: (c) => db.importCsv(c, '', csvIn),
  describeCollection: (c) => db.describeCollection(c),
  summarizeCollection: (c) => db.summarizeCollection(c),
};

/** Calls taking an attribute (column) name, including element and column-data keys. */
const ATTRIBUTE_CALLS: Record<string, Call> = {
  readScalarIntegers: (a) => db.readScalarIntegers('Farm', a),
  readScalarFloats: (a) => db.readScalarFloats('Farm', a),
  readScalarStrings: (a) => db.readScalarStrings('Farm', a),
  readScalarIntegerById: (a) => db.readScalarIntegerById('Farm', a, 1),
  readScalarFloatById: (a) => db.readScalarFloatById('Farm', a, 1),
  readScalarStringById: (a) => db.readScalarStringById('Farm', a, 1),
  readVectorIntegers: (a) => db.readVectorIntegers('Farm', a),
  readVectorFloatsById: (a) => db.readVectorFloatsById('Farm', a, 1),
  readVectorStrings: (a) => db.readVectorStrings('Farm', a),
  readSetIntegers: (a) => db.readSetIntegers('Farm', a),
  readSetStrings: (a) => db.readSetStrings('Farm', a),
  readSetStringsById: (a) => db.readSetStringsById('Farm', a, 1),
  getScalarMetadata: (a) => db.getScalarMetadata('Farm', a),
  readTimeSeriesRow: (a) => db.readTimeSeriesRow('Farm', 'weather', a, '2020-06-01T00:00:00'),
  'createElement scalar key': (a) => db.createElement('Farm', { label: 'zz', [a]: 1 }),
  'createElement array key': (a) => db.createElement('Farm', { label: 'zz', [a]: [1] }),
  'updateElement scalar key': (a) => db.updateElement('Farm', 1, { [a]: 1 }),
  'updateElement array key': (a) => db.updateElement('Farm', 1, { [a]: [1] }),
  'updateVectorGroup column': (a) => db.updateVectorGroup('Farm', 'yields', 1, { [a]: [1] }),
  'updateSetGroup column': (a) => db.updateSetGroup('Farm', 'crops', 1, { [a]: ['x'] }),
  'updateTimeSeriesGroup column': (a) =>
    db.updateTimeSeriesGroup('Farm', 'weather', 1, { date_time: ['2021-01-01T00:00:00'], [a]: [1.5] }),
  'upsertTimeSeriesRow column': (a) => db.upsertTimeSeriesRow('Farm', 'weather', 1, { date_time: '2021-01-01T00:00:00', [a]: 1 }),
};

/** Calls taking a group name (vector, set, time series, CSV group). '' is the CSV scalars group. */
const GROUP_CALLS: Record<string, Call> = {
  readVectorGroupById: (g) => db.readVectorGroupById('Farm', g, 1),
  readSetGroupById: (g) => db.readSetGroupById('Farm', g, 1),
  updateVectorGroup: (g) => db.updateVectorGroup('Farm', g, 1, {}),
  updateSetGroup: (g) => db.updateSetGroup('Farm', g, 1, {}),
  getVectorMetadata: (g) => db.getVectorMetadata('Farm', g),
  getSetMetadata: (g) => db.getSetMetadata('Farm', g),
  getTimeSeriesMetadata: (g) => db.getTimeSeriesMetadata('Farm', g),
  readTimeSeriesGroup: (g) => db.readTimeSeriesGroup('Farm', g, 1),
  updateTimeSeriesGroup: (g) => db.updateTimeSeriesGroup('Farm', g, 1, {}),
  upsertTimeSeriesRow: (g) => db.upsertTimeSeriesRow('Farm', g, 1, { date_time: '2021-01-01T00:00:00', rain: 2 }),
  readTimeSeriesRow: (g) => db.readTimeSeriesRow('Farm', g, 'rain', '2020-06-01T00:00:00'),
};

const CSV_GROUP_CALLS: Record<string, Call> = {
  exportCsv: (g) => db.exportCsv('Farm', g, csvOut),
  importCsv: (g) => db.importCsv('Farm', g, csvIn),
};

/** Runs `call(name)` and checks it failed as a lookup of `name` (the name echoed, not run as SQL). */
function expectRejected(label: string, call: Call, name: string): void {
  let error: unknown;
  try {
    call(name);
  } catch (err) {
    error = err;
  }
  expect(error, `${label}(${JSON.stringify(name)}) should throw`).toBeInstanceOf(QuiverError);
  const err = error as QuiverError;
  expect(err.code, `${label}(${JSON.stringify(name)}): ${err.message}`).toBe('QUIVER_ERROR');
  expect(err.message, label).toContain(name);
  expect(err.message, label).not.toMatch(/syntax error|no such table|no such column|prepare statement/);
}

describe('hostile identifiers are lookup errors and change nothing', () => {
  it.each(HOSTILE)('collection %j', (name) => {
    for (const [label, call] of Object.entries(COLLECTION_CALLS)) expectRejected(label, call, name);
    expect(snapshot()).toBe(baseline);
  });

  it.each(HOSTILE)('attribute %j', (name) => {
    for (const [label, call] of Object.entries(ATTRIBUTE_CALLS)) expectRejected(label, call, name);
    expect(snapshot()).toBe(baseline);
  });

  it.each(HOSTILE)('group %j', (name) => {
    for (const [label, call] of Object.entries(GROUP_CALLS)) expectRejected(label, call, name);
    expect(snapshot()).toBe(baseline);
  });

  it.each(HOSTILE.filter((n) => n !== ''))('CSV group %j', (name) => {
    for (const [label, call] of Object.entries(CSV_GROUP_CALLS)) expectRejected(label, call, name);
    expect(snapshot()).toBe(baseline);
  });

  it('exact messages for two classic injections', () => {
    expectNative(() => db.readElementIds('x; DROP TABLE Configuration'), 'Cannot read_element_ids: collection not found: x; DROP TABLE Configuration');
    expectNative(() => db.readScalarStrings('Farm', 'Farm"; DROP TABLE Farm; --'), `Cannot read_scalar_strings: column 'Farm"; DROP TABLE Farm; --' not found in table 'Farm'`);
    expectNative(() => db.exportCsv('Farm', 'Farm"; DROP TABLE Farm; --', csvOut), `Cannot export_csv: group not found: 'Farm"; DROP TABLE Farm; --' in collection 'Farm'`);
    expect(snapshot()).toBe(baseline);
  });

  it('list*Groups answer [] for names that are not collections (as Quiver 0.10 does)', () => {
    for (const name of HOSTILE) {
      expect(db.listVectorGroups(name)).toEqual([]);
      expect(db.listSetGroups(name)).toEqual([]);
      expect(db.listTimeSeriesGroups(name)).toEqual([]);
    }
    expect(snapshot()).toBe(baseline);
  });
});

describe('values are bound, never spliced into SQL', () => {
  const evil = "x'); DROP TABLE Farm; --";

  it('element values, FK labels, query parameters and date-times', () => {
    db.dryRun(() => {
      const id = db.createElement('Farm', { label: evil, owner: 'Robert"; DROP TABLE Barn; --', crop: [evil] });
      expect(db.readScalarStringById('Farm', 'label', id)).toBe(evil);
      expect(db.readSetStringsById('Farm', 'crop', id)).toEqual([evil]);
      expectNative(() => db.createElement('Barn', { label: 'B2', farm_id: "F1' OR '1'='1" }), "Failed to resolve label 'F1' OR '1'='1' to ID in table 'Farm'");
      expect(db.queryInteger('SELECT id FROM Farm WHERE label = ?', [evil])).toBe(id);
      expect(db.queryInteger('SELECT COUNT(*) FROM Farm WHERE label = ?', ["' OR '1'='1"])).toBe(0);
      expect(db.readTimeSeriesRow('Farm', 'weather', 'rain', "2020' OR '1'='1")).toEqual([null, null]);
    });
    expect(snapshot()).toBe(baseline);
  });

  it('CSV cells and CSV headers', () => {
    const file = path.join(dir, 'evil.csv');
    writeFileSync(file, `sep=,\nlabel,"area; DROP TABLE Farm; --",hectares,owner,date_founded,organic\nX,1,,,,\n`);
    expectNative(() => db.importCsv('Farm', '', file), 'Cannot import_csv: The columns in the CSV file do not match the columns in the database.');
    expect(snapshot()).toBe(baseline);
    writeFileSync(file, `sep=,\nlabel,area,hectares,owner,date_founded,organic\n"${evil}",1,,"a"";b",,\n`);
    // import_csv refuses to run inside a dry run, so load a scratch database.
    const scratch = Database.fromSchema(':memory:', writeFarmSchema(), { consoleLevel: LogLevel.Off });
    try {
      scratch.importCsv('Farm', '', file);
      expect(scratch.readScalarStrings('Farm', 'label')).toEqual([evil]);
      expect(scratch.readScalarStrings('Farm', 'owner')).toEqual(['a";b']);
      expect(scratch.numberOfElements('Configuration')).toBe(0);
    } finally {
      scratch.close();
    }
  });
});

describe('text that is not valid Unicode', () => {
  it('lone surrogates in identifiers are lookup errors (encoded as U+FFFD), not crashes', () => {
    for (const name of ['Farm\uD800', '\uDC00', 'Fa\uDC00\uD800rm']) {
      const shown = name.replace(/[\uD800-\uDFFF]/g, '\uFFFD');
      expectNative(() => db.readElementIds(name), `Cannot read_element_ids: collection not found: ${shown}`);
      expectNative(() => db.readScalarStrings('Farm', name), `Cannot read_scalar_strings: column '${shown}' not found in table 'Farm'`);
      expectNative(() => db.getVectorMetadata('Farm', name), `Vector group not found: '${shown}' in collection 'Farm'`);
      expect(() => db.createElement('Farm', { label: 'zz', [name]: 1 })).toThrow(QuiverError);
    }
    expect(snapshot()).toBe(baseline);
  });

  it('lone surrogates in values are stored as U+FFFD', () => {
    db.dryRun(() => {
      const id = db.createElement('Farm', { label: '\uDC00x\uD800' });
      expect(db.readScalarStringById('Farm', 'label', id)).toBe('\uFFFDx\uFFFD');
    });
    expect(db.queryString('SELECT ?', ['a\uD800b'])).toBe('a\uFFFDb');
  });

  it('invalid UTF-8 stored in the database is decoded with U+FFFD, not a crash', () => {
    expect(db.queryString("SELECT CAST(x'41FF42' AS TEXT)")).toBe('A\uFFFDB');
    db.dryRun(() => {
      db.queryInteger("INSERT INTO Farm (label, owner) VALUES (CAST(x'C3' AS TEXT), CAST(x'80FE' AS TEXT))");
      expect(db.readScalarStrings('Farm', 'label')).toEqual(['F1', '\uFFFD']);
      expect(db.readScalarStrings('Farm', 'owner')).toEqual([null, '\uFFFD\uFFFD']);
      expect(db.summarizeCollection('Farm').split('\n')[0]).toBe('Collection: Farm (2 elements)');
    });
    expect(snapshot()).toBe(baseline);
  });
});

describe('non-string identifier arguments', () => {
  const NON_STRINGS: unknown[] = [1, 0, 1n, true, undefined, {}, ['Farm'], Symbol('Farm'), () => 'Farm', new String('Farm')];

  const calls: Record<string, (v: never) => unknown> = {
    ...COLLECTION_CALLS,
    ...Object.fromEntries(Object.entries(ATTRIBUTE_CALLS).filter(([k]) => !k.includes(' ')).map(([k, f]) => [`${k} attribute`, f])),
    ...Object.fromEntries(Object.entries(GROUP_CALLS).map(([k, f]) => [`${k} group`, f])),
    ...Object.fromEntries(Object.entries(CSV_GROUP_CALLS).map(([k, f]) => [`${k} group`, f])),
    listVectorGroups: (c) => db.listVectorGroups(c),
    listSetGroups: (c) => db.listSetGroups(c),
    listTimeSeriesGroups: (c) => db.listTimeSeriesGroups(c),
    readVectorsById: (c) => db.readVectorsById(c, 1),
    readSetsById: (c) => db.readSetsById(c, 1),
    queryString: (s) => db.queryString(s),
    'exportCsv path': (p) => db.exportCsv('Farm', '', p),
    'importCsv path': (p) => db.importCsv('Farm', '', p),
  };

  it.each(Object.keys(calls))('%s → QUIVER_INVALID_ARGUMENT', (label) => {
    for (const value of NON_STRINGS) {
      let error: unknown;
      try {
        calls[label]!(value as never);
      } catch (err) {
        error = err;
      }
      expect(error, `${label}(${typeof value})`).toBeInstanceOf(QuiverError);
      expect((error as QuiverError).code, `${label}(${typeof value})`).toBe('QUIVER_INVALID_ARGUMENT');
    }
    expect(snapshot()).toBe(baseline);
  });

  it('null identifiers are errors and change nothing', () => {
    for (const [label, call] of Object.entries(calls)) {
      if (label.startsWith('list')) continue;
      expect(() => call(null as never), label).toThrow(QuiverError);
    }
    expect(snapshot()).toBe(baseline);
  });
});

describe('embedded NUL characters', () => {
  it('names and values with an embedded NUL are rejected before C', () => {
    const calls = [
      () => db.readElementIds('Farm\0; DROP TABLE Farm'),
      () => db.readScalarStrings('Farm', 'label\0x'),
      () => db.getVectorMetadata('Farm', 'yields\0'),
      () => db.exportCsv('Farm', 'yields\0', csvOut),
      () => db.createElement('Farm', { label: 'zz', 'owner\0x': 'o' }),
      () => db.createElement('Farm', { label: 'F2\0zz' }),
    ];
    for (const call of calls) {
      expect(call).toThrow(QuiverError);
      try {
        call();
      } catch (e) {
        expect((e as QuiverError).code).toBe('QUIVER_INVALID_ARGUMENT');
      }
    }
    expect(snapshot()).toBe(baseline);
  });
});
