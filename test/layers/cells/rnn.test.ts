/**
 * layers.rnn: a built-in cell gives bit-identical outputs and gradients to its layer and runs
 * the same fused wasm kernels; a list of cells equals the stacked layers; a subclass that
 * changes `call` leaves the fused kernels; option and cell errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { setSeed } from '../../../src/tensor/random.js';
import { backward, record } from '../../../src/autograd/tape.js';
import { getBackend, setBackend, type Backend } from '../../../src/kernels/backend.js';
import { wasmPassCounts } from '../../../src/kernels/wasm/callCounts.js';
import { rnn } from '../../../src/layers/rnn.js';
import { lstm } from '../../../src/layers/lstm.js';
import { gru } from '../../../src/layers/gru.js';
import { simpleRNN } from '../../../src/layers/simpleRnn.js';
import { bidirectional } from '../../../src/layers/bidirectional.js';
import { LSTMCell, lstmCell } from '../../../src/layers/cells/lstmCell.js';
import { gruCell } from '../../../src/layers/cells/gruCell.js';
import { simpleRNNCell } from '../../../src/layers/cells/simpleRnnCell.js';
import { stackedRNNCells } from '../../../src/layers/stackedRnnCells.js';
import type { RecurrentLayer } from '../../../src/layers/recurrent.js';
import { linearLoss, randomTensor } from '../../helpers/gradcheck.js';

function input(shape: number[], dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Array.from({ length: n }, (_, i) => Math.sin(0.7 * i + 0.2)), shape, dtype);
}

/** Outputs and weight gradients of one forward/backward pass, as plain arrays. */
function run(layer: RecurrentLayer, x: Tensor, mask: Tensor | null): { out: number[][]; grads: number[][] } {
  const result = record(() => layer.call(x, { training: false, mask, initialState: undefined }));
  const outs = Array.isArray(result) ? result : [result];
  backward(record(() => linearLoss(outs)));
  const grads = layer.weights.map((w) => [...(w.value.grad ?? [])]);
  for (const w of layer.weights) w.value.grad = null;
  return { out: outs.map((t) => [...t.data]), grads };
}

const cases: [string, (seed: number) => RecurrentLayer, (seed: number) => RecurrentLayer, 'lstm' | 'gru' | 'simpleRnn'][] = [
  ['LSTM', () => lstm({ units: 5, returnSequences: true, returnState: true, recurrentActivation: 'hardSigmoid' }),
    () => rnn({ cell: lstmCell({ units: 5, recurrentActivation: 'hardSigmoid' }), returnSequences: true, returnState: true }), 'lstm'],
  ['GRU', () => gru({ units: 4, returnState: true, goBackwards: true }),
    () => rnn({ cell: gruCell({ units: 4 }), returnState: true, goBackwards: true }), 'gru'],
  ['GRU resetAfter false', () => gru({ units: 4, returnSequences: true, resetAfter: false }),
    () => rnn({ cell: gruCell({ units: 4, resetAfter: false }), returnSequences: true }), 'gru'],
  ['SimpleRNN', () => simpleRNN({ units: 6, returnSequences: true, activation: 'relu' }),
    () => rnn({ cell: simpleRNNCell({ units: 6, activation: 'relu' }), returnSequences: true }), 'simpleRnn'],
];

for (const backend of ['wasm', 'js'] as Backend[]) {
  test(`rnn({ cell }) is bit-identical to its layer, outputs and gradients, and runs the same kernels (${backend} backend)`, (t) => {
    const before = getBackend();
    try {
      setBackend(backend);
    } catch {
      t.skip('no WebAssembly SIMD here');
      return;
    }
    try {
      const x = input([3, 6, 4]);
      const mask = tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [0, 1, 1, 1, 1, 1]]);
      for (const [label, makeLayer, makeRnn, kind] of cases) {
        setSeed(21);
        const a = makeLayer(0);
        a.ensureBuilt([null, 6, 4]);
        setSeed(21);
        const b = makeRnn(0);
        b.ensureBuilt([null, 6, 4]);
        // Same seed, same draws: the weights themselves are identical, not just copied.
        assert.deepEqual(b.getWeights().map((w) => [...w.data]), a.getWeights().map((w) => [...w.data]), `${label}: initial weights`);
        for (const m of [null, mask]) {
          const countsBefore = wasmPassCounts()[kind];
          const ra = run(a, x, m);
          const mid = wasmPassCounts()[kind];
          const rb = run(b, x, m);
          const after = wasmPassCounts()[kind];
          assert.deepEqual(rb.out, ra.out, `${label}: outputs (mask ${m !== null})`);
          assert.deepEqual(rb.grads, ra.grads, `${label}: weight gradients (mask ${m !== null})`);
          const wasmRuns = backend === 'wasm' ? 1 : 0;
          assert.deepEqual([mid.forward - countsBefore.forward, mid.backward - countsBefore.backward], [wasmRuns, wasmRuns], `${label}: layer's wasm passes`);
          assert.deepEqual([after.forward - mid.forward, after.backward - mid.backward], [wasmRuns, wasmRuns], `${label}: rnn's wasm passes`);
        }
      }
    } finally {
      setBackend(before);
    }
  });
}

