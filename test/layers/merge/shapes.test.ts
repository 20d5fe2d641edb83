// Output shapes (Keras's rules, unknown sizes included), symbolic calls, and the errors for
// incompatible inputs and bad options: each names the layer, the argument and the shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor, zeros } from '../../../src/tensor/tensor.js';
import * as layers from '../../../src/layers/index.js';
import type { Layer, Shape } from '../../../src/layers/layer.js';
import { type GraphNode, SymbolicTensor } from '../../../src/layers/symbolicTensor.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

/** A placeholder as input() would make it, without depending on the functional model. */
function symbolic(shape: Shape, producer: Layer): SymbolicTensor {
  const node: GraphNode = { layer: producer, inputs: [], inputIsList: false, initialState: [], training: undefined, outputs: [], index: 0 };
  const s = new SymbolicTensor(shape, 'float32', node, 0, 'in');
  node.outputs.push(s);
  return s;
}

test('values: the elementwise merges, concatenate, dot, repeatVector and permute', () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([[10, 20], [30, 40]]);
  assert.deepEqual(out(layers.add().apply([a, b])).toArray(), [[11, 22], [33, 44]]);
  assert.deepEqual(out(layers.subtract().apply([a, b])).toArray(), [[-9, -18], [-27, -36]]);
  assert.deepEqual(out(layers.multiply().apply([a, b, a])).toArray(), [[10, 80], [270, 640]]);
  assert.deepEqual(out(layers.average().apply([a, b])).toArray(), [[5.5, 11], [16.5, 22]]);
  assert.deepEqual(out(layers.maximum().apply([a, tensor([[0, 5], [9, 1]])])).toArray(), [[1, 5], [9, 4]]);
  assert.deepEqual(out(layers.minimum().apply([a, tensor([[0, 5], [9, 1]])])).toArray(), [[0, 2], [3, 1]]);
  assert.deepEqual(out(layers.concatenate().apply([a, tensor([[5], [6]])])).toArray(), [[1, 2, 5], [3, 4, 6]]);
  assert.deepEqual(out(layers.dot({ axes: 1 }).apply([a, b])).toArray(), [[50], [250]]);
  assert.deepEqual(out(layers.dot({ axes: [1, 1] }).apply([tensor([[[1, 2], [3, 4]]]), tensor([[[1, 0], [0, 1]]])])).toArray(), [[[1, 3], [2, 4]]]);
  assert.deepEqual(out(layers.repeatVector({ n: 2 }).apply(a)).toArray(), [[[1, 2], [1, 2]], [[3, 4], [3, 4]]]);
  assert.deepEqual(out(layers.permute({ dims: [2, 1] }).apply(tensor([[[1, 2, 3], [4, 5, 6]]]))).toArray(), [[[1, 4], [2, 5], [3, 6]]]);
  // Keras broadcasting: a lower-rank input gains axes after the batch axis.
  assert.deepEqual(out(layers.add().apply([tensor([[[1, 2], [3, 4]]]), tensor([[10, 20]])])).toArray(), [[[11, 22], [13, 24]]]);
});

test('computeOutputShape follows Keras, unknown sizes included', () => {
  assert.deepEqual(layers.add().computeOutputShape([[null, 3, 4], [null, 3, 4]]), [null, 3, 4]);
  assert.deepEqual(layers.add().computeOutputShape([[null, 3, 4], [null, 1, 4], [null, 4]]), [null, 3, 4]);
  assert.deepEqual(layers.add().computeOutputShape([[null, null, 4], [8, 3, 4]]), [8, null, 4]);
  assert.deepEqual(layers.multiply().computeOutputShape([[null, 3, 1], [null, 1, 5]]), [null, 3, 5]);
  assert.deepEqual(layers.concatenate().computeOutputShape([[null, 3, 4], [null, 3, 2]]), [null, 3, 6]);
  assert.deepEqual(layers.concatenate({ axis: 1 }).computeOutputShape([[null, null, 4], [null, 5, 4]]), [null, null, 4]);
  assert.deepEqual(layers.concatenate({ axis: 1 }).computeOutputShape([[null, 2, 4], [null, 5, 4]]), [null, 7, 4]);
  assert.deepEqual(layers.dot({ axes: 2 }).computeOutputShape([[null, 3, 4], [null, 5, 4]]), [null, 3, 5]);
  assert.deepEqual(layers.dot({ axes: [1, 2] }).computeOutputShape([[null, 4, 3], [null, 5, 4]]), [null, 3, 5]);
  assert.deepEqual(layers.dot({ axes: -1 }).computeOutputShape([[null, 4], [null, 4]]), [null, 1]);
  assert.deepEqual(layers.dot({ axes: [1, 2] }).computeOutputShape([[null, 4], [null, 5, 4]]), [null, 5]);
  assert.deepEqual(layers.repeatVector({ n: 7 }).computeOutputShape([null, 4]), [null, 7, 4]);
  assert.deepEqual(layers.permute({ dims: [2, 1] }).computeOutputShape([null, 10, 3]), [null, 3, 10]);
  assert.deepEqual(layers.permute({ dims: [3, 1, 2] }).computeOutputShape([null, 2, null, 5]), [null, 5, 2, null]);
});

