/**
 * The worked LSTM step against the shared oracle and against the real layer
 * (`layers.lstm({ returnState: true }).apply(x, { initialState: [h, c] })`), its shape
 * errors, and its text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstm } from '../../src/layers/lstm.js';
import type { Tensor, DType } from '../../src/tensor/tensor.js';
import { setKernelVariant, type KernelVariant } from '../../src/kernels/dispatch.js';
import {
  DEFAULT_WORKED_EXAMPLE,
  type GateActivationName,
  type LstmStepArgs,
  explainLstmStep,
  formatExplanation,
} from '../../src/explain/workedCell.js';
import { lstmWeightsFromJson } from '../../src/explain/weightsFile.js';
import { assertClose, loadOracle } from '../helpers/fixtures.js';

/** Deterministic values in [-1, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

function randomCase(seed: number, I: number, U: number, withState = true): LstmStepArgs {
  const r = lcg(seed);
  const mat = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, r));
  const vec = (n: number) => Array.from({ length: n }, r);
  return {
    kernel: mat(I, 4 * U),
    recurrentKernel: mat(U, 4 * U),
    bias: vec(4 * U),
    x: vec(I).map((v) => 2 * v),
    hPrev: withState ? vec(U) : undefined,
    cPrev: withState ? vec(U).map((v) => 3 * v) : undefined,
  };
}

/** Runs one step of the real layer with the same weights; returns [h, c]. */
function layerStep(args: LstmStepArgs, dtype: DType, recurrentActivation: GateActivationName = 'sigmoid'): [Tensor, Tensor] {
  const I = args.kernel.length;
  const U = args.recurrentKernel.length;
  const layer = lstm({ units: U, returnState: true, dtype, recurrentActivation, useBias: args.bias !== null });
  layer.ensureBuilt([null, 1, I]);
  layer.setWeights(args.bias === null ? [args.kernel as number[][], args.recurrentKernel as number[][]] : [args.kernel as number[][], args.recurrentKernel as number[][], args.bias as number[]]);
  const options = args.hPrev === undefined ? {} : { initialState: [[args.hPrev as number[]], [args.cPrev as number[]]] };
  const [, h, c] = layer.apply([[args.x as number[]]], options) as Tensor[];
  return [h!, c!];
}

test('explainLstmStep matches every intermediate of the oracle worked example', () => {
  const { lstm: ex } = loadOracle('worked_example');
  const r = explainLstmStep({
    kernel: ex.weights.kernel,
    recurrentKernel: ex.weights.recurrent_kernel,
    bias: ex.weights.bias,
    x: ex.x,
    hPrev: ex.h_prev,
    cPrev: ex.c_prev,
  });
  const e = ex.expected;
  const tol = [1e-12, 1e-12] as const;
  assertClose(r.z, e.z, 'z', ...tol);
  assertClose(r.preActivations.i, e.z_i, 'z_i', ...tol);
  assertClose(r.preActivations.f, e.z_f, 'z_f', ...tol);
  assertClose(r.preActivations.c, e.z_c, 'z_c', ...tol);
  assertClose(r.preActivations.o, e.z_o, 'z_o', ...tol);
  assertClose(r.i, e.i, 'i', ...tol);
  assertClose(r.f, e.f, 'f', ...tol);
  assertClose(r.g, e.c_tilde, 'c_tilde', ...tol);
  assertClose(r.o, e.o, 'o', ...tol);
  assertClose(r.c, e.c, 'c', ...tol);
  assertClose(r.tanhC, e.tanh_c, 'tanh_c', ...tol);
  assertClose(r.h, e.h, 'h', ...tol);
  // The contributions add up to z.
  r.z.forEach((z, k) => assert.ok(Math.abs(r.xW[k]! + r.hU[k]! + r.b[k]! - z) < 1e-15));
});

test('the built-in example: h and c equal the real layer (float64, both kernels)', () => {
  const r = explainLstmStep(DEFAULT_WORKED_EXAMPLE);
  for (const variant of ['reference', 'fast'] as KernelVariant[]) {
    setKernelVariant(variant);
    try {
      const [h, c] = layerStep(DEFAULT_WORKED_EXAMPLE, 'float64');
      assertClose(r.h, h.data, `h (${variant})`, 1e-12, 1e-13);
      assertClose(r.c, c.data, `c (${variant})`, 1e-12, 1e-13);
    } finally {
      setKernelVariant('fast');
    }
  }
});

