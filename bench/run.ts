// `npm run bench [-- options]`: runs every workload through quiverdb-node and its reference and
// prints quiverdb ms, reference ms, their ratio and peak RSS; the full run writes results.json.
//
// Each workload runs in its own worker process (this file with --worker): peak RSS (getrusage
// maxrss) only ever grows, so a shared process would report the largest workload everywhere. Both
// sides of a workload still share that worker, its fixtures and its warm caches. --quick runs
// everything in this process instead (a tsx worker costs seconds to start on a busy machine), so
// its RSS column is cumulative.
//
// Options: --quick (10x smaller, for CI smoke), --only <text> (workloads whose name contains it),
// --side quiverdb|reference (profile one side), --runs N (default 5), --warmups N (default 1),
// --verify (first check that both sides of each read return equal data; fails the run if not),
// --json <file> (where to write; default bench/results.json for a full run of every workload,
// bench/results-quick.json for --quick, nothing for a partial run).

import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadedLibraryPath, version } from '../lib/index.js';
import { measureSide, peakRssMb, sidesAgree } from './harness.js';
import { WORKLOADS, type Entry } from './workloads/index.js';

interface Result {
  name: string;
  quiverdb_ms: number | null;
  reference_ms: number | null;
  ratio: number | null;
  /** Highest acceptable ratio (null: reported only). */
  target: number | null;
  rss_mb: number;
}

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    side: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '5' },
    warmups: { type: 'string', default: '1' },
    json: { type: 'string' },
    worker: { type: 'string' },
    verify: { type: 'boolean', default: false },
  },
});

const scale = opts.quick ? 0.1 : 1;
const runs = Number(opts.runs);
const warmups = Number(opts.warmups);
const side = opts.side;
if (!['both', 'quiverdb', 'reference'].includes(side!)) throw new Error(`--side: expected quiverdb or reference, got ${side}`);

/** Measures one workload. quiverdb goes first, so the RSS taken right after it is the peak of
 *  setup + quiverdb, not of the reference. */
function measureEntry(entry: Entry): Result {
  const pair = entry.workload.setup(scale);
  if (opts.verify && sidesAgree(pair) === false) throw new Error(`${entry.workload.name}: the two sides returned different data`);
  const q = side !== 'reference' ? measureSide(pair.quiverdb, runs, warmups).median_ms : null;
  const rss = peakRssMb();
  const r = side !== 'quiverdb' ? measureSide(pair.reference, runs, warmups).median_ms : null;
  pair.dispose?.();
  return {
    name: entry.workload.name,
    quiverdb_ms: q,
    reference_ms: r,
    ratio: q !== null && r !== null ? q / r : null,
    target: entry.target ?? null,
    rss_mb: rss,
  };
}

function spawnWorker(index: number): Promise<Result> {
  const args = ['--worker', String(index), '--side', side!, '--runs', String(runs), '--warmups', String(warmups)];
  if (opts.quick) args.push('--quick');
  if (opts.verify) args.push('--verify');
  // process.execArgv carries tsx's loader flags; --expose-gc lets the harness collect between runs.
  const child = fork(fileURLToPath(import.meta.url), args, { execArgv: [...process.execArgv, '--expose-gc'] });
  return new Promise((resolve, reject) => {
    let result: Result | undefined;
    child.on('message', (m) => (result = m as Result));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`workload ${WORKLOADS[index]!.workload.name} failed (exit ${code ?? signal})`));
    });
  });
}

const fmt = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));
const COLUMNS: [string, number][] = [
  ['workload', 42],
  ['quiverdb ms', 12],
  ['reference ms', 13],
  ['ratio', 7],
  ['peak RSS MB', 12],
  ['target', 12],
];

function row(cells: string[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i]![1]) : c.padStart(COLUMNS[i]![1]))).join(' ');
}

function verdict(entry: Entry, result: Result): string {
  if (entry.target === undefined || result.ratio === null) return '';
  return `<=${entry.target.toFixed(1)} ${result.ratio <= entry.target ? 'ok' : 'MISS'}`;
}

async function main(): Promise<void> {
  if (opts.worker !== undefined) {
    process.send!(measureEntry(WORKLOADS[Number(opts.worker)]!));
    return;
  }
  const selected = WORKLOADS.map((entry, index) => ({ entry, index })).filter(
    ({ entry }) => opts.only === undefined || entry.workload.name.includes(opts.only),
  );
  const started = Date.now();
  const mode = opts.quick ? 'quick (1/10 size, one process: RSS is cumulative)' : 'full (one worker per workload)';
  console.log(`quiverdb-node bench: ${mode}, median of ${runs} runs after ${warmups} warm-up`);
  // Which libquiver_c is measured matters (QUIVER_LIBRARY_PATH, prebuild or local build).
  console.log(`libquiver_c ${version()} from ${loadedLibraryPath()}; temp dir ${tmpdir()}`);
  console.log(row(COLUMNS.map(([title]) => title)));
  const results: Result[] = [];
  for (const { entry, index } of selected) {
    const result = opts.quick ? measureEntry(entry) : await spawnWorker(index);
    results.push(result);
    console.log(
      row([
        result.name,
        fmt(result.quiverdb_ms, 1),
        fmt(result.reference_ms, 1),
        fmt(result.ratio, 2),
        fmt(result.rss_mb, 0),
        verdict(entry, result),
      ]),
    );
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const partial = selected.length !== WORKLOADS.length || side !== 'both';
  const jsonPath = opts.json ?? (partial ? undefined : opts.quick ? 'results-quick.json' : 'results.json');
  if (jsonPath !== undefined) {
    const target = opts.json ?? fileURLToPath(new URL(jsonPath, import.meta.url));
    writeFileSync(target, JSON.stringify(results, null, 2) + '\n');
    console.log(`wrote ${target}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
