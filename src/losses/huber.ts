/**
 * Huber loss, as Keras: per element `0.5 e^2` where `|e| <= delta`, else
 * `delta * |e| - 0.5 delta^2` (e = yPred - yTrue); mean over the last axis; weighted mean
 * over samples.
 */
import type { Tensor } from '../tensor/tensor.js';
import { ValueError } from '../tensor/errors.js';
import { checkDenseTargets, checkOptions, formatValue, isOptionsObject } from './arguments.js';
import { bindLoss } from './describe.js';
import { type PreparedLoss, type RowKernel, reduceRows } from './rowwise.js';
import type { HuberOptions, LossFn } from './types.js';

const HUBER_OPTIONS = ['delta'] as const;

function huberRow(delta: number): RowKernel {
  const halfDeltaSq = 0.5 * delta * delta;
  return (t, tOff, p, pOff, classes, grad, scale) => {
    let sum = 0;
    for (let j = 0; j < classes; j++) {
      const e = p[pOff + j]! - t[tOff + j]!;
      const a = Math.abs(e);
      if (a <= delta) {
        sum += 0.5 * e * e;
        if (grad) grad[pOff + j]! += (scale * e) / classes;
      } else {
        sum += delta * a - halfDeltaSq;
        if (grad) grad[pOff + j]! += (scale * delta * Math.sign(e)) / classes;
      }
    }
    return sum / classes;
  };
}

/** Checks `huber`'s options and fills in the default delta of 1. */
export function readHuberOptions(where: string, options: unknown): { delta: number } {
  const o = checkOptions(where, options, HUBER_OPTIONS);
  const delta = o.delta;
  if (delta === undefined) return { delta: 1 };
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta <= 0) {
    throw new ValueError(`${where}: option 'delta' expected a finite number > 0, got ${formatValue(delta)}`);
  }
  return { delta };
}

/** Validates the arguments of `huber` and returns its row-wise form. */
export function prepareHuber(where: string, yTrue: unknown, yPred: unknown, options: { delta: number }): PreparedLoss {
  const c = checkDenseTargets(where, yTrue, yPred);
  return { yPred: c.yPred, targets: c.yTrue.data, targetStride: c.classes, rows: c.rows, classes: c.classes, kernel: huberRow(options.delta) };
}

/**
 * Huber loss (Keras `huber`, default delta 1). Call it as a loss, or with only an options
 * object to get a loss function with another delta.
 * @example huber(tensor([[0, 0]]), tensor([[0.5, 3]])) // (0.125 + 2.5) / 2
 * @example const loss = huber({ delta: 2 });
 */
export function huber(options: HuberOptions): LossFn;
export function huber(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null, options?: HuberOptions): Tensor;
export function huber(
  yTrue: Tensor | HuberOptions,
  yPred?: Tensor,
  sampleWeight?: Tensor | null,
  options?: HuberOptions,
): Tensor | LossFn {
  const where = 'huber';
  if (yPred === undefined && isOptionsObject(yTrue)) {
    const opts = readHuberOptions(where, yTrue);
    return bindLoss('huber', opts, (t, p, w) => huber(t, p, w, opts));
  }
  const opts = readHuberOptions(where, options);
  return reduceRows(where, prepareHuber(where, yTrue, yPred, opts), sampleWeight);
}
