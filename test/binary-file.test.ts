// BinaryFile: open/create in both modes, the byte layout of .qvr files, cell reads and writes, the
// write lock, address and data-length errors, time dimensions, block I/O, handle lifetime, and the
// C-level NULL-argument rules of binary_file.h.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { BinaryFile, BinaryMetadata, liveAllocations } from '../lib/index.js';
import { native, type OutPtr } from '../lib/native.js';
import { basePath, binaryFileHandle, fill, QUIVER_OK, rawError, SIMPLE, SIMPLE_CELLS, TIME } from './binary-fixtures.js';
import { collectUntil, expectCode, expectNative, forceGc, thrown } from './helpers.js';

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

const NAN_BYTES = Buffer.from([0, 0, 0, 0, 0, 0, 0xf8, 0x7f]);

describe('open and create', () => {
  it('opening for write creates the NaN-filled .qvr and the .toml', () => {
    const p = basePath();
    const f = BinaryFile.open(p, 'w', SIMPLE);
    f.close();
    const qvr = readFileSync(`${p}.qvr`);
    expect(qvr.length).toBe(96);
    for (let i = 0; i < 96; i += 8) expect(qvr.subarray(i, i + 8)).toEqual(NAN_BYTES);
    expect(existsSync(`${p}.toml`)).toBe(true);
  });

  it('a written file opens for reading, directly or in two steps; create() touches no file', () => {
    const p = basePath();
    BinaryFile.open(p, 'w', SIMPLE).close();
    using r = BinaryFile.open(p, 'r');
    expect(r.isOpen).toBe(true);
    using h = BinaryFile.create(p);
    expect(h.isOpen).toBe(false);
    h.open('r');
    expect(h.isOpen).toBe(true);

    const p2 = basePath('two-step');
    using w = BinaryFile.create(p2);
    expect(existsSync(`${p2}.qvr`) || existsSync(`${p2}.toml`)).toBe(false);
    w.open('w', SIMPLE);
    expect(existsSync(`${p2}.qvr`) && existsSync(`${p2}.toml`)).toBe(true);
  });

  it('a missing file, a write without metadata and an invalid mode are refused', () => {
    expectNative(() => BinaryFile.open('nonexistent_path', 'r'), 'File not found: nonexistent_path');
    const p = basePath();
    expectNative(() => BinaryFile.open(p, 'w'), 'Metadata must be provided when opening a file in write mode.');
    expectNative(() => BinaryFile.open(p, 'x' as 'r', SIMPLE), "Invalid file mode: x. Use 'r' for read or 'w' for write.");
    expectCode(() => BinaryFile.open(p, 'rw' as 'r', SIMPLE), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => BinaryFile.open(p, '' as 'r', SIMPLE), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => BinaryFile.open(42 as unknown as string, 'r'), 'QUIVER_INVALID_ARGUMENT');
  });

  it('metadata() and path: a reader reports the file metadata, path is the base path as given', () => {
    const p = basePath();
    using w = BinaryFile.open(p, 'w', SIMPLE);
    expect(w.path).toBe(p);
    w.close();
    using r = BinaryFile.open(p, 'r');
    using md = r.metadata();
    expect(md.unit).toBe('MW');
    expect(md.dimensionCount).toBe(2);
    using unopened = BinaryFile.create('rel/x');
    expect(unopened.path).toBe('rel/x');
    using empty = unopened.metadata();
    expect(empty.dimensionCount).toBe(0);
  });

  it('a BinaryMetadata object can be used to open several files and stays usable', () => {
    using md = BinaryMetadata.from(SIMPLE);
    BinaryFile.open(basePath('a'), 'w', md).close();
    BinaryFile.open(basePath('b'), 'w', md).close();
    expect(md.unit).toBe('MW');
  });
});

