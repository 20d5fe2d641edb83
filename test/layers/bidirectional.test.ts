/** Bidirectional: Keras alignment rules, merge modes, masks, and finite-difference gradients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bidirectional, type MergeMode } from '../../src/layers/bidirectional.js';
import { lstm } from '../../src/layers/lstm.js';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';
import { checkGradients, linearLoss, randomTensor } from '../helpers/gradcheck.js';

test('Bidirectional concat aligns the backward half to input time', () => {
  setSeed(1);
  const inner = lstm({ units: 2, returnSequences: true, dtype: 'float64' });
  const bi = bidirectional({ layer: inner });
  const x = randomTensor([1, 3, 2], -1, 1, false);
  const out = bi.apply(x) as Tensor;
  assert.deepEqual(out.shape, [1, 3, 4]);
  const bwSeq = (bi.backwardLayer.apply(x) as Tensor).toArray() as number[][][]; // processing order
  const fwSeq = (bi.forwardLayer.apply(x) as Tensor).toArray() as number[][][];
  const o = out.toArray() as number[][][];
  for (let t = 0; t < 3; t++) {
    assert.deepEqual(o[0]![t]!.slice(0, 2), fwSeq[0]![t]);
    assert.deepEqual(o[0]![t]!.slice(2), bwSeq[0]![2 - t]);
  }
  assert.equal(bi.weights.length, 6);
  assert.equal(bi.countParams(), 2 * (2 * 8 + 2 * 8 + 8));
});

test('Bidirectional without returnSequences pairs forward last h with backward h after x_0', () => {
  setSeed(2);
  const bi = bidirectional({ layer: lstm({ units: 3, dtype: 'float64' }) });
  const x = randomTensor([2, 4, 2], -1, 1, false);
  const out = bi.apply(x) as Tensor;
  const fw = bi.forwardLayer.apply(x) as Tensor;
  const bw = bi.backwardLayer.apply(x) as Tensor;
  const o = out.toArray() as number[][];
  assert.deepEqual(o[1]!.slice(0, 3), Array.from(fw.data.slice(3, 6)));
  assert.deepEqual(o[1]!.slice(3), Array.from(bw.data.slice(3, 6)));
});

test('Bidirectional merge modes sum, mul, ave', () => {
  setSeed(3);
  const x = randomTensor([1, 2, 2], -1, 1, false);
  const concat = bidirectional({ layer: lstm({ units: 2, dtype: 'float64' }) });
  concat.ensureBuilt([null, 2, 2]);
  const parts = (concat.apply(x) as Tensor).data;
  const expected: Record<Exclude<MergeMode, 'concat'>, (a: number, b: number) => number> = {
    sum: (a, b) => a + b, mul: (a, b) => a * b, ave: (a, b) => (a + b) / 2,
  };
  for (const mode of ['sum', 'mul', 'ave'] as const) {
    const bi = bidirectional({ layer: lstm({ units: 2, dtype: 'float64' }), mergeMode: mode });
    bi.ensureBuilt([null, 2, 2]);
    bi.setWeights(concat.getWeights());
    const out = (bi.apply(x) as Tensor).data;
    assert.equal(out.length, 2);
    for (let u = 0; u < 2; u++) assert.ok(Math.abs(out[u]! - expected[mode](parts[u]!, parts[2 + u]!)) < 1e-15, mode);
  }
  assert.throws(() => bidirectional({ layer: lstm({ units: 2 }), mergeMode: 'max' as never }), /option 'mergeMode' expected one of 'concat', 'sum', 'mul', 'ave', got "max"/);
  assert.throws(() => bidirectional({ layer: {} as never }), /option 'layer' expected a recurrent layer/);
});

test('Bidirectional with a mask and returnSequences: zeros at padded steps in both halves', () => {
  setSeed(4);
  const bi = bidirectional({ layer: lstm({ units: 2, returnSequences: true, dtype: 'float64' }) });
  const x = randomTensor([1, 4, 2], -1, 1, false);
  const out = (bi.apply(x, { mask: [[1, 1, 0, 0]] }) as Tensor).toArray() as number[][][];
  assert.deepEqual(out[0]![2], [0, 0, 0, 0]);
  assert.deepEqual(out[0]![3], [0, 0, 0, 0]);
  // The backward half starts at the last real step: equal to running on the 2 real steps.
  const real = new Tensor(x.data.slice(0, 4), [1, 2, 2]);
  const short = (bi.apply(real) as Tensor).toArray() as number[][][];
  for (let t = 0; t < 2; t++) for (let k = 0; k < 4; k++) assert.ok(Math.abs(out[0]![t]![k]! - short[0]![t]![k]!) < 1e-14);
});

test('Bidirectional finite-difference gradients: every merge mode, masks, states', () => {
  setSeed(5);
  for (const mergeMode of ['concat', 'sum', 'mul', 'ave'] as const) {
    for (const returnSequences of [true, false]) {
      for (const masked of [false, true]) {
        const bi = bidirectional({ layer: lstm({ units: 2, returnSequences, returnState: true, dtype: 'float64', biasInitializer: 'randomNormal' }), mergeMode });
        bi.ensureBuilt([null, 3, 2]);
        const x = randomTensor([2, 3, 2]);
        const states = [0, 1, 2, 3].map(() => randomTensor([2, 2], -0.5, 0.5));
        const mask = masked ? tensor([[1, 1, 0], [1, 0, 0]], undefined, 'float64') : null;
        checkGradients(
          () => linearLoss(bi.invoke(x, { training: false, mask, initialState: states }) as Tensor[]),
          [x, ...bi.weights.map((w) => w.value), ...states],
          { label: `${mergeMode} seq=${returnSequences} mask=${masked}`, atol: 1e-8, rtol: 1e-6 },
        );
      }
    }
  }
});
