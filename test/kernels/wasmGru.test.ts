/**
 * The WebAssembly GRU (resetAfter true and false) against the readable reference kernel,
 * float32 tolerance, on odd sizes and every option; 1, 2 and 4 threads give the same bits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gruForwardReference, gruBackwardReference } from '../../src/kernels/reference/gru.js';
import { gruForwardWasm, gruBackwardWasm, wasmGruApplies } from '../../src/kernels/wasm/gru.js';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import { setNumThreads, whenThreadsReady, backendInfo } from '../../src/kernels/backend.js';
import { gruBiasSize, type GruForwardArgs } from '../../src/kernels/gruTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import { assertClose } from '../helpers/fixtures.js';
import { assertSameBitsOnThreads } from '../helpers/threadBits.js';
import { dropoutMask, randArray, sequenceMask, type MaskKind, optionGrid, ODD_SHAPES } from '../helpers/kernelCases.js';

const rt = wasmRuntime()!;
const rand = (n: number, lo = -1, hi = 1): Float32Array => randArray(n, false, lo, hi) as Float32Array;

interface Case {
  B: number; T: number; I: number; U: number; mask: MaskKind;
  goBackwards: boolean; state: boolean; dropout: boolean; zeroOutputForMask: boolean; useBias: boolean; resetAfter: boolean;
}

function makeArgs(c: Case): GruForwardArgs {
  const { B, T, I, U } = c;
  const scale = 1 / Math.sqrt(Math.max(I, U));
  return {
    x: rand(B * T * I), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: rand(I * 3 * U, -scale, scale), recurrentKernel: rand(U * 3 * U, -scale, scale),
    bias: c.useBias ? rand(gruBiasSize(U, c.resetAfter)) : null, resetAfter: c.resetAfter,
    h0: c.state ? rand(B * U, -0.5, 0.5) : null,
    mask: sequenceMask(c.mask, B, T, false), goBackwards: c.goBackwards,
    recurrentDropoutMask: c.dropout ? dropoutMask(B * U, false) : null, zeroOutputForMask: c.zeroOutputForMask,
    activation: getRecurrentActivation('tanh', 'test', 'activation'),
    recurrentActivation: getRecurrentActivation('sigmoid', 'test', 'recurrentActivation'),
    needsBackward: true,
  };
}

const cases: Case[] = [true, false].flatMap((resetAfter) => optionGrid(ODD_SHAPES, ({ k, ...p }) => ({
  ...p, state: k % 2 === 0, dropout: k % 3 === 0, zeroOutputForMask: k % 4 === 1, useBias: k % 5 !== 2, resetAfter,
})));

function run(c: Case, threads: number, seed: number) {
  setSeed(seed);
  const args = makeArgs(c);
  const fwd = gruForwardWasm(rt, threads, args);
  const { B, T, U } = c;
  const gradArgs = { forward: args, dSequence: rand(B * T * U), dLastOutput: rand(B * U), dhT: rand(B * U) };
  const grads = gruBackwardWasm(rt, threads, { ...gradArgs, cache: fwd.cache });
  return { args, gradArgs, fwd, grads };
}

test('wasm GRU equals the reference kernel, forward and backward, on odd sizes and every option', () => {
  for (const [i, c] of cases.entries()) {
    const label = JSON.stringify(c);
    const { args, gradArgs, fwd, grads } = run(c, 1, 500 + i);
    assert.ok(wasmGruApplies(args));
    const ref = gruForwardReference(args);
    for (const key of ['sequence', 'lastOutput', 'hT'] as const) assertClose(fwd[key], ref[key], `${label} ${key}`, 2e-4, 2e-5);
    const gr = gruBackwardReference({ ...gradArgs, cache: ref.cache });
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const) {
      assertClose(grads[key], gr[key], `${label} ${key}`, 2e-3, 2e-4);
    }
  }
});

test('the wasm GRU takes both forms and every activation (wasmActivations.test.ts checks them); float64 stays on TypeScript', () => {
  setSeed(1);
  const c: Case = { B: 2, T: 2, I: 2, U: 2, mask: 'none', goBackwards: false, state: false, dropout: false, zeroOutputForMask: false, useBias: true, resetAfter: true };
  assert.equal(wasmGruApplies(makeArgs({ ...c, resetAfter: false })), true);
  assert.equal(wasmGruApplies({ ...makeArgs(c), activation: getRecurrentActivation('relu', 'test', 'activation') }), true);
  assert.equal(wasmGruApplies({ ...makeArgs(c), x: new Float64Array(8) }), false);
});

for (const resetAfter of [true, false]) {
  test(`wasm GRU (resetAfter = ${resetAfter}) gives the same bits on 1, 2 and 4 threads`, async () => {
    // Each thread on its own rows of the batch (B = 32; 13 leaves 2 threads ragged rows), and
    // a batch too small for rows (B = 6: 2 and 4 threads split each step by units).
    const cases: Case[] = [
      { B: 32, T: 4, I: 64, U: 256, mask: 'post', goBackwards: false, state: true, dropout: true, zeroOutputForMask: false, useBias: true, resetAfter },
      { B: 13, T: 3, I: 33, U: 96, mask: 'pre', goBackwards: true, state: false, dropout: true, zeroOutputForMask: true, useBias: true, resetAfter },
      { B: 6, T: 5, I: 40, U: 128, mask: 'post', goBackwards: false, state: true, dropout: false, zeroOutputForMask: false, useBias: true, resetAfter },
      { B: 6, T: 4, I: 5, U: 13, mask: 'none', goBackwards: true, state: true, dropout: false, zeroOutputForMask: false, useBias: true, resetAfter },
      { B: 3, T: 5, I: 4, U: 3, mask: 'none', goBackwards: false, state: true, dropout: false, zeroOutputForMask: false, useBias: true, resetAfter },
    ];
    const split = await assertSameBitsOnThreads(cases, (c, threads) => run(c, threads, 9), ['sequence', 'hT'], ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0']);
    // And the split results are the reference's.
    for (const [i, r] of split.entries()) {
      assertClose(r.fwd.sequence, gruForwardReference(r.args).sequence, `B ${cases[i]!.B}, threads 4 sequence`, 2e-4, 2e-5);
    }
  });
}
