// The Lua surface of binary files and expressions, run through LuaRunner: db:open_file,
// db:bin_to_csv, db:csv_to_bin (sandboxed to the database folder), file methods, quiver.metadata*,
// quiver.* expression builders and operators.

import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database, liveAllocations, LogLevel, LuaRunner, QuiverError } from '../lib/index.js';
import { collectUntil, tmpDir, writeSchema } from './helpers.js';

const SCHEMA = `\
CREATE TABLE Configuration (id INTEGER PRIMARY KEY, label TEXT UNIQUE NOT NULL) STRICT;
CREATE TABLE Collection (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT UNIQUE NOT NULL, some_float REAL) STRICT;
`;

afterAll(async () => {
  expect(await collectUntil(() => liveAllocations() === 0)).toBe(true);
});

/** Helpers defined once per runner: SIMPLE-shaped 3×2 metadata and constant-filled files. */
const PRELUDE = `
md32 = quiver.metadata{initial_datetime = '2025-01-01T00:00:00', unit = 'MW', labels = {'v1', 'v2'},
  dimensions = {'row', 'col'}, dimension_sizes = {3, 2}}
function fill(name, f)
  local w = db:open_file(name, 'w', md32)
  for r = 1, 3 do for c = 1, 2 do
    local v = f(r, c)
    if type(v) ~= 'table' then v = {v, v} end
    w:write(v, {row = r, col = c})
  end end
  w:close()
  return db:open_file(name, 'r')
end
function cell(name, r, c)
  local o = db:open_file(name, 'r')
  local v = o:read({row = r, col = c}, true)
  o:close()
  return v
end
`;

interface Fixture extends Disposable {
  db: Database;
  lua: LuaRunner;
  dir: string;
}

function fixture(where: 'file' | 'memory' = 'file'): Fixture {
  const dir = realpathSync(tmpDir('quiver-lua-binary-'));
  const db = Database.fromSchema(where === 'memory' ? ':memory:' : path.join(dir, 'test.db'), writeSchema(dir, SCHEMA), { consoleLevel: LogLevel.Off });
  const lua = new LuaRunner(db);
  lua.run(PRELUDE);
  return {
    db,
    lua,
    dir,
    [Symbol.dispose]() {
      lua.run('collectgarbage()');
      lua.close();
      db.close();
    },
  };
}

function failure(lua: LuaRunner, script: string): string {
  try {
    lua.runRaw(script);
  } catch (err) {
    expect(err).toBeInstanceOf(QuiverError);
    return (err as QuiverError).message;
  }
  throw new Error('expected the script to fail');
}