describe('C-level NULL arguments of binary_file.h', () => {
  it('NULL path, out, handle and data', () => {
    const n = native();
    const nul = null as unknown as [null];
    expect(rawError(n.quiver_binary_file_open_file(null, 'r'.charCodeAt(0), null, nul))).toBe('Null argument: path');
    expect(rawError(n.quiver_binary_file_open_file(null, 'w'.charCodeAt(0), null, nul))).toBe('Null argument: path');
    expect(rawError(n.quiver_binary_file_open_file('some_path', 'r'.charCodeAt(0), null, nul))).toBe('Null argument: out');
    expect(rawError(n.quiver_binary_file_get_file_path(null, nul))).toBe('Null argument: binary_file');
    expect(rawError(n.quiver_binary_file_get_metadata(null, nul))).toBe('Null argument: binary_file');
    n.quiver_clear_last_error();
    expect(n.quiver_binary_file_close(null)).toBe(QUIVER_OK);
    expect(n.quiver_binary_file_free_float_array(null)).toBe(QUIVER_OK);
    expect(n.quiver_binary_file_free_string(null)).toBe(QUIVER_OK);
    expect(n.quiver_get_last_error()).toBe('');
  });

  it('read and write check the handle, the outputs and the data first', () => {
    const p = fill(basePath(), (r, c, k) => r + c + k);
    using r = BinaryFile.open(p, 'r');
    using w = BinaryFile.open(basePath('w'), 'w', SIMPLE);
    const n = native();
    const d: OutPtr = [null];
    expect(rawError(n.quiver_binary_file_read(null, null, null, 0, 0, d, [0]))).toBe('Null argument: binary_file');
    expect(rawError(n.quiver_binary_file_read(binaryFileHandle(r), ['row', 'col'], [1, 1], 2, 0, null as unknown as OutPtr, null as unknown as [0]))).toBe(
      'Null argument: out_data',
    );
    expect(rawError(n.quiver_binary_file_write(null, ['row', 'col'], [1, 1], 2, [1.0], 1))).toBe('Null argument: binary_file');
    expect(rawError(n.quiver_binary_file_write(binaryFileHandle(w), ['row', 'col'], [1, 1], 2, null, 2))).toBe('Null argument: data');
  });
});

describe('cells: write, read back, NULLs', () => {
  it('a written cell reads back after re-opening for reading', () => {
    const p = basePath();
    const w = BinaryFile.open(p, 'w', SIMPLE);
    w.write({ row: 1, col: 1 }, [1.5, 2.5]);
    w.close();
    using r = BinaryFile.open(p, 'r');
    const v = r.read({ row: 1, col: 1 });
    expect(v).toBeInstanceOf(Float64Array);
    expect(Array.from(v)).toEqual([1.5, 2.5]);
  });

  it('several cells keep their values; rewriting a cell keeps the last values', () => {
    const p = basePath();
    {
      using w = BinaryFile.open(p, 'w', SIMPLE);
      w.write({ row: 1, col: 1 }, [1, 2]);
      w.write({ row: 2, col: 2 }, new Float64Array([3, 4]));
      w.write({ col: 1, row: 3 }, [5, 6]);
      w.write({ row: 1, col: 1 }, [99, 100]);
    }
    using r = BinaryFile.open(p, 'r');
    expect(Array.from(r.read({ row: 1, col: 1 }))).toEqual([99, 100]);
    expect(r.read({ row: 2, col: 2 })[0]).toBe(3);
    expect(r.read({ row: 3, col: 1 })[0]).toBe(5);
  });

  it('special values round-trip bit for bit', () => {
    const values = [
      [Infinity, -Infinity],
      [Number.MAX_VALUE, 2.2250738585072014e-308],
      [-1.5, -999.99],
      [0, -0],
      [1e300, -1e300],
      [5e-324, -5e-324],
    ];
    const p = basePath();
    const meta = { ...SIMPLE, dimensions: [{ name: 'row', size: values.length }] };
    {
      using w = BinaryFile.open(p, 'w', meta);
      values.forEach((v, i) => w.write({ row: i + 1 }, v));
    }
    using r = BinaryFile.open(p, 'r');
    values.forEach((v, i) => {
      const got = r.read({ row: i + 1 });
      expect(Object.is(got[0], v[0]) && Object.is(got[1], v[1])).toBe(true);
    });
  });

  it('unwritten cells are NULL: an error unless NULLs are allowed', () => {
    const p = basePath();
    BinaryFile.open(p, 'w', SIMPLE).close();
    using r = BinaryFile.open(p, 'r');
    const err = thrown(() => r.read({ row: 1, col: 1 }));
    expect(err.message).toMatch(/^Cannot read: data at \{.*\} contains null values$/);
    expect(Array.from(r.read({ row: 1, col: 1 }, true))).toEqual([NaN, NaN]);
  });

  it('a partly written file: unwritten cells fail, explicit NaN (or null) reads back as NaN', () => {
    const p = basePath();
    {
      using w = BinaryFile.open(p, 'w', SIMPLE);
      w.write({ row: 1, col: 1 }, [1, 2]);
      w.write({ row: 3, col: 2 }, [NaN, NaN]);
      w.write({ row: 3, col: 1 }, [null, 7]);
    }
    using r = BinaryFile.open(p, 'r');
    expect(thrown(() => r.read({ row: 2, col: 1 })).message).toContain('null values');
    expect(Array.from(r.read({ row: 3, col: 2 }, true))).toEqual([NaN, NaN]);
    expect(Array.from(r.read({ row: 3, col: 1 }, true))).toEqual([NaN, 7]);
  });

  it('address errors: dimension count, missing names, bounds', () => {
    using w = BinaryFile.open(basePath(), 'w', SIMPLE);
    expectNative(() => w.write({ row: 1 }, [1, 2]), 'Expected 2 dimensions, got 1');
    expectNative(() => w.write({ row: 1, col: 1, z: 1 }, [1, 2]), 'Expected 2 dimensions, got 3');
    expectNative(() => w.write({ row: 1, bad: 1 }, [1, 2]), "Missing required dimension: 'col'");
    expectNative(() => w.write({ row: 0, col: 1 }, [1, 2]), "Dimension 'row' value 0 is out of bounds [1, 3]");
    expectNative(() => w.write({ row: 4, col: 1 }, [1, 2]), "Dimension 'row' value 4 is out of bounds [1, 3]");
    w.write({ row: 1, col: 1 }, [1, 2]);
    w.write({ row: 3, col: 2 }, [1, 2]);
    w.close();
    using r = BinaryFile.open(w.path, 'r');
    expectNative(() => r.read({ row: 4, col: 1 }, true), "Dimension 'row' value 4 is out of bounds [1, 3]");
    expect(Array.from(r.read({ row: 3, col: 2 }, true))).toEqual([1, 2]);
  });

  it('the data length must equal the number of labels', () => {
    using w = BinaryFile.open(basePath(), 'w', SIMPLE);
    expectNative(() => w.write({ row: 1, col: 1 }, [1.0]), 'Data length 1 does not match expected length 2');
    expectNative(() => w.write({ row: 1, col: 1 }, [1, 2, 3]), 'Data length 3 does not match expected length 2');
    w.write({ row: 1, col: 1 }, [1, 2]);
  });

  it('JS arguments of the wrong kind are refused before the call', () => {
    using w = BinaryFile.open(basePath(), 'w', SIMPLE);
    expectCode(() => w.write({ row: 1.5, col: 1 }, [1, 2]), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => w.write({ row: '1' as unknown as number, col: 1 }, [1, 2]), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => w.write({ row: 1, col: 1 }, [1, '2' as unknown as number]), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => w.write(null as never, [1, 2]), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => w.write({ 'ro\0w': 1, col: 1 }, [1, 2]), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => w.write({ row: 1, col: 1 }, 'xy' as never), 'QUIVER_INVALID_ARGUMENT');
  });
});

