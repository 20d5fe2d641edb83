/**
 * classify's class limit (issue 11): too many distinct labels are refused before any tensor is
 * built, and the text report never spreads a matrix into a function call (which overflows the
 * stack beyond about 120,000 arguments).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CLASSES, classifyTexts, type ClassifyResult } from '../../src/apps/classify/classify.js';
import { classifySummary } from '../../src/apps/classify/report.js';
import type { ClassificationReport } from '../../src/evaluation/index.js';
import { ValueError } from '../../src/tensor/errors.js';

test('classifyTexts refuses more distinct labels than MAX_CLASSES, before training', async () => {
  assert.equal(MAX_CLASSES, 100);
  const n = MAX_CLASSES + 50;
  const texts = Array.from({ length: n }, (_, i) => `text number ${i}`);
  const labels = texts.map((_, i) => `label ${i}`);
  const start = performance.now();
  await assert.rejects(classifyTexts({ texts, labels, epochs: 1, units: 2 }), (error: unknown) => {
    assert.ok(error instanceof ValueError);
    assert.match(error.message, /argument 'labels' has 150 distinct labels; expected at most 100/);
    return true;
  });
  assert.ok(performance.now() - start < 1000);
});

test('classifySummary formats a large confusion matrix without spreading it into Math.max', () => {
  // 400 classes: 160,000 cells, past the argument count a spread call survives.
  const k = 400;
  const classes = Array.from({ length: k }, (_, i) => `c${i}`);
  const confusionMatrix = classes.map((_, r) => classes.map((_, c) => (r === c ? 1 : 0)));
  const prf = { precision: 1, recall: 1, f1: 1 };
  const report = {
    accuracy: 1, precision: 1, recall: 1, f1: 1, average: 'macro', numClasses: k, support: k,
    confusionMatrix, perClass: classes.map(() => ({ ...prf, support: 1 })), macro: prf, weighted: prf,
  } as unknown as ClassificationReport;
  const result = {
    classes,
    test: { lstm: report, bagOfWords: report, majority: report, lexicon: null },
    samples: { train: 1, validation: 1, test: k },
    maxLen: 5,
    vocabulary: 10,
    history: {},
  } as unknown as ClassifyResult;
  const text = classifySummary(result, 'fake', 'LSTM', []);
  assert.match(text, /LSTM confusion matrix/);
  assert.ok(text.includes('c399'));
});
