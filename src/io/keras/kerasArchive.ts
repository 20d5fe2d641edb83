/**
 * Keras 3 `.keras` archives: a zip (read by `./zipArchive.ts`, which distrusts it) of `metadata.json` (`keras_version`),
 * `config.json` (the model) and `model.weights.h5`; and the same weights layout in a Keras 3
 * `.weights.h5` file.
 *
 * Keras 3 stores a layer's variables under `layers/<class>[_k]/vars/0, 1, ...`, where
 * `<class>` is the snake_case class name and `_k` counts earlier layers of the same class
 * (not the layer's name: `layers/lstm_1` is the second LSTM, whatever it is called). Recurrent
 * layers keep theirs in `.../cell/vars`, a Bidirectional in `.../forward_layer/cell/vars` and
 * `.../backward_layer/cell/vars`, a TimeDistributed in `.../layer/vars`. The order of `vars` is
 * the order the layer created them, which is Keras's `get_weights()` order.
 */
import { strFromU8 } from 'fflate';
import { ValueError } from '../../tensor/errors.js';
import type { Layer } from '../../layers/layer.js';
import { RecurrentLayer } from '../../layers/recurrent.js';
import { Bidirectional } from '../../layers/bidirectional.js';
import { TimeDistributed } from '../../layers/timeDistributed.js';
import type { JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import type { H5Group } from './hdf5.js';
import type { FileLayerWeights, WeightArray } from './h5Model.js';
import { parseKerasJson } from './kerasJson.js';
import { type ZipMember, listZip, readZipMember } from './zipArchive.js';

/** Keras's `naming.to_snake_case` of a class name: 'SimpleRNN' → 'simple_rnn'. */
export function kerasSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** True when the file uses the Keras 3 weights layout (a `layers` group, no `layer_names`). */
export function isKeras3WeightsLayout(root: H5Group): boolean {
  const layers = root.get('layers');
  return layers !== null && layers.kind === 'group';
}

/** The datasets of `<group>/vars`, in numeric order. */
function varsOf(group: H5Group | null, path: string): WeightArray[] {
  if (!group) return [];
  const vars = group.get('vars');
  if (!vars || vars.kind !== 'group') return [];
  return vars
    .keys()
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .flatMap((k) => {
      const ds = vars.get(k);
      return ds && ds.kind === 'dataset' ? [{ name: `${path}/vars/${k}`, shape: ds.shape, read: () => ds.read() }] : [];
    });
}

function sub(group: H5Group | null, name: string): H5Group | null {
  const g = group?.get(name) ?? null;
  return g && g.kind === 'group' ? g : null;
}

/** A layer's variables under `group`, gathered the way Keras 3 saved them. */
function layerVars(layer: Layer, group: H5Group | null, path: string): WeightArray[] {
  if (layer instanceof Bidirectional) {
    return [
      ...layerVars(layer.forwardLayer, sub(group, 'forward_layer'), `${path}/forward_layer`),
      ...layerVars(layer.backwardLayer, sub(group, 'backward_layer'), `${path}/backward_layer`),
    ];
  }
  if (layer instanceof TimeDistributed) return layerVars(layer.layer, sub(group, 'layer'), `${path}/layer`);
  if (layer instanceof RecurrentLayer) {
    const cell = varsOf(sub(group, 'cell'), `${path}/cell`);
    return cell.length ? cell : varsOf(group, path);
  }
  return varsOf(group, path);
}

/**
 * The file's arrays for each of `layers` (the model's layers, in order, with their Keras class
 * names): one entry per layer, at the same index.
 */
export function keras3LayerWeights(root: H5Group, layers: readonly Layer[], classNames: readonly string[]): FileLayerWeights[] {
  const top = sub(root, 'layers') ?? sub(root, '_layer_checkpoint_dependencies');
  const counts = new Map<string, number>();
  return layers.map((layer, i) => {
    const base = kerasSnakeCase(classNames[i] ?? layer.className);
    const k = counts.get(base) ?? -1;
    counts.set(base, k + 1);
    const key = k + 1 === 0 ? base : `${base}_${k + 1}`;
    // Views are fresh objects on every get, so which name matched is kept, not compared.
    const byKey = sub(top, key);
    const byName = byKey ? null : sub(top, layer.name);
    const group = byKey ?? byName;
    const path = `layers/${byName ? layer.name : key}`;
    return { name: path, arrays: layerVars(layer, group, path) };
  });
}

/** The largest `config.json` or `metadata.json` read from a .keras archive (Keras writes kilobytes). */
export const MAX_KERAS_JSON_BYTES = 16 * 2 ** 20;
/** What `model.weights.h5` may hold per weight of the model: float64 values and three optimizer slots. */
export const WEIGHTS_BYTES_PER_WEIGHT = 32;
/** What `model.weights.h5` may hold beyond its values: HDF5 groups, headers, attributes. */
export const WEIGHTS_OVERHEAD_BYTES = 16 * 2 ** 20;
/** The largest `model.weights.h5` read, whatever the model. */
export const MAX_KERAS_WEIGHTS_BYTES = 2 ** 31;

/**
 * The most bytes a `model.weights.h5` for a model of `weightCount` weights can need: Keras
 * stores each weight (float32, float64 at most) and, in a compiled model's archive, the
 * optimizer's slots for it (Adam keeps two), plus the HDF5 structure around them.
 */
export function maxWeightsBytes(weightCount: number): number {
  return Math.min(MAX_KERAS_WEIGHTS_BYTES, WEIGHTS_OVERHEAD_BYTES + WEIGHTS_BYTES_PER_WEIGHT * weightCount);
}

/** The members of a .keras archive lstm-ts reads. */
export interface KerasArchive {
  config: JsonValue;
  kerasVersion: string | null;
  /** The size `model.weights.h5` declares (not yet read); null when the archive has none. */
  weightsSize: number | null;
  /**
   * Reads `model.weights.h5`, refusing it before inflating when it declares more than a model
   * of `weightCount` weights can need (`maxWeightsBytes`).
   */
  readWeights(weightCount: number): Uint8Array;
}

function damaged(label: string, e: unknown): ValueError {
  return new ValueError(`${label}: damaged .keras archive (zip): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

/**
 * Opens a .keras archive: lists its members (refusing duplicates), reads `config.json` and
 * `metadata.json` (each at most `MAX_KERAS_JSON_BYTES`, CRC-32 checked); the weights are read
 * on demand, once the model they must fit is known.
 */
export function readKerasArchive(bytes: Uint8Array, label: string): KerasArchive {
  let members: Map<string, ZipMember>;
  try {
    members = new Map(listZip(bytes).map((m) => [m.name, m]));
  } catch (e) {
    throw damaged(label, e);
  }
  const read = (name: string, max: number, cap: string): Uint8Array | null => {
    const m = members.get(name);
    if (!m) return null;
    try {
      return readZipMember(bytes, m, max, cap);
    } catch (e) {
      throw damaged(label, e);
    }
  };
  const jsonCap = `the ${MAX_KERAS_JSON_BYTES}-byte limit for JSON members`;
  const configBytes = read('config.json', MAX_KERAS_JSON_BYTES, jsonCap);
  if (!configBytes) throw new ValueError(`${label}: not a Keras 3 .keras archive: it has no config.json`);
  const config = parseKerasJson(strFromU8(configBytes), label, 'config.json in the archive');
  let kerasVersion: string | null = null;
  const meta = read('metadata.json', MAX_KERAS_JSON_BYTES, jsonCap);
  if (meta) {
    const parsed = parseKerasJson(strFromU8(meta), label, 'metadata.json in the archive');
    if (isJsonObject(parsed) && typeof parsed['keras_version'] === 'string') kerasVersion = parsed['keras_version'];
  }
  const weights = members.get('model.weights.h5');
  if (!weights && members.has('model.weights.npz')) {
    throw new ValueError(`${label}: the archive stores its weights as model.weights.npz, which lstm-ts does not read (save with weights_format='h5', the default)`);
  }
  return {
    config,
    kerasVersion,
    weightsSize: weights ? weights.size : null,
    readWeights(weightCount: number): Uint8Array {
      const max = maxWeightsBytes(weightCount);
      const cap =
        `the ${max} bytes that a model of ${weightCount} weights can need at most (${WEIGHTS_BYTES_PER_WEIGHT} bytes per weight ` +
        `for its values and optimizer state, plus ${WEIGHTS_OVERHEAD_BYTES} bytes of HDF5 structure)`;
      const data = read('model.weights.h5', max, cap);
      if (!data) throw new ValueError(`${label}: the .keras archive has no model.weights.h5`);
      return data;
    },
  };
}
