/**
 * What the wasm LSTM and GRU drivers (lstm.ts, gru.ts) do around their time loops, the same
 * for both but for the number of gate blocks G (4U or 3U): put the inputs into wasm memory
 * and project every step's input at once before the loop; after the backward loop, turn the
 * input-side pre-activation gradients into the kernel and input gradients. All allocations
 * belong to the caller's arena mark.
 */
import type { FloatArray } from '../../tensor/tensor.js';
import type { GatheredInput } from '../recurrentTypes.js';
import type { WasmRuntime } from './runtime.js';
import { packedB, wasmProduct } from './gemm.js';
import { putSwapped, readSwapped } from './layout.js';

export interface RecurrentShape {
  B: number;
  T: number;
  I: number;
  U: number;
  /** Gate columns: 4U for the LSTM, 3U for the GRU. */
  G: number;
}

/** Pointers to what the forward loop needs, all in wasm memory. */
export interface InputSide {
  /** x as [T, B, I], or its distinct rows [count, I] when it came gathered (see savedInputLength). */
  xTime: number;
  recurrentKernel: number;
  /** recurrentKernel packed for the per-step product, or 0 (see packedB). */
  recurrentPacked: number;
  /** [T, B, G]: x W plus the first G values of the bias, every step at once. */
  projection: number;
  /** The whole bias as given, or 0 without one. */
  bias: number;
}

export function putInputSide(
  rt: WasmRuntime, threads: number, s: RecurrentShape,
  x: FloatArray, kernel: FloatArray, recurrentKernel: FloatArray, bias: FloatArray | null,
  gathered: GatheredInput | null = null,
): InputSide {
  const { B, T, I, U, G } = s;
  const arena = rt.arena;
  const xTime = gathered ? arena.put(gathered.rows) : putSwapped(rt, x, B, T, I);
  const kernelPtr = arena.put(kernel);
  const recurrentPtr = arena.put(recurrentKernel);
  // Packed once here, read by every step's product (a batch of 1 reads B as it is: the
  // single-row tiles gain nothing from packing). The LSTM step splits the columns of each gate
  // block by units, which meets the 8-column panels only when U is a multiple of 8.
  const recurrentPacked = B >= 4 && U % 8 === 0 ? packedB(rt, recurrentPtr, U, G) : 0;
  const biasPtr = bias ? arena.put(bias) : 0;
  const projection = arena.alloc(T * B * G);
  if (gathered) {
    // Each distinct row projected once (bias included), then copied to its positions.
    const mark = arena.mark();
    const rowsProjected = arena.alloc(gathered.count * G);
    wasmProduct(rt, threads, gathered.count, G, I, xTime, I, 1, kernelPtr, rowsProjected, false);
    if (biasPtr) rt.exports.addRowVector(rowsProjected, biasPtr, gathered.count, G);
    rt.exports.gatherRows(projection, rowsProjected, putSlotsTimeMajor(rt, gathered.slots, B, T), T * B, G);
    arena.release(mark);
  } else {
    wasmProduct(rt, threads, T * B, G, I, xTime, I, 1, kernelPtr, projection, false);
    if (biasPtr) rt.exports.addRowVector(projection, biasPtr, T * B, G);
  }
  return { xTime, recurrentKernel: recurrentPtr, recurrentPacked, projection, bias: biasPtr };
}

/** How many floats the backward pass needs kept at InputSide.xTime. */
export function savedInputLength(s: RecurrentShape, gathered: GatheredInput | null | undefined): number {
  return (gathered ? gathered.count : s.T * s.B) * s.I;
}

/** The batch-major slots [B, T] as i32 [T, B] in wasm memory (the order of the projection's rows). */
function putSlotsTimeMajor(rt: WasmRuntime, slots: Int32Array, B: number, T: number): number {
  const ptr = rt.arena.alloc(B * T);
  const view = new Int32Array(rt.arena.f32().buffer, ptr, B * T);
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) view[t * B + b] = slots[b * T + t]!;
  return ptr;
}