test('random weights and sizes: h and c equal the real layer (float64 and float32, sigmoid and hardSigmoid)', () => {
  let seed = 1;
  for (const [I, U] of [[1, 1], [3, 2], [2, 5], [6, 3]] as const) {
    for (const withState of [true, false]) {
      for (const act of ['sigmoid', 'hardSigmoid'] as GateActivationName[]) {
        const args = randomCase(seed++, I, U, withState);
        const r = explainLstmStep({ ...args, recurrentActivation: act });
        const name = `I=${I} U=${U} state=${withState} ${act}`;
        const [h64, c64] = layerStep(args, 'float64', act);
        assertClose(r.h, h64.data, `${name} h float64`, 1e-12, 1e-13);
        assertClose(r.c, c64.data, `${name} c float64`, 1e-12, 1e-13);
        const [h32, c32] = layerStep(args, 'float32', act);
        assertClose(r.h, h32.data, `${name} h float32`, 1e-5, 1e-6);
        assertClose(r.c, c32.data, `${name} c float32`, 1e-5, 1e-6);
      }
    }
  }
});

test('a layer without bias matches bias: null', () => {
  const args = { ...randomCase(99, 2, 3), bias: null };
  const r = explainLstmStep(args);
  assert.deepEqual(r.b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const [h, c] = layerStep(args, 'float64');
  assertClose(r.h, h.data, 'h', 1e-12, 1e-13);
  assertClose(r.c, c.data, 'c', 1e-12, 1e-13);
});

test('missing states default to zeros', () => {
  const { hPrev: _h, cPrev: _c, ...noState } = DEFAULT_WORKED_EXAMPLE;
  const r = explainLstmStep(noState);
  assert.deepEqual(r.hPrev, [0, 0]);
  assert.deepEqual(r.cPrev, [0, 0]);
  r.c.forEach((c, u) => assert.equal(c, r.i[u]! * r.g[u]!));
});

test('shape errors name the field, the expected and the actual shape', () => {
  const base = DEFAULT_WORKED_EXAMPLE;
  const cases: [Partial<LstmStepArgs>, RegExp][] = [
    [{ kernel: [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6]] }, /field 'kernel' expected shape \[inputDim, 4\*units\] \(a positive multiple of 4 columns\), got \[2, 6\]/],
    [{ kernel: [[1, 2, 3, 4, 5, 6, 7, 8], [1, 2]] }, /field 'kernel' expected shape \[inputDim, 4\*units\], got rows of different lengths \(8, 2\)/],
    [{ recurrentKernel: [[0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]] }, /field 'recurrentKernel' expected shape \[2, 8\], got \[3, 8\]/],
    [{ recurrentKernel: [0, 0, 0, 0, 0, 0, 0, 0] as unknown as number[][] }, /field 'recurrentKernel' expected shape \[2, 8\], got \[8\]/],
    [{ bias: [0, 0, 1, 1, 0, 0] }, /field 'bias' expected shape \[8\], got \[6\]/],
    [{ bias: [[0, 0, 1, 1, 0, 0, 0, 0]] as unknown as number[] }, /field 'bias' expected shape \[8\], got \[1, 8\]/],
    [{ x: [1, 2, 3] }, /field 'x' expected shape \[2\], got \[3\]/],
    [{ hPrev: [0] }, /field 'hPrev' expected shape \[2\], got \[1\]/],
    [{ cPrev: [0, 0, 0] }, /field 'cPrev' expected shape \[2\], got \[3\]/],
    [{ x: [1, Number.NaN] }, /field 'x\[1\]' expected a finite number, got null/],
    [{ kernel: [[0.5, -0.5, 0.2, 0.4, '1', -1, 0.3, 0.6], [0.2, 0.1, -0.3, 0.5, -0.5, 0.5, 0.1, -0.2]] as unknown as number[][] }, /field 'kernel\[0\]\[4\]' expected a finite number, got "1"/],
    [{ recurrentActivation: 'relu' as GateActivationName }, /option 'recurrentActivation' expected one of 'sigmoid', 'hardSigmoid', got "relu"/],
  ];
  for (const [patch, pattern] of cases) {
    assert.throws(() => explainLstmStep({ ...base, ...patch }), (e: unknown) => e instanceof Error && pattern.test(e.message) && e.message.startsWith('explainLstmStep: '), pattern.source);
  }
});

