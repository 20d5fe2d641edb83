/** padSequences: Keras's pre/post padding and truncation, default maxlen, empty sequences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padSequences } from '../../src/data/padSequences.js';

const seqs = [[1, 2, 3], [4, 5], [6]];

test('maxlen defaults to the longest; padding goes before by default', () => {
  const t = padSequences(seqs);
  assert.deepEqual(t.shape, [3, 3]);
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(t.toArray(), [[1, 2, 3], [0, 4, 5], [0, 0, 6]]);
  assert.deepEqual(padSequences(seqs, { padding: 'post' }).toArray(), [[1, 2, 3], [4, 5, 0], [6, 0, 0]]);
});

test('maxlen shorter than a sequence truncates at the chosen end', () => {
  assert.deepEqual(padSequences(seqs, { maxlen: 2 }).toArray(), [[2, 3], [4, 5], [0, 6]]);
  assert.deepEqual(padSequences(seqs, { maxlen: 2, truncating: 'post' }).toArray(), [[1, 2], [4, 5], [0, 6]]);
  assert.deepEqual(padSequences(seqs, { maxlen: 2, truncating: 'post', padding: 'post' }).toArray(), [[1, 2], [4, 5], [6, 0]]);
  assert.deepEqual(padSequences(seqs, { maxlen: 1 }).toArray(), [[3], [5], [6]]);
});

test('maxlen longer than every sequence pads all rows; value sets the filler', () => {
  assert.deepEqual(padSequences(seqs, { maxlen: 5 }).toArray(), [[0, 0, 1, 2, 3], [0, 0, 0, 4, 5], [0, 0, 0, 0, 6]]);
  assert.deepEqual(padSequences([[7]], { maxlen: 3, value: -1, padding: 'post' }).toArray(), [[7, -1, -1]]);
});

test('empty sequences become rows of the padding value; no sequences give [0, maxlen]', () => {
  assert.deepEqual(padSequences([[], [1, 2]]).toArray(), [[0, 0], [1, 2]]);
  assert.deepEqual(padSequences([[], [1]], { value: 9 }).toArray(), [[9], [1]]);
  assert.deepEqual(padSequences([[], []]).shape, [2, 0]);
  assert.deepEqual(padSequences([]).shape, [0, 0]);
  assert.deepEqual(padSequences([], { maxlen: 4 }).shape, [0, 4]);
  assert.deepEqual(padSequences([[1, 2]], { maxlen: 0 }).shape, [1, 0]);
});

test('bad arguments are named', () => {
  assert.throws(() => padSequences(seqs, { padding: 'middle' as never }), /padSequences: option 'padding' expected one of 'pre', 'post', got "middle"/);
  assert.throws(() => padSequences(seqs, { truncating: 'end' as never }), /padSequences: option 'truncating' expected one of 'pre', 'post', got "end"/);
  assert.throws(() => padSequences(seqs, { maxlen: -1 }), /padSequences: option 'maxlen' expected an integer >= 0, got -1/);
  assert.throws(() => padSequences(seqs, { maxLen: 3 } as never), /padSequences: unknown option 'maxLen'/);
  assert.throws(() => padSequences([[1], [2, NaN]]), /padSequences: argument 'sequences\[1\]\[1\]' expected a finite number, got NaN/);
  assert.throws(() => padSequences([[1], 2] as never), /padSequences: argument 'sequences\[1\]' expected an array of numbers, got number/);
  assert.throws(() => padSequences('abc' as never), /padSequences: argument 'sequences' expected an array of number arrays, got string/);
});
