/**
 * GRU layer: finite-difference gradients for every option (both kernels, both resetAfter
 * modes), the shared oracle (PyTorch float64 in Keras layout), the PyTorch fixtures of
 * test/fixtures/torch/gru.json, hand-worked steps for dropout, behaviour, and errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gru, GRU } from '../../src/layers/gru.js';
import { Tensor, tensor, type DType } from '../../src/tensor/tensor.js';
import { setKernelVariant, type KernelVariant } from '../../src/kernels/dispatch.js';
import { setSeed } from '../../src/tensor/random.js';
import { addNode, accumulateGrad, backward, record } from '../../src/autograd/tape.js';
import { checkGradients, linearLoss, randomTensor } from '../helpers/gradcheck.js';
import { assertClose, flat, loadOracle, loadTorchFixture } from '../helpers/fixtures.js';

const variants: KernelVariant[] = ['reference', 'fast'];

// ---------------------------------------------------------------- finite-difference gradients

interface Opts {
  returnSequences: boolean; returnState: boolean; goBackwards: boolean; mask: 'none' | 'post' | 'pre';
  state: boolean; dropout: boolean; resetAfter: boolean; zeroOutputForMask?: boolean; useBias?: boolean;
  activation?: string; recurrentActivation?: string;
}

function gradcheckCase(variant: KernelVariant, o: Opts): void {
  setKernelVariant(variant);
  setSeed(3);
  const B = 2, T = 4, I = 3, U = 3;
  const layer = gru({
    units: U, returnSequences: o.returnSequences, returnState: o.returnState, goBackwards: o.goBackwards,
    resetAfter: o.resetAfter, dtype: 'float64', biasInitializer: 'randomNormal', recurrentInitializer: 'glorotUniform',
    ...(o.zeroOutputForMask ? { zeroOutputForMask: true } : {}),
    ...(o.useBias === false ? { useBias: false } : {}),
    ...(o.activation ? { activation: o.activation } : {}),
    ...(o.recurrentActivation ? { recurrentActivation: o.recurrentActivation } : {}),
  });
  layer.ensureBuilt([null, T, I]);
  for (const v of layer.weights) v.value.data.forEach((_, i, a) => (a[i] = a[i]! * 1.5));
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
      // With returnState the loss uses the output and the final state.
      return linearLoss(Array.isArray(out) ? out : [out]);
    },
    wrt,
    { label: `${variant} ${JSON.stringify(o)}`, atol: 1e-8, rtol: 1e-6 },
  );
  setKernelVariant('fast');
}

const base: Omit<Opts, 'resetAfter'> = { returnSequences: false, returnState: false, goBackwards: false, mask: 'none', state: false, dropout: false };
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
  { recurrentActivation: 'hardSigmoid', activation: 'relu', returnSequences: true, state: true },
  { useBias: false, returnSequences: true },
];

for (const variant of variants) {
  for (const resetAfter of [true, false]) {
    test(`GRU finite-difference gradients, every option (${variant} kernel, resetAfter ${resetAfter})`, () => {
      for (const o of optionSets) gradcheckCase(variant, { ...base, resetAfter, ...o });
    });
  }
}

// ---------------------------------------------------------------- shared oracle

const tolerances: Record<DType, { rtol: number; atol: number; grtol: number; gatol: number }> = {
  float64: { rtol: 1e-12, atol: 1e-12, grtol: 1e-9, gatol: 1e-10 },
  float32: { rtol: 1e-5, atol: 1e-6, grtol: 1e-5, gatol: 2e-6 },
};

for (const variant of variants) {
  for (const dtype of ['float64', 'float32'] as DType[]) {
    test(`GRU forward matches the oracle gru_forward.json (${variant} kernel, ${dtype})`, () => {
      const oracle = loadOracle('gru_forward');
      assert.equal(oracle.cases.length, 11, 'gru_forward.json has 11 cases');
      const tol = tolerances[dtype];
      setKernelVariant(variant);
      try {
        for (const c of oracle.cases) {
          const layer = gru({ units: c.units, returnSequences: true, returnState: true, dtype });
          layer.ensureBuilt([null, c.timesteps, c.input_dim]);
          layer.setWeights([c.weights.kernel, c.weights.recurrent_kernel, c.weights.bias]);
          const [seq, h] = layer.apply(c.inputs, { initialState: [c.h0] }) as Tensor[];
          assert.deepEqual(seq!.shape, [c.batch, c.timesteps, c.units]);
          assertClose(seq!.data, c.expected.sequence, `${c.name} sequence`, tol.rtol, tol.atol);
          assertClose(h!.data, c.expected.final_h, `${c.name} final_h`, tol.rtol, tol.atol);
        }
      } finally {
        setKernelVariant('fast');
      }
    });
  }
}

test('GRU one-step worked example (worked_example.json) matches h', () => {
  const w = loadOracle('worked_example').gru;
  assert.equal(w.reset_after, true);
  for (const variant of variants) {
    setKernelVariant(variant);
    for (const dtype of ['float64', 'float32'] as DType[]) {
      const layer = gru({ units: w.units, returnState: true, dtype });
      layer.ensureBuilt([null, 1, w.input_dim]);
      layer.setWeights([w.weights.kernel, w.weights.recurrent_kernel, w.weights.bias]);
      const [out, h] = layer.apply([[w.x]], { initialState: [[w.h_prev]] }) as Tensor[];
      const tol = dtype === 'float64' ? [1e-14, 1e-15] : [1e-6, 1e-7];
      assertClose(h!.data, w.expected.h, `${variant} ${dtype} h`, tol[0], tol[1]);
      assertClose(out!.data, w.expected.h, `${variant} ${dtype} output`, tol[0], tol[1]);
    }
  }
  setKernelVariant('fast');
  // The trace's intermediates follow the equations in the README (checks the reading of the
  // bias rows: row 0 joins the input product, row 1 the recurrent one, inside r ⊙ (...)).
  const e = w.expected;
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  for (let u = 0; u < w.units; u++) {
    const U = w.units;
    assert.ok(Math.abs(sig(e.matrix_x[u] + e.matrix_inner[u]) - e.z[u]) < 1e-15);
    assert.ok(Math.abs(sig(e.matrix_x[U + u] + e.matrix_inner[U + u]) - e.r[u]) < 1e-15);
    assert.ok(Math.abs(Math.tanh(e.matrix_x[2 * U + u] + e.r[u] * e.matrix_inner[2 * U + u]) - e.hh[u]) < 1e-15);
  }
});

// ---------------------------------------------------------------- PyTorch fixtures

/** L = Σ_k Σ_i w_k[i] · t_k[i] with the fixture's weights, as one tape node. */
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
    test(`GRU matches the PyTorch fixtures gru.json: output, final state, gradients (${variant} kernel, ${dtype})`, () => {
      const fixture = loadTorchFixture('gru');
      const tol = dtype === 'float64'
        ? { rtol: 1e-12, atol: 1e-12, grtol: 1e-9, gatol: 1e-10 }
        : { rtol: 1e-5, atol: 1e-6, grtol: 1e-5, gatol: 2e-6 };
      setKernelVariant(variant);
      try {
        let resetBefore = 0;
        for (const c of fixture.cases) {
          assert.equal(c.layerType, 'GRU');
          if (!c.config.resetAfter) resetBefore++;
          const layer = gru({ ...c.config, dtype });
          layer.ensureBuilt([null, c.timesteps, c.inputDim]);
          layer.setWeights(c.weights);
          const x = tensor(c.inputs, undefined, dtype);
          x.requiresGrad = true;
          const h0 = c.initialState ? tensor(c.initialState[0], undefined, dtype) : null;
          if (h0) h0.requiresGrad = true;
          const mask = c.mask ? tensor(c.mask, undefined, dtype) : null;
          const loss = record(() => {
            const result = layer.invoke(x, { training: false, mask, initialState: h0 ? [h0] : undefined });
            const outs = Array.isArray(result) ? result : [result];
            const [output, ...states] = outs;
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
          if (c.mask) {
            // Padded input steps get exactly zero gradient.
            const m = flat(c.mask);
            for (let i = 0; i < x.size; i++) if (m[Math.floor(i / c.inputDim)] === 0) assert.equal(x.grad![i], 0);
          }
        }
        assert.ok(resetBefore > 0 && resetBefore < fixture.cases.length, 'fixtures cover both resetAfter modes');
      } finally {
        setKernelVariant('fast');
      }
    });
  }
}

