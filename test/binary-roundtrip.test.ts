// Round-trip properties of binary files, over random metadata and data (fast-check, fixed seed so
// CI runs are deterministic): write → read gives the same bits, and bin → csv → bin gives the same
// bytes when the values survive the CSV's 6 significant digits.

import fc from 'fast-check';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BinaryFile, binToCsv, csvToBin, liveAllocations, type BinaryMetadataInit, type DimensionInit, type TimeFrequency } from '../lib/index.js';
import { basePath } from './binary-fixtures.js';

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

const SEED = 20251202;

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);

/** 1–3 dimensions of size 1–4 with distinct names; at most one is a time dimension. */
const dimensions: fc.Arbitrary<DimensionInit[]> = fc
  .uniqueArray(name, { minLength: 1, maxLength: 3 })
  .chain((names) =>
    fc.tuple(
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: names.length, maxLength: names.length }),
      fc.option(fc.tuple(fc.nat({ max: names.length - 1 }), fc.constantFrom<TimeFrequency>('yearly', 'monthly', 'weekly', 'daily', 'hourly')), { nil: undefined }),
    ).map(([sizes, time]) =>
      names.map((n, i) => (time && time[0] === i ? { name: n, size: sizes[i]!, frequency: time[1] } : { name: n, size: sizes[i]! })),
    ),
  );

/** Printable units, quotes and backslashes included (the TOML writer must escape or quote them). */
const unit = fc.stringMatching(/^[ -~]{0,12}$/);

const metadata: fc.Arbitrary<BinaryMetadataInit> = fc.record({
  unit,
  initialDatetime: fc
    .date({ min: new Date(Date.UTC(1960, 0, 1)), max: new Date(Date.UTC(2026, 11, 31)), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000)),
  labels: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
  dimensions,
});

/** Any double, NULL (NaN) included: written and read back bit for bit. */
const anyValue = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, -0, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE));

/**
 * Doubles that print exactly in 6 significant digits (what the CSV keeps), NULL included.
 * Subnormals are left out: csv → bin parses with std::stod, which refuses them as out of range
 * (`stod`), as Quiver 0.10 does.
 */
const csvValue = fc.oneof(
  fc
    .double({ min: -1e12, max: 1e12, noNaN: true })
    .map((x) => (Math.abs(x) < 1e-300 ? 0 : Number.parseFloat(x.toPrecision(6)))),
  fc.integer({ min: -999999, max: 999999 }),
  fc.constantFrom(Number.NaN, -0, 0, Infinity, -Infinity, 1e-300, 2.5e-7),
);

function cellCount(md: BinaryMetadataInit): number {
  return md.dimensions.reduce((n, d) => n * d.size, 1);
}

/** Metadata with the data to fill it (one value per slot, file order). */
function withData(values: fc.Arbitrary<number>): fc.Arbitrary<[BinaryMetadataInit, number[]]> {
  return metadata.chain((md) => {
    const n = cellCount(md) * md.labels.length;
    return fc.tuple(fc.constant(md), fc.array(values, { minLength: n, maxLength: n }));
  });
}

/** Every coordinate in file order (last dimension fastest). */
function coordinates(dims: readonly DimensionInit[]): Record<string, number>[] {
  let out: Record<string, number>[] = [{}];
  for (const d of dims) out = out.flatMap((c) => Array.from({ length: d.size }, (_, i) => ({ ...c, [d.name]: i + 1 })));
  return out;
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i]!)));

describe('binary file round trips (property-based, fixed seed)', () => {
  it('random metadata and data: cell writes read back identically, cell by cell and as a whole', () => {
    fc.assert(
      fc.property(withData(anyValue), ([md, data]) => {
        const p = basePath('prop');
        const labels = md.labels.length;
        const cells = coordinates(md.dimensions);
        {
          using w = BinaryFile.open(p, 'w', md);
          cells.forEach((c, i) => w.write(c, data.slice(i * labels, (i + 1) * labels)));
        }
        using r = BinaryFile.open(p, 'r');
        expect(sameBits(r.readBlock({}, true), data)).toBe(true);
        cells.forEach((c, i) => expect(sameBits(r.read(c, true), data.slice(i * labels, (i + 1) * labels))).toBe(true));
        using back = r.metadata();
        expect(back.unit).toBe(md.unit);
        expect(back.labels).toEqual(md.labels);
        expect(back.dimensions.map((d) => [d.name, d.size, d.frequency])).toEqual(md.dimensions.map((d) => [d.name, d.size, d.frequency]));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('whole-file block writes equal cell-by-cell writes, byte for byte', () => {
    fc.assert(
      fc.property(withData(anyValue), ([md, data]) => {
        const byCell = basePath('cells');
        const whole = basePath('whole');
        const labels = md.labels.length;
        {
          using w = BinaryFile.open(byCell, 'w', md);
          coordinates(md.dimensions).forEach((c, i) => w.write(c, data.slice(i * labels, (i + 1) * labels)));
        }
        {
          using w = BinaryFile.open(whole, 'w', md);
          w.writeBlock({}, Float64Array.from(data));
        }
        expect(readFileSync(`${whole}.qvr`)).toEqual(readFileSync(`${byCell}.qvr`));
        expect(readFileSync(`${whole}.toml`, 'utf8')).toBe(readFileSync(`${byCell}.toml`, 'utf8'));
      }),
      { seed: SEED + 1, numRuns: 40 },
    );
  });

  it('bin → csv → bin is byte-identical in both CSV forms', () => {
    fc.assert(
      fc.property(withData(csvValue), fc.boolean(), ([md, data], aggregateTimeDimensions) => {
        const p = basePath('csv');
        {
          using w = BinaryFile.open(p, 'w', md);
          w.writeBlock({}, Float64Array.from(data));
        }
        const qvr = readFileSync(`${p}.qvr`);
        const toml = readFileSync(`${p}.toml`, 'utf8');
        binToCsv(p, { aggregateTimeDimensions });
        rmSync(`${p}.qvr`);
        csvToBin(p);
        expect(readFileSync(`${p}.qvr`)).toEqual(qvr);
        expect(readFileSync(`${p}.toml`, 'utf8')).toBe(toml);
      }),
      { seed: SEED + 2, numRuns: 40 },
    );
  });
});
