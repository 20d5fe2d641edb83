/**
 * The WebAssembly LSTM and gemm against the readable reference kernels (float32 tolerance),
 * on odd sizes (1, 3, 17, 255, 513) and every option the wasm path takes, and across thread
 * counts 1, 2 and 4, which must give identical bits (each output element is always summed by
 * one thread in the same order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstmForwardReference, lstmBackwardReference } from '../../src/kernels/reference/lstm.js';
import { lstmForwardWasm, lstmBackwardWasm, wasmLstmApplies } from '../../src/kernels/wasm/lstm.js';
import { matmulReference } from '../../src/kernels/reference/matmul.js';
import { instantiateBuild, wasmRuntime, type WasmBuildName } from '../../src/kernels/wasm/runtime.js';
import { wasmGemm } from '../../src/kernels/wasm/gemm.js';
import { setNumThreads, whenThreadsReady, backendInfo } from '../../src/kernels/backend.js';
import type { LstmForwardArgs } from '../../src/kernels/lstmTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import { assertClose } from '../helpers/fixtures.js';
import { assertSameBitsOnThreads } from '../helpers/threadBits.js';
import { dropoutMask, randArray, sequenceMask, type MaskKind, optionGrid, ODD_SHAPES } from '../helpers/kernelCases.js';

const rt = wasmRuntime();

const rand = (n: number, lo = -1, hi = 1): Float32Array => randArray(n, false, lo, hi) as Float32Array;

interface Case {
  B: number; T: number; I: number; U: number;
  mask: MaskKind;
  goBackwards: boolean; state: boolean; dropout: boolean; zeroOutputForMask: boolean;
}

function makeArgs(c: Case): LstmForwardArgs {
  const { B, T, I, U } = c;
  const mask = sequenceMask(c.mask, B, T, false);
  const rdm = c.dropout ? dropoutMask(B * U, false) : null;
  const scale = 1 / Math.sqrt(Math.max(I, U));
  return {
    x: rand(B * T * I), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: rand(I * 4 * U, -scale, scale), recurrentKernel: rand(U * 4 * U, -scale, scale), bias: rand(4 * U),
    h0: c.state ? rand(B * U, -0.5, 0.5) : null, c0: c.state ? rand(B * U, -0.5, 0.5) : null,
    mask, goBackwards: c.goBackwards, recurrentDropoutMask: rdm, zeroOutputForMask: c.zeroOutputForMask,
    activation: getRecurrentActivation('tanh', 'test', 'activation'),
    recurrentActivation: getRecurrentActivation('sigmoid', 'test', 'recurrentActivation'),
    needsBackward: true,
  };
}

const cases: Case[] = optionGrid(ODD_SHAPES, ({ k, ...p }) => ({
  ...p, state: k % 2 === 0, dropout: k % 3 === 0, zeroOutputForMask: k % 4 === 1,
}));

function run(c: Case, threads: number, seed: number) {
  setSeed(seed);
  const args = makeArgs(c);
  const fwd = lstmForwardWasm(rt!, threads, args);
  const { B, T, U } = c;
  const gradArgs = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U), dcT: rand(B * U) };
  const grads = lstmBackwardWasm(rt!, threads, { ...gradArgs, cache: fwd.cache });
  return { args, gradArgs, fwd, grads };
}

test('this Node has WebAssembly SIMD, so the wasm backend is the default (unless LSTM_TS_BACKEND says otherwise)', () => {
  const info = backendInfo();
  assert.ok(rt, `wasm unavailable: ${info.unavailableReason}`);
  assert.equal(info.backend, process.env['LSTM_TS_BACKEND'] || 'wasm');
  assert.ok(info.sharedMemory, 'Node always has SharedArrayBuffer');
});

test('wasm LSTM equals the reference kernel, forward and backward, on odd sizes and every option', () => {
  for (const [i, c] of cases.entries()) {
    const label = JSON.stringify(c);
    const { args, gradArgs, fwd, grads } = run(c, 1, 100 + i);
    assert.ok(wasmLstmApplies(args));
    const ref = lstmForwardReference(args);
    const tol = { r: 2e-4, a: 2e-5 };
    for (const key of ['sequence', 'lastOutput', 'hT', 'cT'] as const) assertClose(fwd[key], ref[key], `${label} ${key}`, tol.r, tol.a);
    const gr = lstmBackwardReference({ ...gradArgs, cache: ref.cache });
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0', 'dc0'] as const) {
      assertClose(grads[key], gr[key], `${label} ${key}`, tol.r * 10, tol.a * 10);
    }
  }
});

test('wasm LSTM gives the same bits on 1, 2 and 4 threads (sizes large enough to split)', async () => {
  const big: Case[] = [
    { B: 32, T: 4, I: 64, U: 256, mask: 'post', goBackwards: false, state: true, dropout: true, zeroOutputForMask: false },
    { B: 17, T: 3, I: 513, U: 255, mask: 'none', goBackwards: true, state: false, dropout: false, zeroOutputForMask: false },
    // Too few rows to give every thread four: 2 and 4 threads split each step by units, 1 thread runs by rows.
    { B: 6, T: 5, I: 40, U: 64, mask: 'post', goBackwards: false, state: true, dropout: true, zeroOutputForMask: true },
    // Units that leave column tails in each gate block: the two splits must still meet the same tiles.
    { B: 6, T: 4, I: 5, U: 13, mask: 'none', goBackwards: true, state: true, dropout: false, zeroOutputForMask: false },
    { B: 3, T: 5, I: 4, U: 3, mask: 'none', goBackwards: false, state: true, dropout: false, zeroOutputForMask: false },
  ];
  await assertSameBitsOnThreads(big, (c, threads, i) => run(c, threads, 7 + i), ['sequence', 'hT', 'cT'], ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0', 'dc0']);
});

test('wasm gemm equals the reference on odd shapes, every transpose and accumulate, on 1, 2 and 4 threads', async () => {
  setSeed(5);
  // [1, 512, 300], [6, 100, 300], [9, 520, 270]: rows left over after the 4-row strips (all of
  // them at M = 1) run over the whole of K > KC in one pass, unpacked even when B is packed.
  // [9, 1, 300], [1, 1, 37]: a single column of B, taken as dot products along K.
  const shapes = [
    [1, 1, 1], [3, 17, 255], [17, 513, 3], [255, 3, 17], [513, 17, 33], [64, 1024, 96], [1, 512, 300], [6, 100, 300], [9, 520, 270],
    [9, 1, 300], [1, 1, 37],
  ];
  for (const threads of [1, 2, 4]) {
    setNumThreads(threads);
    await whenThreadsReady();
    for (const [M, N, K] of shapes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            const A = rand(M! * K! + 3), B = rand(K! * N! + 2), C0 = rand(M! * N! + 1);
            const got = C0.slice();
            wasmGemm(rt!, threads, transA, transB, M!, N!, K!, A, 3, B, 2, got, 1, accumulate);
            const want = Float64Array.from(C0);
            matmulReference(transA, transB, M!, N!, K!, Float64Array.from(A), 3, Float64Array.from(B), 2, want, 1, accumulate);
            assertClose(got, want, `threads ${threads} ${M}x${N}x${K} tA=${transA} tB=${transB} acc=${accumulate}`, 1e-4, 1e-4 * Math.sqrt(K!));
          }
        }
      }
    }
  }
  setNumThreads(backendInfo().threads);
});

test('each of the four builds (SIMD or relaxed SIMD, threads or not) matches the reference', () => {
  const builds: WasmBuildName[] = ['simd', 'relaxed', 'simdThreads', 'relaxedThreads'];
  for (const name of builds) {
    const one = instantiateBuild(name);
    assert.equal(one.exports.usesRelaxedSimd() === 1, name.startsWith('relaxed'), `${name} relaxed flag`);
    for (const [i, c] of cases.filter((_, j) => j % 5 === 0).entries()) {
      setSeed(300 + i);
      const args = makeArgs(c);
      const fwd = lstmForwardWasm(one, 1, args);
      const ref = lstmForwardReference(args);
      assertClose(fwd.sequence, ref.sequence, `${name} ${JSON.stringify(c)} sequence`, 2e-4, 2e-5);
      const dSequence = rand(c.B * c.T * c.U);
      const g = lstmBackwardWasm(one, 1, { forward: args, cache: fwd.cache, dSequence, dLastOutput: null, dhT: null, dcT: null });
      const gr = lstmBackwardReference({ forward: args, cache: ref.cache, dSequence, dLastOutput: null, dhT: null, dcT: null });
      for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const) assertClose(g[key], gr[key], `${name} ${key}`, 2e-3, 2e-4);
    }
  }
});

test('the wasm LSTM takes every activation (wasmActivations.test.ts checks them); float64 stays on TypeScript', () => {
  setSeed(2);
  const c: Case = { B: 2, T: 2, I: 2, U: 2, mask: 'none', goBackwards: false, state: false, dropout: false, zeroOutputForMask: false };
  assert.equal(wasmLstmApplies(makeArgs(c)), true);
  assert.equal(wasmLstmApplies({ ...makeArgs(c), activation: getRecurrentActivation('relu', 'test', 'activation') }), true);
  assert.equal(wasmLstmApplies({ ...makeArgs(c), recurrentActivation: getRecurrentActivation('hardSigmoid', 'test', 'recurrentActivation') }), true);
  assert.equal(wasmLstmApplies({ ...makeArgs(c), x: new Float64Array(8) }), false);
});
