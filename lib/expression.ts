// Expression: owns one quiver_expression_t*, an immutable node of a lazily evaluated computation
// over binary files. Building validates shapes, units and labels at once; data is read only by
// save(). The library reference-counts the nodes, so each wrapper owns exactly its own handle: an
// operand can be closed (or collected) while expressions built on it are still in use.

import { binaryFileHandle, BinaryFile } from './binary-file.js';
import { adoptMetadata, type BinaryMetadata } from './binary-metadata.js';
import { check } from './check.js';
import { QuiverError } from './errors.js';
import { native } from './native.js';
import { ownership } from './owned.js';
import type { BinaryFilePtr, BinaryMetadataPtr, ExpressionPtr } from './types.js';
import { requireString, requireStringList } from './values.js';

/** An operand: an expression, a binary file (read where the expression is saved), or a number. */
export type Operand = Expression | BinaryFile | number;

/** Element-wise operations on two operands (quiver_expression_operation_t). */
export type BinaryOperation = 'add' | 'sub' | 'mul' | 'div' | 'gt' | 'lt' | 'gte' | 'lte' | 'eq' | 'neq' | 'and' | 'or';

/** Reductions over a dimension or over the labels (agents). */
export type AggregateOperation = 'sum' | 'mean' | 'min' | 'max' | 'percentile';

const BINARY: Record<BinaryOperation, number> = { add: 0, sub: 1, mul: 2, div: 3, gt: 4, lt: 5, gte: 6, lte: 7, eq: 8, neq: 9, and: 10, or: 11 };
const UNARY = { neg: 0, abs: 1, sqrt: 2, log: 3, exp: 4, not: 5 } as const;
const AGGREGATE: Record<AggregateOperation, number> = { sum: 0, mean: 1, min: 2, max: 3, percentile: 4 };
const IFELSE = 0;

const owned = ownership<ExpressionPtr>('Expression', (ptr) => native().quiver_expression_close(ptr));
const INTERNAL = Symbol('Expression');
const states = new WeakMap<Expression, { ptr: ExpressionPtr | null }>();

/** The live handle of `e` (QUIVER_CLOSED after close()): looked up only after the other arguments are converted. */
function handleOf(e: Expression): ExpressionPtr {
  return owned.live(states.get(e)!);
}

function invalid(message: string): QuiverError {
  return new QuiverError(message, { code: 'QUIVER_INVALID_ARGUMENT' });
}

function build(call: (out: [ExpressionPtr | null]) => number): Expression {
  const out: [ExpressionPtr | null] = [null];
  check(call(out));
  return new (Expression as unknown as new (token: symbol, ptr: ExpressionPtr) => Expression)(INTERNAL, out[0]!);
}

/** A file node on `file`'s path (the library reads `<path>.toml` now and opens its own reader at save()). */
function fromFileHandle(file: BinaryFilePtr): Expression {
  return build((out) => native().quiver_expression_from_file(file, out));
}

/**
 * Runs `use` with native handles for expression/file operands, in order. File operands get a
 * temporary file node, closed afterwards (the result keeps the node alive inside the library).
 * Every handle is looked up only when all operands are known to be valid.
 */
function withNodes<T>(operands: readonly (Expression | BinaryFile)[], use: (handles: ExpressionPtr[]) => T): T {
  const temporaries: Expression[] = [];
  try {
    const handles = operands.map((o) => {
      if (o instanceof Expression) return handleOf(o);
      const node = fromFileHandle(binaryFileHandle(o));
      temporaries.push(node);
      return handleOf(node);
    });
    return use(handles);
  } finally {
    for (const t of temporaries) t.close();
  }
}

function nodeOperand(value: unknown, what: string): Expression | BinaryFile {
  if (value instanceof Expression || value instanceof BinaryFile) return value;
  throw invalid(`Cannot build expression: ${what} must be an expression or a binary file`);
}

function operand(value: unknown, what: string): Operand {
  if (typeof value === 'number') return value;
  return nodeOperand(value, what);
}

function parameterFor(op: AggregateOperation, parameter: number | undefined): Float64Array | null {
  if (!Object.hasOwn(AGGREGATE, op)) {
    throw invalid(`Unknown aggregate operation '${String(op)}': expected sum, mean, min, max or percentile`);
  }
  if (parameter === undefined || parameter === null) return null;
  if (typeof parameter !== 'number') throw invalid(`Expected a number for the ${op} parameter, got ${typeof parameter}`);
  return Float64Array.of(parameter);
}

