/**
 * Confusion-count metrics with the definitions of Keras's `Precision`, `Recall` and `AUC`.
 *
 * Every entry of the predictions is one binary decision (labels and predictions are
 * flattened, Keras's multi-label reading): a label counts as positive when it is not 0, a
 * prediction when it is greater than the threshold. Each batch adds its weighted true/false
 * positives/negatives to the epoch's counts, and the reported value is computed from the
 * counts of everything seen since the last reset, as Keras's stateful metrics do (not a mean
 * of batch values). A ratio whose denominator is 0 is 0 (Keras's `divide_no_nan`).
 *
 * Sample weights broadcast over the predictions from the first axis: a scalar, `[B]`,
 * `[B, T]` or the full shape of `yPred` (a trailing axis of size 1 may be added), so a
 * per-sample weight counts for every entry of that sample, as Keras's `broadcast_to` does.
 */
import { ShapeError, ValueError, assertInt, formatShape } from '../tensor/errors.js';
import { Tensor, assertFinite } from '../tensor/tensor.js';
import { booleanOption, checkDenseTargets, checkOptions, formatValue } from '../losses/arguments.js';
import { sigmoid } from '../ops/activations.js';
import { meanOfTotals } from './samplewise.js';
import type { MetricTotals, ResolvedMetric } from './types.js';

/** Keras's stand-in for minus infinity: entries outside the top k get this value. */
const NEG_INF = -1e10;
/** Keras's `backend.epsilon()`, which moves AUC's end thresholds just outside [0, 1]. */
const EPSILON = 1e-7;

/** Options of `precision` and `recall` (Keras's `thresholds`, `top_k`, `class_id`, `name`). */
export interface ThresholdMetricOptions {
  /**
   * The threshold in [0, 1] a prediction must exceed to count as positive (a list of one
   * is accepted, as Keras's list form). Default 0.5, or with `topK` no threshold at all.
   */
  thresholds?: number | readonly number[];
  /** Only the k largest predictions of each row (last axis) can count as positive. */
  topK?: number | null;
  /** Only this index of the last axis (one class) is counted. */
  classId?: number | null;
  /** The History key; default 'precision' or 'recall'. */
  name?: string;
}

/** The resolved options of a `precision` or `recall` metric. */
export interface ThresholdMetricConfig {
  /** The threshold used; `-1e10` (Keras's NEG_INF) with `topK` and no threshold given. */
  readonly threshold: number;
  /** Only the k largest predictions of a row can be positive; null for no such limit. */
  readonly topK: number | null;
  /** The one class (last-axis index) counted; null for all entries. */
  readonly classId: number | null;
}

/**
 * Options of `auc` (Keras's `num_thresholds`, `curve`, `summation_method`, `from_logits`,
 * `multi_label`, `label_weights`, `name`; explicit `thresholds` are not supported).
 */
export interface AucOptions {
  /** How many evenly spaced thresholds in [0, 1] the curve is sampled at; an integer > 1, default 200. */
  numThresholds?: number;
  /** 'ROC' (true positive rate over false positive rate, default) or 'PR' (precision over recall). */
  curve?: 'ROC' | 'PR' | 'roc' | 'pr';
  /**
   * How the area is summed between thresholds: 'interpolation' (default; the trapezoid for
   * ROC, Davis & Goadrich's interpolation for PR), 'minoring' (the lower of the two heights)
   * or 'majoring' (the higher).
   */
  summationMethod?: 'interpolation' | 'minoring' | 'majoring';
  /** True when the predictions are logits: a sigmoid is applied to them first. Default false. */
  fromLogits?: boolean;
  /**
   * True: each label (index of the last axis) gets its own curve and the reported value is
   * the mean of the labels' areas (weighted by `labelWeights` if given). False (default):
   * all entries are pooled into one curve.
   */
  multiLabel?: boolean;
  /**
   * One non-negative weight per label (the last axis of the predictions): with `multiLabel`
   * the weights of the average of the labels' areas, without it a factor on each entry's
   * weight in the pooled counts.
   */
  labelWeights?: readonly number[] | null;
  /** The History key; default 'auc'. */
  name?: string;
}

