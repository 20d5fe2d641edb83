// The elementwise half of one GRU step (Keras's reset_after=True form, the default), forward
// and backward, on units [u0, u1) of every row of the batch; a thread keeps the same units for
// the whole sequence (see jobs.ts). The JS driver (src/kernels/wasm/gru.ts) owns the time
// loop. Equations as in src/kernels/reference/gru.ts:
//   mx = x W + b_in (all steps at once)      mi = hd R + b_rec (this step)
//   z = σ(mx_z + mi_z)   r = σ(mx_r + mi_r)   hh = act(mx_h + r ⊙ mi_h)
//   h_t = z ⊙ h_{t-1} + (1 - z) ⊙ hh         (hd: h_{t-1} after recurrent dropout)
// σ is the recurrent activation `rec` (sigmoid by default), act the activation `act` (tanh by
// default), codes from activations.ts. As in lstm.ts, each kernel is an inlined body with an
// exported form for the default pair (constant codes) and one for any pair, and the saved
// gates hold their inputs for swish and gelu (see keptV in activations.ts).
import { actV, actS, dActV, dActS, keptV, keptS, valueFromKeptV, valueFromKeptS, ACT_TANH, ACT_SIGMOID } from './activations';
import { addInto, carryState } from './vector';

/**
 * g: this step's mx [B, 3U], overwritten with z, r, hh (kept values, see keptV). mi: [B, 3U] recurrent product
 * (without its bias); recBias: [3U] or 0. h, prev: [B, U] state and previous output, updated;
 * seq: this step's output, row b at seq + b * seqStride bytes. hPrevOut, resetInputOut:
 * [B, U] h_{t-1} and mi_h + b_h saved for backward (0 to skip). mask: B floats (0 = no mask).
 * hNext: [B, U] (0 to skip) receives the new h times dropMask (0 = none), the next step's hd.
 */
export function gruForwardUnits(
  B: i32, u0: i32, u1: i32, U: i32, g: usize, mi: usize, recBias: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  hPrevOut: usize, resetInputOut: usize, mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize,
): void {
  gruForwardBody(B, u0, u1, U, g, mi, recBias, h, prev, seq, seqStride, hPrevOut, resetInputOut, mask, zeroOutputForMask, hNext, dropMask, ACT_TANH, ACT_SIGMOID, true);
}

/** gruForwardUnits with activation `act` and recurrent activation `rec`. */
export function gruForwardUnitsAny(
  B: i32, u0: i32, u1: i32, U: i32, g: usize, mi: usize, recBias: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  hPrevOut: usize, resetInputOut: usize, mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize, act: i32, rec: i32,
): void {
  gruForwardBody(B, u0, u1, U, g, mi, recBias, h, prev, seq, seqStride, hPrevOut, resetInputOut, mask, zeroOutputForMask, hNext, dropMask, act, rec, false);
}

