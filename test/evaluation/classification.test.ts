/** accuracy, precision, recall, f1 (binary and macro), confusionMatrix and classificationReport. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  f1,
  formatClassificationReport,
  precision,
  recall,
} from '../../src/evaluation/index.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('accuracy', () => {
  assert.equal(accuracy([0, 1, 1, 0], [0, 1, 0, 0]), 0.75);
  assert.equal(accuracy([2], [2]), 1);
});

test('binary scores for the positive label', () => {
  // label 1: TP 2, FP 1, FN 1.
  const t = [0, 0, 1, 1, 1];
  const p = [0, 1, 1, 1, 0];
  close(precision(t, p), 2 / 3);
  close(recall(t, p), 2 / 3);
  close(f1(t, p), 2 / 3);
  // label 0: TP 1, FP 1, FN 1.
  close(precision(t, p, { positiveLabel: 0 }), 0.5);
  close(recall(t, p, { positiveLabel: 0 }), 0.5);
  // macro over labels 0 and 1.
  close(precision(t, p, { average: 'macro' }), (0.5 + 2 / 3) / 2);
  // Nothing predicted positive: precision 0 (zero division), recall 0.
  assert.equal(precision([1, 0], [0, 0]), 0);
  assert.equal(recall([1, 0], [0, 0]), 0);
  assert.equal(f1([0, 0], [0, 0]), 0);
  // precision 1, recall 0.5 -> F1 = 2/3
  close(f1([1, 1, 0], [1, 0, 0]), 2 / 3);
});

test('macro average over three classes', () => {
  const t = [0, 1, 2, 2, 1];
  const p = [0, 2, 2, 2, 1];
  // class 0: P 1, R 1; class 1: TP 1, FN 1 -> P 1, R 0.5, F1 2/3; class 2: TP 2, FP 1 -> P 2/3, R 1, F1 0.8.
  close(precision(t, p, { average: 'macro' }), (1 + 1 + 2 / 3) / 3);
  close(recall(t, p, { average: 'macro' }), (1 + 0.5 + 1) / 3);
  close(f1(t, p, { average: 'macro' }), (1 + 2 / 3 + 0.8) / 3);
  // Explicit labels, one absent from the data, scoring 0.
  close(recall(t, p, { average: 'macro', labels: [0, 1, 2, 3] }), (1 + 0.5 + 1 + 0) / 4);
});

test('binary misuse and bad options are named', () => {
  assert.throws(() => precision([0, 1, 2], [0, 1, 1]), /precision: average 'binary' expected at most 2 distinct labels, got 3 \(0, 1, 2\); use \{ average: 'macro' \}/);
  assert.throws(() => recall([0, 2], [0, 2]), /recall: option 'positiveLabel' expected one of the labels 0, 2, got 1/);
  assert.throws(() => f1([0, 1], [0, 1], { average: 'micro' as never }), /f1: option 'average' expected one of 'binary', 'macro', got "micro"/);
  assert.throws(() => f1([0, 1], [0, 1], { average: 'macro', positiveLabel: 1 }), /f1: option 'positiveLabel' is only used with average 'binary'/);
  assert.throws(() => precision([0, 1], [0]), /precision: argument 'yPred' has 1 values; expected 2 like 'yTrue'/);
  assert.throws(() => accuracy([], []), /accuracy: argument 'yTrue' is empty/);
});

test('confusionMatrix: rows are the truth, columns the prediction', () => {
  assert.deepEqual(confusionMatrix([0, 1, 1, 2], [0, 1, 0, 2]), [[1, 0, 0], [1, 1, 0], [0, 0, 1]]);
  assert.deepEqual(confusionMatrix([0, 0], [1, 1], 3), [[0, 2, 0], [0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(confusionMatrix([0], [2]), [[0, 0, 1], [0, 0, 0], [0, 0, 0]]);
  assert.throws(() => confusionMatrix([0, 3], [0, 1], 3), /confusionMatrix: argument 'yTrue' expected class labels in \[0, 2\] for numClasses 3, got 3 at index 1/);
  assert.throws(() => confusionMatrix([0, 1], [0, -1]), /confusionMatrix: argument 'yPred' expected class labels >= 0, got -1 at index 1/);
  assert.throws(() => confusionMatrix([0, 1.5], [0, 1]), /confusionMatrix: argument 'yTrue' expected integer labels, got 1\.5 at index 1/);
  assert.throws(() => confusionMatrix([0], [0], 0), /confusionMatrix: option 'numClasses' expected an integer >= 1, got 0/);
});

test('classificationReport: binary headline scores, per-class, macro and weighted', () => {
  const r = classificationReport([0, 1, 1, 0], [0, 1, 0, 0]);
  assert.equal(r.accuracy, 0.75);
  assert.equal(r.average, 'binary');
  assert.equal(r.positiveLabel, 1);
  assert.equal(r.precision, 1);
  assert.equal(r.recall, 0.5);
  close(r.f1, 2 / 3);
  assert.deepEqual(r.confusionMatrix, [[2, 0], [1, 1]]);
  assert.equal(r.support, 4);
  assert.deepEqual(r.perClass.map((c) => c.support), [2, 2]);
  close(r.perClass[0]!.precision, 2 / 3);
  close(r.macro.recall, (1 + 0.5) / 2);
  close(r.weighted.f1, (0.8 * 2 + (2 / 3) * 2) / 4);
  assert.equal(classificationReport([0, 1, 1, 0], [0, 1, 0, 0], { positiveLabel: 0 }).precision, r.perClass[0]!.precision);
});

test('classificationReport: multi-class uses macro; numClasses adds empty classes', () => {
  const t = [0, 1, 2, 2, 1];
  const p = [0, 2, 2, 2, 1];
  const r = classificationReport(t, p);
  assert.equal(r.average, 'macro');
  assert.equal(r.positiveLabel, null);
  close(r.precision, precision(t, p, { average: 'macro' }));
  close(r.f1, f1(t, p, { average: 'macro' }));
  close(r.weighted.recall, (1 * 1 + 0.5 * 2 + 1 * 2) / 5);
  const wide = classificationReport(t, p, { numClasses: 4 });
  assert.equal(wide.numClasses, 4);
  assert.deepEqual(wide.perClass[3], { precision: 0, recall: 0, f1: 0, support: 0 });
  const text = formatClassificationReport(r, { classNames: ['a', 'b', 'c'] });
  assert.match(text, /precision\s+recall\s+f1-score\s+support/);
  assert.match(text, /\n\s+c\s+0\.667\s+1\.000\s+0\.800\s+2\n/);
  assert.match(text, /accuracy\s+0\.800\s+5/);
  assert.match(text, /macro avg\s+0\.889\s+0\.833\s+0\.822\s+5/);
  assert.throws(() => formatClassificationReport(r, { classNames: ['a'] }), /formatClassificationReport: option 'classNames' expected 3 names, got 1/);
  assert.throws(() => classificationReport(t, p, { positiveLabel: 1 }), /classificationReport: option 'positiveLabel' needs exactly 2 classes, got 3/);
  assert.throws(() => classificationReport([0, 5], [0, 1], { numClasses: 2 }), /classificationReport: argument 'yTrue' expected class labels in \[0, 1\] for numClasses 2, got 5 at index 1/);
});
