/**
 * Keras model configs (the `model_config` attribute of an .h5 file, `config.json` of a .keras
 * archive, the output of `model.to_json()`) as lstm-ts Sequential models. The layers themselves
 * are read by the shared registry (`../layerRegistry.ts`); this file only brings the three
 * Keras generations to the spelling the registry reads:
 *
 * - Keras 1 (`keras_version` 1.x): `output_dim` → `units`, `init`/`inner_init` →
 *   `kernel_initializer`/`recurrent_initializer`, `inner_activation` → `recurrent_activation`,
 *   `dropout_W`/`dropout_U` → `dropout`/`recurrent_dropout`, `W_/U_/b_regularizer` and
 *   `W_/b_constraint` → `kernel_/recurrent_/bias_...`, `bias` → `use_bias`, Dropout `p` →
 *   `rate`, initializer names 'uniform'/'normal'/'zero'/'one' → Keras 2's, `forget_bias_init`
 *   'one' → `unit_forget_bias`, `input_dtype` dropped (the model input's dtype, not the layer's),
 *   `input_dim`/`input_length` on a first recurrent layer → `batch_input_shape`; the
 *   Sequential config is a bare list of layers. `consume_less` is ignored (speed only).
 * - Keras 2 / tf.keras: read as is.
 * - Keras 3: `batch_shape` of the InputLayer, `build_input_shape`, DTypePolicy objects (the
 *   registry reads them); 'hard_sigmoid' becomes lstm-ts's `hardSigmoidKeras3`
 *   (x/6 + 0.5 clipped), since Keras 3 changed the function from Keras 1/2's 0.2x + 0.5.
 *
 * Functional models (`Model` / `Functional`) that are a plain chain (one input, each layer
 * called once on the previous layer's output, one output) are read as a Sequential model, as
 * before; any other graph (several inputs or outputs, shared layers, merges, initial states,
 * `inbound_nodes` in the Keras 2 or Keras 3 form) becomes a functional `LayersModel`, read by
 * `../graphConfig.ts` and `../graphModel.ts` with every layer's config normalised as above.
 * Anything unsupported fails with one `UnsupportedModelError` listing every problem.
 */
import { ShapeError, ValueError } from '../../tensor/errors.js';
import { Sequential } from '../../models/sequential.js';
import type { LayersModel } from '../../models/layersModel.js';
import { readGraphConfig } from '../graphConfig.js';
import { buildGraphModel, plannedSize, prepareGraph } from '../graphModel.js';
import type { Layer, Shape } from '../../layers/layer.js';
import { plannedLayerWeights } from '../weightPlan.js';
import { type JsonObject, type JsonValue, isJsonObject } from '../json.js';
import { type LayerReadOptions, UnsupportedModelError, layersFromConfigs } from '../layerRegistry.js';

/** The Keras generation a file comes from. */
export type KerasMajor = 1 | 2 | 3;

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * The Keras major version from a `keras_version` string ('1.0.8', '2.11.0', '3.12.0'), or
 * guessed from the config when the file does not say.
 */
export function kerasMajor(version: string | null | undefined, config: JsonValue | undefined): KerasMajor {
  const m = typeof version === 'string' ? /^(\d+)\./.exec(version.trim()) : null;
  if (m) {
    const major = Number(m[1]);
    if (major <= 1) return 1;
    if (major === 2) return 2;
    return 3;
  }
  if (isJsonObject(config)) {
    if (Array.isArray(config['config'])) return 1;
    const text = JSON.stringify(config);
    if (/"(output_dim|inner_activation|inner_init|consume_less|dropout_W|input_dtype)"\s*:/.test(text)) return 1;
    if (/"(batch_shape|registered_name)"\s*:|"DTypePolicy"/.test(text)) return 3;
  }
  return 2;
}

// ---------------------------------------------------------------------------------------------
// Keras 1 → Keras 2 spelling

const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN']);

