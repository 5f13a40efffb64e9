// lib/native.ts against the C headers. Needs no native library: it parses
// c-api/include/quiver/c/*.h, reads PROTOTYPES, and lets koffi parse the prototypes.
//
// Mapping rule (documented at the top of lib/native.ts): after removing `const`, `_Out_`,
// parameter names and whitespace, every parameter and return type must equal the header's, except
//   R1  an output parameter (`out` or `out_*`) the caller frees (header pointer depth >= 2, not an
//       opaque handle, not a borrowed `const char**`) must be declared `_Out_ void **`;
// and the `_Out_` marker must be on exactly the output parameters, except
//   R5  caller-provided structs (`quiver_*_metadata_t* out_metadata`, `quiver_dimension_t* out`),
//       which have none, and
//   R7  caller-owned output buffers (`double* out_data` with a `data_count`, `int64_t* out_ids`
//       with a `row_count`), which have none.
// Parameter names must match too (they are what C reports in "Null argument: <name>", and they
// catch two same-typed parameters declared in the wrong order).

import koffi from 'koffi';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QuiverError } from '../lib/errors.js';
import {
  HEADERS,
  PROTOTYPES,
  allocStruct,
  decodeBigInt64Array,
  decodeFloat64Array,
  decodeGroupMetadataArray,
  decodeInt32Array,
  decodeInt64Array,
  decodeMask,
  decodePointerArray,
  decodeScalarMetadata,
  decodeScalarMetadataArray,
  decodeSizeArray,
  decodeString,
  decodeStringArray,
  defineTypes,
  encodeFloat64Values,
  encodeInt64Values,
  loadedLibraryPath,
  protoName,
  releaseStruct,
} from '../lib/native.js';
import { toInt64, toSafeNumber } from '../lib/types.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const includeDir = path.join(root, 'c-api/include/quiver/c');

// ---------------------------------------------------------------------------------------------
// A small C declaration parser (enough for these headers)
// ---------------------------------------------------------------------------------------------

interface Param {
  name: string;
  /** Type text as written, without the name (e.g. "const char* const*"). */
  raw: string;
  /** Without const/_Out_/whitespace (e.g. "char**"). */
  type: string;
  base: string;
  depth: number;
  out: boolean;
}

interface Fn {
  name: string;
  ret: string;
  params: Param[];
}

function normType(t: string): string {
  return t
    .replace(/\b_Out_\b/g, '')
    .replace(/\bconst\b/g, '')
    .replace(/\s+/g, '');
}

function parseParam(text: string): Param {
  const m = /^(.*?)([A-Za-z_]\w*)\s*$/s.exec(text.trim());
  if (!m) throw new Error(`cannot parse parameter '${text}'`);
  const raw = m[1]!.trim();
  const type = normType(raw);
  return {
    name: m[2]!,
    raw,
    type,
    base: type.replace(/\*/g, ''),
    depth: (type.match(/\*/g) ?? []).length,
    out: /\b_Out_\b/.test(raw),
  };
}

function parseSignature(ret: string, name: string, params: string): Fn {
  const list = params.trim() === 'void' || params.trim() === '' ? [] : params.split(',').map(parseParam);
  return { name, ret: normType(ret), params: list };
}

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, '');
}

function parseHeader(file: string): Fn[] {
  const src = stripComments(readFileSync(file, 'utf8'))
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
  const fns: Fn[] = [];
  const re = /QUIVER_C_API\s+([^;()]*?)\b([A-Za-z_]\w*)\s*\(([^()]*)\)\s*;/g;
  for (const m of src.matchAll(re)) fns.push(parseSignature(m[1]!, m[2]!, m[3]!));
  // Every QUIVER_C_API use must have been understood.
  const uses = src.match(/\bQUIVER_C_API\b/g)?.length ?? 0;
  if (uses !== fns.length) throw new Error(`${file}: ${uses} QUIVER_C_API declarations, parsed ${fns.length}`);
  return fns;
}

