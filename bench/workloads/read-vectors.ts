// Workload 5: every element's float vector as number[][], empty arrays included for elements
// without rows (what readVectorFloats returns), so the reference has to walk the ids too.

import { keep, type Pair, type Workload } from '../harness.js';
import { COLLECTION, TempDir, openQuiver, openReference, populate, scaled } from './fixtures.js';

export const readVectorFloats: Workload = {
  name: 'readVectorFloats 100k x 10',
  reference: 'ids .pluck().all() merged with vector rows .raw().iterate() ORDER BY id, vector_index',
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
          const out: number[][] = new Array(elementIds.length);
          // Both lists are sorted by id: one merge pass groups rows under their element. Iterating
          // beats .all() here, which would first build a million two-cell row arrays.
          let e = -1;
          let values: number[] = [];
          for (const [id, sample] of rows.iterate() as Iterable<[number, number]>) {
            while (e < elementIds.length && elementIds[e] !== id) out[++e] = values = [];
            values.push(sample);
          }
          while (++e < elementIds.length) out[e] = [];
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
