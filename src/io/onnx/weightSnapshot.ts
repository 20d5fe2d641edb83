/**
 * Tells whether a model's weights changed since a moment, exactly and cheaply enough to ask
 * before every inference call: a bit-for-bit copy of every weight, compared byte for byte.
 *
 * Why a copy rather than a version counter: `setWeights`, the optimizers and checkpoint
 * restores all write into the weight arrays in place, and no counter is bumped on those
 * paths. Comparing is one memcmp over the parameters in Node, and the copy costs the model's
 * size in memory once.
 */
import type { FloatArray } from '../../tensor/tensor.js';
import type { Layer } from '../../layers/layer.js';

/** The bytes of a weight array (a view, no copy), so that NaN and -0 compare by their bits. */
function bytesOf(data: FloatArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

type Compare = (a: Uint8Array, b: Uint8Array) => number;
// Node's Buffer.compare is a native memcmp: 8-11 us for W4's 82k weights where a JavaScript
// loop took 150-230 us, most of onnxruntime's own 200 us call (measured under a load average of
// 11 on 2 cores). Elsewhere the loop runs.
const nativeCompare = (globalThis as { Buffer?: { compare?: Compare } }).Buffer?.compare;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (nativeCompare) return nativeCompare(a, b) === 0;
  const x = new Int32Array(a.buffer, a.byteOffset, a.length / 4);
  const y = new Int32Array(b.buffer, b.byteOffset, b.length / 4);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The weights of `layers` at one moment.
 * @example
 * const snap = new WeightSnapshot(model.layers);
 * model.setWeights(other);
 * snap.changed(model.layers) // true
 */
export class WeightSnapshot {
  private readonly layers: readonly Layer[];
  /** The live arrays (identity tells that a weight was replaced, not written into). */
  private readonly live: readonly FloatArray[];
  private readonly copies: readonly Uint8Array[];

  constructor(layers: readonly Layer[]) {
    this.layers = [...layers];
    this.live = layers.flatMap((l) => l.weights.map((v) => v.value.data));
    this.copies = this.live.map((d) => bytesOf(d).slice());
  }

  /** True when `layers` is not the same list of layers, or any weight differs in any bit. */
  changed(layers: readonly Layer[]): boolean {
    if (layers.length !== this.layers.length || layers.some((l, i) => l !== this.layers[i])) return true;
    const live = layers.flatMap((l) => l.weights.map((v) => v.value.data));
    if (live.length !== this.live.length) return true;
    for (let k = 0; k < live.length; k++) {
      if (live[k] !== this.live[k] || !sameBytes(bytesOf(live[k]!), this.copies[k]!)) return true;
    }
    return false;
  }
}