describe('db file methods and the sandbox', () => {
  it('an in-memory database refuses every file operation', () => {
    using f = fixture('memory');
    for (const [script, op] of [
      ["db:open_file('x', 'r')", 'open_file'],
      ["db:bin_to_csv('bin_a')", 'bin_to_csv'],
      ["db:csv_to_bin('bin_a')", 'csv_to_bin'],
    ]) {
      const message = failure(f.lua, script!);
      expect(message).toContain('Failed to run Lua script:');
      expect(message).toContain(`Cannot ${op}: database is in-memory`);
    }
  });

  it('write every cell, close, read everything back; is_open follows close()', () => {
    using f = fixture();
    const result = f.lua.run(`
      local w = db:open_file('bin_a', 'w', md32)
      for r = 1, 3 do for c = 1, 2 do w:write({r * 10 + c, r * 100 + c}, {row = r, col = c}) end end
      w:close()
      local rd = db:open_file('bin_a', 'r')
      local ok = true
      for r = 1, 3 do for c = 1, 2 do
        local v = rd:read({row = r, col = c})
        ok = ok and v[1] == r * 10 + c and v[2] == r * 100 + c
      end end
      return {open = rd:is_open(), ok = ok, unit = rd:get_metadata():get_unit(), closed = w:is_open()}`);
    expect(result).toEqual({ open: true, ok: true, unit: 'MW', closed: false });
    expect(existsSync(path.join(f.dir, 'bin_a.qvr'))).toBe(true);
  });

  it('NULL cells: NaN with allow_nulls (null in JSON), an error without', () => {
    using f = fixture();
    f.lua.run(`
      local m = quiver.metadata{initial_datetime = '2025-01-01T00:00:00', unit = 'MW', labels = {'v'}, dimensions = {'row'}, dimension_sizes = {3}}
      local w = db:open_file('one', 'w', m)
      w:write({42.0}, {row = 1})
      w:close()
      r1 = db:open_file('one', 'r')`);
    expect(f.lua.run('return r1:read({row = 1})[1]')).toBe(42);
    expect(f.lua.run('local v = r1:read({row = 2}, true)[1]; return v ~= v')).toBe(true);
    expect(f.lua.run('return r1:read({row = 2}, true)')).toEqual([null]);
    expect(failure(f.lua, 'r1:read({row = 2})')).toContain('Cannot read: data at {row=2} contains null values');
  });

  it('time dimensions: monthly stages of daily blocks from February', () => {
    using f = fixture();
    const result = f.lua.run(`
      local m = quiver.metadata{initial_datetime = '2025-02-01T00:00:00', unit = 'MW', labels = {'v'},
        dimensions = {'stage', 'block'}, dimension_sizes = {2, 28}, time_dimensions = {'stage', 'block'}, frequencies = {'monthly', 'daily'}}
      local w = db:open_file('t', 'w', m)
      for s = 1, 2 do for b = 1, 28 do w:write({s * 1000 + b}, {stage = s, block = b}) end end
      w:close()
      local rd = db:open_file('t', 'r')
      return {rd:read({stage = 1, block = 1})[1], rd:read({stage = 2, block = 28})[1]}`);
    expect(result).toEqual([1001, 2028]);
  });

  it('bin_to_csv then csv_to_bin keeps the values and leaves the CSV in the database folder', () => {
    using f = fixture();
    const result = f.lua.run(`
      fill('bin_a', function(r, c) return {r + c / 10, r * c} end):close()
      db:bin_to_csv('bin_a')
      db:csv_to_bin('bin_a')
      return {cell('bin_a', 1, 1), cell('bin_a', 3, 2)}`);
    expect(result).toEqual([
      [1.1, 1],
      [3.2, 6],
    ]);
    expect(existsSync(path.join(f.dir, 'bin_a.csv'))).toBe(true);
  });

  it('the mode must be exactly "r" or "w"', () => {
    using f = fixture();
    expect(failure(f.lua, "db:open_file('bin_a', 'x')")).toContain('Cannot open_file: mode must be "r" or "w"');
    expect(failure(f.lua, "db:open_file('bin_a', 'rw')")).toContain('Cannot open_file: mode must be "r" or "w"');
  });

  it('paths are confined to the database folder', () => {
    using f = fixture();
    f.lua.run(`db:open_file('bin_rel', 'w', md32):close()`);
    expect(existsSync(path.join(f.dir, 'bin_rel.qvr'))).toBe(true);
    mkdirSync(path.join(f.dir, 'sub'));
    f.lua.run(`db:open_file('sub/bin', 'w', md32):close()`);
    expect(existsSync(path.join(f.dir, 'sub', 'bin.qvr'))).toBe(true);
    const inside = path.join(f.dir, 'abs');
    f.lua.run(`db:open_file('${inside}', 'w', md32):close()`);
    expect(existsSync(`${inside}.qvr`)).toBe(true);
    expect(f.lua.run(`local h = db:open_file('bin_rel', 'r'); return h:get_file_path()`)).toBe(path.join(f.dir, 'bin_rel'));
    expect(failure(f.lua, "db:open_file('../escape', 'w', md32)")).toContain("Cannot open_file: path '../escape' escapes the database directory");
    expect(failure(f.lua, `db:open_file('${path.join(path.dirname(f.dir), 'outside')}', 'w', md32)`)).toContain('escapes the database directory');
    expect(failure(f.lua, "db:open_file('.', 'r')")).toContain('escapes the database directory');
    expect(failure(f.lua, "db:bin_to_csv('../x')")).toContain("Cannot bin_to_csv: path '../x' escapes the database directory");
    expect(failure(f.lua, "db:csv_to_bin('../x')")).toContain("Cannot csv_to_bin: path '../x' escapes the database directory");
  });
});

