// A Database that is dropped without close() is closed by its FinalizationRegistry exactly once,
// with a 'QUIVER_UNCLOSED_DATABASE' process warning; close() unregisters it, so a closed database
// never warns. The native connection being gone is checked through SQLite's write lock: an
// uncommitted transaction of the dropped handle blocks other writers until it is closed.

import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, QuiverError } from '../lib/index.js';
import { collectUntil, forceGc, tmpDir, writeFarmSchema } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
const WARNING_CODE = 'QUIVER_UNCLOSED_DATABASE';

let warnings: (Error & { code?: string })[] = [];
const onWarning = (w: Error & { code?: string }): void => {
  if (w.code === WARNING_CODE) warnings.push(w);
};

beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});

afterEach(() => {
  process.off('warning', onWarning);
});

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

/** Extra GC rounds after the target is gone, to catch a second (wrong) finalization. */
async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await sleep(0);
    forceGc();
    await sleep(5);
  }
}

/**
 * Opens a database through `open`, uses it, and returns only a WeakRef to it. Kept in its own
 * function so no local of the test body holds the wrapper.
 */
function dropped(open: () => Database, use: (db: Database) => void = () => {}): WeakRef<Database> {
  const db = open();
  use(db);
  return new WeakRef(db);
}

describe('FinalizationRegistry', () => {
  it('an unclosed Database is closed on collection with exactly one warning', async () => {
    const ref = dropped(
      () => Database.fromSchema(':memory:', writeFarmSchema(), quiet),
      (db) => {
        db.createElement('Farm', { label: 'F1' });
        expect(db.readScalarStrings('Farm', 'label')).toEqual(['F1']);
      },
    );
    expect(await collectUntil(() => ref.deref() === undefined && warnings.length > 0)).toBe(true);
    await settle();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toBe('A quiverdb Database was garbage-collected without close(); it has been closed.');
    expect(liveAllocations()).toBe(0);
  });

  it('the finalizer really closes the connection: its uncommitted transaction is rolled back', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'gc.db');
    Database.fromSchema(file, writeFarmSchema(dir), quiet).close();

    const ref = dropped(
      () => Database.open(file, quiet),
      (db) => {
        db.beginTransaction();
        db.createElement('Farm', { label: 'Uncommitted' });
      },
    );

    const other = Database.open(file, { ...quiet, busyTimeoutMs: 0 });
    try {
      // While the dropped handle holds its write transaction, other writers are locked out.
      let blocked: unknown;
      try {
        other.createElement('Farm', { label: 'Other' });
      } catch (err) {
        blocked = err;
      }
      expect(blocked).toBeInstanceOf(QuiverError);
      expect((blocked as QuiverError).message).toBe(
        'Failed to begin transaction: database is locked (another connection kept it locked for longer than the busy timeout)',
      );

      expect(await collectUntil(() => ref.deref() === undefined && warnings.length > 0)).toBe(true);
      await settle();
      expect(warnings).toHaveLength(1);

      expect(other.createElement('Farm', { label: 'Other' })).toBe(1);
      expect(other.readScalarStrings('Farm', 'label')).toEqual(['Other']);
    } finally {
      other.close();
    }
  });

  it('each dropped Database warns once', async () => {
    const schema = writeFarmSchema();
    const refs = [0, 1, 2, 3].map(() => dropped(() => Database.fromSchema(':memory:', schema, quiet)));
    expect(await collectUntil(() => refs.every((r) => r.deref() === undefined) && warnings.length >= 4)).toBe(true);
    await settle();
    expect(warnings).toHaveLength(4);
  });

  it('close() unregisters: a closed and collected Database never warns', async () => {
    const closed = dropped(
      () => Database.open(':memory:', quiet),
      (db) => db.close(),
    );
    const disposed = dropped(
      () => Database.open(':memory:', quiet),
      (db) => db[Symbol.dispose](),
    );
    const viaUsing = dropped(() => {
      using db = Database.open(':memory:', quiet);
      expect(db.isHealthy()).toBe(true);
      return db;
    });
    expect(await collectUntil(() => [closed, disposed, viaUsing].every((r) => r.deref() === undefined))).toBe(true);
    await settle();
    expect(warnings).toHaveLength(0);
  });

  it('a reachable Database is not closed by GC', async () => {
    const db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
    try {
      db.createElement('Farm', { label: 'Alive' });
      await settle(10);
      expect(db.closed).toBe(false);
      expect(db.readScalarStrings('Farm', 'label')).toEqual(['Alive']);
      expect(warnings).toHaveLength(0);
    } finally {
      db.close();
    }
  });
});
