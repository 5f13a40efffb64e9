// The Database's *Async operations: results equal the synchronous calls, progress reaches total,
// an abort (mid-way or before the start) or a failure changes nothing, native errors reject with
// the library's message, other calls fail with QUIVER_BUSY meanwhile, and close() or a dropped
// wrapper during an operation is safe.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database, LogLevel, LuaRunner, QuiverError } from '../lib/index.js';
import { FARM_SCHEMA, databaseFixture, collectUntil, expectCode, tmpDir, writeSchema } from './helpers.js';

const databases = databaseFixture(FARM_SCHEMA);
let dir = '';
function fresh(): Database {
  const db = databases.open();
  dir = databases.dir();
  return db;
}

/** A farm CSV of `rows` elements (labels F0, F1, ...). Large ones take long enough to abort mid-way. */
function farmCsv(rows: number, prefix = 'F'): string {
  const file = path.join(dir, `${prefix}-${rows}.csv`);
  const lines = ['sep=,', 'label,area,hectares,owner,date_founded,organic'];
  for (let i = 0; i < rows; i++) lines.push(`${prefix}${i},${i}.5,${i % 7},owner ${i},2024-01-02T03:04:05,${i % 2}`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Rejection of `p` as a QuiverError (fails the test when it resolves or rejects with anything else). */
async function rejection(p: Promise<unknown>): Promise<QuiverError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    return err as QuiverError;
  }
  throw new Error('expected the Promise to reject');
}

/** Progress recorder that aborts once the operation is under way and not finished. */
function abortMidway(): { controller: AbortController; calls: [number, number][]; onProgress: (d: number, t: number) => void } {
  const controller = new AbortController();
  const calls: [number, number][] = [];
  return {
    controller,
    calls,
    onProgress: (done, total) => {
      calls.push([done, total]);
      if (done > 0 && done < total) controller.abort();
    },
  };
}

function snapshot(db: Database): unknown {
  return {
    labels: db.readScalarStrings('Farm', 'label'),
    areas: db.readScalarFloats('Farm', 'area'),
    weather: db.readElementIds('Farm').map((id) => db.readTimeSeriesGroup('Farm', 'weather', id)),
  };
}