// ---------------------------------------------------------------- hand-worked steps

/** One GRU step for one sample, written out independently of the library. */
function gruStepByHand(
  x: number[], hPrev: number[], kernel: number[][], rk: number[][], bias: number[][] | number[], resetAfter: boolean, recDrop: number[],
): number[] {
  const U = hPrev.length;
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const hd = hPrev.map((v, u) => v * recDrop[u]!);
  const xProj = (col: number) => x.reduce((s, xv, k) => s + xv * kernel[k]![col]!, 0);
  const hProj = (v: number[], col: number) => v.reduce((s, hv, k) => s + hv * rk[k]![col]!, 0);
  const bIn = resetAfter ? (bias as number[][])[0]! : (bias as number[]);
  const bRec = resetAfter ? (bias as number[][])[1]! : new Array(3 * U).fill(0);
  const z = hPrev.map((_, u) => sig(xProj(u) + bIn[u]! + hProj(hd, u) + bRec[u]!));
  const r = hPrev.map((_, u) => sig(xProj(U + u) + bIn[U + u]! + hProj(hd, U + u) + bRec[U + u]!));
  const rhd = hd.map((v, u) => r[u]! * v);
  const hh = hPrev.map((_, u) =>
    Math.tanh(
      xProj(2 * U + u) + bIn[2 * U + u]! +
        (resetAfter ? r[u]! * (hProj(hd, 2 * U + u) + bRec[2 * U + u]!) : hProj(rhd, 2 * U + u)),
    ),
  );
  // The carried state enters undropped.
  return hPrev.map((hp, u) => z[u]! * hp + (1 - z[u]!) * hh[u]!);
}

