// Vector reads and group writes: list reads that drop NULL cells and omit elements without rows,
// whole-group reads, updateVectorGroup's checks and messages.

import { afterEach, describe, expect, it } from 'vitest';
import { databaseState } from '../lib/database.js';
import { Database, LogLevel, QuiverError, liveAllocations } from '../lib/index.js';
import { asPointer, native } from '../lib/native.js';
import { FARM_SCHEMA, tmpDir, writeFarmSchema, writeSchema, expectNative } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
const farmSchema = writeFarmSchema();

// The farm schema plus a vector group of text columns (one DATE_TIME by the `date_` name rule) and a
// non-STRICT vector table, whose INTEGER column can hold a REAL written by raw SQL.
const extendedSchema = writeSchema(
  tmpDir(),
  `${FARM_SCHEMA}
CREATE TABLE Farm_vector_notes (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, note TEXT, date_noted TEXT, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Farm_vector_loose (id INTEGER NOT NULL REFERENCES Farm(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, amount INTEGER, PRIMARY KEY (id, vector_index));
`,
);

const open: Database[] = [];
function farm(schema = farmSchema): Database {
  const db = Database.fromSchema(':memory:', schema, quiet);
  open.push(db);
  return db;
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  expect(liveAllocations()).toBe(0);
});

/** Farms F1, F2 and Barn B1 (ids 1, 2, 1): the starting state of the group-update tests. */
function barnState(): Database {
  const db = farm();
  db.createElement('Farm', { label: 'F1' });
  db.createElement('Farm', { label: 'F2' });
  db.createElement('Barn', { label: 'B1' });
  return db;
}

describe('readVector* (all elements)', () => {
  it('one list per element with rows, ordered by vector_index, ids ascending', () => {
    const db = farm();
    for (const label of ['A', 'B', 'C']) db.createElement('Farm', { label });
    // Inserted out of vector_index order, and element 3 before element 1.
    db.queryInteger(
      'INSERT INTO Farm_vector_yields (id, vector_index, crop_yield, harvest_count) VALUES ' +
        '(3, 2, 3.5, 32), (3, 1, 2.5, 31), (1, 3, 0.25, 13), (1, 1, 0.5, 11), (1, 2, 0.75, 12)',
    );
    expect(db.readVectorIntegers('Farm', 'harvest_count')).toEqual([
      [11, 12, 13],
      [31, 32],
    ]);
    expect(db.readVectorFloats('Farm', 'crop_yield')).toEqual([
      [0.5, 0.75, 0.25],
      [2.5, 3.5],
    ]);
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 1)).toEqual([11, 12, 13]);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', 3n)).toEqual([2.5, 3.5]);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', 2)).toEqual([]);
  });

  it('NULL cells are dropped, elements without rows omitted, all-NULL elements empty', () => {
    const db = farm();
    db.createElement('Farm', { label: 'A', harvest_count: [5, null, 7] });
    db.createElement('Farm', { label: 'B' });
    db.createElement('Farm', { label: 'C', harvest_count: [null, null] });
    expect(db.readVectorIntegers('Farm', 'harvest_count')).toEqual([[5, 7], []]);
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 2)).toEqual([]);
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 3)).toEqual([]);
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 1)).toEqual([5, 7]);
  });

  it('the integer reader drops REAL cells; the float reader widens integers', () => {
    const db = farm();
    db.createElement('Farm', { label: 'A', crop_yield: [1.5, 2.5], harvest_count: [5, 7] });
    db.createElement('Farm', { label: 'C', crop_yield: [0.5], harvest_count: [9] });
    expect(db.readVectorIntegers('Farm', 'crop_yield')).toEqual([[], []]);
    expect(db.readVectorFloats('Farm', 'harvest_count')).toEqual([[5, 7], [9]]);
    expect(db.readVectorStrings('Farm', 'harvest_count')).toEqual([[], []]);
    expect(db.readVectorIntegersById('Farm', 'crop_yield', 1)).toEqual([]);
  });

  it('a group name or an unknown name is not a vector attribute', () => {
    const db = farm();
    expectNative(
      () => db.readVectorIntegers('Farm', 'yields'),
      "Cannot read_vector_integers: column 'yields' not found in table 'Farm_vector_yields'",
    );
    expectNative(() => db.readVectorIntegers('Farm', 'nope'), "Vector attribute 'nope' not found for collection 'Farm'");
    expectNative(() => db.readVectorFloats('Farm', 'crop'), "Vector attribute 'crop' not found for collection 'Farm'");
    expectNative(() => db.readVectorStringsById('Farm', 'nope', 1), "Vector attribute 'nope' not found for collection 'Farm'");
    expectNative(
      () => db.readVectorFloatsById('Farm', 'yields', 1),
      "Cannot read_vector_floats_by_id: column 'yields' not found in table 'Farm_vector_yields'",
    );
    expectNative(() => db.readVectorIntegers('Nope', 'x'), 'Cannot read_vector_integers: collection not found: Nope');
    expectNative(() => db.readVectorStringsById('Nope', 'x', 1), 'Cannot read_vector_strings_by_id: collection not found: Nope');
  });

  it('empty tables give empty results', () => {
    const db = farm();
    expect(db.readVectorIntegers('Farm', 'harvest_count')).toEqual([]);
    expect(db.readVectorFloats('Farm', 'crop_yield')).toEqual([]);
    expect(db.readVectorIntegersById('Farm', 'harvest_count', 1)).toEqual([]);
    expect(db.readVectorIntegers('Barn', 'farm_link')).toEqual([]);
  });

  it('strings: trimmed on write, NULL dropped, "" kept, ordered by vector_index', () => {
    const db = farm(extendedSchema);
    db.createElement('Farm', { label: 'A', note: [' first ', null, '   ', 'last'] });
    db.createElement('Farm', { label: 'B', note: ['only'] });
    expect(db.readVectorStrings('Farm', 'note')).toEqual([['first', '', 'last'], ['only']]);
    expect(db.readVectorStringsById('Farm', 'note', 1)).toEqual(['first', '', 'last']);
    expect(db.readVectorStringsById('Farm', 'note', 99)).toEqual([]);
    expect(db.readVectorIntegers('Farm', 'note')).toEqual([[], []]);
  });
});

