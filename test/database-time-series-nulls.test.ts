// NULL cells in time series: presence masks in and out, NULL data columns,
// and how the TypeScript API maps them (null entries; float/integer columns without NULLs are Float64Array).

import { describe, expect, it } from 'vitest';
import { Database } from '../lib/index.js';
import { databaseState } from '../lib/database.js';
import { asPointer, decodeInt32Array, decodeMask, decodePointerArray, decodeStringArray, native, type OutPtr, type OutSize } from '../lib/native.js';
import type { DatabasePtr } from '../lib/types.js';
import { databaseFixture, PLANT_SCHEMA } from './helpers.js';

// The plant schema plus Sensor for a NULL-able INTEGER and date value column
// (date_until sorts after date_time, so date_time stays the dimension).
const SCHEMA = `${PLANT_SCHEMA}CREATE TABLE Sensor (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Sensor_time_series_readings (id INTEGER NOT NULL REFERENCES Sensor(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, hits INTEGER, level REAL, tag TEXT, date_until TEXT, PRIMARY KEY (id, date_time)) STRICT;
`;

const databases = databaseFixture(SCHEMA);
function fresh(): { db: Database; p1: number; s1: number } {
  const db = databases.open();
  return { db, p1: db.createElement('Plant', { label: 'P1' }), s1: db.createElement('Sensor', { label: 'S1' }) };
}

function handle(db: Database): DatabasePtr {
  return databaseState(db).ptr!;
}

/** Masks and string cells of a raw read of Plant.output (freed before returning). */
function rawNote(db: Database, id: number): { names: string[]; masks: (number[] | null)[]; noteCells: (bigint | null)[]; notes: (string | null)[] } {
  const lib = native();
  const o = { names: [null], types: [null], data: [null], masks: [null] } as Record<string, OutPtr>;
  const cc: OutSize = [0];
  const rc: OutSize = [0];
  expect(lib.quiver_database_read_time_series_group(handle(db), 'Plant', 'output', id, o.names!, o.types!, o.data!, o.masks!, cc, rc)).toBe(0);
  const columns = Number(cc[0]);
  const rows = Number(rc[0]);
  try {
    const names = decodeStringArray(o.names![0], columns) as string[];
    const note = names.indexOf('note');
    const data = decodePointerArray(o.data![0], columns);
    expect(decodeInt32Array(o.types![0], columns)[note]).toBe(2);
    return {
      names,
      masks: decodePointerArray(o.masks![0], columns).map((m) => {
        const mask = decodeMask(m, rows);
        return mask === null ? null : Array.from(mask);
      }),
      noteCells: decodePointerArray(data[note]!, rows),
      notes: decodeStringArray(data[note]!, rows),
    };
  } finally {
    lib.quiver_database_free_time_series_data(o.names![0], o.types![0], o.data![0], o.masks![0], columns, rows);
  }
}

const DATES = ['2023-05-01', '2023-05-02'];