test('GRU recurrent dropout drops h_{t-1} in the recurrent products only; input dropout scales x', () => {
  const kernel = [[0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [0.7, 0.1, -0.3, 0.2, 0.5, -0.4]];
  const rk = [[0.2, -0.2, 0.1, -0.1, 0.4, -0.4], [0.3, 0.2, -0.5, 0.2, 0.1, 0.2]];
  const x = [0.9, -0.6];
  const h0 = [0.5, -0.7];
  for (const resetAfter of [true, false]) {
    const bias = resetAfter ? [[0.1, 0, -0.1, 0.2, 0.3, -0.2], [0.05, 0.1, 0, -0.3, 0.5, -0.5]] : [0.1, 0, -0.1, 0.2, 0.3, -0.2];
    const inputMask = [2, 0];
    const recMask = [0, 2];
    const expected = gruStepByHand(x.map((v, i) => v * inputMask[i]!), h0, kernel, rk, bias, resetAfter, recMask);
    const noDropout = gruStepByHand(x, h0, kernel, rk, bias, resetAfter, [1, 1]);
    for (const variant of variants) {
      setKernelVariant(variant);
      const layer = gru({ units: 2, dtype: 'float64', resetAfter, dropout: 0.5, recurrentDropout: 0.5 });
      layer.ensureBuilt([null, 1, 2]);
      layer.setWeights([kernel, rk, bias]);
      layer.fixedDropoutMasks = { input: tensor([inputMask], undefined, 'float64'), recurrent: tensor([recMask], undefined, 'float64') };
      const y = layer.apply([[x]], { initialState: [[h0]], training: true }) as Tensor;
      assertClose(y.data, expected, `${variant} resetAfter ${resetAfter} training`, 1e-14, 1e-15);
      const yInference = layer.apply([[x]], { initialState: [[h0]] }) as Tensor;
      assertClose(yInference.data, noDropout, `${variant} resetAfter ${resetAfter} inference`, 1e-14, 1e-15);
    }
  }
  setKernelVariant('fast');
});

test('GRU resetAfter=false two steps match the equations written out', () => {
  const kernel = [[0.3, -0.1, 0.2, 0.5, -0.4, 0.1]];
  const rk = [[0.1, 0.4, -0.2, 0.3, 0.6, -0.1], [-0.5, 0.2, 0.1, 0.2, -0.3, 0.4]];
  const bias = [0.2, -0.1, 0.05, 0, 0.1, -0.2];
  const xs = [[0.7], [-0.4]];
  let h = [0.1, -0.3];
  const expected: number[] = [];
  for (const x of xs) {
    h = gruStepByHand(x, h, kernel, rk, bias, false, [1, 1]);
    expected.push(...h);
  }
  for (const variant of variants) {
    setKernelVariant(variant);
    const layer = gru({ units: 2, dtype: 'float64', resetAfter: false, returnSequences: true });
    layer.ensureBuilt([null, 2, 1]);
    layer.setWeights([kernel, rk, bias]);
    const y = layer.apply([xs], { initialState: [[[0.1, -0.3]]] }) as Tensor;
    assertClose(y.data, expected, `${variant}`, 1e-14, 1e-15);
  }
  setKernelVariant('fast');
});

// ---------------------------------------------------------------- behaviour

test('GRU weights follow the Keras layout for both resetAfter modes', () => {
  setSeed(1);
  const layer = gru({ units: 4, inputShape: [5, 3] });
  layer.ensureBuilt([null, 5, 3]);
  assert.equal(layer.className, 'GRU');
  assert.equal(layer.stateCount, 1);
  const [k, rk, b] = layer.getWeights();
  assert.deepEqual(k!.shape, [3, 12]);
  assert.deepEqual(rk!.shape, [4, 12]);
  assert.deepEqual(b!.shape, [2, 12]);
  assert.ok(Array.from(b!.data).every((v) => v === 0));
  assert.deepEqual(layer.weights.map((w) => w.name), [`${layer.name}/kernel`, `${layer.name}/recurrent_kernel`, `${layer.name}/bias`]);
  assert.ok(/^gru(_\d+)?$/.test(layer.name), layer.name);
  // Orthogonal recurrent kernel: the rows of the [4, 12] matrix are orthonormal.
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let dot = 0;
      for (let c = 0; c < 12; c++) dot += rk!.data[i * 12 + c]! * rk!.data[j * 12 + c]!;
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `R Rᵀ[${i}][${j}] = ${dot}`);
    }
  }
  const limit = Math.sqrt(6 / (3 + 12)); // Glorot uniform
  assert.ok(Array.from(k!.data).every((v) => Math.abs(v) <= limit));
  const before = gru({ units: 2, resetAfter: false, biasInitializer: 'ones' });
  before.ensureBuilt([null, 1, 3]);
  assert.deepEqual(before.getWeights()[2]!.shape, [6]);
  assert.deepEqual(Array.from(before.getWeights()[2]!.data), [1, 1, 1, 1, 1, 1]);
  const noBias = gru({ units: 2, useBias: false });
  noBias.ensureBuilt([null, 1, 1]);
  assert.equal(noBias.getWeights().length, 2);
  assert.equal(noBias.countParams(), 1 * 6 + 2 * 6);
  assert.equal(layer.countParams(), 3 * 12 + 4 * 12 + 2 * 12);
  const config = gru({ units: 3, resetAfter: false, recurrentActivation: 'hardSigmoid' }).getConfig();
  assert.equal(config['resetAfter'], false);
  assert.equal(config['recurrentActivation'], 'hardSigmoid');
  assert.equal(config['activation'], 'tanh');
  assert.equal(config['units'], 3);
});

