// Expressions: building (validation of units, shapes, labels, time properties), evaluation through
// save(), broadcasting, reductions, label selection and renaming, handle lifetimes, and the
// C-level NULL-argument and enum rules of expression.h.

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BinaryFile, Expression, ifelse, liveAllocations, type BinaryMetadataInit, type DimensionInit } from '../lib/index.js';
import { native } from '../lib/native.js';
import type { ExpressionPtr } from '../lib/types.js';
import { basePath, binaryFileHandle, cells, expected, fill, QUIVER_OK, rawError, SIMPLE } from './binary-fixtures.js';
import { collectUntil, expectCode, expectNative, thrown } from './helpers.js';

afterAll(async () => {
  // Intermediate expressions of chains are freed by their finalizers.
  expect(await collectUntil(() => liveAllocations() === 0)).toBe(true);
});

type Coords = Record<string, number>;

/** Metadata like SIMPLE with other dimensions / labels / unit. */
function meta(dimensions: DimensionInit[], labels = ['val'], extra: Partial<BinaryMetadataInit> = {}): BinaryMetadataInit {
  return { initialDatetime: '2025-01-01T00:00:00', unit: 'MW', dimensions, labels, ...extra };
}

/** Every coordinate of `dims`, last dimension fastest. */
function coordinates(dims: readonly DimensionInit[]): Coords[] {
  let out: Coords[] = [{}];
  for (const d of dims) out = out.flatMap((c) => Array.from({ length: d.size }, (_, i) => ({ ...c, [d.name]: i + 1 })));
  return out;
}

/** A file at `p` with `init`'s shape where each label k of each cell holds f(coords, k). */
function fillFile(p: string, init: BinaryMetadataInit, f: (c: Coords, k: number) => number): string {
  using w = BinaryFile.open(p, 'w', init);
  for (const c of coordinates(init.dimensions)) w.write(c, init.labels.map((_, k) => f(c, k)));
  return p;
}

/** The whole file at `p` in file order (NULL → NaN). */
function all(p: string): number[] {
  using r = BinaryFile.open(p, 'r');
  return Array.from(r.readBlock({}, true));
}

function cell(p: string, address: Coords): number[] {
  using r = BinaryFile.open(p, 'r');
  return Array.from(r.read(address, true));
}

/** Saves `e` to a fresh path, closes `e`, returns the path. */
function saved(e: Expression): string {
  const out = basePath('out');
  try {
    e.save(out);
  } finally {
    e.close();
  }
  return out;
}

const A = (f: (r: number, c: number, k: number) => number) => Expression.from(fill(basePath('a'), f));

describe('file nodes and saving', () => {
  it('a file expression saves a copy; saving twice gives identical files; unopened handles work too', () => {
    const a = fill(basePath('a'), (r, c, k) => 100 * r + 10 * c + k);
    const reader = BinaryFile.open(a, 'r');
    const e = Expression.from(reader);
    reader.close();
    const out = basePath('out');
    const out2 = basePath('out2');
    e.save(out);
    e.save(out2);
    e.close();
    expect(cells(out)).toEqual(cells(a));
    expect(readFileSync(`${out2}.qvr`)).toEqual(readFileSync(`${out}.qvr`));
    expect(readFileSync(`${out2}.toml`, 'utf8')).toBe(readFileSync(`${out}.toml`, 'utf8'));
    using unopened = BinaryFile.create(a);
    expect(cells(saved(Expression.from(unopened)))).toEqual(cells(a));
    expect(cells(saved(Expression.from(a)))).toEqual(cells(a));
  });

  it('a file node needs the .toml sidecar', () => {
    const missing = path.join(path.dirname(basePath()), 'missing');
    expectNative(() => Expression.from(missing), `Metadata file not found: ${missing}.toml`);
    using h = BinaryFile.create(missing);
    expectNative(() => Expression.from(h), `Metadata file not found: ${missing}.toml`);
  });

  it('saving over an input is refused and the input stays byte-identical (also through ./)', () => {
    const a = fill(basePath('a'), () => 42);
    const before = readFileSync(`${a}.qvr`);
    using e = Expression.from(a);
    expectNative(() => e.save(a), `Cannot save: output path collides with input file '${a}'`);
    const dotted = path.join(path.dirname(a), '.', path.basename(a));
    expect(thrown(() => e.save(`${path.dirname(a)}/./${path.basename(a)}`)).message).toContain('Cannot save: output path collides with input file');
    void dotted;
    expect(statSync(`${a}.qvr`).size).toBe(before.length);
    expect(readFileSync(`${a}.qvr`).subarray(0, 64)).toEqual(before.subarray(0, 64));
  });

  it('an input open for writing cannot be read by save()', () => {
    const a = basePath('a');
    using w = BinaryFile.open(a, 'w', SIMPLE);
    using e = Expression.from(w);
    expect(thrown(() => e.save(basePath('out'))).message).toContain('Cannot open_file: file is already open for writing');
  });

  it('metadata() reports the unit, kept by arithmetic and comparison, dropped by NOT', () => {
    using a = A(() => 1);
    using md = a.metadata();
    expect(md.unit).toBe('MW');
    using doubled = a.mul(2.0);
    expect(doubled.metadata().unit).toBe('MW');
    using negated = a.not();
    expect(negated.metadata().unit).toBe('');
    using compared = a.gt(1.0);
    expect(compared.metadata().unit).toBe('MW');
  });

  it('two file nodes on the same path are independent: a + a doubles', () => {
    const a = fill(basePath('a'), (r, c, k) => 10 * r + c + k);
    const e = Expression.from(a).add(Expression.from(a));
    expect(cells(saved(e))).toEqual(expected((r, c, k) => 2 * (10 * r + c + k)));
  });
});

