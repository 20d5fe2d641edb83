/** The next-token windows and the unigram baseline shared by trainLanguageModel and the playground. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextTokenWindows, unigramCrossEntropy } from '../../src/text/lmData.js';

test('nextTokenWindows cuts non-overlapping windows with the next id as target', () => {
  const w = nextTokenWindows(Int32Array.of(1, 2, 3, 4, 5, 6), 2);
  assert.equal(w.n, 2);
  assert.deepEqual(Array.from(w.x), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(w.y), [2, 3, 4, 5]);
});

test('nextTokenWindows gives no windows for inputs shorter than one window plus its target', () => {
  for (const ids of [Int32Array.of(), Int32Array.of(7), Int32Array.of(7, 8)]) {
    const w = nextTokenWindows(ids, 2);
    assert.equal(w.n, 0);
    assert.equal(w.x.length, 0);
  }
});

test('unigramCrossEntropy uses add-1/2 training counts; NaN without validation ids', () => {
  // counts with +0.5: id 0 -> 2.5, id 1 -> 1.5; total 4.
  const got = unigramCrossEntropy(Int32Array.of(0, 0, 1), Int32Array.of(0, 1), 2);
  assert.ok(Math.abs(got - -(Math.log(2.5 / 4) + Math.log(1.5 / 4)) / 2) < 1e-15);
  assert.ok(Number.isNaN(unigramCrossEntropy(Int32Array.of(0), Int32Array.of(), 2)));
});
