// BinaryFile: owns one quiver_binary_file_t*, a `.qvr` data file with its `.toml` metadata
// sidecar, read and written one cell (all the labels at one address) per call.

import { adoptMetadata, metadataHandle, withMetadata, type BinaryMetadata, type BinaryMetadataInit } from './binary-metadata.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import { cStringArray, decodeDoubles, native } from './native.js';
import { ownership, takeString } from './owned.js';
import { toInt64, type BinaryFilePtr, type BinaryMetadataPtr, type Ptr } from './types.js';
import { requireString } from './values.js';

/** 'r' opens an existing file for reading, 'w' creates (or truncates) it for writing. */
export type BinaryFileMode = 'r' | 'w';

/** A cell address: dimension name → 1-based coordinate, one entry per dimension. */
export type Address = Readonly<Record<string, number | bigint>>;

const owned = ownership<BinaryFilePtr>('BinaryFile', (ptr) => native().quiver_binary_file_close(ptr), {
  code: 'QUIVER_UNCLOSED_BINARY_FILE',
  message: 'A quiverdb BinaryFile was garbage-collected without close(); it has been closed.',
});

const states = new WeakMap<BinaryFile, { ptr: BinaryFilePtr | null }>();

/**
 * The native handle of `file` for a C call (after the other arguments are converted).
 * @throws QuiverError (QUIVER_CLOSED) when it was closed, (QUIVER_INVALID_ARGUMENT) when it is not a BinaryFile.
 */
export function binaryFileHandle(file: BinaryFile): BinaryFilePtr {
  const state = states.get(file);
  if (!state) throw new QuiverError('Expected a BinaryFile', { code: 'QUIVER_INVALID_ARGUMENT' });
  return owned.live(state);
}

function invalid(message: string): QuiverError {
  return new QuiverError(message, { code: 'QUIVER_INVALID_ARGUMENT' });
}

/** The C `char` of a mode. Anything but one character is refused here; C judges the character. */
function modeCode(mode: unknown): number {
  if (typeof mode !== 'string' || mode.length !== 1 || mode.charCodeAt(0) > 127) {
    throw invalid(`Expected a one-character file mode ('r' or 'w'), got ${typeof mode === 'string' ? `'${mode}'` : typeof mode}`);
  }
  return mode.charCodeAt(0);
}

/**
 * Names and values of an address, converted before any handle is touched. Reads and writes go one
 * cell per call, so this is the hot path: the names travel as a cached C array (see cStringArray)
 * and the values through one reused int64 buffer, filled word by word (no BigInt per value).
 */
interface EncodedAddress {
  names: readonly string[] | Ptr;
  count: number;
  values: BigInt64Array;
}

let scratchValues = new BigInt64Array(8);
let scratchWords = new Int32Array(scratchValues.buffer);
const encoded: EncodedAddress = { names: [], count: 0, values: scratchValues };

function encodeAddress(address: Address): EncodedAddress {
  if (address === null || typeof address !== 'object' || Array.isArray(address)) {
    throw invalid('Expected an address object { dimension: coordinate, ... }');
  }
  const names = Object.keys(address);
  const n = names.length;
  if (n > scratchValues.length) {
    scratchValues = new BigInt64Array(n);
    scratchWords = new Int32Array(scratchValues.buffer);
  }
  for (let i = 0; i < n; i++) {
    const name = names[i]!;
    const v: unknown = address[name];
    if (typeof v === 'number' && v === (v | 0)) {
      // Fits in int32: two words, sign-extended (little-endian hosts; see LITTLE_ENDIAN_HOST).
      scratchWords[2 * i] = v;
      scratchWords[2 * i + 1] = v < 0 ? -1 : 0;
      if (!LITTLE_ENDIAN_HOST) scratchValues[i] = BigInt(v);
    } else {
      const big = toInt64(v, `dimension '${name}'`);
      scratchValues[i] = typeof big === 'bigint' ? big : BigInt(big);
    }
    if (name.includes('\0')) throw invalid('Dimension names cannot contain NUL characters');
  }
  encoded.names = cStringArray(names) ?? names;
  encoded.count = n;
  encoded.values = scratchValues;
  return encoded;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// Reused out-parameters of quiver_binary_file_read (typed arrays cost less than [null] boxes).
const outData = new BigUint64Array(1);
const outCount = new BigUint64Array(1);

/** Data for one cell as a Float64Array (null → NaN, the NULL of binary files). */
function encodeData(data: Float64Array | readonly (number | null)[]): Float64Array {
  if (data instanceof Float64Array) return data;
  if (!Array.isArray(data)) throw invalid('Expected a Float64Array or an array of numbers for the data');
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v: unknown = data[i];
    if (typeof v === 'number') out[i] = v;
    else if (v === null) out[i] = Number.NaN;
    else throw invalid(`Expected a number or null at data index ${i}, got ${typeof v}`);
  }
  return out;
}