/** Where the forward loop's steps read h_{t-1} after dropout; see stepInputs. */
export interface StepInputs {
  /** Input time of processing step s. */
  timeOf(s: number): number;
  /** [T, B, U] h_{t-1} after dropout by input time, kept for backward; 0 when not kept. */
  hPrevDropped: number;
  /** The buffer step s's recurrent product reads. */
  hInOf(s: number): number;
}

/**
 * The buffers each forward step's recurrent product reads h_{t-1} (after dropout) from, each
 * written by the step before besides h, so that no thread overwrites what another thread's
 * share of the product still reads: with `keep` (backward will run), hPrevDropped [T, B, U]
 * by input time; otherwise two buffers in turn. Step 0's is filled here from h.
 */
export function stepInputs(rt: WasmRuntime, s: RecurrentShape, goBackwards: boolean, keep: boolean, h: number, dropMask: number): StepInputs {
  const { B, T, U } = s;
  const arena = rt.arena;
  const stateBytes = B * U * 4;
  const timeOf = (step: number) => (goBackwards ? T - 1 - step : step);
  const hPrevDropped = keep ? arena.alloc(T * B * U) : 0;
  const turns = keep ? 0 : arena.alloc(2 * B * U);
  const hInOf = (step: number) => (keep ? hPrevDropped + timeOf(step) * stateBytes : turns + (step & 1) * stateBytes);
  if (T > 0) {
    if (dropMask) rt.exports.multiply(hInOf(0), h, dropMask, B * U);
    else arena.f32().copyWithin(hInOf(0) >> 2, h >> 2, (h >> 2) + B * U);
  }
  return { timeOf, hPrevDropped, hInOf };
}

/**
 * recurrentKernelᵀ [G, U] (and its packed form, or 0) for the backward loop's per-step
 * product d(pre-activations) @ recurrentKernelᵀ: transposed once, not per step.
 */
export function putRecurrentTransposed(rt: WasmRuntime, s: RecurrentShape, recurrentKernel: FloatArray): { kernelT: number; packed: number } {
  const { B, U, G } = s;
  const kernelT = rt.arena.alloc(U * G);
  rt.exports.transpose(kernelT, rt.arena.put(recurrentKernel), U, G);
  return { kernelT, packed: B >= 4 ? packedB(rt, kernelT, G, U) : 0 };
}

/**
 * dKernel = xᵀ dPre and dx = dPre kernelᵀ for all steps at once, from dPre [T, B, G] (the
 * gradients of the input projection), with x [T, B, I] at xPtr. dPrePacked: dPre already
 * packed, or 0. Also adds dPre's column sums (the gradient of the bias the projection
 * included) into dBias [G]. When x came gathered, xPtr holds its distinct rows and dPre is
 * first summed by distinct row, so both products and the bias sums run over the distinct rows
 * and dx comes by distinct row.
 */
export function inputGradients(
  rt: WasmRuntime, threads: number, s: RecurrentShape,
  xPtr: number, kernel: FloatArray, dPre: number, dPrePacked: number,
  gathered: GatheredInput | null, dBias: number,
): { dKernel: Float32Array; dx: Float32Array } {
  const { B, T, I, G } = s;
  const arena = rt.arena;
  const dKernel = arena.alloc(I * G);
  let rows = T * B;
  if (gathered) {
    rows = gathered.count;
    const dRows = arena.allocZeroed(rows * G);
    rt.exports.scatterAddRows(dRows, dPre, putSlotsTimeMajor(rt, gathered.slots, B, T), T * B, G);
    dPre = dRows;
    dPrePacked = 0;
  }
  rt.exports.addColumnSums(dBias, dPre, rows, G);
  if (dPrePacked) rt.exports.gemm(I, G, rows, xPtr, 1, I, dPre, dKernel, 0, threads, dPrePacked, 0);
  else wasmProduct(rt, threads, I, G, rows, xPtr, 1, I, dPre, dKernel, false);
  const kernelT = arena.alloc(G * I);
  rt.exports.transpose(kernelT, arena.put(kernel), I, G);
  const dxRows = arena.alloc(rows * I);
  wasmProduct(rt, threads, rows, I, G, dPre, G, 1, kernelT, dxRows, false);
  return { dKernel: arena.read(dKernel, I * G), dx: gathered ? arena.read(dxRows, rows * I) : readSwapped(rt, dxRows, T, B, I) };
}