/**
 * `lhs op rhs`, element by element, with broadcasting over size-1 dimensions and single labels.
 * A number on either side is a scalar; two numbers are refused.
 * @returns a new Expression.
 * @throws QuiverError with the library's message when the operands do not fit (units, shapes,
 *   labels, time properties), or QUIVER_INVALID_ARGUMENT for an unknown operation or operand.
 */
function applyBinary(op: BinaryOperation, lhs: Operand, rhs: Operand): Expression {
  if (!Object.hasOwn(BINARY, op)) throw invalid(`Unknown operation '${String(op)}'`);
  const code = BINARY[op];
  const l = operand(lhs, 'left operand');
  const r = operand(rhs, 'right operand');
  const lib = native();
  if (typeof l === 'number') {
    if (typeof r === 'number') throw invalid('Cannot build expression: operand must be an expression or a binary file');
    return withNodes([r], ([rh]) => build((out) => lib.quiver_expression_apply_scalar_left(code, l, rh!, out)));
  }
  if (typeof r === 'number') return withNodes([l], ([lh]) => build((out) => lib.quiver_expression_apply_scalar_right(code, lh!, r, out)));
  return withNodes([l, r], ([lh, rh]) => build((out) => lib.quiver_expression_apply(code, lh!, rh!, out)));
}

/**
 * A lazily evaluated computation over binary files. Immutable: every method returns a new
 * Expression and leaves this one as it is. Nothing is read until {@link Expression.save}.
 *
 * Owns a native handle: close() it or use `using` when done; one that is simply dropped (an
 * intermediate of a chain such as `a.add(b).mul(2)`) is freed when garbage-collected. Closing an
 * expression never affects expressions built from it.
 */
export class Expression implements Disposable {
  readonly #state: { ptr: ExpressionPtr | null };

