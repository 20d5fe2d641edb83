/**
 * The run-time thread choice (src/kernels/wasm/adaptiveThreads.ts): its decisions under a fake
 * clock (one thread when more threads are slower, all threads when they are faster, no
 * flapping on noise, quick return to one thread when the machine turns busy, a small share of
 * time spent probing), that setNumThreads turns it off, and that the LSTM and GRU give the
 * same bits while it switches between thread counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdaptiveThreads, adaptiveThreadsOn, beginThreads, setAdaptiveThreads, threadChooser,
} from '../../src/kernels/wasm/adaptiveThreads.js';
import { backendInfo, setNumThreads, whenThreadsReady } from '../../src/kernels/backend.js';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import { lstmBackwardWasm, lstmForwardWasm } from '../../src/kernels/wasm/lstm.js';
import { gruBackwardWasm, gruForwardWasm } from '../../src/kernels/wasm/gru.js';
import type { LstmForwardArgs } from '../../src/kernels/lstmTypes.js';
import type { GruForwardArgs } from '../../src/kernels/gruTypes.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import { setSeed } from '../../src/tensor/random.js';
import { randArray } from '../helpers/kernelCases.js';

/**
 * Runs `calls` calls of 10 units of work on one site; `cost(threads, i)` is the ms a call
 * takes. Returns the thread count of every call and the time spent in total and per count.
 */
function simulate(
  chooser: AdaptiveThreads, clock: { t: number }, calls: number,
  cost: (threads: number, i: number) => number, key = 'site', max = 2,
): { used: number[]; msOn: Map<number, number>; total: number } {
  const used: number[] = [];
  const msOn = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < calls; i++) {
    const site = chooser.begin(key, max);
    const dt = cost(site.threads, i);
    clock.t += dt;
    chooser.end(site, 10);
    used.push(site.threads);
    msOn.set(site.threads, (msOn.get(site.threads) ?? 0) + dt);
    total += dt;
  }
  return { used, msOn, total };
}

function fresh(): { chooser: AdaptiveThreads; clock: { t: number } } {
  const clock = { t: 0 };
  return { chooser: new AdaptiveThreads(() => clock.t), clock };
}

/** Deterministic noise in [-amp, amp]. */
const wobble = (i: number, amp: number): number => amp * Math.sin(i * 12.9898) ;

test('picks one thread when two are slower (a busy machine), spending little time on probes', () => {
  const { chooser, clock } = fresh();
  const r = simulate(chooser, clock, 3000, (n, i) => (n === 1 ? 2 : 8) * (1 + wobble(i, 0.05)));
  assert.equal(chooser.site('site')!.current, 1);
  assert.ok(r.used.slice(0, 10).includes(1), 'one thread is tried within the first calls');
  const onMany = r.msOn.get(2) ?? 0;
  assert.ok(onMany / r.total < 0.05, `time on 2 threads ${(100 * onMany / r.total).toFixed(1)}% of the total`);
  assert.ok(r.used.slice(-2000).includes(2), 'two threads are still probed now and then');
});

test('keeps all threads when they are faster (a quiet machine), spending little time on probes', () => {
  const { chooser, clock } = fresh();
  const r = simulate(chooser, clock, 3000, (n, i) => (n === 1 ? 2 : 1.1) * (1 + wobble(i, 0.05)));
  assert.equal(chooser.site('site')!.current, 2);
  assert.equal(chooser.site('site')!.switches, 0);
  const onOne = r.msOn.get(1) ?? 0;
  // The cost over always using 2 threads: what the 1-thread probes took beyond 2-thread calls.
  assert.ok(onOne / r.total < 0.05, `time on 1 thread ${(100 * onOne / r.total).toFixed(1)}% of the total`);
  const lateOnOne = r.used.slice(-1500).filter((n) => n === 1).length;
  assert.ok(lateOnOne <= 3 * 4, `probes thin out: ${lateOnOne} one-thread calls in the last 1500`);
});

test('does not flap when both counts are about as fast', () => {
  const { chooser, clock } = fresh();
  simulate(chooser, clock, 5000, (n, i) => (n === 1 ? 1.0 : 1.02) * (1 + wobble(i + n, 0.04)));
  assert.ok(chooser.site('site')!.switches <= 1, `switched ${chooser.site('site')!.switches} times`);
});

test('goes to one thread soon after the machine turns busy, and back to two once it is quiet again', () => {
  const { chooser, clock } = fresh();
  const busyFrom = 2000, quietFrom = 4000;
  const r = simulate(chooser, clock, 6000, (n, i) => {
    const busy = i >= busyFrom && i < quietFrom;
    return n === 1 ? 2 : busy ? 8 : 1;
  });
  assert.equal(r.used[busyFrom - 1], 2, 'two threads on the quiet machine');
  const firstOne = r.used.findIndex((n, i) => i >= busyFrom && n === 1 && r.used[i + 1] === 1 && r.used[i + 2] === 1 && r.used[i + 3] === 1);
  assert.ok(firstOne >= busyFrom && firstOne - busyFrom < 15, `one thread chosen ${firstOne - busyFrom} calls after the machine turned busy`);
  assert.equal(r.used[quietFrom - 1], 1, 'one thread while busy');
  assert.equal(r.used[r.used.length - 1], 2, 'two threads again once quiet');
});