// @ts-ignore: decorator
@inline function gruForwardBody(
  B: i32, u0: i32, u1: i32, U: i32, g: usize, mi: usize, recBias: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  hPrevOut: usize, resetInputOut: usize, mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize, act: i32, rec: i32, inl: bool,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const spanBytes = <usize>n << 2;
  const one = f32x4.splat(1.0);
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + off;
    const out = seq + <usize>b * seqStride + off;
    const gz = g + <usize>b * 3 * rowBytes + off, gr = gz + rowBytes, gh = gr + rowBytes;
    const iz = mi + <usize>b * 3 * rowBytes + off, ir = iz + rowBytes, ih = ir + rowBytes;
    const real = mask == 0 || load<f32>(mask + (<usize>b << 2)) != 0;
    if (!real) {
      // Padded step: the state carries over; the output repeats the previous one (or is zero).
      if (hPrevOut != 0) memory.copy(hPrevOut + st, h + st, spanBytes);
      if (resetInputOut != 0) memory.fill(resetInputOut + st, 0, spanBytes);
      if (zeroOutputForMask) memory.fill(out, 0, spanBytes);
      else memory.copy(out, prev + st, spanBytes);
      if (hNext != 0) carryState(hNext + st, h + st, dropMask != 0 ? dropMask + st : 0, n);
      continue;
    }
    const bz = recBias + off, br = bz + rowBytes, bh = br + rowBytes;
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      let vz = f32x4.splat(0), vr = f32x4.splat(0), vh = f32x4.splat(0);
      if (recBias != 0) {
        vz = v128.load(bz + o4); vr = v128.load(br + o4); vh = v128.load(bh + o4);
      }
      const zPre = f32x4.add(v128.load(gz + o4), f32x4.add(v128.load(iz + o4), vz));
      const rPre = f32x4.add(v128.load(gr + o4), f32x4.add(v128.load(ir + o4), vr));
      const z = actV(inl, rec, zPre);
      const r = actV(inl, rec, rPre);
      const resetInput = f32x4.add(v128.load(ih + o4), vh);
      const hhPre = f32x4.add(v128.load(gh + o4), f32x4.mul(r, resetInput));
      const hh = actV(inl, act, hhPre);
      v128.store(gz + o4, keptV(rec, zPre, z)); v128.store(gr + o4, keptV(rec, rPre, r)); v128.store(gh + o4, keptV(act, hhPre, hh));
      if (resetInputOut != 0) v128.store(resetInputOut + st + o4, resetInput);
      const hOld = v128.load(h + st + o4);
      if (hPrevOut != 0) v128.store(hPrevOut + st + o4, hOld);
      const hNew = f32x4.add(f32x4.mul(z, hOld), f32x4.mul(f32x4.sub(one, z), hh));
      v128.store(h + st + o4, hNew);
      v128.store(prev + st + o4, hNew);
      v128.store(out + o4, hNew);
      if (hNext != 0) v128.store(hNext + st + o4, dropMask != 0 ? f32x4.mul(hNew, v128.load(dropMask + st + o4)) : hNew);
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      let vz: f32 = 0, vr: f32 = 0, vh: f32 = 0;
      if (recBias != 0) {
        vz = load<f32>(bz + o4); vr = load<f32>(br + o4); vh = load<f32>(bh + o4);
      }
      const zPre = load<f32>(gz + o4) + (load<f32>(iz + o4) + vz);
      const rPre = load<f32>(gr + o4) + (load<f32>(ir + o4) + vr);
      const z = actS(inl, rec, zPre);
      const r = actS(inl, rec, rPre);
      const resetInput = load<f32>(ih + o4) + vh;
      const hhPre = load<f32>(gh + o4) + r * resetInput;
      const hh = actS(inl, act, hhPre);
      store<f32>(gz + o4, keptS(rec, zPre, z)); store<f32>(gr + o4, keptS(rec, rPre, r)); store<f32>(gh + o4, keptS(act, hhPre, hh));
      if (resetInputOut != 0) store<f32>(resetInputOut + st + o4, resetInput);
      const hOld = load<f32>(h + st + o4);
      if (hPrevOut != 0) store<f32>(hPrevOut + st + o4, hOld);
      const hNew = z * hOld + (1 - z) * hh;
      store<f32>(h + st + o4, hNew);
      store<f32>(prev + st + o4, hNew);
      store<f32>(out + o4, hNew);
      if (hNext != 0) store<f32>(hNext + st + o4, dropMask != 0 ? hNew * load<f32>(dropMask + st + o4) : hNew);
    }
  }
}

/**
 * Gradients of one GRU step on units [u0, u1). dmx, dmi: [B, 3U] out (input-side and
 * recurrent-side pre-activation gradients). gates: z, r, hh from forward (kept values). hPrev, resetInput:
 * saved by forward. dh: [B, U] gradient reaching h_t; dhDirect: [B, U] out, the part that
 * flows straight to h_{t-1} (z ⊙ dh). carry/dSeq as in the LSTM (dSeq row b at
 * dSeq + b * dSeqStride).
 *   dz_pre = dh (h_{t-1} - hh) σ'(z)     dhh_pre = dh (1-z) act'(hh)
 *   dr_pre = dhh_pre · resetInput · σ'(r)
 *   dmx = [dz_pre, dr_pre, dhh_pre]      dmi = [dz_pre, dr_pre, dhh_pre ⊙ r]
 * (σ'(z) = z(1-z) and act'(hh) = 1-hh² for the default pair.)
 */
