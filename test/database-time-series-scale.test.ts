// Scale: a 1,000,000-row time series written and read back through the columnar path, and a
// 100,000-row group exported to CSV and imported again. Checks lengths and sample values only;
// timings are measured outside the test suite.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database, LogLevel, liveAllocations } from '../lib/index.js';
import { tmpDir, writeSchema } from './helpers.js';

const SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Station (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Station_time_series_flow (id INTEGER NOT NULL REFERENCES Station(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, inflow REAL, level REAL, PRIMARY KEY (id, date_time)) STRICT;
`;

const dir = tmpDir();
const schemaPath = writeSchema(dir, SCHEMA);
const dbs: Database[] = [];
function open(name: string): Database {
  const db = Database.fromSchema(path.join(dir, name), schemaPath, { consoleLevel: LogLevel.Off });
  dbs.push(db);
  return db;
}
afterAll(() => {
  for (const db of dbs) db.close();
  expect(liveAllocations()).toBe(0);
});

/** `n` hourly date-time strings from 2000-01-01T00:00:00, ascending (one Date per day, not per row). */
function hourly(n: number): string[] {
  const out = new Array<string>(n);
  for (let day = 0, i = 0; i < n; day++) {
    const prefix = new Date(Date.UTC(2000, 0, 1 + day)).toISOString().slice(0, 11);
    for (let h = 0; h < 24 && i < n; h++, i++) out[i] = `${prefix}${h < 10 ? '0' : ''}${h}:00:00`;
  }
  return out;
}

const inflowAt = (i: number) => i * 0.25 + 0.1;
const levelAt = (i: number) => Math.sin(i) * 1e3;

describe('time series at scale', () => {
  it('writes and reads back 1,000,000 rows × 2 float columns given as Float64Arrays', () => {
    const n = 1_000_000;
    const db = open('columnar.sqlite');
    const s1 = db.createElement('Station', { label: 'S1' });
    const dates = hourly(n);
    const inflow = new Float64Array(n);
    const level = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      inflow[i] = inflowAt(i);
      level[i] = levelAt(i);
    }
    db.updateTimeSeriesGroup('Station', 'flow', s1, { date_time: dates, inflow, level });
    expect(db.queryInteger('SELECT COUNT(*) FROM Station_time_series_flow WHERE id = ?', [s1])).toBe(n);

    const got = db.readTimeSeriesGroup('Station', 'flow', s1);
    expect(Object.keys(got)).toEqual(['date_time', 'inflow', 'level']);
    expect(got.date_time.length).toBe(n);
    expect(got.inflow).toBeInstanceOf(Float64Array);
    expect(got.level).toBeInstanceOf(Float64Array);
    expect(got.inflow.length).toBe(n);
    for (const i of [0, 1, 23, 24, 499_999, 777_777, n - 1]) {
      expect(got.date_time[i]).toBe(dates[i]);
      expect(got.inflow[i]).toBe(inflowAt(i));
      expect(got.level[i]).toBe(levelAt(i));
    }
    expect(got.date_time[n - 1]).toBe('2114-01-29T15:00:00');
  }, 300_000);

  it('exports 100,000 rows to CSV and imports them back unchanged', () => {
    const n = 100_000;
    const db = open('csv.sqlite');
    const s2 = db.createElement('Station', { label: 'S2' });
    const s3 = db.createElement('Station', { label: 'S3' });
    const dates = hourly(n);
    db.updateTimeSeriesGroup('Station', 'flow', s2, {
      date_time: dates,
      inflow: Float64Array.from({ length: n }, (_, i) => inflowAt(i) / 3),
      level: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : levelAt(i))),
    });
    db.updateTimeSeriesGroup('Station', 'flow', s3, { date_time: ['2000-01-01T00:00:00'], inflow: [1], level: [2] });
    const file = path.join(dir, 'flow.csv');
    db.exportCsv('Station', 'flow', file);
    const total = n + 1;
    expect(statSync(file).size).toBeGreaterThan(total * 20);

    // Change the group, then restore it from the file.
    db.updateTimeSeriesGroup('Station', 'flow', s2, {});
    db.updateTimeSeriesGroup('Station', 'flow', s3, { date_time: ['2099-01-01T00:00:00'], inflow: [9], level: [9] });
    db.importCsv('Station', 'flow', file);

    expect(db.queryInteger('SELECT COUNT(*) FROM Station_time_series_flow')).toBe(total);
    expect(db.queryInteger('SELECT COUNT(*) FROM Station_time_series_flow WHERE id = ?', [s2])).toBe(n);
    expect(db.queryInteger('SELECT COUNT(*) FROM Station_time_series_flow WHERE id = ? AND level IS NULL', [s2])).toBe(n / 10);
    const got = db.readTimeSeriesGroup('Station', 'flow', s2);
    expect(got.date_time.length).toBe(n);
    for (const i of [0, 1, 12_345, 54_321, n - 1]) {
      expect(got.date_time[i]).toBe(dates[i]);
      expect(got.inflow[i]).toBe(inflowAt(i) / 3);
      expect(got.level[i]).toBe(i % 10 === 0 ? null : levelAt(i));
    }
    expect(db.readTimeSeriesGroup('Station', 'flow', s3)).toEqual({
      date_time: ['2000-01-01T00:00:00'],
      inflow: new Float64Array([1]),
      level: new Float64Array([2]),
    });
    // Rows by element id, then date: S2's first rows (NULL level every 10th row), S3's row last.
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('sep=,\nid,date_time,inflow,level\nS2,2000-01-01T00:00:00,0.03333333333333333,\nS2,2000-01-01T01:00:00,')).toBe(true);
    expect(text.endsWith('\nS3,2000-01-01T00:00:00,1,2\n')).toBe(true);
  }, 300_000);
});