test('eager outputs have the shapes computeOutputShape promises', () => {
  const cases: [Layer, number[][]][] = [
    [layers.add(), [[2, 3, 4], [2, 1, 4], [2, 4]]],
    [layers.concatenate({ axis: 1 }), [[2, 3, 4], [2, 5, 4]]],
    [layers.dot({ axes: [1, 2] }), [[2, 4, 3], [2, 5, 4]]],
    [layers.dot({ axes: 1 }), [[2, 4], [2, 4]]],
  ];
  for (const [layer, shapes] of cases) {
    const y = out(layer.apply(shapes.map((s) => zeros(s))));
    assert.deepEqual([...y.shape].slice(1), (layer.computeOutputShape(shapes) as Shape).slice(1), layer.className);
  }
});

test('symbolic calls record the output shape, and refuse incompatible shapes at once', () => {
  const src = layers.dense({ units: 1 });
  const a = symbolic([null, 3, 4], src);
  const b = symbolic([null, 5, 4], src);
  const s = layers.dot({ axes: 2 }).apply([a, b]) as SymbolicTensor;
  assert.ok(s instanceof SymbolicTensor);
  assert.deepEqual(s.shape, [null, 3, 5]);
  assert.deepEqual((layers.concatenate({ axis: 1 }).apply([a, b]) as SymbolicTensor).shape, [null, 8, 4]);
  assert.deepEqual((layers.add().apply([a, symbolic([null, 4], src)]) as SymbolicTensor).shape, [null, 3, 4]);
  assert.deepEqual((layers.permute({ dims: [2, 1] }).apply(a) as SymbolicTensor).shape, [null, 4, 3]);
  assert.deepEqual((layers.repeatVector({ n: 6 }).apply(symbolic([null, 4], src)) as SymbolicTensor).shape, [null, 6, 4]);
  assert.throws(() => layers.add({ name: 'res' }).apply([a, b]), /res.apply: argument 'inputs\[1\]' expected a shape broadcastable with \[null, 3, 4\], got \[null, 5, 4\]/);
  assert.throws(() => layers.concatenate({ name: 'cat' }).apply([a, b]), /cat.apply: argument 'inputs\[1\]' expected the shape of inputs\[0\] \[null, 3, 4\] on every axis but 2 \(option 'axis' = -1\), got \[null, 5, 4\]/);
});

test('shape errors name the layer, the argument and both shapes', () => {
  const x = zeros([2, 3, 4]);
  assert.throws(() => layers.add({ name: 'sum' }).apply([x, zeros([2, 3, 5])]), /sum.apply: argument 'inputs\[1\]' expected a shape broadcastable with \[null, 3, 4\], got \[null, 3, 5\]/);
  // After the first call the op checks each call's shapes.
  const sum = layers.add({ name: 'sum2' });
  sum.apply([x, x]);
  assert.throws(() => sum.apply([x, zeros([2, 3, 5])]), /sum2.apply: argument 'inputs\[1\]' expected a shape broadcastable with \[2, 3, 4\], got \[2, 3, 5\]/);
  assert.throws(() => layers.add({ name: 'sum3' }).apply([x, zeros([3, 3, 4])]), /sum3.apply: argument 'inputs\[1\]' expected batch size 2 like inputs\[0\] \[2, 3, 4\], got \[3, 3, 4\]/);
  assert.throws(() => layers.add().computeOutputShape([[4, 3], [5, 3]]), /expected batch size 4 like inputs\[0\] \[4, 3\], got \[5, 3\]/);
  assert.throws(() => layers.concatenate({ name: 'cat', axis: 1 }).apply([x, zeros([2, 3, 5])]), /cat.apply: argument 'inputs\[1\]' expected the shape of inputs\[0\] \[2, 3, 4\] on every axis but 1 \(option 'axis' = 1\), got \[2, 3, 5\]/);
  assert.throws(() => layers.concatenate({ name: 'cat2' }).apply([x, zeros([2, 3])]), /cat2.apply: argument 'inputs\[1\]' expected rank 3 like inputs\[0\] \[2, 3, 4\], got \[2, 3\]/);
  assert.throws(() => layers.concatenate({ name: 'cat3', axis: 3 }).apply([x, x]), /cat3.apply: argument 'inputs\[0\]' of shape \[2, 3, 4\] has no axis 3 to concatenate along/);
  assert.throws(() => layers.dot({ name: 'd', axes: 2 }).apply([x, zeros([2, 3, 5])]), /d.apply: argument 'inputs\[1\]' of shape \[2, 3, 5\] expected size 4 on axis 2 to match inputs\[0\] \[2, 3, 4\] on axis 2 \(option 'axes' = 2\), got 5/);
  assert.throws(() => layers.dot({ name: 'd2', axes: [1, 3] }).apply([x, x]), /d2.apply: option 'axes' = \[1,3\] does not name a non-batch axis of both inputs, shapes \[2, 3, 4\] and \[2, 3, 4\]/);
  assert.throws(() => layers.repeatVector({ name: 'rv', n: 2 }).apply(x), /rv.apply: argument 'x' expected rank 2 \[batch, features\], got shape \[2, 3, 4\]/);
  assert.throws(() => layers.permute({ name: 'pm', dims: [2, 1] }).apply(zeros([2, 3])), /pm.apply: argument 'x' expected rank 3 \(option 'dims' = \[2,1\] plus the batch axis\), got shape \[2, 3\]/);
});