/** The resolved options of an `auc` metric. */
export interface AucConfig {
  /** Number of thresholds the curve is sampled at. */
  readonly numThresholds: number;
  /** The curve, upper-cased: 'ROC' or 'PR'. */
  readonly curve: 'ROC' | 'PR';
  /** How the area between thresholds is summed (see {@link AucOptions.summationMethod}). */
  readonly summationMethod: 'interpolation' | 'minoring' | 'majoring';
  /** Whether a sigmoid is applied to the predictions first. */
  readonly fromLogits: boolean;
  /** Whether each label gets its own curve (see {@link AucOptions.multiLabel}). */
  readonly multiLabel: boolean;
  /** Per-label weights, or null for none. */
  readonly labelWeights: readonly number[] | null;
  /** The thresholds, as Keras: `i / (n - 1)`, the first `-1e-7` and the last `1 + 1e-7`. */
  readonly thresholds: readonly number[];
}

/** A metric object for `compile({ metrics })`, with the options it was made with. */
export interface ConfigurableMetric<C> extends ResolvedMetric {
  /** The resolved options, defaults filled in. */
  readonly config: C;
}

function divideNoNan(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function rejectTensor(where: string, options: unknown, keys: string): void {
  if (options instanceof Tensor) {
    throw new ValueError(
      `${where}: expected an options object (${keys}), got a Tensor; it makes a metric for compile({ metrics }) (unlike tfjs's function of yTrue, yPred); for one batch's value: const m = ${where}(); m.finalize(m.totals(yTrue, yPred))`,
    );
  }
}

function readName(where: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new ValueError(`${where}: option 'name' expected a non-empty string, got ${formatValue(value)}`);
  }
  return value;
}

function readThresholds(where: string, value: unknown, topK: number | null): number {
  if (value === undefined || value === null) return topK === null ? 0.5 : NEG_INF;
  let t: unknown = value;
  if (Array.isArray(value)) {
    if (value.length !== 1) {
      throw new ValueError(
        `${where}: option 'thresholds' expected one threshold (a number in [0, 1] or a list of one), got ${value.length} values ${formatValue(value)}; compile one metric per threshold, each with its own 'name'`,
      );
    }
    t = value[0];
  }
  if (typeof t !== 'number' || !(t >= 0 && t <= 1)) {
    throw new ValueError(`${where}: option 'thresholds' expected a number in [0, 1], got ${formatValue(t)}`);
  }
  return t;
}

function optionalInt(where: string, name: string, value: unknown, min: number): number | null {
  if (value === undefined || value === null) return null;
  assertInt(where, name, value, min);
  return value;
}

/**
 * Weights for every entry of `yPred`: `values[floor(e / perWeight)]` weighs flat entry `e`,
 * or null for no weights.
 */
function entryWeights(
  where: string,
  sampleWeight: unknown,
  predShape: readonly number[],
): { values: ArrayLike<number>; perWeight: number } | null {
  if (sampleWeight === undefined || sampleWeight === null) return null;
  if (!(sampleWeight instanceof Tensor)) {
    throw new ValueError(`${where}: argument 'sampleWeight' expected a Tensor, got ${formatValue(sampleWeight)}`);
  }
  let shape = sampleWeight.shape.slice();
  // A trailing 1 broadcasts, unless yPred itself has size 1 on that axis.
  while (shape.length > 0 && shape[shape.length - 1] === 1 && predShape[shape.length - 1] !== 1) shape = shape.slice(0, -1);
  if (shape.length > predShape.length || shape.some((d, i) => d !== predShape[i])) {
    const prefixes = ['[]', ...predShape.map((_, i) => formatShape(predShape.slice(0, i + 1)))];
    throw new ShapeError(
      `${where}: argument 'sampleWeight' has shape ${formatShape(sampleWeight.shape)}; expected one of ${prefixes.join(', ')} (shapes that broadcast over 'yPred' ${formatShape(predShape)} from its first axis)`,
    );
  }
  assertFinite(where, 'sampleWeight', sampleWeight);
  let size = 1;
  for (const d of predShape) size *= d;
  return { values: sampleWeight.data, perWeight: sampleWeight.size === 0 ? 1 : size / sampleWeight.size };
}

