// BinaryMetadata: construction (object, element entries, TOML, builders), getters, the exact TOML
// writer, validation messages, and the C-level NULL-argument rules of binary_metadata.h.

import { afterAll, describe, expect, it } from 'vitest';
import { BinaryMetadata, liveAllocations, TIME_FREQUENCIES, type TimeFrequency } from '../lib/index.js';
import { allocStruct, decodeDimension, native, releaseStruct, type OutPtr } from '../lib/native.js';
import type { BinaryMetadataPtr } from '../lib/types.js';
import { QUIVER_OK, rawError, SIMPLE, SIMPLE_ELEMENT, TIME, withRawMetadata } from './binary-fixtures.js';
import { expectCode, expectNative, thrown } from './helpers.js';

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

/** The TIME sidecar written by hand: double-quoted strings, keys in no particular order. */
const TIME_TOML = `version = "1"
dimensions = ["stage", "block"]
dimension_sizes = [4, 31]
time_dimensions = ["stage", "block"]
frequencies = ["monthly", "daily"]
initial_datetime = "2025-01-01T00:00:00"
unit = "MW"
labels = ["plant_1", "plant_2"]`;

/** A TOML text with the given time layout (all names/sizes/frequencies given in order). */
function timeToml(dims: [string, number, TimeFrequency | null][], datetime = '2025-01-01T00:00:00', labels = ['val']): string {
  const q = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  const time = dims.filter(([, , f]) => f !== null);
  return [
    `dimensions = ${q(dims.map(([n]) => n))}`,
    `dimension_sizes = [${dims.map(([, s]) => s).join(', ')}]`,
    `time_dimensions = ${q(time.map(([n]) => n))}`,
    `frequencies = ${q(time.map(([, , f]) => f!))}`,
    `initial_datetime = '${datetime}'`,
    `unit = 'MW'`,
    `labels = ${q(labels)}`,
    `version = '1'`,
  ].join('\n');
}

/** The raw quiver_dimension_t at `index` (frequency as the C enum value, all time fields). */
function rawDimension(md: BinaryMetadata, index: number) {
  const mem = allocStruct('quiver_dimension_t');
  try {
    return withRawMetadata(md, (h) => {
      expect(native().quiver_binary_metadata_get_dimension(h, index, mem)).toBe(QUIVER_OK);
      const d = decodeDimension(mem);
      expect(native().quiver_binary_metadata_free_dimension(mem)).toBe(QUIVER_OK);
      return {
        name: d.name,
        size: Number(d.size),
        isTime: d.is_time_dimension,
        time: [d.time_properties.frequency, Number(d.time_properties.initial_value), Number(d.time_properties.parent_dimension_index)],
      };
    });
  } finally {
    releaseStruct(mem);
  }
}

