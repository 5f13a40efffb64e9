// Child process of database-crash.test.ts: writes to an existing database in a loop until it is
// killed. Before each write it prints "B <n>", after the write returns "C <n>" (synchronously, to
// the pipe), so the parent knows what was committed, what may have been and what was not begun.
//   n % 4 == 0: a transaction creating element t<n> (n, vector [n, n, n], 24 time-series rows of n)
//   n % 4 == 1: importCsv of the set group `tags` (40 tags "<n>:<j>" on element base)
//   n % 4 == 2: updateTimeSeriesGroup of base (48 rows of n)
//   n % 4 == 3: exportCsv of the time series to export.csv
// Usage: crash-writer.ts <db> <first n> <work dir>

import { writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Database, LogLevel } from '../../lib/index.js';

const [dbPath, first, dir] = process.argv.slice(2) as [string, string, string];
const db = Database.open(dbPath, { consoleLevel: LogLevel.Off });
const base = db.readElementIds('Item')[0]!;
const hours = (count: number): string[] =>
  Array.from({ length: count }, (_, h) => `2030-01-${String(1 + Math.floor(h / 24)).padStart(2, '0')}T${String(h % 24).padStart(2, '0')}:00:00`);
const say = (line: string): void => {
  writeSync(1, `${line}\n`);
};

say('R');
for (let n = Number(first); ; n++) {
  const csv = path.join(dir, `tags-${n}.csv`);
  if (n % 4 === 1) {
    const rows = Array.from({ length: 40 }, (_, j) => `base,${n}:${j}`);
    writeFileSync(csv, `sep=,\nid,tag\n${rows.join('\n')}\n`);
  }
  say(`B ${n}`);
  switch (n % 4) {
    case 0:
      db.transaction(() => {
        const id = db.createElement('Item', { label: `t${n}`, n, value: [n, n, n] });
        db.updateTimeSeriesGroup('Item', 'load', id, { date_time: hours(24), mw: new Float64Array(24).fill(n) });
      });
      break;
    case 1:
      db.importCsv('Item', 'tags', csv);
      break;
    case 2:
      db.updateTimeSeriesGroup('Item', 'load', base, { date_time: hours(48), mw: new Float64Array(48).fill(n) });
      break;
    default:
      db.exportCsv('Item', 'load', path.join(dir, 'export.csv'));
  }
  say(`C ${n}`);
}