  /** @internal Use Expression.from() and the operations. */
  private constructor(token: symbol, ptr: ExpressionPtr) {
    if (token !== INTERNAL) throw invalid('Expression has no public constructor: use Expression.from()');
    this.#state = owned.adopt(this, ptr);
    states.set(this, this.#state);
  }

  /**
   * An expression whose value is a binary file. A BinaryFile may be open in any mode or unopened
   * (only its path is used); a string is a base path.
   * @returns a new Expression (the same object when given an Expression).
   * @throws QuiverError `Metadata file not found: <path>.toml`, TOML/metadata errors, QUIVER_CLOSED for a closed file.
   */
  static from(source: Expression | BinaryFile | string): Expression {
    if (source instanceof Expression) {
      handleOf(source);
      return source;
    }
    if (source instanceof BinaryFile) return fromFileHandle(binaryFileHandle(source));
    requireString(source, 'source');
    const file = BinaryFile.create(source);
    try {
      return fromFileHandle(binaryFileHandle(file));
    } finally {
      file.close();
    }
  }

  /**
   * `lhs op rhs` where either side may be a number (e.g. `Expression.apply('sub', 100, a)`).
   * @returns a new Expression.
   * @throws QuiverError as for {@link Expression.add}.
   */
  static apply(op: BinaryOperation, lhs: Operand, rhs: Operand): Expression {
    return applyBinary(op, lhs, rhs);
  }

  /** Whether close() has been called. */
  get closed(): boolean {
    return this.#state.ptr === null;
  }

  /** Frees the native handle. Idempotent; expressions built from this one keep working. */
  close(): void {
    owned.release(this, this.#state);
  }

  /** Same as close(), for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  // ---- arithmetic, comparison, logic ------------------------------------------------------------

  /**
   * `this + rhs`.
   * @returns a new Expression.
   * @throws QuiverError with the library's message: `Cannot apply: units differ ('<l>' vs '<r>')`,
   *   `Cannot apply: dimension '<d>' has incompatible sizes …`, `Cannot apply: labels have …`,
   *   time-property and validation errors; QUIVER_CLOSED when an operand was closed.
   */
  add(rhs: Operand): Expression {
    return applyBinary('add', this, rhs);
  }

  /** `this - rhs`. @returns a new Expression. @throws QuiverError as for add(). */
  sub(rhs: Operand): Expression {
    return applyBinary('sub', this, rhs);
  }

  /** `this * rhs`. @returns a new Expression. @throws QuiverError as for add(). */
  mul(rhs: Operand): Expression {
    return applyBinary('mul', this, rhs);
  }

  /** `this / rhs` (IEEE division: x/0 = ±Infinity, 0/0 = NaN). @returns a new Expression. @throws QuiverError as for add(). */
  div(rhs: Operand): Expression {
    return applyBinary('div', this, rhs);
  }

  /** 1 where `this > rhs`, else 0 (NaN where either is NULL); keeps this unit. @returns a new Expression. @throws QuiverError as for add(). */
  gt(rhs: Operand): Expression {
    return applyBinary('gt', this, rhs);
  }

  /** 1 where `this < rhs`, else 0. @returns a new Expression. @throws QuiverError as for add(). */
  lt(rhs: Operand): Expression {
    return applyBinary('lt', this, rhs);
  }

  /** 1 where `this >= rhs`, else 0. @returns a new Expression. @throws QuiverError as for add(). */
  gte(rhs: Operand): Expression {
    return applyBinary('gte', this, rhs);
  }

  /** 1 where `this <= rhs`, else 0. @returns a new Expression. @throws QuiverError as for add(). */
  lte(rhs: Operand): Expression {
    return applyBinary('lte', this, rhs);
  }

  /** 1 where `this == rhs`, else 0. @returns a new Expression. @throws QuiverError as for add(). */
  eq(rhs: Operand): Expression {
    return applyBinary('eq', this, rhs);
  }

  /** 1 where `this != rhs`, else 0. @returns a new Expression. @throws QuiverError as for add(). */
  neq(rhs: Operand): Expression {
    return applyBinary('neq', this, rhs);
  }

  /** 1 where both are non-zero, else 0 (units may differ; the result has unit ''). @returns a new Expression. @throws QuiverError as for add() (no unit check). */
  and(rhs: Operand): Expression {
    return applyBinary('and', this, rhs);
  }

  /** 1 where either is non-zero, else 0 (result unit ''). @returns a new Expression. @throws QuiverError as for and(). */
  or(rhs: Operand): Expression {
    return applyBinary('or', this, rhs);
  }

  // ---- unary ------------------------------------------------------------------------------------

  #unary(op: keyof typeof UNARY): Expression {
    const h = handleOf(this);
    return build((out) => native().quiver_expression_apply_unary(UNARY[op], h, out));
  }

  /** `-this`. @returns a new Expression. @throws QuiverError (QUIVER_CLOSED) after close(). */
  neg(): Expression {
    return this.#unary('neg');
  }

  /** `|this|`. @returns a new Expression. @throws QuiverError (QUIVER_CLOSED) after close(). */
  abs(): Expression {
    return this.#unary('abs');
  }

  /** Square root (NaN below 0). @returns a new Expression. @throws QuiverError (QUIVER_CLOSED) after close(). */
  sqrt(): Expression {
    return this.#unary('sqrt');
  }

  /** Natural logarithm (-Infinity at 0, NaN below). @returns a new Expression. @throws QuiverError (QUIVER_CLOSED) after close(). */
  log(): Expression {
    return this.#unary('log');
  }

  /** `e ** this`. @returns a new Expression. @throws QuiverError (QUIVER_CLOSED) after close(). */
  exp(): Expression {
    return this.#unary('exp');
  }

  /** 1 where this is 0, else 0 (NaN stays NaN; result unit ''). @returns a new Expression. @throws QuiverError (QUIVER_CLOSED) after close(). */
  not(): Expression {
    return this.#unary('not');
  }

  // ---- reductions and labels --------------------------------------------------------------------

  /**
   * Reduces `dimension` away: each result cell is the reduction of the operand's cells along it
   * (NULLs skipped; all NULL gives NULL). `percentile` takes `parameter` in [0, 1] (linear
   * interpolation); the other operations take none.
   * @returns a new Expression without that dimension.
   * @throws QuiverError with the library's message: `Dimension not found: '<d>' in operand metadata`,
   *   `Cannot aggregate: operation 'percentile' requires a parameter`,
   *   `Cannot aggregate: percentile must be in [0, 1], got <p>`, `Number of dimensions must be positive, got 0`, ….
   */
  aggregate(dimension: string, op: AggregateOperation, parameter?: number): Expression {
    requireString(dimension, 'dimension');
    const p = parameterFor(op, parameter);
    const h = handleOf(this);
    return build((out) => native().quiver_expression_aggregate(h, dimension, AGGREGATE[op], p, out));
  }

  /**
   * Reduces the labels of each cell to one value; the result has one label named after `op`.
   * @returns a new Expression.
   * @throws QuiverError with the library's message (parameter rules as for aggregate()).
   */
  aggregateAgents(op: AggregateOperation, parameter?: number): Expression {
    const p = parameterFor(op, parameter);
    const h = handleOf(this);
    return build((out) => native().quiver_expression_aggregate_agents(h, AGGREGATE[op], p, out));
  }

  /**
   * Keeps the given labels, in the given order.
   * @returns a new Expression.
   * @throws QuiverError `Cannot select_agents: label not found: '<label>'`,
   *   `Label names must be unique, duplicate: '<label>'`, `Number of labels must be positive, got 0`.
   */
  selectAgents(labels: readonly string[]): Expression {
    const list = requireStringList(labels, 'labels');
    const h = handleOf(this);
    return build((out) => native().quiver_expression_select_agents(h, list, list.length, out));
  }

  /**
   * Renames labels (all at once, so two labels can be swapped); unmentioned labels keep their names.
   * @param mapping old name → new name, as an object, a Map or [old, new] pairs.
   * @returns a new Expression.
   * @throws QuiverError `Cannot rename_agents: label not found: '<old>'`,
   *   `Cannot rename_agents: duplicate key '<old>'`, `Label names must be unique, duplicate: '<label>'`.
   */
  renameAgents(mapping: Readonly<Record<string, string>> | ReadonlyMap<string, string> | readonly (readonly [string, string])[]): Expression {
    let pairs: (readonly [unknown, unknown])[];
    if (mapping instanceof Map) pairs = [...mapping.entries()];
    else if (Array.isArray(mapping)) pairs = mapping as (readonly [unknown, unknown])[];
    else if (mapping !== null && typeof mapping === 'object') pairs = Object.entries(mapping);
    else throw invalid('Expected a mapping of old label → new label');
    for (const p of pairs) if (!Array.isArray(p) || p.length !== 2) throw invalid('Expected [old, new] label pairs');
    const olds = requireStringList(pairs.map((p) => p[0]), 'old labels');
    const news = requireStringList(pairs.map((p) => p[1]), 'new labels');
    const h = handleOf(this);
    return build((out) => native().quiver_expression_rename_agents(h, olds, news, olds.length, out));
  }

  // ---- output -----------------------------------------------------------------------------------

  /**
   * The metadata the saved file will have. The caller owns it: close it, or let it be collected.
   * @returns a new BinaryMetadata.
   * @throws QuiverError (QUIVER_CLOSED) after close().
   */
  metadata(): BinaryMetadata {
    const out: [BinaryMetadataPtr | null] = [null];
    check(native().quiver_expression_get_metadata(handleOf(this), out));
    return adoptMetadata(out[0]!);
  }

  /**
   * Computes every cell and writes the result as a new binary file at base path `path`
   * (`<path>.qvr` and `<path>.toml`). Input files are read through the library's own readers.
   * @throws QuiverError with the library's message: `Cannot save: output path collides with input file '<path>'`,
   *   `Cannot open_file: file is already open for writing: <path>` (an input being written),
   *   `File not found: <path>`, read and write errors.
   */
  save(path: string): void {
    requireString(path, 'path');
    check(native().quiver_expression_save(handleOf(this), path));
  }
}

/**
 * `condition ? thenValue : elseValue`, element by element: where the condition is NULL the result
 * is NULL, where it is non-zero the then-value, else the else-value. Operands broadcast as for
 * Expression.add(); the result takes the then-value's unit.
 * @returns a new Expression.
 * @throws QuiverError `Cannot apply: units differ (…)` (then vs else),
 *   `Cannot apply: labels are incompatible across operands (non-singleton label sets must match)`,
 *   shape errors; QUIVER_INVALID_ARGUMENT for a number operand.
 */
export function ifelse(condition: Expression | BinaryFile, thenValue: Expression | BinaryFile, elseValue: Expression | BinaryFile): Expression {
  const ops = [nodeOperand(condition, 'condition'), nodeOperand(thenValue, 'then value'), nodeOperand(elseValue, 'else value')];
  return withNodes(ops, ([c, t, e]) => build((out) => native().quiver_expression_apply_ternary(IFELSE, c!, t!, e!, out)));
}
