// Workload 5: every element's float vector as number[][], empty arrays included for elements
// without rows (what readVectorFloats returns), so the reference has to walk the ids too.

import { keep, type Pair, type Workload } from '../harness.js';
import { COLLECTION, TempDir, openQuiver, openReference, populate, scaled } from './fixtures.js';

export const readVectorFloats: Workload = {
  name: 'readVectorFloats 100k x 10',
  reference: 'ids .pluck().all() merged with vector rows .raw().all() ORDER BY id, vector_index',
  setup(scale): Pair {
    const tmp = new TempDir();
    const file = tmp.nextFile();
    populate(file, scaled(100_000, scale), { samplesPerItem: 10 });
    const quiver = openQuiver(file, true);
    const reference = openReference(file, true);
    const ids = reference.prepare('SELECT id FROM Item ORDER BY id').pluck();
    const rows = reference.prepare('SELECT id, sample FROM Item_vector_samples ORDER BY id, vector_index').raw();
    return {
      quiverdb: { run: () => keep(quiver.readVectorFloats(COLLECTION, 'sample')) },
      reference: {
        run() {
          const elementIds = ids.all() as number[];
          const all = rows.all() as [number, number][];
          const out: number[][] = new Array(elementIds.length);
          // Both lists are sorted by id: one merge pass groups rows under their element.
          let r = 0;
          for (let e = 0; e < elementIds.length; e++) {
            const id = elementIds[e]!;
            const values: number[] = [];
            while (r < all.length && all[r]![0] === id) values.push(all[r++]![1]);
            out[e] = values;
          }
          keep(out);
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
