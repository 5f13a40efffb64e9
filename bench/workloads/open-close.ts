// Workload 9: opening and closing an existing database file 1,000 times.

import BetterSqlite3 from 'better-sqlite3';
import type { Pair, Workload } from '../harness.js';
import { TempDir, openQuiver, populate, scaled } from './fixtures.js';

export const openClose: Workload = {
  name: 'open + close 1000x',
  reference: 'new Database(path) + PRAGMA foreign_keys = ON + close()',
  setup(scale): Pair {
    const times = scaled(1_000, scale);
    const tmp = new TempDir();
    const file = tmp.nextFile();
    populate(file, 100);
    return {
      quiverdb: {
        run() {
          for (let i = 0; i < times; i++) openQuiver(file).close();
        },
      },
      reference: {
        run() {
          for (let i = 0; i < times; i++) {
            const db = new BetterSqlite3(file);
            db.pragma('foreign_keys = ON');
            db.close();
          }
        },
      },
      dispose: () => tmp.dispose(),
    };
  },
};
