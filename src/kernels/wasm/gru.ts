/**
 * The GRU on the WebAssembly kernels, both of Keras's forms: the time loop of
 * kernels/fast/gru.ts with every buffer in WebAssembly memory. With resetAfter (the default) a
 * forward step is one call in which each thread computes its own units' columns of
 * hd @ recurrentKernel (the kernel packed once per call) and then their gates, as in lstm.ts.
 * Without it, the candidate's product (r ⊙ hd) @ R_h needs r of every unit first, so a step is
 * two jobs in one call, and a backward step three. Backward gathers the pre-activation
 * gradients of all steps and computes the weight gradients in a few large products after the
 * loop. The forward cache stays pinned in WebAssembly memory until backward uses it (see
 * savedCache.ts). Every recurrent activation runs here; float64 runs on the TypeScript kernel
 * (see ops/gru.ts).
 */
import type { GruBackwardArgs, GruForwardArgs, GruForwardResult, GruGradients } from '../gruTypes.js';
import type { WasmRuntime } from './runtime.js';
import { withThreads } from './adaptiveThreads.js';
import { countWasmPass } from './callCounts.js';
import { packedB, wasmProduct } from './gemm.js';
import { keepSaved, releaseSaved, savedPointers, type SavedCache } from './savedCache.js';
import { inputGradients, putInputSide, putRecurrentTransposed, savedInputLength, stepInputs } from './recurrentIO.js';
import { activationCode } from './activationCodes.js';
import { anyRealAt, byRows, isCacheOfKind, putMaskTimeMajor, putOrZeros, wasmRecurrentApplies } from './layout.js';

/**
 * Saved by forward, by input time: [T, B, I] input, [T, B, 3U] z, r, hh, [T, B, U] h_{t-1},
 * h_{t-1} after dropout, and what r multiplies: mi_h + b_h (resetAfter) or hd (otherwise:
 * saved as r ⊙ hd, what R_h multiplies).
 */
type GruSaved = 'xTime' | 'gates' | 'hPrev' | 'hPrevDropped' | 'resetInput';

interface WasmGruCache extends SavedCache<GruSaved> {
  kind: 'wasm-gru';
}