describe('arithmetic', () => {
  it('add, sub, mul and div of two files, cell by cell', () => {
    const fa = (r: number, c: number, k: number) => 10 * r + c + k;
    const fb = (r: number, c: number, k: number) => 100 * r + 5 * c + 2 * k;
    const a = Expression.from(fill(basePath('a'), fa));
    const b = Expression.from(fill(basePath('b'), fb));
    expect(cells(saved(a.add(b)))).toEqual(expected((r, c, k) => fa(r, c, k) + fb(r, c, k)));
    expect(cells(saved(a.sub(b)))).toEqual(expected((r, c, k) => fa(r, c, k) - fb(r, c, k)));
    expect(cells(saved(a.mul(b)))).toEqual(expected((r, c, k) => fa(r, c, k) * fb(r, c, k)));
    expect(cells(saved(a.div(b)))).toEqual(expected((r, c, k) => fa(r, c, k) / fb(r, c, k)));
    a.close();
    b.close();
  });

  it('chains: ((A + B) - C) / 2', () => {
    const a = Expression.from(fill(basePath('a'), (r, c, k) => r + c + k));
    const b = Expression.from(fill(basePath('b'), (r, c, k) => 2 * r + c + k));
    const c = Expression.from(fill(basePath('c'), (r, c, k) => r + 2 * c + k));
    expect(cells(saved(a.add(b).sub(c).div(2.0)))).toEqual(expected((r, cc, k) => (r + cc + k + 2 * r + cc + k - (r + 2 * cc + k)) / 2));
  });

  it('scalars on the right and on the left', () => {
    const f = (r: number, c: number, k: number) => 10 * r + c + k;
    using a = A(f);
    const cases: [Expression, (x: number) => number][] = [
      [a.add(2), (x) => x + 2],
      [a.sub(5), (x) => x - 5],
      [a.mul(3), (x) => 3 * x],
      [a.div(4), (x) => x / 4],
      [Expression.apply('add', 7, a), (x) => 7 + x],
      [Expression.apply('sub', 100, a), (x) => 100 - x],
      [Expression.apply('mul', 5, a), (x) => 5 * x],
      [Expression.apply('div', 60, a), (x) => 60 / x],
    ];
    for (const [e, g] of cases) expect(cells(saved(e))).toEqual(expected((r, c, k) => g(f(r, c, k))));
    expectCode(() => Expression.apply('add', 1, 2), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => Expression.apply('pow' as 'add', a, 2), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => a.add('2' as unknown as number), 'QUIVER_INVALID_ARGUMENT');
  });

  it('operands of different shapes, units or labels are refused at build time', () => {
    using a = A(() => 1);
    using b4 = Expression.from(fillFile(basePath('b'), meta([{ name: 'row', size: 4 }, { name: 'col', size: 2 }], ['val1', 'val2']), () => 1));
    expectNative(() => a.add(b4), "Cannot apply: dimension 'row' has incompatible sizes 3 vs 4 (broadcasting requires n x n, 1 x n, or n x 1)");
    using gwh = Expression.from(fill(basePath('g'), () => 1, { ...SIMPLE, unit: 'GWh' }));
    expectNative(() => a.add(gwh), "Cannot apply: units differ ('MW' vs 'GWh')");
    expectNative(() => a.gt(gwh), "Cannot apply: units differ ('MW' vs 'GWh')");
    using both = a.and(gwh);
    expect(both.metadata().unit).toBe('');
    using v13 = Expression.from(fill(basePath('l'), () => 1, { ...SIMPLE, labels: ['val1', 'val3'] }));
    expectNative(() => a.add(v13), 'Cannot apply: labels have same size 2 but different content');
    using abc = Expression.from(fillFile(basePath('m'), meta(SIMPLE.dimensions.slice(), ['a', 'b', 'c']), () => 1));
    expectNative(() => a.add(abc), 'Cannot apply: labels have incompatible sizes 2 vs 3');
  });
});

