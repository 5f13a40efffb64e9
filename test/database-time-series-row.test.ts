// Single-row time-series access: upsertTimeSeriesRow and readTimeSeriesRow.

import { describe, expect, it } from 'vitest';
import { Database } from '../lib/index.js';
import { databaseState } from '../lib/database.js';
import { asPointer, decodeFloat64Array, native, type OutPtr, type OutSize } from '../lib/native.js';
import type { DatabasePtr } from '../lib/types.js';
import { databaseFixture, expectNative, PLANT_SCHEMA } from './helpers.js';

const fresh = databaseFixture(PLANT_SCHEMA).open;

function handle(db: Database): DatabasePtr {
  return databaseState(db).ptr!;
}

describe('upsertTimeSeriesRow', () => {
  it('a second upsert on the same date replaces the row', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-01', mw: 4.0 });
    db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-01', mw: 6.0 });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({ date_time: ['2023-05-01'], mw: new Float64Array([6]), note: [null] });
  });

  it('segment 2 next to segment 1 on the same date gives two rows', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.upsertTimeSeriesRow('Plant', 'bids', p1, { date_time: '2023-05-01', segment: 1, price: 10.5 });
    db.upsertTimeSeriesRow('Plant', 'bids', p1, { date_time: '2023-05-01', segment: 2, price: 12.5 });
    const got = db.readTimeSeriesGroup('Plant', 'bids', p1);
    expect(got.date_time).toEqual(['2023-05-01', '2023-05-01']);
    expect([...(got.segment as Float64Array)].sort()).toEqual([1, 2]);
    expect(db.queryFloat('SELECT price FROM Plant_time_series_bids WHERE segment = 2')).toBe(12.5);
  });

  it('refuses a row without its date_time dimension', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    expectNative(() => db.upsertTimeSeriesRow('Plant', 'output', p1, { mw: 1.5 }), "Cannot upsert_time_series_row: row missing required 'date_time' column");
  });

  it('refuses a column that is not in the group', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    expectNative(
      () => db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-01', pressure: 3 }),
      "Cannot upsert_time_series_row: column 'pressure' not found in group 'output' for collection 'Plant'",
    );
  });

  it('refuses an unknown type tag at C level', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    const rc = native().quiver_database_upsert_time_series_row(
      handle(db), 'Plant', 'output', p1, ['date_time', 'mw'], Int32Array.of(2, 999),
      [asPointer(['2023-05-01'], 'const char **'), asPointer(Float64Array.of(1), 'double *')], 2,
    );
    expect(rc).toBe(1);
    expect(native().quiver_get_last_error()).toBe('Cannot upsert_time_series_row: unknown column type 999');
  });

  it('refuses an unknown collection', () => {
    const db = fresh();
    expectNative(() => db.upsertTimeSeriesRow('Nope', 'output', 1, { date_time: '2023-05-01' }), 'Cannot upsert_time_series_row: collection not found: Nope');
  });

  it('unknown group and type mismatch use the upsert messages', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    expectNative(() => db.upsertTimeSeriesRow('Plant', 'nope', p1, { date_time: '2023-05-01' }), "Time series group 'nope' not found for collection 'Plant'");
    expectNative(
      () => db.upsertTimeSeriesRow('Plant', 'bids', p1, { date_time: '2023-05-01', segment: 1.5 }),
      "Cannot upsert_time_series_row: column 'segment' has type INTEGER but received REAL",
    );
    expectNative(
      () => db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-01', note: 5 }),
      "Cannot upsert_time_series_row: column 'note' has type TEXT but received INTEGER",
    );
  });

  it('replacing a row drops value columns not given; other rows stay; Date keys are UTC text', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-01T00:00:00', mw: 1, note: 'first' });
    db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-02T00:00:00', mw: 2, note: 'second' });
    db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: new Date(Date.UTC(2023, 4, 1)), note: 'again' });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({
      date_time: ['2023-05-01T00:00:00', '2023-05-02T00:00:00'],
      mw: [null, 2],
      note: ['again', 'second'],
    });
  });

  it('an integer into the REAL column is stored as a real', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-01', mw: 3n });
    expect(db.queryString('SELECT typeof(mw) FROM Plant_time_series_output')).toBe('real');
  });

  it('null values are refused before C with an invalid-argument error', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    expect(() => db.upsertTimeSeriesRow('Plant', 'output', p1, { date_time: '2023-05-01', mw: null as never })).toThrow(
      "upsertTimeSeriesRow: unsupported value for column 'mw': null",
    );
  });
});