describe('NULL cells in time series', () => {
  it('a note mask {1, 0} reads back as mask {1, 0} with a NULL data pointer', () => {
    const { db, p1 } = fresh();
    const rcode = native().quiver_database_update_time_series_group(
      handle(db), 'Plant', 'output', p1, ['date_time', 'mw', 'note'], Int32Array.of(2, 1, 2),
      [asPointer(DATES, 'const char **'), asPointer(Float64Array.of(1, 2), 'double *'), asPointer(['kept', 'ignored'], 'const char **')],
      [null, null, Uint8Array.of(1, 0)], 3, 2,
    );
    expect(rcode).toBe(0);
    const raw = rawNote(db, p1);
    expect(raw.masks).toEqual([[1, 1], [1, 1], [1, 0]]);
    expect(raw.noteCells[1]).toBeNull();
    expect(raw.notes).toEqual(['kept', null]);
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).note).toEqual(['kept', null]);
  });

  it('column_has_value = NULL means every cell is present', () => {
    const { db, p1 } = fresh();
    const rcode = native().quiver_database_update_time_series_group(
      handle(db), 'Plant', 'output', p1, ['date_time', 'mw', 'note'], Int32Array.of(2, 1, 2),
      [asPointer(DATES, 'const char **'), asPointer(Float64Array.of(1, 2), 'double *'), asPointer(['a', 'b'], 'const char **')],
      null, 3, 2,
    );
    expect(rcode).toBe(0);
    expect(rawNote(db, p1).masks).toEqual([[1, 1], [1, 1], [1, 1]]);
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({ date_time: DATES, mw: new Float64Array([1, 2]), note: ['a', 'b'] });
  });

  it('column_data[note] = NULL makes every note cell NULL', () => {
    const { db, p1 } = fresh();
    const rcode = native().quiver_database_update_time_series_group(
      handle(db), 'Plant', 'output', p1, ['date_time', 'mw', 'note'], Int32Array.of(2, 1, 2),
      [asPointer(DATES, 'const char **'), asPointer(Float64Array.of(1, 2), 'double *'), null],
      null, 3, 2,
    );
    expect(rcode).toBe(0);
    expect(rawNote(db, p1).masks[2]).toEqual([0, 0]);
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).note).toEqual([null, null]);
    expect(db.queryInteger('SELECT COUNT(*) FROM Plant_time_series_output WHERE note IS NULL')).toBe(2);
  });

  it('a NULL pointer inside a STRING column is a NULL cell', () => {
    const { db, p1 } = fresh();
    const rcode = native().quiver_database_update_time_series_group(
      handle(db), 'Plant', 'output', p1, ['date_time', 'note'], Int32Array.of(2, 2),
      [asPointer(DATES, 'const char **'), asPointer([null, 'x'], 'const char **')], null, 2, 2,
    );
    expect(rcode).toBe(0);
    expect(db.readTimeSeriesGroup('Plant', 'output', p1).note).toEqual([null, 'x']);
  });

  it('null and undefined in JS arrays are NULL cells; a float column with NULLs is a plain array', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01', '2023-05-02', '2023-05-03'], mw: [1.5, null, undefined], note: [undefined, 'x', null] });
    const got = db.readTimeSeriesGroup('Plant', 'output', p1);
    expect(got.mw).toEqual([1.5, null, null]);
    expect(Array.isArray(got.mw)).toBe(true);
    expect(got.note).toEqual([null, 'x', null]);
  });

  it('a column omitted from the update is NULL in every row', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: DATES, note: ['a', 'b'] });
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({ date_time: DATES, mw: [null, null], note: ['a', 'b'] });
  });

  it('an all-null column is accepted by every column type', () => {
    const { db, s1 } = fresh();
    db.updateTimeSeriesGroup('Sensor', 'readings', s1, { date_time: DATES, hits: [null, null], level: [null, null], tag: [null, null], date_until: [null, null] });
    expect(db.readTimeSeriesGroup('Sensor', 'readings', s1)).toEqual({
      date_time: DATES,
      hits: [null, null],
      level: [null, null],
      tag: [null, null],
      date_until: [null, null],
    });
  });

  it('INTEGER columns: no NULL → Float64Array, some NULL → array with null', () => {
    const { db, s1 } = fresh();
    db.updateTimeSeriesGroup('Sensor', 'readings', s1, { date_time: DATES, hits: [7, -3], level: [0.5, 2] });
    expect(db.readTimeSeriesGroup('Sensor', 'readings', s1).hits).toEqual(new Float64Array([7, -3]));
    db.updateTimeSeriesGroup('Sensor', 'readings', s1, { date_time: DATES, hits: [null, 4], level: [0.5, null] });
    const got = db.readTimeSeriesGroup('Sensor', 'readings', s1);
    expect(got.hits).toEqual([null, 4]);
    expect(got.level).toEqual([0.5, null]);
  });

  it('a date value column with NULLs, given as Date and null', () => {
    const { db, s1 } = fresh();
    db.updateTimeSeriesGroup('Sensor', 'readings', s1, { date_time: DATES, date_until: [new Date(Date.UTC(2023, 4, 1, 12)), null] });
    expect(db.readTimeSeriesGroup('Sensor', 'readings', s1).date_until).toEqual(['2023-05-01T12:00:00', null]);
  });

  it('a NULL dimension cell fails with the SQLite NOT NULL error and keeps the old rows', () => {
    const { db, p1 } = fresh();
    db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2020-01-01'], mw: [1] });
    expect(() => db.updateTimeSeriesGroup('Plant', 'output', p1, { date_time: ['2023-05-01', null], mw: [1, 2] })).toThrow(
      /NOT NULL constraint failed/,
    );
    expect(db.readTimeSeriesGroup('Plant', 'output', p1)).toEqual({ date_time: ['2020-01-01'], mw: new Float64Array([1]), note: [null] });
  });

  it('non-finite floats survive a NULL-free REAL column', () => {
    const { db, s1 } = fresh();
    db.updateTimeSeriesGroup('Sensor', 'readings', s1, { date_time: ['2030-01-01', '2030-01-02'], level: [Infinity, -Infinity] });
    expect(db.readTimeSeriesGroup('Sensor', 'readings', s1).level).toEqual(new Float64Array([Infinity, -Infinity]));
  });
});