describe('broadcasting and dimension matching', () => {
  it('a size-1 dimension broadcasts', () => {
    const a = Expression.from(fillFile(basePath('a'), meta([{ name: 'row', size: 3 }, { name: 'col', size: 2 }], ['v1', 'v2']), (c, k) => 100 * c.row! + 10 * c.col! + k));
    const b = Expression.from(fillFile(basePath('b'), meta([{ name: 'row', size: 1 }, { name: 'col', size: 2 }], ['v1', 'v2']), (c, k) => 1000 * c.col! + k));
    const sum = a.add(b);
    expect(sum.metadata().dimensions.map((d) => [d.name, d.size])).toEqual([['row', 3], ['col', 2]]);
    const out = saved(sum);
    expect(cell(out, { row: 1, col: 1 })[0]).toBe(1110);
    expect(cell(out, { row: 2, col: 1 })[0]).toBe(1210);
    expect(cell(out, { row: 3, col: 2 })[1]).toBe(2322);
  });

  it('a single label broadcasts over the other side labels', () => {
    const dims = [{ name: 'row', size: 2 }, { name: 'col', size: 2 }];
    const a = Expression.from(fillFile(basePath('a'), meta(dims, ['single']), (c) => 10 * c.row! + c.col!));
    const b = Expression.from(fillFile(basePath('b'), meta(dims, ['l1', 'l2', 'l3']), (c, k) => 100 * c.row! + 10 * c.col! + k));
    const sum = a.add(b);
    expect(sum.metadata().labels).toEqual(['l1', 'l2', 'l3']);
    const out = saved(sum);
    expect(cell(out, { row: 1, col: 1 })).toEqual([121, 122, 123]);
    expect(cell(out, { row: 2, col: 2 })[2]).toBe(244);
  });

  it('dimensions of both sides are united, lhs order first', () => {
    const a = Expression.from(
      fillFile(basePath('a'), meta([{ name: 'scenario', size: 2 }, { name: 'time', size: 4, frequency: 'monthly' }]), (c) => 10 * c.scenario! + c.time!),
    );
    const b = Expression.from(
      fillFile(basePath('b'), meta([{ name: 'time', size: 4, frequency: 'monthly' }, { name: 'stage', size: 3 }]), (c) => 100 * c.time! + c.stage!),
    );
    const sum = a.add(b);
    expect(sum.metadata().dimensions.map((d) => [d.name, d.size])).toEqual([['scenario', 2], ['time', 4], ['stage', 3]]);
    const out = saved(sum);
    expect(cell(out, { scenario: 1, time: 1, stage: 1 })).toEqual([112]);
    expect(cell(out, { scenario: 2, time: 4, stage: 2 })).toEqual([426]);
  });

  it('shared dimensions match by name, whatever their order', () => {
    const a = Expression.from(fillFile(basePath('a'), meta([{ name: 'scenario', size: 2 }, { name: 'time', size: 4 }]), (c) => 10 * c.scenario! + c.time!));
    const b = Expression.from(fillFile(basePath('b'), meta([{ name: 'time', size: 4 }, { name: 'scenario', size: 2 }]), (c) => 100 * c.time! + c.scenario!));
    const sum = a.add(b);
    expect(sum.metadata().dimensions.map((d) => d.name)).toEqual(['scenario', 'time']);
    const out = saved(sum);
    expect(cell(out, { scenario: 1, time: 1 })).toEqual([112]);
    expect(cell(out, { scenario: 2, time: 4 })).toEqual([426]);
    expect(cell(out, { scenario: 1, time: 4 })).toEqual([415]);
    expect(cell(out, { scenario: 2, time: 2 })).toEqual([224]);
  });

  it('a dimension that is a time dimension on one side only is refused', () => {
    const timed = Expression.from(fillFile(basePath('a'), meta([{ name: 'scenario', size: 3 }, { name: 'block', size: 12, frequency: 'monthly' }]), () => 1));
    const plain = Expression.from(fillFile(basePath('b'), meta([{ name: 'scenario', size: 3 }, { name: 'block', size: 12 }]), () => 1));
    expectNative(() => timed.add(plain), "Cannot apply: dimension 'block' is a time dimension on lhs but not on rhs");
    expectNative(() => plain.add(timed), "Cannot apply: dimension 'block' is a time dimension on rhs but not on lhs");
  });

  it('time dimensions must agree on initial date-time, frequency and parent', () => {
    const monthDay = (start: string) =>
      meta(
        [
          { name: 'month', size: 4, frequency: 'monthly' },
          { name: 'block', size: 31, frequency: 'daily' },
        ],
        ['val'],
        { initialDatetime: start },
      );
    const jan = Expression.from(BinaryFile.create(writeEmpty(monthDay('2025-01-01T00:00:00'))));
    const feb = Expression.from(BinaryFile.create(writeEmpty(monthDay('2025-02-01T00:00:00'))));
    expectNative(() => jan.add(feb), 'Cannot apply: initial_datetime differs');
    const monthly = Expression.from(writeEmpty(meta([{ name: 'scenario', size: 3 }, { name: 'block', size: 12, frequency: 'monthly' }])));
    const yearly = Expression.from(writeEmpty(meta([{ name: 'scenario', size: 3 }, { name: 'block', size: 12, frequency: 'yearly' }])));
    expectNative(() => monthly.add(yearly), "Cannot apply: time dimension 'block' has incompatible TimeProperties");
    const byMonth = Expression.from(writeEmpty(meta([{ name: 'month', size: 2, frequency: 'monthly' }, { name: 'block', size: 31, frequency: 'daily' }])));
    const byStage = Expression.from(writeEmpty(meta([{ name: 'stage', size: 2, frequency: 'monthly' }, { name: 'block', size: 31, frequency: 'daily' }])));
    expectNative(() => byMonth.add(byStage), "Cannot apply: time dimension 'block' has incompatible TimeProperties");
  });

  it('a parent at another position is still the same parent: [month, extra, day] + [extra, month, day] saves', () => {
    const t = (dims: DimensionInit[]) => Expression.from(writeEmpty(meta(dims)));
    const month: DimensionInit = { name: 'month', size: 2, frequency: 'monthly' };
    const extra: DimensionInit = { name: 'extra', size: 2 };
    const day: DimensionInit = { name: 'day', size: 31, frequency: 'daily' };
    const out = saved(t([month, extra, day]).add(t([extra, month, day])));
    using r = BinaryFile.open(out, 'r');
    expect(r.metadata().dimensions.map((d) => d.name)).toEqual(['month', 'extra', 'day']);
  });

  it('joining two outer monthly dimensions of different names fails validation', () => {
    const a = Expression.from(writeEmpty(meta([{ name: 'month', size: 2, frequency: 'monthly' }])));
    const b = Expression.from(writeEmpty(meta([{ name: 'stage', size: 2, frequency: 'monthly' }])));
    expectNative(() => a.add(b), 'Time dimension frequencies must be unique. Duplicate: monthly');
  });
});

/** A file with `init` and no values written (all NULL). */
function writeEmpty(init: BinaryMetadataInit): string {
  const p = basePath('e');
  BinaryFile.open(p, 'w', init).close();
  return p;
}

