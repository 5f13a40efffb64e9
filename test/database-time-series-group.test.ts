// Whole-group time-series reads and writes: readTimeSeriesGroup and
// updateTimeSeriesGroup, plus the C-level details the TypeScript API hides (type tags, raw outputs).

import { describe, expect, it } from 'vitest';
import { Database, QuiverError } from '../lib/index.js';
import { databaseState } from '../lib/database.js';
import { asPointer, decodeInt32Array, decodeStringArray, native, type OutPtr, type OutSize } from '../lib/native.js';
import type { DatabasePtr } from '../lib/types.js';
import { databaseFixture, expectCode, expectNative, PLANT_SCHEMA } from './helpers.js';

const databases = databaseFixture(PLANT_SCHEMA);
function fresh(): { db: Database; p1: number } {
  const db = databases.open();
  const p1 = db.createElement('Plant', { label: 'P1' });
  return { db, p1 };
}

function handle(db: Database): DatabasePtr {
  return databaseState(db).ptr!;
}

/** The raw outputs of quiver_database_read_time_series_group, freed before returning. */
function rawRead(db: Database, group: string, id: number): { names: string[]; types: number[]; nullArrays: boolean; columns: number; rows: number } {
  const lib = native();
  const names: OutPtr = [null];
  const types: OutPtr = [null];
  const data: OutPtr = [null];
  const masks: OutPtr = [null];
  const cc: OutSize = [0];
  const rc: OutSize = [0];
  expect(lib.quiver_database_read_time_series_group(handle(db), 'Plant', group, id, names, types, data, masks, cc, rc)).toBe(0);
  const columns = Number(cc[0]);
  const rows = Number(rc[0]);
  try {
    return {
      names: decodeStringArray(names[0], columns) as string[],
      types: decodeInt32Array(types[0], columns),
      nullArrays: names[0] === null && types[0] === null && data[0] === null && masks[0] === null,
      columns,
      rows,
    };
  } finally {
    expect(lib.quiver_database_free_time_series_data(names[0], types[0], data[0], masks[0], columns, rows)).toBe(0);
  }
}

