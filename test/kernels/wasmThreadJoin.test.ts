/**
 * The thread pool's join protocol (assembly/threads.ts): chunked jobs (gemm, whole-sequence
 * recurrent loops) close to workers that have not joined when the calling thread runs out of
 * chunks, and a worker that wakes late must then take part in nothing or in the newest job it
 * was invited to, never in a closed one and never twice. Four threads on this machine's cores
 * (oversubscribed on a 2-core machine) make late workers common; thousands of alternating
 * chunked and fixed-share jobs must still give exactly the 1-thread bits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import { wasmGemm } from '../../src/kernels/wasm/gemm.js';
import { lstmForwardWasm } from '../../src/kernels/wasm/lstm.js';
import { setNumThreads, whenThreadsReady, backendInfo } from '../../src/kernels/backend.js';
import type { LstmForwardArgs } from '../../src/kernels/lstmTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import { randArray } from '../helpers/kernelCases.js';

const rt = wasmRuntime();
const rand = (n: number): Float32Array => randArray(n, false, -1, 1) as Float32Array;

function lstmArgs(B: number, T: number, I: number, U: number): LstmForwardArgs {
  return {
    x: rand(B * T * I), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: rand(I * 4 * U), recurrentKernel: rand(U * 4 * U), bias: rand(4 * U), h0: null, c0: null,
    mask: null, goBackwards: false, recurrentDropoutMask: null, zeroOutputForMask: false,
    activation: getRecurrentActivation('tanh', 'test', 'activation'),
    recurrentActivation: getRecurrentActivation('sigmoid', 'test', 'recurrentActivation'),
    needsBackward: false,
  };
}

test('chunked and fixed-share jobs interleaved on 1 and 4 threads give the same bits', { skip: rt === null && 'no WebAssembly' }, async () => {
  setSeed(11);
  const a = rand(48 * 64), b = rand(64 * 80);
  // B = 32: the LSTM runs as one chunked job by rows; B = 6 on 4 threads: per-step jobs split
  // by units, where every invited worker must run its fixed share.
  const byRows = lstmArgs(32, 3, 8, 64);
  const byUnits = lstmArgs(6, 3, 8, 64);
  const runAll = (threads: number) => {
    const out: Float32Array[] = [];
    for (let i = 0; i < 150; i++) {
      const c = new Float32Array(48 * 80);
      wasmGemm(rt!, threads, false, false, 48, 80, 64, a, 0, b, 0, c, 0, false);
      out.push(c);
      if (i % 3 === 0) out.push(lstmForwardWasm(rt!, threads, byRows).sequence as Float32Array);
      if (i % 3 === 1) out.push(lstmForwardWasm(rt!, threads, byUnits).sequence as Float32Array);
      // Accumulating products would show a share run twice.
      const acc = new Float32Array(48 * 80).fill(1);
      wasmGemm(rt!, threads, false, false, 48, 80, 64, a, 0, b, 0, acc, 0, true);
      out.push(acc);
    }
    return out;
  };
  setNumThreads(1);
  await whenThreadsReady();
  const one = runAll(1);
  setNumThreads(4);
  assert.equal(await whenThreadsReady(), 4);
  const four = runAll(4);
  setNumThreads(backendInfo().threads);
  assert.equal(four.length, one.length);
  for (const [i, x] of four.entries()) assert.deepEqual(x, one[i], `result ${i}`);
});
