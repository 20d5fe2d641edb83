/**
 * Recurrent layers with the activations beyond the six bounded or piecewise-linear ones:
 * LSTM, GRU (both resetAfter forms) and SimpleRNN with gelu, swish, elu, selu, softsign,
 * softplus, relu6 and exponential train a step on the default kernels (the wasm ones, by the
 * pass counts, on the wasm backend) to what the float64 reference kernels give; a built-in
 * cell run step by step (a subclass that keeps `call`) gives the fused layer's outputs and
 * gradients; and the names survive getConfig.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';
import { backward, record } from '../../src/autograd/tape.js';
import { setKernelVariant } from '../../src/kernels/dispatch.js';
import { getBackend } from '../../src/kernels/backend.js';
import { wasmPassCounts } from '../../src/kernels/wasm/callCounts.js';
import { sequential } from '../../src/models/sequential.js';
import { dense } from '../../src/layers/dense.js';
import { lstm } from '../../src/layers/lstm.js';
import { gru } from '../../src/layers/gru.js';
import { simpleRNN } from '../../src/layers/simpleRnn.js';
import { rnn } from '../../src/layers/rnn.js';
import { LSTMCell } from '../../src/layers/cells/lstmCell.js';
import { GRUCell } from '../../src/layers/cells/gruCell.js';
import { SimpleRNNCell } from '../../src/layers/cells/simpleRnnCell.js';
import type { RecurrentLayer } from '../../src/layers/recurrent.js';
import type { Layer } from '../../src/layers/layer.js';
import { linearLoss, randomTensor } from '../helpers/gradcheck.js';

type Kind = 'lstm' | 'gru' | 'simpleRnn';

/** [family, activation, recurrentActivation, layer factory]: every new name appears as each option somewhere. */
const cases: [string, string, string, Kind, (a: string, r: string) => Layer][] = [];
const makers: [string, Kind, (a: string, r: string) => Layer][] = [
  ['LSTM', 'lstm', (a, r) => lstm({ units: 4, activation: a, recurrentActivation: r, returnSequences: true, inputShape: [5, 3] })],
  ['GRU', 'gru', (a, r) => gru({ units: 4, activation: a, recurrentActivation: r, returnSequences: true, inputShape: [5, 3] })],
  ['GRU resetAfter false', 'gru', (a, r) => gru({ units: 4, activation: a, recurrentActivation: r, resetAfter: false, returnSequences: true, inputShape: [5, 3] })],
  ['SimpleRNN', 'simpleRnn', (a) => simpleRNN({ units: 4, activation: a, returnSequences: true, inputShape: [5, 3] })],
];
const pairs: [string, string][] = [
  ['gelu', 'sigmoid'], ['tanh', 'swish'], ['swish', 'gelu'], ['elu', 'softsign'], ['selu', 'softplus'], ['relu6', 'exponential'],
  ['softsign', 'relu6'], ['softplus', 'elu'], ['exponential', 'sigmoid'], ['tanh', 'selu'],
];
for (const [label, kind, make] of makers) {
  for (const [a, r] of pairs) {
    // SimpleRNN has no recurrentActivation: each pair's first name is its activation.
    if (kind === 'simpleRnn' && pairs.findIndex(([x]) => x === a) !== pairs.findIndex((p) => p[0] === a && p[1] === r)) continue;
    cases.push([label, a, r, kind, make]);
  }
}

const x = tensor(Array.from({ length: 4 * 5 * 3 }, (_, i) => Math.sin(0.37 * i + 0.1)), [4, 5, 3]);
const y = tensor(Array.from({ length: 4 * 5 }, (_, i) => Math.cos(0.53 * i)), [4, 5, 1]);

/**
 * One SGD step of [layer, dense(1)] on x, y: the loss and the weights after it. The initial
 * weights are scaled by `scale` so that pre-activations reach the activations' curved parts.
 */
