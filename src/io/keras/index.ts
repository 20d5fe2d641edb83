/**
 * Loading Keras models and weights: `.h5` files of Keras 1, Keras 2, tf.keras and Keras 3's
 * legacy writer (full models and weights-only files), Keras 3 `.keras` archives and
 * `.weights.h5` files, and `model.to_json()` architectures. No Node-only code: a string source
 * is fetched as a URL here; `./node.ts` reads file paths.
 *
 * @example
 * const model = await loadKerasModel(await (await fetch('/model.h5')).arrayBuffer());
 * model.summary();
 * model.predict(x);
 *
 * @example // a Keras 1 weights-only file next to its JSON architecture
 * const model = await loadKerasModel(jsonBytes, { weights: h5Bytes });
 *
 * Models come back uncompiled (the file's optimizer and loss are not read). Sequential models
 * (and functional ones that are a plain chain) come back as `Sequential`; other functional
 * models (several inputs and outputs, shared layers, merges, initial states) as a functional
 * `LayersModel`. Only the layers lstm-ts has can be rebuilt; everything unsupported is listed in one `UnsupportedModelError`. Damaged files
 * (wrong magic, truncated, shapes that do not fit, NaN weights) fail with a `ValueError` or
 * `ShapeError` naming the file.
 *
 * Files from elsewhere are read as if hostile, in bounded time and memory: a .keras zip must
 * name each member once and every member read must match its CRC-32; `config.json` and
 * `metadata.json` are read only up to 16 MB and `model.weights.h5` only up to what the built
 * model can need (32 bytes per weight plus 16 MB), both refused from their declared size
 * before inflating and stopped as soon as inflation passes it; JSON may nest at most 100
 * levels; an HDF5 dataset is read only after its shape matched the weight it fills, and a
 * compressed one only after its chunk index was checked, each chunk stopped at its size.
 */
import { ValueError, assertKnownOptions } from '../../tensor/errors.js';
// Loaded before layersModel.js on purpose: Sequential extends LayersModel, and layersModel.js
// reaches sequential.js again through the io modules, so an entry that loads layersModel.js
// first would meet Sequential's class declaration before LayersModel exists.
import '../../models/sequential.js';
import { LayersModel } from '../../models/layersModel.js';
import type { Layer } from '../../layers/layer.js';
import type { JsonValue } from '../json.js';
import { isJsonObject } from '../json.js';
import type { LayerReadOptions } from '../layerRegistry.js';
import { openHdf5, isHdf5 } from './hdf5.js';
import { kerasMajor, modelFromKerasConfig } from './kerasConfig.js';
import { assertBuilt, assignKerasWeights, legacyLayerWeights, legacyWeightsGroup, parseJsonAttr, textAttr, weightCount } from './h5Model.js';
import { isKeras3WeightsLayout, keras3LayerWeights, readKerasArchive } from './kerasArchive.js';
import { parseKerasJson } from './kerasJson.js';

/** Where a Keras file comes from: its bytes, or a URL (a file path with `lstm-ts/node`). */
export type KerasSource = ArrayBuffer | ArrayBufferView | string | URL;

export interface KerasLoadOptions extends LayerReadOptions {
  /**
   * Weights to load into the model: required in practice for a JSON architecture
   * (`model.to_json()`, e.g. Keras 1's `.h5.json` next to its `save_weights` file; without it
   * the weights are freshly initialised), and replacing a full file's own weights otherwise.
   * Any weights file `loadKerasWeights` reads.
   */
  weights?: KerasSource;
}

/** @internal Bytes and a name for error messages. */
export interface KerasBytes {
  bytes: Uint8Array;
  /** e.g. `'/models/x.h5'` or `'Keras data (1234 bytes)'`. */
  name: string;
}

/** @internal Turns a source into bytes; the Node entry point adds file paths. */
export type KerasReader = (source: KerasSource, where: string) => Promise<KerasBytes>;

function bytesOf(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  return source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
}