describe('metadata from Lua', () => {
  it('quiver.metadata{...} with time dimensions reports every field (no file needed)', () => {
    using f = fixture('memory');
    const result = f.lua.run(`
      local m = quiver.metadata{initial_datetime = '2025-01-01T00:00:00', unit = 'MW', labels = {'plant_1', 'plant_2'},
        dimensions = {'stage', 'block'}, dimension_sizes = {4, 31}, time_dimensions = {'stage', 'block'}, frequencies = {'monthly', 'daily'}}
      local d = m:get_dimensions()
      return {unit = m:get_unit(), version = m:get_version(), labels = m:get_labels(), n = m:get_number_of_time_dimensions(),
              first = d[1], second_frequency = d[2].frequency, second_initial = d[2].initial_value, toml = #m:to_toml() > 0}`);
    expect(result).toEqual({
      unit: 'MW',
      version: '1',
      labels: ['plant_1', 'plant_2'],
      n: 2,
      first: { name: 'stage', size: 4, is_time_dimension: true, frequency: 'monthly', initial_value: 1, parent_dimension_index: -1 },
      second_frequency: 'daily',
      second_initial: 1,
      toml: true,
    });
  });

  it('metadata errors, element form, and a TOML round trip', () => {
    using f = fixture('memory');
    expect(failure(f.lua, 'quiver.metadata{}')).toContain('Failed to parse initial_datetime: ');
    expect(failure(f.lua, "quiver.metadata_from_element({version = '1'})")).toContain("Cannot from_element: missing array 'dimensions'");
    const result = f.lua.run(`
      local m = quiver.metadata{initial_datetime = '2025-01-01T00:00:00', unit = 'GWh', labels = {'a', 'b'}, dimensions = {'row'}, dimension_sizes = {2}}
      local back = quiver.metadata_from_toml(m:to_toml())
      return {back:get_unit(), back:get_labels()}`);
    expect(result).toEqual(['GWh', ['a', 'b']]);
  });
});