/** Marks the `k` largest entries of each row of length `n` (ties: the lower index, as TensorFlow's top_k). */
function topKMask(values: ArrayLike<number>, rows: number, n: number, k: number): Uint8Array {
  const mask = new Uint8Array(rows * n);
  for (let r = 0; r < rows; r++) {
    const off = r * n;
    for (let pick = 0; pick < k; pick++) {
      let best = -1;
      for (let j = 0; j < n; j++) {
        if (mask[off + j]) continue;
        const v = values[off + j]!;
        // NaN ranks below every number.
        if (best < 0 || v > values[off + best]! || (Number.isNaN(values[off + best]!) && !Number.isNaN(v))) best = j;
      }
      mask[off + best] = 1;
    }
  }
  return mask;
}

/** Weighted true/false positives/negatives of one batch at one threshold. */
function thresholdCounts(
  where: string,
  config: ThresholdMetricConfig,
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight: Tensor | null | undefined,
): { tp: number; fp: number; fn: number; tn: number } {
  const c = checkDenseTargets(where, yTrue, yPred);
  const n = c.classes;
  if (config.classId !== null && config.classId >= n) {
    throw new ShapeError(
      `${where}: option 'classId' is ${config.classId} but 'yPred' of shape ${formatShape(c.yPred.shape)} has ${n} entries on its last axis; expected classId in [0, ${n})`,
    );
  }
  if (config.topK !== null && config.topK > n) {
    throw new ShapeError(
      `${where}: option 'topK' is ${config.topK} but 'yPred' of shape ${formatShape(c.yPred.shape)} has ${n} entries on its last axis; expected topK <= ${n}`,
    );
  }
  const weights = entryWeights(where, sampleWeight, c.yPred.shape);
  const labels = c.yTrue.data;
  const preds = c.yPred.data;
  const top = config.topK === null ? null : topKMask(preds, c.rows, n, config.topK);
  const first = config.classId ?? 0;
  const last = config.classId ?? n - 1;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let r = 0; r < c.rows; r++) {
    for (let j = first; j <= last; j++) {
      const e = r * n + j;
      const w = weights ? weights.values[Math.floor(e / weights.perWeight)]! : 1;
      const value = top && !top[e] ? NEG_INF : preds[e]!;
      const predicted = value > config.threshold;
      if (labels[e] !== 0) {
        if (predicted) tp += w;
        else fn += w;
      } else if (predicted) fp += w;
      else tn += w;
    }
  }
  return { tp, fp, fn, tn };
}

function thresholdConfig(where: string, options: unknown): { config: ThresholdMetricConfig; name: string } {
  rejectTensor(where, options, '{ thresholds, topK, classId, name }');
  const o = checkOptions(where, options, ['thresholds', 'topK', 'classId', 'name']);
  const topK = optionalInt(where, 'topK', o.topK, 1);
  const classId = optionalInt(where, 'classId', o.classId, 0);
  const threshold = readThresholds(where, o.thresholds, topK);
  const name = readName(where, o.name, where.slice(where.indexOf('.') + 1));
  return { config: Object.freeze({ threshold, topK, classId }), name };
}

/**
 * Precision as Keras's `metrics.Precision`: true positives / (true positives + false
 * positives), counted over every batch of the epoch (streamed, not averaged per batch), 0
 * when nothing was predicted positive. A prediction is positive when it exceeds the
 * threshold (0.5 unless `thresholds` says otherwise); with `topK` only the k largest of each
 * row can be; with `classId` only that index of the last axis is counted. Pass the result,
 * or just the name 'precision', to `compile({ metrics })`; the History key is `name`.
 * @example
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: [metrics.precision({ thresholds: 0.7 })] });
 * // one batch by hand:
 * const p = metrics.precision();
 * p.finalize(p.totals(tensor([[1], [0], [1]]), tensor([[0.9], [0.8], [0.2]]))); // 0.5
 */