/**
 * A binary file: `<path>.qvr` (doubles, little-endian, row-major over the dimensions, the labels of
 * a cell contiguous) and `<path>.toml` (its metadata). `path` is the base path without extension.
 *
 * Open with {@link BinaryFile.open}, or {@link BinaryFile.create} an unopened handle and
 * {@link BinaryFile.open | open()} it later. While a file is open for writing, no other handle of
 * this process can open it. Close it (or use `using`): a writer's data is complete on disk only
 * after close(); a forgotten handle is closed when garbage-collected, with a
 * 'QUIVER_UNCLOSED_BINARY_FILE' process warning.
 */
export class BinaryFile implements Disposable {
  readonly #state: { ptr: BinaryFilePtr | null };
  /** Dimension names, sizes and label count of the open file, read once per open (block sizes). */
  #shape: Shape | undefined;
  /** The base path exactly as given (no extension). */
  readonly path: string;

  private constructor(ptr: BinaryFilePtr) {
    this.#state = owned.adopt(this, ptr);
    states.set(this, this.#state);
    const lib = native();
    this.path = takeString((out) => lib.quiver_binary_file_get_file_path(ptr, out), lib.quiver_binary_file_free_string);
  }

  /**
   * Opens the binary file at base path `path`. Mode 'r' reads `<path>.toml` and opens
   * `<path>.qvr`; mode 'w' writes `<path>.toml` from `metadata` (validated) and fills
   * `<path>.qvr` with NULLs (NaN).
   * @param metadata required for 'w' (a BinaryMetadata, or an object as for BinaryMetadata.from); ignored for 'r'.
   * @returns the open file.
   * @throws QuiverError with the library's message: `File not found: <path>`,
   *   `Metadata must be provided when opening a file in write mode.`,
   *   `Invalid file mode: <c>. Use 'r' for read or 'w' for write.`,
   *   `Cannot open_file: file is already open for writing: <path>`, metadata validation errors.
   */
  static open(path: string, mode: BinaryFileMode, metadata?: BinaryMetadata | BinaryMetadataInit): BinaryFile {
    requireString(path, 'path');
    const m = modeCode(mode);
    const out: [BinaryFilePtr | null] = [null];
    if (metadata === undefined || metadata === null) {
      check(native().quiver_binary_file_open_file(path, m, null, out));
    } else {
      withMetadata(metadata, (md) => check(native().quiver_binary_file_open_file(path, m, metadataHandle(md), out)));
    }
    return new BinaryFile(out[0]!);
  }

  /**
   * A handle for base path `path` that is not open yet (no file is touched): open it with
   * {@link BinaryFile.open | open()}, or build an expression on it.
   * @returns the unopened file.
   * @throws QuiverError (QUIVER_INVALID_ARGUMENT) when `path` is not a string.
   */
  static create(path: string): BinaryFile {
    requireString(path, 'path');
    const out: [BinaryFilePtr | null] = [null];
    check(native().quiver_binary_file_create(path, out));
    return new BinaryFile(out[0]!);
  }

  #h(): BinaryFilePtr {
    return owned.live(this.#state);
  }

  /**
   * Opens (or re-opens, e.g. a reader as a writer) this handle; see {@link BinaryFile.open}.
   * @throws QuiverError with the library's message, or QUIVER_CLOSED after close().
   */
  open(mode: BinaryFileMode, metadata?: BinaryMetadata | BinaryMetadataInit): void {
    const m = modeCode(mode);
    this.#shape = undefined;
    if (metadata === undefined || metadata === null) {
      check(native().quiver_binary_file_open(this.#h(), m, null));
    } else {
      withMetadata(metadata, (md) => {
        const mdh = metadataHandle(md);
        check(native().quiver_binary_file_open(this.#h(), m, mdh));
      });
    }
  }

  /** Whether close() has been called. */
  get closed(): boolean {
    return this.#state.ptr === null;
  }

  /**
   * Whether the handle has a usable read or write stream (false before open(), after close(), and
   * after an I/O failure).
   */
  get isOpen(): boolean {
    if (this.#state.ptr === null) return false;
    const out: [number] = [0];
    check(native().quiver_binary_file_is_open(this.#state.ptr, out));
    return out[0] !== 0;
  }

  /**
   * Flushes and closes the file and frees the handle; a writer's path can be opened again
   * afterwards. Idempotent; every other method throws QUIVER_CLOSED afterwards.
   */
  close(): void {
    owned.release(this, this.#state);
  }

  /** Same as close(), for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * A copy of the file's metadata (parsed from the `.toml` for a reader, as given for a writer,
   * empty for an unopened handle). The caller owns it: close it, or let it be garbage-collected.
   * @returns a new BinaryMetadata.
   * @throws QuiverError (QUIVER_CLOSED) after close().
   */
  metadata(): BinaryMetadata {
    const out: [BinaryMetadataPtr | null] = [null];
    check(native().quiver_binary_file_get_metadata(this.#h(), out));
    return adoptMetadata(out[0]!);
  }

  /**
   * Reads one cell: the values of every label at `address` (NaN where NULL).
   * @param allowNulls when false (the default), a cell holding a NULL is an error.
   * @returns a Float64Array with one value per label.
   * @throws QuiverError with the library's message: `Expected <n> dimensions, got <m>`,
   *   `Missing required dimension: '<name>'`, `Dimension '<name>' value <v> is out of bounds [1, <size>]`,
   *   `Invalid values for time dimensions: …`, `Cannot read: data at {…} contains null values`,
   *   `File is not open: <path>`; QUIVER_CLOSED after close().
   */
  read(address: Address, allowNulls = false): Float64Array {
    const a = encodeAddress(address);
    const flag = allowNulls ? 1 : 0;
    const h = this.#h();
    const shape = this.#currentShape();
    if (a.count >= shape.dimensions.length) {
      // A complete address: the block read of one cell is the same call (same checks, same
      // messages) into memory we own, without the allocate/copy/free round trip (~10x faster).
      const out = new Float64Array(shape.labels);
      check(native().quiver_binary_file_read_block(h, a.names, a.values, a.count, flag, out, out.length));
      return out;
    }
    outData[0] = 0n;
    outCount[0] = 0n;
    check(native().quiver_binary_file_read(h, a.names, a.values, a.count, flag, outData, outCount));
    const ptr = outData[0]!;
    return takeDoubles(ptr === 0n ? null : ptr, Number(outCount[0]));
  }

  /**
   * Writes one cell: one value per label, in label order (NaN or null = NULL).
   * @throws QuiverError with the library's message: address errors as for read(),
   *   `Data length <n> does not match expected length <m>`, `File is not open: <path>`;
   *   QUIVER_CLOSED after close().
   */
  write(address: Address, data: Float64Array | readonly (number | null)[]): void {
    const a = encodeAddress(address);
    const values = encodeData(data);
    check(native().quiver_binary_file_write(this.#h(), a.names, a.values, a.count, values, values.length));
  }

  /**
   * Reads a block in one call: every cell whose leading coordinates are fixed by `address`, which
   * names the first k dimensions (any order). `{}` (the default) reads the whole file.
   * @param allowNulls when false (the default), a NULL anywhere in the block is an error.
   * @returns a Float64Array of (product of the remaining dimension sizes) × (label count) values
   *   in file order: the last dimension varies fastest, the labels of a cell are contiguous.
   * @throws QuiverError with the library's message (address errors as for read(),
   *   `File is not open: <path>`); QUIVER_CLOSED after close().
   */
  readBlock(address: Address = {}, allowNulls = false): Float64Array {
    const fixed = Object.keys(address ?? {});
    const a = encodeAddress(address);
    const flag = allowNulls ? 1 : 0;
    const h = this.#h();
    const out = new Float64Array(this.#blockLength(fixed));
    check(native().quiver_binary_file_read_block(h, a.names, a.values, a.count, flag, out, out.length));
    return out;
  }

  /**
   * Writes a block in one call (see readBlock() for the address and the data layout); `{}`
   * writes the whole file.
   * @throws QuiverError with the library's message (address errors,
   *   `Data length <n> does not match expected length <m>`, `File is not open: <path>`);
   *   QUIVER_CLOSED after close().
   */
  writeBlock(address: Address, data: Float64Array | readonly (number | null)[]): void {
    const a = encodeAddress(address);
    const values = encodeData(data);
    check(native().quiver_binary_file_write_block(this.#h(), a.names, a.values, a.count, values, values.length));
  }

  /** Dimension names and sizes and the label count, read once per open (empty when not open). */
  #currentShape(): Shape {
    if (this.#shape === undefined) {
      const md = this.metadata();
      try {
        this.#shape = { dimensions: md.dimensions.map((d) => [d.name, d.size] as const), labels: md.labels.length };
      } finally {
        md.close();
      }
    }
    return this.#shape;
  }

  /** Values in a block whose leading dimensions are `fixed` (0 when the file is not open). */
  #blockLength(fixed: readonly string[]): number {
    const shape = this.#currentShape();
    let n = shape.labels;
    for (const [name, size] of shape.dimensions) if (!fixed.includes(name)) n *= size;
    return n;
  }
}

interface Shape {
  dimensions: (readonly [string, number])[];
  labels: number;
}

/** Copies `count` doubles the library returned and frees them. */
function takeDoubles(ptr: Ptr | null, count: number): Float64Array {
  try {
    return decodeDoubles(ptr, count);
  } finally {
    native().quiver_binary_file_free_float_array(ptr);
  }
}