describe('fresh metadata and the builders', () => {
  it('create() gives a handle that close() frees once; freeing NULL is fine', () => {
    const md = BinaryMetadata.create();
    expect(md.closed).toBe(false);
    md.close();
    md.close();
    expect(md.closed).toBe(true);
    expect(native().quiver_binary_metadata_free(null)).toBe(QUIVER_OK);
  });

  it('fresh metadata has empty version and unit, the epoch as initial date-time, no dimensions or labels', () => {
    using md = BinaryMetadata.create();
    expect(md.version).toBe('');
    expect(md.unit).toBe('');
    expect(md.initialDatetime).toBe('1970-01-01T00:00:00');
    expect(md.dimensionCount).toBe(0);
    expect(md.numberOfTimeDimensions).toBe(0);
    expect(md.labels).toEqual([]);
    // C level: no labels is a count of 0 and a NULL array.
    withRawMetadata(BinaryMetadata.create(), (h) => {
      const out: OutPtr = [null];
      const count: [number] = [7];
      expect(native().quiver_binary_metadata_get_labels(h, out, count)).toBe(QUIVER_OK);
      expect(count[0]).toBe(0);
      expect(out[0]).toBeNull();
    });
  });

  it('setUnit, setVersion and setInitialDatetime read back; setters chain', () => {
    using md = BinaryMetadata.create();
    expect(md.setUnit('MW').setVersion('1').setInitialDatetime('2025-01-01T00:00:00')).toBe(md);
    expect(md.unit).toBe('MW');
    expect(md.version).toBe('1');
    expect(md.initialDatetime).toBe('2025-01-01T00:00:00');
    md.setInitialDatetime(new Date(Date.UTC(2024, 1, 29, 13, 5, 9)));
    expect(md.initialDatetime).toBe('2024-02-29T13:05:09');
  });

  it('setLabels replaces the labels (also with an empty list)', () => {
    using md = BinaryMetadata.create();
    md.setLabels(['plant_1', 'plant_2']);
    expect(md.labels).toEqual(['plant_1', 'plant_2']);
    md.setLabels(['a', 'b']).setLabels(['x', 'y', 'z']);
    expect(md.labels).toEqual(['x', 'y', 'z']);
    md.setLabels([]);
    expect(md.labels).toEqual([]);
  });

  it('a null label is refused with its index and leaves the labels unchanged', () => {
    using md = BinaryMetadata.create().setLabels(['keep']);
    expectNative(() => md.setLabels(['a', null]), 'Cannot set_labels: null label at index 1');
    expect(md.labels).toEqual(['keep']);
  });

  it('addDimension appends plain dimensions, read back by index and as a list', () => {
    using md = BinaryMetadata.create().addDimension('row', 3).addDimension('col', 2);
    expect(md.dimensionCount).toBe(2);
    expect(md.dimension(0)).toEqual({ name: 'row', size: 3, isTimeDimension: false });
    expect(md.dimension(1)).toEqual({ name: 'col', size: 2, isTimeDimension: false });
    using xyz = BinaryMetadata.create().addDimension('x', 10).addDimension('y', 20).addDimension('z', 30);
    expect(xyz.dimensions.map((d) => [d.name, d.size])).toEqual([['x', 10], ['y', 20], ['z', 30]]);
    expect(xyz.numberOfTimeDimensions).toBe(0);
  });

  it('addTimeDimension: initial value 0 and parent -1 for the first time dimension', () => {
    using md = BinaryMetadata.create().addTimeDimension('month', 12, 'monthly');
    expect(md.dimension(0)).toEqual({
      name: 'month',
      size: 12,
      isTimeDimension: true,
      frequency: 'monthly',
      initialValue: 0,
      parentDimensionIndex: -1,
    });
    expect(rawDimension(BinaryMetadata.create().addTimeDimension('month', 12, 'monthly'), 0)).toEqual({
      name: 'month',
      size: 12,
      isTime: 1,
      time: [1, 0, -1],
    });
  });

  it('each frequency name maps to its C enum value, in the order yearly … hourly', () => {
    TIME_FREQUENCIES.forEach((f, enumValue) => {
      const d = rawDimension(BinaryMetadata.create().addTimeDimension(f, 10, f), 0);
      expect(d.isTime).toBe(1);
      expect(d.time[0]).toBe(enumValue);
    });
    expect(TIME_FREQUENCIES).toEqual(['yearly', 'monthly', 'weekly', 'daily', 'hourly']);
  });

  it('dimension(i) beyond the count is an error', () => {
    using md = BinaryMetadata.create();
    expectNative(() => md.dimension(0), 'Cannot get_dimension: index out of range');
    md.addDimension('x', 5);
    expectNative(() => md.dimension(1), 'Cannot get_dimension: index out of range');
    expectCode(() => md.dimension(-1), 'QUIVER_INVALID_ARGUMENT');
  });

  it('a plain dimension after a time dimension reports all-zero time properties (parent 0, not -1)', () => {
    const build = () => BinaryMetadata.create().addTimeDimension('stage', 4, 'monthly').addDimension('scenario', 5);
    expect(rawDimension(build(), 0)).toMatchObject({ isTime: 1, time: [1, 0, -1] });
    expect(rawDimension(build(), 1)).toEqual({ name: 'scenario', size: 5, isTime: 0, time: [0, 0, 0] });
    using md = build();
    expect(md.dimension(1)).toEqual({ name: 'scenario', size: 5, isTimeDimension: false });
  });

  it('a later time dimension points at the previous time dimension, skipping plain ones', () => {
    using md = BinaryMetadata.create().addTimeDimension('month', 12, 'monthly').addTimeDimension('day', 31, 'daily');
    expect(md.numberOfTimeDimensions).toBe(2);
    expect(md.dimension(1).parentDimensionIndex).toBe(0);
    using mixed = BinaryMetadata.create().addTimeDimension('month', 12, 'monthly').addDimension('scenario', 3).addTimeDimension('day', 31, 'daily');
    expect(mixed.dimension(2).parentDimensionIndex).toBe(0);
  });

  it('unknown frequencies are refused and nothing is appended; names are case sensitive', () => {
    using md = BinaryMetadata.create();
    expectNative(() => md.addTimeDimension('bad', 10, 'invalid_freq' as TimeFrequency), 'Unknown frequency: invalid_freq');
    for (const f of ['Monthly', 'Yearly', 'MONTHLY', 'unknown', '']) {
      expectNative(() => md.addTimeDimension('bad', 10, f as TimeFrequency), `Unknown frequency: ${f}`);
    }
    expect(md.dimensionCount).toBe(0);
  });

  it('an unparsable initial date-time is refused and the old value stays; a date alone is midnight', () => {
    using md = BinaryMetadata.create().setInitialDatetime('2024-06-01T00:00:00');
    expectNative(() => md.setInitialDatetime('not-a-date'), 'Failed to parse initial_datetime: not-a-date');
    expect(md.initialDatetime).toBe('2024-06-01T00:00:00');
    md.setInitialDatetime('2025-01-01');
    expect(md.initialDatetime).toBe('2025-01-01T00:00:00');
  });

  it('arguments of the wrong JS type are refused before the library is called', () => {
    using md = BinaryMetadata.create();
    expectCode(() => md.setUnit(3 as unknown as string), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => md.setLabels('a' as unknown as string[]), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => md.setLabels(['a\0b']), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => md.addDimension('x', 1.5), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => md.setInitialDatetime(new Date(Number.NaN)), 'QUIVER_INVALID_ARGUMENT');
  });

  it('a closed metadata throws QUIVER_CLOSED, also when an argument getter closes it', () => {
    const md = BinaryMetadata.create();
    const sneaky = ['a'];
    Object.defineProperty(sneaky, 0, {
      get() {
        md.close();
        return 'a';
      },
    });
    expectCode(() => md.setLabels(sneaky), 'QUIVER_CLOSED');
    expectCode(() => md.unit, 'QUIVER_CLOSED');
    expectCode(() => md.toToml(), 'QUIVER_CLOSED');
  });
});

