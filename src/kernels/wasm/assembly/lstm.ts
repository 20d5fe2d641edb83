// The elementwise half of one LSTM step, forward and backward, on units [u0, u1) of every row
// of the batch. A thread owns a range of units for the whole sequence (see jobs.ts): the cell
// state and gate values of its units never leave its cache, and the same share also computes
// those units' columns of the recurrent product. The JS driver (src/kernels/wasm/lstm.ts)
// owns the time loop. Equations as in
// src/kernels/reference/lstm.ts, with σ the recurrent activation `rec` (sigmoid by default)
// and act the activation `act` (tanh by default), both codes from activations.ts:
//   i = σ(z_i)  f = σ(z_f)  g = act(z_c)  o = σ(z_o)
//   c_t = f c_{t-1} + i g     h_t = o act(c_t)
// Each kernel is an inlined body with an exported form per activation pair: the default pair
// with the codes as constants (the activation branches fold away) and any other pair.
// For swish and gelu the saved gates and act(c_t) hold their inputs instead (see keptV in
// activations.ts): z_i, z_f, z_c, z_o and c_t, from which backward computes values and slopes.
import { actV, actS, dActV, dActS, keptV, keptS, valueFromKeptV, valueFromKeptS, ACT_TANH, ACT_SIGMOID } from './activations';
import { addInto, carryState } from './vector';

/**
 * z: this step's pre-activations [B, 4U], overwritten with the gate activations (kept values,
 * see keptV).
 * c, h, prev: [B, U] states and the previous output, updated. seq: this step's output, row b at
 * seq + b * seqStride (bytes), so the driver can write the sequence batch-major directly.
 * cPrevOut, actCOut: [B, U] c_{t-1} and act(c_t) (kept value) saved for backward (0 to skip). mask: B floats (0 = no mask).
 * hNext: [B, U] (0 to skip) receives the new h times dropMask ([B, U], 0 = none): the input of
 * the next step's recurrent product, in a buffer of its own so that no thread writes what
 * another thread's share of that product is still reading.
 */
export function lstmForwardUnits(
  B: i32, u0: i32, u1: i32, U: i32, z: usize, c: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  cPrevOut: usize, actCOut: usize, mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize,
): void {
  lstmForwardBody(B, u0, u1, U, z, c, h, prev, seq, seqStride, cPrevOut, actCOut, mask, zeroOutputForMask, hNext, dropMask, ACT_TANH, ACT_SIGMOID, true);
}

/** lstmForwardUnits with activation `act` and recurrent activation `rec`. */
export function lstmForwardUnitsAny(
  B: i32, u0: i32, u1: i32, U: i32, z: usize, c: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  cPrevOut: usize, actCOut: usize, mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize, act: i32, rec: i32,
): void {
  lstmForwardBody(B, u0, u1, U, z, c, h, prev, seq, seqStride, cPrevOut, actCOut, mask, zeroOutputForMask, hNext, dropMask, act, rec, false);
}

