/**
 * Keras HDF5 files (`model.save('x.h5')`, `model.save_weights('x.h5')`) of Keras 1, Keras 2,
 * tf.keras and Keras 3's legacy h5 writer, and the weight assignment shared with `.keras`
 * archives.
 *
 * Layout (the same in all generations; only the names inside differ):
 * - a full model has the attributes `model_config` (JSON), `keras_version`, `backend`,
 *   `training_config`, and a group `model_weights`; a weights-only file is that group alone
 *   at the root;
 * - the weights group's attribute `layer_names` lists the layers in model order (Keras splits
 *   a long list into `layer_names0`, `layer_names1`, ...); each layer's group has
 *   `weight_names`, paths relative to the group: `lstm_1/kernel:0` (Keras 2),
 *   `lstm/lstm_cell/kernel:0` (tf.keras), `sequential/lstm/lstm_cell/kernel` (Keras 3),
 *   `lstm_1_W_i:0` ... (Keras 1, one array per gate, stored i, c, f, o).
 * As Keras does, arrays are assigned in `weight_names` order; layers are matched by name, or by
 * position among the layers that have weights when the names differ (a weights-only file
 * applied to a model built elsewhere). Keras 1 per-gate arrays are concatenated into the Keras 2
 * layout (LSTM gates i, f, c, o; GRU z, r, h).
 *
 * Nothing is assigned until every array was found, has the right shape and holds only finite
 * numbers; otherwise one error lists every problem, naming the file.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Layer } from '../../layers/layer.js';
import { LSTM } from '../../layers/lstm.js';
import { GRU } from '../../layers/gru.js';
import { Bidirectional } from '../../layers/bidirectional.js';
import { TimeDistributed } from '../../layers/timeDistributed.js';

/** The layers weights are assigned to, in the order the Keras model lists them (a model, or a functional model's layers in its config's order). */
export interface WeightTargets {
  readonly layers: readonly Layer[];
}
import type { JsonValue } from '../json.js';
import type { H5AttrValue, H5Dataset, H5Group } from './hdf5.js';
import { parseKerasJson } from './kerasJson.js';

/** One weight array of a file, read on demand. */
export interface WeightArray {
  /** The name in the file (a dataset path or a Keras 1 weight name). */
  readonly name: string;
  readonly shape: readonly number[];
  read(): Float32Array;
}

/** The arrays a file holds for one layer. */
export interface FileLayerWeights {
  /** The layer's name (legacy h5) or its path in a .keras archive. */
  readonly name: string;
  readonly arrays: readonly WeightArray[];
}

function fromDataset(ds: H5Dataset, name: string): WeightArray {
  return { name, shape: ds.shape, read: () => ds.read() };
}

/** A string-list attribute, joined from Keras's `name0`, `name1`, ... chunks when split. */
export function stringListAttr(group: H5Group, name: string): string[] | null {
  let value: H5AttrValue | undefined = group.attr(name);
  if (value === undefined) {
    const parts: H5AttrValue[] = [];
    for (let i = 0; ; i++) {
      const chunk = group.attr(`${name}${i}`);
      if (chunk === undefined) break;
      parts.push(...(Array.isArray(chunk) ? chunk : [chunk]));
    }
    if (parts.length === 0) return null;
    value = parts;
  }
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return null;
  return value.map((v) => String(v));
}

/** A text attribute (Keras writes JSON and versions as strings or bytes). */
export function textAttr(group: H5Group, name: string): string | null {
  const v = group.attr(name);
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' ? v[0] : String(v);
}

/** The group that holds the layer groups: `model_weights` of a full model, or the root. */
export function legacyWeightsGroup(root: H5Group): H5Group | null {
  const mw = root.get('model_weights');
  if (mw && mw.kind === 'group' && stringListAttr(mw, 'layer_names')) return mw;
  if (stringListAttr(root, 'layer_names')) return root;
  return null;
}

