/**
 * The SimpleRNN on the WebAssembly kernels: the time loop of kernels/fast/simpleRnn.ts with
 * every buffer in WebAssembly memory, built as lstm.ts is with one gate block (G = U): a
 * forward step is one call (each thread's units' columns of hd @ recurrentKernel into the
 * precomputed input projection, then the activation), a backward step two, and the weight and
 * input gradients a few large products after the loop. The forward cache stays pinned in
 * WebAssembly memory until backward uses it (see savedCache.ts). Used for float32 with every
 * recurrent activation; float64 runs on the TypeScript kernel (see ops/simpleRnn.ts).
 */
import type { SimpleRnnBackwardArgs, SimpleRnnForwardArgs, SimpleRnnForwardResult, SimpleRnnGradients } from '../simpleRnnTypes.js';
import type { WasmRuntime } from './runtime.js';
import { withThreads } from './adaptiveThreads.js';
import { countWasmPass } from './callCounts.js';
import { packRoom } from './gemm.js';
import { keepSaved, releaseSaved, savedPointers, type SavedCache } from './savedCache.js';
import { inputGradients, putInputSide, putRecurrentTransposed, savedInputLength, stepInputs } from './recurrentIO.js';
import { activationCode } from './activationCodes.js';
import { anyRealAt, byRows, isCacheOfKind, putMaskTimeMajor, putOrZeros, wasmRecurrentApplies } from './layout.js';

/** Saved by forward, by input time: [T, B, I] input, [T, B, U] h_t, [T, B, U] h_{t-1} after dropout. */
type SimpleRnnSaved = 'xTime' | 'outputs' | 'hPrevDropped';

interface WasmSimpleRnnCache extends SavedCache<SimpleRnnSaved> {
  kind: 'wasm-simple-rnn';
}

/**
 * Whether the wasm SimpleRNN can run these arguments.
 * @example wasmSimpleRnnApplies(args) // true for float32 arrays
 */
export function wasmSimpleRnnApplies(args: SimpleRnnForwardArgs): boolean {
  const { kernel, recurrentKernel, bias, h0, recurrentDropoutMask } = args;
  return wasmRecurrentApplies(args.x, [kernel, recurrentKernel, bias, h0, recurrentDropoutMask], args.activation);
}

/** Whether `cache` is what simpleRnnForwardWasm left for backward. */
export function isWasmSimpleRnnCache(cache: unknown): cache is WasmSimpleRnnCache {
  return isCacheOfKind(cache, 'wasm-simple-rnn');
}

function simpleRnnForwardRun(rt: WasmRuntime, threads: number, args: SimpleRnnForwardArgs): SimpleRnnForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = args;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const shape = { B, T, I, U, G: U };
    // x W + b for every step at once; each step adds hd R and applies the activation in place.
    const { xTime, recurrentKernel, recurrentPacked, projection: z } = putInputSide(
      rt, threads, shape, args.x, args.kernel, args.recurrentKernel, args.bias, args.gathered ?? null,
    );
    const h = putOrZeros(arena, args.h0, B * U);
    const prev = arena.allocZeroed(B * U);
    // The output sequence is written batch-major, [B, T, U] in processing order, as returned.
    const seq = arena.alloc(T * B * U);
    const keep = args.needsBackward;
    const dropMask = args.recurrentDropoutMask ? arena.put(args.recurrentDropoutMask) : 0;
    const mask = args.mask ? putMaskTimeMajor(rt, args.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    const { timeOf, hPrevDropped, hInOf } = stepInputs(rt, shape, goBackwards, keep, h, dropMask);
    const act = activationCode(args.activation);
    if (byRows(B, threads)) {
      ex.simpleRnnSequenceForward(
        B, U, T, z, h, prev, seq, T * U * 4, mask, args.zeroOutputForMask ? 1 : 0, keep ? hPrevDropped : hInOf(0), keep ? 1 : 0,
        recurrentKernel, recurrentPacked, dropMask, goBackwards ? 1 : 0, threads, act,
      );
    } else {
      for (let s = 0; s < T; s++) {
        const t = timeOf(s);
        ex.simpleRnnStepForward(
          B, U, z + t * stateBytes, h, prev, seq + s * U * 4, T * U * 4, mask ? mask + t * B * 4 : 0, args.zeroOutputForMask ? 1 : 0,
          hInOf(s), recurrentKernel, recurrentPacked, s + 1 < T ? hInOf(s + 1) : 0, dropMask, threads, act,
        );
      }
    }
    let cache: WasmSimpleRnnCache | null = null;
    if (keep) {
      cache = { kind: 'wasm-simple-rnn', pin: null, at: { xTime, outputs: z, hPrevDropped }, copied: null };
      keepSaved(arena, mark, cache, { xTime: savedInputLength(shape, args.gathered), outputs: T * B * U, hPrevDropped: T * B * U });
    }
    // The kernels write seq regardless; copying it out is what a caller that drops it saves.
    const sequence = args.needSequence === false ? null : arena.read(seq, T * B * U);
    return { sequence, lastOutput: arena.read(prev, B * U), hT: arena.read(h, B * U), cache };
  } finally {
    arena.release(mark);
  }
}

