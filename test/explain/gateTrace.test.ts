/**
 * The gate trace over a sequence: its h row by row equals the layer's output sequence and its
 * last h/c equal the layer's final states; each row is one worked step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstm } from '../../src/layers/lstm.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { setSeed } from '../../src/tensor/random.js';
import { lstmCellWeightsFromLayer, traceLstmGates } from '../../src/explain/gateTrace.js';
import { explainLstmStep, type GateActivationName } from '../../src/explain/workedCell.js';
import { assertClose } from '../helpers/fixtures.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

const cases = [
  { T: 1, I: 1, U: 1, state: false, act: 'sigmoid' },
  { T: 7, I: 3, U: 4, state: true, act: 'sigmoid' },
  { T: 12, I: 2, U: 3, state: false, act: 'sigmoid' },
  { T: 5, I: 4, U: 2, state: true, act: 'hardSigmoid' },
] as const;

test('traceLstmGates: final h/c and every h equal the layer (float64), with and without initial states', () => {
  setSeed(3);
  cases.forEach(({ T, I, U, state, act }, n) => {
    const r = lcg(100 + n);
    const inputs = Array.from({ length: T }, () => Array.from({ length: I }, () => 2 * r()));
    const h0 = state ? Array.from({ length: U }, r) : undefined;
    const c0 = state ? Array.from({ length: U }, r) : undefined;
    const layer = lstm({ units: U, returnSequences: true, returnState: true, dtype: 'float64', recurrentActivation: act });
    const options = state ? { initialState: [[h0!], [c0!]] } : {};
    const [seq, h, c] = layer.apply([inputs], options) as Tensor[]; // built with random (seeded) weights
    const weights = lstmCellWeightsFromLayer(layer);
    assert.equal(weights.recurrentActivation, act);
    const trace = traceLstmGates(weights, inputs, h0, c0, { recurrentActivation: weights.recurrentActivation });
    const name = `T=${T} I=${I} U=${U} ${act}`;
    for (const key of ['i', 'f', 'g', 'o', 'c', 'h'] as const) {
      assert.equal(trace[key].length, T, `${name} ${key} rows`);
      assert.ok(trace[key].every((row) => row.length === U), `${name} ${key} columns`);
    }
    assertClose(trace.h.at(-1), h!.data, `${name} final h`, 1e-12, 1e-13);
    assertClose(trace.c.at(-1), c!.data, `${name} final c`, 1e-12, 1e-13);
    assertClose(trace.h, seq!.data, `${name} h sequence`, 1e-12, 1e-13);
  });
});

test('each row of the trace is one worked step from the previous row', () => {
  const r = lcg(7);
  const I = 2, U = 3;
  const weights = {
    kernel: Array.from({ length: I }, () => Array.from({ length: 4 * U }, r)),
    recurrentKernel: Array.from({ length: U }, () => Array.from({ length: 4 * U }, r)),
    bias: Array.from({ length: 4 * U }, r),
  };
  const inputs = Array.from({ length: 4 }, () => Array.from({ length: I }, r));
  for (const act of ['sigmoid', 'hardSigmoid'] as GateActivationName[]) {
    const trace = traceLstmGates(weights, inputs, undefined, undefined, { recurrentActivation: act });
    let h = [0, 0, 0], c = [0, 0, 0];
    inputs.forEach((x, t) => {
      const step = explainLstmStep({ ...weights, x, hPrev: h, cPrev: c, recurrentActivation: act });
      assert.deepEqual([trace.i[t], trace.f[t], trace.g[t], trace.o[t], trace.c[t], trace.h[t]], [step.i, step.f, step.g, step.o, step.c, step.h]);
      h = step.h;
      c = step.c;
    });
  }
});

test('traceLstmGates and lstmCellWeightsFromLayer reject bad input with named errors', () => {
  const layer = lstm({ units: 2 });
  assert.throws(() => lstmCellWeightsFromLayer(layer), /lstmCellWeightsFromLayer: argument 'layer' expected a built LSTM layer/);
  const relu = lstm({ units: 2, activation: 'relu' });
  relu.apply([[[1]]]);
  assert.throws(() => lstmCellWeightsFromLayer(relu), /expected activation 'tanh', got 'relu'/);
  layer.apply([[[1, 2]]]);
  const w = lstmCellWeightsFromLayer(layer);
  assert.throws(() => traceLstmGates(w, []), /traceLstmGates: argument 'inputs' expected shape \[time >= 1, 2\], got \[0\]/);
  assert.throws(() => traceLstmGates(w, [[1, 2], [1]]), /argument 'inputs\[1\]' expected shape \[2\], got \[1\]/);
  assert.throws(() => traceLstmGates(w, [[1, 2]], [0]), /argument 'h0' expected shape \[2\], got \[1\]/);
  assert.throws(() => traceLstmGates({ ...w, bias: [0] }, [[1, 2]]), /traceLstmGates: field 'bias' expected shape \[8\], got \[1\]/);
});