const keras1Renames: Record<string, Record<string, string>> = {
  recurrent: {
    output_dim: 'units', init: 'kernel_initializer', inner_init: 'recurrent_initializer',
    inner_activation: 'recurrent_activation', W_regularizer: 'kernel_regularizer',
    U_regularizer: 'recurrent_regularizer', b_regularizer: 'bias_regularizer',
    dropout_W: 'dropout', dropout_U: 'recurrent_dropout',
  },
  Dense: {
    output_dim: 'units', init: 'kernel_initializer', bias: 'use_bias', W_regularizer: 'kernel_regularizer',
    b_regularizer: 'bias_regularizer', W_constraint: 'kernel_constraint', b_constraint: 'bias_constraint',
  },
  Embedding: {
    init: 'embeddings_initializer', W_regularizer: 'embeddings_regularizer', W_constraint: 'embeddings_constraint',
  },
  Dropout: { p: 'rate' },
};

/**
 * `table[key]` when the table itself has it: names come from the file, and a plain lookup of
 * 'constructor' or 'toString' would find Object.prototype's functions.
 */
function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Keras 1 initializer names that differ from Keras 2's (the rest, e.g. 'glorot_uniform', are the same). */
const keras1Initializers: Record<string, string> = { uniform: 'random_uniform', normal: 'random_normal', zero: 'zeros', one: 'ones' };

function keras1Layer(spec: JsonObject, issues: string[], options: LayerReadOptions): JsonObject {
  const className = typeof spec['class_name'] === 'string' ? spec['class_name'] : '?';
  const config = isJsonObject(spec['config']) ? spec['config'] : {};
  const label = `layer '${typeof config['name'] === 'string' ? config['name'] : '?'}' (${className})`;
  const renames = ownValue(keras1Renames, RECURRENT.has(className) ? 'recurrent' : className) ?? {};
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    // Keras 1's input_dtype is the dtype of the model input (int32 for token ids), not of the
    // layer's weights; Keras 1 computed in float32.
    if (key === 'input_dtype') continue;
    const target = ownValue(renames, key) ?? key;
    if (target !== key && Object.hasOwn(config, target)) {
      issues.push(`${label}: both '${key}' and '${target}' are given`);
      continue;
    }
    out[target] = target.endsWith('_initializer') && typeof value === 'string' ? (ownValue(keras1Initializers, value) ?? value) : value;
  }
  if (RECURRENT.has(className)) {
    delete out['consume_less']; // 'cpu' / 'mem' / 'gpu': how Keras 1 computed, not what
    if ('forget_bias_init' in out) {
      // Only the initial forget bias: irrelevant once weights are loaded, but kept for training.
      out['unit_forget_bias'] = out['forget_bias_init'] === 'one';
      delete out['forget_bias_init'];
    }
    const inputDim = out['input_dim'];
    const inputLength = out['input_length'];
    delete out['input_dim'];
    delete out['input_length'];
    if (out['batch_input_shape'] === undefined && typeof inputDim === 'number') {
      out['batch_input_shape'] = [null, typeof inputLength === 'number' ? inputLength : null, inputDim];
    }
  }
  if (className === 'Embedding' && 'dropout' in out) {
    const rate = out['dropout'];
    delete out['dropout'];
    if (rate !== 0 && rate !== null && !options.ignoreTrainingOnlyOptions) {
      issues.push(
        `${label}: option 'dropout' = ${describe(rate)} (Keras 1 embedding dropout) is not supported ` +
          `(pass ignoreTrainingOnlyOptions: true to load for inference without it)`,
      );
    }
  }
  if (isJsonObject(out['layer'])) out['layer'] = keras1Layer(out['layer'], issues, options);
  return { ...spec, config: out };
}

// ---------------------------------------------------------------------------------------------
// Keras 3

function isHardSigmoid(v: JsonValue | undefined): boolean {
  if (v === 'hard_sigmoid') return true;
  if (isJsonObject(v)) {
    const inner = v['config'];
    return inner === 'hard_sigmoid' || (isJsonObject(inner) && inner['name'] === 'hard_sigmoid');
  }
  return false;
}