export function gruBackwardUnits(
  B: i32, u0: i32, u1: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, resetInput: usize,
  dh: usize, dhDirect: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool,
): void {
  gruBackwardBody(B, u0, u1, U, dmx, dmi, gates, hPrev, resetInput, dh, dhDirect, carry, dSeq, dSeqStride, mask, zeroOutputForMask, ACT_TANH, ACT_SIGMOID, true);
}

/** gruBackwardUnits with activation `act` and recurrent activation `rec`. */
export function gruBackwardUnitsAny(
  B: i32, u0: i32, u1: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, resetInput: usize,
  dh: usize, dhDirect: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool, act: i32, rec: i32,
): void {
  gruBackwardBody(B, u0, u1, U, dmx, dmi, gates, hPrev, resetInput, dh, dhDirect, carry, dSeq, dSeqStride, mask, zeroOutputForMask, act, rec, false);
}

// @ts-ignore: decorator
@inline function gruBackwardBody(
  B: i32, u0: i32, u1: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, resetInput: usize,
  dh: usize, dhDirect: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool, act: i32, rec: i32, inl: bool,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const spanBytes = <usize>n << 2;
  const one = f32x4.splat(1.0);
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + off;
    const real = mask == 0 || load<f32>(mask + (<usize>b << 2)) != 0;
    if (dSeq != 0 && (real || !zeroOutputForMask)) addInto(carry + st, dSeq + <usize>b * dSeqStride + off, n);
    const row = <usize>b * 3 * rowBytes + off;
    const gz = gates + row, gr = gz + rowBytes, gh = gr + rowBytes;
    const xz = dmx + row, xr = xz + rowBytes, xh = xr + rowBytes;
    const iz = dmi + row, ir = iz + rowBytes, ih = ir + rowBytes;
    if (!real) {
      memory.fill(xz, 0, spanBytes); memory.fill(xr, 0, spanBytes); memory.fill(xh, 0, spanBytes);
      memory.fill(iz, 0, spanBytes); memory.fill(ir, 0, spanBytes); memory.fill(ih, 0, spanBytes);
      continue;
    }
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const kz = v128.load(gz + o4), kr = v128.load(gr + o4), kh = v128.load(gh + o4);
      const z = valueFromKeptV(inl, rec, kz), r = valueFromKeptV(inl, rec, kr), hh = valueFromKeptV(inl, act, kh);
      const dhTotal = f32x4.add(v128.load(dh + st + o4), v128.load(carry + st + o4));
      v128.store(carry + st + o4, f32x4.splat(0));
      v128.store(dhDirect + st + o4, f32x4.mul(dhTotal, z));
      const dzPre = f32x4.mul(f32x4.mul(dhTotal, f32x4.sub(v128.load(hPrev + st + o4), hh)), dActV(inl, rec, kz));
      const dPre = f32x4.mul(f32x4.mul(dhTotal, f32x4.sub(one, z)), dActV(inl, act, kh));
      const drPre = f32x4.mul(f32x4.mul(dPre, v128.load(resetInput + st + o4)), dActV(inl, rec, kr));
      v128.store(xz + o4, dzPre); v128.store(xr + o4, drPre); v128.store(xh + o4, dPre);
      v128.store(iz + o4, dzPre); v128.store(ir + o4, drPre); v128.store(ih + o4, f32x4.mul(dPre, r));
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const kz = load<f32>(gz + o4), kr = load<f32>(gr + o4), kh = load<f32>(gh + o4);
      const z = valueFromKeptS(inl, rec, kz), r = valueFromKeptS(inl, rec, kr), hh = valueFromKeptS(inl, act, kh);
      const dhTotal = load<f32>(dh + st + o4) + load<f32>(carry + st + o4);
      store<f32>(carry + st + o4, 0);
      store<f32>(dhDirect + st + o4, dhTotal * z);
      const dzPre = dhTotal * (load<f32>(hPrev + st + o4) - hh) * dActS(inl, rec, kz);
      const dPre = dhTotal * (1 - z) * dActS(inl, act, kh);
      const drPre = dPre * load<f32>(resetInput + st + o4) * dActS(inl, rec, kr);
      store<f32>(xz + o4, dzPre); store<f32>(xr + o4, drPre); store<f32>(xh + o4, dPre);
      store<f32>(iz + o4, dzPre); store<f32>(ir + o4, drPre); store<f32>(ih + o4, dPre * r);
    }
  }
}