describe('readVectorGroupById', () => {
  it('value columns in declaration order; full numeric columns are Float64Array, NULLs give arrays', () => {
    const db = farm();
    db.createElement('Farm', { label: 'A', crop_yield: [1.5, 2.5, 3.5], harvest_count: [1, null, 3] });
    const cols = db.readVectorGroupById('Farm', 'yields', 1);
    expect(Object.keys(cols)).toEqual(['crop_yield', 'harvest_count']);
    expect(cols.crop_yield).toBeInstanceOf(Float64Array);
    expect(cols.crop_yield).toEqual(new Float64Array([1.5, 2.5, 3.5]));
    expect(cols.harvest_count).toEqual([1, null, 3]);
  });

  it('rows follow vector_index, not insertion order', () => {
    const db = farm();
    db.createElement('Farm', { label: 'A' });
    db.queryInteger('INSERT INTO Farm_vector_yields (id, vector_index, harvest_count) VALUES (1, 2, 20), (1, 1, 10)');
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual({
      crop_yield: [null, null],
      harvest_count: new Float64Array([10, 20]),
    });
  });

  it('TEXT and DATE_TIME columns come back as strings with null; stored REAL in an INTEGER column truncates', () => {
    const db = farm(extendedSchema);
    db.createElement('Farm', { label: 'A', note: ['a', null], date_noted: ['2024-01-01T00:00:00', new Date(Date.UTC(2024, 1, 3))] });
    expect(db.readVectorGroupById('Farm', 'notes', 1)).toEqual({
      note: ['a', null],
      date_noted: ['2024-01-01T00:00:00', '2024-02-03T00:00:00'],
    });
    db.queryInteger('INSERT INTO Farm_vector_loose (id, vector_index, amount) VALUES (1, 1, -2.7), (1, 2, 4)');
    expect(db.readVectorGroupById('Farm', 'loose', 1)).toEqual({ amount: new Float64Array([-2, 4]) });
    // The list reader does not narrow REAL: that cell is dropped.
    expect(db.readVectorIntegersById('Farm', 'amount', 1)).toEqual([4]);
  });

  it('unknown collection reports the metadata op; a missing element gives no columns', () => {
    const db = barnState();
    expectNative(() => db.readVectorGroupById('Nope', 'x', 1), 'Cannot get_vector_metadata: collection not found: Nope');
    expect(db.readVectorGroupById('Barn', 'neighbors', 999)).toEqual({});
    // At C level every array output is NULL and both counts are 0 (nothing to free). The slots
    // start non-NULL so the test sees them overwritten.
    const outs = [[1n], [1n], [1n], [1n]] as unknown as [null][];
    const counts: [number][] = [[5], [5]];
    const rc = native().quiver_database_read_vector_group_by_id(
      databaseState(db).ptr!, 'Barn', 'neighbors', 999, outs[0]!, outs[1]!, outs[2]!, outs[3]!, counts[0]!, counts[1]!,
    );
    expect(rc).toBe(0);
    expect(outs.map((o) => o[0])).toEqual([null, null, null, null]);
    expect(counts.map((c) => Number(c[0]))).toEqual([0, 0]);
  });

  it('the group name is the table suffix, not a column name', () => {
    const db = barnState();
    expectNative(() => db.readVectorGroupById('Barn', 'farm_link', 1), "Vector group not found: 'farm_link' in collection 'Barn'");
    expectNative(() => db.readVectorGroupById('Barn', 'links', 1), "Vector group not found: 'links' in collection 'Barn'");
  });
});