function keras3Layer(spec: JsonObject): JsonObject {
  const config = spec['config'];
  if (!isJsonObject(config)) return spec;
  const out: JsonObject = { ...config };
  for (const key of ['activation', 'recurrent_activation']) {
    if (isHardSigmoid(out[key])) out[key] = 'hardSigmoidKeras3';
  }
  for (const key of ['layer', 'backward_layer']) {
    const inner = out[key];
    if (isJsonObject(inner)) out[key] = keras3Layer(inner);
  }
  return { ...spec, config: out };
}

// ---------------------------------------------------------------------------------------------
// Functional chains

/** The layer names a functional layer's inbound nodes refer to (Keras 2 and 3 forms). */
function inboundNames(nodes: JsonValue | undefined, issues: string[], label: string): string[] | null {
  if (!Array.isArray(nodes)) return null;
  const names: string[] = [];
  for (const node of nodes) {
    if (Array.isArray(node)) {
      // Keras 2: [[name, nodeIndex, tensorIndex, kwargs], ...]
      for (const ref of node) {
        if (Array.isArray(ref) && typeof ref[0] === 'string') {
          names.push(ref[0]);
          if (isJsonObject(ref[3]) && Object.keys(ref[3]).some((k) => k !== 'training')) {
            issues.push(`${label}: is called with ${Object.keys(ref[3]).join(', ')}, which a Sequential model cannot pass`);
          }
        }
      }
    } else if (isJsonObject(node)) {
      // Keras 3: { args: [{ class_name: '__keras_tensor__', config: { keras_history: [name, i, j] } }], kwargs }
      const collect = (v: JsonValue): void => {
        if (Array.isArray(v)) v.forEach(collect);
        else if (isJsonObject(v)) {
          const history = isJsonObject(v['config']) ? v['config']['keras_history'] : undefined;
          if (v['class_name'] === '__keras_tensor__' && Array.isArray(history) && typeof history[0] === 'string') names.push(history[0]);
          else Object.values(v).forEach(collect);
        }
      };
      collect(node['args'] ?? null);
      const kwargs = node['kwargs'];
      if (isJsonObject(kwargs)) {
        const extra = Object.entries(kwargs).filter(([k, v]) => k !== 'training' && v !== null && !(k === 'mask' && v === null));
        if (extra.length) issues.push(`${label}: is called with ${extra.map(([k]) => k).join(', ')}, which a Sequential model cannot pass`);
      }
    }
  }
  return names;
}

