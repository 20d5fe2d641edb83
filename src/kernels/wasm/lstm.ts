/**
 * The LSTM on the WebAssembly kernels: the same time loop as kernels/fast/lstm.ts, with
 * every buffer in WebAssembly memory so that a forward step is one call (h_{t-1} @
 * recurrentKernel into the precomputed input projection, then the gates, each thread on its
 * own range of units) and a backward step two, with no copies and no allocation inside the
 * loop. Inputs are copied in once per call and results copied out once. The forward cache
 * stays in WebAssembly memory, pinned (see arena.ts), until the backward pass uses it; only
 * when too much is pinned already does it go out to ordinary typed arrays.
 *
 * Used for float32 with any recurrent activations (each is a code the step kernels switch on;
 * the default tanh/sigmoid pair has kernels of its own); float64 runs on the TypeScript
 * kernel (see ops/lstm.ts).
 */
import type { LstmBackwardArgs, LstmForwardArgs, LstmForwardResult, LstmGradients } from '../lstmTypes.js';
import type { WasmRuntime } from './runtime.js';
import { withThreads } from './adaptiveThreads.js';
import { countWasmPass } from './callCounts.js';
import { packRoom } from './gemm.js';
import { keepSaved, releaseSaved, savedPointers, type SavedCache } from './savedCache.js';
import { inputGradients, putInputSide, putRecurrentTransposed, savedInputLength, stepInputs } from './recurrentIO.js';
import { activationCode } from './activationCodes.js';
import { anyRealAt, byRows, isCacheOfKind, putMaskTimeMajor, putOrZeros, wasmRecurrentApplies } from './layout.js';

/** Saved by forward, by input time: [T, B, I] input, [T, B, 4U] gate activations, [T, B, U] c_{t-1}, tanh(c_t), h_{t-1} after dropout. */
type LstmSaved = 'xTime' | 'gates' | 'cPrev' | 'actC' | 'hPrevDropped';

interface WasmLstmCache extends SavedCache<LstmSaved> {
  kind: 'wasm-lstm';
}

/** Whether the wasm LSTM can run these arguments. */
export function wasmLstmApplies(args: LstmForwardArgs): boolean {
  const { kernel, recurrentKernel, bias, h0, c0, recurrentDropoutMask } = args;
  return wasmRecurrentApplies(args.x, [kernel, recurrentKernel, bias, h0, c0, recurrentDropoutMask], args.activation, args.recurrentActivation);
}

export function isWasmLstmCache(cache: unknown): cache is WasmLstmCache {
  return isCacheOfKind(cache, 'wasm-lstm');
}

function lstmForwardRun(rt: WasmRuntime, threads: number, args: LstmForwardArgs): LstmForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = args;
  const G = 4 * U;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const shape = { B, T, I, U, G };
    // The input projection of every step at once: [T*B, I] x [I, 4U], plus the bias.
    const { xTime, recurrentKernel, recurrentPacked, projection: z } = putInputSide(
      rt, threads, shape, args.x, args.kernel, args.recurrentKernel, args.bias, args.gathered ?? null,
    );
    const h = putOrZeros(arena, args.h0, B * U);
    const c = putOrZeros(arena, args.c0, B * U);
    const prev = arena.allocZeroed(B * U);
    // The output sequence is written batch-major, [B, T, U] in processing order, as returned.
    const seq = arena.alloc(T * B * U);
    const seqStride = T * U * 4;
    const keep = args.needsBackward;
    const cPrev = keep ? arena.alloc(T * B * U) : 0;
    const actC = keep ? arena.alloc(T * B * U) : 0;
    const dropMask = args.recurrentDropoutMask ? arena.put(args.recurrentDropoutMask) : 0;
    const mask = args.mask ? putMaskTimeMajor(rt, args.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    const { timeOf, hPrevDropped, hInOf } = stepInputs(rt, shape, goBackwards, keep, h, dropMask);
    const act = activationCode(args.activation), rec = activationCode(args.recurrentActivation);
    if (byRows(B, threads)) {
      ex.lstmSequenceForward(
        B, U, T, z, c, h, prev, seq, seqStride, cPrev, actC, mask, args.zeroOutputForMask ? 1 : 0,
        keep ? hPrevDropped : hInOf(0), keep ? 1 : 0, recurrentKernel, recurrentPacked, dropMask, goBackwards ? 1 : 0,
        threads, act, rec,
      );
    } else {
      for (let s = 0; s < T; s++) {
        const t = timeOf(s);
        ex.lstmStepForward(
          B, U, z + t * B * G * 4, c, h, prev, seq + s * U * 4, seqStride,
          keep ? cPrev + t * stateBytes : 0, keep ? actC + t * stateBytes : 0,
          mask ? mask + t * B * 4 : 0, args.zeroOutputForMask ? 1 : 0,
          hInOf(s), recurrentKernel, recurrentPacked, s + 1 < T ? hInOf(s + 1) : 0, dropMask, threads, act, rec,
        );
      }
    }
    let cache: WasmLstmCache | null = null;
    if (keep) {
      cache = { kind: 'wasm-lstm', pin: null, at: { xTime, gates: z, cPrev, actC, hPrevDropped }, copied: null };
      keepSaved(arena, mark, cache, { xTime: savedInputLength(shape, args.gathered), gates: T * B * G, cPrev: T * B * U, actC: T * B * U, hPrevDropped: T * B * U });
    }
    return {
      // The kernels write seq regardless; copying it out is what a caller that drops it saves.
      sequence: args.needSequence === false ? null : arena.read(seq, T * B * U),
      lastOutput: arena.read(prev, B * U),
      hT: arena.read(h, B * U),
      cT: arena.read(c, B * U),
      cache,
    };
  } finally {
    arena.release(mark);
  }
}

