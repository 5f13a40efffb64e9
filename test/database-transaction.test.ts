// Transactions and dry runs: the explicit calls, the transaction(fn) and
// dryRun(fn) helpers of Database, and how failing writes behave inside a transaction.

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database, LogLevel, LuaRunner, QuiverError, liveAllocations, type DatabaseOptions } from '../lib/index.js';
import { tmpDir, writeFarmSchema, expectNative, thrown } from './helpers.js';

const quiet = { consoleLevel: LogLevel.Off };
let db: Database;

beforeEach(() => {
  db = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
});

afterEach(() => {
  db.close();
  expect(liveAllocations()).toBe(0);
});

const labels = (): (string | null)[] => db.readScalarStrings('Farm', 'label');
const mk = (label: string): number => db.createElement('Farm', { label });

describe('explicit transactions', () => {
  it('commit keeps the writes, rollback discards them', () => {
    expect(db.inTransaction()).toBe(false);
    db.beginTransaction();
    expect(db.inTransaction()).toBe(true);
    mk('kept');
    db.commit();
    expect(db.inTransaction()).toBe(false);

    db.beginTransaction();
    mk('dropped');
    expect(labels()).toEqual(['kept', 'dropped']); // visible inside the transaction
    db.rollback();
    expect(db.inTransaction()).toBe(false);
    expect(labels()).toEqual(['kept']);
  });

  it('covers writes of every kind: elements, groups and raw queries', () => {
    const id = mk('F');
    db.beginTransaction();
    db.updateElement('Farm', id, { owner: 'Ann', crop: ['wheat'] });
    db.updateVectorGroup('Farm', 'yields', id, { crop_yield: [1.5] });
    db.queryInteger("INSERT INTO Farm (label) VALUES ('raw')");
    db.deleteElement('Farm', id);
    db.rollback();
    expect(labels()).toEqual(['F']);
    expect(db.readScalarStringById('Farm', 'owner', id)).toBeNull();
    expect(db.readSetStringsById('Farm', 'crop', id)).toEqual([]);
    expect(db.readVectorFloatsById('Farm', 'crop_yield', id)).toEqual([]);
  });

  it('closing the database discards an open transaction', () => {
    const file = path.join(tmpDir(), 'tx.db');
    const schema = writeFarmSchema();
    const a = Database.fromSchema(file, schema, quiet);
    a.createElement('Farm', { label: 'committed' });
    a.beginTransaction();
    a.createElement('Farm', { label: 'open' });
    a.close();
    const b = Database.open(file, quiet);
    try {
      expect(b.readScalarStrings('Farm', 'label')).toEqual(['committed']);
      expect(b.inTransaction()).toBe(false);
    } finally {
      b.close();
    }
  });

  it('throws QUIVER_CLOSED on a closed database', () => {
    const other = Database.fromSchema(':memory:', writeFarmSchema(), quiet);
    other.close();
    for (const call of [
      () => other.beginTransaction(),
      () => other.commit(),
      () => other.rollback(),
      () => other.inTransaction(),
      () => other.beginDryRun(),
      () => other.endDryRun(),
      () => other.inDryRun(),
      () => other.transaction(() => 1),
      () => other.dryRun(() => 1),
    ]) {
      expect(thrown(call).code).toBe('QUIVER_CLOSED');
    }
  });
});