test('GRU output shapes: returnSequences, returnState, and goBackwards order', () => {
  setSeed(2);
  const x = randomTensor([2, 5, 3], -1, 1, false);
  const last = gru({ units: 4 }).apply(x) as Tensor;
  assert.deepEqual(last.shape, [2, 4]);
  const layer = gru({ units: 4, returnSequences: true, returnState: true });
  const outs = layer.apply(x) as Tensor[];
  assert.equal(outs.length, 2, 'returnState gives [output, h]');
  const [seq, h] = outs;
  assert.deepEqual(seq!.shape, [2, 5, 4]);
  assert.deepEqual(h!.shape, [2, 4]);
  assert.deepEqual(layer.computeOutputShape([null, 5, 3]), [[null, 5, 4], [null, 4]]);
  for (let b = 0; b < 2; b++) assert.deepEqual(Array.from(seq!.data.slice((b * 5 + 4) * 4, (b * 5 + 5) * 4)), Array.from(h!.data.slice(b * 4, b * 4 + 4)));
  for (const resetAfter of [true, false]) {
    const fw = gru({ units: 3, returnSequences: true, resetAfter, biasInitializer: 'randomNormal' });
    fw.ensureBuilt([null, 5, 3]);
    const bw = gru({ units: 3, returnSequences: true, goBackwards: true, resetAfter });
    bw.ensureBuilt([null, 5, 3]);
    bw.setWeights(fw.getWeights());
    const reversed = new Float64Array(x.size);
    for (let b = 0; b < 2; b++) for (let t = 0; t < 5; t++) for (let f = 0; f < 3; f++) reversed[(b * 5 + t) * 3 + f] = x.data[(b * 5 + 4 - t) * 3 + f]!;
    assert.deepEqual(Array.from((bw.apply(x) as Tensor).data), Array.from((fw.apply(new Tensor(reversed, [2, 5, 3])) as Tensor).data));
  }
});

