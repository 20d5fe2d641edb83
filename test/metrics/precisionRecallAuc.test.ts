// precision, recall and auc: hand-worked cases, streaming over batches as Keras's stateful
// metrics, sample weights, thresholds, classId, topK, option errors, AUC against the numpy
// fixtures (test/fixtures/metrics/generate_auc_fixtures.py), and an end-to-end fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { type NestedArray, type Tensor, tensor } from '../../src/tensor/tensor.js';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';
import { MetricAccumulator, auc, precision, recall, resolveMetric } from '../../src/metrics/index.js';
import type { ResolvedMetric } from '../../src/metrics/index.js';
import { layers, metrics, sequential, setSeed } from '../../src/index.js';

const t = (v: NestedArray) => tensor(v, undefined, 'float64');
const close = (a: number, b: number, tol = 1e-12, what = '') =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} vs ${b}`);

/** The metric over one batch. */
const once = (m: ResolvedMetric, yTrue: Tensor, yPred: Tensor, w?: Tensor | null) => m.finalize(m.totals(yTrue, yPred, w));

/** The metric streamed over batches of `size` rows (first axis), as fit/evaluate do. */
function streamed(m: ResolvedMetric, yTrue: NestedArray[], yPred: NestedArray[], w: NestedArray[] | null, size: number): number {
  const acc = new MetricAccumulator(m);
  for (let s = 0; s < yTrue.length; s += size) {
    acc.update(t(yTrue.slice(s, s + size)), t(yPred.slice(s, s + size)), w ? t(w.slice(s, s + size)) : null);
  }
  return acc.result();
}

test('precision and recall by hand at the default threshold 0.5', () => {
  // labels 1 0 1 1 0 0, predictions 0.9 0.8 0.2 0.6 0.5 0.1:
  // predicted positive (> 0.5): 0.9 (tp), 0.8 (fp), 0.6 (tp); 0.5 is not above 0.5.
  // tp 2, fp 1, fn 1 (the 0.2) -> precision 2/3, recall 2/3
  const yTrue = t([[1], [0], [1], [1], [0], [0]]);
  const yPred = t([[0.9], [0.8], [0.2], [0.6], [0.5], [0.1]]);
  close(once(precision(), yTrue, yPred), 2 / 3);
  close(once(recall(), yTrue, yPred), 2 / 3);
  // threshold 0.7: only 0.9 and 0.8 -> tp 1, fp 1, fn 2
  close(once(precision({ thresholds: 0.7 }), yTrue, yPred), 1 / 2);
  close(once(recall({ thresholds: [0.7] }), yTrue, yPred), 1 / 3);
  // threshold 0.15: everything but 0.1 -> tp 3, fp 2, fn 0
  close(once(precision({ thresholds: 0.15 }), yTrue, yPred), 3 / 5);
  close(once(recall({ thresholds: 0.15 }), yTrue, yPred), 1);
  // labels [B] against predictions [B, 1]; any non-zero label is positive (Keras casts to bool)
  close(once(precision(), t([1, 0, 1, 1, 0, 0]), yPred), 2 / 3);
  close(once(recall(), t([[2], [0], [1], [-1], [0], [0]]), yPred), 2 / 3);
});

test('precision and recall are 0 when the denominator is 0 (divide_no_nan)', () => {
  // nothing predicted positive -> precision 0/0 -> 0; no positive label -> recall 0/0 -> 0
  assert.equal(once(precision(), t([[1], [0]]), t([[0.1], [0.2]])), 0);
  assert.equal(once(recall(), t([[0], [0]]), t([[0.9], [0.2]])), 0);
  // and before any batch
  assert.equal(new MetricAccumulator(precision()).result(), 0);
  assert.equal(new MetricAccumulator(recall()).result(), 0);
  assert.equal(new MetricAccumulator(auc()).result(), 0);
});

test('labels and predictions are flattened: every entry of [B, C] is one decision', () => {
  // entries: (1, .9) tp, (0, .7) fp, (1, .3) fn, (1, .8) tp, (0, .1) tn, (0, .6) fp
  const yTrue = t([[1, 0, 1], [1, 0, 0]]);
  const yPred = t([[0.9, 0.7, 0.3], [0.8, 0.1, 0.6]]);
  close(once(precision(), yTrue, yPred), 2 / 4);
  close(once(recall(), yTrue, yPred), 2 / 3);
  // sequences [B, T, 1] flatten the same way
  close(once(precision(), t([[[1], [0], [1]], [[1], [0], [0]]]), t([[[0.9], [0.7], [0.3]], [[0.8], [0.1], [0.6]]])), 2 / 4);
});

test('classId counts one column; topK only the k largest of each row', () => {
  const yTrue = t([[1, 0, 1], [1, 0, 0], [0, 1, 1]]);
  const yPred = t([[0.9, 0.7, 0.3], [0.8, 0.1, 0.6], [0.2, 0.4, 0.95]]);
  // column 2: (1, .3) fn, (0, .6) fp, (1, .95) tp
  close(once(precision({ classId: 2 }), yTrue, yPred), 1 / 2);
  close(once(recall({ classId: 2 }), yTrue, yPred), 1 / 2);
  // top 1 of each row with no threshold: .9 (label 1) tp, .8 (1) tp, .95 (1) tp; the rest negative
  close(once(precision({ topK: 1 }), yTrue, yPred), 1);
  close(once(recall({ topK: 1 }), yTrue, yPred), 3 / 5);
  // top 2: row0 .9 tp .7 fp; row1 .8 tp .6 fp; row2 .95 tp .4 tp -> tp 4 fp 2, fn: row0 col2 -> 1
  close(once(precision({ topK: 2 }), yTrue, yPred), 4 / 6);
  close(once(recall({ topK: 2 }), yTrue, yPred), 4 / 5);
  // top 2 and threshold 0.65: .9 tp .7 fp .8 tp .95 tp (0.6 and 0.4 fall below)
  close(once(precision({ topK: 2, thresholds: 0.65 }), yTrue, yPred), 3 / 4);
  // topK then classId (Keras filters the top k first): column 1 in the top 1 nowhere -> 0
  assert.equal(once(recall({ topK: 1, classId: 1 }), yTrue, yPred), 0);
  close(once(recall({ topK: 2, classId: 1 }), yTrue, yPred), 1); // row2's 0.4 is in its top 2
  // ties in topK go to the lower index (TensorFlow's top_k): row [0.5, 0.5] with k 1 keeps index 0
  close(once(recall({ topK: 1 }), t([[0, 1]]), t([[0.5, 0.5]])), 0);
  close(once(precision({ topK: 1 }), t([[1, 0]]), t([[0.5, 0.5]])), 1);
});

test('sample weights count as weighted entries', () => {
  const yTrue = t([[1], [0], [1], [1], [0]]);
  const yPred = t([[0.9], [0.8], [0.2], [0.6], [0.7]]);
  // weights 1 2 3 4 0: tp 0.9 (1) + 0.6 (4) = 5; fp 0.8 (2) + 0.7 (0) = 2; fn 0.2 (3) = 3
  const w = t([1, 2, 3, 4, 0]);
  close(once(precision(), yTrue, yPred, w), 5 / 7);
  close(once(recall(), yTrue, yPred, w), 5 / 8);
  // [B, 1] weights and a scalar weight
  close(once(precision(), yTrue, yPred, t([[1], [2], [3], [4], [0]])), 5 / 7);
  close(once(precision(), yTrue, yPred, t(3)), 2 / 4);
  // a [B] weight covers every entry of its sample; a [B, C] weight weighs each entry
  const y2 = t([[1, 0], [1, 1]]);
  const p2 = t([[0.9, 0.7], [0.2, 0.8]]);
  // [B] = [2, 5]: tp .9 (2) + .8 (5) = 7, fp .7 (2) = 2, fn .2 (5) = 5
  close(once(precision(), y2, p2, t([2, 5])), 7 / 9);
  close(once(recall(), y2, p2, t([2, 5])), 7 / 12);
  // [B, C]: tp .9 (1) + .8 (4) = 5, fp .7 (2), fn .2 (3)
  close(once(recall(), y2, p2, t([[1, 2], [3, 4]])), 5 / 8);
  // AUC: a weight of 2 on every entry is the same as none; a weight of 0 removes the entry
  const a = auc({ numThresholds: 3 });
  const labels = t([0, 0, 1, 1, 1]);
  const scores = t([[0.1], [0.4], [0.35], [0.8], [0.05]]);
  close(once(a, labels, scores, t([2, 2, 2, 2, 2])), once(a, labels, scores));
  close(once(a, labels, scores, t([1, 1, 1, 1, 0])), 0.75);
  assert.throws(() => once(precision(), yTrue, yPred, t([1, 2])), (e: unknown) => e instanceof ShapeError && /metrics\.precision: argument 'sampleWeight' has shape \[2\]; expected one of \[\], \[5\], \[5, 1\]/.test(e.message));
});

test('streaming: several batches give what one batch of everything gives, not the mean of batch values', () => {
  // batch 1: one prediction, a true positive -> precision 1
  // batch 2: four predictions, one true positive and three false positives -> precision 1/4
  // mean of the batch values: 0.625; Keras's streamed value: tp 2 / predicted 5 = 0.4
  const yTrue: NestedArray[] = [[1], [1], [0], [0], [0]];
  const yPred: NestedArray[] = [[0.9], [0.8], [0.7], [0.6], [0.95]];
  const p = precision();
  const first = once(p, t(yTrue.slice(0, 1)), t(yPred.slice(0, 1)));
  const second = once(p, t(yTrue.slice(1)), t(yPred.slice(1)));
  assert.equal(first, 1);
  assert.equal(second, 0.25);
  const acc = new MetricAccumulator(p);
  acc.update(t(yTrue.slice(0, 1)), t(yPred.slice(0, 1)));
  acc.update(t(yTrue.slice(1)), t(yPred.slice(1)));
  close(acc.result(), 0.4);
  close(acc.result(), once(p, t(yTrue), t(yPred)));
  assert.notEqual(acc.result(), (first + second) / 2);
  acc.reset();
  assert.equal(acc.result(), 0);

  // recall the same way: batch values 1/2 and 0/1 (mean 0.25) but 1/3 over the epoch
  const r = new MetricAccumulator(recall());
  r.update(t([[1], [1]]), t([[0.9], [0.1]]));
  r.update(t([[1]]), t([[0.2]]));
  close(r.result(), 1 / 3);

  // AUC: each batch alone has one class only (ROC AUC 0: no false positive rate to move
  // along), but the epoch has both and ranks them perfectly
  const a = auc();
  const acc2 = new MetricAccumulator(a);
  acc2.update(t([1, 1]), t([[0.9], [0.8]]));
  acc2.update(t([0, 0]), t([[0.2], [0.1]]));
  assert.equal(once(a, t([1, 1]), t([[0.9], [0.8]])), 0);
  assert.equal(once(a, t([0, 0]), t([[0.2], [0.1]])), 0);
  close(acc2.result(), 1);
  close(acc2.result(), once(a, t([1, 1, 0, 0]), t([[0.9], [0.8], [0.2], [0.1]])));
  // totals() hands out a copy: changing it changes nothing
  const snapshot = acc2.totals();
  snapshot.counts!.fill(0);
  close(acc2.result(), 1);
});

test('auc by hand: 3 thresholds (-eps, 0.5, 1 + eps), each curve and summation method', () => {
  // labels 0 0 1 1, scores 0.1 0.4 0.35 0.8 (exact ROC AUC 0.75)
  // tp [2, 1, 0], fp [2, 0, 0], tn [0, 2, 2], fn [0, 1, 2]
  // ROC: fpr [1, 0, 0], tpr [1, 0.5, 0]; PR: recall [1, 0.5, 0], precision [0.5, 1, 0 (0/0)]
  const yTrue = t([0, 0, 1, 1]);
  const yPred = t([[0.1], [0.4], [0.35], [0.8]]);
  const value = (o: Parameters<typeof auc>[0]) => once(auc({ numThresholds: 3, ...o }), yTrue, yPred);
  close(value({}), 0.75); // (1 - 0) * (1 + 0.5) / 2
  close(value({ summationMethod: 'minoring' }), 0.5);
  close(value({ summationMethod: 'majoring' }), 1);
  close(value({ curve: 'PR', summationMethod: 'minoring' }), 0.25); // 0.5 * min(.5, 1) + 0.5 * min(1, 0)
  close(value({ curve: 'PR', summationMethod: 'majoring' }), 1);
  // Davis & Goadrich between thresholds 0 and 1: P from 4 to 1, tp from 2 to 1: slope 1/3,
  // intercept 2/3; area (1/3) * (1 + (2/3) ln 4) / 2; between 1 and 2: P 1 -> 0, slope 1,
  // the ratio P0/P1 taken as 1: area 1 * 1 / 2
  close(value({ curve: 'PR' }), ((1 / 3) * (1 + (2 / 3) * Math.log(4))) / 2 + 0.5);
  close(value({ curve: 'pr' }), value({ curve: 'PR' }));
  // the default 200 thresholds separate every score here: the exact 0.75
  close(once(auc(), yTrue, yPred), 0.75);
  // fromLogits applies a sigmoid; logit(p) gives back the same AUC
  const logit = (p: number) => Math.log(p / (1 - p));
  close(once(auc({ fromLogits: true }), yTrue, t([[logit(0.1)], [logit(0.4)], [logit(0.35)], [logit(0.8)]])), 0.75);
  // a perfect ranking gives 1, a reversed one 0
  close(once(auc(), t([0, 0, 1]), t([[0.1], [0.2], [0.9]])), 1);
  close(once(auc(), t([1, 0, 0]), t([[0.1], [0.2], [0.9]])), 0);
  assert.deepEqual(auc({ numThresholds: 3 }).config.thresholds, [-1e-7, 0.5, 1 + 1e-7]);
});

test('auc with multiLabel: one curve per label, the (weighted) mean of the areas', () => {
  // label 0: positive 0.9 above negative 0.1 -> 1; label 1: positive 0.2 below negative 0.8 -> 0
  const yTrue = t([[1, 0], [0, 1]]);
  const yPred = t([[0.9, 0.8], [0.1, 0.2]]);
  close(once(auc({ multiLabel: true }), yTrue, yPred), 0.5);
  close(once(auc({ multiLabel: true, labelWeights: [3, 1] }), yTrue, yPred), 0.75);
  assert.equal(once(auc({ multiLabel: true, labelWeights: [0, 0] }), yTrue, yPred), 0);
  // pooled (the default): positives {0.9, 0.2} against negatives {0.8, 0.1}: 3 of 4 pairs
  close(once(auc(), yTrue, yPred), 0.75);
  // pooled with label weights: label 1 weighs nothing, label 0 alone ranks perfectly
  close(once(auc({ labelWeights: [1, 0] }), yTrue, yPred), 1);
  // streamed per label over two batches
  const acc = new MetricAccumulator(auc({ multiLabel: true }));
  acc.update(t([[1, 0]]), t([[0.9, 0.8]]));
  acc.update(t([[0, 1]]), t([[0.1, 0.2]]));
  close(acc.result(), 0.5);
  // a batch with another number of labels cannot join the epoch's counts
  assert.throws(() => acc.update(t([[0, 1, 1]]), t([[0.1, 0.2, 0.3]])), /MetricAccumulator: a batch brought 2400 counts but earlier batches brought 1600/);
});

interface AucCase {
  name: string;
  yTrue: NestedArray[];
  yPred: NestedArray[];
  sampleWeight: NestedArray[] | null;
  numThresholds: number;
  fromLogits: boolean;
  multiLabel: boolean;
  labelWeights: number[] | null;
  batchSize: number | null;
  expected: Record<string, number>;
  /** The pooled counts (null with multiLabel). */
  counts: { tp: number[]; fp: number[]; tn: number[]; fn: number[] } | null;
  prNumeric: number | null;
  mannWhitney: number;
}
interface PrCase {
  name: string;
  yTrue: NestedArray[];
  yPred: NestedArray[];
  sampleWeight: NestedArray[] | null;
  thresholds: number | null;
  topK: number | null;
  classId: number | null;
  batchSize: number | null;
  precision: number;
  recall: number;
}
const fixtures = JSON.parse(
  readFileSync(new URL('../fixtures/metrics/auc_fixtures.json', import.meta.url), 'utf8'),
) as { auc: AucCase[]; precisionRecall: PrCase[] };

test('auc matches the numpy fixtures (Keras definition) for every curve and summation method, in one batch and streamed', () => {
  assert.ok(fixtures.auc.length >= 12);
  assert.ok(fixtures.auc.some((c) => c.multiLabel) && fixtures.auc.some((c) => c.labelWeights && !c.multiLabel));
  for (const c of fixtures.auc) {
    const yTrue = t(c.yTrue);
    const yPred = t(c.yPred);
    const w = c.sampleWeight ? t(c.sampleWeight) : null;
    const n = c.numThresholds;
    const base = { numThresholds: n, fromLogits: c.fromLogits, multiLabel: c.multiLabel, labelWeights: c.labelWeights };
    if (c.counts) {
      // the counts themselves, from the direct comparison with every threshold
      const counts = auc(base).totals(yTrue, yPred, w).counts!;
      (['tp', 'fp', 'tn', 'fn'] as const).forEach((key, k) =>
        c.counts![key].forEach((v, i) => close(counts[k * n + i]!, v, 1e-9, `${c.name}: ${key}[${i}]`)),
      );
    }
    for (const [key, expected] of Object.entries(c.expected)) {
      const [curve, summationMethod] = key.split('/') as ['ROC' | 'PR', 'interpolation' | 'minoring' | 'majoring'];
      const m = auc({ ...base, curve, summationMethod });
      close(once(m, yTrue, yPred, w), expected, 1e-9, `${c.name} ${key}`);
      if (c.batchSize) close(streamed(m, c.yTrue, c.yPred, c.sampleWeight, c.batchSize), expected, 1e-9, `${c.name} ${key} streamed`);
    }
    // the closed-form PR interpolation is the integral of the interpolated precision
    if (c.prNumeric !== null) close(c.expected['PR/interpolation']!, c.prNumeric, 1e-6, `${c.name} PR vs numeric`);
  }
});

test('ROC auc against the exact rank statistic (Mann-Whitney)', () => {
  for (const c of fixtures.auc) {
    if (c.name === 'only positive labels') continue; // undefined; Keras and this library give 0
    const options = { numThresholds: c.numThresholds, fromLogits: c.fromLogits, multiLabel: c.multiLabel, labelWeights: c.labelWeights };
    const roc = once(auc(options), t(c.yTrue), t(c.yPred), c.sampleWeight ? t(c.sampleWeight) : null);
    if (c.name.startsWith('grid')) {
      // one distinct score per bucket: the trapezoids are the exact statistic, ties and all
      close(roc, c.mannWhitney, 1e-12, c.name);
    } else if (c.numThresholds === 200) {
      assert.ok(Math.abs(roc - c.mannWhitney) < 2e-3, `${c.name}: ${roc} vs exact ${c.mannWhitney}`);
    } else {
      assert.ok(Math.abs(roc - c.mannWhitney) < 1e-2, `${c.name}: ${roc} vs exact ${c.mannWhitney}`);
    }
  }
});

test('precision and recall match the numpy fixtures (thresholds, classId, topK, weights), in one batch and streamed', () => {
  assert.ok(fixtures.precisionRecall.length >= 6);
  for (const c of fixtures.precisionRecall) {
    const options = { thresholds: c.thresholds ?? undefined, topK: c.topK, classId: c.classId };
    const w = c.sampleWeight ? t(c.sampleWeight) : null;
    for (const [m, expected] of [
      [precision(options), c.precision],
      [recall(options), c.recall],
    ] as const) {
      close(once(m, t(c.yTrue), t(c.yPred), w), expected, 1e-12, `${c.name} ${m.name}`);
      if (c.batchSize) close(streamed(m, c.yTrue, c.yPred, c.sampleWeight, c.batchSize), expected, 1e-12, `${c.name} ${m.name} streamed`);
    }
  }
});

test('names and objects in compile resolve to these metrics; the History key is the name', () => {
  for (const [id, kind] of [
    ['precision', 'precision'],
    ['Precision', 'precision'],
    ['recall', 'recall'],
    ['Recall', 'recall'],
    ['auc', 'auc'],
    ['AUC', 'auc'],
  ] as const) {
    const m = resolveMetric(id, 'binaryCrossentropy', [null, 1]);
    assert.equal(m.kind, kind);
    assert.equal(m.name, id);
  }
  assert.equal(precision().name, 'precision');
  assert.equal(recall().name, 'recall');
  assert.equal(auc().name, 'auc');
  const pr = auc({ curve: 'PR', name: 'pr_auc' });
  assert.equal(resolveMetric(pr, 'binaryCrossentropy', [null, 1]), pr);
  assert.deepEqual(
    { ...pr.config, thresholds: pr.config.thresholds.length },
    { numThresholds: 200, curve: 'PR', summationMethod: 'interpolation', fromLogits: false, multiLabel: false, labelWeights: null, thresholds: 200 },
  );
  assert.deepEqual(precision({ thresholds: 0.3, classId: 1 }).config, { threshold: 0.3, topK: null, classId: 1 });
  assert.deepEqual(recall({ topK: 2 }).config, { threshold: -1e10, topK: 2, classId: null });
  // the factories passed uncalled mean their defaults (Keras accepts the class for an object)
  for (const f of [precision, recall, auc]) {
    const m = resolveMetric(f as never, 'binaryCrossentropy', [null, 1]);
    assert.equal(m.name, f.name);
    assert.equal(m.kind, f.name);
  }
  close(once(resolveMetric(auc as never, 'mse', [null, 1]), t([0, 0, 1, 1]), t([[0.1], [0.4], [0.35], [0.8]])), 0.75);
  // a user object with name/totals/finalize works too
  const custom = { name: 'positives', totals: (y: Tensor) => ({ sum: Array.from(y.data).filter((v) => v !== 0).length, count: 1 }), finalize: (x: { sum: number }) => x.sum };
  assert.equal(resolveMetric(custom, 'mse', [null, 1]).kind, 'custom');
  assert.throws(() => resolveMetric({ name: 'x' } as never, 'mse', [null, 1]), /metric object 'x' needs a function 'totals'/);
});

test('bad options are named, with what was expected and what was given', () => {
  const fails = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => e instanceof ValueError && re.test(e.message), String(re));
  fails(() => auc({ numThresholds: 1 }), /metrics\.auc: option 'numThresholds' expected an integer >= 2, got 1/);
  fails(() => auc({ numThresholds: 2.5 }), /option 'numThresholds' expected an integer >= 2, got 2\.5/);
  fails(() => auc({ curve: 'XY' as never }), /metrics\.auc: option 'curve' expected 'ROC' or 'PR', got "XY"/);
  fails(() => auc({ summationMethod: 'riemann' as never }), /option 'summationMethod' expected 'interpolation', 'minoring' or 'majoring', got "riemann"/);
  fails(() => auc({ fromLogits: 1 as never }), /metrics\.auc: option 'fromLogits' expected a boolean, got 1/);
  fails(() => auc({ thresholds: [0.5] } as never), /metrics\.auc: unknown option 'thresholds'/);
  fails(() => auc({ multiLabel: 'yes' as never }), /metrics\.auc: option 'multiLabel' expected a boolean, got "yes"/);
  fails(() => auc({ labelWeights: [1, -1] }), /metrics\.auc: option 'labelWeights' expected a non-empty list of finite numbers >= 0 \(one per label\), got \[1,-1\]/);
  fails(() => auc({ labelWeights: [] }), /option 'labelWeights' expected a non-empty list/);
  assert.throws(() => once(auc({ labelWeights: [1, 2, 3] }), t([[1, 0]]), t([[0.9, 0.1]])), (e: unknown) => e instanceof ShapeError && /option 'labelWeights' has 3 weights but 'yPred' of shape \[1, 2\] has 2 labels on its last axis/.test(e.message));
  assert.throws(() => once(auc({ multiLabel: true }), t([1, 0]), t([0.9, 0.1])), /with 'multiLabel' the predictions need a label axis: expected 'yPred' of rank >= 2/);
  fails(() => precision({ thresholds: 1.5 }), /metrics\.precision: option 'thresholds' expected a number in \[0, 1\], got 1\.5/);
  fails(() => recall({ thresholds: -0.1 }), /metrics\.recall: option 'thresholds' expected a number in \[0, 1\], got -0\.1/);
  fails(() => precision({ thresholds: NaN }), /option 'thresholds' expected a number in \[0, 1\], got NaN/);
  fails(() => precision({ thresholds: [0.3, 0.7] }), /option 'thresholds' expected one threshold .* got 2 values \[0\.3,0\.7\]/);
  fails(() => precision({ classId: -1 }), /metrics\.precision: option 'classId' expected an integer >= 0, got -1/);
  fails(() => recall({ topK: 0 }), /metrics\.recall: option 'topK' expected an integer >= 1, got 0/);
  fails(() => precision({ name: '' }), /option 'name' expected a non-empty string/);
  fails(() => precision(t([1]) as never), /metrics\.precision: expected an options object .* got a Tensor; .* for one batch's value: const m = metrics\.precision\(\); m\.finalize\(m\.totals\(yTrue, yPred\)\)/);
  // shape-dependent options fail when the data arrive
  assert.throws(() => once(precision({ classId: 3 }), t([[1, 0]]), t([[0.9, 0.1]])), (e: unknown) => e instanceof ShapeError && /option 'classId' is 3 but 'yPred' of shape \[1, 2\] has 2 entries on its last axis; expected classId in \[0, 2\)/.test(e.message));
  assert.throws(() => once(recall({ topK: 3 }), t([[1, 0]]), t([[0.9, 0.1]])), /option 'topK' is 3 .* expected topK <= 2/);
  assert.throws(() => once(auc(), t([[1, 0, 1]]), t([[0.9, 0.1]])), /metrics\.auc: argument 'yTrue' has shape \[1, 3\] but 'yPred' has shape \[1, 2\]/);
});

test('fit logs precision, recall and auc (and val_ versions) per epoch; val_ values are the streamed values over the validation set', async () => {
  setSeed(3);
  const n = 160;
  let s = 11;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const x = new Float32Array(n * 4 * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < 8; k++) {
      const v = random() * 2 - 1;
      x[i * 8 + k] = v;
      if (k % 2 === 0) sum += v;
    }
    y[i] = sum > 0.2 ? 1 : 0;
  }
  const xs = tensor(x, [n, 4, 2]);
  const ys = tensor(y, [n, 1]);
  const model = sequential({ layers: [layers.lstm({ units: 8, inputShape: [4, 2] }), layers.dense({ units: 1, activation: 'sigmoid' })] });
  model.compile({
    optimizer: 'adam',
    loss: 'binaryCrossentropy',
    metrics: ['accuracy', 'precision', 'recall', 'auc', metrics.auc({ curve: 'PR', name: 'pr_auc' })],
  });
  assert.deepEqual(model.metricsNames, ['accuracy', 'precision', 'recall', 'auc', 'pr_auc']);
  const h = await model.fit(xs, ys, { epochs: 4, batchSize: 16, validationSplit: 0.25, verbose: 0 });
  const names = ['accuracy', 'precision', 'recall', 'auc', 'pr_auc'];
  assert.deepEqual(Object.keys(h.history).sort(), ['loss', 'val_loss', ...names, ...names.map((k) => `val_${k}`)].sort());
  for (const key of [...names, ...names.map((k) => `val_${k}`)]) {
    assert.equal(h.history[key]!.length, 4, key);
    for (const v of h.history[key]!) assert.ok(Number.isFinite(v) && v >= 0 && v <= 1, `${key}: ${h.history[key]}`);
  }
  // evaluate (batches of 32 here) streams too: the values equal one pass over all predictions
  const tailX = tensor(x.slice(120 * 8), [40, 4, 2]);
  const tailY = tensor(y.slice(120), [40, 1]);
  const logs = model.evaluate(tailX, tailY, { batchSize: 16 }) as number[];
  const predicted = model.predict(tailX);
  const whole = [precision(), recall(), auc(), auc({ curve: 'PR' })].map((m) => once(m, tailY, predicted));
  whole.forEach((v, i) => close(logs[i + 2]!, v, 1e-6, names[i + 1]));
  // and the last epoch's val_ figures are those of evaluate on the validation quarter
  names.forEach((key, i) => close(h.history[`val_${key}`]![3]!, logs[i + 1]!, 1e-6, key));
});

test('compile rejects two metrics with one History key (and a metric named loss)', () => {
  const model = sequential({ layers: [layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
  assert.throws(
    () => model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['auc', metrics.auc({ curve: 'PR' })] }),
    /compile: option 'metrics' would log 'auc' twice .* give metric objects their own 'name', e.g\. metrics\.auc\(\{ curve: 'PR', name: 'pr_auc' \}\)/,
  );
  assert.throws(() => model.compile({ optimizer: 'adam', loss: 'mse', metrics: [metrics.precision({ name: 'loss' })] }), /would log 'loss' twice/);
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['auc', metrics.auc({ curve: 'PR', name: 'pr_auc' })] });
  assert.deepEqual(model.metricsNames, ['auc', 'pr_auc']);
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: [metrics.precision as never, metrics.recall as never] });
  assert.deepEqual(model.metricsNames, ['precision', 'recall']);
});
