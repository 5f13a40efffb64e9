// Time-series files: the one-row table of file paths of a collection.

import { describe, expect, it } from 'vitest';
import { native } from '../lib/native.js';
import { databaseFixture, expectNative, PLANT_SCHEMA } from './helpers.js';

// Columns declared out of name order, to tell declaration order from byte-wise order.
const UNORDERED_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Hydro (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Hydro_time_series_files (zeta TEXT, alpha TEXT, Mid TEXT) STRICT;
`;

const fresh = databaseFixture(PLANT_SCHEMA).open;

describe('time-series files', () => {
  it('hasTimeSeriesFiles is true for Plant, false for Owner', () => {
    const db = fresh();
    expect(db.hasTimeSeriesFiles('Plant')).toBe(true);
    expect(db.hasTimeSeriesFiles('Owner')).toBe(false);
  });

  it('listTimeSeriesFilesColumns gives curve, limits; Owner has no table', () => {
    const db = fresh();
    expect(db.listTimeSeriesFilesColumns('Plant')).toEqual(['curve', 'limits']);
    expectNative(() => db.listTimeSeriesFilesColumns('Owner'), 'Time series files table not found: Owner_time_series_files');
  });

  it('before any update both paths are null', () => {
    const db = fresh();
    expect(db.readTimeSeriesFiles('Plant')).toEqual({ curve: null, limits: null });
  });

  it('an update replaces the whole row; unlisted columns become null', () => {
    const db = fresh();
    db.updateTimeSeriesFiles('Plant', { limits: 'b.bin', curve: 'a.bin' });
    expect(db.readTimeSeriesFiles('Plant')).toEqual({ curve: 'a.bin', limits: 'b.bin' });
    db.updateTimeSeriesFiles('Plant', { curve: 'c.bin' });
    expect(db.readTimeSeriesFiles('Plant')).toEqual({ curve: 'c.bin', limits: null });
    expect(db.queryInteger('SELECT COUNT(*) FROM Plant_time_series_files')).toBe(1);
  });

  it('refuses an update of a column the files table does not have', () => {
    const db = fresh();
    expectNative(
      () => db.updateTimeSeriesFiles('Plant', { other: 'x' }),
      "Cannot update_time_series_files: column 'other' not found in table 'Plant_time_series_files'",
    );
  });

  it('readTimeSeriesFiles on a collection without a files table fails', () => {
    const db = fresh();
    expectNative(() => db.readTimeSeriesFiles('Owner'), "Time series files table not found for collection 'Owner'");
  });

  it('list is in declaration order, read in byte-wise name order', () => {
    const db = fresh(UNORDERED_SCHEMA);
    expect(db.listTimeSeriesFilesColumns('Hydro')).toEqual(['zeta', 'alpha', 'Mid']);
    db.updateTimeSeriesFiles('Hydro', { zeta: 'z.csv', Mid: 'm.csv' });
    const read = db.readTimeSeriesFiles('Hydro');
    expect(Object.keys(read)).toEqual(['Mid', 'alpha', 'zeta']);
    expect(read).toEqual({ Mid: 'm.csv', alpha: null, zeta: 'z.csv' });
  });

  it('a null path clears one column; {} changes nothing', () => {
    const db = fresh();
    db.updateTimeSeriesFiles('Plant', { curve: 'a.bin', limits: 'b.bin' });
    db.updateTimeSeriesFiles('Plant', {});
    expect(db.readTimeSeriesFiles('Plant')).toEqual({ curve: 'a.bin', limits: 'b.bin' });
    db.updateTimeSeriesFiles('Plant', { curve: null, limits: 'd.bin' });
    expect(db.readTimeSeriesFiles('Plant')).toEqual({ curve: null, limits: 'd.bin' });
  });

  it('paths with spaces and non-ASCII text round-trip verbatim', () => {
    const db = fresh();
    db.updateTimeSeriesFiles('Plant', { curve: '/data/água fria/curve 1.csv', limits: '' });
    expect(db.readTimeSeriesFiles('Plant')).toEqual({ curve: '/data/água fria/curve 1.csv', limits: '' });
  });

  it('{} on a collection without the table still fails', () => {
    const db = fresh();
    expectNative(() => db.updateTimeSeriesFiles('Owner', {}), "Time series files table not found for collection 'Owner'");
  });

  it('unknown collection messages name each function', () => {
    const db = fresh();
    expectNative(() => db.hasTimeSeriesFiles('Nope'), 'Cannot has_time_series_files: collection not found: Nope');
    expectNative(() => db.listTimeSeriesFilesColumns('Nope'), 'Cannot list_time_series_files_columns: collection not found: Nope');
    expectNative(() => db.readTimeSeriesFiles('Nope'), 'Cannot read_time_series_files: collection not found: Nope');
    expectNative(() => db.updateTimeSeriesFiles('Nope', { curve: 'x' }), 'Cannot update_time_series_files: collection not found: Nope');
  });

  it('a non-string path is refused before C', () => {
    const db = fresh();
    expect(() => db.updateTimeSeriesFiles('Plant', { curve: 5 as never })).toThrow("updateTimeSeriesFiles: path for 'curve' must be a string or null");
    expect(db.readTimeSeriesFiles('Plant')).toEqual({ curve: null, limits: null });
  });

  it('free_time_series_files checks columns then paths for NULL', () => {
    expect(native().quiver_database_free_time_series_files(null, null, 0)).toBe(1);
    expect(native().quiver_get_last_error()).toBe('Null argument: columns');
  });
});