test('GRU mask: state carried, output repeats the previous output, zeros before the first real step', () => {
  setSeed(4);
  for (const variant of variants) {
    setKernelVariant(variant);
    const layer = gru({ units: 2, returnSequences: true, returnState: true, dtype: 'float64', biasInitializer: 'randomNormal' });
    const x = randomTensor([1, 4, 2], -1, 1, false);
    const h0 = [[0.3, -0.2]];
    const [seq, h] = layer.apply(x, { mask: [[0, 1, 0, 1]], initialState: [h0] }) as Tensor[];
    const s = seq!.toArray() as number[][][];
    assert.deepEqual(s[0]![0], [0, 0]); // before the first real step: zeros, not h0
    assert.deepEqual(s[0]![2], s[0]![1]);
    assert.deepEqual(s[0]![3], Array.from(h!.data));
    const onlyReal = new Tensor(new Float64Array([x.data[2]!, x.data[3]!, x.data[6]!, x.data[7]!]), [1, 2, 2]);
    const [seq2] = layer.apply(onlyReal, { initialState: [h0] }) as Tensor[];
    assert.deepEqual(Array.from(seq2!.data.slice(2)), s[0]![3]);
    // zeroOutputForMask: zeros at masked steps, same state.
    const zeroing = gru({ units: 2, returnSequences: true, returnState: true, dtype: 'float64', zeroOutputForMask: true });
    zeroing.ensureBuilt([null, 4, 2]);
    zeroing.setWeights(layer.getWeights());
    const [seqZ, hZ] = zeroing.apply(x, { mask: [[0, 1, 0, 1]], initialState: [h0] }) as Tensor[];
    const sz = seqZ!.toArray() as number[][][];
    assert.deepEqual(sz[0]![2], [0, 0]);
    assert.deepEqual(sz[0]![1], s[0]![1]);
    assert.deepEqual(Array.from(hZ!.data), Array.from(h!.data));
  }
  setKernelVariant('fast');
});

test('stateful GRU carries its state across calls until resetStates', () => {
  setSeed(5);
  const layer = gru({ units: 3, stateful: true, returnSequences: true });
  const x = randomTensor([2, 6, 2], -1, 1, false);
  const whole = (layer.apply(x) as Tensor).data;
  layer.resetStates();
  const first = new Tensor(new Float64Array(12), [2, 3, 2]);
  const second = new Tensor(new Float64Array(12), [2, 3, 2]);
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
  assert.equal(layer.states!.length, 1);
  assert.throws(() => layer.apply(randomTensor([3, 2, 2], -1, 1, false)), /initialState\[0\]' expected shape \[3, 3\], got \[2, 3\].*resetStates/);
  layer.resetStates();
  assert.doesNotThrow(() => layer.apply(randomTensor([3, 2, 2], -1, 1, false)));
});

test('GRU bad input: errors name the argument, expected and actual', () => {
  assert.throws(() => gru({ units: 0 }), /layers\.gru: option 'units' expected an integer >= 1, got 0/);
  assert.throws(() => gru({ units: 2, unitForgetBias: true } as never), /layers\.gru: unknown option 'unitForgetBias'/);
  assert.throws(() => gru({ units: 2, activation: 'softmax' }), /layers\.gru: option 'activation' expected one of 'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu', 'exponential', got "softmax"/);
  assert.throws(() => gru({ units: 2, recurrentActivation: 'nope' }), /layers\.gru: option 'recurrentActivation' expected one of .*got "nope"/);
  assert.throws(() => gru({ units: 2, resetAfter: 'yes' as never }), /layers\.gru: option 'resetAfter' expected a boolean, got "yes"/);
  assert.throws(() => gru({ units: 2, kernelInitializer: 'nope' as never }), /kernelInitializer/);
  assert.throws(() => gru({ units: 2, recurrentDropout: 1 }), /dropout/);
  const layer = gru({ units: 2 });
  assert.throws(() => layer.apply([[1, 2]]), /argument 'x' expected rank 3 \[batch, timesteps, features\], got shape \[1, 2\]/);
  layer.apply([[[1, 2]]]);
  assert.throws(() => layer.apply([[[1, 2, 3]]]), /argument 'x' expected shape \[batch, timesteps, 2\], got \[1, 1, 3\]/);
  assert.throws(() => layer.apply([[[1, 2]]], { initialState: [[[0, 0]], [[0, 0]]] }), /'initialState' expected 1 tensors \(\[h\]\), got 2/);
  assert.throws(() => layer.apply([[[1, 2]]], { initialState: [[[0, 0, 0]]] }), /initialState\[0\]' expected shape \[1, 2\], got \[1, 3\]/);
  assert.throws(() => layer.apply([[[1, 2]]], { mask: [[1, 1]] }), /argument 'mask' expected shape \[1, 1\], got \[1, 2\]/);
  assert.throws(() => layer.setWeights([[[1]]]), /expected 3 weight arrays/);
  assert.throws(() => layer.setWeights([[[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], [0, 0, 0, 0, 0, 0]]), /weights\[2\]' \(.*bias\) expected shape \[2, 6\], got \[6\]/);
  assert.ok(layer instanceof GRU);
});