// @ts-ignore: decorator
@inline function lstmForwardBody(
  B: i32, u0: i32, u1: i32, U: i32, z: usize, c: usize, h: usize, prev: usize, seq: usize, seqStride: usize,
  cPrevOut: usize, actCOut: usize, mask: usize, zeroOutputForMask: bool, hNext: usize, dropMask: usize, act: i32, rec: i32, inl: bool,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const spanBytes = <usize>(u1 - u0) << 2;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + (<usize>u0 << 2);
    const out = seq + <usize>b * seqStride + (<usize>u0 << 2);
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) {
      // Padded step: the states carry over; the output repeats the previous one (or is zero).
      if (cPrevOut != 0) memory.copy(cPrevOut + st, c + st, spanBytes);
      if (zeroOutputForMask) memory.fill(out, 0, spanBytes);
      else memory.copy(out, prev + st, spanBytes);
      if (hNext != 0) carryState(hNext + st, h + st, dropMask != 0 ? dropMask + st : 0, u1 - u0);
      continue;
    }
    const zi = z + <usize>b * 4 * rowBytes + (<usize>u0 << 2), zf = zi + rowBytes, zg = zf + rowBytes, zo = zg + rowBytes;
    let u = 0;
    const n = u1 - u0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const xi = v128.load(zi + o4), xf = v128.load(zf + o4), xg = v128.load(zg + o4), xo = v128.load(zo + o4);
      const ig = actV(inl, rec, xi);
      const fg = actV(inl, rec, xf);
      const gg = actV(inl, act, xg);
      const og = actV(inl, rec, xo);
      v128.store(zi + o4, keptV(rec, xi, ig)); v128.store(zf + o4, keptV(rec, xf, fg));
      v128.store(zg + o4, keptV(act, xg, gg)); v128.store(zo + o4, keptV(rec, xo, og));
      const cOld = v128.load(c + st + o4);
      // What backward and the next step need is stored here, from registers, rather than
      // copied afterwards (memory.copy of a short row is a call into the engine).
      if (cPrevOut != 0) v128.store(cPrevOut + st + o4, cOld);
      const cNew = f32x4.add(f32x4.mul(fg, cOld), f32x4.mul(ig, gg));
      const ac = actV(inl, act, cNew);
      const hNew = f32x4.mul(og, ac);
      v128.store(c + st + o4, cNew);
      if (actCOut != 0) v128.store(actCOut + st + o4, keptV(act, cNew, ac));
      v128.store(h + st + o4, hNew);
      v128.store(prev + st + o4, hNew);
      v128.store(out + o4, hNew);
      if (hNext != 0) v128.store(hNext + st + o4, dropMask != 0 ? f32x4.mul(hNew, v128.load(dropMask + st + o4)) : hNew);
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const xi = load<f32>(zi + o4), xf = load<f32>(zf + o4), xg = load<f32>(zg + o4), xo = load<f32>(zo + o4);
      const ig = actS(inl, rec, xi);
      const fg = actS(inl, rec, xf);
      const gg = actS(inl, act, xg);
      const og = actS(inl, rec, xo);
      store<f32>(zi + o4, keptS(rec, xi, ig)); store<f32>(zf + o4, keptS(rec, xf, fg));
      store<f32>(zg + o4, keptS(act, xg, gg)); store<f32>(zo + o4, keptS(rec, xo, og));
      const cOld = load<f32>(c + st + o4);
      if (cPrevOut != 0) store<f32>(cPrevOut + st + o4, cOld);
      const cNew = fg * cOld + ig * gg;
      const ac = actS(inl, act, cNew);
      const hNew = og * ac;
      store<f32>(c + st + o4, cNew);
      if (actCOut != 0) store<f32>(actCOut + st + o4, keptS(act, cNew, ac));
      store<f32>(h + st + o4, hNew);
      store<f32>(prev + st + o4, hNew);
      store<f32>(out + o4, hNew);
      if (hNext != 0) store<f32>(hNext + st + o4, dropMask != 0 ? hNew * load<f32>(dropMask + st + o4) : hNew);
    }
  }
}

/**
 * Gate gradients of one step. dz: [B, 4U] out. gates: [B, 4U] activations from forward (kept
 * values, see keptV). cPrev, actC: [B, U] saved by forward. dh, dc: [B, U] gradients flowing back into this step;
 * dc is replaced by the gradient for c_{t-1}. carry: [B, U] gradient reaching this step's
 * output from later layers (dSeq, 0 to skip, row b at dSeq + b * dSeqStride, is added to it
 * first); it is cleared when used.
 * With ' the derivative written through what was kept (σ'(i) = i(1-i) for the sigmoid):
 *   dc_total = dc + dh_total o act'(act(c))
 *   dz_i = dc_total g σ'(i)    dz_f = dc_total c_{t-1} σ'(f)
 *   dz_c = dc_total i act'(g)  dz_o = dh_total act(c) σ'(o)
 */
export function lstmBackwardUnits(
  B: i32, u0: i32, u1: i32, U: i32, dz: usize, gates: usize, cPrev: usize, actC: usize,
  dh: usize, dc: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool,
): void {
  lstmBackwardBody(B, u0, u1, U, dz, gates, cPrev, actC, dh, dc, carry, dSeq, dSeqStride, mask, zeroOutputForMask, ACT_TANH, ACT_SIGMOID, true);
}

/** lstmBackwardUnits with activation `act` and recurrent activation `rec`. */
export function lstmBackwardUnitsAny(
  B: i32, u0: i32, u1: i32, U: i32, dz: usize, gates: usize, cPrev: usize, actC: usize,
  dh: usize, dc: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool, act: i32, rec: i32,
): void {
  lstmBackwardBody(B, u0, u1, U, dz, gates, cPrev, actC, dh, dc, carry, dSeq, dSeqStride, mask, zeroOutputForMask, act, rec, false);
}

