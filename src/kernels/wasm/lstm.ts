/**
 * The LSTM on the WebAssembly kernels: the same time loop as kernels/fast/lstm.ts, with
 * every buffer in WebAssembly memory so that a step is one gemm call (h_{t-1} @ recurrentKernel
 * into the precomputed input projection) and one fused gate call, with no copies and no
 * allocation inside the loop. Inputs are copied in once per call and results copied out
 * once; the forward cache goes back to ordinary typed arrays so it survives other ops
 * reusing the scratch memory before backward runs.
 *
 * Used for float32 with the default activations (tanh, sigmoid); anything else runs on the
 * TypeScript kernel (see ops/lstm.ts).
 */
import type { LstmBackwardArgs, LstmForwardArgs, LstmForwardResult, LstmGradients } from '../lstmTypes.js';
import type { WasmRuntime } from './runtime.js';
import { packedB } from './gemm.js';
import { inputGradients, putInputSide, putRecurrentTransposed } from './recurrentIO.js';
import { anyRealAt, isCacheOfKind, putMaskTimeMajor, putOrZeros, putSwapped, readSwapped, wasmRecurrentApplies } from './layout.js';

interface WasmLstmCache {
  kind: 'wasm-lstm';
  /** [T, B, I] input, [T, B, 4U] gate activations, [T, B, U] c_{t-1}, tanh(c_t), h_{t-1} after dropout; by input time. */
  xTime: Float32Array;
  gates: Float32Array;
  cPrev: Float32Array;
  actC: Float32Array;
  hPrevDropped: Float32Array;
}

/** Whether the wasm LSTM can run these arguments. */
export function wasmLstmApplies(args: LstmForwardArgs): boolean {
  const { kernel, recurrentKernel, bias, h0, c0, recurrentDropoutMask } = args;
  return wasmRecurrentApplies(args.x, [kernel, recurrentKernel, bias, h0, c0, recurrentDropoutMask], args.activation, args.recurrentActivation);
}

export function isWasmLstmCache(cache: unknown): cache is WasmLstmCache {
  return isCacheOfKind(cache, 'wasm-lstm');
}

export function lstmForwardWasm(rt: WasmRuntime, threads: number, args: LstmForwardArgs): LstmForwardResult {
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = args;
  const G = 4 * U;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const shape = { B, T, I, U, G };
    // The input projection of every step at once: [T*B, I] x [I, 4U], plus the bias.
    const { xTime, recurrentKernel, recurrentPacked, projection: z } = putInputSide(
      rt, threads, shape, args.x, args.kernel, args.recurrentKernel, args.bias,
    );
    const h = putOrZeros(arena, args.h0, B * U);
    const c = putOrZeros(arena, args.c0, B * U);
    const prev = arena.allocZeroed(B * U);
    const seq = arena.alloc(T * B * U);
    const keep = args.needsBackward;
    const cPrev = keep ? arena.alloc(T * B * U) : 0;
    const actC = keep ? arena.alloc(T * B * U) : 0;
    const hPrevDropped = keep ? arena.alloc(T * B * U) : 0;
    const dropMask = args.recurrentDropoutMask ? arena.put(args.recurrentDropoutMask) : 0;
    const hDropped = dropMask && !keep ? arena.alloc(B * U) : 0;
    const mask = args.mask ? putMaskTimeMajor(arena, args.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    for (let s = 0; s < T; s++) {
      const t = goBackwards ? T - 1 - s : s;
      const zStep = z + t * B * G * 4;
      let hIn = h;
      if (keep) {
        hIn = hPrevDropped + t * stateBytes;
        if (dropMask) ex.multiply(hIn, h, dropMask, B * U);
        else arena.f32().copyWithin(hIn >> 2, h >> 2, (h >> 2) + B * U);
      } else if (dropMask) {
        ex.multiply(hDropped, h, dropMask, B * U);
        hIn = hDropped;
      }
      ex.gemm(B, G, U, hIn, U, 1, recurrentKernel, zStep, 1, threads, recurrentPacked);
      ex.lstmStepForward(
        B, U, zStep, c, h, prev, seq + s * stateBytes,
        keep ? cPrev + t * stateBytes : 0, keep ? actC + t * stateBytes : 0,
        mask ? mask + t * B * 4 : 0, args.zeroOutputForMask ? 1 : 0, threads,
      );
    }
    const cache: WasmLstmCache | null = keep
      ? {
          kind: 'wasm-lstm',
          xTime: arena.read(xTime, T * B * I),
          gates: arena.read(z, T * B * G),
          cPrev: arena.read(cPrev, T * B * U),
          actC: arena.read(actC, T * B * U),
          hPrevDropped: arena.read(hPrevDropped, T * B * U),
        }
      : null;
    return {
      sequence: readSwapped(arena, seq, T, B, U),
      lastOutput: arena.read(prev, B * U),
      hT: arena.read(h, B * U),
      cT: arena.read(c, B * U),
      cache,
    };
  } finally {
    arena.release(mark);
  }
}

