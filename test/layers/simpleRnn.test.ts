/**
 * SimpleRNN layer: finite-difference gradients for every option (both kernels), the PyTorch
 * fixtures of test/fixtures/torch/simple_rnn.json, hand-worked steps, behaviour, and errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simpleRNN, SimpleRNN } from '../../src/layers/simpleRnn.js';
import { Tensor, tensor, type DType } from '../../src/tensor/tensor.js';
import { setKernelVariant, type KernelVariant } from '../../src/kernels/dispatch.js';
import { setSeed } from '../../src/tensor/random.js';
import { addNode, accumulateGrad, backward, record } from '../../src/autograd/tape.js';
import { checkGradients, linearLoss, randomTensor } from '../helpers/gradcheck.js';
import { assertClose, flat, loadTorchFixture } from '../helpers/fixtures.js';

const variants: KernelVariant[] = ['reference', 'fast'];

// ---------------------------------------------------------------- finite-difference gradients

interface Opts {
  returnSequences: boolean; returnState: boolean; goBackwards: boolean; mask: 'none' | 'post' | 'pre';
  state: boolean; dropout: boolean; zeroOutputForMask?: boolean; useBias?: boolean; activation?: string;
}

function gradcheckCase(variant: KernelVariant, o: Opts): void {
  setKernelVariant(variant);
  setSeed(7);
  const B = 2, T = 4, I = 3, U = 3;
  const layer = simpleRNN({
    units: U, returnSequences: o.returnSequences, returnState: o.returnState, goBackwards: o.goBackwards,
    dtype: 'float64', biasInitializer: 'randomNormal', recurrentInitializer: 'glorotUniform',
    ...(o.zeroOutputForMask ? { zeroOutputForMask: true } : {}),
    ...(o.useBias === false ? { useBias: false } : {}),
    ...(o.activation ? { activation: o.activation } : {}),
  });
  layer.ensureBuilt([null, T, I]);
  for (const v of layer.weights) v.value.data.forEach((_, i, a) => (a[i] = a[i]! * 1.3));
  const x = randomTensor([B, T, I]);
  const h0 = randomTensor([B, U], -0.5, 0.5);
  const masks = { post: [[1, 1, 1, 0], [1, 1, 0, 0]], pre: [[0, 1, 1, 1], [0, 0, 1, 1]] };
  const mask = o.mask === 'none' ? null : tensor(masks[o.mask], undefined, 'float64');
  if (o.dropout) {
    layer.fixedDropoutMasks = {
      input: tensor([[2, 0, 2], [0, 2, 2]], undefined, 'float64'),
      recurrent: tensor([[0, 2, 2], [2, 2, 0]], undefined, 'float64'),
    };
  }
  const wrt = [x, ...layer.weights.map((v) => v.value), ...(o.state ? [h0] : [])];
  checkGradients(
    () => {
      const out = layer.invoke(x, { training: o.dropout, mask, initialState: o.state ? [h0] : undefined });
      return linearLoss(Array.isArray(out) ? out : [out]);
    },
    wrt,
    { label: `${variant} ${JSON.stringify(o)}`, atol: 1e-8, rtol: 1e-6 },
  );
  setKernelVariant('fast');
}

const base: Opts = { returnSequences: false, returnState: false, goBackwards: false, mask: 'none', state: false, dropout: false };
const optionSets: Partial<Opts>[] = [
  {},
  { returnSequences: true },
  { returnState: true, state: true },
  { returnSequences: true, returnState: true, state: true, goBackwards: true },
  { mask: 'post' },
  { mask: 'post', returnSequences: true },
  { mask: 'pre', returnSequences: true, returnState: true, state: true },
  { mask: 'post', returnSequences: true, goBackwards: true, returnState: true, state: true },
  { mask: 'pre', returnSequences: true, zeroOutputForMask: true, state: true },
  { dropout: true, returnSequences: true },
  { dropout: true, returnState: true, state: true, mask: 'post' },
  { activation: 'relu', returnSequences: true, state: true },
  { activation: 'hardSigmoid', returnSequences: true },
  { useBias: false, returnSequences: true },
];

for (const variant of variants) {
  test(`SimpleRNN finite-difference gradients, every option (${variant} kernel)`, () => {
    for (const o of optionSets) gradcheckCase(variant, { ...base, ...o });
  });
}

// ---------------------------------------------------------------- PyTorch fixtures

function weightedSum(tensors: Tensor[], weights: number[][]): Tensor {
  let sum = 0;
  tensors.forEach((t, k) => {
    assert.equal(t.size, weights[k]!.length, 'loss weight count');
    for (let i = 0; i < t.size; i++) sum += weights[k]![i]! * t.data[i]!;
  });
  const out = new Tensor(new Float64Array([sum]), []);
  addNode(tensors, [out], () => {
    const g = out.grad ? out.grad[0]! : 0;
    tensors.forEach((t, k) => accumulateGrad(t, weights[k]!.map((w) => w * g)));
  });
  return out;
}

for (const variant of variants) {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    test(`SimpleRNN matches the PyTorch fixtures simple_rnn.json: output, final state, gradients (${variant} kernel, ${dtype})`, () => {
      const fixture = loadTorchFixture('simple_rnn');
      const tol = dtype === 'float64'
        ? { rtol: 1e-12, atol: 1e-12, grtol: 1e-9, gatol: 1e-10 }
        : { rtol: 1e-5, atol: 1e-6, grtol: 1e-5, gatol: 2e-6 };
      setKernelVariant(variant);
      try {
        assert.ok(fixture.cases.length >= 5);
        for (const c of fixture.cases) {
          assert.equal(c.layerType, 'SimpleRNN');
          const layer = simpleRNN({ ...c.config, dtype });
          layer.ensureBuilt([null, c.timesteps, c.inputDim]);
          layer.setWeights(c.weights);
          const x = tensor(c.inputs, undefined, dtype);
          x.requiresGrad = true;
          const h0 = c.initialState ? tensor(c.initialState[0], undefined, dtype) : null;
          if (h0) h0.requiresGrad = true;
          const mask = c.mask ? tensor(c.mask, undefined, dtype) : null;
          const loss = record(() => {
            const result = layer.invoke(x, { training: false, mask, initialState: h0 ? [h0] : undefined });
            const [output, ...states] = Array.isArray(result) ? result : [result];
            assertClose(output!.data, c.expected.output, `${c.name} output`, tol.rtol, tol.atol);
            if (c.config.returnState) {
              assert.equal(states.length, 1);
              assertClose(states[0]!.data, c.expected.finalStates[0], `${c.name} final state`, tol.rtol, tol.atol);
            }
            const used = c.loss.wStates ? [output!, ...states] : [output!];
            const weights = [flat(c.loss.wOutput), ...(c.loss.wStates ? c.loss.wStates.map((w: unknown) => flat(w)) : [])];
            return weightedSum(used, weights);
          });
          assertClose([loss.data[0]], [c.loss.value], `${c.name} loss`, tol.rtol, tol.atol);
          backward(loss);
          const names = ['kernel', 'recurrentKernel', 'bias'];
          layer.weights.forEach((v, i) => assertClose(v.value.grad!, c.grads.weights[i], `${c.name} d${names[i]}`, tol.grtol, tol.gatol));
          assertClose(x.grad!, c.grads.inputs, `${c.name} dInputs`, tol.grtol, tol.gatol);
          if (h0) assertClose(h0.grad!, c.grads.initialState[0], `${c.name} dh0`, tol.grtol, tol.gatol);
        }
      } finally {
        setKernelVariant('fast');
      }
    });
  }
}

// ---------------------------------------------------------------- hand-worked steps

test('SimpleRNN two steps with dropout match tanh(x·W + (h ⊙ m)·U + b) written out', () => {
  const kernel = [[0.4, -0.3], [0.2, 0.6]];
  const rk = [[0.5, 0.1], [-0.7, 0.3]];
  const bias = [0.1, -0.2];
  const xs = [[1, -0.5], [0.25, 0.75]];
  const h0 = [0.2, -0.4];
  const inMask = [2, 0];
  const recMask = [0, 2];
  const step = (x: number[], h: number[], im: number[], rm: number[]) =>
    [0, 1].map((u) => Math.tanh(
      x[0]! * im[0]! * kernel[0]![u]! + x[1]! * im[1]! * kernel[1]![u]! +
        h[0]! * rm[0]! * rk[0]![u]! + h[1]! * rm[1]! * rk[1]![u]! + bias[u]!,
    ));
  for (const [training, im, rm] of [[true, inMask, recMask], [false, [1, 1], [1, 1]]] as const) {
    const h1 = step(xs[0]!, h0, [...im], [...rm]);
    const h2 = step(xs[1]!, h1, [...im], [...rm]);
    for (const variant of variants) {
      setKernelVariant(variant);
      const layer = simpleRNN({ units: 2, dtype: 'float64', returnSequences: true, dropout: 0.5, recurrentDropout: 0.5 });
      layer.ensureBuilt([null, 2, 2]);
      layer.setWeights([kernel, rk, bias]);
      layer.fixedDropoutMasks = { input: tensor([inMask], undefined, 'float64'), recurrent: tensor([recMask], undefined, 'float64') };
      const y = layer.apply([xs], { initialState: [[h0]], training }) as Tensor;
      assertClose(y.data, [...h1, ...h2], `${variant} training ${training}`, 1e-14, 1e-15);
    }
  }
  setKernelVariant('fast');
});

// ---------------------------------------------------------------- behaviour

test('SimpleRNN weights follow the Keras layout', () => {
  setSeed(1);
  const layer = simpleRNN({ units: 4 });
  layer.ensureBuilt([null, 5, 3]);
  assert.equal(layer.className, 'SimpleRNN');
  assert.equal(layer.stateCount, 1);
  assert.ok(/^simple_rnn(_\d+)?$/.test(layer.name), layer.name);
  const [k, rk, b] = layer.getWeights();
  assert.deepEqual(k!.shape, [3, 4]);
  assert.deepEqual(rk!.shape, [4, 4]);
  assert.deepEqual(b!.shape, [4]);
  assert.deepEqual(layer.weights.map((w) => w.name), [`${layer.name}/kernel`, `${layer.name}/recurrent_kernel`, `${layer.name}/bias`]);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let dot = 0;
      for (let c = 0; c < 4; c++) dot += rk!.data[i * 4 + c]! * rk!.data[j * 4 + c]!;
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `R Rᵀ[${i}][${j}] = ${dot}`);
    }
  }
  assert.equal(layer.countParams(), 12 + 16 + 4);
  const noBias = simpleRNN({ units: 2, useBias: false });
  noBias.ensureBuilt([null, 1, 1]);
  assert.equal(noBias.getWeights().length, 2);
  const config = simpleRNN({ units: 3, activation: 'relu' }).getConfig();
  assert.equal(config['activation'], 'relu');
  assert.equal(config['units'], 3);
});

test('SimpleRNN shapes, goBackwards order, mask rules and statefulness', () => {
  setSeed(2);
  const x = randomTensor([2, 5, 3], -1, 1, false);
  const layer = simpleRNN({ units: 4, returnSequences: true, returnState: true });
  const outs = layer.apply(x) as Tensor[];
  assert.equal(outs.length, 2);
  assert.deepEqual(outs[0]!.shape, [2, 5, 4]);
  assert.deepEqual(outs[1]!.shape, [2, 4]);
  assert.deepEqual((simpleRNN({ units: 4 }).apply(x) as Tensor).shape, [2, 4]);
  const fw = simpleRNN({ units: 3, returnSequences: true, biasInitializer: 'randomNormal' });
  fw.ensureBuilt([null, 5, 3]);
  const bw = simpleRNN({ units: 3, returnSequences: true, goBackwards: true });
  bw.ensureBuilt([null, 5, 3]);
  bw.setWeights(fw.getWeights());
  const reversed = new Float64Array(x.size);
  for (let b = 0; b < 2; b++) for (let t = 0; t < 5; t++) for (let f = 0; f < 3; f++) reversed[(b * 5 + t) * 3 + f] = x.data[(b * 5 + 4 - t) * 3 + f]!;
  assert.deepEqual(Array.from((bw.apply(x) as Tensor).data), Array.from((fw.apply(new Tensor(reversed, [2, 5, 3])) as Tensor).data));

  const masked = simpleRNN({ units: 2, returnSequences: true, returnState: true, dtype: 'float64', biasInitializer: 'randomNormal' });
  const xm = randomTensor([1, 4, 2], -1, 1, false);
  const [seq, h] = masked.apply(xm, { mask: [[0, 1, 0, 1]], initialState: [[[0.3, -0.2]]] }) as Tensor[];
  const s = seq!.toArray() as number[][][];
  assert.deepEqual(s[0]![0], [0, 0]);
  assert.deepEqual(s[0]![2], s[0]![1]);
  assert.deepEqual(s[0]![3], Array.from(h!.data));

  const stateful = simpleRNN({ units: 3, stateful: true, returnSequences: true });
  const xs = randomTensor([2, 6, 2], -1, 1, false);
  const whole = (stateful.apply(xs) as Tensor).data;
  stateful.resetStates();
  const first = new Tensor(new Float64Array(12), [2, 3, 2]);
  const second = new Tensor(new Float64Array(12), [2, 3, 2]);
  for (let b = 0; b < 2; b++) {
    for (let i = 0; i < 6; i++) {
      first.data[b * 6 + i] = xs.data[b * 12 + i]!;
      second.data[b * 6 + i] = xs.data[b * 12 + 6 + i]!;
    }
  }
  stateful.apply(first);
  const tail = (stateful.apply(second) as Tensor).data;
  for (let b = 0; b < 2; b++) for (let i = 0; i < 9; i++) assert.ok(Math.abs(tail[b * 9 + i]! - whole[b * 18 + 9 + i]!) < 1e-6);
});

test('SimpleRNN bad input: errors name the argument, expected and actual', () => {
  assert.throws(() => simpleRNN({ units: -1 }), /layers\.simple_rnn: option 'units' expected an integer >= 1, got -1|layers\.simpleRNN/);
  assert.throws(() => simpleRNN({ units: 2, recurrentActivation: 'sigmoid' } as never), /layers\.simpleRNN: unknown option 'recurrentActivation'/);
  assert.throws(() => simpleRNN({ units: 2, activation: 'softmax' }), /layers\.simpleRNN: option 'activation' expected one of 'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu', 'exponential', got "softmax"/);
  assert.throws(() => simpleRNN({ units: 2, biasInitializer: 'nope' as never }), /biasInitializer/);
  const layer = simpleRNN({ units: 2 });
  assert.throws(() => layer.apply([1, 2]), /argument 'x' expected rank 3 \[batch, timesteps, features\], got shape \[2\]/);
  layer.apply([[[1, 2]]]);
  assert.throws(() => layer.apply([[[1]]]), /argument 'x' expected shape \[batch, timesteps, 2\], got \[1, 1, 1\]/);
  assert.throws(() => layer.apply([[[1, 2]]], { initialState: [[[0, 0]], [[0, 0]]] }), /'initialState' expected 1 tensors \(\[h\]\), got 2/);
  assert.throws(() => layer.apply([[[1, 2]]], { initialState: [[[0, 0], [0, 0]]] }), /initialState\[0\]' expected shape \[1, 2\], got \[2, 2\]/);
  assert.ok(layer instanceof SimpleRNN);
});
