/** Next-token windows (shapes, the one-step shift, stride) and the chronological text split. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { languageModelBatches, splitText, Vocabulary } from '../../src/text/index.js';

test('windows of seqLength with targets shifted by one; leftover ids are dropped', () => {
  const ids = Int32Array.from({ length: 11 }, (_, i) => i); // 0..10
  const { x, y } = languageModelBatches(ids, { seqLength: 3 });
  assert.deepEqual(x.shape, [3, 3]);
  assert.deepEqual(y.shape, [3, 3]);
  assert.deepEqual(x.toArray(), [[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
  assert.deepEqual(y.toArray(), [[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
});

test('y[i][t] === x[i][t + 1] and y[i][last] is the id after the window, for any stride', () => {
  const vocab = Vocabulary.fromText('the quick brown fox jumps over the lazy dog');
  const ids = vocab.encode('the quick brown fox jumps over the lazy dog');
  for (const [seqLength, stride] of [[8, 8], [8, 3], [5, 1], [42, 1]] as const) {
    const { x, y } = languageModelBatches(ids, { seqLength, stride });
    const n = Math.floor((ids.length - 1 - seqLength) / stride) + 1;
    assert.deepEqual(x.shape, [n, seqLength]);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < seqLength; t++) {
        assert.equal(x.data[i * seqLength + t], ids[i * stride + t]);
        assert.equal(y.data[i * seqLength + t], ids[i * stride + t + 1]);
        if (t + 1 < seqLength) assert.equal(y.data[i * seqLength + t], x.data[i * seqLength + t + 1]);
      }
    }
  }
});

test('accepts plain arrays; exactly seqLength + 1 ids give one sample', () => {
  const { x, y } = languageModelBatches([4, 5, 6], { seqLength: 2 });
  assert.deepEqual(x.toArray(), [[4, 5]]);
  assert.deepEqual(y.toArray(), [[5, 6]]);
});

test('languageModelBatches errors name the option or argument, expected and actual', () => {
  assert.throws(() => languageModelBatches([1, 2, 3], { seqLength: 3 }), /argument 'ids' expected at least seqLength \+ 1 = 4 ids .* got 3/);
  assert.throws(() => languageModelBatches([1, 2, 3], { seqLength: 0 }), /option 'seqLength' expected an integer >= 1, got 0/);
  assert.throws(() => languageModelBatches([1, 2, 3], { seqLength: 1, stride: 1.5 }), /option 'stride' expected an integer >= 1, got 1.5/);
  assert.throws(() => languageModelBatches([1, -2, 3], { seqLength: 1 }), /argument 'ids' has -2 at index 1; expected non-negative integer ids/);
  assert.throws(() => languageModelBatches([1, 2, 3], { seqLength: 1, step: 1 } as { seqLength: number }), /unknown option 'step'/);
});

test('splitText: the first part trains, the last part validates, nothing lost or reordered', () => {
  const text = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(10); // 360 characters
  const { train, validation } = splitText(text, 0.1);
  assert.equal(train.length, 324);
  assert.equal(validation.length, 36);
  assert.equal(train + validation, text);
  assert.ok(text.startsWith(train));
  assert.deepEqual(splitText('abcd', 0), { train: 'abcd', validation: '' });
  assert.deepEqual(splitText('abcd', 1), { train: '', validation: 'abcd' });
  assert.deepEqual(splitText('abcd', 0.5), { train: 'ab', validation: 'cd' });
});

test('splitText never cuts a surrogate pair', () => {
  // 'a😀b' is 4 UTF-16 units; a 50 % cut falls at unit 2, inside the emoji's surrogate pair.
  const { train, validation } = splitText('a😀b', 0.5);
  assert.deepEqual({ train, validation }, { train: 'a😀', validation: 'b' });
  for (const part of [train, validation]) {
    assert.ok(!/[\uD800-\uDBFF]$/.test(part) && !/^[\uDC00-\uDFFF]/.test(part), `${JSON.stringify(part)} holds half a pair`);
  }
});

test('splitText errors name the argument, expected and actual', () => {
  assert.throws(() => splitText('abc', 1.5), /argument 'validationFraction' expected a finite number in \[0, 1\], got 1.5/);
  assert.throws(() => splitText('abc', Number.NaN), /got null/);
  assert.throws(() => splitText(3 as unknown as string, 0.1), /argument 'text' expected a string, got number/);
});

test('splitText with atWhitespace moves the cut to the next whitespace, so no word is cut in two', () => {
  assert.deepEqual(splitText('the cat sat', 0.5, { atWhitespace: true }), { train: 'the cat', validation: ' sat' });
  assert.deepEqual(splitText('the cat sat', 0.5), { train: 'the ca', validation: 't sat' }, 'the default still cuts anywhere');
  assert.deepEqual(splitText('the cat', 0.64, { atWhitespace: true }), { train: 'the', validation: ' cat' }, 'a cut on a space stays');
  assert.deepEqual(splitText('one', 0.5, { atWhitespace: true }), { train: 'one', validation: '' }, 'no whitespace after the cut: all trains');
  assert.deepEqual(splitText('the cat', 0.43, { atWhitespace: true }), { train: 'the ', validation: 'cat' }, 'a cut at the start of a word stays');
  assert.throws(() => splitText('abc', 0.5, { atWhitspace: true } as unknown as { atWhitespace: boolean }), /unknown option 'atWhitspace'/);
});