/** dh = dhDirect + dhd (times the recurrent dropout mask) on units [u0, u1) of rows real at this step. */
export function gruCarryDh(B: i32, u0: i32, u1: i32, U: i32, dh: usize, dhDirect: usize, dhd: usize, dropMask: usize, mask: usize): void {
  const rowBytes = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) continue;
    const st = <usize>b * rowBytes + (<usize>u0 << 2);
    for (let u = 0; u < u1 - u0; u++) {
      const p = st + (<usize>u << 2);
      const fromHd = dropMask == 0 ? load<f32>(dhd + p) : load<f32>(dhd + p) * load<f32>(dropMask + p);
      store<f32>(dh + p, load<f32>(dhDirect + p) + fromHd);
    }
  }
}

// resetAfter = false (the original Keras GRU): the reset gate multiplies h before the
// product, so the candidate's recurrent product needs r of every unit first:
//   z = σ(mx_z + hd R_z)   r = σ(mx_r + hd R_r)   rh = r ⊙ hd   hh = act(mx_h + rh R_h)
// (the whole bias is in mx). A forward step is two jobs, split by units as above: the gates
// (gruResetGatesUnits), then the candidate and state (gruCandidateUnits); backward is three:
// gruResetBeforeBackwardUnits, then gruResetBeforeGateGrads (which needs d(rh) = dhh_pre R_hᵀ
// of its units, i.e. every unit's dhh_pre), then the carry into dh.

/**
 * z and r of units [u0, u1): g [B, 3U] holds mx and receives z, r (kept values, see keptV) in
 * its first two blocks; mi [B, 3U] holds hd R in its first two blocks, and its first block
 * receives the value of z, which the candidate job reads there (it has no recurrent
 * activation code to recompute z from what g keeps). hd: [B, U] h_{t-1} after dropout.
 * rh: [B, U] out, r ⊙ hd (0 on padded rows, which the candidate's product still reads).
 */
export function gruResetGatesUnits(
  B: i32, u0: i32, u1: i32, U: i32, g: usize, mi: usize, hd: usize, rh: usize, mask: usize, rec: i32,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + off;
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) {
      memory.fill(rh + st, 0, <usize>n << 2);
      continue;
    }
    const gz = g + <usize>b * 3 * rowBytes + off, gr = gz + rowBytes;
    const iz = mi + <usize>b * 3 * rowBytes + off, ir = iz + rowBytes;
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const zPre = f32x4.add(v128.load(gz + o4), v128.load(iz + o4));
      const rPre = f32x4.add(v128.load(gr + o4), v128.load(ir + o4));
      const z = actV(false, rec, zPre);
      const r = actV(false, rec, rPre);
      v128.store(gz + o4, keptV(rec, zPre, z)); v128.store(gr + o4, keptV(rec, rPre, r));
      v128.store(iz + o4, z);
      v128.store(rh + st + o4, f32x4.mul(r, v128.load(hd + st + o4)));
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const zPre = load<f32>(gz + o4) + load<f32>(iz + o4);
      const rPre = load<f32>(gr + o4) + load<f32>(ir + o4);
      const z = actS(false, rec, zPre);
      const r = actS(false, rec, rPre);
      store<f32>(gz + o4, keptS(rec, zPre, z)); store<f32>(gr + o4, keptS(rec, rPre, r));
      store<f32>(iz + o4, z);
      store<f32>(rh + st + o4, r * load<f32>(hd + st + o4));
    }
  }
}