describe('C-level NULL arguments of binary_metadata.h', () => {
  const lib = () => native();

  it('NULL md or NULL out', () => {
    const n = lib();
    expect(rawError(n.quiver_binary_metadata_create(null as unknown as [null]))).toBe('Null argument: out');
    expect(rawError(n.quiver_binary_metadata_from_toml(null, null as unknown as [null]))).toBe('Null argument: toml');
    expect(rawError(n.quiver_binary_metadata_from_element(null, null as unknown as [null]))).toBe('Null argument: el');
    expect(rawError(n.quiver_binary_metadata_set_unit(null, 'MW'))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_set_version(null, '1'))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_set_initial_datetime(null, '2025-01-01'))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_set_labels(null, null, 0))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_add_dimension(null, 'x', 10))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_add_time_dimension(null, 'x', 10, 'monthly'))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_to_toml(null, null as unknown as OutPtr))).toBe('Null argument: md');
    const s: OutPtr = [null];
    expect(rawError(n.quiver_binary_metadata_get_unit(null, s))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_get_version(null, s))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_get_initial_datetime(null, s))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_get_number_of_time_dimensions(null, [0]))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_get_labels(null, s, [0]))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_get_dimension_count(null, [0]))).toBe('Null argument: md');
    expect(rawError(n.quiver_binary_metadata_get_dimension(null, 0, null))).toBe('Null argument: md');
  });

  it('NULL value arguments with a valid md', () => {
    withRawMetadata(BinaryMetadata.create(), (h: BinaryMetadataPtr) => {
      const n = lib();
      expect(rawError(n.quiver_binary_metadata_set_unit(h, null))).toBe('Null argument: unit');
      expect(rawError(n.quiver_binary_metadata_set_version(h, null))).toBe('Null argument: version');
      expect(rawError(n.quiver_binary_metadata_set_initial_datetime(h, null))).toBe('Null argument: iso8601');
      expect(rawError(n.quiver_binary_metadata_set_labels(h, null, 0))).toBe('Null argument: labels');
      expect(rawError(n.quiver_binary_metadata_add_dimension(h, null, 10))).toBe('Null argument: name');
      expect(rawError(n.quiver_binary_metadata_add_time_dimension(h, null, 10, 'monthly'))).toBe('Null argument: name');
      expect(rawError(n.quiver_binary_metadata_add_time_dimension(h, 'x', 10, null))).toBe('Null argument: frequency');
    });
  });

  it('NULL outputs with a valid md', () => {
    withRawMetadata(BinaryMetadata.create(), (h) => {
      const n = lib();
      const nul = null as unknown as OutPtr;
      expect(rawError(n.quiver_binary_metadata_get_unit(h, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_binary_metadata_get_version(h, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_binary_metadata_get_initial_datetime(h, nul))).toBe('Null argument: out');
      expect(rawError(n.quiver_binary_metadata_get_number_of_time_dimensions(h, null as unknown as [0]))).toBe('Null argument: out');
      expect(rawError(n.quiver_binary_metadata_get_labels(h, nul, null as unknown as [0]))).toBe('Null argument: out');
      expect(rawError(n.quiver_binary_metadata_get_dimension_count(h, null as unknown as [0]))).toBe('Null argument: out');
      expect(rawError(n.quiver_binary_metadata_get_dimension(h, 0, null))).toBe('Null argument: out');
      expect(rawError(n.quiver_binary_metadata_to_toml(h, nul))).toBe('Null argument: out_toml');
    });
  });

  it('the free functions accept NULL, except free_dimension', () => {
    const n = lib();
    n.quiver_clear_last_error();
    expect(n.quiver_binary_metadata_free_string(null)).toBe(QUIVER_OK);
    expect(n.quiver_binary_metadata_free_string_array(null, 0)).toBe(QUIVER_OK);
    expect(n.quiver_get_last_error()).toBe('');
    expect(rawError(n.quiver_binary_metadata_free_dimension(null))).toBe('Null argument: dim');
  });
});