function simpleRnnBackwardRun(rt: WasmRuntime, threads: number, args: SimpleRnnBackwardArgs): SimpleRnnGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = fa;
  const cache = args.cache as WasmSimpleRnnCache;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const saved = savedPointers(arena, cache);
    const shape = { B, T, I, U, G: U };
    // dh_{t-1} = dz_t @ recurrentKernelᵀ, with the transpose made once for every step.
    const { kernelT: recurrentKernelT, packed: recurrentTPacked } = putRecurrentTransposed(rt, shape, fa.recurrentKernel);
    const dz = arena.alloc(T * B * U);
    const dh = putOrZeros(arena, args.dhT, B * U);
    const carry = putOrZeros(arena, args.dLastOutput, B * U);
    const dhPrev = arena.alloc(B * U);
    // dSequence as given, [B, T, U] in processing order: each step reads its rows in place.
    const dSeq = args.dSequence ? arena.put(args.dSequence) : 0;
    const dropMask = fa.recurrentDropoutMask ? arena.put(fa.recurrentDropoutMask) : 0;
    const mask = fa.mask ? putMaskTimeMajor(rt, fa.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    const act = activationCode(fa.activation);
    if (byRows(B, threads)) {
      ex.simpleRnnSequenceBackward(
        B, U, T, dz, saved.outputs, dh, carry, dSeq, T * U * 4, mask, fa.zeroOutputForMask ? 1 : 0,
        recurrentKernelT, recurrentTPacked, dhPrev, dropMask, goBackwards ? 1 : 0, threads, act,
      );
    } else {
      for (let s = T - 1; s >= 0; s--) {
        const t = goBackwards ? T - 1 - s : s;
        const dzStep = dz + t * stateBytes;
        const maskStep = mask ? mask + t * B * 4 : 0;
        ex.simpleRnnStepBackward(
          B, U, dzStep, saved.outputs + t * stateBytes, dh, carry, dSeq ? dSeq + s * U * 4 : 0, T * U * 4,
          maskStep, fa.zeroOutputForMask ? 1 : 0, threads, act,
        );
        if (fa.mask && !anyRealAt(fa.mask, B, T, t)) continue;
        ex.simpleRnnStepDh(B, U, dzStep, recurrentKernelT, recurrentTPacked, dhPrev, dh, dropMask, maskStep, threads);
      }
    }
    // Both weight gradients multiply by dz: the first product packs it, the second reuses that.
    const dzPacked = packRoom(rt, T * B, U);
    const dRecurrentKernel = arena.alloc(U * U);
    ex.gemm(U, U, T * B, saved.hPrevDropped, 1, U, dz, dRecurrentKernel, 0, threads, dzPacked, 1);
    const dBias = arena.allocZeroed(U);
    const { dKernel, dx } = inputGradients(rt, threads, shape, saved.xTime, fa.kernel, dz, dzPacked, fa.gathered ?? null, dBias);
    return {
      dx,
      dKernel,
      dRecurrentKernel: arena.read(dRecurrentKernel, U * U),
      dBias: arena.read(dBias, U),
      dh0: arena.read(dh, B * U),
    };
  } finally {
    arena.release(mark);
    releaseSaved(arena, cache);
  }
}

// The thread count of each call comes from adaptiveThreads.ts unless the user fixed it: each
// shape is its own call site, timed per time step.

/**
 * The SimpleRNN forward pass on the wasm kernels (the arguments as for the reference kernel).
 * @example const { sequence, cache } = simpleRnnForwardWasm(rt, 2, args)
 */
export function simpleRnnForwardWasm(rt: WasmRuntime, threads: number, args: SimpleRnnForwardArgs): SimpleRnnForwardResult {
  countWasmPass('simpleRnn', 'forward');
  if (args.gathered) countWasmPass('simpleRnn', 'gathered');
  const key = `simpleRnn forward ${args.batch} ${args.inputDim} ${args.units} ${args.needsBackward ? 1 : 0}`;
  return withThreads(key, threads, args.timesteps, (n) => simpleRnnForwardRun(rt, n, args));
}

/**
 * Backpropagation through time for simpleRnnForwardWasm, from the cache it left.
 * @example const grads = simpleRnnBackwardWasm(rt, 2, { forward: args, cache, dSequence, dLastOutput: null, dhT: null })
 */
export function simpleRnnBackwardWasm(rt: WasmRuntime, threads: number, args: SimpleRnnBackwardArgs): SimpleRnnGradients {
  countWasmPass('simpleRnn', 'backward');
  const fa = args.forward;
  return withThreads(`simpleRnn backward ${fa.batch} ${fa.inputDim} ${fa.units}`, threads, fa.timesteps, (n) => simpleRnnBackwardRun(rt, n, args));
}