/**
 * The candidate and state of units [u0, u1): mi's first block holds z (from
 * gruResetGatesUnits), its third rh R_h; g's third block (mx_h) receives hh (kept value).
 * h, prev, seq, hPrevOut, mask, hNext, dropMask as in gruForwardUnits.
 */
export function gruCandidateUnits(
  B: i32, u0: i32, u1: i32, U: i32, g: usize, mi: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  hPrevOut: usize, mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize, act: i32,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const spanBytes = <usize>n << 2;
  const one = f32x4.splat(1.0);
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + off;
    const out = seq + <usize>b * seqStride + off;
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) {
      if (hPrevOut != 0) memory.copy(hPrevOut + st, h + st, spanBytes);
      if (zeroOutputForMask) memory.fill(out, 0, spanBytes);
      else memory.copy(out, prev + st, spanBytes);
      if (hNext != 0) carryState(hNext + st, h + st, dropMask != 0 ? dropMask + st : 0, n);
      continue;
    }
    const gh = g + <usize>b * 3 * rowBytes + off + 2 * rowBytes;
    const iz = mi + <usize>b * 3 * rowBytes + off, ih = iz + 2 * rowBytes;
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const z = v128.load(iz + o4);
      const hhPre = f32x4.add(v128.load(gh + o4), v128.load(ih + o4));
      const hh = actV(false, act, hhPre);
      v128.store(gh + o4, keptV(act, hhPre, hh));
      const hOld = v128.load(h + st + o4);
      if (hPrevOut != 0) v128.store(hPrevOut + st + o4, hOld);
      const hNew = f32x4.add(f32x4.mul(z, hOld), f32x4.mul(f32x4.sub(one, z), hh));
      v128.store(h + st + o4, hNew);
      v128.store(prev + st + o4, hNew);
      v128.store(out + o4, hNew);
      if (hNext != 0) v128.store(hNext + st + o4, dropMask != 0 ? f32x4.mul(hNew, v128.load(dropMask + st + o4)) : hNew);
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const z = load<f32>(iz + o4);
      const hhPre = load<f32>(gh + o4) + load<f32>(ih + o4);
      const hh = actS(false, act, hhPre);
      store<f32>(gh + o4, keptS(act, hhPre, hh));
      const hOld = load<f32>(h + st + o4);
      if (hPrevOut != 0) store<f32>(hPrevOut + st + o4, hOld);
      const hNew = z * hOld + (1 - z) * hh;
      store<f32>(h + st + o4, hNew);
      store<f32>(prev + st + o4, hNew);
      store<f32>(out + o4, hNew);
      if (hNext != 0) store<f32>(hNext + st + o4, dropMask != 0 ? hNew * load<f32>(dropMask + st + o4) : hNew);
    }
  }
}

/**
 * The first half of a resetAfter = false backward step on units [u0, u1), everything but r's
 * gradient: dmx/dmi z blocks = dz_pre, dmx h block = dhh_pre; dmi's h block is not written
 * (R_h's gradient comes from rh and dmx's h block); dhDirect = z ⊙ dh. Padded rows: zero.
 * Arguments as in gruBackwardUnits.
 */