describe('aggregate over a dimension', () => {
  const f = (r: number, c: number, k: number) => 10 * r + c + k;

  it('sum, mean, min, max and percentile over rows', () => {
    using a = A(f);
    const results: [Expression, number[]][] = [
      [a.aggregate('row', 'sum'), [63, 66, 66, 69]],
      [a.aggregate('row', 'mean'), [21, 22, 22, 23]],
      [a.aggregate('row', 'min'), [11, 12, 12, 13]],
      [a.aggregate('row', 'max'), [31, 32, 32, 33]],
      [a.aggregate('row', 'percentile', 0.5), [21, 22, 22, 23]],
    ];
    for (const [e, values] of results) {
      expect(e.metadata().dimensions.map((d) => d.name)).toEqual(['col']);
      expect(all(saved(e))).toEqual(values);
    }
  });

  it('parameter rules and unknown dimensions', () => {
    using a = A(f);
    expectNative(() => a.aggregate('row', 'sum', 0.5), "Cannot aggregate: operation 'sum' does not accept a parameter");
    expectNative(() => a.aggregate('row', 'percentile'), "Cannot aggregate: operation 'percentile' requires a parameter");
    expectNative(() => a.aggregate('row', 'percentile', 1.5), 'Cannot aggregate: percentile must be in [0, 1], got 1.500000');
    expectNative(() => a.aggregate('row', 'percentile', -0.1), 'Cannot aggregate: percentile must be in [0, 1], got -0.100000');
    expectNative(() => a.aggregate('nonexistent', 'sum'), "Dimension not found: 'nonexistent' in operand metadata");
    expectCode(() => a.aggregate('row', 'avg' as 'mean'), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => a.aggregate('row', 'percentile', '0.5' as unknown as number), 'QUIVER_INVALID_ARGUMENT');
  });

  it('aggregate after arithmetic', () => {
    const a = Expression.from(fill(basePath('a'), f));
    const b = Expression.from(fill(basePath('b'), (r, c, k) => r + c + k));
    expect(all(saved(a.add(b).aggregate('row', 'sum')))).toEqual([72, 78, 78, 84]);
  });

  it('reducing a time dimension: yearly values sum, days sum per month', () => {
    const years = fillFile(basePath('y'), meta([{ name: 'year', size: 3, frequency: 'yearly' }, { name: 'scenario', size: 2 }]), (c) => c.year!);
    expect(all(saved(Expression.from(years).aggregate('year', 'sum')))).toEqual([6, 6]);

    const p = basePath('days');
    {
      using w = BinaryFile.open(p, 'w', meta([{ name: 'month', size: 4, frequency: 'monthly' }, { name: 'block', size: 31, frequency: 'daily' }]));
      [31, 28, 31, 30].forEach((days, m) => {
        for (let d = 1; d <= days; d++) w.write({ month: m + 1, block: d }, [1.0]);
      });
    }
    expect(all(saved(Expression.from(p).aggregate('block', 'sum')))).toEqual([31, 28, 31, 30]);
  });

  it('NULLs are skipped; all NULL gives NULL', () => {
    const a = fill(basePath('a'), (r, c, k) => (r === 2 ? NaN : f(r, c, k)));
    expect(all(saved(Expression.from(a).aggregate('row', 'sum')))).toEqual([42, 44, 44, 46]);
    const nulls = fill(basePath('n'), () => NaN);
    expect(all(saved(Expression.from(nulls).aggregate('row', 'sum'))).every(Number.isNaN)).toBe(true);
    const firstLabel = fill(basePath('l'), (r, c, k) => (k === 0 ? NaN : f(r, c, k)));
    const agents = saved(Expression.from(firstLabel).aggregateAgents('sum'));
    expect(cell(agents, { row: 1, col: 1 })).toEqual([12]);
    expect(cell(agents, { row: 1, col: 2 })).toEqual([13]);
    expect(all(saved(Expression.from(nulls).aggregateAgents('sum'))).every(Number.isNaN)).toBe(true);
  });

  it('time parents are re-pointed when a dimension is reduced away', () => {
    const feb = writeEmpty(
      meta(
        [
          { name: 'scenario', size: 3 },
          { name: 'month', size: 1, frequency: 'monthly' },
          { name: 'block', size: 28, frequency: 'daily' },
        ],
        ['val'],
        { initialDatetime: '2025-02-01T00:00:00' },
      ),
    );
    using byScenario = Expression.from(feb).aggregate('scenario', 'sum');
    const dims = byScenario.metadata().dimensions;
    expect(dims.map((d) => d.name)).toEqual(['month', 'block']);
    expect(dims[1]!.parentDimensionIndex).toBe(0);
    const yearMonth = writeEmpty(meta([{ name: 'year', size: 2, frequency: 'yearly' }, { name: 'month', size: 12, frequency: 'monthly' }]));
    using byYear = Expression.from(yearMonth).aggregate('year', 'sum');
    using md = byYear.metadata();
    expect(md.dimensions.map((d) => [d.name, d.parentDimensionIndex])).toEqual([['month', -1]]);
    expect(md.numberOfTimeDimensions).toBe(1);
  });

  it('repeated reductions, down to the last dimension', () => {
    const cube = fillFile(basePath('c'), meta([{ name: 'row', size: 3 }, { name: 'col', size: 2 }, { name: 'depth', size: 2 }]), () => 2.0);
    const twice = Expression.from(cube).aggregate('row', 'sum').aggregate('col', 'sum');
    expectNative(() => twice.aggregate('depth', 'sum'), 'Number of dimensions must be positive, got 0');
    expect(all(saved(twice))).toEqual([12, 12]);
    const threes = fill(basePath('t'), () => 3.0);
    expect(all(saved(Expression.from(threes).aggregate('row', 'sum').aggregateAgents('mean')))).toEqual([9, 9]);
  });
});