describe('importCsvAsync', () => {
  it('imports as importCsv does, and its progress climbs to total', async () => {
    const db = fresh();
    const file = farmCsv(2000);
    const calls: [number, number][] = [];
    const pending = db.importCsvAsync('Farm', '', file, { onProgress: (d, t) => calls.push([d, t]) });
    expect(db.busy).toBe('importCsvAsync');
    await pending;
    expect(db.busy).toBeNull();
    expect(db.readScalarStrings('Farm', 'label')).toHaveLength(2000);
    expect(db.readScalarIntegerById('Farm', 'hectares', db.readElementIds('Farm')[3]!)).toBe(3);
    const [done, total] = calls.at(-1)!;
    expect(total).toBeGreaterThan(0);
    expect(done).toBe(total);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);

    const sync = fresh();
    sync.importCsv('Farm', '', file);
    expect(snapshot(db)).toEqual(snapshot(sync));
  });

  it('an abort mid-way rejects with QUIVER_ABORTED and changes nothing', async () => {
    const db = fresh();
    db.importCsv('Farm', '', farmCsv(3, 'Old'));
    const before = snapshot(db);
    const { controller, calls, onProgress } = abortMidway();
    const err = await rejection(db.importCsvAsync('Farm', '', farmCsv(300_000), { onProgress, signal: controller.signal }));
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toBe('importCsvAsync() was aborted: Cannot import_csv: cancelled');
    expect(calls.length).toBeGreaterThan(0);
    expect(snapshot(db)).toEqual(before);
    expect(db.busy).toBeNull();
    expect(db.inTransaction()).toBe(false);
  }, 60_000);

  it('an abort right after the start, or before it, changes nothing', async () => {
    const db = fresh();
    const file = farmCsv(1000);
    const controller = new AbortController();
    const pending = db.importCsvAsync('Farm', '', file, { signal: controller.signal });
    controller.abort(new Error('stop'));
    const err = await rejection(pending);
    expect(err.code).toBe('QUIVER_ABORTED');
    expect((err.cause as Error).message).toBe('stop');
    expect(db.readScalarStrings('Farm', 'label')).toEqual([]);

    const early = await rejection(db.importCsvAsync('Farm', '', file, { signal: AbortSignal.abort() }));
    expect(early.code).toBe('QUIVER_ABORTED');
    expect(early.message).toBe('importCsvAsync() was aborted: Aborted before it started; nothing was done');
    expect(db.readScalarStrings('Farm', 'label')).toEqual([]);
  });

  it('rejects with the library message and code QUIVER_ERROR', async () => {
    const db = fresh();
    const missing = path.join(dir, 'missing.csv');
    const err = await rejection(db.importCsvAsync('Farm', '', missing));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toBe(`Cannot import_csv: could not open file: ${missing}`);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'sep=,\nlabel,area,hectares,owner,date_founded,organic\nA,x,1,,,0\n');
    expect((await rejection(db.importCsvAsync('Farm', '', bad))).message).toBe("Cannot import_csv: Invalid float value 'x' for column 'area' in row 1.");
    expect((await rejection(db.importCsvAsync('Nope' as 'Farm', '', bad))).message).toBe('Cannot import_csv: collection not found: Nope');
    // Argument errors reject too (never a synchronous throw).
    const arg = await rejection(db.importCsvAsync('Farm', '', 7 as unknown as string));
    expect(arg.code).toBe('QUIVER_INVALID_ARGUMENT');
    expect((await rejection(db.importCsvAsync('Farm', '', bad, { onProgress: 5 as never }))).code).toBe('QUIVER_INVALID_ARGUMENT');
    expect((await rejection(db.importCsvAsync('Farm', '', bad, { signal: {} as AbortSignal }))).code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(db.busy).toBeNull();
  });

  it('a throw from onProgress aborts the import and rejects with that error', async () => {
    const db = fresh();
    const boom = new Error('progress handler failed');
    await expect(
      db.importCsvAsync('Farm', '', farmCsv(300_000), {
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(db.readScalarStrings('Farm', 'label')).toEqual([]);
  }, 60_000);
});

describe('the busy guard', () => {
  it('other calls on the Database and its LuaRunners throw QUIVER_BUSY while an operation runs', async () => {
    const db = fresh();
    const lua = new LuaRunner(db);
    const pending = db.importCsvAsync('Farm', '', farmCsv(20_000));
    const busy = expectCode(() => db.readScalarStrings('Farm', 'label'), 'QUIVER_BUSY');
    expect(busy.message).toBe(
      'Database is busy: importCsvAsync() is running on it; await it before making other calls on this Database or its LuaRunners',
    );
    expectCode(() => db.createElement('Farm', { label: 'X' }), 'QUIVER_BUSY');
    expectCode(() => db.beginTransaction(), 'QUIVER_BUSY');
    expectCode(() => lua.run('return 1'), 'QUIVER_BUSY');
    expectCode(() => new LuaRunner(db), 'QUIVER_BUSY');
    expect((await rejection(db.exportCsvAsync('Farm', '', path.join(dir, 'x.csv')))).code).toBe('QUIVER_BUSY');
    expect((await rejection(lua.runAsync('return 1'))).code).toBe('QUIVER_BUSY');
    expect(db.closed).toBe(false);
    await pending;
    expect(db.readScalarStrings('Farm', 'label')).toHaveLength(20_000);
    expect(lua.run('return 1')).toBe(1);
    // Operations one after the other are fine.
    await db.exportCsvAsync('Farm', '', path.join(dir, 'x.csv'));
    await db.importCsvAsync('Farm', '', path.join(dir, 'x.csv'));
    expect(db.readScalarStrings('Farm', 'label')).toHaveLength(20_000);
  });

  it('two Databases run operations at the same time', async () => {
    const a = fresh();
    const fileA = farmCsv(5000);
    const b = fresh();
    const fileB = farmCsv(4000);
    await Promise.all([a.importCsvAsync('Farm', '', fileA), b.importCsvAsync('Farm', '', fileB)]);
    expect(a.readScalarStrings('Farm', 'label')).toHaveLength(5000);
    expect(b.readScalarStrings('Farm', 'label')).toHaveLength(4000);
  });
});

describe('close() and finalizers during an operation', () => {
  it('close() aborts the operation, which changes nothing; the Database is closed at once', async () => {
    const db = fresh();
    const file = path.join(dir, 'db.sqlite');
    db.createElement('Farm', { label: 'Kept' });
    const lua = new LuaRunner(db);
    const pending = db.importCsvAsync('Farm', '', farmCsv(300_000));
    db.close();
    expect(db.closed).toBe(true);
    expect(lua.closed).toBe(true);
    expectCode(() => db.readScalarStrings('Farm', 'label'), 'QUIVER_CLOSED');
    expectCode(() => lua.run('return 1'), 'QUIVER_CLOSED');
    db.close(); // idempotent
    const err = await rejection(pending);
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toBe('importCsvAsync() was aborted: the Database was closed (Cannot import_csv: cancelled)');
    using again = Database.open(file, { consoleLevel: LogLevel.Off });
    expect(again.readScalarStrings('Farm', 'label')).toEqual(['Kept']);
  }, 60_000);

  it('a Database dropped during an operation stays alive until it ends', async () => {
    // Opened outside the fixture, which would keep it referenced and close it.
    dir = tmpDir();
    let db: Database | null = Database.fromSchema(path.join(dir, 'db.sqlite'), writeSchema(dir, FARM_SCHEMA), { consoleLevel: LogLevel.Off });
    const ref = new WeakRef(db);
    const pending = db.importCsvAsync('Farm', '', farmCsv(50_000));
    db = null;
    let collectedEarly = false;
    for (let i = 0; i < 5; i++) {
      await collectUntil(() => ref.deref() === undefined, 1);
      if (ref.deref() === undefined) collectedEarly = true;
    }
    // Pinned while the pool thread uses its handle (the import may have ended meanwhile: then it may go).
    await pending;
    if (collectedEarly) throw new Error('the Database was collected while its import was running');
    ref.deref()?.close();
  }, 60_000);
});

describe('exportCsvAsync', () => {
  it('writes what exportCsv writes, with progress in rows', async () => {
    const db = fresh();
    db.importCsv('Farm', '', farmCsv(3000));
    const calls: [number, number][] = [];
    await db.exportCsvAsync('Farm', '', path.join(dir, 'async.csv'), { onProgress: (d, t) => calls.push([d, t]), dateTimeFormat: '%d/%m/%Y' });
    db.exportCsv('Farm', '', path.join(dir, 'sync.csv'), { dateTimeFormat: '%d/%m/%Y' });
    expect(readFileSync(path.join(dir, 'async.csv'), 'utf8')).toBe(readFileSync(path.join(dir, 'sync.csv'), 'utf8'));
    expect(calls.at(-1)).toEqual([3000, 3000]);
  });

  it('an aborted export leaves an existing file as it was', async () => {
    const db = fresh();
    db.importCsv('Farm', '', farmCsv(300_000));
    const target = path.join(dir, 'out.csv');
    writeFileSync(target, 'old content\n');
    const { controller, onProgress } = abortMidway();
    const err = await rejection(db.exportCsvAsync('Farm', '', target, { onProgress, signal: controller.signal }));
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toBe('exportCsvAsync() was aborted: Cannot export_csv: cancelled');
    expect(readFileSync(target, 'utf8')).toBe('old content\n');
    const other = path.join(dir, 'never.csv');
    await rejection(db.exportCsvAsync('Farm', '', other, { signal: AbortSignal.abort() }));
    expect(existsSync(other)).toBe(false);
  }, 60_000);

  it('rejects with the library message', async () => {
    const db = fresh();
    const err = await rejection(db.exportCsvAsync('Farm', 'nope' as never, path.join(dir, 'x.csv')));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toBe("Cannot export_csv: group not found: 'nope' in collection 'Farm'");
  });
});

describe('time series', () => {
  function series(rows: number, start = 2000): { date_time: string[]; rain: Float64Array } {
    const date_time: string[] = [];
    const rain = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const day = new Date(Date.UTC(start, 0, 1) + i * 3_600_000);
      date_time.push(day.toISOString().slice(0, 19));
      rain[i] = i / 4;
    }
    return { date_time, rain };
  }

  it('updateTimeSeriesGroupAsync and readTimeSeriesGroupAsync match the synchronous calls', async () => {
    const db = fresh();
    const id = db.createElement('Farm', { label: 'F' });
    const data = series(5000);
    const calls: [number, number][] = [];
    await db.updateTimeSeriesGroupAsync('Farm', 'weather', id, data, { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.at(-1)).toEqual([5000, 5000]);
    const reads: [number, number][] = [];
    const read = await db.readTimeSeriesGroupAsync('Farm', 'weather', id, { onProgress: (d, t) => reads.push([d, t]) });
    expect(read).toEqual(db.readTimeSeriesGroup('Farm', 'weather', id));
    expect(read.date_time).toEqual(data.date_time);
    expect(reads.at(-1)).toEqual([5000, 5000]);
    await db.updateTimeSeriesGroupAsync('Farm', 'weather', id, {});
    expect(await db.readTimeSeriesGroupAsync('Farm', 'weather', id)).toEqual({});
  });

  it('an abort mid-way changes nothing, also inside an open transaction', async () => {
    const db = fresh();
    const id = db.createElement('Farm', { label: 'F' });
    db.updateTimeSeriesGroup('Farm', 'weather', id, series(3, 1990));
    const before = snapshot(db);
    const big = series(400_000);
    const first = abortMidway();
    const err = await rejection(db.updateTimeSeriesGroupAsync('Farm', 'weather', id, big, { onProgress: first.onProgress, signal: first.controller.signal }));
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toBe('updateTimeSeriesGroupAsync() was aborted: Cannot update_time_series_group: cancelled');
    expect(snapshot(db)).toEqual(before);

    db.beginTransaction();
    const other = db.createElement('Farm', { label: 'In transaction' });
    const second = abortMidway();
    await rejection(db.updateTimeSeriesGroupAsync('Farm', 'weather', id, big, { onProgress: second.onProgress, signal: second.controller.signal }));
    expect(db.inTransaction()).toBe(true);
    db.commit();
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['F', 'In transaction']);
    expect(db.readTimeSeriesGroup('Farm', 'weather', id).date_time).toEqual(series(3, 1990).date_time);
    expect(db.readTimeSeriesGroup('Farm', 'weather', other)).toEqual({});
  }, 60_000);

  it('a failed update rejects with the library message and changes nothing, also inside a transaction', async () => {
    const db = fresh();
    const id = db.createElement('Farm', { label: 'F' });
    db.updateTimeSeriesGroup('Farm', 'weather', id, series(2));
    db.beginTransaction();
    const dup = { date_time: ['2024-01-01T00:00:00', '2024-01-01T00:00:00'], rain: [1, 2] };
    const err = await rejection(db.updateTimeSeriesGroupAsync('Farm', 'weather', id, dup));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toBe('Failed to execute statement: UNIQUE constraint failed: Farm_time_series_weather.id, Farm_time_series_weather.date_time');
    expect(db.inTransaction()).toBe(true);
    expect(db.readTimeSeriesGroup('Farm', 'weather', id).date_time).toEqual(series(2).date_time);
    db.rollback();
    const unknown = await rejection(db.readTimeSeriesGroupAsync('Farm', 'nope' as never, id));
    expect(unknown.message).toBe(expectCode(() => db.readTimeSeriesGroup('Farm', 'nope' as never, id), 'QUIVER_ERROR').message);
  });

  it('columns are read when the call is made: later changes do not count', async () => {
    const db = fresh();
    const id = db.createElement('Farm', { label: 'F' });
    const data = { date_time: ['2024-01-01T00:00:00'], rain: [1.5] };
    const pending = db.updateTimeSeriesGroupAsync('Farm', 'weather', id, data);
    data.rain[0] = 99;
    data.date_time[0] = 'changed';
    await pending;
    expect(db.readTimeSeriesGroup('Farm', 'weather', id)).toEqual({ date_time: ['2024-01-01T00:00:00'], rain: Float64Array.of(1.5) });
    // Typed arrays too: the worker thread reads a copy.
    const typed = series(100_000);
    const pendingTyped = db.updateTimeSeriesGroupAsync('Farm', 'weather', id, typed);
    typed.rain.fill(-1);
    await pendingTyped;
    expect(db.readTimeSeriesGroup('Farm', 'weather', id).rain).toEqual(series(100_000).rain);
  });
});

describe('createElementsAsync', () => {
  function columns(n: number, prefix = 'E'): { label: string[]; area: Float64Array; hectares: BigInt64Array } {
    const label = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const area = Float64Array.from({ length: n }, (_, i) => i + 0.5);
    const hectares = BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 9));
    return { label, area, hectares };
  }

  it('creates what createElements creates, and its progress climbs to total', async () => {
    const db = fresh();
    const calls: [number, number][] = [];
    const ids = await db.createElementsAsync('Farm', columns(3000), { onProgress: (d, t) => calls.push([d, t]) });
    expect(ids).toHaveLength(3000);
    expect(calls.at(-1)).toEqual([3000, 3000]);
    const sync = fresh();
    expect(sync.createElements('Farm', columns(3000))).toEqual(ids);
    expect(snapshot(db)).toEqual(snapshot(sync));
    expect(await db.createElementsAsync('Farm', [{ label: 'obj', area: 1 }])).toEqual([3001]);
    expect(await db.createElementsAsync('Farm', [])).toEqual([]);
  });

  it('an abort mid-way creates nothing, also inside an open transaction', async () => {
    const db = fresh();
    db.createElement('Farm', { label: 'Kept' });
    const before = snapshot(db);
    const first = abortMidway();
    const err = await rejection(db.createElementsAsync('Farm', columns(400_000), { onProgress: first.onProgress, signal: first.controller.signal }));
    expect(err.code).toBe('QUIVER_ABORTED');
    expect(err.message).toMatch(/^createElementsAsync\(\) was aborted: Cannot create_elements: cancelled after \d+ of 400000 rows$/);
    expect(snapshot(db)).toEqual(before);

    db.beginTransaction();
    db.createElement('Farm', { label: 'In transaction' });
    const second = abortMidway();
    await rejection(db.createElementsAsync('Farm', columns(400_000), { onProgress: second.onProgress, signal: second.controller.signal }));
    expect(db.inTransaction()).toBe(true);
    db.commit();
    expect(db.readScalarStrings('Farm', 'label')).toEqual(['Kept', 'In transaction']);
  }, 60_000);

  it('a failing row rejects with the library message and creates nothing', async () => {
    const db = fresh();
    const rows = columns(10);
    rows.label[7] = rows.label[2]!;
    const err = await rejection(db.createElementsAsync('Farm', rows));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toBe(expectCode(() => db.createElements('Farm', rows), 'QUIVER_ERROR').message);
    expect(err.message).toMatch(/^Cannot create_elements: row 7: /);
    expect(db.readScalarStrings('Farm', 'label')).toEqual([]);
    expect((await rejection(db.createElementsAsync('Farm', 5 as never))).code).toBe('QUIVER_INVALID_ARGUMENT');
  });

  it('typed-array columns are copied when the call is made', async () => {
    const db = fresh();
    const rows = columns(50_000);
    const pending = db.createElementsAsync('Farm', rows);
    rows.area.fill(-1);
    await pending;
    expect(db.readScalarFloats('Farm', 'area')).toEqual(Array.from(columns(50_000).area));
  });
});