describe('transaction(fn)', () => {
  it('commits when fn returns and passes its return value through', () => {
    const result = db.transaction((d) => {
      expect(d).toBe(db);
      expect(d.inTransaction()).toBe(true);
      return mk('A') + mk('B');
    });
    expect(result).toBe(3);
    expect(db.inTransaction()).toBe(false);
    expect(labels()).toEqual(['A', 'B']);
  });

  it('rolls back when fn throws and rethrows the very same error', () => {
    mk('before');
    const boom = new Error('boom');
    let caught: unknown;
    try {
      db.transaction(() => {
        mk('inside');
        throw boom;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(boom);
    expect(db.inTransaction()).toBe(false);
    expect(labels()).toEqual(['before']);
  });

  it('rolls back all of fn when one of its library calls fails, and rethrows that QuiverError', () => {
    const err = thrown(() =>
      db.transaction(() => {
        mk('A');
        mk('A'); // duplicate label
      }),
    );
    expect(err.message).toBe('Failed to execute statement: UNIQUE constraint failed: Farm.label');
    expect(labels()).toEqual([]);
    expect(db.inTransaction()).toBe(false);
  });

  it('rethrows non-Error throwables unchanged', () => {
    let caught: unknown;
    try {
      db.transaction(() => {
        mk('x');
        throw 'plain string';
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe('plain string');
    expect(labels()).toEqual([]);
  });

  it('rejects an async callback and rolls back what it did synchronously', async () => {
    let promise: Promise<void> | undefined;
    const err = thrown(() =>
      db.transaction(() => {
        promise = (async () => {
          mk('sync part');
        })();
        return promise;
      }),
    );
    await promise;
    expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(err.message).toBe('transaction() callbacks must be synchronous; the transaction was rolled back');
    expect(db.inTransaction()).toBe(false);
    expect(labels()).toEqual([]);
  });

  it('rejects a non-function', () => {
    const err = thrown(() => db.transaction(42 as never));
    expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(db.inTransaction()).toBe(false);
  });

  it('does not nest: inside an open transaction it fails and leaves the outer one alone', () => {
    db.beginTransaction();
    mk('outer');
    let ran = false;
    expectNative(
      () =>
        db.transaction(() => {
          ran = true;
        }),
      'Cannot begin_transaction: transaction already active',
    );
    expect(ran).toBe(false);
    expect(db.inTransaction()).toBe(true);
    db.commit();
    expect(labels()).toEqual(['outer']);
  });

  it('tolerates fn ending the transaction itself before throwing', () => {
    const boom = new Error('after rollback');
    let caught: unknown;
    try {
      db.transaction((d) => {
        mk('x');
        d.rollback();
        throw boom;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(boom);
    expect(db.inTransaction()).toBe(false);
    expect(labels()).toEqual([]);
  });
});

describe('dry runs', () => {
  it('beginDryRun/endDryRun discard every write; reads see them meanwhile', () => {
    mk('real');
    expect(db.inDryRun()).toBe(false);
    db.beginDryRun();
    expect(db.inDryRun()).toBe(true);
    expect(db.inTransaction()).toBe(true);
    mk('dry');
    db.updateElement('Farm', 1, { owner: 'Ann' });
    expect(labels()).toEqual(['real', 'dry']);
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBe('Ann');
    db.endDryRun();
    expect(db.inDryRun()).toBe(false);
    expect(db.inTransaction()).toBe(false);
    expect(labels()).toEqual(['real']);
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBeNull();
  });

  it('absorbs transaction calls, so a nested rollback is not partial', () => {
    db.beginDryRun();
    db.beginTransaction();
    mk('a');
    db.rollback(); // no-op: 'a' stays visible until endDryRun
    expect(labels()).toEqual(['a']);
    db.beginTransaction();
    mk('b');
    db.commit(); // no-op: not made permanent
    expect(labels()).toEqual(['a', 'b']);
    expect(db.inDryRun()).toBe(true);
    db.endDryRun();
    expect(labels()).toEqual([]);
  });

  it('absorbs transaction(fn) too: fn runs, its writes are discarded with the dry run', () => {
    db.beginDryRun();
    expect(db.transaction(() => mk('t'))).toBe(1);
    expect(labels()).toEqual(['t']);
    db.endDryRun();
    expect(labels()).toEqual([]);
  });

  it('dryRun(fn) returns what fn returns and discards its writes', () => {
    mk('real');
    const seen = db.dryRun((d) => {
      expect(d.inDryRun()).toBe(true);
      mk('dry');
      return labels();
    });
    expect(seen).toEqual(['real', 'dry']);
    expect(db.inDryRun()).toBe(false);
    expect(labels()).toEqual(['real']);
  });

  it('dryRun(fn) discards the writes and rethrows the same error when fn throws', () => {
    const boom = new Error('boom');
    let caught: unknown;
    try {
      db.dryRun(() => {
        mk('dry');
        throw boom;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(boom);
    expect(db.inDryRun()).toBe(false);
    expect(labels()).toEqual([]);
  });

  it('dryRun(fn) rejects an async callback and discards its writes', async () => {
    let promise: Promise<void> | undefined;
    const err = thrown(() =>
      db.dryRun(() => {
        promise = (async () => {
          mk('sync part');
        })();
        return promise;
      }),
    );
    await promise;
    expect(err.code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(db.inDryRun()).toBe(false);
    expect(labels()).toEqual([]);
  });

  it('dryRun(fn) does not nest and leaves the outer dry run active', () => {
    db.beginDryRun();
    mk('outer');
    expectNative(() => db.dryRun(() => mk('inner')), 'Cannot begin_dry_run: dry run already active');
    expect(db.inDryRun()).toBe(true);
    expect(labels()).toEqual(['outer']);
    db.endDryRun();
    expect(labels()).toEqual([]);
  });

  it('dryRun(fn) inside a user transaction fails; the transaction is untouched', () => {
    db.beginTransaction();
    mk('tx');
    expectNative(() => db.dryRun(() => mk('x')), 'Cannot begin_dry_run: transaction already active');
    expect(db.inTransaction()).toBe(true);
    db.commit();
    expect(labels()).toEqual(['tx']);
  });

  it('dryRun(fn) rejects a non-function', () => {
    expect(thrown(() => db.dryRun('x' as never)).code).toBe('QUIVER_INVALID_ARGUMENT');
    expect(db.inDryRun()).toBe(false);
  });
});

describe('failing calls inside a user transaction', () => {
  it('a failing single-statement write changes nothing and the transaction stays usable', () => {
    db.beginTransaction();
    mk('A');
    expectNative(() => mk('A'), 'Failed to execute statement: UNIQUE constraint failed: Farm.label');
    expectNative(() => db.createElement('Farm', { owner: 'x' }), 'Failed to execute statement: NOT NULL constraint failed: Farm.label');
    expectNative(() => db.deleteElement('Farm', 99), 'Element not found: 99 in collection \'Farm\'');
    expectNative(() => db.queryInteger('SELEC'), 'Failed to prepare statement: near "SELEC": syntax error');
    expect(db.inTransaction()).toBe(true);
    expect(labels()).toEqual(['A']);
    mk('B');
    db.commit();
    expect(labels()).toEqual(['A', 'B']);
  });

  it('a write rejected before any statement runs changes nothing', () => {
    const id = mk('F');
    db.beginTransaction();
    expectNative(
      () => db.updateElement('Farm', id, { hectares: 1.5 }),
      "Cannot update_element: type mismatch for column 'hectares': expected INTEGER, got REAL",
    );
    expect(db.readScalarIntegerById('Farm', 'hectares', id)).toBe(10);
    expect(db.inTransaction()).toBe(true);
    db.commit();
  });

  it('a multi-statement write keeps its partial work inside the transaction until rollback', () => {
    mk('F1');
    mk('F2');
    db.beginTransaction();
    expectNative(
      () => db.updateElement('Farm', 2, { owner: 'ZED', crop_yield: ['x'] }),
      "Cannot update_element: type mismatch for array 'crop_yield' index 0: expected REAL, got TEXT",
    );
    expect(db.readScalarStringById('Farm', 'owner', 2)).toBe('ZED');
    expect(db.inTransaction()).toBe(true);
    db.rollback();
    expect(db.readScalarStringById('Farm', 'owner', 2)).toBeNull();
    // Outside a transaction the same call is atomic.
    expect(thrown(() => db.updateElement('Farm', 2, { owner: 'ZED', crop_yield: ['x'] })).code).toBe('QUIVER_ERROR');
    expect(db.readScalarStringById('Farm', 'owner', 2)).toBeNull();
  });

  it('transaction(fn) undoes such partial work because it rolls back on the error', () => {
    mk('F1');
    thrown(() => db.transaction(() => db.updateElement('Farm', 1, { owner: 'ZED', crop_yield: ['x'] })));
    expect(db.readScalarStringById('Farm', 'owner', 1)).toBeNull();
  });
});

describe('as Quiver 0.10 does', () => {
  it('commit/rollback/endDryRun with nothing open; double begin; dry run inside a transaction', () => {
    expectNative(() => db.commit(), 'Cannot commit: no active transaction');
    expectNative(() => db.rollback(), 'Cannot rollback: no active transaction');
    expectNative(() => db.endDryRun(), 'Cannot end_dry_run: no active dry run');
    db.beginTransaction();
    expectNative(() => db.beginTransaction(), 'Cannot begin_transaction: transaction already active');
    expectNative(() => db.beginDryRun(), 'Cannot begin_dry_run: transaction already active');
    expect(db.inDryRun()).toBe(false);
    db.rollback();
  });

  it('a dry run absorbs begin/commit/rollback and discards the DRY farm', () => {
    db.beginDryRun();
    expectNative(() => db.beginDryRun(), 'Cannot begin_dry_run: dry run already active');
    expect(db.inTransaction()).toBe(true);
    db.beginTransaction();
    mk('DRY');
    db.commit();
    db.rollback();
    db.commit();
    expect(db.inDryRun()).toBe(true);
    db.endDryRun();
    expect(db.queryInteger("SELECT COUNT(*) FROM Farm WHERE label = 'DRY'")).toBe(0);
  });

  it('a raw COMMIT through a query inside a dry run makes the changes permanent', () => {
    db.beginDryRun();
    mk('DRY2');
    expect(db.queryInteger('COMMIT')).toBeNull();
    expect(db.inTransaction()).toBe(false);
    expect(db.inDryRun()).toBe(true);
    db.endDryRun();
    expect(db.inDryRun()).toBe(false);
    expect(labels()).toEqual(['DRY2']);
  });

  it('a raw BEGIN through a query opens a transaction that commit() ends', () => {
    expect(db.queryInteger('BEGIN')).toBeNull();
    expect(db.inTransaction()).toBe(true);
    db.commit();
    expect(db.inTransaction()).toBe(false);
  });
});

describe('a commit that fails', () => {
  // A second connection holding a read lock makes COMMIT fail with "database is locked" (the
  // writer cannot get the exclusive lock). The reader is read-only, so its transaction begins
  // deferred and holds only a shared lock. busyTimeoutMs: fail at once instead of waiting.
  const noWait: DatabaseOptions = { consoleLevel: LogLevel.Off, busyTimeoutMs: 0 };

  function lockedPair(): { a: Database; b: Database; file: string; release: () => void } {
    const dir = tmpDir();
    const file = path.join(dir, 'locked.db');
    const a = Database.fromSchema(file, writeFarmSchema(dir), noWait);
    a.queryString('PRAGMA journal_mode = DELETE'); // readers block a commit only with a rollback journal
    const b = Database.open(file, { ...noWait, readOnly: true });
    b.beginTransaction();
    expect(b.queryInteger('SELECT count(*) FROM Farm')).toBe(0); // holds a shared lock until rollback
    return { a, b, file, release: () => b.rollback() };
  }

  const farmLabels = (file: string): (string | null)[] => {
    using c = Database.open(file, { consoleLevel: LogLevel.Off });
    return c.readScalarStrings('Farm', 'label');
  };

  it('commit() rolls the transaction back and leaves none open', () => {
    const { a, b, file, release } = lockedPair();
    using _a = a;
    using _b = b;
    a.beginTransaction();
    a.createElement('Farm', { label: 'failed' });
    const err = thrown(() => a.commit());
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).toBe('Failed to commit transaction: database is locked (the transaction was rolled back)');
    expect(a.inTransaction()).toBe(false);
    release();
    a.createElement('Farm', { label: 'later' }); // autocommit: kept on its own
    expect(thrown(() => a.commit()).message).toBe('Cannot commit: no active transaction');
    expect(farmLabels(file)).toEqual(['later']);
  });

  it('transaction(fn) rolls back when its commit fails', () => {
    const { a, b, file, release } = lockedPair();
    using _a = a;
    using _b = b;
    expect(thrown(() => a.transaction(() => a.createElement('Farm', { label: 'failed' }))).message).toBe(
      'Failed to commit transaction: database is locked (the transaction was rolled back)',
    );
    expect(a.inTransaction()).toBe(false);
    release();
    a.transaction(() => a.createElement('Farm', { label: 'later' }));
    expect(farmLabels(file)).toEqual(['later']);
  });

  it('db:transaction(fn) in Lua rolls back when its commit fails', () => {
    const { a, b, file, release } = lockedPair();
    using _a = a;
    using _b = b;
    using lua = new LuaRunner(a);
    expect(thrown(() => lua.run(`db:transaction(function(d) d:create_element('Farm', {label = 'failed'}) end)`)).message).toBe(
      'Failed to run Lua script: Failed to commit transaction: database is locked (the transaction was rolled back)',
    );
    expect(a.inTransaction()).toBe(false);
    // A script's own begin/commit pair likewise.
    expect(thrown(() => lua.run(`db:begin_transaction(); db:create_element('Farm', {label = 'failed'}); db:commit()`)).message).toBe(
      'Failed to run Lua script: Failed to commit transaction: database is locked (the transaction was rolled back)',
    );
    expect(a.inTransaction()).toBe(false);
    release();
    lua.run(`db:create_element('Farm', {label = 'later'})`);
    expect(farmLabels(file)).toEqual(['later']);
  });
});

describe('who may end a dry run', () => {
  it('endDryRun() inside dryRun(fn) throws, and nothing fn writes is kept', () => {
    mk('real');
    const escaped = db.dryRun(() => {
      mk('dry');
      const err = thrown(() => db.endDryRun());
      expect(err.message).toBe('Cannot end_dry_run: the dry run was begun by dryRun(fn), which alone can end it');
      expect(db.inDryRun()).toBe(true);
      mk('after');
      return labels();
    });
    expect(escaped).toEqual(['real', 'dry', 'after']);
    expect(db.inDryRun()).toBe(false);
    expect(labels()).toEqual(['real']);
  });

  it('a Lua script cannot end a dry run its caller began', () => {
    using lua = new LuaRunner(db);
    db.beginDryRun();
    expect(thrown(() => lua.run(`db:end_dry_run(); db:create_element('Farm', {label = 'kept?'})`)).message).toBe(
      'Failed to run Lua script: Cannot end_dry_run: the dry run was begun by the caller, which alone can end it',
    );
    lua.run(`pcall(function() db:end_dry_run() end); db:create_element('Farm', {label = 'kept?'})`);
    expect(db.inDryRun()).toBe(true);
    db.endDryRun();
    expect(labels()).toEqual([]);
  });

  it('inside db:dry_run(fn), db:end_dry_run() fails and the writes are still discarded', () => {
    using lua = new LuaRunner(db);
    expect(
      lua.run(`return db:dry_run(function(d)
        d:create_element('Farm', {label = 'x'})
        local ok, err = pcall(function() d:end_dry_run() end)
        d:create_element('Farm', {label = 'y'})
        return {ok, err}
      end)`),
    ).toEqual([false, 'Cannot end_dry_run: the dry run was begun by db:dry_run(fn), which alone can end it']);
    expect(db.inDryRun()).toBe(false);
    expect(labels()).toEqual([]);
  });
});
