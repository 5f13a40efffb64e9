// Timing primitives shared by every workload: a Side is one implementation of a workload, split
// into untimed preparation (before/after) and the timed body (run). measureSide runs it warm-up +
// N times and keeps the median, which shrugs off the odd GC pause or page-cache hiccup.

import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import { runInNewContext } from 'node:vm';

export interface Side {
  /** Untimed, before each run: e.g. create a fresh database. */
  before?(): void;
  /** The timed body. */
  run(): void;
  /** Untimed, after each run: close handles, delete files. */
  after?(): void;
  /**
   * For a figure that is not run()'s own duration (the longest event-loop delay during async work):
   * called instead of timing run(), and returns the figure in ms.
   */
  measure?(): number;
}

/** Both implementations of one workload, built on shared fixtures by Workload.setup. */
export interface Pair {
  quiverdb: Side;
  reference: Side;
  /** Removes the fixtures (temp dirs) once both sides have been measured. */
  dispose?(): void;
}

export interface Workload {
  name: string;
  /** What the reference side is (shown in --list). */
  reference: string;
  /** Untimed: builds the fixtures at the given scale (1 for the full run, 0.1 for --quick). */
  setup(scale: number): Pair;
}

export interface Measurement {
  median_ms: number;
  samples_ms: number[];
}

// Collecting before every timed run keeps garbage from the previous run (or the other side) from
// being charged to this one. Workers get --expose-gc; otherwise the flag is switched on late, which
// V8 honours for contexts created afterwards.
function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const collect = gcFunction();

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function measureSide(side: Side, runs: number, warmups: number): Measurement {
  const samples: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    side.before?.();
    collect();
    let elapsed: number;
    if (side.measure) {
      elapsed = side.measure();
    } else {
      const start = performance.now();
      side.run();
      elapsed = performance.now() - start;
    }
    side.after?.();
    if (i >= warmups) samples.push(elapsed);
  }
  return { median_ms: median(samples), samples_ms: samples };
}

/**
 * Peak resident set size of this process so far, in MB. getrusage's maxrss never goes down, which
 * is why every workload runs in its own worker process.
 */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

// Results are stored here so the engine cannot drop a timed read as dead code.
let sink: unknown;
export function keep(value: unknown): void {
  sink = value;
}

// Typed arrays compare equal to plain arrays with the same numbers: quiverdb returns Float64Array
// columns where the reference builds number[].
function plain(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/**
 * Runs each side once and reports whether they kept equal results (undefined when a side keeps
 * nothing, as writes do). Guards against a reference that is fast because it does less.
 */
export function sidesAgree(pair: Pair): boolean | undefined {
  const results = [pair.quiverdb, pair.reference].map((side) => {
    sink = undefined;
    side.before?.();
    side.run();
    side.after?.();
    return plain(sink);
  });
  if (results[0] === undefined || results[1] === undefined) return undefined;
  return isDeepStrictEqual(results[0], results[1]);
}
