/** The char language model: structure, shapes, options, and validation cross-entropy in nats. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setSeed, layers, sequential } from '../../src/index.js';
import { buildCharLanguageModel, languageModelBatches, validationCrossEntropy, Vocabulary } from '../../src/text/index.js';

test('Embedding → LSTM (sequences) → TimeDistributed(Dense softmax), with Keras parameter counts', () => {
  setSeed(1);
  const model = buildCharLanguageModel({ vocabSize: 60, seqLength: 64 });
  assert.deepEqual(model.layers.map((l) => l.className), ['Embedding', 'LSTM', 'TimeDistributed']);
  assert.deepEqual(model.inputShape, [null, 64]);
  const lstm = model.layers[1] as layers.LSTM;
  assert.equal(lstm.units, 256);
  assert.equal(lstm.returnSequences, true);
  const dense = (model.layers[2] as layers.TimeDistributed).layer as layers.Dense;
  assert.equal(dense.units, 60);
  assert.equal(dense.activation, 'softmax');
  // 60*64 + 4*256*(64+256+1) + 256*60+60
  assert.equal(model.countParams(), 3840 + 328704 + 15420);
  assert.deepEqual(model.build().at(-1), [null, 64, 60]);
});

test('options: GRU cells, stacked layers with dropout, any sequence length', () => {
  setSeed(2);
  const model = buildCharLanguageModel({ vocabSize: 10, embeddingDim: 4, units: 8, layers: 2, dropout: 0.2, cell: 'gru' });
  assert.deepEqual(model.layers.map((l) => l.className), ['Embedding', 'GRU', 'Dropout', 'GRU', 'Dropout', 'TimeDistributed']);
  assert.deepEqual(model.inputShape, [null, null]);
  for (const len of [1, 5, 13]) {
    const probs = model.predict([Array.from({ length: len }, (_, i) => i % 10)]);
    assert.deepEqual(probs.shape, [1, len, 10]);
    for (let t = 0; t < len; t++) {
      const row = probs.data.subarray(t * 10, (t + 1) * 10);
      assert.ok(Math.abs(Array.from(row).reduce((a, b) => a + b, 0) - 1) < 1e-5, 'each position is a distribution');
    }
  }
});

test('buildCharLanguageModel errors name the option, expected and actual', () => {
  assert.throws(() => buildCharLanguageModel({ vocabSize: 0 }), /option 'vocabSize' expected an integer >= 1, got 0/);
  assert.throws(() => buildCharLanguageModel({ vocabSize: 5, cell: 'rnn' as 'lstm' }), /option 'cell' expected one of 'lstm', 'gru', got "rnn"/);
  assert.throws(() => buildCharLanguageModel({ vocabSize: 5, dropout: 1 }), /option 'dropout' expected a number in \[0, 1\), got 1/);
  assert.throws(() => buildCharLanguageModel({ vocabSize: 5, layers: 0 }), /option 'layers' expected an integer >= 1, got 0/);
  assert.throws(() => buildCharLanguageModel({ vocabSize: 5, seqLength: 2.5 }), /option 'seqLength' expected an integer >= 1, got 2.5/);
  assert.throws(() => buildCharLanguageModel({ vocabSize: 5, hidden: 3 } as { vocabSize: number }), /unknown option 'hidden'/);
});

test('validationCrossEntropy is the mean -ln p(next id) in nats, equal to evaluate with sparse CE', () => {
  setSeed(3);
  const text = 'abcabcabd abcd ddcba '.repeat(6);
  const vocab = Vocabulary.fromText(text);
  const { x, y } = languageModelBatches(vocab.encode(text), { seqLength: 7, stride: 3 });
  const model = buildCharLanguageModel({ vocabSize: vocab.size, embeddingDim: 5, units: 6, seqLength: 7 });
  const nats = validationCrossEntropy(model, x, y, { batchSize: 5 });
  // By hand from predict.
  const probs = model.predict(x);
  const V = vocab.size;
  let sum = 0;
  for (let i = 0; i < y.size; i++) sum -= Math.log(probs.data[i * V + y.data[i]!]!);
  assert.ok(Math.abs(nats - sum / y.size) < 1e-5, `${nats} vs ${sum / y.size}`);
  // An untrained model is close to uniform: about ln V nats.
  assert.ok(Math.abs(nats - Math.log(V)) < 0.1, `untrained ${nats} vs ln V = ${Math.log(V)}`);
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  assert.ok(Math.abs(nats - (model.evaluate(x, y) as number)) < 1e-5);
});

test('validationCrossEntropy reads a linear output layer as logits', () => {
  setSeed(4);
  const model = sequential({
    layers: [layers.embedding({ inputDim: 5, outputDim: 3, inputShape: [null] }), layers.lstm({ units: 4, returnSequences: true }), layers.dense({ units: 5 })],
  });
  const x = [[1, 2, 3, 4], [4, 3, 2, 1]];
  const y = [[2, 3, 4, 0], [3, 2, 1, 0]];
  const logits = model.predict(x);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const row = Array.from(logits.data.subarray(i * 5, i * 5 + 5));
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    sum += lse - row[y.flat()[i]!]!;
  }
  assert.ok(Math.abs(validationCrossEntropy(model, x, y) - sum / 8) < 1e-5);
});

test('validationCrossEntropy checks the shapes of x and y', () => {
  const model = buildCharLanguageModel({ vocabSize: 4, embeddingDim: 2, units: 2 });
  assert.throws(() => validationCrossEntropy(model, [[1, 2]], [[1, 2, 3]]), /argument 'y' expected shape \[1, 2\] \(the shape of x\), got \[1, 3\]/);
  assert.throws(() => validationCrossEntropy(model, [1, 2], [1, 2]), /argument 'x' expected ids of shape \[samples > 0, seqLength\], got \[2\]/);
  assert.throws(() => validationCrossEntropy(model, [[1]], [[1]], { batchSize: 0 }), /option 'batchSize' expected an integer >= 1, got 0/);
});