/** A functional model's layers in call order when they form a chain; pushes issues otherwise. */
function chainLayers(config: JsonObject, issues: string[]): JsonValue[] | null {
  const layers = config['layers'];
  if (!Array.isArray(layers)) {
    issues.push(`the functional model config has no 'layers' list`);
    return null;
  }
  const before = issues.length;
  let previous: string | null = null;
  layers.forEach((spec, i) => {
    if (!isJsonObject(spec)) return;
    const cfg = isJsonObject(spec['config']) ? spec['config'] : {};
    const name = typeof spec['name'] === 'string' ? spec['name'] : typeof cfg['name'] === 'string' ? cfg['name'] : `#${i}`;
    const label = `layer '${name}' (${typeof spec['class_name'] === 'string' ? spec['class_name'] : '?'})`;
    const inbound = inboundNames(spec['inbound_nodes'], issues, label) ?? [];
    if (i === 0) {
      if (inbound.length !== 0) issues.push(`${label}: the first layer of a functional model must be its input`);
    } else if (inbound.length !== 1 || inbound[0] !== previous) {
      issues.push(
        `${label}: takes ${inbound.length ? inbound.map((n) => `'${n}'`).join(', ') : 'no input'}; lstm-ts reads functional models ` +
          `only when each layer takes the previous one's output (a chain), here '${previous}'`,
      );
    }
    previous = name;
  });
  const outputs = JSON.stringify(config['output_layers'] ?? null);
  const inputs = JSON.stringify(config['input_layers'] ?? null);
  const firstName = isJsonObject(layers[0]) ? (layers[0]['name'] ?? (isJsonObject(layers[0]['config']) ? layers[0]['config']['name'] : null)) : null;
  if (previous !== null && !outputs.includes(`"${previous}"`)) issues.push(`the model's output is not its last layer '${previous}'`);
  if ((outputs.match(/\[\s*"/g) ?? []).length > 1) issues.push(`the model has several outputs (${outputs}); lstm-ts models have one`);
  if ((inputs.match(/\[\s*"/g) ?? []).length > 1) issues.push(`the model has several inputs (${inputs}); lstm-ts models have one`);
  if (typeof firstName === 'string' && !inputs.includes(`"${firstName}"`)) issues.push(`the model's input is not its first layer '${firstName}'`);
  return issues.length > before ? null : layers;
}

// ---------------------------------------------------------------------------------------------
// The model

/** What a Keras model config describes, in the registry's spelling. */
export interface NormalizedKerasModel {
  name: string | undefined;
  /** Layer specs (InputLayer removed; its shape moved onto the first layer). */
  layers: JsonObject[];
  /** Keras class names of `layers`, in order (for the .keras weight paths). */
  classNames: string[];
}

function inputLayerShape(config: JsonObject, label: string, issues: string[]): { shape: (number | null)[] | null; dtype: JsonValue } {
  let shape: (number | null)[] | null = null;
  for (const [key, value] of Object.entries(config)) {
    if (key === 'batch_input_shape' || key === 'batch_shape') {
      if (Array.isArray(value) && value.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 0))) {
        shape = value as (number | null)[];
      } else {
        issues.push(`${label}: option '${key}' expected an array of integers and nulls, got ${describe(value)}`);
      }
    } else if (key === 'sparse' || key === 'ragged' || key === 'optional') {
      if (value !== false && value !== null) issues.push(`${label}: option '${key}' = ${describe(value)} is not supported`);
    } else if (key !== 'name' && key !== 'dtype' && key !== 'input_dtype') {
      issues.push(`${label}: unknown option '${key}' = ${describe(value)}`);
    }
  }
  // Only a float dtype passes to the first layer: an int32 input (token ids) says nothing about
  // the dtype of the layers' weights.
  const dtype = config['dtype'] ?? null;
  const name = isJsonObject(dtype) && isJsonObject(dtype['config']) ? dtype['config']['name'] : dtype;
  return { shape, dtype: name === 'float32' || name === 'float64' ? dtype : null };
}

function isShape(v: JsonValue | undefined): v is (number | null)[] {
  return Array.isArray(v) && v.length > 0 && v.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 0));
}

/**
 * Brings a Keras 1/2/3 model config to the registry's spelling. `issues` collects what cannot
 * be read (the caller throws them together with the registry's).
 */
export function normalizeKerasModel(raw: JsonValue, major: KerasMajor, options: LayerReadOptions, issues: string[]): NormalizedKerasModel {
  if (!isJsonObject(raw)) throw new ValueError(`the model config expected a JSON object, got ${describe(raw)}`);
  // tfjs's converter and some tools nest the model under model_config.
  const topo = isJsonObject(raw['model_config']) ? raw['model_config'] : raw;
  const className = topo['class_name'];
  const config = topo['config'];
  let specs: JsonValue[] | null = null;
  let name: string | undefined;
  if (className === 'Sequential') {
    if (Array.isArray(config)) specs = config; // Keras 1: a bare list
    else if (isJsonObject(config) && Array.isArray(config['layers'])) specs = config['layers'];
    else throw new ValueError(`the Sequential config expected { name, layers: [...] }, got ${describe(config)}`);
  } else if (className === 'Model' || className === 'Functional') {
    if (!isJsonObject(config)) throw new ValueError(`the ${className} config expected an object, got ${describe(config)}`);
    specs = chainLayers(config, issues);
    if (!specs) throw new UnsupportedModelError('the model', issues);
  } else {
    throw new UnsupportedModelError('the model', [
      `model class ${describe(className)} is not supported: lstm-ts rebuilds Sequential models (and functional models that are a plain chain of layers)`,
    ]);
  }
  if (isJsonObject(config) && typeof config['name'] === 'string') name = config['name'];

  const layers: JsonObject[] = [];
  const classNames: string[] = [];
  let input: { shape: (number | null)[] | null; dtype: JsonValue } | null = null;
  specs.forEach((spec, i) => {
    if (!isJsonObject(spec)) {
      issues.push(`layers[${i}]: expected { class_name, config }, got ${describe(spec)}`);
      return;
    }
    const cfg = isJsonObject(spec['config']) ? spec['config'] : {};
    if (spec['class_name'] === 'InputLayer') {
      const label = `layer '${typeof cfg['name'] === 'string' ? cfg['name'] : '?'}' (InputLayer)`;
      if (layers.length > 0 || input) issues.push(`${label}: an InputLayer is only supported as the first layer`);
      else input = inputLayerShape(cfg, label, issues);
      return;
    }
    let layer: JsonObject = { class_name: spec['class_name'] ?? null, config: cfg };
    if (major === 1) layer = keras1Layer(layer, issues, options);
    if (major === 3) layer = keras3Layer(layer);
    layers.push(layer);
    classNames.push(typeof spec['class_name'] === 'string' ? spec['class_name'] : '?');
  });

  // The input shape: an InputLayer, or Keras 3's build_input_shape / first layer's build_config.
  const first = layers[0];
  const firstConfig = first && isJsonObject(first['config']) ? first['config'] : null;
  if (first && firstConfig && firstConfig['batch_input_shape'] === undefined) {
    const inputInfo = input as { shape: (number | null)[] | null; dtype: JsonValue } | null;
    const firstSpec = specs.find((s) => isJsonObject(s) && s['class_name'] !== 'InputLayer');
    const buildConfig = isJsonObject(firstSpec) && isJsonObject(firstSpec['build_config']) ? firstSpec['build_config']['input_shape'] : undefined;
    const buildShape = isJsonObject(config) ? config['build_input_shape'] : undefined;
    const shape = inputInfo?.shape ?? (isShape(buildShape) ? buildShape : isShape(buildConfig) ? buildConfig : null);
    if (shape) {
      const cfg: JsonObject = { ...firstConfig, batch_input_shape: shape };
      if (cfg['dtype'] === undefined && inputInfo && inputInfo.dtype !== null) cfg['dtype'] = inputInfo.dtype;
      layers[0] = { ...first, config: cfg };
    }
  }
  return { name, layers, classNames };
}

/**
 * The number of weights `layer` will create for `input`, or null when it cannot tell (an
 * unknown last axis). The count comes from the weight plan the loaders check files against
 * (built-in classes and every codec's `plannedWeights`), so a new layer class is counted
 * without a table of its own here.
 */
function paramCount(layer: Layer, input: Shape): number | null {
  try {
    return plannedSize(plannedLayerWeights(layer, input, 'paramCount'));
  } catch (e) {
    if (e instanceof ValueError || e instanceof ShapeError) return null;
    throw e;
  }
}

/**
 * Checks, before anything is allocated, that the config's weights could fit in `maxBytes`
 * (Keras stores weights uncompressed, 4 bytes each at least): a damaged config (units: 1e9)
 * must not make the model allocate gigabytes before its weights are found missing.
 */
function checkSize(layers: readonly Layer[], maxBytes: number, where: string): void {
  let shape = layers[0]?.batchInputShape ?? null;
  let total = 0;
  for (const layer of layers) {
    if (!shape) return;
    const n = paramCount(layer, shape);
    if (n === null) return;
    total += n;
    try {
      const out = layer.computeOutputShape(shape);
      shape = Array.isArray(out[0]) ? null : (out as Shape);
    } catch {
      return;
    }
  }
  if (total * 4 > maxBytes) {
    throw new ValueError(
      `${where}: the model config describes ${total} weights (${total * 4} bytes as float32), more than the ${maxBytes} bytes ` +
        `of the weights file: the config is damaged or belongs to another file`,
    );
  }
}

/**
 * A Sequential model (weights freshly initialised) from a Keras model config. Every
 * unsupported layer or option is reported in one `UnsupportedModelError`. With
 * `maxWeightBytes` (the size of the file the weights will come from), a config whose weights
 * cannot fit in it fails before the model allocates them.
 */
export function sequentialFromKerasConfig(
  raw: JsonValue,
  major: KerasMajor,
  options: LayerReadOptions,
  where: string,
  maxWeightBytes?: number,
): { model: Sequential; classNames: string[] } {
  const issues: string[] = [];
  let normalized: NormalizedKerasModel;
  try {
    normalized = normalizeKerasModel(raw, major, options, issues);
  } catch (e) {
    if (e instanceof UnsupportedModelError) throw new UnsupportedModelError(where, e.issues);
    throw new ValueError(`${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const layers = layersFromConfigs(normalized.layers, where, options, issues);
  if (maxWeightBytes !== undefined) checkSize(layers, maxWeightBytes, where);
  let model: Sequential;
  try {
    model = new Sequential({ layers, ...(normalized.name !== undefined ? { name: normalized.name } : {}) });
  } catch (e) {
    throw new ValueError(`${where}: the layers do not form a working Sequential model: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return { model, classNames: normalized.classNames };
}

/** True when a functional config is a plain chain, which reads as a Sequential model. */
function isChainConfig(config: JsonObject): boolean {
  return chainLayers(config, []) !== null;
}

/** What a Keras model config became, with the layers its weights file lists in Keras's order. */
export interface KerasModel {
  /** A Sequential, or a functional LayersModel for a graph that is not a chain. */
  model: LayersModel;
  /** The layers that hold weights in Keras's model order (`model.layers` of the Keras model, InputLayers left out). */
  weightLayers: Layer[];
  /** Keras class names of `weightLayers` (for the .keras weight paths). */
  classNames: string[];
}

/**
 * A model from a Keras model config: a Sequential (or a functional chain) as
 * `sequentialFromKerasConfig` reads it, any other functional graph as a `LayersModel`. With
 * `maxWeightBytes` (the size of the file its weights come from), the weights are planned first
 * and a config whose weights cannot fit fails before anything is allocated; the weights are
 * then left at zero for the caller to fill.
 */
export function modelFromKerasConfig(raw: JsonValue, major: KerasMajor, options: LayerReadOptions, where: string, maxWeightBytes?: number): KerasModel {
  const topo = isJsonObject(raw) && isJsonObject(raw['model_config']) ? raw['model_config'] : raw;
  const className = isJsonObject(topo) ? topo['class_name'] : undefined;
  const config = isJsonObject(topo) ? topo['config'] : undefined;
  if ((className === 'Model' || className === 'Functional') && isJsonObject(config) && !isChainConfig(config)) {
    const spec = readGraphConfig(config, where);
    const issues: string[] = [];
    const layers = spec.layers.map((l) => {
      if (l.className === 'InputLayer') return l;
      let layer: JsonObject = l.spec;
      if (major === 1) layer = keras1Layer(layer, issues, options);
      if (major === 3) layer = keras3Layer(layer);
      return { ...l, spec: layer };
    });
    if (issues.length) throw new UnsupportedModelError(where, issues);
    const prepared = prepareGraph({ ...spec, layers }, options, where);
    const size = plannedSize(prepared.plan);
    if (maxWeightBytes !== undefined && size * 4 > maxWeightBytes) {
      throw new ValueError(
        `${where}: the model config describes ${size} weights (${size * 4} bytes as float32), more than the ${maxWeightBytes} bytes ` +
          `of the weights file: the config is damaged or belongs to another file`,
      );
    }
    const model = buildGraphModel(prepared, maxWeightBytes === undefined, where);
    const weightLayers = prepared.layers.filter((l): l is Layer => !('batchShape' in l));
    return { model, weightLayers, classNames: spec.layers.filter((l) => l.className !== 'InputLayer').map((l) => l.className) };
  }
  const { model, classNames } = sequentialFromKerasConfig(raw, major, options, where, maxWeightBytes);
  return { model, weightLayers: model.layers, classNames };
}