/** @internal Reads byte sources as they are and fetches strings and URLs. */
export const fetchKerasSource: KerasReader = async (source, where) => {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const bytes = bytesOf(source);
    return { bytes, name: `Keras data (${bytes.byteLength} bytes)` };
  }
  if (typeof source === 'string' || source instanceof URL) {
    const url = String(source);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw new ValueError(`${where}: cannot fetch '${url}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (!response.ok) throw new ValueError(`${where}: fetching '${url}' gave HTTP ${response.status} ${response.statusText}`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), name: url };
  }
  throw new ValueError(`${where}: argument 'source' expected bytes (ArrayBuffer, Uint8Array) or a URL, got ${source === null ? 'null' : typeof source}`);
};

type Kind = 'hdf5' | 'zip' | 'json';

function kindOf(bytes: Uint8Array, label: string): Kind {
  if (isHdf5(bytes)) return 'hdf5';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip';
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return 'json';
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new ValueError(
    `${label}: not a Keras file: expected an HDF5 file (.h5), a .keras zip archive or a JSON architecture, ` +
      (bytes.length === 0 ? 'got an empty file' : `but it starts with bytes ${head}`),
  );
}

function parseJson(bytes: Uint8Array, label: string): JsonValue {
  return parseKerasJson(new TextDecoder().decode(bytes), label);
}

/**
 * Sets the weights of `layers` (a model's layers in Keras's order) from a weights file (any
 * kind lstm-ts reads).
 */
function weightsInto(layers: readonly Layer[], classNames: readonly string[] | null, file: KerasBytes, label: string): void {
  const model = { layers };
  const kind = kindOf(file.bytes, label);
  if (kind === 'json') throw new ValueError(`${label}: is a JSON file, not weights (an .h5, .weights.h5 or .keras file)`);
  let h5 = file.bytes;
  let h5Label = label;
  if (kind === 'zip') {
    const archive = readKerasArchive(file.bytes, label);
    assertBuilt(model, label);
    h5 = archive.readWeights(weightCount(model));
    h5Label = `${label} (model.weights.h5)`;
  }
  const root = openHdf5(h5, h5Label);
  const legacy = legacyWeightsGroup(root);
  if (legacy) {
    assignKerasWeights(model, legacyLayerWeights(legacy, h5Label), h5Label, 'name-or-position');
  } else if (isKeras3WeightsLayout(root)) {
    const names = classNames ?? layers.map((l) => l.className);
    assignKerasWeights(model, keras3LayerWeights(root, model.layers, names), h5Label, 'given');
  } else {
    throw new ValueError(
      `${h5Label}: not a Keras weights file: it has no 'layer_names' attribute (Keras 1/2 .h5) and no 'layers' group (Keras 3 .weights.h5); ` +
        `its top level holds ${root.keys().map((k) => `'${k}'`).join(', ') || 'nothing'}`,
    );
  }
}

function checkOptions(options: unknown, where: string): KerasLoadOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${where}: argument 'options' expected an object, got ${options === null ? 'null' : typeof options}`);
  }
  assertKnownOptions(where, options, ['weights', 'ignoreTrainingOnlyOptions']);
  return options as KerasLoadOptions;
}