describe('readTimeSeriesRow', () => {
  function withGaps(db: Database): number {
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01', '2023-01-05'], mw: [1.0, null], note: ['n1', null] });
    db.updateTimeSeriesGroup('Plant', 'bids', p1, { date_time: ['2023-01-01'], segment: [4], price: [9.5] });
    return p1;
  }

  it('the latest non-NULL value at or before the date', () => {
    const db = fresh();
    withGaps(db);
    expect(db.readTimeSeriesRow('Plant', 'output', 'mw', '2023-01-09')).toEqual([1.0]);
    expect(db.readTimeSeriesRow('Plant', 'output', 'note', '2023-01-09')).toEqual(['n1']);
    expect(db.readTimeSeriesRow('Plant', 'output', 'mw', new Date(Date.UTC(2023, 0, 9)))).toEqual([1.0]);
  });

  it('before any row: float NaN (null), string NULL (null), integer 0', () => {
    const db = fresh();
    withGaps(db);
    expect(db.readTimeSeriesRow('Plant', 'output', 'mw', '2022-12-31')).toEqual([null]);
    expect(db.readTimeSeriesRow('Plant', 'output', 'note', '2022-12-31')).toEqual([null]);
    expect(db.readTimeSeriesRow('Plant', 'bids', 'segment', '2022-12-31')).toEqual([0]);
    // C level: the FLOAT placeholder is NaN and the type tag is FLOAT.
    const type: [number] = [-1];
    const values: OutPtr = [null];
    const count: OutSize = [0];
    expect(native().quiver_database_read_time_series_row(handle(db), 'Plant', 'output', 'mw', '2022-12-31', type, values, count)).toBe(0);
    expect(type[0]).toBe(1);
    expect(Number(count[0])).toBe(1);
    expect(Number.isNaN(decodeFloat64Array(values[0], 1)[0])).toBe(true);
    native().quiver_database_free_float_array(values[0]);
  });

  it('three elements, only the second has data', () => {
    const db = fresh();
    db.createElement('Plant', { label: 'A' });
    const b = db.createElement('Plant', { label: 'B' });
    db.createElement('Plant', { label: 'C' });
    db.updateTimeSeriesGroup('Plant', 'output', b, { date_time: ['2023-01-01'], mw: [7.25], note: ['b'] });
    db.updateTimeSeriesGroup('Plant', 'bids', b, { date_time: ['2023-01-01'], segment: [3] });
    expect(db.readTimeSeriesRow('Plant', 'output', 'mw', '2023-02-01')).toEqual([null, 7.25, null]);
    expect(db.readTimeSeriesRow('Plant', 'output', 'note', '2023-02-01')).toEqual([null, 'b', null]);
    expect(db.readTimeSeriesRow('Plant', 'bids', 'segment', '2023-02-01')).toEqual([0, 3, 0]);
  });

  it('the dimension column is not an attribute', () => {
    const db = fresh();
    withGaps(db);
    expectNative(
      () => db.readTimeSeriesRow('Plant', 'output', 'date_time', '2023-01-09'),
      "Time series attribute not found: 'date_time' in group 'output' of collection 'Plant'",
    );
    expectNative(
      () => db.readTimeSeriesRow('Plant', 'output', 'id', '2023-01-09'),
      "Time series attribute not found: 'id' in group 'output' of collection 'Plant'",
    );
  });

  it('a collection with no elements gives count 0 and NULL values', () => {
    const db = fresh();
    expect(db.readTimeSeriesRow('Plant', 'output', 'mw', '2023-01-01')).toEqual([]);
    const type: [number] = [-1];
    const values: OutPtr = [null];
    const count: OutSize = [7];
    expect(native().quiver_database_read_time_series_row(handle(db), 'Plant', 'output', 'mw', '2023-01-01', type, values, count)).toBe(0);
    expect(Number(count[0])).toBe(0);
    expect(values[0]).toBeNull();
  });

  it('the comparison is textual and inclusive of the given date', () => {
    const db = fresh();
    const p1 = db.createElement('Plant', { label: 'P1' });
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-01-01T00:00:00', '2023-01-02T00:00:00'], mw: [1, 2] });
    expect(db.readTimeSeriesRow('Plant', 'output', 'mw', '2023-01-02T00:00:00')).toEqual([2]);
    expect(db.readTimeSeriesRow('Plant', 'output', 'mw', '2023-01-02')).toEqual([1]);
  });

  it('unknown collection and group', () => {
    const db = fresh();
    expectNative(() => db.readTimeSeriesRow('Nope', 'output', 'mw', '2023-01-01'), 'Cannot read_time_series_row: collection not found: Nope');
    expectNative(() => db.readTimeSeriesRow('Plant', 'nope', 'mw', '2023-01-01'), "Time series group 'nope' not found for collection 'Plant'");
  });
});
