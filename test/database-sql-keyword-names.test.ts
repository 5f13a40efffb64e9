// Collections, groups and attributes named after SQL keywords ("Order", "Select", "group",
// "from", "select") work in every area: every identifier the library puts into SQL is quoted
// (Quiver 0.10 cannot even load such a schema).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, LuaRunner } from '../lib/index.js';
import { tmpDir, writeSchema } from './helpers.js';

const SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE "group" (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, "where" TEXT) STRICT;
CREATE TABLE "Select" (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE "Order" (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, "select" REAL,
  "from" INTEGER, date_due TEXT,
  group_id INTEGER REFERENCES "group"(id) ON DELETE SET NULL ON UPDATE CASCADE) STRICT;
CREATE INDEX "index" ON "Order" ("from");
CREATE TABLE "Order_vector_values" (id INTEGER NOT NULL REFERENCES "Order"(id) ON DELETE CASCADE ON UPDATE CASCADE,
  vector_index INTEGER NOT NULL, "order" REAL, PRIMARY KEY (id, vector_index)) STRICT;
CREATE TABLE "Order_set_tags" (id INTEGER NOT NULL REFERENCES "Order"(id) ON DELETE CASCADE ON UPDATE CASCADE,
  "table" TEXT NOT NULL, UNIQUE (id, "table")) STRICT;
CREATE TABLE "Order_time_series_values" (id INTEGER NOT NULL REFERENCES "Order"(id) ON DELETE CASCADE ON UPDATE CASCADE,
  date_time TEXT NOT NULL, "limit" REAL, PRIMARY KEY (id, date_time)) STRICT;
CREATE TABLE "Order_time_series_files" ("default" TEXT) STRICT;
`;

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

function open(): { db: Database; dir: string } {
  const dir = tmpDir();
  const db = Database.fromSchema(path.join(dir, 'k.db'), writeSchema(dir, SCHEMA), { consoleLevel: LogLevel.Off });
  return { db, dir };
}

describe('SQL keywords as names', () => {
  it('loads, writes, reads, updates and deletes elements and their groups', () => {
    const { db } = open();
    try {
      expect(db.listScalarAttributes('Order').map((a) => a.name)).toEqual(['id', 'label', 'select', 'from', 'date_due', 'group_id']);
      const g = db.createElement('group', { label: 'G', where: 'here' });
      db.createElement('Select', { label: 'S' });
      const id = db.createElement('Order', { label: 'O1', select: 1.5, from: 3, date_due: '2030-01-01', group_id: 'G', order: [1, 2], table: ['a', 'b'] });
      expect(db.readScalarsById('Order', id)).toEqual({ id, label: 'O1', select: 1.5, from: 3, date_due: '2030-01-01', group_id: g });
      expect(db.readVectorFloats('Order', 'order')).toEqual([[1, 2]]);
      expect(db.readSetStringsById('Order', 'table', id)).toEqual(['a', 'b']);
      db.updateElement('Order', id, { from: 4, order: [9] });
      expect(db.readScalarIntegers('Order', 'from')).toEqual([4]);
      db.updateVectorGroup('Order', 'values', id, { order: [7, 8] });
      expect(db.readVectorGroupById('Order', 'values', id)).toEqual({ order: Float64Array.of(7, 8) });
      db.updateTimeSeriesGroup('Order', 'values', id, { date_time: ['2030-01-01', '2030-01-02'], limit: [1, 2] });
      db.upsertTimeSeriesRow('Order', 'values', id, { date_time: '2030-01-03', limit: 3 });
      expect(db.readTimeSeriesGroup('Order', 'values', id).limit).toEqual(Float64Array.of(1, 2, 3));
      expect(db.readTimeSeriesRow('Order', 'values', 'limit', '2030-01-02')).toEqual([2]);
      db.updateTimeSeriesFiles('Order', { default: 'a.bin' });
      expect(db.readTimeSeriesFiles('Order')).toEqual({ default: 'a.bin' });
      expect(db.getTimeSeriesMetadata('Order', 'values').dimensionColumn).toBe('date_time');
      expect(db.describe()).toContain('Order');
      expect(db.summarizeCollection('Order')).toContain('from: 1 non-null');
      db.deleteElement('group', g);
      expect(db.readScalarIntegers('Order', 'group_id')).toEqual([null]);
      db.deleteElement('Order', id);
      expect(db.numberOfElements('Order')).toBe(0);
    } finally {
      db.close();
    }
  });

  it('exports and imports CSV, and serves Lua scripts', () => {
    const { db, dir } = open();
    try {
      db.createElement('group', { label: 'G' });
      const id = db.createElement('Order', { label: 'O1', select: 2, group_id: 'G', order: [5] });
      const file = path.join(dir, 'order.csv');
      db.exportCsv('Order', '', file);
      expect(readFileSync(file, 'utf8')).toBe('sep=,\nlabel,select,from,date_due,group_id\nO1,2,,,G\n');
      db.importCsv('Order', '', file);
      db.exportCsv('Order', 'values', file);
      db.importCsv('Order', 'values', file);
      expect(db.readVectorFloatsById('Order', 'order', id)).toEqual([5]);
      using lua = new LuaRunner(db);
      expect(lua.run(`return db:read_scalar_floats('Order', 'select')`)).toEqual([2]);
      lua.run(`db:create_element('Select', {label = 'S2'})`);
      expect(db.readScalarStrings('Select', 'label')).toEqual(['S2']);
    } finally {
      db.close();
    }
  });
});