describe('updateVectorGroup', () => {
  it('BigUint64Array columns are written as INTEGER; a value beyond int64 is QUIVER_INTEGER_RANGE', () => {
    const db = barnState();
    db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: BigUint64Array.of(2n, 1n) });
    expect(db.readVectorIntegersById('Barn', 'farm_link', 1)).toEqual([2, 1]);
    let code: string | undefined;
    try {
      db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: BigUint64Array.of(1n << 63n) });
    } catch (e) {
      code = (e as { code?: string }).code;
    }
    expect(code).toBe('QUIVER_INTEGER_RANGE');
    expect(db.readVectorIntegersById('Barn', 'farm_link', 1)).toEqual([2, 1]);
  });

  it('label strings with a NULL cell; the set group sharing the column is untouched', () => {
    const db = barnState();
    db.updateSetGroup('Barn', 'links', 1, { farm_link: ['F1'] });
    db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: ['F2', null, 'F1'] });
    expect(db.readVectorGroupById('Barn', 'neighbors', 1)).toEqual({ farm_link: [2, null, 1] });
    expect(db.readSetGroupById('Barn', 'links', 1)).toEqual({ farm_link: new Float64Array([1]) });
  });

  it('columns with no rows are rejected', () => {
    const db = barnState();
    db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: [1] });
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: [] }),
      'Cannot update_vector_group: columns [farm_link] contain no rows; pass no columns to clear the group',
    );
    expectNative(
      () => db.updateVectorGroup('Farm', 'yields', 1, { crop_yield: new Float64Array(0), harvest_count: [] }),
      'Cannot update_vector_group: columns [crop_yield, harvest_count] contain no rows; pass no columns to clear the group',
    );
    expect(db.readVectorIntegersById('Barn', 'farm_link', 1)).toEqual([1]);
  });

  it('no columns clears the group', () => {
    const db = barnState();
    db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: [1, 2] });
    db.updateVectorGroup('Barn', 'neighbors', 1, {});
    expect(db.readVectorGroupById('Barn', 'neighbors', 1)).toEqual({});
    expect(db.queryInteger('SELECT count(*) FROM Barn_vector_neighbors')).toBe(0);
  });

  it('managed columns (id, vector_index) cannot be written', () => {
    const db = barnState();
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { vector_index: [1] }),
      "Cannot update_vector_group: column 'vector_index' is managed by the group table, not a value column",
    );
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { id: [1] }),
      "Cannot update_vector_group: column 'id' is managed by the group table, not a value column",
    );
    expectNative(
      () => db.updateSetGroup('Barn', 'links', 1, { vector_index: [1] }),
      "Cannot update_set_group: column 'vector_index' not found in group 'links' for collection 'Barn'",
    );
    expectNative(
      () => db.updateSetGroup('Barn', 'links', 1, { id: [1] }),
      "Cannot update_set_group: column 'id' is managed by the group table, not a value column",
    );
  });

  it('unknown columns are reported in byte-wise name order', () => {
    const db = barnState();
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { zzz: [1], yyy: [1] }),
      "Cannot update_vector_group: column 'yyy' not found in group 'neighbors' for collection 'Barn'",
    );
  });

  it('unknown column type tag (C level) and a FLOAT into an INTEGER column', () => {
    const db = barnState();
    const lib = native();
    const rc = lib.quiver_database_update_vector_group(
      databaseState(db).ptr!,
      'Barn',
      'neighbors',
      1,
      ['farm_link'],
      Int32Array.of(7),
      [asPointer(BigInt64Array.of(1n), 'int64_t *')],
      null,
      1,
      1,
    );
    expect(rc).not.toBe(0);
    expect(lib.quiver_get_last_error()).toBe('Cannot update_vector_group: unknown column type 7');
    // FLOAT 1.0 into an INTEGER column: the TS API sends integral Float64Array cells for INTEGER
    // columns as INTEGER (so reads can be written back), hence the C-level call.
    const rc2 = lib.quiver_database_update_vector_group(
      databaseState(db).ptr!,
      'Barn',
      'neighbors',
      1,
      ['farm_link'],
      Int32Array.of(1),
      [asPointer(Float64Array.of(1.0), 'double *')],
      null,
      1,
      1,
    );
    expect(rc2).not.toBe(0);
    expect(lib.quiver_get_last_error()).toBe(
      "Cannot update_vector_group: type mismatch for array 'farm_link' index 0: expected INTEGER, got REAL",
    );
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: new Float64Array([1.5]) }),
      "Cannot update_vector_group: type mismatch for array 'farm_link' index 0: expected INTEGER, got REAL",
    );
    expect(db.readVectorGroupById('Barn', 'neighbors', 1)).toEqual({});
  });

  it('a group read can be written back unchanged (INTEGER columns read as Float64Array)', () => {
    const db = barnState();
    db.createElement('Farm', { label: 'F3', crop_yield: [0.5, 2], harvest_count: [3, 4] });
    const yields = db.readVectorGroupById('Farm', 'yields', 3);
    expect(yields.harvest_count).toBeInstanceOf(Float64Array);
    db.updateVectorGroup('Farm', 'yields', 1, yields);
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual(yields);
    expect(db.queryString("SELECT group_concat(typeof(harvest_count)) FROM Farm_vector_yields WHERE id = 1")).toBe('integer,integer');
    db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: [2, 1] });
    const links = db.readVectorGroupById('Barn', 'neighbors', 1);
    db.updateSetGroup('Barn', 'links', 1, links);
    expect(db.readSetGroupById('Barn', 'links', 1)).toEqual({ farm_link: new Float64Array([2, 1]) });
  });

  it('missing element, unknown vector group, vector group given to the set writer', () => {
    const db = barnState();
    expectNative(() => db.updateVectorGroup('Barn', 'neighbors', 999, { farm_link: [1] }), "Element not found: 999 in collection 'Barn'");
    expectNative(() => db.updateVectorGroup('Barn', 'neighbors', 999, {}), "Element not found: 999 in collection 'Barn'");
    expectNative(() => db.updateVectorGroup('Barn', 'nope', 1, { farm_link: [1] }), "Vector group not found: 'nope' in collection 'Barn'");
    expectNative(() => db.updateSetGroup('Barn', 'neighbors', 1, { farm_link: [1] }), "Set group not found: 'neighbors' in collection 'Barn'");
    expectNative(() => db.updateVectorGroup('Nope', 'neighbors', 1, {}), 'Cannot update_vector_group: collection not found: Nope');
  });

  it('a masked FLOAT column; omitted columns become NULL; INTEGER widens into REAL', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [7.5, 8.5], harvest_count: [7, 8] });
    db.updateVectorGroup('Farm', 'yields', 1, { crop_yield: [1.0, null] });
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual({ crop_yield: [1, null], harvest_count: [null, null] });
    db.updateVectorGroup('Farm', 'yields', 1, { crop_yield: BigInt64Array.of(3n, 4n) });
    const cols = db.readVectorGroupById('Farm', 'yields', 1);
    expect(cols.crop_yield).toEqual(new Float64Array([3, 4]));
    expect(db.queryString("SELECT group_concat(typeof(crop_yield)) FROM Farm_vector_yields WHERE id = 1")).toBe('real,real');
  });

  it('typed arrays: Float64Array, BigInt64Array, Int32Array; vector_index is 1..n', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.updateVectorGroup('Farm', 'yields', 1, {
      crop_yield: Float64Array.of(0.5, 1.5, 2.5),
      harvest_count: BigInt64Array.of(-1n, 0n, 9007199254740991n),
    });
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual({
      crop_yield: new Float64Array([0.5, 1.5, 2.5]),
      harvest_count: new Float64Array([-1, 0, 9007199254740991]),
    });
    expect(db.queryString('SELECT group_concat(vector_index) FROM Farm_vector_yields WHERE id = 1')).toBe('1,2,3');
    db.updateVectorGroup('Farm', 'yields', 1, { harvest_count: Int32Array.of(4, 5) });
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual({
      crop_yield: [null, null],
      harvest_count: new Float64Array([4, 5]),
    });
  });

  it('an all-NULL column (null or undefined cells) writes NULL rows; Dates become date-time text', () => {
    const db = farm(extendedSchema);
    db.createElement('Farm', { label: 'F1' });
    db.updateVectorGroup('Farm', 'yields', 1, { crop_yield: Float32Array.of(0.5, 0.25), harvest_count: [null, undefined] });
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual({
      crop_yield: new Float64Array([0.5, 0.25]),
      harvest_count: [null, null],
    });
    db.updateVectorGroup('Farm', 'notes', 1, { date_noted: [new Date(Date.UTC(2025, 11, 31, 23, 59, 58)), null] });
    expect(db.readVectorGroupById('Farm', 'notes', 1)).toEqual({ note: [null, null], date_noted: ['2025-12-31T23:59:58', null] });
  });

  it('jagged columns are rejected by TypeScript before the call; nothing changes', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [1.5], harvest_count: [1] });
    expect(() => db.updateVectorGroup('Farm', 'yields', 1, { crop_yield: [1.5, 2.5], harvest_count: [1] })).toThrow(
      expect.objectContaining({ code: 'QUIVER_INVALID_ARGUMENT', message: expect.stringContaining("'harvest_count'") }),
    );
    expect(() => db.updateVectorGroup('Farm', 'yields', 1, { crop_yield: 1.5 as never })).toThrow(
      expect.objectContaining({ code: 'QUIVER_INVALID_ARGUMENT' }),
    );
    expect(() => db.updateVectorGroup('Farm', 'yields', 1, [] as never)).toThrow(expect.objectContaining({ code: 'QUIVER_INVALID_ARGUMENT' }));
    expect(db.readVectorGroupById('Farm', 'yields', 1)).toEqual({
      crop_yield: new Float64Array([1.5]),
      harvest_count: new Float64Array([1]),
    });
  });

  it('check order: no rows, then collection, group, element, column names, labels', () => {
    const db = barnState();
    expectNative(
      () => db.updateVectorGroup('Nope', 'nope', 999, { a: [] }),
      'Cannot update_vector_group: columns [a] contain no rows; pass no columns to clear the group',
    );
    expectNative(() => db.updateVectorGroup('Nope', 'nope', 999, { a: [1] }), 'Cannot update_vector_group: collection not found: Nope');
    expectNative(() => db.updateVectorGroup('Barn', 'nope', 999, { a: [1] }), "Vector group not found: 'nope' in collection 'Barn'");
    expectNative(() => db.updateVectorGroup('Barn', 'neighbors', 999, { zzz: [1] }), "Element not found: 999 in collection 'Barn'");
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { zzz: [1], id: [1] }),
      "Cannot update_vector_group: column 'id' is managed by the group table, not a value column",
    );
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: ['Nope'], zzz: [1] }),
      "Cannot update_vector_group: column 'zzz' not found in group 'neighbors' for collection 'Barn'",
    );
  });

  it('a string for a non-FK INTEGER column is a resolution error', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    expectNative(
      () => db.updateVectorGroup('Farm', 'yields', 1, { harvest_count: ['x'] }),
      "Cannot resolve attribute: 'harvest_count' is INTEGER but received string 'x' (not a foreign key)",
    );
    expectNative(
      () => db.updateVectorGroup('Farm', 'yields', 1, { crop_yield: ['x'] }),
      "Cannot update_vector_group: type mismatch for array 'crop_yield' index 0: expected REAL, got TEXT",
    );
  });

  it('only the given element changes; a rejected label leaves the group intact', () => {
    const db = barnState();
    db.createElement('Barn', { label: 'B2', farm_link: [2] });
    db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: [1] });
    expectNative(
      () => db.updateVectorGroup('Barn', 'neighbors', 1, { farm_link: ['F1', 'Nope'] }),
      "Failed to resolve label 'Nope' to ID in table 'Farm'",
    );
    expect(db.readVectorIntegers('Barn', 'farm_link')).toEqual([[1], [2]]);
  });
});

