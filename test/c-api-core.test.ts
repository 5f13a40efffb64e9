// C-level behaviour (last error, NULL arguments, the element builder) that the TypeScript API
// hides, checked through the raw bindings; plus the NULL-check
// order of the lifecycle, create, scalar-read, id and count functions.

import { afterAll, describe, expect, it } from 'vitest';
import { liveAllocations, LogLevel } from '../lib/index.js';
import type { NativeBindings } from '../lib/native.js';
import { decodeString, native } from '../lib/native.js';
import type { DatabasePtr, ElementPtr } from '../lib/types.js';
import { writeFarmSchema } from './helpers.js';

const OK = 0;
const ERR = 1;

function newElement(): ElementPtr {
  const out: [ElementPtr | null] = [null];
  expect(native().quiver_element_create(out)).toBe(OK);
  expect(out[0]).not.toBeNull();
  return out[0]!;
}

function elementText(e: ElementPtr): string | null {
  const lib = native();
  const out: [bigint | null] = [null];
  expect(lib.quiver_element_to_string(e, out)).toBe(OK);
  try {
    return decodeString(out[0]);
  } finally {
    expect(lib.quiver_database_free_string(out[0])).toBe(OK);
  }
}

afterAll(() => {
  expect(liveAllocations()).toBe(0);
});

describe('C errors, state and basics', () => {
  // Must stay the first test of this file: each file runs in its own process, so nothing has
  // failed on this thread yet.
  it('fresh thread has an empty last error; version and default options', () => {
    const lib = native();
    expect(lib.quiver_get_last_error()).toBe('');
    expect(lib.quiver_version()).toBe('0.10.0');
    expect(lib.quiver_database_options_default()).toEqual({ read_only: 0, console_level: LogLevel.Info });
  });

  it('the last error is sticky across successes until cleared', () => {
    const lib = native();
    expect(lib.quiver_element_destroy(null)).toBe(ERR);
    const e = newElement();
    expect(lib.quiver_element_set_integer(e, 'x', 1)).toBe(OK);
    expect(lib.quiver_get_last_error()).toBe('Null argument: element');
    expect(lib.quiver_element_destroy(e)).toBe(OK);
    lib.quiver_clear_last_error();
    expect(lib.quiver_get_last_error()).toBe('');
  });

  it('destroy(NULL) is an error, close(NULL) is OK, set_string(NULL value) is an error', () => {
    const lib = native();
    expect(lib.quiver_element_destroy(null)).toBe(ERR);
    expect(lib.quiver_get_last_error()).toBe('Null argument: element');
    lib.quiver_clear_last_error();
    expect(lib.quiver_database_close(null)).toBe(OK);
    expect(lib.quiver_get_last_error()).toBe('');

    const e = newElement();
    try {
      expect(lib.quiver_element_set_string(e, 'x', null)).toBe(ERR);
      expect(lib.quiver_get_last_error()).toBe('Null argument: value');
      expect(lib.quiver_element_set_string(null, 'x', 'v')).toBe(ERR);
      expect(lib.quiver_get_last_error()).toBe('Null argument: element');
      expect(lib.quiver_element_set_string(e, null, 'v')).toBe(ERR);
      expect(lib.quiver_get_last_error()).toBe('Null argument: name');
    } finally {
      lib.quiver_element_destroy(e);
    }
  });

  it('set_array_integer rejects NULL values with count > 0 and negative counts', () => {
    const lib = native();
    const e = newElement();
    try {
      expect(lib.quiver_element_set_array_integer(e, 'x', null, 2, null)).toBe(ERR);
      expect(lib.quiver_get_last_error()).toBe('Invalid values/count combination');
      lib.quiver_clear_last_error();
      expect(lib.quiver_element_set_array_integer(e, 'x', new BigInt64Array([1n, 2n]), -1, null)).toBe(ERR);
      expect(lib.quiver_get_last_error()).toBe('Invalid values/count combination');

      expect(lib.quiver_element_set_array_integer(e, 'x', null, 0, null)).toBe(OK);
      const count: [number] = [0];
      expect(lib.quiver_element_array_count(e, count)).toBe(OK);
      expect(Number(count[0])).toBe(1);
      expect(elementText(e)).toBe('Element {\n  arrays:\n    x: []\n}');
    } finally {
      lib.quiver_element_destroy(e);
    }
  });

  it('to_string of an element with scalars and arrays is the exact text', () => {
    const lib = native();
    const e = newElement();
    try {
      expect(elementText(e)).toBe('Element {\n}');
      // Set in non-sorted order: the text lists names byte-wise.
      expect(lib.quiver_element_set_null(e, 'owner')).toBe(OK);
      expect(lib.quiver_element_set_string(e, 'label', 'P')).toBe(OK);
      expect(lib.quiver_element_set_float(e, 'area', 3.14)).toBe(OK);
      expect(lib.quiver_element_set_array_string(e, 'crop', ['a', null], 2, null)).toBe(OK);
      expect(lib.quiver_element_set_array_float(e, 'crop_yield', new Float64Array([1.5, 2.5]), 2, null)).toBe(OK);
      expect(lib.quiver_element_set_array_integer(e, 'empty', null, 0, null)).toBe(OK);
      expect(elementText(e)).toBe(
        'Element {\n' +
          '  scalars:\n' +
          '    area: 3.140000\n' +
          '    label: "P"\n' +
          '    owner: null\n' +
          '  arrays:\n' +
          '    crop: ["a", null]\n' +
          '    crop_yield: [1.500000, 2.500000]\n' +
          '    empty: []\n' +
          '}',
      );
      const n: [number] = [0];
      expect(lib.quiver_element_scalar_count(e, n)).toBe(OK);
      expect(Number(n[0])).toBe(3);
      expect(lib.quiver_element_clear(e)).toBe(OK);
      expect(elementText(e)).toBe('Element {\n}');
    } finally {
      lib.quiver_element_destroy(e);
    }
  });
});

