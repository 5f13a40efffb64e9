// Workloads 3 and 4: bulk scalar reads over every element, and per-call by-id reads. Both sides
// open the same populated file; reads never change it, so runs are repeatable.

import type { Database } from '../../lib/index.js';
import { keep, type Pair, type Workload } from '../harness.js';
import { COLLECTION, TempDir, openQuiver, openReference, populate, random, scaled } from './fixtures.js';

type BulkRead = 'readScalarIntegers' | 'readScalarFloats' | 'readScalarStrings';

function bulkScalarRead(method: BulkRead, attribute: string): Workload {
  return {
    name: `${method} 1M`,
    reference: `SELECT ${attribute} ... ORDER BY id, .pluck().all()`,
    setup(scale): Pair {
      const tmp = new TempDir();
      const file = tmp.nextFile();
      populate(file, scaled(1_000_000, scale));
      const quiver: Database = openQuiver(file, true);
      const reference = openReference(file, true);
      const select = reference.prepare(`SELECT ${attribute} FROM Item ORDER BY id`).pluck();
      return {
        quiverdb: { run: () => keep(quiver[method](COLLECTION, attribute)) },
        reference: { run: () => keep(select.all()) },
        dispose() {
          quiver.close();
          reference.close();
          tmp.dispose();
        },
      };
    },
  };
}

export const readIntegers = bulkScalarRead('readScalarIntegers', 'int_value');
export const readFloats = bulkScalarRead('readScalarFloats', 'float_value');
export const readStrings = bulkScalarRead('readScalarStrings', 'str_value');

export const readIntegerById: Workload = {
  name: 'readScalarIntegerById 100k',
  reference: 'SELECT int_value ... WHERE id = ?, .pluck().get(id) per id',
  setup(scale): Pair {
    const count = scaled(100_000, scale);
    const tmp = new TempDir();
    const file = tmp.nextFile();
    populate(file, count);
    const next = random(42);
    const ids = Array.from({ length: count }, () => 1 + Math.floor(next() * count));
    const quiver = openQuiver(file, true);
    const reference = openReference(file, true);
    const select = reference.prepare('SELECT int_value FROM Item WHERE id = ?').pluck();
    return {
      quiverdb: {
        run() {
          let sum = 0;
          for (const id of ids) sum += quiver.readScalarIntegerById(COLLECTION, 'int_value', id) ?? 0;
          keep(sum);
        },
      },
      reference: {
        run() {
          let sum = 0;
          for (const id of ids) sum += (select.get(id) as number | undefined) ?? 0;
          keep(sum);
        },
      },
      dispose() {
        quiver.close();
        reference.close();
        tmp.dispose();
      },
    };
  },
};