describe('the write lock', () => {
  it('while a writer is open, neither a reader nor a second writer can open the path', () => {
    const p = basePath();
    const w = BinaryFile.open(p, 'w', SIMPLE);
    const reader = thrown(() => BinaryFile.open(p, 'r'));
    expect(reader.message).toContain('already open for writing');
    expect(reader.message).toBe(`Cannot open_file: file is already open for writing: ${p}`);
    expect(thrown(() => BinaryFile.open(p, 'w', SIMPLE)).message).toBe(`Cannot open_file: file is already open for writing: ${p}`);
    w.close();
    BinaryFile.open(p, 'r').close();
    BinaryFile.open(p, 'w', SIMPLE).close();
  });

  it('a write with invalid metadata fails; a valid one afterwards works', () => {
    const p = basePath();
    expectNative(() => BinaryFile.open(p, 'w', BinaryMetadata.fromElement({ ...SIMPLE_AS_ELEMENT, version: '999' })), 'Incompatible file version: expected 1, got 999');
    {
      using w = BinaryFile.open(p, 'w', SIMPLE);
      w.write({ row: 1, col: 1 }, [1, 2]);
    }
    using r = BinaryFile.open(p, 'r');
    expect(Array.from(r.read({ row: 1, col: 1 }))).toEqual([1, 2]);
  });
});

// Not validated by fromElement (validation happens at open): version 999 goes through only this way.
const SIMPLE_AS_ELEMENT = {
  version: '1',
  initial_datetime: '2025-01-01T00:00:00',
  unit: 'MW',
  dimensions: ['row', 'col'],
  dimension_sizes: [3, 2],
  labels: ['val1', 'val2'],
};