describe('NULL-argument check order and C-only outputs', () => {
  type Call = (lib: NativeBindings, args: unknown[]) => number;

  /**
   * For each checked position, in order: that argument and every later checked one are NULL,
   * earlier ones are valid → ERR(`Null argument: <name>`). So the first NULL in order is reported.
   */
  function expectNullOrder(call: Call, valid: unknown[], checked: [index: number, name: string][]): void {
    const lib = native();
    for (let k = 0; k < checked.length; k++) {
      const args = [...valid];
      for (const [i] of checked.slice(k)) args[i] = null;
      lib.quiver_clear_last_error();
      expect(call(lib, args), checked[k]![1]).toBe(ERR);
      expect(lib.quiver_get_last_error()).toBe(`Null argument: ${checked[k]![1]}`);
    }
  }

  const schema = writeFarmSchema();
  const opts = { read_only: 0, console_level: LogLevel.Off };

  function withDb(use: (h: DatabasePtr, e: ElementPtr) => void): void {
    const lib = native();
    const out: [DatabasePtr | null] = [null];
    expect(lib.quiver_database_from_schema(':memory:', schema, opts, out)).toBe(OK);
    const e = newElement();
    try {
      use(out[0]!, e);
    } finally {
      lib.quiver_element_destroy(e);
      lib.quiver_database_close(out[0]!);
    }
  }

  /** A bound function taking untyped arguments (the NULLs below are outside its declared types). */
  const raw =
    (name: keyof NativeBindings): Call =>
    (lib, args) =>
      (lib[name] as (...a: unknown[]) => number)(...args);

  it('open, from_schema, from_migrations; NULL options means the defaults', () => {
    expectNullOrder(raw('quiver_database_open'), [':memory:', opts, [null]], [
      [0, 'path'],
      [2, 'out_db'],
    ]);
    expectNullOrder(raw('quiver_database_from_schema'), [':memory:', schema, opts, [null]], [
      [0, 'db_path'],
      [1, 'schema_path'],
      [3, 'out_db'],
    ]);
    expectNullOrder(raw('quiver_database_from_migrations'), [':memory:', '/tmp', opts, [null]], [
      [0, 'db_path'],
      [1, 'migrations_path'],
      [3, 'out_db'],
    ]);
    const lib = native();
    const out: [DatabasePtr | null] = [null];
    expect(lib.quiver_database_open(':memory:', null, out)).toBe(OK);
    expect(lib.quiver_database_close(out[0]!)).toBe(OK);
  });

  it('is_healthy, path, current_version', () => {
    withDb((h) => {
      expectNullOrder(raw('quiver_database_is_healthy'), [h, [0]], [
        [0, 'db'],
        [1, 'out_healthy'],
      ]);
      expectNullOrder(raw('quiver_database_path'), [h, [null]], [
        [0, 'db'],
        [1, 'out_path'],
      ]);
      expectNullOrder(raw('quiver_database_current_version'), [h, [0]], [
        [0, 'db'],
        [1, 'out_version'],
      ]);
    });
  });

  it('create_element', () => {
    withDb((h, e) => {
      expect(native().quiver_element_set_string(e, 'label', 'F1')).toBe(OK);
      expectNullOrder(raw('quiver_database_create_element'), [h, 'Farm', e, [0]], [
        [0, 'db'],
        [1, 'collection'],
        [2, 'element'],
        [3, 'out_id'],
      ]);
      const n: [number] = [0];
      expect(native().quiver_database_number_of_elements(h, 'Farm', n)).toBe(OK);
      expect(Number(n[0])).toBe(0);
    });
  });

  it('C level: a float 3.0 for an INTEGER column is a mismatch (JS cannot tell 3.0 from 3)', () => {
    withDb((h, e) => {
      const lib = native();
      expect(lib.quiver_element_set_string(e, 'label', 'F2')).toBe(OK);
      expect(lib.quiver_element_set_float(e, 'hectares', 3.0)).toBe(OK);
      // A typed array is passed by address, so "out_id unchanged on error" is observable.
      const id = new BigInt64Array([-1n]);
      expect(lib.quiver_database_create_element(h, 'Farm', e, id)).toBe(ERR);
      expect(lib.quiver_get_last_error()).toBe("Cannot create_element: type mismatch for column 'hectares': expected INTEGER, got REAL");
      expect(id[0]).toBe(-1n);
    });
  });

  it('scalar reads, by-id reads, element ids, counts', () => {
    withDb((h) => {
      const bulk: [number, string][] = [
        [0, 'db'],
        [1, 'collection'],
        [2, 'attribute'],
        [3, 'out_values'],
        [4, 'out_mask'],
        [5, 'out_count'],
      ];
      const args = [h, 'Farm', 'hectares', [null], [null], [0]];
      expectNullOrder(raw('quiver_database_read_scalar_integers'), args, bulk);
      expectNullOrder(raw('quiver_database_read_scalar_floats'), args, bulk);
      expectNullOrder(raw('quiver_database_read_scalar_strings'), [h, 'Farm', 'label', [null], [0]], [
        ...bulk.slice(0, 4),
        [4, 'out_count'],
      ]);
      const byId: [number, string][] = [
        [0, 'db'],
        [1, 'collection'],
        [2, 'attribute'],
        [4, 'out_value'],
        [5, 'out_has_value'],
      ];
      expectNullOrder(raw('quiver_database_read_scalar_integer_by_id'), [h, 'Farm', 'hectares', 1, [0], [0]], byId);
      expectNullOrder(raw('quiver_database_read_scalar_float_by_id'), [h, 'Farm', 'area', 1, [0], [0]], byId);
      expectNullOrder(raw('quiver_database_read_scalar_string_by_id'), [h, 'Farm', 'label', 1, [null], [0]], byId);
      expectNullOrder(raw('quiver_database_read_element_ids'), [h, 'Farm', [null], [0]], [
        [0, 'db'],
        [1, 'collection'],
        [2, 'out_ids'],
        [3, 'out_count'],
      ]);
      expectNullOrder(raw('quiver_database_number_of_elements'), [h, 'Farm', [0]], [
        [0, 'db'],
        [1, 'collection'],
        [2, 'out_count'],
      ]);
    });
  });
});