// @ts-ignore: decorator
@inline function lstmBackwardBody(
  B: i32, u0: i32, u1: i32, U: i32, dz: usize, gates: usize, cPrev: usize, actC: usize,
  dh: usize, dc: usize, carry: usize, dSeq: usize, dSeqStride: usize, mask: usize, zeroOutputForMask: bool, act: i32, rec: i32, inl: bool,
): void {
  if (u0 >= u1) return;
  const rowBytes = <usize>U << 2;
  const n = u1 - u0;
  for (let b = 0; b < B; b++) {
    const st = <usize>b * rowBytes + (<usize>u0 << 2);
    const real = mask == 0 || load<f32>(mask + (<usize>b << 2)) != 0;
    if (dSeq != 0 && (real || !zeroOutputForMask)) addInto(carry + st, dSeq + <usize>b * dSeqStride + (<usize>u0 << 2), n);
    const zrow = <usize>b * 4 * rowBytes + (<usize>u0 << 2);
    const gi = gates + zrow, gf = gi + rowBytes, gg = gf + rowBytes, go = gg + rowBytes;
    const di = dz + zrow, df = di + rowBytes, dg = df + rowBytes, dO = dg + rowBytes;
    if (!real) {
      // dz stays zero for a padded step; dh and dc pass through unchanged.
      const spanBytes = <usize>n << 2;
      memory.fill(di, 0, spanBytes); memory.fill(df, 0, spanBytes);
      memory.fill(dg, 0, spanBytes); memory.fill(dO, 0, spanBytes);
      continue;
    }
    let u = 0;
    for (; u + 4 <= n; u += 4) {
      const o4 = <usize>u << 2;
      const ki = v128.load(gi + o4), kf = v128.load(gf + o4), kg = v128.load(gg + o4), ko = v128.load(go + o4);
      const kc = v128.load(actC + st + o4);
      const ig = valueFromKeptV(inl, rec, ki), fg = valueFromKeptV(inl, rec, kf), g = valueFromKeptV(inl, act, kg);
      const og = valueFromKeptV(inl, rec, ko), ac = valueFromKeptV(inl, act, kc);
      const dhTotal = f32x4.add(v128.load(dh + st + o4), v128.load(carry + st + o4));
      v128.store(carry + st + o4, f32x4.splat(0));
      const dcTotal = f32x4.add(
        v128.load(dc + st + o4),
        f32x4.mul(f32x4.mul(dhTotal, og), dActV(inl, act, kc)),
      );
      v128.store(di + o4, f32x4.mul(f32x4.mul(dcTotal, g), dActV(inl, rec, ki)));
      v128.store(df + o4, f32x4.mul(f32x4.mul(dcTotal, v128.load(cPrev + st + o4)), dActV(inl, rec, kf)));
      v128.store(dg + o4, f32x4.mul(f32x4.mul(dcTotal, ig), dActV(inl, act, kg)));
      v128.store(dO + o4, f32x4.mul(f32x4.mul(dhTotal, ac), dActV(inl, rec, ko)));
      v128.store(dc + st + o4, f32x4.mul(dcTotal, fg));
    }
    for (; u < n; u++) {
      const o4 = <usize>u << 2;
      const ki = load<f32>(gi + o4), kf = load<f32>(gf + o4), kg = load<f32>(gg + o4), ko = load<f32>(go + o4);
      const kc = load<f32>(actC + st + o4);
      const ig = valueFromKeptS(inl, rec, ki), fg = valueFromKeptS(inl, rec, kf), g = valueFromKeptS(inl, act, kg);
      const og = valueFromKeptS(inl, rec, ko), ac = valueFromKeptS(inl, act, kc);
      const dhTotal = load<f32>(dh + st + o4) + load<f32>(carry + st + o4);
      store<f32>(carry + st + o4, 0);
      const dcTotal = load<f32>(dc + st + o4) + dhTotal * og * dActS(inl, act, kc);
      store<f32>(di + o4, dcTotal * g * dActS(inl, rec, ki));
      store<f32>(df + o4, dcTotal * load<f32>(cPrev + st + o4) * dActS(inl, rec, kf));
      store<f32>(dg + o4, dcTotal * ig * dActS(inl, act, kg));
      store<f32>(dO + o4, dhTotal * ac * dActS(inl, rec, ko));
      store<f32>(dc + st + o4, dcTotal * fg);
    }
  }
}

/** dh = dhPrev (times the recurrent dropout mask) on units [u0, u1) of rows that were real at this step. */
export function lstmCarryDh(B: i32, u0: i32, u1: i32, U: i32, dh: usize, dhPrev: usize, dropMask: usize, mask: usize): void {
  const rowBytes = <usize>U << 2;
  for (let b = 0; b < B; b++) {
    if (mask != 0 && load<f32>(mask + (<usize>b << 2)) == 0) continue;
    const st = <usize>b * rowBytes + (<usize>u0 << 2);
    carryState(dh + st, dhPrev + st, dropMask != 0 ? dropMask + st : 0, u1 - u0);
  }
}
