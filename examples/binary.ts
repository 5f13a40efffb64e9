// A small study output in a binary file: generation of 3 plants over 3 monthly stages and 2
// scenarios is written, read back, transformed by an expression (saved as a new file), and
// converted to CSV. Run it with `npx tsx examples/binary.ts`.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BinaryFile, binToCsv, Expression, ifelse, type BinaryMetadataInit } from '../lib/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'quiverdb-binary-example-'));

try {
  const shape = (unit: string, labels: string[]): BinaryMetadataInit => ({
    unit,
    initialDatetime: '2030-01-01T00:00:00',
    dimensions: [
      { name: 'stage', size: 3, frequency: 'monthly' },
      { name: 'scenario', size: 2 },
    ],
    labels,
  });
  const generation = path.join(dir, 'generation'); // base path: generation.qvr + generation.toml

  // Create and write: one call per cell, one value per label (plant).
  {
    using file = BinaryFile.open(generation, 'w', shape('MWh', ['hydro', 'wind', 'gas']));
    for (let stage = 1; stage <= 3; stage++) {
      for (let scenario = 1; scenario <= 2; scenario++) {
        file.write({ stage, scenario }, [100 * stage, 40 + 10 * scenario, scenario === 1 ? 0 : 25]);
      }
    }
  }
  {
    // A whole file in one call: the values in file order (last dimension fastest, then labels).
    using file = BinaryFile.open(path.join(dir, 'price'), 'w', shape('$/MWh', ['price']));
    file.writeBlock({}, [50, 55, 60, 66, 48, 52]);
  }

  // Read: one cell, or a block (here stage 2: both scenarios, all plants).
  {
    using file = BinaryFile.open(generation, 'r');
    console.log('stage 1, scenario 2:', Array.from(file.read({ stage: 1, scenario: 2 })));
    console.log('stage 2:', Array.from(file.readBlock({ stage: 2 })));
    using md = file.metadata();
    console.log('labels:', md.labels, 'unit:', md.unit);
  }

  // Expressions: built (and checked) at once, evaluated only by save(). Here: generation after 2%
  // losses, only where a plant produced more than 50 MWh, summed over the plants and averaged over
  // the scenarios: one value per stage.
  const total = path.join(dir, 'total');
  {
    using gen = Expression.from(generation);
    using net = gen.mul(0.98);
    using zero = gen.mul(0);
    using above = ifelse(gen.gt(50), net, zero);
    using perStage = above.aggregateAgents('sum').aggregate('scenario', 'mean');
    perStage.save(total);
  }
  {
    using file = BinaryFile.open(total, 'r');
    using md = file.metadata();
    console.log(`${md.labels[0]} per stage (${md.unit}):`, Array.from(file.readBlock()));
  }

  // CSV: one column per dimension, or one date column for the time dimensions.
  binToCsv(generation, { aggregateTimeDimensions: true });
  console.log(readFileSync(`${generation}.csv`, 'utf8'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
