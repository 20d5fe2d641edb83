// The elementwise half of one GRU step (Keras's reset_after=True form, the default), forward
// and backward, on rows [b0, b1). The JS driver (src/kernels/wasm/gru.ts) owns the time loop
// and the matrix products. Equations as in src/kernels/reference/gru.ts:
//   mx = x W + b_in (all steps at once)      mi = hd R + b_rec (this step)
//   z = σ(mx_z + mi_z)   r = σ(mx_r + mi_r)   hh = tanh(mx_h + r ⊙ mi_h)
//   h_t = z ⊙ h_{t-1} + (1 - z) ⊙ hh         (hd: h_{t-1} after recurrent dropout)
import { sigmoidV, tanhV, sigmoidS, tanhS } from './activations';
import { addInto } from './vector';

/**
 * g: this step's mx [B, 3U], overwritten with z, r, hh. mi: [B, 3U] recurrent product
 * (without its bias); recBias: [3U] or 0. h, prev: [B, U] state and previous output, updated;
 * seq: [B, U] output of this step. hPrevOut, resetInputOut: [B, U] h_{t-1} and mi_h + b_h
 * saved for backward (0 to skip). mask: B floats (0 = no mask).
 */
export function gruForwardRows(
  b0: i32, b1: i32, U: i32, g: usize, mi: usize, recBias: usize, h: usize, prev: usize, seq: usize,
  hPrevOut: usize, resetInputOut: usize, mask: usize, zeroOutputForMask: bool,
): void {
  const rowBytes = <usize>U << 2;
  const one = f32x4.splat(1.0);
  for (let b = b0; b < b1; b++) {
    const st = <usize>b * rowBytes;
    if (hPrevOut != 0) memory.copy(hPrevOut + st, h + st, rowBytes);
    const gz = g + <usize>b * 3 * rowBytes, gr = gz + rowBytes, gh = gr + rowBytes;
    const iz = mi + <usize>b * 3 * rowBytes, ir = iz + rowBytes, ih = ir + rowBytes;
    const real = mask == 0 || load<f32>(mask + (<usize>b << 2)) != 0;
    if (!real) {
      if (resetInputOut != 0) memory.fill(resetInputOut + st, 0, rowBytes);
      if (zeroOutputForMask) memory.fill(seq + st, 0, rowBytes);
      else memory.copy(seq + st, prev + st, rowBytes);
      continue;
    }
    let u = 0;
    for (; u + 4 <= U; u += 4) {
      const o4 = <usize>u << 2;
      let bz = f32x4.splat(0), br = f32x4.splat(0), bh = f32x4.splat(0);
      if (recBias != 0) {
        bz = v128.load(recBias + o4); br = v128.load(recBias + rowBytes + o4); bh = v128.load(recBias + 2 * rowBytes + o4);
      }
      const z = sigmoidV(f32x4.add(v128.load(gz + o4), f32x4.add(v128.load(iz + o4), bz)));
      const r = sigmoidV(f32x4.add(v128.load(gr + o4), f32x4.add(v128.load(ir + o4), br)));
      const resetInput = f32x4.add(v128.load(ih + o4), bh);
      const hh = tanhV(f32x4.add(v128.load(gh + o4), f32x4.mul(r, resetInput)));
      v128.store(gz + o4, z); v128.store(gr + o4, r); v128.store(gh + o4, hh);
      if (resetInputOut != 0) v128.store(resetInputOut + st + o4, resetInput);
      const hNew = f32x4.add(f32x4.mul(z, v128.load(h + st + o4)), f32x4.mul(f32x4.sub(one, z), hh));
      v128.store(h + st + o4, hNew);
      v128.store(prev + st + o4, hNew);
      v128.store(seq + st + o4, hNew);
    }
    for (; u < U; u++) {
      const o4 = <usize>u << 2;
      let bz: f32 = 0, br: f32 = 0, bh: f32 = 0;
      if (recBias != 0) {
        bz = load<f32>(recBias + o4); br = load<f32>(recBias + rowBytes + o4); bh = load<f32>(recBias + 2 * rowBytes + o4);
      }
      const z = sigmoidS(load<f32>(gz + o4) + (load<f32>(iz + o4) + bz));
      const r = sigmoidS(load<f32>(gr + o4) + (load<f32>(ir + o4) + br));
      const resetInput = load<f32>(ih + o4) + bh;
      const hh = tanhS(load<f32>(gh + o4) + r * resetInput);
      store<f32>(gz + o4, z); store<f32>(gr + o4, r); store<f32>(gh + o4, hh);
      if (resetInputOut != 0) store<f32>(resetInputOut + st + o4, resetInput);
      const hNew = z * load<f32>(h + st + o4) + (1 - z) * hh;
      store<f32>(h + st + o4, hNew);
      store<f32>(prev + st + o4, hNew);
      store<f32>(seq + st + o4, hNew);
    }
  }
}