test('sites are independent: each shape keeps its own choice', () => {
  const { chooser, clock } = fresh();
  for (let i = 0; i < 200; i++) {
    simulate(chooser, clock, 1, (n) => (n === 1 ? 2 : 8), 'small');
    simulate(chooser, clock, 1, (n) => (n === 1 ? 8 : 2), 'large');
  }
  assert.equal(chooser.site('small')!.current, 1);
  assert.equal(chooser.site('large')!.current, 2);
});

test('setNumThreads fixes the count: no adaptation, and backendInfo says so', () => {
  setAdaptiveThreads(true);
  assert.equal(adaptiveThreadsOn(), true);
  setNumThreads(2);
  assert.equal(adaptiveThreadsOn(), false);
  assert.equal(beginThreads('fixed', 2), null, 'a fixed count is used as it is');
  const info = backendInfo();
  assert.equal(info.adaptiveThreads, false);
  assert.equal(info.threadsInUse, 2);
  setAdaptiveThreads(true);
});

const rt = wasmRuntime();
const rand = (n: number, lo = -1, hi = 1): Float32Array => randArray(n, false, lo, hi) as Float32Array;

function lstmArgs(B: number, T: number, I: number, U: number): LstmForwardArgs {
  const s = 1 / Math.sqrt(Math.max(I, U));
  return {
    x: rand(B * T * I), batch: B, timesteps: T, inputDim: I, units: U,
    kernel: rand(I * 4 * U, -s, s), recurrentKernel: rand(U * 4 * U, -s, s), bias: rand(4 * U),
    h0: null, c0: null, mask: null, goBackwards: false, recurrentDropoutMask: null, zeroOutputForMask: false,
    activation: getRecurrentActivation('tanh', 'test', 'activation'),
    recurrentActivation: getRecurrentActivation('sigmoid', 'test', 'recurrentActivation'),
    needsBackward: true,
  };
}

test('LSTM and GRU give the same bits while the choice switches between 1 and 2 threads', { skip: !rt || !rt.sharedMemory }, async () => {
  setNumThreads(2);
  assert.equal(await whenThreadsReady(), 2);
  setAdaptiveThreads(true);
  const realClock = threadChooser.now;
  // A fake clock on which the count in use flips between fast and slow every 25 rounds, so the
  // chooser keeps switching.
  let t = 0, calls = 0;
  threadChooser.now = () => {
    calls++;
    const twoFast = Math.floor(calls / 200) % 2 === 0; // 25 LSTM+GRU rounds of 8 clock reads
    const slow = (threadChooser.lastThreads === 2) !== twoFast;
    return (t += slow ? 5 : 1);
  };
  try {
    setSeed(5);
    const B = 16, T = 3, I = 40, U = 96;
    const la = lstmArgs(B, T, I, U);
    const ga: GruForwardArgs = { ...lstmArgs(B, T, I, U), kernel: rand(I * 3 * U, -0.1, 0.1), recurrentKernel: rand(U * 3 * U, -0.1, 0.1), bias: rand(6 * U), resetAfter: true };
    const dSeq = rand(B * T * U), dLast = rand(B * U);
    const runLstm = (): Float32Array[] => {
      const f = lstmForwardWasm(rt!, 2, la);
      const g = lstmBackwardWasm(rt!, 2, { forward: la, cache: f.cache, dSequence: dSeq, dLastOutput: dLast, dhT: null, dcT: null });
      return [f.sequence, f.hT, f.cT, g.dx, g.dKernel, g.dRecurrentKernel, g.dBias] as Float32Array[];
    };
    const runGru = (): Float32Array[] => {
      const f = gruForwardWasm(rt!, 2, ga);
      const g = gruBackwardWasm(rt!, 2, { forward: ga, cache: f.cache, dSequence: dSeq, dLastOutput: dLast, dhT: null });
      return [f.sequence, f.hT, g.dx, g.dKernel, g.dRecurrentKernel, g.dBias] as Float32Array[];
    };
    const firstL = runLstm(), firstG = runGru();
    const seen = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const l = runLstm();
      seen.add(threadChooser.lastThreads);
      const g = runGru();
      seen.add(threadChooser.lastThreads);
      for (const [k, a] of l.entries()) assert.deepEqual(a, firstL[k], `LSTM output ${k}, call ${i}`);
      for (const [k, a] of g.entries()) assert.deepEqual(a, firstG[k], `GRU output ${k}, call ${i}`);
    }
    assert.deepEqual([...seen].sort(), [1, 2], 'both counts were used');
    const switched = threadChooser.site(`lstm forward ${B} ${I} ${U} 1`)!.switches;
    assert.ok(switched >= 2, `the LSTM forward switched ${switched} times`);
  } finally {
    threadChooser.now = realClock;
    setNumThreads(backendInfo().threads);
  }
});
