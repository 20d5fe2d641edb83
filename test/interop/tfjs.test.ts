/**
 * TensorFlow.js tensors as inputs: a real @tensorflow/tfjs tensor goes into fit, predict,
 * evaluate and tensor(), and gives exactly what the same values as nested arrays give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { sequential } from '../../src/models/sequential.js';
import { lstm } from '../../src/layers/lstm.js';
import { dense } from '../../src/layers/dense.js';
import { tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';

await tf.setBackend('cpu');

const xs = [[[0.1], [0.2], [0.3]], [[0.4], [0.5], [0.6]], [[0.7], [0.8], [0.9]], [[0.2], [0.1], [0.0]]];
const ys = [[0.4], [0.7], [1.0], [-0.1]];

function build(): ReturnType<typeof sequential> {
  setSeed(7);
  const model = sequential({ layers: [lstm({ units: 4, inputShape: [3, 1] }), dense({ units: 1 })] });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  return model;
}

test('a tfjs tensor converts with its shape and values, int32 and bool included', () => {
  const t = tensor(tf.tensor3d(xs));
  assert.deepEqual(t.shape, [4, 3, 1]);
  assert.deepEqual(t.toArray(), tensor(xs).toArray());
  assert.deepEqual(tensor(tf.tensor1d([1, 2, 3], 'int32')).toArray(), [1, 2, 3]);
  assert.deepEqual(tensor(tf.tensor1d([true, false], 'bool')).toArray(), [1, 0]);
  assert.deepEqual(tensor(tf.scalar(2.5)).shape, []);
});

test('fit, predict and evaluate take tfjs tensors as x and y and match nested arrays exactly', async () => {
  const a = build();
  const b = build();
  const ha = await a.fit(xs, ys, { epochs: 3, batchSize: 2, verbose: 0, shuffle: false });
  const hb = await b.fit(tf.tensor3d(xs), tf.tensor2d(ys), {
    epochs: 3, batchSize: 2, verbose: 0, shuffle: false,
    validationData: [tf.tensor3d(xs), tf.tensor2d(ys)],
  });
  assert.deepEqual(hb.history['loss'], ha.history['loss']);
  assert.equal(hb.history['val_loss']!.length, 3);
  assert.deepEqual(Array.from(b.predict(tf.tensor3d(xs)).data), Array.from(a.predict(xs).data));
  assert.equal(b.evaluate(tf.tensor3d(xs), tf.tensor2d(ys)), a.evaluate(xs, ys));
});

test('what predict returns reads back the tfjs way: array(), arraySync(), dataSync()', async () => {
  const model = build();
  const y = model.predict(tf.tensor3d(xs));
  assert.deepEqual(await y.array(), y.toArray());
  assert.deepEqual(y.arraySync(), y.toArray());
  assert.equal(y.dataSync(), y.data);
  y.dispose();
  assert.equal((y.toArray() as number[][]).length, 4, 'dispose() is a no-op: the tensor stays usable');
  // And back into tfjs: our Tensor has the shape and values tf.tensor needs.
  const back = tf.tensor(y.dataSync(), y.shape.slice());
  assert.deepEqual(back.arraySync(), y.toArray());
});

test('tfjs tensors that cannot be read fail with the argument named', () => {
  const model = build();
  const disposed = tf.tensor3d(xs);
  disposed.dispose();
  assert.throws(() => model.predict(disposed), /argument 'x': expected a live tensor, got a tfjs tensor that was already disposed/);
  assert.throws(() => model.predict(tf.tensor1d(['a', 'b'], 'string')), /argument 'x': expected a tensor of dtype float32, float64, int32, bool, got a tfjs tensor of dtype 'string'/);
  assert.throws(() => model.predict(tf.tensor2d([[1, 2, 3]])), /predict: argument 'x' expected shape \[null, 3, 1\], got \[1, 3\]/);
});

test('tfjs-like objects: arraySync alone works; a shape that disagrees with the values is refused', () => {
  const viaArray = { shape: [2, 2], arraySync: () => [[1, 2], [3, 4]] };
  assert.deepEqual(tensor(viaArray).toArray(), [[1, 2], [3, 4]]);
  const wrong = { shape: [2, 3], dataSync: () => new Float32Array(4) };
  assert.throws(() => tensor(wrong), /argument 'values': a tfjs-like tensor of shape \[2, 3\] needs 6 values, got 4/);
  const badShape = { shape: [2, -1], dataSync: () => new Float32Array(4) };
  assert.throws(() => tensor(badShape), /needs a shape of integers >= 0, got \[2,-1\]/);
});