describe('aggregate over agents', () => {
  const f = (r: number, c: number, k: number) => 10 * r + c + k;

  it('one label named after the operation; sum, mean, min, max, percentile', () => {
    using a = A(f);
    using sum = a.aggregateAgents('sum');
    using md = sum.metadata();
    expect(md.labels).toEqual(['sum']);
    expect(md.dimensions.map((d) => d.name)).toEqual(['row', 'col']);
    const out = saved(a.aggregateAgents('sum'));
    expect(cell(out, { row: 1, col: 1 })).toEqual([23]);
    expect(cell(out, { row: 3, col: 2 })).toEqual([65]);
    for (const [op, v11, v12] of [
      ['mean', 11.5, 12.5],
      ['min', 11, 12],
      ['max', 12, 13],
    ] as const) {
      using e = a.aggregateAgents(op);
      expect(e.metadata().labels).toEqual([op]);
      const o = saved(a.aggregateAgents(op));
      expect(cell(o, { row: 1, col: 1 })).toEqual([v11]);
      expect(cell(o, { row: 1, col: 2 })).toEqual([v12]);
    }
    const p = saved(a.aggregateAgents('percentile', 0.5));
    expect(cell(p, { row: 1, col: 1 })).toEqual([11.5]);
    using pe = a.aggregateAgents('percentile', 0.5);
    expect(pe.metadata().labels).toEqual(['percentile']);
  });

  it('parameter rules', () => {
    using a = A(f);
    expectNative(() => a.aggregateAgents('percentile'), "Cannot aggregate_agents: operation 'percentile' requires a parameter");
    expectNative(() => a.aggregateAgents('percentile', 1.5), 'Cannot aggregate_agents: percentile must be in [0, 1], got 1.500000');
    expectNative(() => a.aggregateAgents('max', 0.5), "Cannot aggregate_agents: operation 'max' does not accept a parameter");
  });
});

describe('unary operations', () => {
  const f = (r: number, c: number, k: number) => 10 * r + c + k;

  it('neg, abs, sqrt, log, exp, element by element', () => {
    expect(cells(saved(A(f).neg()))).toEqual(expected((r, c, k) => -f(r, c, k)));
    const signed = (r: number, c: number, k: number) => ((r + c + k) % 2 === 0 ? 1 : -1) * f(r, c, k);
    expect(cells(saved(A(signed).abs()))).toEqual(expected((r, c, k) => f(r, c, k)));
    expect(cells(saved(A(f).sqrt()))).toEqual(expected((r, c, k) => Math.sqrt(f(r, c, k))));
    expect(cells(saved(A(f).log()))).toEqual(expected((r, c, k) => Math.log(f(r, c, k))));
    const small = (r: number, c: number, k: number) => 0.1 * (r + c + k);
    const exps = cells(saved(A(small).exp()));
    expected((r, c, k) => Math.exp(small(r, c, k))).forEach((v, i) => expect(exps[i]).toBeCloseTo(v, 12));
    expect(cells(saved(A(() => -1).sqrt())).every(Number.isNaN)).toBe(true);
  });

  it('neg keeps the metadata; abs(-a) = |a|; -(a + b)', () => {
    using a = A(f);
    using neg = a.neg();
    using md = neg.metadata();
    expect(md.unit).toBe('MW');
    expect(md.dimensions.map((d) => [d.name, d.size])).toEqual([['row', 3], ['col', 2]]);
    expect(md.labels).toEqual(['val1', 'val2']);
    expect(cells(saved(a.neg().abs()))).toEqual(expected(f));
    const b = Expression.from(fill(basePath('b'), (r, c, k) => r + c + k));
    expect(cells(saved(a.add(b).neg()))).toEqual(expected((r, c, k) => -(f(r, c, k) + r + c + k)));
  });
});

