// binToCsv / csvToBin: the CSV layout (both time forms), the cell iteration order it reveals, number
// formatting, round trips, and the header / coordinate / value errors of csv → bin.

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BinaryFile, binToCsv, csvToBin, liveAllocations, type BinaryMetadataInit } from '../lib/index.js';
import { native } from '../lib/native.js';
import { basePath, fill, HOURLY, rawError, SIMPLE, TIME } from './binary-fixtures.js';
import { expectCode, expectNative } from './helpers.js';

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

function csvLines(p: string): string[] {
  const text = readFileSync(`${p}.csv`, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  expect(text).not.toContain('\r');
  return text.slice(0, -1).split('\n');
}

function create(p: string, init: BinaryMetadataInit, cells: [Record<string, number>, number[]][] = []): string {
  using w = BinaryFile.open(p, 'w', init);
  for (const [address, values] of cells) w.write(address, values);
  return p;
}

function read(p: string, address: Record<string, number>, allowNulls = false): number[] {
  using r = BinaryFile.open(p, 'r');
  return Array.from(r.read(address, allowNulls));
}

/** Writes `<p>.toml` (the SIMPLE or TIME sidecar) and `<p>.csv` with the given text. */
function csvFixture(init: BinaryMetadataInit, csv: string): string {
  const p = create(basePath(), init);
  rmSync(`${p}.qvr`);
  writeFileSync(`${p}.csv`, csv);
  return p;
}

const SIMPLE_HEADER = 'row,col,val1,val2';

describe('bin → csv', () => {
  it('a fresh SIMPLE file: header row,col,labels and one null line per cell, in file order', () => {
    const p = create(basePath(), SIMPLE);
    binToCsv(p, { aggregateTimeDimensions: true });
    const lines = csvLines(p);
    expect(lines).toEqual([SIMPLE_HEADER, '1,1,null,null', '1,2,null,null', '2,1,null,null', '2,2,null,null', '3,1,null,null', '3,2,null,null']);
    binToCsv(p, { aggregateTimeDimensions: false });
    expect(csvLines(p)).toEqual(lines);
  });

  it('written values appear in their lines, NULLs as null', () => {
    const p = create(basePath(), SIMPLE, [
      [{ row: 1, col: 1 }, [1.5, 2.5]],
      [{ row: 1, col: 2 }, [3.5, 4.5]],
    ]);
    binToCsv(p);
    const lines = csvLines(p);
    expect(lines[1]).toBe('1,1,1.5,2.5');
    expect(lines[2]).toBe('1,2,3.5,4.5');
    expect(lines[3]).toBe('2,1,null,null');
  });

  it('numbers are written with 6 significant digits, as printf %.6g', () => {
    const values = [1.23456789, 1e20, 0.0001, 1e-5, -0, Infinity, -Infinity, 123456789, 100000, 1000000, 12345.65, 2.5e-7, 1e-300];
    const texts = ['1.23457', '1e+20', '0.0001', '1e-05', '-0', 'inf', '-inf', '1.23457e+08', '100000', '1e+06', '12345.6', '2.5e-07', '1e-300'];
    const p = create(
      basePath(),
      { ...SIMPLE, dimensions: [{ name: 'row', size: values.length }], labels: ['val'] },
      values.map((v, i) => [{ row: i + 1 }, [v]]),
    );
    binToCsv(p);
    expect(csvLines(p).slice(1)).toEqual(texts.map((t, i) => `${i + 1},${t}`));
  });

  it('monthly × daily: a date column when aggregated, stage and block columns otherwise; 120 cells', () => {
    const p = create(basePath(), TIME);
    binToCsv(p);
    let lines = csvLines(p);
    expect(lines[0]).toBe('date,plant_1,plant_2');
    expect(lines).toHaveLength(121);
    expect(lines[1]).toBe('2025-01-01,null,null');
    expect(lines[32]).toBe('2025-02-01,null,null');
    expect(lines[120]).toBe('2025-04-30,null,null');
    binToCsv(p, { aggregateTimeDimensions: false });
    lines = csvLines(p);
    expect(lines[0]).toBe('stage,block,plant_1,plant_2');
    expect(lines).toHaveLength(121);
    expect(lines[1]).toBe('1,1,null,null');
    expect(lines[31 + 28]).toBe('2,28,null,null');
    expect(lines[120]).toBe('4,30,null,null');
  });

  it('daily × hourly aggregated: a datetime column, 72 lines', () => {
    const p = create(basePath(), HOURLY);
    binToCsv(p);
    const lines = csvLines(p);
    expect(lines[0]).toBe('datetime,val');
    expect(lines).toHaveLength(73);
    expect(lines[1]).toBe('2025-01-01T00:00:00,null');
    expect(lines[72]).toBe('2025-01-03T23:00:00,null');
  });

  it('iteration order: the last dimension varies fastest and the visit ends after the last cell', () => {
    const p = create(basePath(), SIMPLE);
    binToCsv(p, { aggregateTimeDimensions: false });
    expect(csvLines(p).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['row,col', '1,1', '1,2', '2,1', '2,2', '3,1', '3,2']);
    const t = create(basePath('t'), TIME);
    binToCsv(t, { aggregateTimeDimensions: false });
    const cells = csvLines(t).slice(1);
    expect(cells).toHaveLength(31 + 28 + 31 + 30);
    expect(cells[0]!.startsWith('1,1,')).toBe(true);
  });

  it('a missing file, a NULL path and a file being written are refused', () => {
    expectNative(() => binToCsv('nonexistent_path', { aggregateTimeDimensions: false }), 'File not found: nonexistent_path');
    expect(rawError(native().quiver_csv_converter_bin_to_csv(null, 1))).toBe('Null argument: path');
    expect(rawError(native().quiver_csv_converter_csv_to_bin(null))).toBe('Null argument: path');
    expectCode(() => binToCsv(undefined as unknown as string), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => binToCsv('x', null as never), 'QUIVER_INVALID_ARGUMENT');
    expectCode(() => csvToBin(7 as unknown as string), 'QUIVER_INVALID_ARGUMENT');
    const p = basePath();
    using w = BinaryFile.open(p, 'w', SIMPLE);
    expect(() => binToCsv(p)).toThrow('already open for writing');
  });
});

describe('csv → bin', () => {
  it('a SIMPLE csv becomes the binary file', () => {
    const p = csvFixture(SIMPLE, `${SIMPLE_HEADER}\n1,1,1.5,2.5\n1,2,3.5,4.5\n2,1,5.5,6.5\n2,2,7.5,8.5\n3,1,9.5,10.5\n3,2,11.5,12.5\n`);
    csvToBin(p);
    expect(read(p, { row: 1, col: 1 })).toEqual([1.5, 2.5]);
    expect(read(p, { row: 3, col: 2 })).toEqual([11.5, 12.5]);
  });

  it('bin → csv → bin keeps the values (no NULLs left where all cells were written)', () => {
    const p = create(basePath(), SIMPLE, [[{ row: 1, col: 1 }, [42.5, 99.5]]]);
    binToCsv(p, { aggregateTimeDimensions: false });
    rmSync(`${p}.qvr`);
    csvToBin(p);
    expect(read(p, { row: 1, col: 1 })).toEqual([42.5, 99.5]);

    const q = fill(basePath('q'), (r, c, k) => r * 100 + c + (k === 1 ? 0.5 : 0));
    binToCsv(q, { aggregateTimeDimensions: false });
    rmSync(`${q}.qvr`);
    csvToBin(q);
    for (let r = 1; r <= 3; r++) for (let c = 1; c <= 2; c++) expect(read(q, { row: r, col: c })).toEqual([r * 100 + c, r * 100 + c + 0.5]);
  });

  it('time files round-trip in both forms, and both forms give the same binary', () => {
    const h = create(basePath('hourly'), HOURLY, [
      [{ day: 1, hour: 12 }, [77]],
      [{ day: 3, hour: 24 }, [88]],
    ]);
    binToCsv(h);
    expect(csvLines(h).slice(1).every((l) => l.includes('T'))).toBe(true);
    rmSync(`${h}.qvr`);
    csvToBin(h);
    expect(read(h, { day: 1, hour: 12 })).toEqual([77]);
    expect(read(h, { day: 3, hour: 24 })).toEqual([88]);

    const t = create(basePath('time'), TIME, [
      [{ stage: 1, block: 1 }, [100, 200]],
      [{ stage: 2, block: 15 }, [300, 400]],
    ]);
    const original = readFileSync(`${t}.qvr`);
    for (const aggregateTimeDimensions of [true, false]) {
      binToCsv(t, { aggregateTimeDimensions });
      rmSync(`${t}.qvr`);
      csvToBin(t);
      expect(readFileSync(`${t}.qvr`)).toEqual(original);
      expect(read(t, { stage: 2, block: 15 })).toEqual([300, 400]);
    }
  });

  it('csv → bin → csv reproduces the CSV byte for byte; an all-NULL file stays all NULL', () => {
    const some: [BinaryMetadataInit, [Record<string, number>, number[]][]][] = [
      [TIME, [[{ stage: 1, block: 3 }, [1.25, -2]], [{ stage: 4, block: 30 }, [1e6, 0.001]]]],
      [HOURLY, [[{ day: 2, hour: 5 }, [3.5]]]],
    ];
    for (const [init, values] of some) {
      const p = create(basePath(), init, values);
      binToCsv(p);
      const first = readFileSync(`${p}.csv`);
      csvToBin(p);
      binToCsv(p);
      expect(readFileSync(`${p}.csv`)).toEqual(first);
    }
    const s = create(basePath('nulls'), SIMPLE);
    binToCsv(s);
    rmSync(`${s}.qvr`);
    csvToBin(s);
    using r = BinaryFile.open(s, 'r');
    expect(Array.from(r.readBlock({}, true)).every(Number.isNaN)).toBe(true);
  });

  it('a mixed file (month, scenario, day) round-trips with a date column and the plain dimension', () => {
    const init: BinaryMetadataInit = {
      initialDatetime: '2025-01-01T00:00:00',
      unit: 'MW',
      dimensions: [
        { name: 'month', size: 2, frequency: 'monthly' },
        { name: 'scenario', size: 2 },
        { name: 'day', size: 31, frequency: 'daily' },
      ],
      labels: ['val'],
    };
    const p = create(basePath(), init, [
      [{ month: 1, scenario: 1, day: 1 }, [99]],
      [{ month: 2, scenario: 2, day: 15 }, [77]],
    ]);
    binToCsv(p);
    const lines = csvLines(p);
    expect(lines[0]).toBe('date,scenario,val');
    expect(lines[1]).toBe('2025-01-01,1,99');
    expect(lines[32]).toBe('2025-01-01,2,null');
    rmSync(`${p}.qvr`);
    csvToBin(p);
    expect(read(p, { month: 1, scenario: 1, day: 1 })).toEqual([99]);
    expect(read(p, { month: 2, scenario: 2, day: 15 })).toEqual([77]);
  });

  it('header errors name the expected columns', () => {
    const expectedColumns = 'row, col, val1, val2';
    expectNative(
      () => csvToBin(csvFixture(SIMPLE, 'row,bad_name,val1,val2\n')),
      `Unexpected header in CSV file: 'row,bad_name,val1,val2'. Expected columns are: ${expectedColumns}`,
    );
    expectNative(() => csvToBin(csvFixture(SIMPLE, 'row,col\n')), 'CSV header has 2 columns, expected 4');
    expectNative(() => csvToBin(csvFixture(SIMPLE, 'row,col,val1\n')), 'CSV header has 3 columns, expected 4');
    expectNative(
      () => csvToBin(csvFixture(SIMPLE, 'row,col,val1,val2,extra\n')),
      `Unexpected header in CSV file: 'row,col,val1,val2,extra'. Expected columns are: ${expectedColumns}`,
    );
    expectNative(() => csvToBin(csvFixture(SIMPLE, '')), `Unexpected header in CSV file: ''. Expected columns are: ${expectedColumns}`);
  });

  it('coordinate and value errors name the column and the expected text', () => {
    const rows = (first: string) => `${SIMPLE_HEADER}\n${first}\n1,2,1,2\n2,1,1,2\n2,2,1,2\n3,1,1,2\n3,2,1,2\n`;
    expectNative(() => csvToBin(csvFixture(SIMPLE, rows('2,1,1.0,2.0'))), "CSV dimension 'row' has value '2', expected '1'");
    expectNative(() => csvToBin(csvFixture(SIMPLE, rows('1,2,1.0,2.0'))), "CSV dimension 'col' has value '2', expected '1'");
    expectNative(() => csvToBin(csvFixture(SIMPLE, rows('1,1,abc,2.0'))), 'stod');
    expectNative(() => csvToBin(csvFixture(SIMPLE, rows('1,1,,2.0'))), 'stod');
    expectNative(() => csvToBin(csvFixture(SIMPLE, `${SIMPLE_HEADER}\n1,1,1.0,2.0\n`)), "CSV dimension 'row' has value '', expected '1'");
  });

  it('time CSVs: the date must match the cell, and the column name must match the frequencies', () => {
    expectNative(
      () => csvToBin(csvFixture(TIME, 'date,plant_1,plant_2\n2025-02-01,1.0,2.0\n')),
      "CSV dimension 'date' has value '2025-02-01', expected '2025-01-01'",
    );
    expectNative(
      () => csvToBin(csvFixture(TIME, 'datetime,plant_1,plant_2\n2025-01-01T00:00:00,1.0,2.0\n')),
      "Unexpected header in CSV file: 'datetime,plant_1,plant_2'. Expected columns are: date, plant_1, plant_2",
    );
  });

  it('a missing sidecar or file is reported with the .toml path', () => {
    expectNative(() => csvToBin('nonexistent_path'), 'Metadata file not found: nonexistent_path.toml');
    const p = basePath();
    writeFileSync(`${p}.csv`, `${SIMPLE_HEADER}\n`);
    expectNative(() => csvToBin(p), `Metadata file not found: ${p}.toml`);
    expect(existsSync(`${p}.qvr`)).toBe(false);
  });
});
