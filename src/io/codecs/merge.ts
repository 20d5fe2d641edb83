/**
 * The merge family in the Keras / tfjs layers format: Add, Subtract, Multiply, Average,
 * Maximum, Minimum (only the common keys), Concatenate (`axis`), Dot (`axes`, `normalize`),
 * RepeatVector (`n`) and Permute (`dims`). `write` gives the keys tfjs 4.22's `getConfig`
 * gives, in its order (the layer's own keys, then name, trainable, batch_input_shape, dtype);
 * none of these layers has weights. tfjs 4.22 has no Subtract class: lstm-ts writes Keras's
 * (the common keys only), which Keras reads and tfjs 4.22 refuses as an unknown class.
 */
import type { Layer } from '../../layers/layer.js';
import { Add } from '../../layers/merge/add.js';
import { Subtract } from '../../layers/merge/subtract.js';
import { Multiply } from '../../layers/merge/multiply.js';
import { Average } from '../../layers/merge/average.js';
import { Maximum } from '../../layers/merge/maximum.js';
import { Minimum } from '../../layers/merge/minimum.js';
import { Concatenate } from '../../layers/merge/concatenate.js';
import { Dot } from '../../layers/merge/dot.js';
import { RepeatVector } from '../../layers/repeatVector.js';
import { Permute } from '../../layers/permute.js';
import type { LayerArgs } from '../../layers/layer.js';
import type { ConfigReader } from '../layerRegistry.js';
import type { LayerCodec } from './codec.js';

function compact<T extends object>(args: T): T {
  for (const key of Object.keys(args) as (keyof T)[]) if (args[key] === undefined) delete args[key];
  return args;
}

/** An integer option (any sign), or undefined after recording an issue. */
function integer(r: ConfigReader, key: string, required: boolean): number | undefined {
  const v = r.raw(key);
  if (v === undefined || v === null) {
    if (required) r.issue(`option '${key}' is required`);
    return undefined;
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  r.issue(`option '${key}' expected an integer, got ${JSON.stringify(v)}`);
  return undefined;
}

/** A codec for a layer whose config holds only the common keys. */
function plainCodec(className: string, cls: new (args: LayerArgs) => Layer): LayerCodec {
  return {
    className,
    handles: (layer) => layer instanceof cls,
    read(r) {
      const base = compact(r.base());
      return () => new cls(base);
    },
    write: (_layer, w) => w.base(),
    plannedWeights: () => [],
  };
}

/** Concatenate: `axis` (default -1). */
export const concatenateCodec: LayerCodec = {
  className: 'Concatenate',
  handles: (layer) => layer instanceof Concatenate,
  read(r) {
    const base = compact(r.base());
    const axis = integer(r, 'axis', false);
    return () => new Concatenate(compact({ ...base, axis }));
  },
  write: (layer, w) => ({ axis: (layer as Concatenate).axis, ...w.base() }),
  plannedWeights: () => [],
};

/** Dot: `axes` (an integer or a pair), `normalize`. */
export const dotCodec: LayerCodec = {
  className: 'Dot',
  handles: (layer) => layer instanceof Dot,
  read(r) {
    const base = compact(r.base());
    const raw = r.raw('axes');
    const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
    let axes: number | [number, number] | undefined;
    if (isInt(raw)) axes = raw;
    else if (Array.isArray(raw) && raw.length === 2 && isInt(raw[0]) && isInt(raw[1])) axes = [raw[0], raw[1]];
    else if (raw === undefined || raw === null) r.issue(`option 'axes' is required`);
    else r.issue(`option 'axes' expected an integer or a pair of integers, got ${JSON.stringify(raw)}`);
    const normalize = r.bool('normalize');
    if (axes === undefined) return null;
    const args = compact({ ...base, axes, normalize });
    return () => new Dot(args);
  },
  write: (layer, w) => {
    const l = layer as Dot;
    return { axes: Array.isArray(l.axes) ? [...l.axes] : l.axes, normalize: l.normalize, ...w.base() };
  },
  plannedWeights: () => [],
};

/** RepeatVector: `n`. */
export const repeatVectorCodec: LayerCodec = {
  className: 'RepeatVector',
  handles: (layer) => layer instanceof RepeatVector,
  read(r) {
    const base = compact(r.base());
    const n = r.number('n', { required: true, integer: true, positive: true });
    if (n === undefined) return null;
    return () => new RepeatVector({ ...base, n });
  },
  write: (layer, w) => ({ n: (layer as RepeatVector).n, ...w.base() }),
  plannedWeights: () => [],
};

/** Permute: `dims` (1-based, batch axis excluded). */
export const permuteCodec: LayerCodec = {
  className: 'Permute',
  handles: (layer) => layer instanceof Permute,
  read(r) {
    const base = compact(r.base());
    const raw = r.raw('dims');
    if (!Array.isArray(raw) || raw.length === 0 || !raw.every((d) => typeof d === 'number' && Number.isSafeInteger(d))) {
      r.issue(raw === undefined || raw === null ? `option 'dims' is required` : `option 'dims' expected a list of integers, got ${JSON.stringify(raw)}`);
      return null;
    }
    const dims = raw as number[];
    return () => new Permute({ ...base, dims });
  },
  write: (layer, w) => ({ dims: [...(layer as Permute).dims], ...w.base() }),
  plannedWeights: () => [],
};

/** Every codec of the merge family, for `codecs/index.ts`. */
export const mergeCodecs: readonly LayerCodec[] = [
  plainCodec('Add', Add),
  plainCodec('Subtract', Subtract),
  plainCodec('Multiply', Multiply),
  plainCodec('Average', Average),
  plainCodec('Maximum', Maximum),
  plainCodec('Minimum', Minimum),
  concatenateCodec,
  dotCodec,
  repeatVectorCodec,
  permuteCodec,
];