describe('readVectorsById', () => {
  it('every vector column of one element keyed by column name, NULLs kept', () => {
    const db = farm(extendedSchema);
    db.createElement('Farm', { label: 'A', crop_yield: [1.5, null], harvest_count: [1, 2], note: ['n'] });
    expect(db.readVectorsById('Farm', 1)).toEqual({
      amount: [],
      note: ['n'],
      date_noted: [null],
      crop_yield: [1.5, null],
      harvest_count: [1, 2],
    });
    expect(Object.keys(db.readVectorsById('Farm', 1))).toEqual(['amount', 'note', 'date_noted', 'crop_yield', 'harvest_count']);
  });

  it('a missing element fails; a collection without vectors gives {}', () => {
    const db = farm();
    expectNative(() => db.readVectorsById('Farm', 42), "Element not found: 42 in collection 'Farm'");
    const id = db.createElement('Farm', { label: 'A' });
    expect(db.readVectorsById('Farm', id)).toEqual({ crop_yield: [], harvest_count: [] });
    const config = db.createElement('Configuration', { label: 'c' });
    expect(db.readVectorsById('Configuration', config)).toEqual({});
  });
});

describe('group tables as collections', () => {
  it('number_of_elements accepts a group table; sqlite_sequence is not found', () => {
    const db = farm();
    db.createElement('Farm', { label: 'A', harvest_count: [1, 2, 3] });
    db.createElement('Farm', { label: 'B', harvest_count: [4] });
    expect(db.numberOfElements('Farm_vector_yields')).toBe(4);
    expectNative(() => db.numberOfElements('sqlite_sequence'), 'Cannot number_of_elements: collection not found: sqlite_sequence');
  });
});