test('lstmWeightsFromJson: object, snake_case and get_weights() array forms, with named errors', () => {
  const { kernel, recurrentKernel, bias } = DEFAULT_WORKED_EXAMPLE;
  assert.deepEqual(lstmWeightsFromJson({ kernel, recurrentKernel, bias }, 'w'), { kernel, recurrentKernel, bias });
  assert.deepEqual(lstmWeightsFromJson({ kernel, recurrent_kernel: recurrentKernel, bias }, 'w'), { kernel, recurrentKernel, bias });
  assert.deepEqual(lstmWeightsFromJson([kernel, recurrentKernel, bias], 'w'), { kernel, recurrentKernel, bias });
  assert.deepEqual(lstmWeightsFromJson([kernel, recurrentKernel], 'w'), { kernel, recurrentKernel, bias: null });
  assert.throws(() => lstmWeightsFromJson({ kernel, bias }, 'w.json'), /^ValueError: w.json: field 'recurrentKernel' is missing/);
  assert.throws(() => lstmWeightsFromJson({ kernel, recurrentKernel }, 'w.json'), /field 'bias' is missing/);
  assert.throws(() => lstmWeightsFromJson([kernel], 'w.json'), /expected \[kernel, recurrentKernel, bias\]/);
  assert.throws(() => lstmWeightsFromJson(3, 'w.json'), /expected an object \{kernel, recurrentKernel, bias\}/);
  assert.throws(() => lstmWeightsFromJson({ kernel, recurrentKernel: kernel.slice(0, 1), bias }, 'w.json'), /^ShapeError: w.json: field 'recurrentKernel' expected shape \[2, 8\], got \[1, 8\]/);
});

test('formatExplanation shows the equations, the inputs, the tables and the arithmetic', () => {
  const r = explainLstmStep(DEFAULT_WORKED_EXAMPLE);
  const text = formatExplanation(r);
  for (const eq of ['z = x·W + h_prev·U + b', 'i = σ(z_i)', 'f = σ(z_f)', 'g = tanh(z_c)', 'o = σ(z_o)', 'c = f*c_prev + i*g', 'h = o*tanh(c)']) {
    assert.ok(text.includes(eq), eq);
  }
  assert.ok(text.includes('x      = [0.5, -1]'));
  // every value of the tables, at 6 decimals
  for (const v of [...r.z, ...r.i, ...r.f, ...r.g, ...r.o, ...r.c, ...r.tanhC, ...r.h]) assert.ok(text.includes(v.toFixed(6)), String(v));
  // the written-out sums reproduce z
  assert.ok(text.includes('z_i = 0.5·0.5 + (-1)·0.2 + 0.1·0.1 + (-0.2)·(-0.1) + 0 = 0.08'));
  assert.ok(text.includes(`Result: h = [${r.h.map((v) => Number(v.toFixed(6))).join(', ')}]`));
  // columns of the gate table line up
  const table = text.split('\n').filter((l) => /^ {2}(unit {2}i=|\d {2,})/.test(l));
  assert.equal(table.length, 1 + r.units, table.join('\n'));
  assert.equal(new Set(table.map((l) => l.length)).size, 1, table.join('\n'));

  const brief = formatExplanation(r, { arithmetic: false, weights: false, decimals: 3 });
  assert.ok(!brief.includes('The arithmetic'));
  assert.ok(!brief.includes('Weights ('));
  assert.ok(brief.includes(r.h[0]!.toFixed(3)));
  assert.ok(formatExplanation(explainLstmStep({ ...DEFAULT_WORKED_EXAMPLE, recurrentActivation: 'hardSigmoid' })).includes('hσ(v) = min(max(0.2*v + 0.5, 0), 1)'));
});
