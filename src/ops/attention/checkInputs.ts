/**
 * Shape and dtype checks shared by the attention ops: `[batch, time, features]` query, value
 * and key, with the key's batch and time matching the value's.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Sizes of one attention call. */
export interface AttentionDims {
  batch: number;
  /** Query length. */
  tq: number;
  /** Value (and key) length. */
  tv: number;
  /** Query features. */
  dq: number;
  /** Key features. */
  dk: number;
  /** Value features. */
  dv: number;
}

/**
 * Checks ranks, batch and time sizes and dtypes; `sameKeyDim` also requires the key's features
 * to equal the query's (dot and additive scores combine them feature by feature).
 * @example attentionDims('attention', q, v, v, true) // { batch, tq, tv, dq, dk, dv }
 */
export function attentionDims(where: string, query: Tensor, value: Tensor, key: Tensor, sameKeyDim: boolean): AttentionDims {
  for (const [name, t] of [['query', query], ['value', value], ['key', key]] as const) {
    if (t.rank !== 3) {
      throw new ShapeError(`${where}: argument '${name}' expected rank 3 [batch, time, features], got shape ${formatShape(t.shape)}`);
    }
    if (t.dtype !== query.dtype) throw new ValueError(`${where}: argument '${name}' expected dtype ${query.dtype} like 'query', got ${t.dtype}`);
  }
  const [batch, tq, dq] = query.shape as [number, number, number];
  const [vb, tv, dv] = value.shape as [number, number, number];
  if (vb !== batch) throw new ShapeError(`${where}: argument 'value' expected batch ${batch} like 'query' ${formatShape(query.shape)}, got shape ${formatShape(value.shape)}`);
  if (key.shape[0] !== batch || key.shape[1] !== tv) {
    throw new ShapeError(`${where}: argument 'key' expected shape [${batch}, ${tv}, features] (the batch and time of 'value' ${formatShape(value.shape)}), got ${formatShape(key.shape)}`);
  }
  const dk = key.shape[2]!;
  if (sameKeyDim && dk !== dq) {
    throw new ShapeError(`${where}: argument 'key' expected last axis ${dq} like 'query' ${formatShape(query.shape)}, got shape ${formatShape(key.shape)}`);
  }
  return { batch, tq, tv, dq, dk, dv };
}

/** Throws unless `t` is a weight of shape `shape` and dtype `dtype`. */
export function checkWeight(where: string, name: string, t: Tensor, shape: readonly number[], dtype: string): void {
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${where}: argument '${name}' expected shape ${formatShape(shape)}, got ${formatShape(t.shape)}`);
  }
  if (t.dtype !== dtype) throw new ValueError(`${where}: argument '${name}' expected dtype ${dtype} like 'query', got ${t.dtype}`);
}
