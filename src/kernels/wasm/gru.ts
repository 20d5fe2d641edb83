/**
 * The GRU (Keras's resetAfter = true form, the default) on the WebAssembly kernels: the time
 * loop of kernels/fast/gru.ts with every buffer in WebAssembly memory. A forward step is one
 * call in which each thread computes its own units' columns of hd @ recurrentKernel (the
 * kernel packed once per call) and then their gates, as in lstm.ts; backward
 * gathers the pre-activation gradients of all steps and computes the weight gradients in a
 * few large products after the loop. The forward cache stays pinned in WebAssembly memory
 * until backward uses it (see savedCache.ts). resetAfter = false, float64 and other activations run
 * on the TypeScript kernel (see ops/gru.ts).
 */
import type { GruBackwardArgs, GruForwardArgs, GruForwardResult, GruGradients } from '../gruTypes.js';
import type { WasmRuntime } from './runtime.js';
import { withThreads } from './adaptiveThreads.js';
import { countWasmPass } from './callCounts.js';
import { wasmProduct } from './gemm.js';
import { keepSaved, releaseSaved, savedPointers, type SavedCache } from './savedCache.js';
import { inputGradients, putInputSide, putRecurrentTransposed, stepInputs } from './recurrentIO.js';
import { activationCode } from './activationCodes.js';
import { anyRealAt, isCacheOfKind, putMaskTimeMajor, putOrZeros, wasmRecurrentApplies } from './layout.js';

/** Saved by forward, by input time: [T, B, I] input, [T, B, 3U] z, r, hh, [T, B, U] h_{t-1}, h_{t-1} after dropout, mi_h + b_h. */
type GruSaved = 'xTime' | 'gates' | 'hPrev' | 'hPrevDropped' | 'resetInput';

interface WasmGruCache extends SavedCache<GruSaved> {
  kind: 'wasm-gru';
}

/** Whether the wasm GRU can run these arguments. */
export function wasmGruApplies(args: GruForwardArgs): boolean {
  const { kernel, recurrentKernel, bias, h0, recurrentDropoutMask } = args;
  return args.resetAfter &&
    wasmRecurrentApplies(args.x, [kernel, recurrentKernel, bias, h0, recurrentDropoutMask], args.activation, args.recurrentActivation);
}

export function isWasmGruCache(cache: unknown): cache is WasmGruCache {
  return isCacheOfKind(cache, 'wasm-gru');
}

function gruForwardRun(rt: WasmRuntime, threads: number, args: GruForwardArgs): GruForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = args;
  const G = 3 * U;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const shape = { B, T, I, U, G };
    // mx for every step at once, plus the input bias (row 0 of the [2, 3U] bias).
    const { xTime, recurrentKernel, recurrentPacked, projection: g, bias } = putInputSide(
      rt, threads, shape, args.x, args.kernel, args.recurrentKernel, args.bias,
    );
    const recBias = bias ? bias + G * 4 : 0;
    const h = putOrZeros(arena, args.h0, B * U);
    const prev = arena.allocZeroed(B * U);
    // The output sequence is written batch-major, [B, T, U] in processing order, as returned.
    const seq = arena.alloc(T * B * U);
    const mi = arena.alloc(B * G);
    const keep = args.needsBackward;
    const hPrev = keep ? arena.alloc(T * B * U) : 0;
    const resetInput = keep ? arena.alloc(T * B * U) : 0;
    const dropMask = args.recurrentDropoutMask ? arena.put(args.recurrentDropoutMask) : 0;
    const mask = args.mask ? putMaskTimeMajor(rt, args.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    const { timeOf, hPrevDropped, hInOf } = stepInputs(rt, shape, goBackwards, keep, h, dropMask);
    const act = activationCode(args.activation), rec = activationCode(args.recurrentActivation);
    for (let s = 0; s < T; s++) {
      const t = timeOf(s);
      ex.gruStepForward(
        B, U, g + t * B * G * 4, mi, recBias, h, prev, seq + s * U * 4, T * U * 4,
        keep ? hPrev + t * stateBytes : 0, keep ? resetInput + t * stateBytes : 0,
        mask ? mask + t * B * 4 : 0, args.zeroOutputForMask ? 1 : 0,
        hInOf(s), recurrentKernel, recurrentPacked, s + 1 < T ? hInOf(s + 1) : 0, dropMask, threads, act, rec,
      );
    }
    let cache: WasmGruCache | null = null;
    if (keep) {
      const at = { xTime, gates: g, hPrev, hPrevDropped, resetInput };
      cache = { kind: 'wasm-gru', pin: null, at, copied: null };
      const state = T * B * U;
      keepSaved(arena, mark, cache, { xTime: T * B * I, gates: T * B * G, hPrev: state, hPrevDropped: state, resetInput: state });
    }
    return { sequence: arena.read(seq, T * B * U), lastOutput: arena.read(prev, B * U), hT: arena.read(h, B * U), cache };
  } finally {
    arena.release(mark);
  }
}

