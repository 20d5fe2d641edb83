// The elementwise half of one SimpleRNN step, forward and backward, on units [u0, u1) of every
// row of the batch; a thread keeps the same units for the whole sequence (see jobs.ts), as in
// lstm.ts. The JS driver (src/kernels/wasm/simpleRnn.ts) owns the time loop. Equation as in
// src/kernels/reference/simpleRnn.ts, with act the activation code `act` (tanh by default):
//   h_t = act(x_t W + b + hd R)     (hd: h_{t-1} after recurrent dropout)
// As in lstm.ts, each kernel is an inlined body with an exported form for tanh (constant code)
// and one for any activation.
import { actV, actS, dActV, dActS, keptV, keptS, ACT_TANH } from './activations';
import { addInto, carryState } from './vector';

/**
 * z: this step's pre-activations [B, U], overwritten with h_t (kept for backward, whose
 * derivative needs only the output), or left as they are for swish and gelu (see keptV). h, prev: [B, U] state and previous output, updated;
 * seq: this step's output, row b at seq + b * seqStride bytes. mask: B floats (0 = no mask).
 * hNext: [B, U] (0 to skip) receives the new h times dropMask (0 = none), the next step's hd.
 */
export function simpleRnnForwardUnits(
  B: i32, u0: i32, u1: i32, U: i32, z: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize,
): void {
  simpleRnnForwardBody(B, u0, u1, U, z, h, prev, seq, seqStride, mask, zeroOutputForMask, hNext, dropMask, ACT_TANH, true);
}

/** simpleRnnForwardUnits with activation `act`. */
export function simpleRnnForwardUnitsAny(
  B: i32, u0: i32, u1: i32, U: i32, z: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize, act: i32,
): void {
  simpleRnnForwardBody(B, u0, u1, U, z, h, prev, seq, seqStride, mask, zeroOutputForMask, hNext, dropMask, act, false);
}

// @ts-ignore: decorator
@inline function simpleRnnForwardBody(
  B: i32, u0: i32, u1: i32, U: i32, z: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize, act: i32, inl: bool,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const spanBytes = <usize>n << 2;
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + off;
    const out = seq + <usize>b * seqStride + off;
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) {
      // Padded step: the state carries over; the output repeats the previous one (or is zero).
      if (zeroOutputForMask) memory.fill(out, 0, spanBytes);
      else memory.copy(out, prev + st, spanBytes);
      if (hNext != 0) carryState(hNext + st, h + st, dropMask != 0 ? dropMask + st : 0, n);
      continue;
    }
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const pre = v128.load(z + st + o4);
      const hNew = actV(inl, act, pre);
      v128.store(z + st + o4, keptV(act, pre, hNew));
      v128.store(h + st + o4, hNew);
      v128.store(prev + st + o4, hNew);
      v128.store(out + o4, hNew);
      if (hNext != 0) v128.store(hNext + st + o4, dropMask != 0 ? f32x4.mul(hNew, v128.load(dropMask + st + o4)) : hNew);
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const pre = load<f32>(z + st + o4);
      const hNew = actS(inl, act, pre);
      store<f32>(z + st + o4, keptS(act, pre, hNew));
      store<f32>(h + st + o4, hNew);
      store<f32>(prev + st + o4, hNew);
      store<f32>(out + o4, hNew);
      if (hNext != 0) store<f32>(hNext + st + o4, dropMask != 0 ? hNew * load<f32>(dropMask + st + o4) : hNew);
    }
  }
}

/**
 * Pre-activation gradients of one step on units [u0, u1). dz: [B, U] out. hOut: [B, U] h_t
 * saved by forward (or its pre-activation, see keptV). dh: [B, U] gradient reaching h_t from the next step. carry/dSeq as in the
 * LSTM (dSeq row b at dSeq + b * dSeqStride; carry cleared when used). Padded rows get dz = 0
 * and leave dh and carry as they are, for the earlier steps.
 *   dz = (dh + carry) act'(h_t)   (act' from what was kept)
 */
export function simpleRnnBackwardUnits(
  B: i32, u0: i32, u1: i32, U: i32, dz: usize, hOut: usize, dh: usize, carry: usize, dSeq: usize, dSeqStride: usize,
  mask: usize, zeroOutputForMask: bool,
): void {
  simpleRnnBackwardBody(B, u0, u1, U, dz, hOut, dh, carry, dSeq, dSeqStride, mask, zeroOutputForMask, ACT_TANH, true);
}

/** simpleRnnBackwardUnits with activation `act`. */
export function simpleRnnBackwardUnitsAny(
  B: i32, u0: i32, u1: i32, U: i32, dz: usize, hOut: usize, dh: usize, carry: usize, dSeq: usize, dSeqStride: usize,
  mask: usize, zeroOutputForMask: bool, act: i32,
): void {
  simpleRnnBackwardBody(B, u0, u1, U, dz, hOut, dh, carry, dSeq, dSeqStride, mask, zeroOutputForMask, act, false);
}

// @ts-ignore: decorator
@inline function simpleRnnBackwardBody(
  B: i32, u0: i32, u1: i32, U: i32, dz: usize, hOut: usize, dh: usize, carry: usize, dSeq: usize, dSeqStride: usize,
  mask: usize, zeroOutputForMask: bool, act: i32, inl: bool,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + off;
    const real = mask == 0 || load<f32>(mask + (<usize>b << 2)) != 0;
    if (dSeq != 0 && (real || !zeroOutputForMask)) addInto(carry + st, dSeq + <usize>b * dSeqStride + off, n);
    if (!real) {
      memory.fill(dz + st, 0, <usize>n << 2);
      continue;
    }
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const p = st + (<usize>u << 2);
      const dhTotal = f32x4.add(v128.load(dh + p), v128.load(carry + p));
      v128.store(carry + p, f32x4.splat(0));
      v128.store(dz + p, f32x4.mul(dhTotal, dActV(inl, act, v128.load(hOut + p))));
    }
    for (; u < n; u++) {
      const p = st + (<usize>u << 2);
      const dhTotal = load<f32>(dh + p) + load<f32>(carry + p);
      store<f32>(carry + p, 0);
      store<f32>(dz + p, dhTotal * dActS(inl, act, load<f32>(hOut + p)));
    }
  }
}
