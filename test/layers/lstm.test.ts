/** LSTM layer: finite-difference gradients for every option, behaviour, and errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstm, LSTM } from '../../src/layers/lstm.js';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { setKernelVariant, type KernelVariant } from '../../src/kernels/dispatch.js';
import { setSeed } from '../../src/tensor/random.js';
import { checkGradients, linearLoss, randomTensor } from '../helpers/gradcheck.js';

interface Opts {
  returnSequences: boolean; returnState: boolean; goBackwards: boolean; mask: boolean; state: boolean; dropout: boolean;
  recurrentActivation?: string;
}

function gradcheckCase(variant: KernelVariant, o: Opts): void {
  setKernelVariant(variant);
  setSeed(3);
  const B = 2, T = 4, I = 3, U = 3;
  const layer = lstm({
    units: U, returnSequences: o.returnSequences, returnState: o.returnState, goBackwards: o.goBackwards,
    dtype: 'float64', biasInitializer: 'randomNormal', ...(o.recurrentActivation ? { recurrentActivation: o.recurrentActivation } : {}),
    recurrentInitializer: 'glorotUniform',
  });
  layer.ensureBuilt([null, T, I]);
  for (const v of layer.weights) v.value.data.forEach((_, i, a) => (a[i] = a[i]! * 1.5));
  const x = randomTensor([B, T, I]);
  const h0 = randomTensor([B, U], -0.5, 0.5);
  const c0 = randomTensor([B, U], -0.5, 0.5);
  const mask = o.mask ? tensor([[1, 1, 1, 0], [1, 1, 0, 0]], undefined, 'float64') : null;
  if (o.dropout) {
    layer.fixedDropoutMasks = {
      input: tensor([[2, 0, 2], [0, 2, 2]], undefined, 'float64'),
      recurrent: tensor([[0, 2, 2], [2, 2, 0]], undefined, 'float64'),
    };
  }
  const wrt = [x, ...layer.weights.map((v) => v.value), ...(o.state ? [h0, c0] : [])];
  checkGradients(
    () => {
      const out = layer.invoke(x, { training: o.dropout, mask, initialState: o.state ? [h0, c0] : undefined });
      return linearLoss(Array.isArray(out) ? out : [out]);
    },
    wrt,
    { label: `${variant} ${JSON.stringify(o)}`, atol: 1e-8, rtol: 1e-6 },
  );
  setKernelVariant('fast');
}

const base: Opts = { returnSequences: false, returnState: false, goBackwards: false, mask: false, state: false, dropout: false };
const variants: Partial<Opts>[] = [
  {},
  { returnSequences: true },
  { returnState: true, state: true },
  { returnSequences: true, returnState: true, state: true, goBackwards: true },
  { mask: true },
  { mask: true, returnSequences: true },
  { mask: true, returnSequences: true, goBackwards: true, returnState: true, state: true },
  { dropout: true, returnSequences: true },
  { recurrentActivation: 'hardSigmoid', returnSequences: true },
];

for (const variant of ['reference', 'fast'] as KernelVariant[]) {
  test(`LSTM finite-difference gradients, every option (${variant} kernel)`, () => {
    for (const v of variants) gradcheckCase(variant, { ...base, ...v });
  });
}

test('LSTM weights follow the Keras layout, with the forget bias at 1', () => {
  setSeed(1);
  const layer = lstm({ units: 4, inputShape: [5, 3] });
  layer.ensureBuilt([null, 5, 3]);
  const [k, rk, b] = layer.getWeights();
  assert.deepEqual(k!.shape, [3, 16]);
  assert.deepEqual(rk!.shape, [4, 16]);
  assert.deepEqual(b!.shape, [16]);
  assert.deepEqual(Array.from(b!.data), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(layer.weights.map((w) => w.name), [`${layer.name}/kernel`, `${layer.name}/recurrent_kernel`, `${layer.name}/bias`]);
  // Orthogonal recurrent kernel: R Rᵀ = I for the [4, 16] matrix (rows orthonormal).
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let dot = 0;
      for (let c = 0; c < 16; c++) dot += rk!.data[i * 16 + c]! * rk!.data[j * 16 + c]!;
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `R Rᵀ[${i}][${j}] = ${dot}`);
    }
  }
  // Glorot uniform limit sqrt(6 / (3 + 16)).
  const limit = Math.sqrt(6 / 19);
  assert.ok(Array.from(k!.data).every((v) => Math.abs(v) <= limit));
  const withOnes = lstm({ units: 2, biasInitializer: 'ones', unitForgetBias: true });
  withOnes.ensureBuilt([null, 1, 1]);
  assert.deepEqual(Array.from(withOnes.getWeights()[2]!.data), [1, 1, 1, 1, 1, 1, 1, 1]);
  const noUfb = lstm({ units: 2, unitForgetBias: false });
  noUfb.ensureBuilt([null, 1, 1]);
  assert.deepEqual(Array.from(noUfb.getWeights()[2]!.data), [0, 0, 0, 0, 0, 0, 0, 0]);
  const noBias = lstm({ units: 2, useBias: false });
  noBias.ensureBuilt([null, 1, 1]);
  assert.equal(noBias.getWeights().length, 2);
});

test('LSTM output shapes: returnSequences, returnState, goBackwards order', () => {
  setSeed(2);
  const x = randomTensor([2, 5, 3], -1, 1, false);
  const last = lstm({ units: 4 }).apply(x) as Tensor;
  assert.deepEqual(last.shape, [2, 4]);
  const seqLayer = lstm({ units: 4, returnSequences: true, returnState: true });
  const [seq, h, c] = seqLayer.apply(x) as Tensor[];
  assert.deepEqual(seq!.shape, [2, 5, 4]);
  assert.deepEqual(h!.shape, [2, 4]);
  assert.deepEqual(c!.shape, [2, 4]);
  // The last step of the sequence is the final hidden state.
  assert.deepEqual(Array.from(seq!.data.slice(4 * 4, 5 * 4)), Array.from(h!.data.slice(0, 4)));
  // goBackwards on x equals forwards on reversed x, with the output in processing order.
  const fw = lstm({ units: 3, returnSequences: true });
  fw.ensureBuilt([null, 5, 3]);
  const bw = lstm({ units: 3, returnSequences: true, goBackwards: true });
  bw.ensureBuilt([null, 5, 3]);
  bw.setWeights(fw.getWeights());
  const reversed = new Float64Array(x.size);
  for (let b = 0; b < 2; b++) for (let t = 0; t < 5; t++) for (let f = 0; f < 3; f++) reversed[(b * 5 + t) * 3 + f] = x.data[(b * 5 + 4 - t) * 3 + f]!;
  const a = (bw.apply(x) as Tensor).data;
  const e = (fw.apply(new Tensor(reversed, [2, 5, 3])) as Tensor).data;
  assert.deepEqual(Array.from(a), Array.from(e));
});

test('LSTM mask: state carried, output repeats the previous output, zeros before the first real step', () => {
  setSeed(4);
  const layer = lstm({ units: 2, returnSequences: true, returnState: true, dtype: 'float64' });
  const x = randomTensor([1, 4, 2], -1, 1, false);
  const h0 = [[0.3, -0.2]];
  const c0 = [[0.1, 0.4]];
  const [seq, h] = layer.apply(x, { mask: [[0, 1, 0, 1]], initialState: [h0, c0] }) as Tensor[];
  const s = seq!.toArray() as number[][][];
  assert.deepEqual(s[0]![0], [0, 0]); // before the first real step: zeros, not h0
  assert.deepEqual(s[0]![2], s[0]![1]); // masked step repeats the previous output
  assert.deepEqual(s[0]![3], Array.from(h!.data)); // last real step's h is the final state
  // Same as running only the real steps.
  const onlyReal = new Tensor(new Float64Array([x.data[2]!, x.data[3]!, x.data[6]!, x.data[7]!]), [1, 2, 2]);
  const [seq2] = layer.apply(onlyReal, { initialState: [h0, c0] }) as Tensor[];
  assert.deepEqual(Array.from(seq2!.data.slice(2)), s[0]![3]);
});

test('stateful LSTM carries states across calls until resetStates', () => {
  setSeed(5);
  const layer = lstm({ units: 3, stateful: true, returnSequences: true });
  const x = randomTensor([2, 6, 2], -1, 1, false);
  const whole = (layer.apply(x) as Tensor).data;
  layer.resetStates();
  const first = new Tensor(new Float64Array(2 * 3 * 2), [2, 3, 2]);
  const second = new Tensor(new Float64Array(2 * 3 * 2), [2, 3, 2]);
  for (let b = 0; b < 2; b++) {
    for (let i = 0; i < 6; i++) {
      first.data[b * 6 + i] = x.data[b * 12 + i]!;
      second.data[b * 6 + i] = x.data[b * 12 + 6 + i]!;
    }
  }
  layer.apply(first);
  const tail = (layer.apply(second) as Tensor).data;
  for (let b = 0; b < 2; b++) {
    for (let i = 0; i < 9; i++) assert.ok(Math.abs(tail[b * 9 + i]! - whole[b * 18 + 9 + i]!) < 1e-6);
  }
  assert.throws(() => layer.apply(randomTensor([3, 2, 2], -1, 1, false)), /initialState\[0\]' expected shape \[3, 3\], got \[2, 3\].*resetStates/);
  layer.resetStates();
  assert.doesNotThrow(() => layer.apply(randomTensor([3, 2, 2], -1, 1, false)));
});

test('LSTM dropout: identity when not training, one mask per sequence when training', () => {
  setSeed(6);
  const layer = lstm({ units: 3, dropout: 0.5, recurrentDropout: 0.5, returnSequences: true });
  const x = randomTensor([2, 3, 4], -1, 1, false);
  const a = (layer.apply(x) as Tensor).data;
  const b = (layer.apply(x) as Tensor).data;
  assert.deepEqual(Array.from(a), Array.from(b));
  layer.apply(x, { training: true });
  const m = layer.lastDropoutMasks.input!;
  assert.deepEqual(m.shape, [2, 4]);
  assert.ok(Array.from(m.data).every((v) => v === 0 || v === 2));
  assert.deepEqual(layer.lastDropoutMasks.recurrent!.shape, [2, 3]);
});

test('LSTM bad input: errors name the argument, expected and actual', () => {
  assert.throws(() => lstm({ units: 0 }), /layers\.lstm: option 'units' expected an integer >= 1, got 0/);
  assert.throws(() => lstm({ units: 2, foo: 1 } as never), /layers\.lstm: unknown option 'foo'/);
  assert.throws(() => lstm({ units: 2, activation: 'softmax' }), /activation/);
  assert.throws(() => lstm({ units: 2, kernelInitializer: 'nope' as never }), /kernelInitializer/);
  assert.throws(() => lstm({ units: 2, dropout: 1.5 }), /dropout/);
  const layer = lstm({ units: 2 });
  assert.throws(() => layer.apply([[1, 2]]), /argument 'x' expected rank 3 \[batch, timesteps, features\], got shape \[1, 2\]/);
  layer.apply([[[1, 2]]]);
  assert.throws(() => layer.apply([[[1, 2, 3]]]), /argument 'x' expected shape \[batch, timesteps, 2\], got \[1, 1, 3\]/);
  assert.throws(() => layer.apply([[[1, NaN]]]), /argument 'x' contains NaN/);
  assert.throws(() => layer.apply([[[1, 2]]], { initialState: [[[0, 0]]] }), /'initialState' expected 2 tensors \(\[h, c\]\), got 1/);
  assert.throws(() => layer.apply([[[1, 2]]], { initialState: [[[0, 0, 0]], [[0, 0]]] }), /initialState\[0\]' expected shape \[1, 2\], got \[1, 3\]/);
  assert.throws(() => layer.apply([[[1, 2]]], { mask: [[1, 1]] }), /argument 'mask' expected shape \[1, 1\], got \[1, 2\]/);
  assert.throws(() => layer.setWeights([[[1]]]), /expected 3 weight arrays/);
  assert.ok(layer instanceof LSTM);
});
