/**
 * Everything a classification report needs in one object, and a text table of it in the
 * layout of scikit-learn's `classification_report`.
 */
import { ValueError, assertInt, assertKnownOptions } from '../tensor/errors.js';
import { type Values, checkPair } from './arguments.js';
import { type PrecisionRecallF1, accuracy, scoresForLabel } from './classification.js';
import { confusionMatrix } from './confusionMatrix.js';
import { describeValue } from '../data/describe.js';

/** Scores of one class, with its number of true samples. */
export interface ClassScores extends PrecisionRecallF1 {
  /** Number of samples whose true label is this class. */
  support: number;
}

/**
 * What {@link classificationReport} returns; {@link formatClassificationReport} prints it.
 * @example
 * const report: ClassificationReport = classificationReport(yTrue, yPred, { numClasses: 3 });
 * console.log(report.accuracy, report.macro.f1, report.perClass[2]?.recall);
 */
export interface ClassificationReport extends PrecisionRecallF1 {
  /** Fraction of correct predictions. */
  accuracy: number;
  /**
   * How the top-level precision/recall/f1 are averaged: 'binary' (scores of `positiveLabel`)
   * for two classes, 'macro' otherwise.
   */
  average: 'binary' | 'macro';
  /** The positive class of the binary scores, null with 'macro'. */
  positiveLabel: number | null;
  /** Number of classes: the option, or the largest label + 1. */
  numClasses: number;
  /** Total number of samples. */
  support: number;
  /** Scores per class; `perClass[c]` is class c. */
  perClass: ClassScores[];
  /** Unweighted mean over the classes. */
  macro: PrecisionRecallF1;
  /** Mean over the classes weighted by support. */
  weighted: PrecisionRecallF1;
  /** Rows: true class, columns: predicted class. */
  confusionMatrix: number[][];
}

/**
 * Options of {@link classificationReport}.
 * @example classificationReport(yTrue, yPred, { numClasses: 2, positiveLabel: 0 } satisfies ClassificationReportOptions)
 */
export interface ClassificationReportOptions {
  /** Number of classes (default: largest label + 1); labels are integers in [0, numClasses). */
  numClasses?: number;
  /** Positive class of the binary scores when there are two classes (default 1). */
  positiveLabel?: number;
}

/**
 * Accuracy, per-class and averaged precision/recall/F1, supports and the confusion matrix.
 * @example
 * const r = classificationReport([0, 1, 1, 0], [0, 1, 0, 0]);
 * r.accuracy;  // 0.75
 * r.precision; // 1 (binary, class 1)
 * r.recall;    // 0.5
 */
export function classificationReport(
  yTrue: Values,
  yPred: Values,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const where = 'classificationReport';
  const { yTrue: t, yPred: p } = checkPair(where, yTrue, yPred, true);
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`${where}: argument 'options' expected an object, got ${describeValue(options)}`);
  }
  assertKnownOptions(where, options, ['numClasses', 'positiveLabel']);
  let matrix: number[][];
  try {
    matrix = confusionMatrix(t, p, options.numClasses);
  } catch (e) {
    if (e instanceof ValueError) throw new ValueError(e.message.replace(/^confusionMatrix:/, `${where}:`));
    throw e;
  }
  const numClasses = matrix.length;
  const perClass = matrix.map((row, c) => ({ ...scoresForLabel(t, p, c), support: row.reduce((s, v) => s + v, 0) }));
  const mean = (k: keyof PrecisionRecallF1, weight: (c: ClassScores) => number) => {
    const total = perClass.reduce((s, c) => s + weight(c), 0);
    return total === 0 ? 0 : perClass.reduce((s, c) => s + weight(c) * c[k], 0) / total;
  };
  const macro = { precision: mean('precision', () => 1), recall: mean('recall', () => 1), f1: mean('f1', () => 1) };
  const bySupport = (c: ClassScores) => c.support;
  const weighted = { precision: mean('precision', bySupport), recall: mean('recall', bySupport), f1: mean('f1', bySupport) };
  const binary = numClasses === 2;
  let positiveLabel: number | null = null;
  if (binary) {
    positiveLabel = options.positiveLabel ?? 1;
    assertInt(where, 'positiveLabel', positiveLabel, 0, 1);
  } else if (options.positiveLabel !== undefined) {
    throw new ValueError(`${where}: option 'positiveLabel' needs exactly 2 classes, got ${numClasses}`);
  }
  const top = positiveLabel === null ? macro : perClass[positiveLabel]!;
  return {
    accuracy: accuracy(t, p),
    average: binary ? 'binary' : 'macro',
    positiveLabel,
    precision: top.precision,
    recall: top.recall,
    f1: top.f1,
    numClasses,
    support: t.length,
    perClass,
    macro,
    weighted,
    confusionMatrix: matrix,
  };
}

/**
 * The report as a text table: one row per class, then accuracy, macro and weighted averages.
 * @example
 * console.log(formatClassificationReport(classificationReport(yTrue, yPred), { classNames: ['neg', 'pos'] }));
 * //               precision    recall  f1-score   support
 * //          neg       0.667     1.000     0.800         2
 * // ...
 */
export function formatClassificationReport(
  report: ClassificationReport,
  options: { classNames?: string[]; digits?: number } = {},
): string {
  const where = 'formatClassificationReport';
  assertKnownOptions(where, options, ['classNames', 'digits']);
  const digits = options.digits ?? 3;
  assertInt(where, 'digits', digits, 0, 10);
  const names = options.classNames ?? report.perClass.map((_, c) => String(c));
  if (!Array.isArray(names) || names.length !== report.numClasses) {
    throw new ValueError(
      `${where}: option 'classNames' expected ${report.numClasses} names, got ${Array.isArray(names) ? names.length : typeof names}`,
    );
  }
  const labelWidth = names.reduce((w, n) => Math.max(w, n.length), 12);
  const cell = (v: number) => v.toFixed(digits).padStart(10);
  const count = (v: number) => String(v).padStart(10);
  const row = (name: string, s: PrecisionRecallF1, support: number) =>
    `${name.padStart(labelWidth)}${cell(s.precision)}${cell(s.recall)}${cell(s.f1)}${count(support)}`;
  const lines = [
    `${''.padStart(labelWidth)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'f1-score'.padStart(10)}${'support'.padStart(10)}`,
    '',
    ...report.perClass.map((s, c) => row(names[c]!, s, s.support)),
    '',
    `${'accuracy'.padStart(labelWidth)}${''.padStart(20)}${cell(report.accuracy)}${count(report.support)}`,
    row('macro avg', report.macro, report.support),
    row('weighted avg', report.weighted, report.support),
  ];
  return lines.join('\n');
}