function lstmBackwardRun(rt: WasmRuntime, threads: number, args: LstmBackwardArgs): LstmGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = fa;
  const G = 4 * U;
  const cache = args.cache as WasmLstmCache;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const saved = savedPointers(arena, cache);
    const { gates, cPrev, actC } = saved;
    // dh_{t-1} = dz_t @ recurrentKernelᵀ, with the transpose made once for every step.
    const shape = { B, T, I, U, G };
    const { kernelT: recurrentKernelT, packed: recurrentTPacked } = putRecurrentTransposed(rt, shape, fa.recurrentKernel);
    const dz = arena.alloc(T * B * G);
    const dh = putOrZeros(arena, args.dhT, B * U);
    const dc = putOrZeros(arena, args.dcT, B * U);
    const carry = putOrZeros(arena, args.dLastOutput, B * U);
    const dhPrev = arena.alloc(B * U);
    // dSequence as given, [B, T, U] in processing order: each step reads its rows in place.
    const dSeq = args.dSequence ? arena.put(args.dSequence) : 0;
    const dropMask = fa.recurrentDropoutMask ? arena.put(fa.recurrentDropoutMask) : 0;
    const mask = fa.mask ? putMaskTimeMajor(rt, fa.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    const act = activationCode(fa.activation), rec = activationCode(fa.recurrentActivation);
    if (byRows(B, threads)) {
      ex.lstmSequenceBackward(
        B, U, T, dz, gates, cPrev, actC, dh, dc, carry, dSeq, T * U * 4, mask, fa.zeroOutputForMask ? 1 : 0,
        recurrentKernelT, recurrentTPacked, dhPrev, dropMask, goBackwards ? 1 : 0, threads, act, rec,
      );
    } else {
      for (let s = T - 1; s >= 0; s--) {
        const t = goBackwards ? T - 1 - s : s;
        const dzStep = dz + t * B * G * 4;
        const maskStep = mask ? mask + t * B * 4 : 0;
        ex.lstmStepBackward(
          B, U, dzStep, gates + t * B * G * 4, cPrev + t * stateBytes, actC + t * stateBytes,
          dh, dc, carry, dSeq ? dSeq + s * U * 4 : 0, T * U * 4, maskStep, fa.zeroOutputForMask ? 1 : 0, threads, act, rec,
        );
        if (fa.mask && !anyRealAt(fa.mask, B, T, t)) continue;
        ex.lstmStepDh(B, U, dzStep, recurrentKernelT, recurrentTPacked, dhPrev, dh, dropMask, maskStep, threads);
      }
    }
    // Weight and input gradients for all steps at once.
    const hPrevDropped = saved.hPrevDropped;
    // Both weight gradients multiply by dz: the first product packs it, the second reuses that.
    const dzPacked = packRoom(rt, T * B, G);
    const dRecurrentKernel = arena.alloc(U * G);
    ex.gemm(U, G, T * B, hPrevDropped, 1, U, dz, dRecurrentKernel, 0, threads, dzPacked, 1);
    const dBias = arena.allocZeroed(G);
    const { dKernel, dx } = inputGradients(rt, threads, shape, saved.xTime, fa.kernel, dz, dzPacked, fa.gathered ?? null, dBias);
    return {
      dx,
      dKernel,
      dRecurrentKernel: arena.read(dRecurrentKernel, U * G),
      dBias: arena.read(dBias, G),
      dh0: arena.read(dh, B * U),
      dc0: arena.read(dc, B * U),
    };
  } finally {
    arena.release(mark);
    releaseSaved(arena, cache);
  }
}

// The thread count of each call comes from adaptiveThreads.ts unless the user fixed it: each
// shape is its own call site, timed per time step.

export function lstmForwardWasm(rt: WasmRuntime, threads: number, args: LstmForwardArgs): LstmForwardResult {
  countWasmPass('lstm', 'forward');
  if (args.gathered) countWasmPass('lstm', 'gathered');
  const key = `lstm forward ${args.batch} ${args.inputDim} ${args.units} ${args.needsBackward ? 1 : 0}`;
  return withThreads(key, threads, args.timesteps, (n) => lstmForwardRun(rt, n, args));
}

export function lstmBackwardWasm(rt: WasmRuntime, threads: number, args: LstmBackwardArgs): LstmGradients {
  countWasmPass('lstm', 'backward');
  const fa = args.forward;
  return withThreads(`lstm backward ${fa.batch} ${fa.inputDim} ${fa.units}`, threads, fa.timesteps, (n) => lstmBackwardRun(rt, n, args));
}
