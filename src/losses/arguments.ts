/**
 * Checks shared by losses and metrics: tensors where tensors are due, targets that match the
 * predictions, finite targets, valid class indices and well-formed options. Every message
 * names the function, the argument, what was expected and what was received.
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import { Tensor, assertFinite } from '../tensor/tensor.js';

/** Returns `value` if it is a Tensor, else throws naming the argument. */
export function expectTensor(where: string, argName: string, value: unknown): Tensor {
  if (value instanceof Tensor) return value;
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new ValueError(`${where}: argument '${argName}' expected a Tensor, got ${got}`);
}

/**
 * Checks that `yPred` has a class (or unit) axis: rank >= 1 and a last axis of size >= 1.
 * Returns the number of rows (entries of the per-sample loss) and the row length.
 */
export function checkPredictions(where: string, yPred: Tensor): { rows: number; classes: number } {
  const rank = yPred.shape.length;
  if (rank === 0 || yPred.shape[rank - 1]! < 1) {
    throw new ShapeError(
      `${where}: argument 'yPred' expected rank >= 1 with a last axis of size >= 1 ([batch, ..., units]), got shape ${formatShape(yPred.shape)}`,
    );
  }
  const classes = yPred.shape[rank - 1]!;
  return { rows: yPred.size / classes, classes };
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * True when `a` and `b` are equal up to one trailing axis of size 1 on either side, which is
 * what Keras's `squeeze_or_expand_to_same_rank` reconciles (targets `[B]` for outputs `[B, 1]`).
 */
export function sameUpToTrailingOne(a: readonly number[], b: readonly number[]): boolean {
  if (sameShape(a, b)) return true;
  if (a.length === b.length + 1 && a[a.length - 1] === 1) return sameShape(a.slice(0, -1), b);
  if (b.length === a.length + 1 && b[b.length - 1] === 1) return sameShape(a, b.slice(0, -1));
  return false;
}

/**
 * Validates dense targets (same layout as the predictions) for elementwise losses, binary and
 * categorical cross-entropy and the metrics built on them.
 */
export function checkDenseTargets(
  where: string,
  yTrue: unknown,
  yPred: unknown,
): { yTrue: Tensor; yPred: Tensor; rows: number; classes: number } {
  const t = expectTensor(where, 'yTrue', yTrue);
  const p = expectTensor(where, 'yPred', yPred);
  const { rows, classes } = checkPredictions(where, p);
  if (!sameUpToTrailingOne(t.shape, p.shape)) {
    throw new ShapeError(
      `${where}: argument 'yTrue' has shape ${formatShape(t.shape)} but 'yPred' has shape ${formatShape(p.shape)}; expected the same shape (a trailing axis of size 1 may be left out of either)`,
    );
  }
  assertFinite(where, 'yTrue', t);
  return { yTrue: t, yPred: p, rows, classes };
}

/** Formats a flat index as a multi-index in `shape`, e.g. `[1, 2]`. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  const idx: number[] = new Array(shape.length);
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    idx[d] = rest % n;
    rest = Math.floor(rest / n);
  }
  return `[${idx.join(', ')}]`;
}

/**
 * Validates integer class labels for sparse categorical losses and metrics: shape `yPred`
 * without its class axis (optionally with a trailing axis of size 1), every value an integer
 * in [0, classes). Returns the labels, one per row of `yPred`.
 */
export function checkSparseTargets(
  where: string,
  yTrue: unknown,
  yPred: unknown,
): { labels: Int32Array; yPred: Tensor; rows: number; classes: number } {
  const t = expectTensor(where, 'yTrue', yTrue);
  const p = expectTensor(where, 'yPred', yPred);
  const { rows, classes } = checkPredictions(where, p);
  const labelShape = p.shape.slice(0, -1);
  if (!sameShape(t.shape, labelShape) && !sameShape(t.shape, [...labelShape, 1])) {
    throw new ShapeError(
      `${where}: argument 'yTrue' has shape ${formatShape(t.shape)} but 'yPred' has shape ${formatShape(p.shape)}; expected integer class indices of shape ${formatShape(labelShape)} or ${formatShape([...labelShape, 1])}`,
    );
  }
  assertFinite(where, 'yTrue', t);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = t.data[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new ValueError(
        `${where}: argument 'yTrue' has ${v} at index ${formatIndex(i, t.shape)} (flat index ${i}); expected an integer class index in [0, ${classes}) for 'yPred' of shape ${formatShape(p.shape)}`,
      );
    }
    labels[i] = v;
  }
  return { labels, yPred: p, rows, classes };
}

/** Validates a loss's options object against its allowed keys. */
export function checkOptions(where: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options) || options instanceof Tensor) {
    throw new ValueError(`${where}: argument 'options' expected an object, got ${Array.isArray(options) ? 'an array' : typeof options}`);
  }
  assertKnownOptions(where, options, allowed);
  return options as Record<string, unknown>;
}

/** Formats a bad option value for a message: numbers as JavaScript prints them (NaN stays NaN). */
export function formatValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Reads an optional boolean option. */
export function booleanOption(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}: option '${name}' expected a boolean, got ${formatValue(value)}`);
  }
  return value;
}

/** Reads an optional `labelSmoothing` in [0, 1]. */
export function labelSmoothingOption(where: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ValueError(`${where}: option 'labelSmoothing' expected a number in [0, 1], got ${formatValue(value)}`);
  }
  return value;
}

/** True for a plain options object (the factory form `loss({ ... })`), not a Tensor or array. */
export function isOptionsObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tensor) && !ArrayBuffer.isView(value);
}