describe('expressions from Lua', () => {
  it('operators on expressions, files and numbers; quiver.sqrt, quiver.ifelse; unary minus', () => {
    using f = fixture();
    const result = f.lua.run(`
      local fa, fb = fill('fa', function() return 3 end), fill('fb', function() return 4 end)
      ;((quiver.expression(fa) + fb) * 2.0):save('o1')
      local f5 = fill('f5', function() return 5 end)
      ;(2.0 * quiver.expression(f5) - 1.0):save('o2')
      local f1, f2 = fill('f1', function() return 1 end), fill('f2', function() return 2 end)
      ;(f1 + f2):save('o3')
      local sq = fill('sq', function() return {4, 9} end)
      quiver.sqrt(quiver.expression(sq)):save('o4')
      local cond = fill('cond', function() return {1, 0} end)
      local t10, e20 = fill('t10', function() return 10 end), fill('e20', function() return 20 end)
      quiver.ifelse(cond, t10, e20):save('o5')
      local r = fill('half', function() return 1.5 end)
      ;(-r):save('o6')
      ;(1 - r):save('o7')
      return {cell('o1', 2, 2), cell('o2', 1, 1), cell('o3', 3, 1), cell('o4', 1, 2), cell('o5', 2, 1), cell('o6', 1, 1), cell('o7', 3, 2)}`);
    expect(result).toEqual([
      [14, 14],
      [9, 9],
      [3, 3],
      [2, 3],
      [10, 20],
      [-1.5, -1.5],
      [-0.5, -0.5],
    ]);
  });

  it('aggregate and aggregate_agents by name, with their errors', () => {
    using f = fixture();
    const result = f.lua.run(`
      local fa = fill('rows', function(r) return r end)
      quiver.expression(fa):aggregate('row', 'sum'):save('sum')
      local s = db:open_file('sum', 'r')
      local dims = {}
      for _, d in ipairs(s:get_metadata():get_dimensions()) do dims[#dims + 1] = d.name end
      quiver.expression(fa):aggregate('row', 'percentile', 0.5):save('p50')
      local p = db:open_file('p50', 'r')
      local ten = fill('ten', function() return {10, 20} end)
      local mean = quiver.expression(ten):aggregate_agents('mean')
      mean:save('mean')
      return {dims = dims, sum = s:read({col = 2}), p50 = p:read({col = 1}), labels = mean:metadata():get_labels(), mean = cell('mean', 2, 2)}`);
    expect(result).toEqual({ dims: ['col'], sum: [6, 6], p50: [2, 2], labels: ['mean'], mean: [15] });
    f.lua.run("e = quiver.expression(db:open_file('rows', 'r'))");
    expect(failure(f.lua, "e:aggregate('row', 'bogus')")).toContain("Cannot aggregate: unknown operation 'bogus'");
    expect(failure(f.lua, "e:aggregate_agents('bogus')")).toContain("Cannot aggregate_agents: unknown operation 'bogus'");
    expect(failure(f.lua, "e:aggregate_agents('sum', 0.5)")).toContain("Cannot aggregate_agents: operation 'sum' does not accept a parameter");
  });

  it('select_agents and rename_agents', () => {
    using f = fixture();
    const result = f.lua.run(`
      local fa = fill('fa', function() return {10, 20} end)
      local sel = quiver.expression(fa):select_agents({'v2'})
      sel:save('sel')
      return {sel:metadata():get_labels(), cell('sel', 1, 1), quiver.expression(fa):rename_agents({v1 = 'alpha'}):metadata():get_labels()}`);
    expect(result).toEqual([['v2'], [20], ['alpha', 'v2']]);
  });

  it('save: never over an input, relative to the database folder, never outside it', () => {
    using f = fixture();
    f.lua.run("fa = fill('expr_a', function() return 1 end)");
    expect(failure(f.lua, "(quiver.expression(fa) * 2.0):save('expr_a')")).toContain('Cannot save: output path collides with input file');
    f.lua.run("(quiver.expression(fa) * 2.0):save('out_rel')");
    expect(existsSync(path.join(f.dir, 'out_rel.qvr'))).toBe(true);
    expect(failure(f.lua, "(quiver.expression(fa) * 2.0):save('../out')")).toContain("Cannot save: path '../out' escapes the database directory");
  });

  it('comparison builders: files, expressions and numbers; NULLs stay NULL', () => {
    using f = fixture();
    const result = f.lua.run(`
      local fa, fb = fill('fa', function() return {5, 1} end), fill('fb', function() return {3, 3} end)
      quiver.gt(fa, fb):save('gt')
      quiver.lte(quiver.expression(fa), 4.0):save('lte')
      local t10, e20 = fill('t10', function() return 10 end), fill('e20', function() return 20 end)
      quiver.ifelse(quiver.gt(quiver.expression(fa), 3.0), t10, e20):save('pick')
      local nan = fill('nan', function() return {0 / 0, 5} end)
      quiver.gt(quiver.expression(nan), 3.0):save('nan_gt')
      return {cell('gt', 1, 1), cell('lte', 1, 1), cell('pick', 2, 2), cell('nan_gt', 1, 1)}`);
    expect(result).toEqual([
      [1, 0],
      [0, 1],
      [10, 20],
      [null, 1],
    ]);
    expect(failure(f.lua, 'quiver.gt(2, 1)')).toContain('Cannot build expression: operand must be an expression or a binary file');
    expect(failure(f.lua, 'quiver.expression(3)')).toContain('Cannot build expression: operand must be an expression or a binary file');
  });

  it('logical operators &, |, ~ and their units', () => {
    using f = fixture();
    const result = f.lua.run(`
      local fa, fb = fill('fa', function() return {1, 0} end), fill('fb', function() return {1, 1} end)
      ;(fa & fb):save('and')
      ;(fa | fb):save('or')
      ;(~fa):save('not')
      local g = fill('g', function() return {5, 0.5} end)
      local t10, e20 = fill('t10', function() return 10 end), fill('e20', function() return 20 end)
      quiver.ifelse(quiver.gt(quiver.expression(g), 1.0) & ~quiver.gt(quiver.expression(g), 8.0), t10, e20):save('band')
      return {cell('and', 1, 1), cell('or', 1, 1), cell('not', 1, 1), cell('band', 1, 1), (~g):metadata():get_unit(), quiver.abs(g):metadata():get_unit()}`);
    expect(result).toEqual([[1, 0], [1, 1], [0, 1], [10, 20], '', 'MW']);
  });

  it('files, expressions and metadata cannot be returned from a script; read results can', () => {
    using f = fixture();
    f.lua.run("lf = fill('lf', function(r) if r == 1 then return 1.5 end return 0 / 0 end)");
    for (const value of ["db:open_file('lf', 'r')", 'quiver.expression(lf)', 'lf:get_metadata()']) {
      expect(failure(f.lua, `return ${value}`)).toContain('Cannot run: script returned an unsupported Lua type');
    }
    expect(f.lua.runRaw('return lf:read({row = 1, col = 1})')).toBe('[1.5,1.5]');
    expect(f.lua.runRaw('return lf:read({row = 2, col = 1}, true)')).toBe('[null,null]');
  });
});