describe('ifelse', () => {
  const constant = (v: number) => Expression.from(fill(basePath('k'), () => v));

  it('picks the then-value where the condition is non-zero; NULL conditions give NULL', () => {
    const cond = Expression.from(fill(basePath('c'), (r) => (r === 1 ? 1 : 0)));
    const out = saved(ifelse(cond, constant(10), constant(20)));
    expect(cells(out)).toEqual(expected((r) => (r === 1 ? 10 : 20)));

    const nanCond = Expression.from(fill(basePath('n'), (r, c) => (r === 1 && c === 1 ? NaN : 1)));
    const picked = saved(ifelse(nanCond, constant(7), constant(-7)));
    expect(cell(picked, { row: 1, col: 1 })).toEqual([NaN, NaN]);
    expect(cell(picked, { row: 2, col: 2 })).toEqual([7, 7]);

    const always = saved(ifelse(constant(1), constant(42), constant(NaN)));
    expect(cells(always)).toEqual(expected(() => 42));
  });

  it('branch units must match; the condition unit does not matter', () => {
    const cond = Expression.from(fill(basePath('c'), () => 1, { ...SIMPLE, unit: 'flag' }));
    const mw = constant(1);
    const kwh = Expression.from(fill(basePath('k'), () => 2, { ...SIMPLE, unit: 'kWh' }));
    expectNative(() => ifelse(cond, mw, kwh), "Cannot apply: units differ ('MW' vs 'kWh')");
    using ok = ifelse(cond, mw, mw);
    expect(ok.metadata().unit).toBe('MW');
    const out = saved(ifelse(cond, mw, mw));
    expect(cells(out)).toEqual(expected(() => 1));
  });

  it('shapes and labels must be compatible', () => {
    const four = Expression.from(fillFile(basePath('f'), meta([{ name: 'row', size: 4 }, { name: 'col', size: 2 }], ['val1', 'val2']), () => 1));
    expectNative(() => ifelse(constant(1), constant(1), four), "Cannot apply: dimension 'row' has incompatible sizes 3 vs 4 (broadcasting requires n x n, 1 x n, or n x 1)");
    const abc = Expression.from(fillFile(basePath('l'), meta(SIMPLE.dimensions.slice(), ['a', 'b', 'c']), () => 1));
    expectNative(() => ifelse(abc, constant(1), constant(2)), 'Cannot apply: labels are incompatible across operands (non-singleton label sets must match)');
    expectCode(() => ifelse(constant(1), 10 as never, constant(2)), 'QUIVER_INVALID_ARGUMENT');
  });

  it('broadcasts a smaller condition and a single-label condition; composes with scalars', () => {
    const cond = Expression.from(fillFile(basePath('c'), meta([{ name: 'row', size: 1 }, { name: 'col', size: 2 }], ['val1', 'val2']), (c) => (c.col === 1 ? 1 : 0)));
    const out = saved(ifelse(cond, constant(100), constant(-100)));
    using r = BinaryFile.open(out, 'r');
    expect(r.metadata().dimension(0).size).toBe(3);
    expect(cells(out)).toEqual(expected((_r, c) => (c === 1 ? 100 : -100)));

    const f = (r: number, c: number, k: number) => 10 * r + c + k;
    const only = Expression.from(fillFile(basePath('o'), meta(SIMPLE.dimensions.slice(), ['only']), (c) => (c.row === 1 ? 1 : 0)));
    const pos = Expression.from(fill(basePath('p'), f));
    const neg = Expression.from(fill(basePath('q'), (r, c, k) => -f(r, c, k)));
    const mixed = saved(ifelse(only, pos, neg));
    expect(cell(mixed, { row: 1, col: 1 })).toEqual([11, 12]);
    expect(cell(mixed, { row: 2, col: 2 })).toEqual([-22, -23]);

    const rowOne = Expression.from(fill(basePath('r'), (r) => (r === 1 ? 1 : 0)));
    expect(cells(saved(ifelse(rowOne, constant(10), constant(20)).mul(2).add(1)))).toEqual(expected((r) => (r === 1 ? 21 : 41)));
  });
});

describe('select and rename agents', () => {
  const f = (r: number, c: number, k: number) => 10 * r + c + k;

  it('selectAgents keeps the given labels in the given order', () => {
    using a = A(f);
    using one = a.selectAgents(['val2']);
    expect(one.metadata().labels).toEqual(['val2']);
    const out = saved(a.selectAgents(['val2']));
    expect(cell(out, { row: 1, col: 1 })).toEqual([12]);
    expect(cell(out, { row: 1, col: 2 })).toEqual([13]);
    expect(cell(out, { row: 2, col: 1 })).toEqual([22]);
    expect(cell(out, { row: 3, col: 2 })).toEqual([33]);
    expect(cell(saved(a.selectAgents(['val2', 'val1'])), { row: 1, col: 1 })).toEqual([12, 11]);
    expectNative(() => a.selectAgents(['nope']), "Cannot select_agents: label not found: 'nope'");
    expectNative(() => a.selectAgents(['val1', 'val1']), "Label names must be unique, duplicate: 'val1'");
    expectNative(() => a.selectAgents([]), 'Number of labels must be positive, got 0');
  });

  it('renameAgents renames at once (swaps work) and leaves values alone', () => {
    using a = A(f);
    using alpha = a.renameAgents({ val1: 'alpha' });
    expect(alpha.metadata().labels).toEqual(['alpha', 'val2']);
    expect(cell(saved(a.renameAgents({ val1: 'alpha' })), { row: 1, col: 1 })).toEqual([11, 12]);
    using both = a.renameAgents(new Map([['val1', 'alpha'], ['val2', 'beta']]));
    expect(both.metadata().labels).toEqual(['alpha', 'beta']);
    using swapped = a.renameAgents([['val1', 'val2'], ['val2', 'val1']]);
    expect(swapped.metadata().labels).toEqual(['val2', 'val1']);
    expectNative(() => a.renameAgents({ nope: 'x' }), "Cannot rename_agents: label not found: 'nope'");
    expectNative(() => a.renameAgents({ val1: 'val2' }), "Label names must be unique, duplicate: 'val2'");
    expectNative(() => a.renameAgents([['val1', 'alpha'], ['val1', 'beta']]), "Cannot rename_agents: duplicate key 'val1'");
    using same = a.renameAgents({});
    expect(same.metadata().labels).toEqual(['val1', 'val2']);
    const out = saved(a.selectAgents(['val2']).renameAgents({ val2: 'renamed' }));
    using r = BinaryFile.open(out, 'r');
    expect(r.metadata().labels).toEqual(['renamed']);
    expect(Array.from(r.read({ row: 1, col: 1 }))).toEqual([12]);
    expectCode(() => a.renameAgents([['val1']] as never), 'QUIVER_INVALID_ARGUMENT');
  });
});