export function gruResetBeforeBackwardUnits(
  B: i32, u0: i32, u1: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize,
  dh: usize, dhDirect: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool, act: i32, rec: i32,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const spanBytes = <usize>n << 2;
  const one = f32x4.splat(1.0);
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + off;
    const real = mask == 0 || load<f32>(mask + (<usize>b << 2)) != 0;
    if (dSeq != 0 && (real || !zeroOutputForMask)) addInto(carry + st, dSeq + <usize>b * dSeqStride + off, n);
    const row = <usize>b * 3 * rowBytes + off;
    const gz = gates + row, gh = gz + 2 * rowBytes;
    const xz = dmx + row, xr = xz + rowBytes, xh = xr + rowBytes;
    const iz = dmi + row, ir = iz + rowBytes;
    if (!real) {
      memory.fill(xz, 0, spanBytes); memory.fill(xr, 0, spanBytes); memory.fill(xh, 0, spanBytes);
      memory.fill(iz, 0, spanBytes); memory.fill(ir, 0, spanBytes);
      continue;
    }
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const kz = v128.load(gz + o4), kh = v128.load(gh + o4);
      const z = valueFromKeptV(false, rec, kz), hh = valueFromKeptV(false, act, kh);
      const dhTotal = f32x4.add(v128.load(dh + st + o4), v128.load(carry + st + o4));
      v128.store(carry + st + o4, f32x4.splat(0));
      v128.store(dhDirect + st + o4, f32x4.mul(dhTotal, z));
      const dzPre = f32x4.mul(f32x4.mul(dhTotal, f32x4.sub(v128.load(hPrev + st + o4), hh)), dActV(false, rec, kz));
      const dPre = f32x4.mul(f32x4.mul(dhTotal, f32x4.sub(one, z)), dActV(false, act, kh));
      v128.store(xz + o4, dzPre); v128.store(iz + o4, dzPre); v128.store(xh + o4, dPre);
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const kz = load<f32>(gz + o4), kh = load<f32>(gh + o4);
      const z = valueFromKeptS(false, rec, kz), hh = valueFromKeptS(false, act, kh);
      const dhTotal = load<f32>(dh + st + o4) + load<f32>(carry + st + o4);
      store<f32>(carry + st + o4, 0);
      store<f32>(dhDirect + st + o4, dhTotal * z);
      const dzPre = dhTotal * (load<f32>(hPrev + st + o4) - hh) * dActS(false, rec, kz);
      const dPre = dhTotal * (1 - z) * dActS(false, act, kh);
      store<f32>(xz + o4, dzPre); store<f32>(iz + o4, dzPre); store<f32>(xh + o4, dPre);
    }
  }
}

/**
 * r's gradient on units [u0, u1), once dRh [B, U] holds d(rh) = dhh_pre R_hᵀ for them:
 * dmx/dmi r blocks = dRh ⊙ hd ⊙ σ'(r); dRh is then replaced by dRh ⊙ r, the part of the
 * gradient of hd that flows through rh. Padded rows are left alone (their dmx, dmi are zero).
 */
export function gruResetBeforeGateGrads(
  B: i32, u0: i32, u1: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hd: usize, dRh: usize, mask: usize, rec: i32,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  const off = <usize>u0 << 2;
  for (let b = 0; b < B; b++) {
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) continue;
    const st = <usize>b * rowBytes + off;
    const row = <usize>b * 3 * rowBytes + off + rowBytes;
    const gr = gates + row, xr = dmx + row, ir = dmi + row;
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const kr = v128.load(gr + o4), d = v128.load(dRh + st + o4);
      const r = valueFromKeptV(false, rec, kr);
      const drPre = f32x4.mul(f32x4.mul(d, v128.load(hd + st + o4)), dActV(false, rec, kr));
      v128.store(xr + o4, drPre); v128.store(ir + o4, drPre);
      v128.store(dRh + st + o4, f32x4.mul(d, r));
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const kr = load<f32>(gr + o4), d = load<f32>(dRh + st + o4);
      const r = valueFromKeptS(false, rec, kr);
      const drPre = d * load<f32>(hd + st + o4) * dActS(false, rec, kr);
      store<f32>(xr + o4, drPre); store<f32>(ir + o4, drPre);
      store<f32>(dRh + st + o4, d * r);
    }
  }
}
