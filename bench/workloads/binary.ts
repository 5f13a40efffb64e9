// Binary files: a study output of 120 stages × 50 scenarios × 24 blocks × 70 agents (10.08M
// doubles, 80.6 MB) written and read back one block (cell) at a time and whole, and an expression
// (a + b) * 2 saved over two such files. The references are the physical floor: Node writing and
// reading the same bytes with fs and a Float64Array, and a hand-written loop over Float64Arrays.

import { closeSync, fstatSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BinaryFile, Expression, type BinaryMetadataInit } from '../../lib/index.js';
import { keep, type Pair, type Workload } from '../harness.js';
import { TempDir, scaled } from './fixtures.js';

const AGENTS = 70;
const SCENARIOS = 50;
const BLOCKS = 24;

interface Study {
  metadata: BinaryMetadataInit;
  stages: number;
  /** Every value in file order. */
  data: Float64Array;
}

function study(scale: number): Study {
  const stages = scaled(120, scale);
  const metadata: BinaryMetadataInit = {
    unit: 'MW',
    initialDatetime: '2025-01-01T00:00:00',
    dimensions: [
      { name: 'stage', size: stages, frequency: 'monthly' },
      { name: 'scenario', size: SCENARIOS },
      { name: 'block', size: BLOCKS },
    ],
    labels: Array.from({ length: AGENTS }, (_, i) => `plant_${i + 1}`),
  };
  const data = new Float64Array(stages * SCENARIOS * BLOCKS * AGENTS);
  for (let i = 0; i < data.length; i++) data[i] = (i % 9973) * 0.25;
  return { metadata, stages, data };
}

/** Calls `each(address, offset)` for every cell in file order (one address object, mutated). */
function forEachCell(s: Study, each: (address: Record<string, number>, offset: number) => void): void {
  const address = { stage: 1, scenario: 1, block: 1 };
  let offset = 0;
  for (let st = 1; st <= s.stages; st++) {
    address.stage = st;
    for (let sc = 1; sc <= SCENARIOS; sc++) {
      address.scenario = sc;
      for (let b = 1; b <= BLOCKS; b++) {
        address.block = b;
        each(address, offset);
        offset += AGENTS;
      }
    }
  }
}

function writeReference(file: string, data: Float64Array): void {
  writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** The file straight into a fresh Float64Array (one allocation, one read: the floor). */
function readReference(file: string): Float64Array {
  const fd = openSync(file, 'r');
  try {
    const out = new Float64Array(fstatSync(fd).size / 8);
    const bytes = new Uint8Array(out.buffer);
    for (let done = 0; done < bytes.length; ) done += readSync(fd, bytes, done, bytes.length - done, done);
    return out;
  } finally {
    closeSync(fd);
  }
}

function writeWorkload(name: string, byCell: boolean): Workload {
  return {
    name,
    reference: 'fs.writeFileSync of the Float64Array',
    setup(scale): Pair {
      const s = study(scale);
      const tmp = new TempDir();
      const out = path.join(tmp.dir, 'study');
      return {
        quiverdb: {
          run() {
            using file = BinaryFile.open(out, 'w', s.metadata);
            if (byCell) forEachCell(s, (address, offset) => file.write(address, s.data.subarray(offset, offset + AGENTS)));
            else file.writeBlock({}, s.data);
          },
          after: () => rmSync(`${out}.qvr`, { force: true }),
        },
        reference: {
          run: () => writeReference(`${out}.qvr`, s.data),
          after: () => rmSync(`${out}.qvr`, { force: true }),
        },
        dispose: () => tmp.dispose(),
      };
    },
  };
}

function readWorkload(name: string, byCell: boolean): Workload {
  return {
    name,
    reference: 'fs.readSync into a Float64Array',
    setup(scale): Pair {
      const s = study(scale);
      const tmp = new TempDir();
      const file = path.join(tmp.dir, 'study');
      {
        using w = BinaryFile.open(file, 'w', s.metadata);
        w.writeBlock({}, s.data);
      }
      return {
        quiverdb: {
          run() {
            using r = BinaryFile.open(file, 'r');
            if (byCell) {
              const out = new Float64Array(s.data.length);
              forEachCell(s, (address, offset) => out.set(r.read(address), offset));
              keep(out);
            } else {
              keep(r.readBlock());
            }
          },
        },
        reference: { run: () => keep(readReference(`${file}.qvr`)) },
        dispose: () => tmp.dispose(),
      };
    },
  };
}

export const binaryWriteCells = writeWorkload('binary write 10M values, one block per call', true);
export const binaryWriteWhole = writeWorkload('binary write 10M values, whole file', false);
export const binaryReadCells = readWorkload('binary read 10M values, one block per call', true);
export const binaryReadWhole = readWorkload('binary read 10M values, whole file', false);

export const binaryExpression: Workload = {
  name: 'expression (a + b) * 2 over 2 x 10M values',
  reference: 'fs reads, a loop over Float64Arrays, fs write',
  setup(scale): Pair {
    const s = study(scale);
    const tmp = new TempDir();
    const [a, b, out] = ['a', 'b', 'out'].map((n) => path.join(tmp.dir, n)) as [string, string, string];
    for (const p of [a, b]) {
      using w = BinaryFile.open(p, 'w', s.metadata);
      w.writeBlock({}, s.data);
    }
    const clean = () => {
      for (const ext of ['.qvr', '.toml']) rmSync(out + ext, { force: true });
    };
    return {
      quiverdb: {
        run() {
          using ea = Expression.from(a);
          using eb = Expression.from(b);
          using sum = ea.add(eb);
          using doubled = sum.mul(2);
          doubled.save(out);
        },
        after: clean,
      },
      reference: {
        run() {
          const x = readReference(`${a}.qvr`);
          const y = readReference(`${b}.qvr`);
          const z = new Float64Array(x.length);
          for (let i = 0; i < z.length; i++) z[i] = (x[i]! + y[i]!) * 2;
          writeReference(`${out}.qvr`, z);
        },
        after: clean,
      },
      dispose: () => tmp.dispose(),
    };
  },
};
