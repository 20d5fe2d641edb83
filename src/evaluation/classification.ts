/**
 * Classification scores for reports, on plain arrays of labels (numbers), with
 * scikit-learn's definitions: precision = TP / (TP + FP), recall = TP / (TP + FN),
 * F1 = 2 TP / (2 TP + FP + FN). A ratio with a zero denominator counts as 0 (scikit-learn's
 * default `zero_division` result, without its warning).
 */
import { ValueError, assertKnownOptions, assertOneOf } from '../tensor/errors.js';
import { type Values, checkPair } from './arguments.js';
import { describeValue } from '../data/describe.js';

/**
 * How {@link precision}, {@link recall} and {@link f1} combine the classes (scikit-learn's
 * `average`, `pos_label` and `labels`).
 * @example f1(yTrue, yPred, { average: 'macro' } satisfies AverageOptions)
 */
export interface AverageOptions {
  /**
   * 'binary' (default): the score of `positiveLabel` alone; the labels may take at most two
   * values. 'macro': the unweighted mean of the per-label scores.
   */
  average?: 'binary' | 'macro';
  /** The positive class for 'binary' (default 1). */
  positiveLabel?: number;
  /** Labels averaged by 'macro' (default: every value in yTrue or yPred, sorted). */
  labels?: number[];
}

/** Precision, recall and F1 of one class. */
export interface PrecisionRecallF1 {
  /** TP / (TP + FP): of the samples predicted as the class, the fraction that are (0 when none is predicted). */
  precision: number;
  /** TP / (TP + FN): of the samples of the class, the fraction found (0 when the class is absent). */
  recall: number;
  /** Harmonic mean of precision and recall, 2 TP / (2 TP + FP + FN). */
  f1: number;
}

/**
 * Fraction of positions where the predicted label equals the true one.
 * @example accuracy([0, 1, 1, 0], [0, 1, 0, 0]) // 0.75
 */
export function accuracy(yTrue: Values, yPred: Values): number {
  const { yTrue: t, yPred: p } = checkPair('accuracy', yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hits++;
  return hits / t.length;
}

/**
 * Precision, recall and F1 treating `label` as positive and everything else as negative
 * (unchecked: the callers validate).
 * @example scoresForLabel([1, 0, 1], [1, 1, 0], 1) // { precision: 0.5, recall: 0.5, f1: 0.5 }
 */
export function scoresForLabel(t: ArrayLike<number>, p: ArrayLike<number>, label: number): PrecisionRecallF1 {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < t.length; i++) {
    const isTrue = t[i] === label;
    const isPred = p[i] === label;
    if (isTrue && isPred) tp++;
    else if (isPred) fp++;
    else if (isTrue) fn++;
  }
  return {
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    f1: 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
  };
}

/** The checked, averaged precision/recall/F1 shared by the three public functions. */
function averaged(where: string, yTrue: Values, yPred: Values, options: AverageOptions): PrecisionRecallF1 {
  const { yTrue: t, yPred: p } = checkPair(where, yTrue, yPred);
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`${where}: argument 'options' expected an object, got ${describeValue(options)}`);
  }
  assertKnownOptions(where, options, ['average', 'positiveLabel', 'labels']);
  const average = options.average ?? 'binary';
  assertOneOf(where, 'average', average, ['binary', 'macro'] as const);
  const present = [...new Set([...Array.from(t), ...Array.from(p)])].sort((a, b) => a - b);
  if (average === 'binary') {
    if (options.labels !== undefined) {
      throw new ValueError(`${where}: option 'labels' is only used with average 'macro'; got average 'binary'`);
    }
    const positive = options.positiveLabel ?? 1;
    if (typeof positive !== 'number' || !Number.isFinite(positive)) {
      throw new ValueError(`${where}: option 'positiveLabel' expected a number, got ${describeValue(positive)}`);
    }
    if (present.length > 2) {
      throw new ValueError(
        `${where}: average 'binary' expected at most 2 distinct labels, got ${present.length} (${present.join(', ')}); use { average: 'macro' }`,
      );
    }
    if (present.length === 2 && !present.includes(positive)) {
      throw new ValueError(
        `${where}: option 'positiveLabel' expected one of the labels ${present.join(', ')}, got ${positive}`,
      );
    }
    return scoresForLabel(t, p, positive);
  }
  if (options.positiveLabel !== undefined) {
    throw new ValueError(`${where}: option 'positiveLabel' is only used with average 'binary'; got average 'macro'`);
  }
  const labels = options.labels ?? present;
  if (!Array.isArray(labels) || labels.length === 0 || labels.some((l) => typeof l !== 'number' || !Number.isFinite(l))) {
    throw new ValueError(`${where}: option 'labels' expected a non-empty array of numbers, got ${describeValue(labels)}`);
  }
  const per = labels.map((l) => scoresForLabel(t, p, l));
  const mean = (k: keyof PrecisionRecallF1) => per.reduce((s, r) => s + r[k], 0) / per.length;
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') };
}

/**
 * TP / (TP + FP): of the samples predicted positive, the fraction that are.
 * @example precision([1, 0, 1, 1], [1, 1, 0, 1]) // 2 / 3
 * @example precision([0, 1, 2], [0, 2, 2], { average: 'macro' }) // (1 + 0 + 0.5) / 3
 */
export function precision(yTrue: Values, yPred: Values, options: AverageOptions = {}): number {
  return averaged('precision', yTrue, yPred, options).precision;
}

/**
 * TP / (TP + FN): of the positive samples, the fraction found.
 * @example recall([1, 0, 1, 1], [1, 1, 0, 1]) // 2 / 3
 */
export function recall(yTrue: Values, yPred: Values, options: AverageOptions = {}): number {
  return averaged('recall', yTrue, yPred, options).recall;
}

/**
 * Harmonic mean of precision and recall, 2 TP / (2 TP + FP + FN); with 'macro' the mean of
 * the per-label F1 scores (as scikit-learn).
 * @example f1([1, 0, 1, 1], [1, 1, 0, 1]) // 2 / 3
 */
export function f1(yTrue: Values, yPred: Values, options: AverageOptions = {}): number {
  return averaged('f1', yTrue, yPred, options).f1;
}