function trainStep(make: () => Layer, initial: Tensor[] | null, scale: number): { loss: number; weights: Tensor[]; initial: Tensor[] } {
  setSeed(17);
  const model = sequential({ layers: [make(), dense({ units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const start = initial ?? model.getWeights().map((w) => new Tensor(Float32Array.from(w.data, (v) => v * scale), w.shape));
  model.setWeights(start);
  const loss = model.trainOnBatch(x, y) as number;
  return { loss, weights: model.getWeights(), initial: start };
}

test('each layer trains a step on the default kernels (wasm where the backend is) to what the reference kernels give', () => {
  assert.ok(cases.length >= 30, `${cases.length} cases`);
  let worst = 0;
  for (const [label, a, r, kind, make] of cases) {
    const name = `${label} ${a}/${r}`;
    const before = wasmPassCounts()[kind];
    // e^x as a gate or candidate feeds its growth back through h: the default weights
    // overflow it within five steps, smaller ones do not.
    const scale = a === 'exponential' || r === 'exponential' ? 0.4 : 1.5;
    const fast = trainStep(() => make(a, r), null, scale);
    assert.ok(Number.isFinite(fast.loss), `${name}: loss ${fast.loss}`);
    const after = wasmPassCounts()[kind];
    const onWasm = getBackend() === 'wasm' ? 1 : 0;
    assert.deepEqual([after.forward - before.forward, after.backward - before.backward], [onWasm, onWasm], `${name}: wasm passes`);
    setKernelVariant('reference');
    let ref: ReturnType<typeof trainStep>;
    try {
      ref = trainStep(() => make(a, r), fast.initial, scale);
    } finally {
      setKernelVariant('fast');
    }
    assert.ok(Math.abs(fast.loss - ref.loss) <= 1e-5 * Math.max(1, ref.loss), `${name}: loss ${fast.loss} vs reference ${ref.loss}`);
    fast.weights.forEach((w, i) => {
      // The step's update, w - w0, against the reference's, relative to the largest entry of
      // the reference's: float32 rounding scales with the gradients, which pairs such as
      // selu gates (z outside [0, 1]) make large.
      const w0 = fast.initial[i]!.data;
      const want = ref.weights[i]!.data.map((v, k) => v - w0[k]!);
      const got = w.data.map((v, k) => v - w0[k]!);
      const scale = Math.max(...want.map(Math.abs));
      // The step moved the weights (a check that cannot pass on untouched weights).
      assert.ok(scale > 0, `${name}: weight ${i} trained`);
      got.forEach((v, k) => assert.ok(Math.abs(v - want[k]!) <= 1e-4 * scale, `${name}: update of weight ${i}[${k}] ${v} vs ${want[k]} (largest ${scale})`));
      worst = Math.max(worst, ...got.map((v, k) => Math.abs(v - want[k]!) / scale));
    });
  }
  console.log(`largest update difference against the reference: ${worst.toExponential(2)} of the largest update`);
});

/** Outputs and weight gradients of one pass, as plain arrays. */
function run(layer: RecurrentLayer, input: Tensor): { out: number[]; grads: number[][] } {
  const out = record(() => layer.call(input, { training: false, mask: null, initialState: undefined })) as Tensor;
  backward(record(() => linearLoss([out])));
  const grads = layer.weights.map((w) => [...(w.value.grad ?? [])]);
  for (const w of layer.weights) w.value.grad = null;
  return { out: [...out.data], grads };
}

test('a built-in cell run step by step (a subclass keeping call) equals the fused layer with gelu and swish, outputs and gradients (float64)', () => {
  // A subclass leaves the fused kernels for the per-step cell (see test/layers/cells/rnn.test.ts).
  class SteppedLstm extends LSTMCell {}
  class SteppedGru extends GRUCell {}
  class SteppedRnn extends SimpleRNNCell {}
  const input = randomTensor([2, 4, 3], -1.5, 1.5, false);
  const pairsHere: [string, string][] = [['gelu', 'swish'], ['swish', 'gelu']];
  for (const [a, r] of pairsHere) {
    const builds: [string, () => RecurrentLayer, () => RecurrentLayer][] = [
      ['LSTM', () => lstm({ units: 3, activation: a, recurrentActivation: r, dtype: 'float64' }),
        () => rnn({ cell: new SteppedLstm({ units: 3, activation: a, recurrentActivation: r, dtype: 'float64' }), dtype: 'float64' })],
      ['GRU', () => gru({ units: 3, activation: a, recurrentActivation: r, dtype: 'float64' }),
        () => rnn({ cell: new SteppedGru({ units: 3, activation: a, recurrentActivation: r, dtype: 'float64' }), dtype: 'float64' })],
      ['GRU resetAfter false', () => gru({ units: 3, activation: a, recurrentActivation: r, resetAfter: false, dtype: 'float64' }),
        () => rnn({ cell: new SteppedGru({ units: 3, activation: a, recurrentActivation: r, resetAfter: false, dtype: 'float64' }), dtype: 'float64' })],
      ['SimpleRNN', () => simpleRNN({ units: 3, activation: a, dtype: 'float64' }),
        () => rnn({ cell: new SteppedRnn({ units: 3, activation: a, dtype: 'float64' }), dtype: 'float64' })],
    ];
    for (const [label, makeFused, makeStepped] of builds) {
      setSeed(9);
      const fused = makeFused();
      fused.ensureBuilt([null, 4, 3]);
      const stepped = makeStepped();
      stepped.ensureBuilt([null, 4, 3]);
      stepped.setWeights(fused.getWeights());
      const want = run(fused, input);
      const got = run(stepped, input);
      const name = `${label} ${a}/${r}`;
      got.out.forEach((v, i) => assert.ok(Math.abs(v - want.out[i]!) < 1e-12, `${name} output ${i}: ${v} vs ${want.out[i]}`));
      got.grads.forEach((g, j) => g.forEach((v, i) => assert.ok(Math.abs(v - want.grads[j]![i]!) < 1e-11, `${name} gradient ${j}[${i}]: ${v} vs ${want.grads[j]![i]}`)));
    }
  }
});

test('the activation names are kept by getConfig and rebuild the same layer', () => {
  const layer = lstm({ units: 2, activation: 'gelu', recurrentActivation: 'swish' });
  const config = layer.getConfig();
  assert.equal(config['activation'], 'gelu');
  assert.equal(config['recurrentActivation'], 'swish');
  assert.equal(gru({ units: 2, activation: 'selu', recurrentActivation: 'softplus' }).recurrentActivation.name, 'softplus');
  assert.equal(simpleRNN({ units: 2, activation: 'exponential' }).getConfig()['activation'], 'exponential');
});