/** Whether the wasm GRU can run these arguments. */
export function wasmGruApplies(args: GruForwardArgs): boolean {
  const { kernel, recurrentKernel, bias, h0, recurrentDropoutMask } = args;
  return wasmRecurrentApplies(args.x, [kernel, recurrentKernel, bias, h0, recurrentDropoutMask], args.activation, args.recurrentActivation);
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
      rt, threads, shape, args.x, args.kernel, args.recurrentKernel, args.bias, args.gathered ?? null,
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
    // Without resetAfter, r ⊙ hd goes through memory between the step's two jobs: kept per
    // step for backward, else one buffer reused.
    const rh = keep || args.resetAfter ? 0 : arena.alloc(B * U);
    if (byRows(B, threads)) {
      ex.gruSequenceForward(
        B, U, T, g, mi, recBias, h, prev, seq, T * U * 4, hPrev, resetInput, rh, mask, args.zeroOutputForMask ? 1 : 0,
        keep ? hPrevDropped : hInOf(0), keep ? 1 : 0, recurrentKernel, recurrentPacked, dropMask, goBackwards ? 1 : 0,
        args.resetAfter ? 1 : 0, threads, act, rec,
      );
    } else {
      for (let s = 0; s < T; s++) {
        const t = timeOf(s);
        if (args.resetAfter) {
          ex.gruStepForward(
            B, U, g + t * B * G * 4, mi, recBias, h, prev, seq + s * U * 4, T * U * 4,
            keep ? hPrev + t * stateBytes : 0, keep ? resetInput + t * stateBytes : 0,
            mask ? mask + t * B * 4 : 0, args.zeroOutputForMask ? 1 : 0,
            hInOf(s), recurrentKernel, recurrentPacked, s + 1 < T ? hInOf(s + 1) : 0, dropMask, threads, act, rec,
          );
        } else {
          ex.gruStepForwardResetBefore(
            B, U, g + t * B * G * 4, mi, h, prev, seq + s * U * 4, T * U * 4,
            keep ? hPrev + t * stateBytes : 0, keep ? resetInput + t * stateBytes : rh,
            mask ? mask + t * B * 4 : 0, args.zeroOutputForMask ? 1 : 0,
            hInOf(s), recurrentKernel, recurrentPacked, s + 1 < T ? hInOf(s + 1) : 0, dropMask, threads, act, rec,
          );
        }
      }
    }
    let cache: WasmGruCache | null = null;
    if (keep) {
      const at = { xTime, gates: g, hPrev, hPrevDropped, resetInput };
      cache = { kind: 'wasm-gru', pin: null, at, copied: null };
      const state = T * B * U;
      keepSaved(arena, mark, cache, { xTime: savedInputLength(shape, args.gathered), gates: T * B * G, hPrev: state, hPrevDropped: state, resetInput: state });
    }
    // The kernels write seq regardless; copying it out is what a caller that drops it saves.
    const sequence = args.needSequence === false ? null : arena.read(seq, T * B * U);
    return { sequence, lastOutput: arena.read(prev, B * U), hT: arena.read(h, B * U), cache };
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
    const shape = { B, T, I, U, G };
    if (!fa.resetAfter) return gruResetBeforeBackward(rt, threads, args, saved);
    // d hd = dmi @ recurrentKernelᵀ, with the transpose made once for every step.
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
    if (byRows(B, threads)) {
      ex.gruSequenceBackward(
        B, U, T, dmx, dmi, gates, hPrev, resetInput, 0, dh, dhDirect, dhd, 0, carry, dSeq, T * U * 4, mask,
        fa.zeroOutputForMask ? 1 : 0, recurrentKernelT, recurrentTPacked, 0, 0, dropMask, goBackwards ? 1 : 0, 1, threads, act, rec,
      );
    } else {
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
    }
    const hPrevDropped = saved.hPrevDropped;
    const dRecurrentKernel = arena.alloc(U * G);
    wasmProduct(rt, threads, U, G, T * B, hPrevDropped, 1, U, dmi, dRecurrentKernel, false);
    // Bias [2, 3U]: row 0 gathers the input-side gradients, row 1 the recurrent-side ones.
    const dBias = arena.allocZeroed(2 * G);
    const { dKernel, dx } = inputGradients(rt, threads, shape, saved.xTime, fa.kernel, dmx, 0, fa.gathered ?? null, dBias);
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

/**
 * The backward pass without resetAfter, inside gruBackwardRun's arena mark, from the saved
 * buffers (`resetInput` holds r ⊙ hd).
 */
function gruResetBeforeBackward(rt: WasmRuntime, threads: number, args: GruBackwardArgs, saved: Record<GruSaved, number>): GruGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = fa;
  const G = 3 * U;
  const arena = rt.arena;
  const ex = rt.exports;
  const shape = { B, T, I, U, G };
  // recurrentKernelᵀ [3U, U] once for every step: rows [0, 2U) serve dh through z and r, rows
  // [2U, 3U) d(r ⊙ hd); each packed on its own, since a product's packed panels span its K.
  const kernelT = arena.alloc(U * G);
  ex.transpose(kernelT, arena.put(fa.recurrentKernel), U, G);
  const hT = kernelT + 2 * U * U * 4;
  const zrPacked = B >= 4 ? packedB(rt, kernelT, 2 * U, U) : 0;
  const hPacked = B >= 4 ? packedB(rt, hT, U, U) : 0;
  const dmx = arena.alloc(T * B * G);
  const dmi = arena.alloc(T * B * G);
  const dh = putOrZeros(arena, args.dhT, B * U);
  const carry = putOrZeros(arena, args.dLastOutput, B * U);
  const dhDirect = arena.alloc(B * U);
  const dhd = arena.alloc(B * U);
  const dRh = arena.alloc(B * U);
  const dSeq = args.dSequence ? arena.put(args.dSequence) : 0;
  const dropMask = fa.recurrentDropoutMask ? arena.put(fa.recurrentDropoutMask) : 0;
  const mask = fa.mask ? putMaskTimeMajor(rt, fa.mask, B, T) : 0;
  const stateBytes = B * U * 4;
  const act = activationCode(fa.activation), rec = activationCode(fa.recurrentActivation);
  if (byRows(B, threads)) {
    ex.gruSequenceBackward(
      B, U, T, dmx, dmi, saved.gates, saved.hPrev, 0, saved.hPrevDropped, dh, dhDirect, dhd, dRh, carry, dSeq, T * U * 4, mask,
      fa.zeroOutputForMask ? 1 : 0, kernelT, zrPacked, hT, hPacked, dropMask, goBackwards ? 1 : 0, 0, threads, act, rec,
    );
  } else {
    for (let s = T - 1; s >= 0; s--) {
      const t = goBackwards ? T - 1 - s : s;
      const maskStep = mask ? mask + t * B * 4 : 0;
      const dmiStep = dmi + t * B * G * 4;
      ex.gruStepBackwardResetBefore(
        B, U, dmx + t * B * G * 4, dmiStep, saved.gates + t * B * G * 4, saved.hPrev + t * stateBytes,
        saved.hPrevDropped + t * stateBytes, dh, dhDirect, carry, dSeq ? dSeq + s * U * 4 : 0, T * U * 4, maskStep,
        fa.zeroOutputForMask ? 1 : 0, hT, hPacked, dRh, threads, act, rec,
      );
      if (fa.mask && !anyRealAt(fa.mask, B, T, t)) continue;
      ex.gruStepDhResetBefore(B, U, dmiStep, kernelT, zrPacked, dhd, dh, dhDirect, dRh, dropMask, maskStep, threads);
    }
  }
  // R_z, R_r multiply hd and R_h multiplies r ⊙ hd: two products on the gradient columns of
  // each, gathered contiguous first, then placed side by side in [U, 3U].
  const rows = T * B;
  const dzr = arena.alloc(rows * 2 * U);
  ex.copyBlock(dzr, dmi, rows, G, 2 * U, 2 * U);
  const dhh = arena.alloc(rows * U);
  ex.copyBlock(dhh, dmx + 2 * U * 4, rows, G, U, U);
  const dRzr = arena.alloc(U * 2 * U);
  wasmProduct(rt, threads, U, 2 * U, rows, saved.hPrevDropped, 1, U, dzr, dRzr, false);
  const dRhh = arena.alloc(U * U);
  wasmProduct(rt, threads, U, U, rows, saved.resetInput, 1, U, dhh, dRhh, false);
  const dRecurrentKernel = arena.alloc(U * G);
  ex.copyBlock(dRecurrentKernel, dRzr, U, 2 * U, G, 2 * U);
  ex.copyBlock(dRecurrentKernel + 2 * U * 4, dRhh, U, U, G, U);
  // Bias [3U]: all of it is on the input side.
  const dBias = arena.allocZeroed(G);
  const { dKernel, dx } = inputGradients(rt, threads, shape, saved.xTime, fa.kernel, dmx, 0, fa.gathered ?? null, dBias);
  return {
    dx,
    dKernel,
    dRecurrentKernel: arena.read(dRecurrentKernel, U * G),
    dBias: arena.read(dBias, G),
    dh0: arena.read(dh, B * U),
  };
}

// The thread count of each call comes from adaptiveThreads.ts unless the user fixed it: each
// shape is its own call site, timed per time step.

export function gruForwardWasm(rt: WasmRuntime, threads: number, args: GruForwardArgs): GruForwardResult {
  countWasmPass('gru', 'forward');
  if (args.gathered) countWasmPass('gru', 'gathered');
  const key = `gru forward ${args.batch} ${args.inputDim} ${args.units} ${args.needsBackward ? 1 : 0} ${args.resetAfter ? 1 : 0}`;
  return withThreads(key, threads, args.timesteps, (n) => gruForwardRun(rt, n, args));
}

export function gruBackwardWasm(rt: WasmRuntime, threads: number, args: GruBackwardArgs): GruGradients {
  countWasmPass('gru', 'backward');
  const fa = args.forward;
  return withThreads(`gru backward ${fa.batch} ${fa.inputDim} ${fa.units} ${fa.resetAfter ? 1 : 0}`, threads, fa.timesteps, (n) => gruBackwardRun(rt, n, args));
}