describe('from TOML text', () => {
  it('a syntax error is a QuiverError with a message, and no handle is returned', () => {
    const err = thrown(() => BinaryMetadata.fromToml('not valid toml {{{'));
    expect(err.code).toBe('QUIVER_ERROR');
    expect(err.message).not.toBe('');
    const out: [BinaryMetadataPtr | null] = [null];
    expect(rawError(native().quiver_binary_metadata_from_toml('not valid toml {{{', out))).not.toBe('');
    expect(out[0]).toBeNull();
  });

  it('a hand-written TIME sidecar parses: two time dimensions with their initial values and parents', () => {
    using md = BinaryMetadata.fromToml(TIME_TOML);
    expect(md.numberOfTimeDimensions).toBe(2);
    expect(md.dimensions).toEqual([
      { name: 'stage', size: 4, isTimeDimension: true, frequency: 'monthly', initialValue: 1, parentDimensionIndex: -1 },
      { name: 'block', size: 31, isTimeDimension: true, frequency: 'daily', initialValue: 1, parentDimensionIndex: 0 },
    ]);
  });

  it('initial values come from the initial date-time (day of month, hour + 1)', () => {
    using march = BinaryMetadata.fromToml(TIME_TOML.replace('2025-01-01T00:00:00', '2025-03-15T00:00:00').replace('["plant_1", "plant_2"]', '["val"]'));
    expect(march.dimension(1).initialValue).toBe(15);
    using hourly = BinaryMetadata.fromToml(
      timeToml([['month', 12, 'monthly'], ['day', 31, 'daily'], ['hour', 24, 'hourly']], '2025-01-01T10:00:00'),
    );
    expect(hourly.dimensions.map((d) => d.initialValue)).toEqual([1, 1, 11]);
  });

  it('to_toml output parses back to the same metadata', () => {
    using md = BinaryMetadata.fromToml(TIME_TOML);
    using back = BinaryMetadata.fromToml(md.toToml());
    expect(back.unit).toBe('MW');
    expect(back.version).toBe('1');
    expect(back.dimensionCount).toBe(2);
    expect(back.labels).toEqual(['plant_1', 'plant_2']);
    expect(back.toObject()).toEqual(md.toObject());
  });

  it('time dimensions must be dimensions, in the same order', () => {
    expectNative(
      () => BinaryMetadata.fromToml(TIME_TOML.replace('time_dimensions = ["stage", "block"]', 'time_dimensions = ["stage", "nonexistent"]')),
      "Error building metadata from toml: time dimension 'nonexistent' is not in dimensions",
    );
    expectNative(
      () => BinaryMetadata.fromToml(TIME_TOML.replace('time_dimensions = ["stage", "block"]', 'time_dimensions = ["block", "stage"]')),
      'Error building metadata from toml: time dimensions must appear in the same order as dimensions',
    );
  });

  it('frequency rules: unique, increasing, weekly only as the outermost, valid parents', () => {
    expectNative(() => BinaryMetadata.fromToml(timeToml([['a', 12, 'monthly'], ['b', 12, 'monthly']])), 'Time dimension frequencies must be unique. Duplicate: monthly');
    expectNative(
      () => BinaryMetadata.fromToml(timeToml([['a', 31, 'daily'], ['b', 12, 'monthly']])),
      'Time dimension frequencies must be ordered from lowest to highest frequency.',
    );
    expectNative(() => BinaryMetadata.fromToml(timeToml([['a', 31, 'daily'], ['b', 31, 'daily']])), 'Invalid parent frequency daily for DAILY dimension.');
    expectNative(
      () => BinaryMetadata.fromToml(timeToml([['a', 12, 'monthly'], ['b', 52, 'weekly']])),
      'WEEKLY frequency not implemented. This function should only be used for inner time dimensions.',
    );
  });
});