function parseProto(proto: string): Fn {
  const m = /^(.*?)([A-Za-z_]\w*)\s*\((.*)\)\s*$/s.exec(proto);
  if (!m) throw new Error(`cannot parse prototype '${proto}'`);
  return parseSignature(m[1]!, m[2]!, m[3]!);
}

interface StructField {
  name: string;
  type: string;
}

/** `typedef struct { ... } name;` definitions of a header. */
function parseStructs(file: string): Map<string, StructField[]> {
  const src = stripComments(readFileSync(file, 'utf8'));
  const out = new Map<string, StructField[]>();
  for (const m of src.matchAll(/typedef\s+struct\s*\{([^}]*)\}\s*([A-Za-z_]\w*)\s*;/g)) {
    const fields = m[1]!
      .split(';')
      .map((f) => f.trim())
      .filter(Boolean)
      .map((f) => {
        const p = parseParam(f);
        return { name: p.name, type: p.type };
      });
    out.set(m[2]!, fields);
  }
  return out;
}

const HANDLE = /^quiver_(database|element|lua_runner|binary_metadata|binary_file|expression|progress)_t$/;
const METADATA_STRUCT = /^quiver_((scalar|group)_metadata|dimension)_t$/;

/** The declaration the mapping rule requires for a header parameter: [normalized type, has _Out_]. */
function expectedDecl(p: Param): { type: string; out: boolean } {
  if (p.name !== 'out' && !p.name.startsWith('out_')) return { type: p.type, out: false };
  if (p.depth === 1 && METADATA_STRUCT.test(p.base)) return { type: p.type, out: false }; // R5
  if (p.depth === 1 && p.name === 'out_data' && p.base === 'double') return { type: p.type, out: false }; // R7
  if (p.depth === 1 && p.name === 'out_ids' && p.base === 'int64_t') return { type: p.type, out: false }; // R7
  if (p.depth >= 2) {
    const borrowed = p.depth === 2 && p.base === 'char' && /^const\b/.test(p.raw);
    if (borrowed || (p.depth === 2 && HANDLE.test(p.base))) return { type: p.type, out: true }; // R2, R3
    return { type: 'void**', out: true }; // R1
  }
  return { type: p.type, out: true }; // R4
}

function describeFn(f: Fn): string {
  return `${f.ret} ${f.name}(${f.params.map((p) => `${p.out ? '_Out_ ' : ''}${p.type} ${p.name}`).join(', ')})`;
}