test('a subclass of a built-in cell that changes call() runs it step by step, not the fused kernels', () => {
  class DoubledLstmCell extends LSTMCell {
    override call(input: Tensor, states: Tensor[], args: { training: boolean }): [Tensor, Tensor[]] {
      const [out, next] = super.call(input, states, args);
      return [out, next];
    }
  }
  setSeed(4);
  const x = input([2, 5, 3]);
  const fused = rnn({ cell: lstmCell({ units: 3 }) });
  const stepped = rnn({ cell: new DoubledLstmCell({ units: 3 }) });
  fused.ensureBuilt([null, 5, 3]);
  stepped.ensureBuilt([null, 5, 3]);
  stepped.setWeights(fused.getWeights());
  const c0 = wasmPassCounts().lstm.forward;
  const a = fused.apply(x) as Tensor;
  const c1 = wasmPassCounts().lstm.forward;
  const b = stepped.apply(x) as Tensor;
  const c2 = wasmPassCounts().lstm.forward;
  assert.equal(c1 - c0, getBackend() === 'wasm' ? 1 : 0, 'the built-in cell runs the fused wasm kernel');
  assert.equal(c2 - c1, 0, 'the subclass does not');
  a.data.forEach((v, i) => assert.ok(Math.abs(v - b.data[i]!) < 1e-5, `entry ${i}: ${v} vs ${b.data[i]}`));
});

test('a list of cells equals the layers stacked (returnSequences between them), states in cell order', () => {
  setSeed(8);
  const x = randomTensor([2, 5, 3], -1, 1, false);
  const first = lstm({ units: 4, returnSequences: true, returnState: true, dtype: 'float64' });
  const second = gru({ units: 3, returnState: true, dtype: 'float64', resetAfter: false });
  const [h1, ...s1] = first.apply(x) as Tensor[];
  const [out, ...s2] = second.apply(h1!) as Tensor[];
  const stack = rnn({ cell: [lstmCell({ units: 4, dtype: 'float64' }), gruCell({ units: 3, dtype: 'float64', resetAfter: false })], returnState: true, dtype: 'float64' });
  stack.ensureBuilt([null, 5, 3]);
  stack.setWeights([...first.getWeights(), ...second.getWeights()]);
  assert.deepEqual(stack.weights.map((w) => w.name), [
    `${stack.name}/RNNCell_0/kernel`, `${stack.name}/RNNCell_0/recurrent_kernel`, `${stack.name}/RNNCell_0/bias`,
    `${stack.name}/RNNCell_1/kernel`, `${stack.name}/RNNCell_1/recurrent_kernel`, `${stack.name}/RNNCell_1/bias`,
  ]);
  const got = stack.apply(x) as Tensor[];
  const want = [out!, ...s1, ...s2];
  assert.equal(got.length, want.length);
  got.forEach((t, k) => t.data.forEach((v, i) => assert.ok(Math.abs(v - want[k]!.data[i]!) < 1e-12, `output ${k} entry ${i}`)));
  assert.equal(stack.units, 3);
  assert.deepEqual(stackedRNNCells({ cells: [lstmCell({ units: 4 }), simpleRNNCell({ units: 2 })] }).stateSize, [4, 4, 2]);
});

test('bidirectional(rnn(cell)) copies the cell for the backward direction and matches bidirectional(lstm)', () => {
  const x = input([2, 4, 3]);
  setSeed(5);
  const a = bidirectional({ layer: lstm({ units: 2, returnSequences: true }) });
  a.ensureBuilt([null, 4, 3]);
  setSeed(5);
  const b = bidirectional({ layer: rnn({ cell: lstmCell({ units: 2 }), returnSequences: true }) });
  b.ensureBuilt([null, 4, 3]);
  assert.notEqual(b.backwardLayer.cell, b.forwardLayer.cell);
  assert.deepEqual([...(b.apply(x) as Tensor).data], [...(a.apply(x) as Tensor).data]);
});

test('rnn and cell errors name the option, the expected and the actual value', () => {
  assert.throws(() => rnn({ cell: { units: 3 } as never }), /layers\.rnn: option 'cell' expected a cell/);
  assert.throws(() => rnn({ cell: lstmCell({ units: 3 }), units: 4 } as never), /option 'units' is the cell's output size, 3; got 4/);
  assert.throws(() => rnn({ cell: lstmCell({ units: 3 }), foo: 1 } as never), /layers\.rnn: unknown option 'foo'|foo/);
  assert.throws(() => lstmCell({ units: 0 }), /layers\.lstmCell: option 'units'/);
  assert.throws(() => gruCell({ units: 2, resetAfter: 'yes' as never }), /option 'resetAfter' expected a boolean/);
  assert.throws(() => stackedRNNCells({ cells: [] }), /option 'cells' expected a non-empty list of cells/);
  const shared = lstmCell({ units: 2 });
  assert.throws(() => stackedRNNCells({ cells: [shared, shared] }), /the same cell twice/);
  const owned = lstmCell({ units: 2 });
  const first = rnn({ cell: owned });
  const second = rnn({ cell: owned }); // an owned cell is copied, not shared
  assert.notEqual(second.cell, first.cell);
  const layer = rnn({ cell: lstmCell({ units: 2 }) });
  assert.throws(() => layer.apply(input([1, 3, 2]), { initialState: [[[0, 0]]] }), /argument 'initialState' expected 2 tensors \(\[h, c\]\), got 1/);
});