describe('comparisons and logic', () => {
  it('gt, lt, gte, lte, eq, neq give 1 or 0 per value', () => {
    const fa = (r: number, c: number, k: number) => 10 * r + c + k;
    const fb = (r: number, c: number, k: number) => 10 * c + r + k;
    const a = Expression.from(fill(basePath('a'), fa));
    const b = Expression.from(fill(basePath('b'), fb));
    const rel: [keyof Expression & ('gt' | 'lt' | 'gte' | 'lte' | 'eq' | 'neq'), (x: number, y: number) => boolean][] = [
      ['gt', (x, y) => x > y],
      ['lt', (x, y) => x < y],
      ['gte', (x, y) => x >= y],
      ['lte', (x, y) => x <= y],
      ['eq', (x, y) => x === y],
      ['neq', (x, y) => x !== y],
    ];
    for (const [op, test] of rel) expect(cells(saved(a[op](b)))).toEqual(expected((r, c, k) => (test(fa(r, c, k), fb(r, c, k)) ? 1 : 0)));

    const big = (r: number, c: number, k: number) => 100 * r + 10 * c + k;
    using h = A(big);
    expect(cells(saved(h.gte(100)))).toEqual(expected((r, c, k) => (big(r, c, k) >= 100 ? 1 : 0)));
    expect(cells(saved(Expression.apply('lt', 100, h)))).toEqual(expected((r, c, k) => (100 < big(r, c, k) ? 1 : 0)));

    const withNull = A((r, c) => (r === 1 && c === 1 ? NaN : 5));
    const gt = cells(saved(withNull.gt(3)));
    expect(gt.slice(0, 2)).toEqual([NaN, NaN]);
    expect(gt.slice(2).every((v) => v === 1)).toBe(true);
  });

  it('and, or, not; NULL operands give NULL; logic works across units', () => {
    const fa = (r: number) => (r === 2 ? 0 : 3);
    const fb = (_r: number, c: number) => (c === 1 ? 0 : -2);
    const a = Expression.from(fill(basePath('a'), fa));
    const b = Expression.from(fill(basePath('b'), fb));
    expect(cells(saved(a.and(b)))).toEqual(expected((r, c) => (fa(r) !== 0 && fb(r, c) !== 0 ? 1 : 0)));
    expect(cells(saved(a.or(b)))).toEqual(expected((r, c) => (fa(r) !== 0 || fb(r, c) !== 0 ? 1 : 0)));
    expect(cells(saved(a.not()))).toEqual(expected((r) => (fa(r) === 0 ? 1 : 0)));
    const nan = Expression.from(fill(basePath('n'), (r) => (r === 1 ? NaN : 1)));
    expect(cells(saved(nan.and(a))).slice(0, 4).every(Number.isNaN)).toBe(true);

    const mw = Expression.from(fill(basePath('m'), () => 2));
    const gwh = Expression.from(fill(basePath('g'), () => 1, { ...SIMPLE, unit: 'GWh' }));
    const both = mw.gt(1).and(gwh.gt(0));
    expect(both.metadata().unit).toBe('');
    expect(cells(saved(both))).toEqual(expected(() => 1));

    const rows = Expression.from(fill(basePath('r'), (r) => r));
    const band = ifelse(rows.gt(1).and(rows.lt(3)), Expression.from(fill(basePath('h'), () => 100)), Expression.from(fill(basePath('l'), () => -100)));
    expect(cells(saved(band))).toEqual(expected((r) => (r === 2 ? 100 : -100)));
  });
});

describe('handle lifetimes', () => {
  it('operands can be closed before the expression built on them is saved', () => {
    const a = Expression.from(fill(basePath('a'), () => 1));
    const b = Expression.from(fill(basePath('b'), () => 2));
    const sum = a.add(b);
    a.close();
    b.close();
    const scaled = sum.mul(10);
    sum.close();
    expect(cells(saved(scaled))).toEqual(expected(() => 30));
  });

  it('a closed expression throws QUIVER_CLOSED as receiver or operand; close() is idempotent', () => {
    const a = Expression.from(fill(basePath('a'), () => 1));
    const b = Expression.from(fill(basePath('b'), () => 1));
    b.close();
    b.close();
    expect(b.closed).toBe(true);
    expectCode(() => a.add(b), 'QUIVER_CLOSED');
    expectCode(() => b.add(a), 'QUIVER_CLOSED');
    expectCode(() => b.save(basePath()), 'QUIVER_CLOSED');
    expectCode(() => b.metadata(), 'QUIVER_CLOSED');
    expectCode(() => Expression.from(b), 'QUIVER_CLOSED');
    expectCode(() => ifelse(a, a, b), 'QUIVER_CLOSED');
    a.close();
  });

  it('binary files are accepted as operands and stay open and owned by the caller', () => {
    const pa = fill(basePath('a'), () => 1);
    using fa = BinaryFile.open(pa, 'r');
    using e = Expression.from(fill(basePath('b'), () => 2));
    expect(cells(saved(e.add(fa)))).toEqual(expected(() => 3));
    expect(fa.isOpen).toBe(true);
    expect(cells(saved(ifelse(fa, fa, e)))).toEqual(expected(() => 1));
    fa.close();
    expectCode(() => e.add(fa), 'QUIVER_CLOSED');
  });

  it('Expression.from(expression) returns the same immutable object; no public constructor', () => {
    using a = Expression.from(fill(basePath('a'), () => 1));
    expect(Expression.from(a)).toBe(a);
    using b = a.add(1);
    expect(b).not.toBe(a);
    expectCode(() => new (Expression as unknown as new () => Expression)(), 'QUIVER_INVALID_ARGUMENT');
  });

  it('dropped expressions are freed by their finalizers, each handle exactly once', async () => {
    // Handles are not counted by liveAllocations(): watch the library's build and close functions.
    // Other tests' dropped intermediates may be collected meanwhile, so only the handles built
    // here are followed.
    const lib = native() as unknown as Record<string, (...args: unknown[]) => number>;
    const names = ['quiver_expression_from_file', 'quiver_expression_apply_scalar_right', 'quiver_expression_apply_unary', 'quiver_expression_close'];
    const originals = Object.fromEntries(names.map((n) => [n, lib[n]!]));
    const created: bigint[] = [];
    const closed: bigint[] = [];
    for (const n of names.slice(0, 3)) {
      lib[n] = (...args: unknown[]) => {
        const rc = originals[n]!(...args);
        created.push((args[args.length - 1] as [bigint])[0]);
        return rc;
      };
    }
    lib.quiver_expression_close = (ptr: unknown) => {
      closed.push(ptr as bigint);
      return originals.quiver_expression_close!(ptr);
    };
    const timesClosed = (ptr: bigint) => closed.filter((c) => c === ptr).length;
    try {
      const p = fill(basePath('a'), () => 1);
      (() => {
        Expression.from(p).add(1).mul(2).neg();
      })();
      expect(created).toHaveLength(4);
      expect(await collectUntil(() => created.every((ptr) => timesClosed(ptr) > 0))).toBe(true);
      await collectUntil(() => false, 3);
      expect(created.map(timesClosed)).toEqual([1, 1, 1, 1]);
      // An explicit close() unregisters: the finalizer never frees that handle a second time.
      created.length = 0;
      closed.length = 0;
      (() => {
        Expression.from(p).close();
      })();
      await collectUntil(() => false, 5);
      expect(created.map(timesClosed)).toEqual([1]);
    } finally {
      Object.assign(lib, originals);
    }
  });
});

