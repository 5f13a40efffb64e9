// Workloads 1 and 2: bulk element creation in one transaction, each run on a fresh database.
// Input objects are built during setup so only the database work is timed on both sides.

import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../../lib/index.js';
import type { Pair, Side, Workload } from '../harness.js';
import {
  COLLECTION,
  TempDir,
  createQuiver,
  createReference,
  itemSamples,
  type ItemScalars,
  itemScalars,
  itemTags,
  removeDatabase,
  scaled,
} from './fixtures.js';

/** A side that gets a fresh database before every run and deletes it afterwards. */
function freshSide<D extends { close(): void }>(tmp: TempDir, create: (file: string) => D, body: (db: D) => void): Side {
  let file = '';
  let db: D | undefined;
  return {
    before() {
      file = tmp.nextFile();
      db = create(file);
    },
    run() {
      body(db!);
    },
    after() {
      db!.close();
      removeDatabase(file);
    },
  };
}

export const createScalars: Workload = {
  name: 'create 100k elements, 3 scalars',
  reference: 'prepared INSERT in one transaction',
  setup(scale): Pair {
    const count = scaled(100_000, scale);
    const items = Array.from({ length: count }, (_, i) => itemScalars(i + 1));
    const tmp = new TempDir();
    return {
      quiverdb: freshSide(tmp, createQuiver, (db: Database) => {
        db.transaction(() => {
          for (const item of items) db.createElement(COLLECTION, item);
        });
      }),
      reference: freshSide(tmp, createReference, (db: BetterSqlite3.Database) => {
        const insert = db.prepare('INSERT INTO Item (label, int_value, float_value, str_value) VALUES (?, ?, ?, ?)');
        db.transaction(() => {
          for (const it of items) insert.run(it.label, it.int_value, it.float_value, it.str_value);
        })();
      }),
      dispose: () => tmp.dispose(),
    };
  },
};

export const createGroups: Workload = {
  name: 'create 20k elements, vector(10) + set(5)',
  reference: 'prepared INSERTs (element, vector rows, set rows) in one transaction',
  setup(scale): Pair {
    const count = scaled(20_000, scale);
    const items = Array.from({ length: count }, (_, i) => ({
      label: `item${i + 1}`,
      sample: itemSamples(i + 1, 10),
      tag: itemTags(i + 1, 5),
    }));
    const tmp = new TempDir();
    return {
      quiverdb: freshSide(tmp, createQuiver, (db: Database) => {
        db.transaction(() => {
          for (const item of items) db.createElement(COLLECTION, item);
        });
      }),
      reference: freshSide(tmp, createReference, (db: BetterSqlite3.Database) => {
        const element = db.prepare('INSERT INTO Item (label) VALUES (?)');
        const sample = db.prepare('INSERT INTO Item_vector_samples (id, vector_index, sample) VALUES (?, ?, ?)');
        const tag = db.prepare('INSERT INTO Item_set_tags (id, tag) VALUES (?, ?)');
        db.transaction(() => {
          for (const it of items) {
            const id = element.run(it.label).lastInsertRowid;
            for (let k = 0; k < it.sample.length; k++) sample.run(id, k + 1, it.sample[k]);
            for (const t of it.tag) tag.run(id, t);
          }
        })();
      }),
      dispose: () => tmp.dispose(),
    };
  },
};

/** The createScalars reference: better-sqlite3's prepared INSERT, one transaction. */
function scalarsReference(tmp: TempDir, items: ItemScalars[]): Side {
  return freshSide(tmp, createReference, (db: BetterSqlite3.Database) => {
    const insert = db.prepare('INSERT INTO Item (label, int_value, float_value, str_value) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      for (const it of items) insert.run(it.label, it.int_value, it.float_value, it.str_value);
    })();
  });
}

export const createElementsColumns: Workload = {
  name: 'createElements 100k x 3 scalars, columns',
  reference: 'prepared INSERT in one transaction',
  setup(scale): Pair {
    const count = scaled(100_000, scale);
    const items = Array.from({ length: count }, (_, i) => itemScalars(i + 1));
    // The columns a caller holding its data column-wise passes as they are.
    const columns = {
      label: items.map((it) => it.label),
      int_value: Float64Array.from(items, (it) => it.int_value),
      float_value: Float64Array.from(items, (it) => it.float_value),
      str_value: items.map((it) => it.str_value),
    };
    const tmp = new TempDir();
    return {
      quiverdb: freshSide(tmp, createQuiver, (db: Database) => {
        db.createElements(COLLECTION, columns);
      }),
      reference: scalarsReference(tmp, items),
      dispose: () => tmp.dispose(),
    };
  },
};

export const createElementsObjects: Workload = {
  name: 'createElements 100k x 3 scalars, objects',
  reference: 'prepared INSERT in one transaction',
  setup(scale): Pair {
    const count = scaled(100_000, scale);
    const items = Array.from({ length: count }, (_, i) => itemScalars(i + 1));
    const tmp = new TempDir();
    return {
      quiverdb: freshSide(tmp, createQuiver, (db: Database) => {
        db.createElements(COLLECTION, items);
      }),
      reference: scalarsReference(tmp, items),
      dispose: () => tmp.dispose(),
    };
  },
};

export const createElementsGroups: Workload = {
  name: 'createElements 20k, vector(10) + set(5)',
  reference: 'prepared INSERTs (element, vector rows, set rows) in one transaction',
  setup(scale): Pair {
    const count = scaled(20_000, scale);
    const items = Array.from({ length: count }, (_, i) => ({
      label: `item${i + 1}`,
      sample: itemSamples(i + 1, 10),
      tag: itemTags(i + 1, 5),
    }));
    const group = createGroups.setup(scale);
    const tmp = new TempDir();
    return {
      quiverdb: freshSide(tmp, createQuiver, (db: Database) => {
        db.createElements(COLLECTION, items);
      }),
      reference: group.reference,
      dispose: () => {
        group.dispose?.();
        tmp.dispose();
      },
    };
  },
};