export function precision(options?: ThresholdMetricOptions): ConfigurableMetric<ThresholdMetricConfig> {
  const where = 'metrics.precision';
  const { config, name } = thresholdConfig(where, options);
  const totals = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals => {
    const k = thresholdCounts(where, config, yTrue, yPred, sampleWeight);
    return { sum: k.tp, count: k.tp + k.fp };
  };
  return Object.freeze({ name, kind: 'precision', totals, finalize: meanOfTotals, config });
}

/**
 * Recall as Keras's `metrics.Recall`: true positives / (true positives + false negatives),
 * counted over every batch of the epoch (streamed, not averaged per batch), 0 when there was
 * no positive label. Options as `precision` (`thresholds`, `topK`, `classId`, `name`).
 * @example
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy', metrics.recall({ classId: 2 })] });
 * // one batch by hand:
 * const r = metrics.recall();
 * r.finalize(r.totals(tensor([[1], [0], [1]]), tensor([[0.9], [0.8], [0.2]]))); // 0.5
 */
export function recall(options?: ThresholdMetricOptions): ConfigurableMetric<ThresholdMetricConfig> {
  const where = 'metrics.recall';
  const { config, name } = thresholdConfig(where, options);
  const totals = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals => {
    const k = thresholdCounts(where, config, yTrue, yPred, sampleWeight);
    return { sum: k.tp, count: k.tp + k.fn };
  };
  return Object.freeze({ name, kind: 'recall', totals, finalize: meanOfTotals, config });
}

/** Keras's AUC thresholds: `i / (n - 1)` with the ends moved to `-eps` and `1 + eps`. */
function aucThresholds(n: number): number[] {
  const t = [0 - EPSILON];
  for (let i = 1; i < n - 1; i++) t.push(i / (n - 1));
  t.push(1 + EPSILON);
  return t;
}

function readLabelWeights(where: string, value: unknown): readonly number[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
    throw new ValueError(
      `${where}: option 'labelWeights' expected a non-empty list of finite numbers >= 0 (one per label), got ${value instanceof Tensor ? 'a Tensor' : formatValue(value)}`,
    );
  }
  return Object.freeze(value.slice() as number[]);
}

function readCurve(where: string, value: unknown): 'ROC' | 'PR' {
  if (value === undefined) return 'ROC';
  if (value === 'ROC' || value === 'roc') return 'ROC';
  if (value === 'PR' || value === 'pr') return 'PR';
  throw new ValueError(`${where}: option 'curve' expected 'ROC' or 'PR', got ${formatValue(value)}`);
}

function readSummation(where: string, value: unknown): 'interpolation' | 'minoring' | 'majoring' {
  if (value === undefined) return 'interpolation';
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'interpolation' || lower === 'minoring' || lower === 'majoring') return lower;
  }
  throw new ValueError(
    `${where}: option 'summationMethod' expected 'interpolation', 'minoring' or 'majoring', got ${formatValue(value)}`,
  );
}

/**
 * Per-threshold counts of one batch, laid out `[tp(n), fp(n), tn(n), fn(n)]` (one such
 * block per label with `multiLabel`). A prediction counts as positive at threshold i when
 * it exceeds it; this is found with one bucket per prediction, `ceil(p * (n - 1)) - 1` (at
 * least 0, since the first threshold is below 0), and suffix sums, as Keras's
 * evenly-spaced-thresholds path does. Predictions are clipped to [0, 1]; a NaN prediction
 * counts as negative at every threshold.
 */