describe('TOML writer and validation', () => {
  it('builder metadata writes the exact sidecar text (sorted keys, no trailing newline) and parses back', () => {
    using md = BinaryMetadata.create()
      .setVersion('1')
      .setUnit('GWh')
      .setInitialDatetime('2025-06-15T12:00:00')
      .setLabels(['plant_a', 'plant_b', 'plant_c'])
      .addTimeDimension('stage', 12, 'monthly')
      .addDimension('scenario', 5);
    const toml = md.toToml();
    expect(toml).toBe(
      "dimension_sizes = [ 12, 5 ]\ndimensions = [ 'stage', 'scenario' ]\nfrequencies = [ 'monthly' ]\n" +
        "initial_datetime = '2025-06-15T12:00:00'\nlabels = [ 'plant_a', 'plant_b', 'plant_c' ]\n" +
        "time_dimensions = [ 'stage' ]\nunit = 'GWh'\nversion = '1'",
    );
    using back = BinaryMetadata.fromToml(toml);
    expect(back.labels).toHaveLength(3);
    expect(back.numberOfTimeDimensions).toBe(1);
  });

  it('validation reports the first problem: version, dimensions, labels', () => {
    using md = BinaryMetadata.create();
    expectNative(() => md.toToml(), 'Incompatible file version: expected 1, got ');
    md.setVersion('1');
    expectNative(() => md.toToml(), 'Number of dimensions must be positive, got 0');
    md.addDimension('stage', 3);
    expectNative(() => md.toToml(), 'Number of labels must be positive, got 0');
    md.setLabels(['a', 'b']);
    expect(md.toToml()).toContain("labels = [ 'a', 'b' ]");
  });

  it('validation of sizes, duplicate dimension names and duplicate labels', () => {
    const base = () => BinaryMetadata.create().setVersion('1').setUnit('MW').setLabels(['val']);
    for (const [size, text] of [
      [0, 'Dimension size at index 0 must be positive, got 0'],
      [-1, 'Dimension size at index 0 must be positive, got -1'],
    ] as const) {
      using md = base().addDimension('row', size);
      expectNative(() => md.toToml(), text);
    }
    using dup = base().addDimension('row', 3).addDimension('row', 2);
    expectNative(() => dup.toToml(), "Dimension names must be unique, duplicate: 'row'");
    using labels = base().addDimension('row', 3).setLabels(['val', 'val']);
    expectNative(() => labels.toToml(), "Label names must be unique, duplicate: 'val'");
  });

  it('weekly anywhere but outermost is refused (only reachable through the builders)', () => {
    using md = BinaryMetadata.create().setVersion('1').setLabels(['v']).addTimeDimension('month', 12, 'monthly').addTimeDimension('week', 52, 'weekly');
    expectNative(() => md.toToml(), 'If WEEKLY frequency is present, it must be the lowest frequency.');
  });

  it('inner time dimension sizes must fit the parent period', () => {
    const cases: [TimeFrequency, TimeFrequency, number[], number[], [number, number]][] = [
      ['monthly', 'daily', [28, 31], [27, 32], [28, 31]],
      ['daily', 'hourly', [24], [23, 25], [24, 24]],
      ['weekly', 'hourly', [168], [167, 169], [168, 168]],
      ['monthly', 'hourly', [672, 744], [671, 745], [672, 744]],
      ['yearly', 'hourly', [8760, 8784], [8759, 8785], [8760, 8784]],
      ['weekly', 'daily', [7], [6, 8], [7, 7]],
      ['yearly', 'daily', [365, 366], [364, 367], [365, 366]],
      ['yearly', 'monthly', [12], [11, 13], [12, 12]],
    ];
    for (const [parent, child, ok, bad, [min, max]] of cases) {
      const outer: [string, number, TimeFrequency] = ['a', 2, parent];
      for (const size of ok) {
        using md = BinaryMetadata.fromToml(timeToml([outer, ['b', size, child]]));
        expect(md.dimension(1).size).toBe(size);
        // The builders + toToml path validates the same way.
        using built = BinaryMetadata.create().setVersion('1').setLabels(['v']).addTimeDimension('a', 2, parent).addTimeDimension('b', size, child);
        expect(built.toToml()).toContain(`dimension_sizes = [ 2, ${size} ]`);
      }
      for (const size of bad) {
        const message = `Time dimension 'b' with frequency '${child}' has size ${size} which is out of bounds [${min}, ${max}] based on the next lower frequency: '${parent}'`;
        using built = BinaryMetadata.create().setVersion('1').setLabels(['v']).addTimeDimension('a', 2, parent).addTimeDimension('b', size, child);
        expectNative(() => built.toToml(), message);
      }
    }
    expectNative(
      () => BinaryMetadata.fromToml(timeToml([['y', 2, 'yearly'], ['m', 11, 'monthly']])),
      "Time dimension 'm' with frequency 'monthly' has size 11 which is out of bounds [12, 12] based on the next lower frequency: 'yearly'",
    );
    expectNative(
      () => BinaryMetadata.fromToml(timeToml([['a', 2, 'monthly'], ['b', 27, 'daily']])),
      "Time dimension 'b' with frequency 'daily' has size 27 which is out of bounds [28, 31] based on the next lower frequency: 'monthly'",
    );
  });

  it('the outermost time dimension has no size bound; weekly alone and four nested frequencies validate', () => {
    using yearly = BinaryMetadata.fromToml(timeToml([['y', 999, 'yearly']]));
    expect(yearly.dimension(0).size).toBe(999);
    using weekly = BinaryMetadata.fromToml(timeToml([['w', 52, 'weekly']]));
    expect(weekly.dimension(0).frequency).toBe('weekly');
    using nested = BinaryMetadata.fromToml(
      timeToml([['y', 3, 'yearly'], ['m', 12, 'monthly'], ['d', 31, 'daily'], ['h', 24, 'hourly']], '2025-03-15T10:00:00'),
    );
    expect(nested.dimensions.map((d) => d.initialValue)).toEqual([1, 3, 15, 11]);
  });
});

