import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { Embedding, embedding } from '../../src/layers/embedding.js';
import { checkGradients, linearLoss, randomTensor, setSeed } from '../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('embedding maps ids [B, T] to vectors [B, T, outputDim]', () => {
  const layer = embedding({ inputDim: 4, outputDim: 2, name: 'emb' });
  assert.ok(layer instanceof Embedding);
  assert.equal(layer.className, 'Embedding');
  layer.apply(tensor([[0]]));
  assert.deepEqual(layer.weights.map((w) => [w.name, w.value.shape]), [['emb/embeddings', [4, 2]]]);
  const w = layer.getWeights()[0]!;
  assert.ok(Array.from(w.data).every((v) => v >= -0.05 && v < 0.05), 'randomUniform(-0.05, 0.05) by default');
  layer.setWeights([tensor([[0, 0], [1, 10], [2, 20], [3, 30]])]);
  const y = out(layer.apply(tensor([[3, 1, 0], [2, 2, 1]])));
  assert.deepEqual(y.toArray(), [[[3, 30], [1, 10], [0, 0]], [[2, 20], [2, 20], [1, 10]]]);
  assert.deepEqual(layer.computeOutputShape([null, 3]), [null, 3, 2]);
});

test('maskZero gives a [B, T] mask that is 0 at id 0; without it there is no mask', () => {
  const masked = embedding({ inputDim: 5, outputDim: 3, maskZero: true });
  const x = tensor([[4, 2, 0, 0], [1, 0, 3, 0]]);
  assert.deepEqual(masked.computeMask(x, null)!.toArray(), [[1, 1, 0, 0], [1, 0, 1, 0]]);
  assert.deepEqual(masked.computeMask(x, null)!.shape, [2, 4]);
  assert.equal(embedding({ inputDim: 5, outputDim: 3 }).computeMask(x, null), null);
});

test('out-of-range and non-integer ids name x, the value, the position and the range', () => {
  const layer = embedding({ inputDim: 5, outputDim: 2, name: 'tokens' });
  assert.throws(
    () => layer.apply(tensor([[1, 2], [5, 0]])),
    /tokens.apply: argument 'x' has 5 at position \[1, 0\]; expected integer ids in \[0, 5\)/,
  );
  assert.throws(() => layer.apply(tensor([[-1]])), /has -1 at position \[0, 0\]/);
  assert.throws(() => layer.apply(tensor([[0.5]])), /has 0.5 at position/);
});

test('inputLength fixes the sequence length', () => {
  const layer = embedding({ inputDim: 5, outputDim: 2, inputLength: 3, name: 'fixed' });
  assert.deepEqual(layer.batchInputShape, [null, 3]);
  assert.throws(() => layer.apply(tensor([[1, 2]])), /fixed.apply: argument 'x' expected shape \[batch, 3\] \(inputLength\), got \[1, 2\]/);
  assert.equal(layer.getConfig()['inputLength'], 3);
});

test('embedding gradient matches finite differences, repeated ids included', () => {
  setSeed(13);
  const layer = embedding({ inputDim: 6, outputDim: 3, dtype: 'float64' });
  const ids = tensor([[5, 1, 1], [0, 5, 2]], undefined, 'float64');
  layer.apply(ids);
  layer.setWeights([randomTensor([6, 3], -1, 1, false)]);
  checkGradients(() => linearLoss([out(layer.apply(ids))]), [layer.embeddings!]);
});

test('embedding options are checked', () => {
  assert.throws(() => embedding({ inputDim: 5, outputDim: 2, maskzero: true } as never), /layers.embedding: unknown option 'maskzero'/);
  assert.throws(() => embedding({ inputDim: 0, outputDim: 2 }), /option 'inputDim' expected an integer >= 1, got 0/);
  assert.throws(() => embedding({ inputDim: 3, outputDim: 2.5 }), /option 'outputDim' expected an integer >= 1, got 2.5/);
  const config = embedding({ inputDim: 3, outputDim: 2, maskZero: true }).getConfig();
  assert.equal(config['maskZero'], true);
  assert.equal(config['embeddingsInitializer'], 'randomUniform');
});
