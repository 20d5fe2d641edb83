// Small vector loops the kernels share.

/** dst[i] += src[i] for i < n: four lanes at a time, then the tail. */
export function addInto(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = <usize>i << 2;
    v128.store(dst + p, f32x4.add(v128.load(dst + p), v128.load(src + p)));
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    store<f32>(dst + p, load<f32>(dst + p) + load<f32>(src + p));
  }
}

/** dst[n] = src[n] (times dropMask[n] when dropMask != 0), in vector loads and stores. */
// @ts-ignore: decorator
@inline export function carryState(dst: usize, src: usize, dropMask: usize, n: i32): void {
  let u = 0;
  if (dropMask == 0) {
    for (; u + 4 <= n; u += 4) v128.store(dst + (<usize>u << 2), v128.load(src + (<usize>u << 2)));
  } else {
    for (; u + 4 <= n; u += 4) {
      const p = <usize>u << 2;
      v128.store(dst + p, f32x4.mul(v128.load(src + p), v128.load(dropMask + p)));
    }
  }
  for (; u < n; u++) {
    const p = <usize>u << 2;
    store<f32>(dst + p, dropMask == 0 ? load<f32>(src + p) : load<f32>(src + p) * load<f32>(dropMask + p));
  }
}