function aucCounts(
  where: string,
  config: AucConfig,
  yTrue: Tensor,
  yPred: Tensor,
  sampleWeight: Tensor | null | undefined,
): MetricTotals {
  const c = checkDenseTargets(where, yTrue, yPred);
  const n = config.numThresholds;
  const labelCount = c.classes;
  if (config.multiLabel && c.yPred.shape.length < 2) {
    throw new ShapeError(
      `${where}: with 'multiLabel' the predictions need a label axis: expected 'yPred' of rank >= 2 ([batch, labels]), got shape ${formatShape(c.yPred.shape)}`,
    );
  }
  const lw = config.labelWeights;
  if (lw && lw.length !== labelCount) {
    throw new ShapeError(
      `${where}: option 'labelWeights' has ${lw.length} weights but 'yPred' of shape ${formatShape(c.yPred.shape)} has ${labelCount} labels on its last axis`,
    );
  }
  const blocks = config.multiLabel ? labelCount : 1;
  const weights = entryWeights(where, sampleWeight, c.yPred.shape);
  const labels = c.yTrue.data;
  const preds = c.yPred.data;
  const posBucket = new Float64Array(blocks * n);
  const negBucket = new Float64Array(blocks * n);
  const totalPos = new Float64Array(blocks);
  const totalNeg = new Float64Array(blocks);
  for (let e = 0; e < preds.length; e++) {
    const label = e % labelCount;
    let w = weights ? weights.values[Math.floor(e / weights.perWeight)]! : 1;
    // Keras: label weights scale the entries only when the labels are pooled.
    if (lw && !config.multiLabel) w *= lw[label]!;
    const block = config.multiLabel ? label : 0;
    const positive = labels[e] !== 0;
    if (positive) totalPos[block]! += w;
    else totalNeg[block]! += w;
    let p = preds[e]!;
    if (config.fromLogits) p = sigmoid(p);
    if (Number.isNaN(p)) continue;
    p = Math.min(1, Math.max(0, p));
    const bucket = block * n + Math.max(0, Math.ceil(p * (n - 1)) - 1);
    if (positive) posBucket[bucket]! += w;
    else negBucket[bucket]! += w;
  }
  const counts = new Float64Array(4 * n * blocks);
  let sum = 0;
  let count = 0;
  for (let b = 0; b < blocks; b++) {
    const off = 4 * n * b;
    let tp = 0;
    let fp = 0;
    for (let i = n - 1; i >= 0; i--) {
      tp += posBucket[b * n + i]!;
      fp += negBucket[b * n + i]!;
      counts[off + i] = tp;
      counts[off + n + i] = fp;
      counts[off + 2 * n + i] = totalNeg[b]! - fp;
      counts[off + 3 * n + i] = totalPos[b]! - tp;
    }
    sum += totalPos[b]!;
    count += totalPos[b]! + totalNeg[b]!;
  }
  return { sum, count, counts };
}

/**
 * The area under the PR curve by Davis & Goadrich's interpolation, as Keras: between two
 * thresholds the true positives are taken as linear in the predicted positives P, so the
 * precision is `(slope * P + intercept) / P` and its integral over recall is in closed form.
 */
function interpolatedPrAuc(tp: Float64Array, fp: Float64Array, fn: Float64Array): number {
  let area = 0;
  for (let i = 0; i < tp.length - 1; i++) {
    const dtp = tp[i]! - tp[i + 1]!;
    const p0 = tp[i]! + fp[i]!;
    const p1 = tp[i + 1]! + fp[i + 1]!;
    const slope = divideNoNan(dtp, Math.max(p0 - p1, 0));
    const intercept = tp[i + 1]! - slope * p1;
    const ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1;
    area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1]! + fn[i + 1]!, 0));
  }
  return area;
}

/** The area under one curve from its block of per-threshold counts `[tp, fp, tn, fn]`. */
function areaOfBlock(config: AucConfig, counts: Float64Array): number {
  const n = config.numThresholds;
  const tp = counts.subarray(0, n);
  const fp = counts.subarray(n, 2 * n);
  const tn = counts.subarray(2 * n, 3 * n);
  const fn = counts.subarray(3 * n, 4 * n);
  if (config.curve === 'PR' && config.summationMethod === 'interpolation') return interpolatedPrAuc(tp, fp, fn);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rec = divideNoNan(tp[i]!, tp[i]! + fn[i]!);
    if (config.curve === 'ROC') {
      x[i] = divideNoNan(fp[i]!, fp[i]! + tn[i]!);
      y[i] = rec;
    } else {
      x[i] = rec;
      y[i] = divideNoNan(tp[i]!, tp[i]! + fp[i]!);
    }
  }
  let area = 0;
  for (let i = 0; i < n - 1; i++) {
    const a = y[i]!;
    const b = y[i + 1]!;
    const height =
      config.summationMethod === 'interpolation' ? (a + b) / 2 : config.summationMethod === 'minoring' ? Math.min(a, b) : Math.max(a, b);
    area += (x[i]! - x[i + 1]!) * height;
  }
  return area;
}