describe('from element entries and from an object', () => {
  it('the SIMPLE entries build metadata with two plain dimensions', () => {
    using md = BinaryMetadata.fromElement(SIMPLE_ELEMENT);
    expect(md.unit).toBe('MW');
    expect(md.dimensionCount).toBe(2);
    expect(md.numberOfTimeDimensions).toBe(0);
  });

  it('missing entries are named, first missing first', () => {
    expectNative(() => BinaryMetadata.fromElement({ version: '1' }), "Cannot from_element: missing array 'dimensions'");
    const without = (key: string) => Object.fromEntries(Object.entries(SIMPLE_ELEMENT).filter(([k]) => k !== key));
    expectNative(() => BinaryMetadata.fromElement(without('version')), "Cannot from_element: missing scalar 'version'");
    expectNative(() => BinaryMetadata.fromElement(without('unit')), "Cannot from_element: missing scalar 'unit'");
    expectNative(() => BinaryMetadata.fromElement(without('initial_datetime')), "Cannot from_element: missing scalar 'initial_datetime'");
    expectNative(() => BinaryMetadata.fromElement(without('dimension_sizes')), "Cannot from_element: missing array 'dimension_sizes'");
    expectNative(() => BinaryMetadata.fromElement(without('labels')), "Cannot from_element: missing array 'labels'");
  });

  it('entries of the wrong type are named; a version other than 1 fails validation', () => {
    expectNative(() => BinaryMetadata.fromElement({ ...SIMPLE_ELEMENT, version: 1 }), "Cannot from_element: scalar 'version' must be a string");
    expectNative(() => BinaryMetadata.fromElement({ ...SIMPLE_ELEMENT, dimensions: [1, 2] }), "Cannot from_element: array 'dimensions' must contain strings");
    expectNative(() => BinaryMetadata.fromElement({ ...SIMPLE_ELEMENT, dimension_sizes: ['3'] }), "Cannot from_element: array 'dimension_sizes' must contain integers");
    expectNative(() => BinaryMetadata.fromElement({ ...SIMPLE_ELEMENT, version: '2' }), 'Incompatible file version: expected 1, got 2');
  });

  it('from() builds validated metadata from dimension objects (version defaults to 1)', () => {
    using md = BinaryMetadata.from(TIME);
    expect(md.toObject()).toEqual({
      version: '1',
      unit: 'MW',
      initialDatetime: '2025-01-01T00:00:00',
      labels: ['plant_1', 'plant_2'],
      dimensions: [
        { name: 'stage', size: 4, isTimeDimension: true, frequency: 'monthly', initialValue: 1, parentDimensionIndex: -1 },
        { name: 'block', size: 31, isTimeDimension: true, frequency: 'daily', initialValue: 1, parentDimensionIndex: 0 },
      ],
    });
    using simple = BinaryMetadata.from({ ...SIMPLE, initialDatetime: new Date(Date.UTC(1960, 0, 1)) });
    expect(simple.initialDatetime).toBe('1960-01-01T00:00:00');
    expect(JSON.parse(JSON.stringify(simple))).toMatchObject({ unit: 'MW', labels: ['val1', 'val2'] });
  });

  it('from() reports invalid metadata with the library message', () => {
    expectNative(() => BinaryMetadata.from({ ...SIMPLE, labels: [] }), 'Number of labels must be positive, got 0');
    expectNative(() => BinaryMetadata.from({ ...SIMPLE, dimensions: [] }), 'Number of dimensions must be positive, got 0');
    expectNative(() => BinaryMetadata.from({ ...SIMPLE, version: '999' }), 'Incompatible file version: expected 1, got 999');
    expectNative(() => BinaryMetadata.from({ ...SIMPLE, initialDatetime: 'soon' }), 'Failed to parse initial_datetime: soon');
    expectNative(
      () => BinaryMetadata.from({ ...TIME, dimensions: [{ name: 'stage', size: 4, frequency: 'Monthly' as TimeFrequency }] }),
      'Unknown frequency: Monthly',
    );
    expectCode(() => BinaryMetadata.from({ ...SIMPLE, dimensions: [{ name: 'row', size: 2.5 }] }), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => BinaryMetadata.from(null as never), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => new (BinaryMetadata as unknown as new () => BinaryMetadata)(), 'QUIVER_INVALID_ARGUMENT');
  });
});