/** @internal `loadKerasModel` over a given reader (the browser's fetch or Node's file system). */
export async function loadKerasModelWith(read: KerasReader, source: KerasSource, options: KerasLoadOptions = {}): Promise<LayersModel> {
  const where = 'loadKerasModel';
  const opts = checkOptions(options, where);
  const readOptions: LayerReadOptions = opts.ignoreTrainingOnlyOptions === undefined ? {} : { ignoreTrainingOnlyOptions: opts.ignoreTrainingOnlyOptions };
  const file = await read(source, where);
  const label = `${where}: '${file.name}'`;
  const extra = opts.weights === undefined ? null : await read(opts.weights, where);
  const extraLabel = extra ? `${where}: '${extra.name}'` : '';
  const kind = kindOf(file.bytes, label);

  if (kind === 'json') {
    const config = parseJson(file.bytes, label);
    const version = isJsonObject(config) && typeof config['keras_version'] === 'string' ? config['keras_version'] : null;
    const { model, weightLayers, classNames } = modelFromKerasConfig(config, kerasMajor(version, config), readOptions, label, extra?.bytes.length);
    if (extra) weightsInto(weightLayers, classNames, extra, extraLabel);
    return model;
  }
  if (kind === 'zip') {
    const archive = readKerasArchive(file.bytes, label);
    if (!extra && archive.weightsSize === null) throw new ValueError(`${label}: the .keras archive has no model.weights.h5`);
    // The declared size: the config must fit in it before the model allocates anything, and
    // the member is then read only up to what the built model can need.
    const weightBytes = extra ? extra.bytes.length : (archive.weightsSize ?? 0);
    const { model, weightLayers, classNames } = modelFromKerasConfig(archive.config, kerasMajor(archive.kerasVersion ?? '3', archive.config), readOptions, label, weightBytes);
    if (extra) weightsInto(weightLayers, classNames, extra, extraLabel);
    else {
      const h5Label = `${label} (model.weights.h5)`;
      const targets = { layers: weightLayers };
      assertBuilt(targets, h5Label);
      const weights = archive.readWeights(weightCount(targets));
      assignKerasWeights(targets, keras3LayerWeights(openHdf5(weights, h5Label), weightLayers, classNames), h5Label, 'given');
    }
    return model;
  }
  const root = openHdf5(file.bytes, label);
  const configText = textAttr(root, 'model_config');
  if (configText === null) {
    if (legacyWeightsGroup(root) || isKeras3WeightsLayout(root)) {
      throw new ValueError(
        `${label}: is a weights-only file (no 'model_config' attribute): it holds no architecture. Build the model ` +
          `(or load its JSON architecture: loadKerasModel(json, { weights: file })) and call loadKerasWeights(model, file)`,
      );
    }
    throw new ValueError(`${label}: not a Keras model file: the HDF5 file has no 'model_config' attribute and no Keras weights`);
  }
  const config = parseJsonAttr(configText, "'model_config' attribute", label);
  const mw = root.get('model_weights');
  const version = textAttr(root, 'keras_version') ?? (mw && mw.kind === 'group' ? textAttr(mw, 'keras_version') : null);
  const weightBytes = extra ? extra.bytes.length : file.bytes.length;
  const { model, weightLayers, classNames } = modelFromKerasConfig(config, kerasMajor(version, config), readOptions, label, weightBytes);
  if (extra) {
    weightsInto(weightLayers, classNames, extra, extraLabel);
  } else {
    const group = legacyWeightsGroup(root);
    if (!group) throw new ValueError(`${label}: the file has a model_config but no 'model_weights' group with 'layer_names'`);
    assignKerasWeights({ layers: weightLayers }, legacyLayerWeights(group, label), label, 'name-or-position');
  }
  return model;
}

/** @internal `loadKerasWeights` over a given reader. */
export async function loadKerasWeightsWith(read: KerasReader, model: LayersModel, source: KerasSource): Promise<void> {
  const where = 'loadKerasWeights';
  if (!(model instanceof LayersModel)) {
    throw new ValueError(`${where}: argument 'model' expected a Sequential model or a functional LayersModel, got ${model === null ? 'null' : typeof model}`);
  }
  const file = await read(source, where);
  weightsInto(model.layers, null, file, `${where}: '${file.name}'`);
}

/**
 * Loads a Keras model: an `.h5` file saved by `model.save` (Keras 1, 2, tf.keras, Keras 3
 * legacy), a Keras 3 `.keras` archive, or a `model.to_json()` architecture (with
 * `options.weights`). `source` is the file's bytes or a URL to fetch. Returns an uncompiled
 * model: a `Sequential` for a Sequential (or chain) model, a functional `LayersModel` otherwise.
 * @example const model = await loadKerasModel(new Uint8Array(await file.arrayBuffer()));
 */
export function loadKerasModel(source: KerasSource, options: KerasLoadOptions = {}): Promise<LayersModel> {
  return loadKerasModelWith(fetchKerasSource, source, options);
}

/**
 * Sets a built model's weights from a Keras weights file: `save_weights` output of Keras 1/2
 * (`.h5`, layers matched by name, else by position as Keras does), a Keras 3 `.weights.h5`, or
 * the weights of a full `.h5` / `.keras` file. Nothing changes unless every weight fits.
 * @example await loadKerasWeights(model, weightsBytes);
 */
export function loadKerasWeights(model: LayersModel, source: KerasSource): Promise<void> {
  return loadKerasWeightsWith(fetchKerasSource, model, source);
}
