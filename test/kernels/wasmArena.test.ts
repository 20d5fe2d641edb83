/**
 * Pinned forward caches (src/kernels/wasm/arena.ts, savedCache.ts): an LSTM or GRU forward
 * pass leaves its cache in wasm memory for its backward pass. Pins may end in any order, other calls' scratch memory must
 * never land on a live pin, memory is reused once pins end, and past the pin limit the
 * forward pass copies its cache out instead; the gradients must be the same every way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmArena } from '../../src/kernels/wasm/arena.js';
import { lstmForwardWasm, lstmBackwardWasm } from '../../src/kernels/wasm/lstm.js';
import { gruForwardWasm, gruBackwardWasm } from '../../src/kernels/wasm/gru.js';
import type { GruForwardArgs } from '../../src/kernels/gruTypes.js';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import type { LstmForwardArgs } from '../../src/kernels/lstmTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import { randArray } from '../helpers/kernelCases.js';

test('pins outlive later releases, end in any order, and their memory is reused afterwards', () => {
  const arena = new WasmArena(new WebAssembly.Memory({ initial: 1, maximum: 100 }), 0);
  const base = arena.mark();
  const owner1 = {}, owner2 = {};
  arena.alloc(100);
  const pin1 = arena.pin(base, owner1)!;
  arena.release(base); // the forward pass's own release: the pin stays
  assert.equal(arena.mark(), pin1.end);
  const mark2 = arena.mark();
  arena.alloc(50);
  const pin2 = arena.pin(mark2, owner2)!;
  arena.release(mark2);
  const scratch = arena.mark();
  assert.ok(scratch >= pin2.end, 'new scratch memory starts above every live pin');
  arena.alloc(10);
  arena.release(base); // a stale mark below the pins cannot free them
  assert.equal(arena.mark(), pin2.end);
  // Out of order: the lower pin ends first; nothing is freed while the upper one lives.
  arena.unpin(pin1);
  assert.equal(arena.mark(), pin2.end);
  arena.unpin(pin2);
  assert.equal(arena.mark(), base, 'both regions are free again');
  arena.unpin(pin2); // a second unpin is harmless
  assert.equal(arena.mark(), base);
});

test('past the pin limit nothing is pinned', () => {
  const arena = new WasmArena(new WebAssembly.Memory({ initial: 1, maximum: 100 }), 0);
  arena.pinLimit = 1000;
  const base = arena.mark();
  arena.alloc(200); // 800 bytes
  assert.ok(arena.pin(base, {}));
  const mark = arena.mark();
  arena.alloc(100);
  assert.equal(arena.pin(mark, {}), null);
  arena.release(mark);
  assert.equal(arena.mark(), mark);
});

function lstmArgs(seed: number): LstmForwardArgs {
  setSeed(seed);
  const B = 5, T = 7, I = 3, U = 16;
  const r = (n: number, s = 1) => randArray(n, false, -s, s) as Float32Array;
  return {
    x: r(B * T * I), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: r(I * 4 * U, 0.3), recurrentKernel: r(U * 4 * U, 0.3), bias: r(4 * U), h0: null, c0: null,
    mask: null, goBackwards: seed % 2 === 0, recurrentDropoutMask: null, zeroOutputForMask: false,
    activation: getRecurrentActivation('tanh', 'test', 'activation'),
    recurrentActivation: getRecurrentActivation('sigmoid', 'test', 'recurrentActivation'),
    needsBackward: true,
  };
}

test('interleaved LSTM forward and backward passes, pinned or copied, give the same gradients', () => {
  const rt = wasmRuntime()!;
  const gradients = (order: 'nested' | 'crossed', pinLimit: number) => {
    rt.arena.pinLimit = pinLimit;
    const start = rt.arena.mark();
    try {
      const a = lstmArgs(1), b = lstmArgs(2);
      const fa = lstmForwardWasm(rt, 2, a);
      const fb = lstmForwardWasm(rt, 2, b);
      const back = (args: LstmForwardArgs, cache: unknown) => {
        setSeed(9);
        const dLast = randArray(args.batch * args.units, false, -1, 1) as Float32Array;
        return lstmBackwardWasm(rt, 2, { forward: args, cache, dSequence: null, dLastOutput: dLast, dhT: null, dcT: null });
      };
      // Scratch use between forward and backward (what other layers do) must not touch the caches.
      const m = rt.arena.mark();
      rt.arena.f32().fill(Number.NaN, m >> 2, (rt.arena.alloc(200000) >> 2) + 200000);
      rt.arena.release(m);
      const [ga, gb] = order === 'nested' ? ((gb0) => [back(a, fa.cache), gb0])(back(b, fb.cache)) : [back(a, fa.cache), back(b, fb.cache)];
      assert.equal(rt.arena.mark(), start, `${order}: all memory is free again`);
      return [ga!, gb!];
    } finally {
      rt.arena.pinLimit = 512 * 1024 * 1024;
    }
  };
  const want = gradients('nested', 512 * 1024 * 1024);
  for (const [order, limit] of [['crossed', 512 * 1024 * 1024], ['nested', 0], ['crossed', 0]] as const) {
    const got = gradients(order, limit);
    for (const i of [0, 1]) {
      for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias'] as const) {
        assert.ok(got[i]![key].every(Number.isFinite), `${order} limit ${limit}: ${key} finite`);
        assert.deepEqual(got[i]![key], want[i]![key], `${order} limit ${limit}: pass ${i} ${key}`);
      }
    }
  }
});

function gruArgs(seed: number, dropout: boolean): GruForwardArgs {
  setSeed(seed);
  const B = 4, T = 6, I = 5, U = 16;
  const r = (n: number, s = 1) => randArray(n, false, -s, s) as Float32Array;
  return {
    x: r(B * T * I), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: r(I * 3 * U, 0.3), recurrentKernel: r(U * 3 * U, 0.3), bias: r(2 * 3 * U), resetAfter: true, h0: null,
    mask: null, goBackwards: false, recurrentDropoutMask: dropout ? Float32Array.from(r(B * U), (v) => (v > 0 ? 1.25 : 0)) : null,
    zeroOutputForMask: false,
    activation: getRecurrentActivation('tanh', 'test', 'activation'),
    recurrentActivation: getRecurrentActivation('sigmoid', 'test', 'recurrentActivation'),
    needsBackward: true,
  };
}

test('the GRU\'s cache, pinned or copied, interleaved with an LSTM\'s, gives the same gradients', () => {
  const rt = wasmRuntime()!;
  const run = (pinLimit: number) => {
    rt.arena.pinLimit = pinLimit;
    const start = rt.arena.mark();
    try {
      const results = [];
      for (const dropout of [false, true]) {
        const g = gruArgs(4, dropout), l = lstmArgs(5);
        const fg = gruForwardWasm(rt, 2, g);
        const fl = lstmForwardWasm(rt, 2, l);
        const dLast = (n: number) => { setSeed(11); return randArray(n, false, -1, 1) as Float32Array; };
        // The GRU's backward first: its pin is below the LSTM's.
        const gg = gruBackwardWasm(rt, 2, { forward: g, cache: fg.cache, dSequence: null, dLastOutput: dLast(g.batch * g.units), dhT: null });
        lstmBackwardWasm(rt, 2, { forward: l, cache: fl.cache, dSequence: null, dLastOutput: dLast(l.batch * l.units), dhT: null, dcT: null });
        results.push(gg);
      }
      assert.equal(rt.arena.mark(), start, 'all memory is free again');
      return results;
    } finally {
      rt.arena.pinLimit = 512 * 1024 * 1024;
    }
  };
  const pinned = run(512 * 1024 * 1024), copied = run(0);
  for (const i of [0, 1]) {
    for (const key of ['dx', 'dKernel', 'dRecurrentKernel', 'dBias', 'dh0'] as const) {
      assert.ok(pinned[i]![key].every(Number.isFinite), `${key} finite`);
      assert.deepEqual(pinned[i]![key], copied[i]![key], `dropout ${i === 1}: ${key}`);
    }
  }
});

test('a cache can be differentiated only once, with a clear error after', () => {
  const rt = wasmRuntime()!;
  const a = lstmArgs(3);
  const f = lstmForwardWasm(rt, 1, a);
  const args = { forward: a, cache: f.cache, dSequence: null, dLastOutput: new Float32Array(a.batch * a.units).fill(1), dhT: null, dcT: null };
  lstmBackwardWasm(rt, 1, args);
  assert.throws(() => lstmBackwardWasm(rt, 1, args), /already been differentiated once/);
});