function gruBackwardRun(rt: WasmRuntime, threads: number, args: GruBackwardArgs): GruGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = fa;
  const G = 3 * U;
  const cache = args.cache as WasmGruCache;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const saved = savedPointers(arena, cache);
    const { gates, hPrev, resetInput } = saved;
    // d hd = dmi @ recurrentKernelᵀ, with the transpose made once for every step.
    const shape = { B, T, I, U, G };
    const { kernelT: recurrentKernelT, packed: recurrentTPacked } = putRecurrentTransposed(rt, shape, fa.recurrentKernel);
    const dmx = arena.alloc(T * B * G);
    const dmi = arena.alloc(T * B * G);
    const dh = putOrZeros(arena, args.dhT, B * U);
    const carry = putOrZeros(arena, args.dLastOutput, B * U);
    const dhDirect = arena.alloc(B * U);
    const dhd = arena.alloc(B * U);
    // dSequence as given, [B, T, U] in processing order: each step reads its rows in place.
    const dSeq = args.dSequence ? arena.put(args.dSequence) : 0;
    const dropMask = fa.recurrentDropoutMask ? arena.put(fa.recurrentDropoutMask) : 0;
    const mask = fa.mask ? putMaskTimeMajor(rt, fa.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    const act = activationCode(fa.activation), rec = activationCode(fa.recurrentActivation);
    for (let s = T - 1; s >= 0; s--) {
      const t = goBackwards ? T - 1 - s : s;
      const maskStep = mask ? mask + t * B * 4 : 0;
      const dmiStep = dmi + t * B * G * 4;
      ex.gruStepBackward(
        B, U, dmx + t * B * G * 4, dmiStep, gates + t * B * G * 4, hPrev + t * stateBytes, resetInput + t * stateBytes,
        dh, dhDirect, carry, dSeq ? dSeq + s * U * 4 : 0, T * U * 4, maskStep, fa.zeroOutputForMask ? 1 : 0, threads, act, rec,
      );
      if (fa.mask && !anyRealAt(fa.mask, B, T, t)) continue;
      ex.gruStepDh(B, U, dmiStep, recurrentKernelT, recurrentTPacked, dhd, dh, dhDirect, dropMask, maskStep, threads);
    }
    const hPrevDropped = saved.hPrevDropped;
    const dRecurrentKernel = arena.alloc(U * G);
    wasmProduct(rt, threads, U, G, T * B, hPrevDropped, 1, U, dmi, dRecurrentKernel, false);
    const { dKernel, dx } = inputGradients(rt, threads, shape, saved.xTime, fa.kernel, dmx, 0);
    // Bias [2, 3U]: row 0 gathers the input-side gradients, row 1 the recurrent-side ones.
    const dBias = arena.allocZeroed(2 * G);
    ex.addColumnSums(dBias, dmx, T * B, G);
    ex.addColumnSums(dBias + G * 4, dmi, T * B, G);
    return {
      dx,
      dKernel,
      dRecurrentKernel: arena.read(dRecurrentKernel, U * G),
      dBias: arena.read(dBias, 2 * G),
      dh0: arena.read(dh, B * U),
    };
  } finally {
    arena.release(mark);
    releaseSaved(arena, cache);
  }
}

// The thread count of each call comes from adaptiveThreads.ts unless the user fixed it: each
// shape is its own call site, timed per time step.

export function gruForwardWasm(rt: WasmRuntime, threads: number, args: GruForwardArgs): GruForwardResult {
  countWasmPass('gru', 'forward');
  const key = `gru forward ${args.batch} ${args.inputDim} ${args.units} ${args.needsBackward ? 1 : 0}`;
  return withThreads(key, threads, args.timesteps, (n) => gruForwardRun(rt, n, args));
}

export function gruBackwardWasm(rt: WasmRuntime, threads: number, args: GruBackwardArgs): GruGradients {
  countWasmPass('gru', 'backward');
  const fa = args.forward;
  return withThreads(`gru backward ${fa.batch} ${fa.inputDim} ${fa.units}`, threads, fa.timesteps, (n) => gruBackwardRun(rt, n, args));
}
