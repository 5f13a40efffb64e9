// A study for the Quiver Studio tests and benchmark: buses, plants with a foreign key, a cost curve
// (vector), fuels (set), hourly generation and price (a time series with two numeric columns) and a
// time-series files table. Also a raw HTTP client, for requests a browser's fetch would not send.
// No vitest import here: bench/studio-render.ts uses it too.

import { writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { Database, LogLevel } from '../lib/index.js';

export const STUDY_SCHEMA = `\
PRAGMA user_version = 3;
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Bus (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, voltage_kv REAL) STRICT;
CREATE TABLE Plant (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, capacity_mw REAL, units INTEGER,
  date_commissioned TEXT, bus_id INTEGER, FOREIGN KEY (bus_id) REFERENCES Bus(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
CREATE TABLE Plant_vector_cost_curve (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, segment_mw REAL, cost_per_mwh REAL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE Plant_set_fuels (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  fuel TEXT NOT NULL, UNIQUE (id, fuel)) STRICT;
CREATE TABLE Plant_time_series_generation (id INTEGER NOT NULL REFERENCES Plant(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, generation_mw REAL, spot_price REAL, PRIMARY KEY (id, date_time)) STRICT;
CREATE TABLE Plant_time_series_files (generation TEXT, inflow TEXT) STRICT;
`;

/** What createStudy puts in. */
export interface StudySize {
  /** Buses "Bus 1"… */
  buses?: number;
  /** Plants "Plant 1"…; every 7th has no bus. */
  plants?: number;
  /** Hours of generation for Plant 1, from 2030-01-01T00:00:00. */
  hours?: number;
  /** Hours whose spot_price is NULL. */
  nullPrices?: number[];
}

/** `count` hourly date-times from 2030-01-01T00:00:00. */
export function hourly(count: number): string[] {
  const start = Date.UTC(2030, 0, 1);
  return Array.from({ length: count }, (_, h) => new Date(start + h * 3_600_000).toISOString().slice(0, 19));
}

/** Plant 1's generation at hour `h`. */
export const generationAt = (h: number) => 300 + 100 * Math.sin((Math.PI * h) / 12);
/** Plant 1's spot price at hour `h`. */
export const priceAt = (h: number) => 40 + 10 * Math.cos((Math.PI * h) / 12);

/** Creates the study in `dir`/study.db and returns its path (the database is closed). */
export function createStudy(dir: string, size: StudySize = {}): string {
  const { buses = 2, plants = 3, hours = 48, nullPrices = [] } = size;
  const file = path.join(dir, 'study.db');
  const schema = path.join(dir, 'study.sql');
  writeFileSync(schema, STUDY_SCHEMA);
  using db = Database.fromSchema(file, schema, { consoleLevel: LogLevel.Off });
  db.transaction(() => {
    db.createElement('Configuration', { label: 'base case' });
    for (let b = 1; b <= buses; b++) db.createElement('Bus', { label: `Bus ${b}`, voltage_kv: 69 * b });
    for (let p = 1; p <= plants; p++) {
      db.createElement('Plant', {
        label: `Plant ${p}`,
        capacity_mw: 100 + ((p * 37) % 500),
        units: p % 4,
        date_commissioned: `20${String(p % 30).padStart(2, '0')}-05-01T00:00:00`,
        bus_id: p % 7 === 0 ? null : `Bus ${1 + (p % buses)}`,
      });
    }
    db.updateVectorGroup('Plant', 'cost_curve', 1, { segment_mw: [200, 150, 100], cost_per_mwh: [31.5, 36, 44.25] });
    db.updateSetGroup('Plant', 'fuels', 1, { fuel: ['coal', 'gas'] });
    if (hours > 0) {
      const nulls = new Set(nullPrices);
      const price = Array.from({ length: hours }, (_, h) => (nulls.has(h) ? null : priceAt(h)));
      db.updateTimeSeriesGroup('Plant', 'generation', 1, {
        date_time: hourly(hours),
        generation_mw: Float64Array.from({ length: hours }, (_, h) => generationAt(h)),
        spot_price: nulls.size > 0 ? price : Float64Array.from(price as number[]),
      });
    }
    db.updateTimeSeriesFiles('Plant', { generation: 'generation.csv' });
  });
  return file;
}

/** A reply read in full. */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
}

/** One HTTP request with exactly the given headers (no cookie jar, no CORS machinery). */
export function http(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // agent: false, a connection per request: a pooled one would outlive a closed server.
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString('utf8')) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
