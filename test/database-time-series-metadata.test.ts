// Time-series metadata: getTimeSeriesMetadata and listTimeSeriesGroups.

import { describe, expect, it } from 'vitest';
import { DataType } from '../lib/index.js';
import { databaseFixture, expectNative, PLANT_SCHEMA } from './helpers.js';

// Dimension chosen by name among date columns; value columns keep declaration order.
const MULTI_DATE_SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Unit (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Unit_time_series_state (id INTEGER NOT NULL REFERENCES Unit(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_x TEXT NOT NULL, level REAL, date_a TEXT, count INTEGER, PRIMARY KEY (id, date_x)) STRICT;
`;

const fresh = databaseFixture(PLANT_SCHEMA).open;

describe('getTimeSeriesMetadata', () => {
  it('output has dimension date_time and value columns mw, note in order', () => {
    const db = fresh();
    const m = db.getTimeSeriesMetadata('Plant', 'output');
    expect(m.groupName).toBe('output');
    expect(m.dimensionColumn).toBe('date_time');
    expect(m.valueColumns.map((c) => c.name)).toEqual(['mw', 'note']);
    expect(m.valueColumns.map((c) => c.dataType)).toEqual([DataType.Float, DataType.String]);
    expect(m.valueColumns.every((c) => !c.notNull && !c.primaryKey)).toBe(true);
  });

  it('bids reports segment as a primary-key value column before price', () => {
    const db = fresh();
    const m = db.getTimeSeriesMetadata('Plant', 'bids');
    expect(m.dimensionColumn).toBe('date_time');
    expect(m.valueColumns.map((c) => [c.name, c.dataType, c.primaryKey])).toEqual([
      ['segment', DataType.Integer, true],
      ['price', DataType.Float, false],
    ]);
  });

  it('an unknown group fails with the exact message', () => {
    const db = fresh();
    expectNative(() => db.getTimeSeriesMetadata('Plant', 'nope'), "Time series group not found: 'nope' in collection 'Plant'");
  });

  it('an unknown collection fails with the get_time_series_metadata message', () => {
    const db = fresh();
    expectNative(() => db.getTimeSeriesMetadata('Nope', 'output'), 'Cannot get_time_series_metadata: collection not found: Nope');
  });

  it('the dimension is the byte-wise first date column; other date columns stay value columns in declaration order', () => {
    const db = fresh(MULTI_DATE_SCHEMA);
    const m = db.getTimeSeriesMetadata('Unit', 'state');
    expect(m.dimensionColumn).toBe('date_a');
    expect(m.valueColumns.map((c) => [c.name, c.dataType])).toEqual([
      ['date_x', DataType.DateTime],
      ['level', DataType.Float],
      ['count', DataType.Integer],
    ]);
  });
});

describe('listTimeSeriesGroups', () => {
  it('Plant lists bids then output (by group name)', () => {
    const db = fresh();
    const groups = db.listTimeSeriesGroups('Plant');
    expect(groups.map((g) => g.groupName)).toEqual(['bids', 'output']);
    expect(groups.map((g) => g.valueColumns.map((c) => c.name))).toEqual([
      ['segment', 'price'],
      ['mw', 'note'],
    ]);
  });

  it('a collection without time series gives an empty list', () => {
    const db = fresh();
    expect(db.listTimeSeriesGroups('Owner')).toEqual([]);
  });
});
