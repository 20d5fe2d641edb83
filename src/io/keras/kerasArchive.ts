/**
 * Keras 3 `.keras` archives: a zip (read with fflate) of `metadata.json` (`keras_version`),
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
import { unzipSync, strFromU8 } from 'fflate';
import { ValueError } from '../../tensor/errors.js';
import type { Layer } from '../../layers/layer.js';
import { RecurrentLayer } from '../../layers/recurrent.js';
import { Bidirectional } from '../../layers/bidirectional.js';
import { TimeDistributed } from '../../layers/timeDistributed.js';
import type { JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import type { H5Group } from './hdf5.js';
import type { FileLayerWeights, WeightArray } from './h5Model.js';

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
    const group = sub(top, key) ?? sub(top, layer.name);
    const path = `layers/${group === sub(top, key) ? key : layer.name}`;
    return { name: path, arrays: layerVars(layer, group, path) };
  });
}

/** The members of a .keras archive lstm-ts reads. */
export interface KerasArchive {
  config: JsonValue;
  kerasVersion: string | null;
  weights: Uint8Array | null;
}

const MAX_MEMBER = 2 ** 31;

/** Unzips a .keras archive (config.json, metadata.json, model.weights.h5). */
export function readKerasArchive(bytes: Uint8Array, label: string): KerasArchive {
  let files: Record<string, Uint8Array>;
  const wanted = new Set(['config.json', 'metadata.json', 'model.weights.h5', 'model.weights.npz']);
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (!wanted.has(f.name)) return false;
        if (f.originalSize > MAX_MEMBER) throw new ValueError(`member '${f.name}' claims ${f.originalSize} bytes`);
        return true;
      },
    });
  } catch (e) {
    throw new ValueError(`${label}: damaged .keras archive (zip): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const configBytes = files['config.json'];
  if (!configBytes) throw new ValueError(`${label}: not a Keras 3 .keras archive: it has no config.json`);
  let config: JsonValue;
  try {
    config = JSON.parse(strFromU8(configBytes)) as JsonValue;
  } catch (e) {
    throw new ValueError(`${label}: config.json in the archive is not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  let kerasVersion: string | null = null;
  const meta = files['metadata.json'];
  if (meta) {
    try {
      const parsed = JSON.parse(strFromU8(meta)) as JsonValue;
      if (isJsonObject(parsed) && typeof parsed['keras_version'] === 'string') kerasVersion = parsed['keras_version'];
    } catch (e) {
      throw new ValueError(`${label}: metadata.json in the archive is not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
    }
  }
  if (!files['model.weights.h5'] && files['model.weights.npz']) {
    throw new ValueError(`${label}: the archive stores its weights as model.weights.npz, which lstm-ts does not read (save with weights_format='h5', the default)`);
  }
  return { config, kerasVersion, weights: files['model.weights.h5'] ?? null };
}