test('merge layers take a list of the right length', () => {
  const x = zeros([2, 3]);
  assert.throws(() => layers.add({ name: 's' }).apply(x), /s.apply: argument 'inputs' expected a list of at least 2 tensors, got a single tensor of shape \[2, 3\]/);
  assert.throws(() => layers.add({ name: 's1' }).apply([x]), /s1.apply: argument 'inputs' expected a list of at least 2 tensors, got 1/);
  assert.throws(() => layers.subtract({ name: 's2' }).apply([x, x, x]), /s2.apply: argument 'inputs' expected a list of exactly 2 tensors, got 3/);
  assert.throws(() => layers.dot({ name: 'd', axes: 1 }).apply([x, x, x]), /d.apply: argument 'inputs' expected a list of exactly 2 tensors, got 3/);
  assert.throws(() => layers.concatenate({ name: 'c' }).apply([x]), /c.apply: argument 'inputs' expected a list of at least 2 tensors, got 1/);
  assert.throws(() => layers.repeatVector({ name: 'r', n: 2 }).apply([x, x]), /r.apply: argument 'x' expected rank 2 \[batch, features\], got a list of tensors/);
});

test('bad options are refused, naming the option and the value', () => {
  assert.throws(() => layers.add({ units: 3 } as never), /layers.add: unknown option 'units'/);
  assert.throws(() => layers.concatenate({ axis: 0 }), /layers.concatenate: option 'axis' expected a non-zero integer \(0 is the batch axis\), got 0/);
  assert.throws(() => layers.concatenate({ axis: 1.5 }), /option 'axis'/);
  assert.throws(() => layers.dot({ axes: 0 }), /layers.dot: option 'axes' expected a non-zero integer or a pair of them \(0 is the batch axis\), got 0/);
  assert.throws(() => layers.dot({ axes: [1, 2, 3] as never }), /option 'axes' expected a non-zero integer or a pair/);
  assert.throws(() => layers.dot({} as never), /option 'axes'/);
  assert.throws(() => layers.dot({ axes: 1, normalize: 'yes' as never }), /layers.dot: option 'normalize' expected true or false, got "yes"/);
  assert.throws(() => layers.repeatVector({ n: 0 }), /layers.repeatVector: option 'n' expected an integer >= 1, got 0/);
  assert.throws(() => layers.permute({ dims: [1, 3] }), /layers.permute: option 'dims' expected a permutation of 1..2 \(consecutive integers from 1\), got \[1,3\]/);
  assert.throws(() => layers.permute({ dims: [0, 1] }), /option 'dims'/);
});

test('default names and class names follow Keras', () => {
  const names: [Layer, string, RegExp][] = [
    [layers.add(), 'Add', /^add(_\d+)?$/],
    [layers.subtract(), 'Subtract', /^subtract(_\d+)?$/],
    [layers.concatenate(), 'Concatenate', /^concatenate(_\d+)?$/],
    [layers.dot({ axes: 1 }), 'Dot', /^dot(_\d+)?$/],
    [layers.repeatVector({ n: 1 }), 'RepeatVector', /^repeat_vector(_\d+)?$/],
    [layers.permute({ dims: [1] }), 'Permute', /^permute(_\d+)?$/],
  ];
  for (const [layer, cls, name] of names) {
    assert.equal(layer.className, cls);
    assert.match(layer.name, name);
    assert.equal(layer.countParams(), 0);
  }
});
