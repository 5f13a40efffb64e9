// A small energy-planning study on the bundled schema (examples/energy.sql) in a temporary
// database: buses, plants with cost curves and fuels, hourly generation, a query, a Lua script
// and a CSV export. Run it with `npm run example`; `npm run example -- --keep` (or
// QUIVER_EXAMPLE_KEEP=1) leaves the database behind for `npx quiver studio`.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Database, LogLevel, LuaRunner } from '../lib/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'quiverdb-example-'));
const dbPath = path.join(dir, 'study.db');
const keep = process.argv.includes('--keep') || process.env.QUIVER_EXAMPLE_KEEP === '1';

try {
  using db = Database.fromSchema(dbPath, path.join(here, 'energy.sql'), { consoleLevel: LogLevel.Warn });
  console.log(`Created ${db.path()} (schema version ${db.currentVersion()})`);

  db.transaction(() => {
    db.createElement('Configuration', { label: 'base case', horizon_years: 10 });
    db.createElement('Bus', { label: 'North', voltage_kv: 230 });
    db.createElement('Bus', { label: 'South', voltage_kv: 138 });
    // Foreign keys take labels; arrays go to the vector/set tables that own those columns.
    db.createElement('Plant', {
      label: 'Coal 1',
      capacity_mw: 450,
      bus_id: 'North',
      date_commissioned: new Date(Date.UTC(1998, 4, 1)),
      segment_mw: [200, 150, 100],
      cost_per_mwh: [31.5, 36.0, 44.25],
      fuel: ['coal'],
    });
    db.createElement('Plant', { label: 'Gas 1', capacity_mw: 300, bus_id: 'South', fuel: ['gas', 'diesel'] });
  });
  console.log(`Plants: ${db.readScalarStrings('Plant', 'label').join(', ')}`);
  console.log(`Capacities (MW): ${db.readScalarFloats('Plant', 'capacity_mw').join(', ')}`);
  console.log('Coal 1 cost curve:', db.readVectorGroupById('Plant', 'cost_curve', 1));
  console.log('Fuels per plant:', db.readSetStrings('Plant', 'fuel'));

  // One day of hourly generation for Coal 1, written as columns.
  const hours = Array.from({ length: 24 }, (_, h) => `2030-01-01T${String(h).padStart(2, '0')}:00:00`);
  const generation = Float64Array.from(hours, (_, h) => 300 + 100 * Math.sin((Math.PI * h) / 12));
  db.updateTimeSeriesGroup('Plant', 'generation', 1, { date_time: hours, generation_mw: generation });
  const series = db.readTimeSeriesGroup('Plant', 'generation', 1);
  console.log(`Coal 1 generation: ${series.date_time!.length} hours, noon = ${(series.generation_mw as Float64Array)[12]!.toFixed(1)} MW`);

  const total = db.queryFloat('SELECT SUM(capacity_mw) FROM Plant WHERE bus_id = (SELECT id FROM Bus WHERE label = ?)', ['North']);
  console.log(`Capacity on bus North: ${total} MW`);

  using lua = new LuaRunner(db);
  const added = lua.run(`
    local id = db:create_element("Plant", { label = "Wind 1", capacity_mw = 120.0, bus_id = "South" })
    return { id = id, plants = db:number_of_elements("Plant") }
  `);
  console.log('Lua created:', added);

  const csvPath = path.join(dir, 'plants.csv');
  db.exportCsv('Plant', '', csvPath);
  console.log(`Exported Plant scalars to CSV:\n${readFileSync(csvPath, 'utf8').trimEnd()}`);
  console.log(db.describeCollection('Plant'));
} finally {
  if (keep) console.log(`Kept the study: npx quiver studio ${dbPath}`);
  else rmSync(dir, { recursive: true, force: true });
}
