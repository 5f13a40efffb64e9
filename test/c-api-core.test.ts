// Spec 20 §20 acceptance examples 1–5: C-level behaviour (last error, NULL arguments, the element
// builder) that the TypeScript API hides, checked through the raw bindings.

import { afterAll, describe, expect, it } from 'vitest';
import { liveAllocations, LogLevel } from '../lib/index.js';
import { decodeString, native } from '../lib/native.js';
import type { ElementPtr } from '../lib/types.js';

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

describe('spec 20 §20 errors, state and basics', () => {
  // Must stay the first test of this file: each file runs in its own process, so nothing has
  // failed on this thread yet.
  it('§20 ex.1: fresh thread has an empty last error; version and default options', () => {
    const lib = native();
    expect(lib.quiver_get_last_error()).toBe('');
    expect(lib.quiver_version()).toBe('0.10.0');
    expect(lib.quiver_database_options_default()).toEqual({ read_only: 0, console_level: LogLevel.Info });
  });

  it('§20 ex.2: the last error is sticky across successes until cleared', () => {
    const lib = native();
    expect(lib.quiver_element_destroy(null)).toBe(ERR);
    const e = newElement();
    expect(lib.quiver_element_set_integer(e, 'x', 1)).toBe(OK);
    expect(lib.quiver_get_last_error()).toBe('Null argument: element');
    expect(lib.quiver_element_destroy(e)).toBe(OK);
    lib.quiver_clear_last_error();
    expect(lib.quiver_get_last_error()).toBe('');
  });

  it('§20 ex.3: destroy(NULL) is an error, close(NULL) is OK, set_string(NULL value) is an error', () => {
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

  it('§20 ex.4: set_array_integer rejects NULL values with count > 0 and negative counts', () => {
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

  it('§20 ex.5: to_string of the §3.3 element is the exact text', () => {
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