describe('updateTimeSeriesGroup / readTimeSeriesGroup', () => {
  it('rows come back ordered by date_time whatever the input order', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-02', '2023-05-01'], mw: [2.5, 1.5] });
    const got = db.readTimeSeriesGroup('Plant', 'output', p1);
    expect(got.date_time).toEqual(['2023-05-01', '2023-05-02']);
    expect(got.mw).toEqual(new Float64Array([1.5, 2.5]));
  });

  it('column 0 is date_time tagged STRING (2), mw FLOAT (1), note STRING (2)', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01'], mw: [1.5], note: ['a'] });
    const raw = rawRead(db, 'output', p1);
    expect(raw.names).toEqual(['date_time', 'mw', 'note']);
    expect(raw.types).toEqual([2, 1, 2]);
    expect(Object.keys(db.readTimeSeriesGroup('Plant', 'output', p1))).toEqual(['date_time', 'mw', 'note']);
  });

  it('column order mw, date_time stores the same rows as date_time, mw', () => {
    const { db, p1 } = fresh();
    const p2 = db.createElement('Plant', { label: 'P2' });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { mw: [1.5, 2.5], date_time: ['2023-05-01', '2023-05-02'] });
    db.updateTimeSeriesGroup('Plant', 'output', p2, { date_time: ['2023-05-01', '2023-05-02'], mw: [1.5, 2.5] });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual(db.readTimeSeriesGroup('Plant', 'output', p2));
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).mw).toEqual(new Float64Array([1.5, 2.5]));
  });

  it('refuses an update without the date_time column', () => {
    const { db, p1 } = fresh();
    expectNative(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { mw: [1] }),
      "Cannot update_time_series_group: row missing required 'date_time' column",
    );
  });

  it('refuses an update without the second dimension (segment)', () => {
    const { db, p1 } = fresh();
    expectNative(
      () => db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-05-01'], price: [3.5] }),
      "Cannot update_time_series_group: row missing required 'segment' column",
    );
  });

  it('refuses a column that is not in the group', () => {
    const { db, p1 } = fresh();
    expectNative(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01'], mw: [1], temp: [20] }),
      "Cannot update_time_series_group: column 'temp' not found in group 'output' for collection 'Plant'",
    );
  });

  it('segment given as FLOAT is rejected (fractional JS numbers and a raw FLOAT tag)', () => {
    const { db, p1 } = fresh();
    const msg = "Cannot update_time_series_group: column 'segment' has type INTEGER but received REAL";
    expectNative(() => db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-05-01'], segment: [1.5] }), msg);
    const rc = native().quiver_database_update_time_series_group(
      handle(db), 'Plant', 'bids', p1, ['date_time', 'segment'], Int32Array.of(2, 1),
      [asPointer(['2023-05-01'], 'const char **'), asPointer(Float64Array.of(1), 'double *')], null, 2, 1,
    );
    expect(rc).toBe(1);
    expect(native().quiver_get_last_error()).toBe(msg);
  });

  it('a string into a REAL column reports TEXT as the received type', () => {
    const { db, p1 } = fresh();
    expectNative(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01'], mw: ['high'] }),
      "Cannot update_time_series_group: column 'mw' has type REAL but received TEXT",
    );
  });

  it('integers into the REAL column mw are accepted and read back as floats', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01'], mw: [3] });
    db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-05-01'], segment: [1], price: BigInt64Array.of(7n) });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).mw).toEqual(new Float64Array([3]));
    expect(db.readTimeSeriesGroup('Plant', 'bids', p1).price).toEqual(new Float64Array([7]));
    expect(db.queryString("SELECT typeof(mw) FROM Plant_time_series_output")).toBe('real');
  });

  it('columns with zero rows name the columns in the given order', () => {
    const { db, p1 } = fresh();
    expectNative(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: [], mw: [] }),
      'Cannot update_time_series_group: columns [date_time, mw] contain no rows; pass no columns to clear the group',
    );
    expectNative(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { mw: new Float64Array(0), date_time: [] }),
      'Cannot update_time_series_group: columns [mw, date_time] contain no rows; pass no columns to clear the group',
    );
  });

  it('only an explicit {} clears: null, undefined, arrays, strings, Maps and class instances are errors that keep the rows', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01'], mw: [1] });
    class Columns {}
    const cases: [unknown, string][] = [
      [null, 'null'],
      [undefined, 'undefined'],
      [[], 'an array'],
      ['date_time', 'string'],
      [42, 'number'],
      [new Map([['date_time', ['2023-01-02']]]), 'Map'],
      [new Date(), 'Date'],
      [new Columns(), 'Columns'],
    ];
    for (const [bad, got] of cases) {
      const err = expectCode(() => db.updateTimeSeriesGroup('Plant', 'output', p1, bad as never), 'QUIVER_INVALID_ARGUMENT');
      expect(err.message).toBe(`updateTimeSeriesGroup: expected a plain object of columns, got ${got}`);
      expect(expectCode(() => db.updateVectorGroup('Plant', 'costs', p1, bad as never), 'QUIVER_INVALID_ARGUMENT').message).toContain('expected a plain object of columns');
    }
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).date_time).toEqual(['2023-01-01']);
    db.updateTimeSeriesGroup('Plant', 'output', p1, Object.create(null) as Record<string, never>);
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({});
  });

  it('{} clears the rows; the read is then empty', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01', '2023-05-02'], mw: [1, 2] });
    db.updateTimeSeriesGroup('Plant', 'output', p1, {});
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({});
    expect(rawRead(db, 'output', p1)).toEqual({ names: [], types: [], nullArrays: true, columns: 0, rows: 0 });
    expect(db.queryInteger('SELECT COUNT(*) FROM Plant_time_series_output')).toBe(0);
  });

  it('refuses an unknown type tag at C level', () => {
    const { db, p1 } = fresh();
    const rc = native().quiver_database_update_time_series_group(
      handle(db), 'Plant', 'output', p1, ['date_time', 'mw'], Int32Array.of(2, 7),
      [asPointer(['2023-05-01'], 'const char **'), asPointer(Float64Array.of(1), 'double *')], null, 2, 1,
    );
    expect(rc).toBe(1);
    expect(native().quiver_get_last_error()).toContain('Cannot update_time_series_group: unknown column type 7');
  });

  it('a failing update leaves the stored rows unchanged', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01', '2023-05-02'], mw: [1, 2], note: ['a', 'b'] });
    const before = db.readTimeSeriesGroup('Plant', 'output', p1);
    // Validation failure, then a write failure (duplicate key) half-way through the insert.
    expect(() => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2024-01-01'], temp: [1] })).toThrow(QuiverError);
    expect(() => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2024-01-01', '2024-01-01'], mw: [5, 6] })).toThrow(
      /UNIQUE constraint failed|PRIMARY KEY/,
    );
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual(before);
  });

  it('an element with no rows (or no such element) reads as {} with NULL outputs', () => {
    const { db, p1 } = fresh();
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({});
    expect(db.readTimeSeriesGroup('Plant', 'output', 999)).toEqual({});
    expect(rawRead(db, 'output', p1)).toEqual({ names: [], types: [], nullArrays: true, columns: 0, rows: 0 });
  });

  it('free_time_series_data of all NULLs is OK', () => {
    expect(native().quiver_database_free_time_series_data(null, null, null, null, 0, 0)).toBe(0);
  });

  it('update replaces every previous row of that element only', () => {
    const { db, p1 } = fresh();
    const p2 = db.createElement('Plant', { label: 'P2' });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01', '2023-01-02'], mw: [1, 2] });
    db.updateTimeSeriesGroup('Plant', 'output', p2, { date_time: ['2023-01-01'], mw: [9] });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-02-01'], mw: [3] });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({ date_time: ['2023-02-01'], mw: new Float64Array([3]), note: [null] });
    expect(db.readTimeSeriesGroup('Plant', 'output', p2).mw).toEqual(new Float64Array([9]));
  });

  it('multi-dimension group: rows ordered by date_time, every column returned, segment as Float64Array', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'bids', p1, {
      date_time: ['2023-05-02', '2023-05-01', '2023-05-02'],
      segment: [1, 1, 2],
      price: [20.5, 10.25, 30],
    });
    const got = db.readTimeSeriesGroup('Plant', 'bids', p1);
    expect(Object.keys(got)).toEqual(['date_time', 'segment', 'price']);
    expect(got.date_time).toEqual(['2023-05-01', '2023-05-02', '2023-05-02']);
    expect(got.segment).toBeInstanceOf(Float64Array);
    expect(got.price).toBeInstanceOf(Float64Array);
    // Rows sharing a date keep their (date, segment) pairing.
    const pairs = [0, 1, 2].map((i) => [got.date_time[i], got.segment[i], got.price[i]]);
    expect(pairs).toContainEqual(['2023-05-01', 1, 10.25]);
    expect(pairs).toContainEqual(['2023-05-02', 1, 20.5]);
    expect(pairs).toContainEqual(['2023-05-02', 2, 30]);
  });

  it('a duplicate (date_time, segment) key fails with the SQLite constraint error', () => {
    const { db, p1 } = fresh();
    expect(() => db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-05-01', '2023-05-01'], segment: [1, 1] })).toThrow(
      /UNIQUE constraint failed/,
    );
  });

  it('an element id that does not exist fails with the FOREIGN KEY error', () => {
    const { db } = fresh();
    expect(() => db.updateTimeSeriesGroup('Plant', 'output', 999, { date_time: ['2023-05-01'], mw: [1] })).toThrow(
      /FOREIGN KEY constraint failed/,
    );
  });

  it('typed-array input: Float64Array, Float32Array, Int32Array and BigInt64Array columns', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'bids', p1, {
      date_time: ['2023-01-01', '2023-01-02', '2023-01-03'],
      segment: Int32Array.of(3, -1, 2147483647),
      price: Float32Array.of(0.5, 1.25, -2),
    });
    expect(db.readTimeSeriesGroup('Plant', 'bids', p1)).toEqual({
      date_time: ['2023-01-01', '2023-01-02', '2023-01-03'],
      segment: new Float64Array([3, -1, 2147483647]),
      price: new Float64Array([0.5, 1.25, -2]),
    });
    db.updateTimeSeriesGroup('Plant', 'bids', p1, {
      date_time: ['2023-01-01', '2023-01-02'],
      segment: BigInt64Array.of(9007199254740991n, -9007199254740991n),
      price: Float64Array.of(0.1 + 0.2, 1e-300),
    });
    const got = db.readTimeSeriesGroup('Plant', 'bids', p1);
    expect(got.segment).toEqual(new Float64Array([9007199254740991, -9007199254740991]));
    expect(got.price).toEqual(new Float64Array([0.1 + 0.2, 1e-300]));
  });

  it('what readTimeSeriesGroup returns can be written back unchanged (Float64Array into an INTEGER column)', () => {
    const { db, p1 } = fresh();
    const p2 = db.createElement('Plant', { label: 'P2' });
    db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-01-01', '2023-01-01'], segment: [1, 2], price: [1.5, null] });
    const read = db.readTimeSeriesGroup('Plant', 'bids', p1);
    expect(read.segment).toBeInstanceOf(Float64Array);
    db.updateTimeSeriesGroup('Plant', 'bids', p2, read);
    expect(db.readTimeSeriesGroup('Plant', 'bids', p2)).toEqual(read);
    expect(db.queryString('SELECT typeof(segment) FROM Plant_time_series_bids WHERE id = ?', [p2])).toBe('integer');
    // A fractional value in a Float64Array is still refused by the INTEGER column.
    expectNative(
      () => db.updateTimeSeriesGroup('Plant', 'bids', p2, { date_time: ['2023-01-01'], segment: Float64Array.of(1.5) }),
      "Cannot update_time_series_group: column 'segment' has type INTEGER but received REAL",
    );
  });

  it('Date values are written as UTC YYYY-MM-DDTHH:MM:SS text', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, {
      date_time: [new Date(Date.UTC(2024, 0, 15, 8, 30, 5, 999)), new Date('2023-12-31T23:00:00-02:00')],
      mw: [1, 2],
    });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).date_time).toEqual(['2024-01-01T01:00:00', '2024-01-15T08:30:05']);
  });

  it('date strings are stored verbatim (any ISO 8601 form) and ordered as text', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, {
      date_time: ['2023-01-10', '2023-01-09 08:00:00', '2023-01-09T10:30', '2023-01-09T07:00:00.250Z'],
      mw: [1, 2, 3, 4],
    });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).date_time).toEqual([
      '2023-01-09 08:00:00',
      '2023-01-09T07:00:00.250Z',
      '2023-01-09T10:30',
      '2023-01-10',
    ]);
  });

  it('text that is not a date-time is refused in a date column and nothing changes', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01'], mw: [1] });
    const forms = '(expected YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, years 0000 to 9999)';
    for (const [bad, index] of [
      ['garbage', 1],
      ['2030-13-45T99:99:99', 1],
      ['2023-1-9', 1],
      ['2023-02-29', 1],
      ['+010000-01-01T00:00', 1],
      ['2023-01-01T24:00:00', 1],
    ] as const) {
      expectNative(
        () => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-02', bad], mw: [1, 2] }),
        `Cannot update_time_series_group: column 'date_time' index ${index}: '${bad}' is not a valid date-time ${forms}`,
      );
      expectNative(
        () => db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: bad, mw: 1 }),
        `Cannot upsert_time_series_row: column 'date_time' index 0: '${bad}' is not a valid date-time ${forms}`,
      );
    }
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).date_time).toEqual(['2023-01-01']);
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2024-02-29', '0000-01-01', '9999-12-31T23:59:59'], mw: [1, 2, 3] });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).date_time).toEqual(['0000-01-01', '2024-02-29', '9999-12-31T23:59:59']);
  });

  it('NaN is refused in a value column (Float64Array or array) and nothing changes', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01'], mw: [1] });
    const message = "Cannot update_time_series_group: column 'mw' index 1: NaN is not a storable value (use NULL for a missing value)";
    expectNative(() => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-02', '2023-01-03'], mw: Float64Array.of(1, NaN) }), message);
    expectNative(() => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-02', '2023-01-03'], mw: [1.5, NaN] }), message);
    expectNative(
      () => db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-01-02', mw: NaN }),
      "Cannot upsert_time_series_row: column 'mw' index 0: NaN is not a storable value (use NULL for a missing value)",
    );
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({ date_time: ['2023-01-01'], mw: Float64Array.of(1), note: [null] });
  });

  it('infinities are stored in a REAL value column and read back', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01', '2023-01-02'], mw: Float64Array.of(Infinity, -Infinity) });
    expect(Array.from(db.readTimeSeriesGroup('Plant', 'output', p1).mw as Float64Array)).toEqual([Infinity, -Infinity]);
  });

  it('unknown collection and unknown group on update and read', () => {
    const { db, p1 } = fresh();
    const data = { date_time: ['2023-01-01'], mw: [1] };
    expectNative(() => db.updateTimeSeriesGroup('Nope', 'output', p1, data), 'Cannot update_time_series_group: collection not found: Nope');
    expectNative(() => db.updateTimeSeriesGroup('Plant', 'nope', p1, data), "Time series group 'nope' not found for collection 'Plant'");
    expectNative(() => db.readTimeSeriesGroup('Nope', 'output', p1), 'Cannot get_time_series_metadata: collection not found: Nope');
    expectNative(() => db.readTimeSeriesGroup('Plant', 'nope', p1), "Time series group not found: 'nope' in collection 'Plant'");
  });

  it('input errors caught before C: unequal lengths, non-array column, mixed strings and numbers', () => {
    const { db, p1 } = fresh();
    const invalid = (fn: () => unknown, message: string | RegExp) => {
      expect(fn).toThrow(message);
      try {
        fn();
      } catch (err) {
        expect((err as QuiverError).code).toBe('QUIVER_INVALID_ARGUMENT');
      }
    };
    invalid(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01', '2023-01-02'], mw: [1] }),
      "updateTimeSeriesGroup: column 'mw' has 1 rows, expected 2 like the first column",
    );
    invalid(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: '2023-01-01' } as never),
      "updateTimeSeriesGroup: column 'date_time' must be an array, got string",
    );
    invalid(
      () => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01', 5] }),
      "updateTimeSeriesGroup: column 'date_time' mixes strings and numbers (row 1)",
    );
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({});
  });
});
