// Workload 6: one element's time series of 1M rows x 2 float columns, replaced as a whole
// (updateTimeSeriesGroup) and read back as columns (readTimeSeriesGroup).

import type BetterSqlite3 from 'better-sqlite3';
import { keep, type Pair, type Workload } from '../harness.js';
import { COLLECTION, TempDir, hourlyDates, openQuiver, openReference, populate, scaled } from './fixtures.js';

const GROUP = 'readings';
const ELEMENT_ID = 1;

interface Series {
  date_time: string[];
  v1: Float64Array;
  v2: Float64Array;
}

function series(rows: number): Series {
  const v1 = new Float64Array(rows);
  const v2 = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    v1[i] = i * 0.5;
    v2[i] = 1000 - i * 0.25;
  }
  return { date_time: hourlyDates(rows), v1, v2 };
}

/** Same semantics as update_time_series_group: delete the element's rows, insert the new ones. */
function referenceUpdate(db: BetterSqlite3.Database, data: Series): void {
  const clear = db.prepare('DELETE FROM Item_time_series_readings WHERE id = ?');
  const insert = db.prepare('INSERT INTO Item_time_series_readings (id, date_time, v1, v2) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    clear.run(ELEMENT_ID);
    const { date_time, v1, v2 } = data;
    for (let i = 0; i < date_time.length; i++) insert.run(ELEMENT_ID, date_time[i], v1[i], v2[i]);
  })();
}

export const updateTimeSeries: Workload = {
  name: 'updateTimeSeriesGroup 1M x 2',
  reference: 'DELETE + prepared INSERT per row in one transaction',
  setup(scale): Pair {
    const data = series(scaled(1_000_000, scale));
    const tmp = new TempDir();
    // One file per side: every run replaces the same element's rows, so runs stay comparable.
    const quiverFile = tmp.nextFile();
    const referenceFile = tmp.nextFile();
    populate(quiverFile, 1);
    populate(referenceFile, 1);
    const quiver = openQuiver(quiverFile);
    const reference = openReference(referenceFile);
    return {
      quiverdb: { run: () => quiver.updateTimeSeriesGroup(COLLECTION, GROUP, ELEMENT_ID, { ...data }) },
      reference: { run: () => referenceUpdate(reference, data) },
      dispose() {
        quiver.close();
        reference.close();
        tmp.dispose();
      },
    };
  },
};

export const readTimeSeries: Workload = {
  name: 'readTimeSeriesGroup 1M x 2',
  reference: 'SELECT ... WHERE id = ? ORDER BY date_time, .raw().iterate() into columns',
  setup(scale): Pair {
    const data = series(scaled(1_000_000, scale));
    const tmp = new TempDir();
    const file = tmp.nextFile();
    populate(file, 1);
    const writer = openReference(file);
    referenceUpdate(writer, data);
    writer.close();
    const quiver = openQuiver(file, true);
    const reference = openReference(file, true);
    const select = reference
      .prepare('SELECT date_time, v1, v2 FROM Item_time_series_readings WHERE id = ? ORDER BY date_time')
      .raw();
    return {
      quiverdb: { run: () => keep(quiver.readTimeSeriesGroup(COLLECTION, GROUP, ELEMENT_ID)) },
      reference: {
        run() {
          const dates: string[] = [];
          const v1: (number | null)[] = [];
          const v2: (number | null)[] = [];
          for (const row of select.iterate(ELEMENT_ID) as Iterable<[string, number | null, number | null]>) {
            dates.push(row[0]);
            v1.push(row[1]);
            v2.push(row[2]);
          }
          keep({ date_time: dates, v1, v2 });
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