describe('time dimensions', () => {
  it('cells must agree with the calendar: day 30 of February does not exist', () => {
    using w = BinaryFile.open(basePath(), 'w', TIME);
    w.write({ stage: 1, block: 1 }, [1, 2]);
    expectNative(
      () => w.write({ stage: 2, block: 30 }, [1, 2]),
      "Invalid values for time dimensions: dimension 'block' has value 30 but the resulting datetime implies 2",
    );
  });

  it('dates before 1970 work', () => {
    const p = basePath();
    {
      using w = BinaryFile.open(p, 'w', { ...TIME, initialDatetime: '1960-01-01T00:00:00' });
      w.write({ stage: 1, block: 1 }, [1, 2]);
      w.write({ stage: 1, block: 31 }, [3, 4]);
    }
    using r = BinaryFile.open(p, 'r');
    using md = r.metadata();
    expect(md.initialDatetime).toBe('1960-01-01T00:00:00');
    expect(md.toToml()).toContain('1960-01-01T00:00:00');
    expect(Array.from(r.read({ stage: 1, block: 1 }))).toEqual([1, 2]);
    expect(Array.from(r.read({ stage: 1, block: 31 }))).toEqual([3, 4]);
  });

  it('with a single time dimension any coordinate in range is accepted', () => {
    using w = BinaryFile.open(basePath(), 'w', {
      initialDatetime: '2025-01-01T00:00:00',
      dimensions: [
        { name: 'month', size: 12, frequency: 'monthly' },
        { name: 'scenario', size: 3 },
      ],
      labels: ['val'],
    });
    w.write({ month: 12, scenario: 3 }, [1.0]);
  });
});

describe('block I/O', () => {
  it('writeBlock({}) writes the whole file in file order; readBlock({}) reads it back', () => {
    const p = basePath();
    const data = Float64Array.from({ length: 12 }, (_, i) => i + 0.5);
    {
      using w = BinaryFile.open(p, 'w', SIMPLE);
      w.writeBlock({}, data);
    }
    using r = BinaryFile.open(p, 'r');
    expect(r.readBlock()).toEqual(data);
    // File order: (1,1) labels, (1,2) labels, ...
    expect(Array.from(r.read({ row: 2, col: 1 }))).toEqual([4.5, 5.5]);
    // The bytes are the data, little-endian.
    expect(readFileSync(`${p}.qvr`)).toEqual(Buffer.from(new Float64Array(data).buffer));
  });

  it('a block fixed by the leading dimension holds that row', () => {
    const p = fill(basePath(), (r, c, k) => 100 * r + 10 * c + k);
    using r = BinaryFile.open(p, 'r');
    expect(Array.from(r.readBlock({ row: 2 }))).toEqual([210, 211, 220, 221]);
    expect(Array.from(r.readBlock({ row: 3, col: 2 }))).toEqual([320, 321]);
    using w = BinaryFile.open(basePath('w'), 'w', SIMPLE);
    w.writeBlock({ row: 3 }, [1, 2, 3, 4]);
    expectNative(() => w.writeBlock({ row: 1 }, [1, 2, 3]), 'Data length 3 does not match expected length 4');
  });

  it('a block with NULLs is an error unless NULLs are allowed', () => {
    const p = basePath();
    {
      using w = BinaryFile.open(p, 'w', SIMPLE);
      w.write({ row: 1, col: 1 }, [1, 2]);
    }
    using r = BinaryFile.open(p, 'r');
    expect(thrown(() => r.readBlock({ row: 1 })).message).toContain('null values');
    expect(Array.from(r.readBlock({ row: 1 }, true))).toEqual([1, 2, NaN, NaN]);
  });
});

