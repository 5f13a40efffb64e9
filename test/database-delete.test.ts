// Database.deleteElement: foreign-key actions on delete, missing ids, ids never renumbered.

import { afterEach, describe, expect, it } from 'vitest';
import { Database, LogLevel, QuiverError, liveAllocations } from '../lib/index.js';
import { writeFarmSchema, expectNative } from './helpers.js';

const farmSchema = writeFarmSchema();

const open: Database[] = [];
function farm(): Database {
  const db = Database.fromSchema(':memory:', farmSchema, { consoleLevel: LogLevel.Off });
  open.push(db);
  return db;
}

afterEach(() => {
  for (const db of open.splice(0)) db.close();
  expect(liveAllocations()).toBe(0);
});

function count(db: Database, table: string, id?: number): number | null {
  return id === undefined
    ? db.queryInteger(`SELECT count(*) FROM ${table}`)
    : db.queryInteger(`SELECT count(*) FROM ${table} WHERE id = ?`, [id]);
}

describe('deleteElement', () => {
  it("cascades to the element's vector, set and time-series rows only", () => {
    const db = farm();
    for (const label of ['F1', 'F2']) {
      const id = db.createElement('Farm', { label, crop_yield: [1.5, 2.5], harvest_count: [1, 2], crop: ['kale', 'rye'] });
      db.updateTimeSeriesGroup('Farm', 'weather', id, { date_time: ['2024-01-01', '2024-01-02', '2024-01-03'], rain: [1, 2, 3] });
    }
    db.deleteElement('Farm', 1);
    for (const table of ['Farm_vector_yields', 'Farm_set_crops', 'Farm_time_series_weather']) {
      expect(count(db, table, 1)).toBe(0);
    }
    expect(count(db, 'Farm_vector_yields', 2)).toBe(2);
    expect(count(db, 'Farm_set_crops', 2)).toBe(2);
    expect(count(db, 'Farm_time_series_weather', 2)).toBe(3);
    expect(db.readVectorIntegers('Farm', 'harvest_count')).toEqual([[1, 2]]);
    expect(db.readSetStrings('Farm', 'crop')).toEqual([['kale', 'rye']]);
  });

  it('referencing rows get NULL (ON DELETE SET NULL) or are deleted (ON DELETE CASCADE)', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    db.createElement('Farm', { label: 'F2' });
    db.createElement('Barn', { label: 'B1' });
    db.updateElement('Barn', 1, { farm_id: 'F2', farm_link: ['F1', 'F2'] });
    expect(db.readScalarIntegerById('Barn', 'farm_id', 1)).toBe(2);

    db.deleteElement('Farm', 2);
    expect(db.readScalarIntegerById('Barn', 'farm_id', 1)).toBeNull();
    expect(db.readSetGroupById('Barn', 'links', 1)).toEqual({ farm_link: new Float64Array([1]) });
    expect(db.readVectorGroupById('Barn', 'neighbors', 1)).toEqual({ farm_link: [1, null] });
    // The Barn itself is not deleted.
    expect(db.readElementIds('Barn')).toEqual([1]);
  });

  it('a second delete of the same id fails; the other ids are not renumbered', () => {
    const db = farm();
    for (const label of ['F1', 'F2', 'F3']) db.createElement('Farm', { label });
    db.deleteElement('Farm', 2);
    expectNative(() => db.deleteElement('Farm', 2), "Element not found: 2 in collection 'Farm'");
    expect(db.readElementIds('Farm')).toEqual([1, 3]);
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['F1', 'F3']);
    expect(db.numberOfElements('Farm')).toBe(2);
  });

  it('ids of deleted elements are not reused (AUTOINCREMENT)', () => {
    const db = farm();
    for (const label of ['F1', 'F2', 'F3']) db.createElement('Farm', { label });
    db.deleteElement('Farm', 3);
    expect(db.createElement('Farm', { label: 'F4' })).toBe(4);
    expect(db.readElementIds('Farm')).toEqual([1, 2, 4]);
  });

  it('accepts a bigint id and leaves other collections alone', () => {
    const db = farm();
    db.createElement('Configuration', { label: 'cfg' });
    db.createElement('Farm', { label: 'F1' });
    db.deleteElement('Farm', 1n);
    expect(db.numberOfElements('Farm')).toBe(0);
    expect(db.numberOfElements('Configuration')).toBe(1);
  });

  it('missing id, unknown collection and a non-integer id', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1' });
    expectNative(() => db.deleteElement('Farm', 999), "Element not found: 999 in collection 'Farm'");
    expectNative(() => db.deleteElement('Nope', 1), 'Cannot delete_element: collection not found: Nope');
    expectNative(() => db.deleteElement('farm', 1), 'Cannot delete_element: collection not found: farm');
    expect(() => db.deleteElement('Farm', 1.5)).toThrow(expect.objectContaining({ code: 'QUIVER_INVALID_ARGUMENT' }));
    expect(db.readElementIds('Farm')).toEqual([1]);
  });

  it('a delete inside a rolled-back transaction is undone, rows of its groups included', () => {
    const db = farm();
    db.createElement('Farm', { label: 'F1', crop: ['kale'] });
    db.beginTransaction();
    db.deleteElement('Farm', 1);
    expect(db.numberOfElements('Farm')).toBe(0);
    db.rollback();
    expect(db.readElementIds('Farm')).toEqual([1]);
    expect(db.readSetStringsById('Farm', 'crop', 1)).toEqual(['kale']);
  });
});