/** The layers of a legacy-h5 weights group, in file order, with their arrays. */
export function legacyLayerWeights(group: H5Group, label: string): FileLayerWeights[] {
  const names = stringListAttr(group, 'layer_names') ?? [];
  const problems: string[] = [];
  const out: FileLayerWeights[] = [];
  for (const name of names) {
    const g = group.get(name);
    if (!g || g.kind !== 'group') {
      problems.push(`layer '${name}' is listed in 'layer_names' but has no group`);
      continue;
    }
    const weightNames = stringListAttr(g, 'weight_names') ?? [];
    const arrays: WeightArray[] = [];
    for (const wn of weightNames) {
      const ds = g.get(wn);
      if (!ds || ds.kind !== 'dataset') problems.push(`weight '${wn}' of layer '${name}' is listed in 'weight_names' but missing`);
      else arrays.push(fromDataset(ds, wn));
    }
    out.push({ name, arrays });
  }
  if (problems.length) throw new ValueError(`${label}: damaged Keras weights:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keras 1 per-gate arrays

/** Concatenates arrays along their last axis (all of the same leading shape). */
function concatLast(parts: readonly WeightArray[], name: string): WeightArray {
  const lead = parts[0]!.shape.slice(0, -1);
  const widths = parts.map((p) => p.shape[p.shape.length - 1] ?? 1);
  const same = parts.every((p) => formatShape(p.shape.slice(0, -1)) === formatShape(lead) && p.shape.length === parts[0]!.shape.length);
  const total = widths.reduce((a, b) => a + b, 0);
  return {
    name,
    // A mismatch gives a shape no layer has, so the shape check reports it.
    shape: same ? [...lead, total] : [-1],
    read() {
      const rows = lead.reduce((a, b) => a * b, 1);
      const out = new Float32Array(rows * total);
      let col = 0;
      parts.forEach((p, k) => {
        const v = p.read();
        const w = widths[k]!;
        for (let r = 0; r < rows; r++) out.set(v.subarray(r * w, (r + 1) * w), r * total + col);
        col += w;
      });
      return out;
    },
  };
}

/**
 * Keras 1 LSTM (12 arrays W_x, U_x, b_x per gate, stored i, c, f, o) and GRU (9 arrays, z, r,
 * h) in the Keras 2 layout; other lists unchanged (Keras 1's `consume_less='gpu'` already
 * stored the concatenated kernel, recurrent kernel and bias).
 */
function keras1Gates(layer: Layer, arrays: readonly WeightArray[], gates: readonly string[], stored: readonly string[]): WeightArray[] | null {
  const n = gates.length;
  if (arrays.length !== 3 * n) return null;
  const find = (kind: string, gate: string): WeightArray | undefined => {
    const byName = arrays.find((a) => new RegExp(`(^|_)${kind}_${gate}(:\\d+)?$`).test(a.name));
    if (byName) return byName;
    // Unnamed: the Keras 1 storage order.
    const k = stored.indexOf(gate);
    return arrays[3 * k + ['W', 'U', 'b'].indexOf(kind)];
  };
  const out: WeightArray[] = [];
  for (const kind of ['W', 'U', 'b']) {
    const parts = gates.map((g) => find(kind, g));
    if (parts.some((p) => !p)) return null;
    out.push(concatLast(parts as WeightArray[], `${layer.name} ${kind}_{${gates.join(',')}}`));
  }
  return out;
}

function convertForLayer(layer: Layer, arrays: readonly WeightArray[]): WeightArray[] {
  if (layer instanceof Bidirectional) {
    const half = arrays.length / 2;
    if (!Number.isInteger(half)) return [...arrays];
    return [...convertForLayer(layer.forwardLayer, arrays.slice(0, half)), ...convertForLayer(layer.backwardLayer, arrays.slice(half))];
  }
  if (layer instanceof TimeDistributed) return convertForLayer(layer.layer, arrays);
  if (layer instanceof LSTM && arrays.length === 12) return keras1Gates(layer, arrays, ['i', 'f', 'c', 'o'], ['i', 'c', 'f', 'o']) ?? [...arrays];
  if (layer instanceof GRU && arrays.length === 9) return keras1Gates(layer, arrays, ['z', 'r', 'h'], ['z', 'r', 'h']) ?? [...arrays];
  return [...arrays];
}

// ---------------------------------------------------------------------------------------------
// Assignment

/** Throws when the model has no weights yet because it was never built. */
export function assertBuilt(model: WeightTargets, label: string): void {
  if (model.layers.length > 0 && !model.layers[0]!.built && model.layers.every((l) => l.weights.length === 0)) {
    throw new ValueError(
      `${label}: the model is not built, so it has no weights to set: give its first layer an inputShape (or call predict once) first`,
    );
  }
}

/** The number of values in the model's weights: what a weights file for it must hold. */
export function weightCount(model: WeightTargets): number {
  return model.layers.reduce((n, l) => n + l.weights.reduce((m, w) => m + w.value.data.length, 0), 0);
}

/** How file layers are paired with model layers. */
export type LayerMatching = 'name-or-position' | 'given';

/**
 * Sets the model's weights from the file's arrays. `fileLayers` are the file's layers in model
 * order; with `'given'` they are already paired with `model.layers` (one entry per layer, the
 * .keras reader), with `'name-or-position'` they are matched as Keras's legacy h5 loader does.
 */
export function assignKerasWeights(model: WeightTargets, fileLayers: readonly FileLayerWeights[], label: string, matching: LayerMatching): void {
  const weighted = model.layers.filter((l) => l.weights.length > 0);
  assertBuilt(model, label);
  const pairs: { layer: Layer; file: FileLayerWeights }[] = [];
  const problems: string[] = [];
  if (matching === 'given') {
    model.layers.forEach((layer, i) => {
      const file = fileLayers[i];
      if (layer.weights.length > 0 && file) pairs.push({ layer, file });
      else if (layer.weights.length > 0) problems.push(`no weights in the file for layer '${layer.name}' (${layer.className})`);
    });
  } else {
    const withWeights = fileLayers.filter((f) => f.arrays.length > 0);
    const byName = new Map(withWeights.map((f) => [f.name, f]));
    if (weighted.every((l) => byName.has(l.name))) {
      for (const layer of weighted) pairs.push({ layer, file: byName.get(layer.name)! });
      const unused = withWeights.filter((f) => !weighted.some((l) => l.name === f.name));
      if (unused.length) problems.push(`the file has weights for layers the model does not have: ${unused.map((f) => `'${f.name}'`).join(', ')}`);
    } else if (withWeights.length === weighted.length) {
      weighted.forEach((layer, i) => pairs.push({ layer, file: withWeights[i]! }));
    } else {
      throw new ValueError(
        `${label}: the file has weights for ${withWeights.length} layers (${withWeights.map((f) => `'${f.name}'`).join(', ')}), ` +
          `but the model has ${weighted.length} layers with weights (${weighted.map((l) => `'${l.name}'`).join(', ')}); ` +
          `the file belongs to another model`,
      );
    }
  }
  // Shapes first (metadata only), then values.
  const planned: { layer: Layer; arrays: WeightArray[] }[] = [];
  let shapeOnly = true;
  for (const { layer, file } of pairs) {
    const arrays = convertForLayer(layer, file.arrays);
    const targets = layer.weights;
    const where = `layer '${layer.name}' (${layer.className})` + (file.name !== layer.name ? ` (file: '${file.name}')` : '');
    if (arrays.length !== targets.length) {
      shapeOnly = false;
      problems.push(
        `${where} needs ${targets.length} weight arrays (${targets.map((t) => formatShape(t.value.shape)).join(', ')}), ` +
          `the file has ${arrays.length} (${arrays.map((a) => `${a.name} ${formatShape(a.shape)}`).join(', ') || 'none'})`,
      );
      continue;
    }
    let ok = true;
    arrays.forEach((a, k) => {
      const expected = targets[k]!.value.shape;
      if (formatShape(a.shape) !== formatShape(expected)) {
        ok = false;
        problems.push(`${where}: weight '${a.name}' has shape ${formatShape(a.shape)}, but ${targets[k]!.name} needs ${formatShape(expected)}`);
      }
    });
    if (ok) planned.push({ layer, arrays });
  }
  if (problems.length) {
    const message = `${label}: the weights do not fit the model:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
    throw shapeOnly ? new ShapeError(message) : new ValueError(message);
  }
  const values: Float32Array[][] = [];
  for (const { layer, arrays } of planned) {
    values.push(
      arrays.map((a) => {
        const v = a.read();
        const bad = v.findIndex((x) => !Number.isFinite(x));
        if (bad >= 0) problems.push(`layer '${layer.name}': weight '${a.name}' contains ${v[bad]} at flat index ${bad}`);
        return v;
      }),
    );
  }
  if (problems.length) throw new ValueError(`${label}: the file holds non-finite weights:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  planned.forEach(({ layer }, i) => layer.weights.forEach((w, k) => w.value.data.set(values[i]![k]!)));
}

/** Parses a JSON attribute, naming the file on failure. */
export function parseJsonAttr(text: string, what: string, label: string): JsonValue {
  return parseKerasJson(text, label, `the ${what}`);
}