describe('hostile names', () => {
  it("'x; DROP TABLE Farm' as group, attribute or column is unknown and changes nothing", () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop_yield: [1.5], crop: ['kale'] });
    const evil = 'x; DROP TABLE Farm';
    expectNative(() => db.updateVectorGroup('Farm', evil, 1, {}), `Vector group not found: '${evil}' in collection 'Farm'`);
    expectNative(() => db.updateSetGroup('Farm', evil, 1, { crop: ['a'] }), `Set group not found: '${evil}' in collection 'Farm'`);
    expectNative(() => db.readVectorGroupById('Farm', evil, 1), `Vector group not found: '${evil}' in collection 'Farm'`);
    expectNative(() => db.readSetGroupById('Farm', evil, 1), `Set group not found: '${evil}' in collection 'Farm'`);
    expectNative(() => db.readVectorFloats('Farm', evil), `Vector attribute '${evil}' not found for collection 'Farm'`);
    expectNative(() => db.readSetStringsById('Farm', evil, 1), `Set attribute '${evil}' not found for collection 'Farm'`);
    expectNative(
      () => db.readScalarStrings('Farm', evil),
      `Cannot read_scalar_strings: column '${evil}' not found in table 'Farm'`,
    );
    expectNative(
      () => db.updateVectorGroup('Farm', 'yields', 1, { [evil]: [1] }),
      `Cannot update_vector_group: column '${evil}' not found in group 'yields' for collection 'Farm'`,
    );
    expectNative(() => db.getVectorMetadata('Farm', evil), `Vector group not found: '${evil}' in collection 'Farm'`);
    expectNative(() => db.getScalarMetadata('Farm', evil), `Scalar attribute not found: '${evil}' in collection 'Farm'`);
    expectNative(() => db.updateElement('Farm', 1, { [evil]: 1 }), `Column '${evil}' not found in table 'Farm'`);
    expectNative(() => db.deleteElement(evil, 1), `Cannot delete_element: collection not found: ${evil}`);
    expect(db.queryInteger("SELECT count(*) FROM sqlite_master WHERE name = 'Farm'")).toBe(1);
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['F1']);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', 1)).toEqual([1.5]);
    expect(db.readSetStringsById('Farm', 'crop', 1)).toEqual(['kale']);
  });
});