/**
 * The reported AUC from accumulated counts, as Keras's `AUC.result`: the area of the pooled
 * curve, or with `multiLabel` the mean of the labels' areas (weighted by `labelWeights`, 0
 * when they sum to 0).
 */
function aucFromCounts(config: AucConfig, counts: Float64Array | undefined): number {
  if (!counts) return 0;
  const block = 4 * config.numThresholds;
  if (!config.multiLabel) return areaOfBlock(config, counts);
  const labels = counts.length / block;
  let weighted = 0;
  let totalWeight = 0;
  for (let l = 0; l < labels; l++) {
    const w = config.labelWeights ? config.labelWeights[l]! : 1;
    weighted += w * areaOfBlock(config, counts.subarray(l * block, (l + 1) * block));
    totalWeight += w;
  }
  return divideNoNan(weighted, totalWeight);
}

/**
 * Area under the ROC or PR curve as Keras's `metrics.AUC`: true/false positives/negatives
 * are counted at `numThresholds` evenly spaced thresholds (`i / (n - 1)`, the ends moved
 * just outside [0, 1]) over every batch of the epoch, and the area is summed over those
 * points: for ROC the true positive rate over the false positive rate, for PR the precision
 * over the recall, with the heights by `summationMethod` ('interpolation': the trapezoid
 * for ROC, Davis & Goadrich's interpolation for PR). With `fromLogits` a sigmoid is applied
 * to the predictions first; predictions are clipped to [0, 1]. All entries are pooled into
 * one curve unless `multiLabel`, which gives each label (last axis) its own curve and
 * reports the mean area (weighted by `labelWeights`). 0 before any data. Pass the result,
 * or just 'auc', to `compile({ metrics })`; the History key is `name` ('auc').
 * @example
 * model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['auc', metrics.auc({ curve: 'PR', name: 'pr_auc' })] });
 * // one batch by hand: labels [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]
 * const a = metrics.auc({ numThresholds: 3 });
 * a.finalize(a.totals(tensor([0, 0, 1, 1]), tensor([[0.1], [0.4], [0.35], [0.8]]))); // 0.75
 */
export function auc(options?: AucOptions): ConfigurableMetric<AucConfig> {
  const where = 'metrics.auc';
  rejectTensor(where, options, '{ numThresholds, curve, summationMethod, fromLogits, multiLabel, labelWeights, name }');
  const o = checkOptions(where, options, ['numThresholds', 'curve', 'summationMethod', 'fromLogits', 'multiLabel', 'labelWeights', 'name']);
  const numThresholds = o.numThresholds ?? 200;
  assertInt(where, 'numThresholds', numThresholds, 2);
  const config: AucConfig = Object.freeze({
    numThresholds,
    curve: readCurve(where, o.curve),
    summationMethod: readSummation(where, o.summationMethod),
    fromLogits: booleanOption(where, 'fromLogits', o.fromLogits, false),
    multiLabel: booleanOption(where, 'multiLabel', o.multiLabel, false),
    labelWeights: readLabelWeights(where, o.labelWeights),
    thresholds: Object.freeze(aucThresholds(numThresholds)),
  });
  const name = readName(where, o.name, 'auc');
  const totals = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): MetricTotals =>
    aucCounts(where, config, yTrue, yPred, sampleWeight);
  const finalize = (t: MetricTotals): number => aucFromCounts(config, t.counts);
  return Object.freeze({ name, kind: 'auc', totals, finalize, config });
}
