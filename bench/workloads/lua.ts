// Workload 8: 10k createElement calls from one Lua script versus the same loop in TypeScript. The
// reference here is quiverdb's own TypeScript API, not better-sqlite3: the question is whether
// moving a loop into Lua saves the per-call FFI cost. Both loops run in one transaction.

import { LuaRunner, type Database } from '../../lib/index.js';
import type { Pair, Side, Workload } from '../harness.js';
import { COLLECTION, TempDir, createQuiver, itemScalars, removeDatabase, scaled } from './fixtures.js';

function luaScript(count: number): string {
  // Same values as itemScalars(i); Lua builds them itself, as a real script would.
  return `
db:begin_transaction()
for i = 1, ${count} do
  db:create_element('${COLLECTION}', {
    label = 'item' .. i,
    int_value = (i * 7919) % 1000003,
    float_value = i * 0.5 + 0.25,
    str_value = 'str' .. i,
  })
end
db:commit()
`;
}

export const luaCreate: Workload = {
  name: 'Lua create 10k (ref: TS loop)',
  reference: 'quiverdb createElement loop in TypeScript, one transaction',
  setup(scale): Pair {
    const count = scaled(10_000, scale);
    const script = luaScript(count);
    const tmp = new TempDir();
    let file = '';
    let db: Database | undefined;
    let runner: LuaRunner | undefined;
    const fresh = () => {
      file = tmp.nextFile();
      db = createQuiver(file);
    };
    const cleanup = () => {
      runner?.close();
      runner = undefined;
      db!.close();
      removeDatabase(file);
    };
    const lua: Side = {
      before() {
        fresh();
        runner = new LuaRunner(db!);
      },
      run: () => void runner!.run(script),
      after: cleanup,
    };
    const typescript: Side = {
      before: fresh,
      run() {
        db!.transaction((d) => {
          for (let i = 1; i <= count; i++) d.createElement(COLLECTION, itemScalars(i));
        });
      },
      after: cleanup,
    };
    return { quiverdb: lua, reference: typescript, dispose: () => tmp.dispose() };
  },
};