/**
 * Gradients of one GRU step. dmx, dmi: [B, 3U] out (input-side and recurrent-side
 * pre-activation gradients). gates: z, r, hh from forward. hPrev, resetInput: saved by forward.
 * dh: [B, U] gradient reaching h_t; dhDirect: [B, U] out, the part that flows straight to
 * h_{t-1} (z ⊙ dh). carry/dSeq as in the LSTM.
 *   dz_pre = dh (h_{t-1} - hh) z(1-z)    dhh_pre = dh (1-z)(1-hh²)
 *   dr_pre = dhh_pre · resetInput · r(1-r)
 *   dmx = [dz_pre, dr_pre, dhh_pre]      dmi = [dz_pre, dr_pre, dhh_pre ⊙ r]
 */
export function gruBackwardRows(
  b0: i32, b1: i32, U: i32, dmx: usize, dmi: usize, gates: usize, hPrev: usize, resetInput: usize,
  dh: usize, dhDirect: usize, carry: usize, dSeq: usize, mask: usize, zeroOutputForMask: bool,
): void {
  const rowBytes = <usize>U << 2;
  const one = f32x4.splat(1.0);
  for (let b = b0; b < b1; b++) {
    const st = <usize>b * rowBytes;
    const real = mask == 0 || load<f32>(mask + (<usize>b << 2)) != 0;
    if (dSeq != 0 && (real || !zeroOutputForMask)) addInto(carry + st, dSeq + st, U);
    const row = <usize>b * 3 * rowBytes;
    if (!real) {
      memory.fill(dmx + row, 0, 3 * rowBytes);
      memory.fill(dmi + row, 0, 3 * rowBytes);
      continue;
    }
    const gz = gates + row, gr = gz + rowBytes, gh = gr + rowBytes;
    const xz = dmx + row, xr = xz + rowBytes, xh = xr + rowBytes;
    const iz = dmi + row, ir = iz + rowBytes, ih = ir + rowBytes;
    let u = 0;
    for (; u + 4 <= U; u += 4) {
      const o4 = <usize>u << 2;
      const z = v128.load(gz + o4), r = v128.load(gr + o4), hh = v128.load(gh + o4);
      const dhTotal = f32x4.add(v128.load(dh + st + o4), v128.load(carry + st + o4));
      v128.store(carry + st + o4, f32x4.splat(0));
      v128.store(dhDirect + st + o4, f32x4.mul(dhTotal, z));
      const dzPre = f32x4.mul(f32x4.mul(dhTotal, f32x4.sub(v128.load(hPrev + st + o4), hh)), f32x4.mul(z, f32x4.sub(one, z)));
      const dPre = f32x4.mul(f32x4.mul(dhTotal, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(hh, hh)));
      const drPre = f32x4.mul(f32x4.mul(dPre, v128.load(resetInput + st + o4)), f32x4.mul(r, f32x4.sub(one, r)));
      v128.store(xz + o4, dzPre); v128.store(xr + o4, drPre); v128.store(xh + o4, dPre);
      v128.store(iz + o4, dzPre); v128.store(ir + o4, drPre); v128.store(ih + o4, f32x4.mul(dPre, r));
    }
    for (; u < U; u++) {
      const o4 = <usize>u << 2;
      const z = load<f32>(gz + o4), r = load<f32>(gr + o4), hh = load<f32>(gh + o4);
      const dhTotal = load<f32>(dh + st + o4) + load<f32>(carry + st + o4);
      store<f32>(carry + st + o4, 0);
      store<f32>(dhDirect + st + o4, dhTotal * z);
      const dzPre = dhTotal * (load<f32>(hPrev + st + o4) - hh) * (z * (1 - z));
      const dPre = dhTotal * (1 - z) * (1 - hh * hh);
      const drPre = dPre * load<f32>(resetInput + st + o4) * (r * (1 - r));
      store<f32>(xz + o4, dzPre); store<f32>(xr + o4, drPre); store<f32>(xh + o4, dPre);
      store<f32>(iz + o4, dzPre); store<f32>(ir + o4, drPre); store<f32>(ih + o4, dPre * r);
    }
  }
}

/** dh = dhDirect + dhd (times the recurrent dropout mask) on rows that were real at this step. */
export function gruCarryDh(B: i32, U: i32, dh: usize, dhDirect: usize, dhd: usize, dropMask: usize, mask: usize): void {
  const rowBytes = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) continue;
    const st = <usize>b * rowBytes;
    for (let u = 0; u < U; u++) {
      const p = st + (<usize>u << 2);
      const fromHd = dropMask == 0 ? load<f32>(dhd + p) : load<f32>(dhd + p) * load<f32>(dropMask + p);
      store<f32>(dh + p, load<f32>(dhDirect + p) + fromHd);
    }
  }
}