export function lstmBackwardWasm(rt: WasmRuntime, threads: number, args: LstmBackwardArgs): LstmGradients {
  const fa = args.forward;
  const { batch: B, timesteps: T, inputDim: I, units: U, goBackwards } = fa;
  const G = 4 * U;
  const cache = args.cache as WasmLstmCache;
  const arena = rt.arena;
  const ex = rt.exports;
  const mark = arena.mark();
  try {
    const gates = arena.put(cache.gates);
    const cPrev = arena.put(cache.cPrev);
    const actC = arena.put(cache.actC);
    // dh_{t-1} = dz_t @ recurrentKernelᵀ, with the transpose made once for every step.
    const shape = { B, T, I, U, G };
    const { kernelT: recurrentKernelT, packed: recurrentTPacked } = putRecurrentTransposed(rt, shape, fa.recurrentKernel);
    const dz = arena.alloc(T * B * G);
    const dh = putOrZeros(arena, args.dhT, B * U);
    const dc = putOrZeros(arena, args.dcT, B * U);
    const carry = putOrZeros(arena, args.dLastOutput, B * U);
    const dhPrev = arena.alloc(B * U);
    const dSeq = args.dSequence ? putSwapped(arena, args.dSequence, B, T, U) : 0;
    const dropMask = fa.recurrentDropoutMask ? arena.put(fa.recurrentDropoutMask) : 0;
    const mask = fa.mask ? putMaskTimeMajor(arena, fa.mask, B, T) : 0;
    const stateBytes = B * U * 4;
    for (let s = T - 1; s >= 0; s--) {
      const t = goBackwards ? T - 1 - s : s;
      const dzStep = dz + t * B * G * 4;
      const maskStep = mask ? mask + t * B * 4 : 0;
      ex.lstmStepBackward(
        B, U, dzStep, gates + t * B * G * 4, cPrev + t * stateBytes, actC + t * stateBytes,
        dh, dc, carry, dSeq ? dSeq + s * stateBytes : 0, maskStep, fa.zeroOutputForMask ? 1 : 0, threads,
      );
      if (fa.mask && !anyRealAt(fa.mask, B, T, t)) continue;
      ex.gemm(B, U, G, dzStep, G, 1, recurrentKernelT, dhPrev, 0, threads, recurrentTPacked);
      ex.lstmCarryDh(B, U, dh, dhPrev, dropMask, maskStep);
    }
    // Weight and input gradients for all steps at once.
    const hPrevDropped = arena.put(cache.hPrevDropped);
    // Both weight gradients multiply by dz: pack it once for the two products.
    const dzPacked = packedB(rt, dz, T * B, G);
    const dRecurrentKernel = arena.alloc(U * G);
    ex.gemm(U, G, T * B, hPrevDropped, 1, U, dz, dRecurrentKernel, 0, threads, dzPacked);
    const { dKernel, dx } = inputGradients(rt, threads, shape, cache.xTime, fa.kernel, dz, dzPacked);
    const dBias = arena.allocZeroed(G);
    ex.addColumnSums(dBias, dz, T * B, G);
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
  }
}