describe('C-level NULL arguments and enum values of expression.h', () => {
  it('NULL arguments are named in order', () => {
    const n = native();
    const nul = null as unknown as [null];
    const out: [ExpressionPtr | null] = [null];
    expect(rawError(n.quiver_expression_from_file(null, out))).toBe('Null argument: file');
    using h = BinaryFile.create(basePath());
    expect(rawError(n.quiver_expression_from_file(binaryFileHandle(h), nul))).toBe('Null argument: out');
    expect(rawError(n.quiver_expression_apply(0, null, null, out))).toBe('Null argument: lhs');
    expect(rawError(n.quiver_expression_save(null, 'out'))).toBe('Null argument: expression');
    n.quiver_clear_last_error();
    expect(n.quiver_expression_close(null)).toBe(QUIVER_OK);
    expect(n.quiver_get_last_error()).toBe('');
    expect(out[0]).toBeNull();

    withRawExpression((e) => {
      expect(rawError(n.quiver_expression_save(e, null))).toBe('Null argument: path');
      expect(rawError(n.quiver_expression_aggregate(null, 'row', 0, null, out))).toBe('Null argument: expression');
      expect(rawError(n.quiver_expression_aggregate(e, null, 0, null, out))).toBe('Null argument: dimension');
      expect(rawError(n.quiver_expression_aggregate(e, 'row', 0, null, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_expression_aggregate_agents(null, 0, null, out))).toBe('Null argument: expression');
      expect(rawError(n.quiver_expression_aggregate_agents(e, 0, null, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_expression_apply_unary(0, null, out))).toBe('Null argument: operand');
      expect(rawError(n.quiver_expression_apply_unary(0, e, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_expression_apply_ternary(0, null, null, null, nul))).toBe('Null argument: condition');
      expect(rawError(n.quiver_expression_apply_ternary(0, e, null, null, nul))).toBe('Null argument: then_value');
      expect(rawError(n.quiver_expression_apply_ternary(0, e, e, null, nul))).toBe('Null argument: else_value');
      expect(rawError(n.quiver_expression_apply_ternary(0, e, e, e, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_expression_select_agents(null, ['val1'], 1, out))).toBe('Null argument: expression');
      expect(rawError(n.quiver_expression_select_agents(e, null, 1, out))).toBe('Null argument: labels');
      expect(rawError(n.quiver_expression_select_agents(e, ['val1'], 1, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_expression_rename_agents(null, ['a'], ['b'], 1, out))).toBe('Null argument: expression');
      expect(rawError(n.quiver_expression_rename_agents(e, null, ['b'], 1, out))).toBe('Null argument: old_labels');
      expect(rawError(n.quiver_expression_rename_agents(e, ['a'], null, 1, out))).toBe('Null argument: new_labels');
      expect(rawError(n.quiver_expression_rename_agents(e, ['val1'], ['b'], 1, nul))).toBe('Null argument: out');
      expect(out[0]).toBeNull();
    });
  });

  it('enum values outside the declared range are refused', () => {
    const n = native();
    const out: [ExpressionPtr | null] = [null];
    withRawExpression((e) => {
      expect(rawError(n.quiver_expression_apply(99, e, e, out))).toBe('Cannot apply: unknown expression operation');
      expect(rawError(n.quiver_expression_apply_unary(99, e, out))).toBe('Cannot apply: unknown expression unary operation');
      expect(rawError(n.quiver_expression_apply_ternary(9, e, e, e, out))).toBe('Cannot apply: unknown expression ternary operation');
      expect(rawError(n.quiver_expression_aggregate(e, 'row', 99, null, out))).toBe('Cannot aggregate: unknown operation enum value');
      expect(rawError(n.quiver_expression_aggregate_agents(e, 99, null, out))).toBe('Cannot aggregate_agents: unknown operation enum value');
    });
    expect(out[0]).toBeNull();
  });
});

/** Runs `use` with a raw handle of a file expression over a SIMPLE file (closed afterwards). */
function withRawExpression(use: (e: ExpressionPtr) => void): void {
  const p = fill(basePath('raw'), () => 1);
  using f = BinaryFile.create(p);
  const out: [ExpressionPtr | null] = [null];
  expect(native().quiver_expression_from_file(binaryFileHandle(f), out)).toBe(QUIVER_OK);
  try {
    use(out[0]!);
  } finally {
    native().quiver_expression_close(out[0]);
  }
}