// Relative paths without `.h`, subfolders included (`binary/binary_file`).
const headerFiles = (readdirSync(includeDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.h'))
  .map((f) => f.split(path.sep).join('/'))
  .sort();
const headerFns = new Map<string, Fn[]>(headerFiles.map((f) => [f.replace(/\.h$/, ''), parseHeader(path.join(includeDir, f))]));

// ---------------------------------------------------------------------------------------------

describe('PROTOTYPES vs c-api/include/quiver/c/*.h', () => {
  it('covers exactly the public headers, in include order', () => {
    expect([...HEADERS].sort()).toEqual([...headerFns.keys()].sort());
    // Each header's declarations may only use types of itself or earlier headers.
    expect(HEADERS).toEqual([
      'common',
      'options',
      'element',
      'database',
      'lua_runner',
      'binary/binary_metadata',
      'binary/binary_file',
      'binary/csv_converter',
      'expression/expression',
      'extensions',
    ]);
  });

  it('declares every header function once, and nothing else', () => {
    const header = [...headerFns.values()].flat().map((f) => f.name);
    const declared = HEADERS.flatMap((h) => PROTOTYPES[h].map(protoName));
    expect(new Set(header).size).toBe(header.length);
    expect(new Set(declared).size).toBe(declared.length);
    const missing = header.filter((n) => !declared.includes(n));
    const extra = declared.filter((n) => !header.includes(n));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    expect(declared.length).toBe(174); // 106 + 46 (binary files, CSV converter, expressions) upstream + 22 of ours
  });

  for (const h of HEADERS) {
    it(`${h}.h: same functions in header order, same signatures under the mapping rule`, () => {
      const fromHeader = headerFns.get(h)!;
      const declared = PROTOTYPES[h].map(parseProto);
      expect(declared.map((f) => f.name)).toEqual(fromHeader.map((f) => f.name));

      const problems: string[] = [];
      for (const hf of fromHeader) {
        const df = declared.find((f) => f.name === hf.name)!;
        const where = `${hf.name}`;
        if (df.ret !== hf.ret) problems.push(`${where}: returns ${df.ret}, header ${hf.ret}`);
        if (df.params.length !== hf.params.length) {
          problems.push(`${where}: ${df.params.length} parameters, header ${hf.params.length}`);
          continue;
        }
        hf.params.forEach((hp, i) => {
          const dp = df.params[i]!;
          const want = expectedDecl(hp);
          if (dp.name !== hp.name) problems.push(`${where} #${i}: named ${dp.name}, header ${hp.name}`);
          if (dp.type !== want.type) problems.push(`${where} ${hp.name}: declared ${dp.type}, expected ${want.type} (header ${hp.raw})`);
          if (dp.out !== want.out) problems.push(`${where} ${hp.name}: _Out_ ${dp.out ? 'present' : 'missing'}`);
        });
        if (problems.length) problems.push(`  header:   ${describeFn(hf)}\n  declared: ${describeFn(df)}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('every prototype parses in koffi with the intended arity, pointer depth and direction', () => {
    defineTypes();
    const problems: string[] = [];
    for (const h of HEADERS) {
      for (const proto of PROTOTYPES[h]) {
        const name = protoName(proto);
        const fn = parseProto(proto);
        // Anonymous prototype: koffi registers named prototypes as types (names must be unique).
        const info = koffi.proto(proto.replace(new RegExp(`\\b${name}\\s*\\(`), '(')).proto!;
        if (info.arguments.length !== fn.params.length) {
          problems.push(`${name}: koffi sees ${info.arguments.length} parameters`);
          continue;
        }
        fn.params.forEach((p, i) => {
          const arg = info.arguments[i] as unknown as { type: { name: string; primitive: string }; direction: string };
          const depth = (arg.type.name.match(/\*/g) ?? []).length;
          if (depth !== p.depth) problems.push(`${name} ${p.name}: koffi parsed '${arg.type.name}' (depth ${depth}, want ${p.depth})`);
          const dir = p.out ? 'Output' : 'Input';
          if (arg.direction !== dir) problems.push(`${name} ${p.name}: koffi direction ${arg.direction}, want ${dir}`);
        });
        if (fn.ret === 'quiver_error_t' && info.result.primitive !== 'Int32') problems.push(`${name}: result ${info.result.name}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("koffi's parser quirk that rule R6 works around is still there (drop R6 when this fails)", () => {
    // `const` directly followed by `*` loses a pointer level in koffi 3.3.4's prototype parser.
    const quirk = koffi.proto('int (const char* const* names)').proto!.arguments[0] as unknown as { type: { name: string } };
    const spaced = koffi.proto('int (const char **names)').proto!.arguments[0] as unknown as { type: { name: string } };
    expect(spaced.type.name).toBe('char **');
    expect(quirk.type.name).toBe('char *');
  });
});

describe('structs', () => {
  const structs = new Map<string, StructField[]>();
  for (const f of headerFiles) for (const [k, v] of parseStructs(path.join(includeDir, f))) structs.set(k, v);
  const ENUMS = new Set(['quiver_error_t', 'quiver_log_level_t', 'quiver_data_type_t', 'quiver_time_frequency_t']);

  it('the headers define exactly the structs we declare', () => {
    expect([...structs.keys()].sort()).toEqual(Object.keys(defineTypes()).sort());
  });

  for (const name of [
    'quiver_database_options_t',
    'quiver_csv_options_t',
    'quiver_scalar_metadata_t',
    'quiver_group_metadata_t',
    'quiver_time_properties_t',
    'quiver_dimension_t',
  ] as const) {
    it(`${name}: same fields, order and types as the header`, () => {
      const t = defineTypes()[name];
      const members = Object.values(t.members!).sort((a, b) => a.offset - b.offset);
      const declared = members.map((m) => ({ name: m.name, type: normType(m.type.name) }));
      const header = structs.get(name)!.map((f) => ({ name: f.name, type: ENUMS.has(f.type) ? 'int' : f.type }));
      expect(declared).toEqual(header);
    });
  }

  it('has the LP64 sizes and offsets of the C header structs', () => {
    const t = defineTypes();
    expect(koffi.sizeof(t.quiver_database_options_t)).toBe(8);
    expect(koffi.sizeof(t.quiver_csv_options_t)).toBe(56);
    expect(koffi.sizeof(t.quiver_scalar_metadata_t)).toBe(56);
    expect(koffi.sizeof(t.quiver_group_metadata_t)).toBe(32);
    const off = (ty: keyof typeof t, f: string) => koffi.offsetof(t[ty], f);
    expect(['name', 'data_type', 'not_null', 'primary_key', 'default_value', 'is_foreign_key', 'references_collection', 'references_column'].map((f) => off('quiver_scalar_metadata_t', f))).toEqual([0, 8, 12, 16, 24, 32, 40, 48]);
    expect(['group_name', 'dimension_column', 'value_columns', 'value_column_count'].map((f) => off('quiver_group_metadata_t', f))).toEqual([0, 8, 16, 24]);
    expect(koffi.sizeof(t.quiver_time_properties_t)).toBe(24);
    expect(['frequency', 'initial_value', 'parent_dimension_index'].map((f) => off('quiver_time_properties_t', f))).toEqual([0, 8, 16]);
    expect(koffi.sizeof(t.quiver_dimension_t)).toBe(48);
    expect(['name', 'size', 'is_time_dimension', 'time_properties'].map((f) => off('quiver_dimension_t', f))).toEqual([0, 8, 16, 24]);
  });

  it('defineTypes() is idempotent', () => {
    expect(defineTypes()).toBe(defineTypes());
  });
});

describe('import side effects', () => {
  it('importing lib/native.ts and defining types does not load the library', () => {
    defineTypes();
    expect(loadedLibraryPath()).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Decode/encode helpers, on memory from koffi.alloc (no library needed)
// ---------------------------------------------------------------------------------------------

function cInt64(values: bigint[]): bigint {
  const p = koffi.alloc('int64_t', Math.max(values.length, 1)) as bigint;
  koffi.encode(p, 'int64_t', BigInt64Array.from(values), values.length);
  return p;
}

describe('decode helpers', () => {
  const MAX = BigInt(Number.MAX_SAFE_INTEGER);

  it('decodeInt64Array: numbers across the safe range, both word halves', () => {
    const vals = [0n, 1n, -1n, 42n, -5000n, 2n ** 32n, -(2n ** 32n), 2n ** 32n + 7n, -(2n ** 31n) - 3n, MAX, -MAX];
    const p = cInt64(vals);
    try {
      expect(decodeInt64Array(p, vals.length)).toEqual(vals.map(Number));
    } finally {
      koffi.free(p);
    }
  });

  it('decodeInt64Array: throws QuiverError beyond ±(2^53−1) instead of rounding', () => {
    for (const v of [MAX + 1n, -MAX - 1n, 2n ** 62n, -(2n ** 63n), 2n ** 63n - 1n]) {
      const p = cInt64([1n, v]);
      try {
        let err: unknown;
        try {
          decodeInt64Array(p, 2);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(QuiverError);
        expect((err as QuiverError).message).toBe(`Integer value ${v} exceeds JavaScript's safe integer range`);
        expect((err as QuiverError).code).toBe('QUIVER_INTEGER_RANGE');
        // bigint callers still get the exact value
        expect(decodeBigInt64Array(p, 2)[1]).toBe(v);
      } finally {
        koffi.free(p);
      }
    }
  });

  it('decodeInt64Array / decodeFloat64Array with a mask give null for absent entries (unsafe slots under mask 0 are ignored)', () => {
    const p = cInt64([7n, 2n ** 60n, -3n]);
    const m = koffi.alloc('uint8_t', 3) as bigint;
    const d = koffi.alloc('double', 3) as bigint;
    try {
      koffi.encode(m, 'uint8_t', Uint8Array.from([1, 0, 1]), 3);
      koffi.encode(d, 'double', Float64Array.from([1.5, 0, -2.25]), 3);
      const mask = decodeMask(m, 3);
      expect(mask).toEqual(Uint8Array.from([1, 0, 1]));
      expect(decodeInt64Array(p, 3, mask)).toEqual([7, null, -3]);
      expect(decodeFloat64Array(d, 3)).toEqual([1.5, 0, -2.25]);
      expect(decodeFloat64Array(d, 3, mask)).toEqual([1.5, null, -2.25]);
      expect(decodeFloat64Array(d, 3, null)).toEqual([1.5, 0, -2.25]);
    } finally {
      koffi.free(p);
      koffi.free(m);
      koffi.free(d);
    }
  });

  it('empty results (count 0, NULL pointers) decode to empty arrays', () => {
    expect(decodeInt64Array(null, 0)).toEqual([]);
    expect(decodeFloat64Array(null, 0, null)).toEqual([]);
    expect(decodeStringArray(null, 0)).toEqual([]);
    expect(decodeSizeArray(null, 0)).toEqual([]);
    expect(decodePointerArray(null, 0)).toEqual([]);
    expect(decodeInt32Array(null, 0)).toEqual([]);
    expect(decodeMask(null, 0)).toBeNull();
    expect(decodeBigInt64Array(null, 0)).toEqual(new BigInt64Array(0));
    expect(decodeScalarMetadataArray(null, 0)).toEqual([]);
    expect(decodeGroupMetadataArray(null, 0)).toEqual([]);
    expect(decodeString(null)).toBeNull();
  });

  it('decodeStringArray keeps NULL entries as null, "" as ""; decodeString reads one string', () => {
    const strs = ['farm', null, '', 'çà ☀'];
    const p = koffi.alloc('const char *', strs.length) as bigint;
    try {
      koffi.encode(p, 'const char *', strs, strs.length);
      expect(decodeStringArray(p, strs.length)).toEqual(strs);
      const ptrs = decodePointerArray(p, strs.length);
      expect(ptrs[1]).toBeNull();
      expect(typeof ptrs[0]).toBe('bigint');
      expect(decodeString(ptrs[3]!)).toBe('çà ☀');
    } finally {
      koffi.free(p);
    }
  });

  it('decodeSizeArray and decodeInt32Array', () => {
    const s = koffi.alloc('size_t', 3) as bigint;
    const i = koffi.alloc('int', 3) as bigint;
    try {
      koffi.encode(s, 'size_t', BigUint64Array.from([0n, 3n, 12345678901n]), 3);
      koffi.encode(i, 'int', Int32Array.from([0, 2, 3]), 3);
      expect(decodeSizeArray(s, 3)).toEqual([0, 3, 12345678901]);
      expect(decodeInt32Array(i, 3)).toEqual([0, 2, 3]);
    } finally {
      koffi.free(s);
      koffi.free(i);
    }
  });

  it('metadata structs: single (allocStruct), arrays, and groups with their value columns', () => {
    const t = defineTypes();
    const cols = [
      { name: 'crop_yield', data_type: 1, not_null: 0, primary_key: 0, default_value: null, is_foreign_key: 0, references_collection: null, references_column: null },
      { name: 'farm_id', data_type: 0, not_null: 1, primary_key: 0, default_value: '10', is_foreign_key: 1, references_collection: 'Farm', references_column: 'id' },
    ];
    const colMem = koffi.alloc(t.quiver_scalar_metadata_t, 2) as bigint;
    const groupMem = koffi.alloc(t.quiver_group_metadata_t, 2) as bigint;
    const single = allocStruct('quiver_scalar_metadata_t');
    try {
      // allocStruct memory starts zeroed: every pointer NULL, every int 0
      expect(decodeScalarMetadata(single)).toEqual({ name: null, data_type: 0, not_null: 0, primary_key: 0, default_value: null, is_foreign_key: 0, references_collection: null, references_column: null });
      koffi.encode(colMem, t.quiver_scalar_metadata_t, cols, 2);
      expect(decodeScalarMetadataArray(colMem, 2)).toEqual(cols);
      koffi.encode(groupMem, t.quiver_group_metadata_t, [
        { group_name: 'yields', dimension_column: null, value_columns: colMem, value_column_count: 2 },
        { group_name: 'weather', dimension_column: 'date_time', value_columns: null, value_column_count: 0 },
      ], 2);
      expect(decodeGroupMetadataArray(groupMem, 2)).toEqual([
        { group_name: 'yields', dimension_column: null, value_columns: cols },
        { group_name: 'weather', dimension_column: 'date_time', value_columns: [] },
      ]);
    } finally {
      koffi.free(colMem);
      koffi.free(groupMem);
      releaseStruct(single);
    }
  });
});

describe('int64 policy helpers', () => {
  it('toSafeNumber accepts safe numbers and bigints, rejects the rest with the documented message', () => {
    expect(toSafeNumber(5)).toBe(5);
    expect(toSafeNumber(-(2n ** 53n) + 1n)).toBe(-(2 ** 53) + 1);
    expect(() => toSafeNumber(2n ** 53n)).toThrow(
      new QuiverError("Integer value 9007199254740992 exceeds JavaScript's safe integer range", { code: 'QUIVER_INTEGER_RANGE' }),
    );
    expect(() => toSafeNumber(2 ** 60)).toThrow(QuiverError);
  });

  it('toInt64 validates inputs before they reach C', () => {
    expect(toInt64(7)).toBe(7);
    expect(toInt64(2n ** 62n)).toBe(2n ** 62n);
    expect(() => toInt64(1.5, 'id')).toThrow('Expected an integer for id, got 1.5');
    expect(() => toInt64(Number.NaN, 'id')).toThrow(QuiverError);
    expect(() => toInt64(2 ** 53, 'id')).toThrow(/exceeds JavaScript's safe integer range; pass a bigint/);
    expect(() => toInt64(2n ** 63n, 'id')).toThrow('Integer value 9223372036854775808 for id is outside the int64 range');
    expect(() => toInt64('3', 'id')).toThrow("Expected an integer (number or bigint) for id, got string '3'");
  });

  it('encodeInt64Values / encodeFloat64Values build values + mask (mask null when dense)', () => {
    expect(encodeInt64Values([1, 2n, -3])).toEqual({ values: BigInt64Array.from([1n, 2n, -3n]), mask: null });
    expect(encodeInt64Values([5, null, undefined])).toEqual({ values: BigInt64Array.from([5n, 0n, 0n]), mask: Uint8Array.from([1, 0, 0]) });
    expect(() => encodeInt64Values([1.5])).toThrow(QuiverError);
    expect(encodeFloat64Values([1.5, null])).toEqual({ values: Float64Array.from([1.5, 0]), mask: Uint8Array.from([1, 0]) });
    expect(encodeFloat64Values([])).toEqual({ values: new Float64Array(0), mask: null });
  });
});