describe('handle lifetime', () => {
  it('after close() every method throws QUIVER_CLOSED; close() is idempotent', () => {
    const f = BinaryFile.open(basePath(), 'w', SIMPLE);
    f.close();
    f.close();
    expect(f.closed).toBe(true);
    expect(f.isOpen).toBe(false);
    expectCode(() => f.write({ row: 1, col: 1 }, [1, 2]), 'QUIVER_CLOSED');
    expectCode(() => f.read({ row: 1, col: 1 }), 'QUIVER_CLOSED');
    expectCode(() => f.metadata(), 'QUIVER_CLOSED');
    expectCode(() => f.open('r'), 'QUIVER_CLOSED');
    expectCode(() => f.readBlock(), 'QUIVER_CLOSED');
  });

  it('an argument whose getter closes the file gives QUIVER_CLOSED, not a stale handle', () => {
    const f = BinaryFile.open(basePath(), 'w', SIMPLE);
    const address = {
      row: 1,
      get col() {
        f.close();
        return 1;
      },
    };
    expectCode(() => f.write(address, [1, 2]), 'QUIVER_CLOSED');
    const g = BinaryFile.open(basePath('g'), 'w', SIMPLE);
    const data = [1, 2];
    Object.defineProperty(data, 1, {
      get() {
        g.close();
        return 2;
      },
    });
    expectCode(() => g.write({ row: 1, col: 1 }, data), 'QUIVER_CLOSED');
  });

  it('reading through a writer or writing through a reader is refused without corrupting the file', () => {
    const p = fill(basePath(), () => 1);
    using r = BinaryFile.open(p, 'r');
    expect(thrown(() => r.write({ row: 1, col: 1 }, [5, 5])).code).toBe('QUIVER_ERROR');
    using w = BinaryFile.open(basePath('w'), 'w', SIMPLE);
    expect(thrown(() => w.read({ row: 1, col: 1 }, true)).code).toBe('QUIVER_ERROR');
    r.close();
    using again = BinaryFile.open(p, 'r');
    expect(Array.from(again.read({ row: 1, col: 1 }))).toEqual([1, 1]);
  });

  it('a truncated .qvr or a broken .toml is an error, not a crash', () => {
    const p = fill(basePath(), () => 1);
    writeFileSync(`${p}.qvr`, readFileSync(`${p}.qvr`).subarray(0, 40));
    // Reported when opening (or at the latest when reading past the end).
    const truncated = thrown(() => {
      using r = BinaryFile.open(p, 'r');
      r.read({ row: 3, col: 2 });
    });
    expect(truncated.code).toBe('QUIVER_ERROR');
    const q = fill(basePath('q'), () => 1);
    writeFileSync(`${q}.toml`, 'dimensions = [');
    expect(thrown(() => BinaryFile.open(q, 'r')).code).toBe('QUIVER_ERROR');
  });

  it('an unclosed writer is closed on collection with a warning, which releases the write lock', async () => {
    const p = basePath();
    const warnings: string[] = [];
    const onWarning = (w: Error & { code?: string }) => {
      if (w.code === 'QUIVER_UNCLOSED_BINARY_FILE') warnings.push(w.message);
    };
    process.on('warning', onWarning);
    try {
      const ref = ((): WeakRef<BinaryFile> => {
        const f = BinaryFile.open(p, 'w', SIMPLE);
        f.write({ row: 1, col: 1 }, [7, 8]);
        return new WeakRef(f);
      })();
      expect(await collectUntil(() => ref.deref() === undefined && warnings.length > 0)).toBe(true);
      for (let i = 0; i < 3; i++) {
        await sleep(0);
        forceGc();
        await sleep(5);
      }
      expect(warnings).toHaveLength(1);
      using r = BinaryFile.open(p, 'r');
      expect(Array.from(r.read({ row: 1, col: 1 }))).toEqual([7, 8]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a metadata object from a file is independent of it', () => {
    const f = BinaryFile.open(basePath(), 'w', SIMPLE);
    const md = f.metadata();
    f.close();
    expect(md.labels).toEqual(['val1', 'val2']);
    md.close();
  });
});

describe('file layout', () => {
  it('matches the documented bytes: TOML text and row-major cells with contiguous labels', () => {
    const p = basePath();
    {
      using w = BinaryFile.open(p, 'w', {
        unit: 'MW',
        initialDatetime: '2025-01-01T00:00:00',
        labels: ['plant_a', 'plant_b'],
        dimensions: [
          { name: 'stage', size: 2 },
          { name: 'scenario', size: 2 },
        ],
      });
      w.write({ stage: 1, scenario: 1 }, [1.0, 2.0]);
      w.write({ stage: 2, scenario: 1 }, [0.5, -3.0]);
    }
    const toml = readFileSync(`${p}.toml`, 'utf8');
    expect(toml).toBe(
      "dimension_sizes = [ 2, 2 ]\ndimensions = [ 'stage', 'scenario' ]\nfrequencies = []\n" +
        "initial_datetime = '2025-01-01T00:00:00'\nlabels = [ 'plant_a', 'plant_b' ]\ntime_dimensions = []\nunit = 'MW'\nversion = '1'",
    );
    expect(readFileSync(`${p}.qvr`).toString('hex')).toBe(
      '000000000000f03f' + '0000000000000040' + '000000000000f87f'.repeat(2) + '000000000000e03f' + '00000000000008c0' + '000000000000f87f'.repeat(2),
    );
  });

  it('SIMPLE cells are laid out (1,1), (1,2), (2,1), ...', () => {
    const p = fill(basePath(), (r, c, k) => 100 * r + 10 * c + k);
    const bytes = readFileSync(`${p}.qvr`);
    const values = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    expect(Array.from(values)).toEqual(SIMPLE_CELLS.flatMap(([r, c]) => [100 * r + 10 * c, 100 * r + 10 * c + 1]));
    expect(path.basename(p)).toBe('data');
  });
});
