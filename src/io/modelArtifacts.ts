/**
 * A model (Sequential, or functional: see ./graphModel.ts) as TensorFlow.js "model artifacts": the Keras-style topology (what goes
 * into model.json's `modelTopology`), the weight specs (name, shape, dtype) and one
 * ArrayBuffer of little-endian float32 values in spec order (what goes into weights.bin).
 *
 * Weight names are the ones tfjs gives the same model, so tfjs matches them on loading:
 * `lstm/kernel`, `lstm/recurrent_kernel`, `lstm/bias`; `bidirectional/forward_lstm/kernel` and
 * `bidirectional/backward_lstm/kernel`; `time_distributed/kernel` (tfjs builds the wrapped
 * layer inside the wrapper's name scope); `embedding/embeddings`; `layer_normalization/gamma`.
 * Reading matches by name as tfjs does, accepting also the Python converter's
 * `lstm/lstm_cell/kernel` form (a cell scope before the last part) and a `:0` suffix, so the
 * order of the specs does not matter (tfjs lists non-trainable weights last).
 *
 * Read: float32 and int32 weights, and the converter's quantized weights (uint8/uint16
 * affine, float16). Skipped: optimizer weights (`group: 'optimizer'`). Not read: string,
 * bool and complex64 weights (no layer here has them). The optimizer, loss and training state
 * are not saved: compile a loaded model before training it further.
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import type { Layer, LayerVariable, Shape } from '../layers/layer.js';
import { Bidirectional } from '../layers/bidirectional.js';
import { TimeDistributed } from '../layers/timeDistributed.js';
import { Embedding } from '../layers/embedding.js';
import { Flatten } from '../layers/flatten.js';
import { Reshape } from '../layers/reshape.js';
import { Sequential } from '../models/sequential.js';
import { LayersModel } from '../models/layersModel.js';
import { type JsonObject, type JsonValue, assertJsonDepth, isJsonObject, toJsonCopy } from './json.js';
import { type PlannedWeight, plannedWeights } from './weightPlan.js';
import { readGraphConfig } from './graphConfig.js';
import { type PreparedGraph, buildGraphModel, graphToConfig, prepareGraph } from './graphModel.js';
import { withoutInitialization } from '../initializers/initializers.js';
import { type LayerReadOptions, UnsupportedModelError, isShapeDim, layersFromConfigs, layersToConfigs } from './layerRegistry.js';

/** The version written into `generatedBy` and `keras_version`. */
export const LSTM_TS_VERSION = '0.1.0';

/** The tfjs `format` of a Keras-style layers model (the only one lstm-ts reads). */
export const LAYERS_MODEL_FORMAT = 'layers-model';

/** One entry of tfjs's `weightsManifest[].weights`. */
export interface WeightSpec {
  /** The weight's tfjs name, e.g. 'lstm/kernel'; loading matches weights by it. */
  name: string;
  /** The weight's shape, e.g. `[inputDim, 4 * units]` for an LSTM kernel. */
  shape: number[];
  /** Stored type before any quantization; lstm-ts reads 'float32' and 'int32'. */
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  /** tfjs puts optimizer state in group 'optimizer'; it is skipped on loading. */
  group?: string;
  /** Weights quantized by the tfjs converter. */
  quantization?: {
    /** How the values are stored: 8- or 16-bit integers (affine) or float16. */
    dtype: 'uint8' | 'uint16' | 'float16';
    /** Affine step: value = stored * scale + min (uint8/uint16 only). */
    scale?: number;
    /** Affine offset: the value of stored 0 (uint8/uint16 only). */
    min?: number;
    /** The dtype the values had before quantizing (the converter writes it; 'float32' or 'int32'). */
    original_dtype?: string;
  };
}

/** What tfjs's `io.ModelArtifacts` holds for a layers model. */
export interface ModelArtifacts {
  /** `{ class_name: 'Sequential', config: { name, layers }, keras_version, backend }`, or `class_name: 'Model'` with the graph for a functional model. */
  modelTopology: JsonObject;
  /** Name, shape and dtype of each weight, in the order their bytes follow in `weightData`. */
  weightSpecs: WeightSpec[];
  /** Little-endian values, in `weightSpecs` order. */
  weightData: ArrayBuffer;
  /** tfjs's model format; 'layers-model' (the only one lstm-ts reads). */
  format?: string;
  /** The writer and its version, e.g. 'lstm-ts v0.1.0' or 'TensorFlow.js tfjs-layers v4.22.0'. */
  generatedBy?: string;
  /** The converter that made the file from a Keras model (e.g. 'TensorFlow.js Converter v4.22.0'); null when written directly. */
  convertedBy?: string | null;
  /** Free-form JSON (the `extra` of `saveModel`): a tokenizer, vocabulary, scaler, ... */
  userDefinedMetadata?: JsonObject;
}

/**
 * Options of `model.save` and `saveModel`.
 * @example await model.save('file://out/model', { extra: { vocabulary: vocab.toJSON() } } satisfies SaveOptions)
 */
export interface SaveOptions {
  /** Free-form JSON saved with the model (as tfjs's `userDefinedMetadata`) and returned by loading. */
  extra?: Record<string, unknown>;
}

/**
 * Options of `loadModel` and the Keras/tfjs readers: see {@link LayerReadOptions}.
 * @example await loadModel('file://keras-export', { ignoreTrainingOnlyOptions: true } satisfies LoadOptions)
 */
export type LoadOptions = LayerReadOptions;

/** A weight of the model under the name tfjs gives it. */
interface NamedVariable {
  name: string;
  variable: LayerVariable;
  layer: Layer;
}

function shortName(v: LayerVariable): string {
  return v.name.slice(v.name.lastIndexOf('/') + 1);
}

/** The model's weights under tfjs's names, in Keras `getWeights()` order. */
function tfjsNamedWeights(layer: Layer): NamedVariable[] {
  if (layer instanceof Bidirectional) {
    const inner = layer.forwardLayer.name;
    return [
      ...layer.forwardLayer.weights.map((variable) => ({ name: `${layer.name}/forward_${inner}/${shortName(variable)}`, variable, layer })),
      ...layer.backwardLayer.weights.map((variable) => ({ name: `${layer.name}/backward_${inner}/${shortName(variable)}`, variable, layer })),
    ];
  }
  if (layer instanceof TimeDistributed) {
    // tfjs builds the wrapped layer in the wrapper's scope: its names lose their own prefix.
    return tfjsNamedWeights(layer.layer).map((w) => ({ ...w, name: `${layer.name}/${w.name.slice(w.name.indexOf('/') + 1)}`, layer }));
  }
  // A weight's name below its layer: `kernel`, or `RNNCell_1/kernel` for a stack of cells,
  // whose cells each have a kernel.
  const prefix = `${layer.name}/`;
  return layer.weights.map((variable) => ({
    name: `${prefix}${variable.name.startsWith(prefix) ? variable.name.slice(prefix.length) : shortName(variable)}`,
    variable,
    layer,
  }));
}

function modelNamedWeights(model: LayersModel, where: string): NamedVariable[] {
  const all = model.layers.flatMap((l) => tfjsNamedWeights(l));
  const seen = new Set<string>();
  for (const w of all) {
    if (seen.has(w.name)) {
      throw new ValueError(`${where}: two weights would both be saved as '${w.name}'; give the layers distinct names`);
    }
    seen.add(w.name);
  }
  return all;
}

function fixesInputShape(layer: Layer): boolean {
  return layer instanceof Flatten || layer instanceof Reshape || (layer instanceof TimeDistributed && fixesInputShape(layer.layer));
}

/**
 * The batch_input_shape to write for a model whose first layer got its shape from data
 * (`fit`/`predict`) rather than `inputShape`: the last axis (what the weights depend on) and
 * free other axes, unless a Flatten/Reshape makes later weights depend on every axis.
 */
function inferredInputShape(model: Sequential): Shape | null {
  const first = model.layers[0];
  if (!first || first.batchInputShape || !first.built || !first.builtInputShape) return null;
  const built = first.builtInputShape;
  if (model.layers.some(fixesInputShape)) return [null, ...built.slice(1)];
  if (first instanceof Embedding) return built.map(() => null);
  return built.map((d, i) => (i === built.length - 1 ? d : null));
}

/** Checks `extra` is a JSON object and returns a deep copy. */
function extraCopy(extra: unknown, where: string): JsonObject {
  if (!isJsonObject(extra)) {
    throw new ValueError(`${where}: option 'extra' expected a plain JSON object, got ${Array.isArray(extra) ? 'an array' : extra === null ? 'null' : typeof extra}`);
  }
  return toJsonCopy(extra, where, 'extra') as JsonObject;
}

/**
 * The `modelTopology` tfjs writes for a model: `class_name: 'Sequential'` with the layer list
 * for a Sequential model, `class_name: 'Model'` with the graph (layers, their inbound nodes,
 * input and output layers) for a functional one.
 * @example const topology = io.modelToTopology(model); // { class_name: 'Sequential', config: { name, layers }, ... }
 */
export function modelToTopology(model: LayersModel, where = 'modelToTopology'): JsonObject {
  if (!(model instanceof LayersModel)) {
    throw new ValueError(`${where}: argument 'model' expected a model (sequential or functional), got ${model === null ? 'null' : typeof model}`);
  }
  if (!(model instanceof Sequential)) {
    return { class_name: 'Model', config: graphToConfig(model, where), keras_version: `lstm-ts ${LSTM_TS_VERSION}`, backend: 'tensor_flow.js' };
  }
  const layers = layersToConfigs(model.layers, where, inferredInputShape(model));
  return {
    class_name: 'Sequential',
    config: { name: model.name, layers },
    keras_version: `lstm-ts ${LSTM_TS_VERSION}`,
    backend: 'tensor_flow.js',
  };
}

/**
 * The model as tfjs model artifacts (topology, weight specs, one ArrayBuffer of float32).
 * @example const { modelTopology, weightSpecs, weightData } = modelToArtifacts(model, { extra: { vocab } });
 */
export function modelToArtifacts(model: LayersModel, options: SaveOptions = {}, where = 'modelToArtifacts'): ModelArtifacts {
  assertKnownOptions(where, options, ['extra']);
  const extra = options.extra === undefined ? undefined : extraCopy(options.extra, where);
  const modelTopology = modelToTopology(model, where);
  const weights = modelNamedWeights(model, where);
  const count = weights.reduce((n, w) => n + w.variable.value.size, 0);
  const buffer = new ArrayBuffer(count * 4);
  const view = new DataView(buffer);
  const weightSpecs: WeightSpec[] = [];
  let offset = 0;
  for (const w of weights) {
    const data = w.variable.value.data;
    for (let i = 0; i < data.length; i++, offset += 4) view.setFloat32(offset, data[i]!, true);
    weightSpecs.push({ name: w.name, shape: [...w.variable.value.shape], dtype: 'float32' });
  }
  return {
    modelTopology,
    weightSpecs,
    weightData: buffer,
    format: LAYERS_MODEL_FORMAT,
    generatedBy: `lstm-ts v${LSTM_TS_VERSION}`,
    convertedBy: null,
    ...(extra ? { userDefinedMetadata: extra } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Bytes per stored value; Maps, so that names of Object's prototype ('constructor') are not dtypes. */
const DTYPE_BYTES = new Map<string, number>([['float32', 4], ['int32', 4], ['bool', 1]]);
const QUANTIZED_BYTES = new Map<string, number>([['uint8', 1], ['uint16', 2], ['float16', 2]]);

function bytesPerValue(spec: WeightSpec): number {
  return spec.quantization ? QUANTIZED_BYTES.get(spec.quantization.dtype)! : DTYPE_BYTES.get(spec.dtype)!;
}

function specSize(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

function quoted(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : describe(value);
}

/**
 * Checks the specs' form (names, shapes of non-negative safe integers, known dtypes) and
 * returns the byte length they describe, refusing sizes beyond exact integer arithmetic.
 * @example io.weightByteLength([{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }], 'check') // 24
 */
export function weightByteLength(specs: readonly WeightSpec[], where: string): number {
  let total = 0;
  specs.forEach((spec, i) => {
    if (!isJsonObject(spec) || typeof spec.name !== 'string' || !Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new ValueError(`${where}: weight spec ${i} expected { name, shape: non-negative integer[], dtype }, got ${describe(spec)}`);
    }
    const q: unknown = spec.quantization;
    if (q !== undefined && q !== null) {
      if (!isJsonObject(q) || typeof q['dtype'] !== 'string' || !QUANTIZED_BYTES.has(q['dtype'])) {
        const dtype = isJsonObject(q) ? quoted(q['dtype']) : describe(q);
        throw new ValueError(`${where}: weight '${spec.name}' has unknown quantization dtype ${dtype} (expected uint8, uint16 or float16)`);
      }
    } else if (typeof spec.dtype !== 'string' || !DTYPE_BYTES.has(spec.dtype)) {
      throw new ValueError(
        `${where}: weight '${spec.name}' has unknown dtype ${quoted(spec.dtype)} (expected float32, int32 or bool, or uint8/uint16/float16 quantization; string and complex64 weights are not read)`,
      );
    }
    const bytes = specSize(spec) * bytesPerValue(spec);
    total += bytes;
    if (!Number.isSafeInteger(bytes) || !Number.isSafeInteger(total)) {
      throw new ValueError(`${where}: weight '${spec.name}' of shape ${formatShape(spec.shape)} makes the weights larger than any file (${total} bytes)`);
    }
  });
  return total;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Decodes one weight's values starting at `offset`. */
function decodeValues(spec: WeightSpec, view: DataView, offset: number): Float32Array {
  const n = specSize(spec);
  const out = new Float32Array(n);
  const q = spec.quantization;
  if (q) {
    const scale = q.scale ?? 1;
    const min = q.min ?? 0;
    for (let i = 0; i < n; i++) {
      if (q.dtype === 'uint8') out[i] = view.getUint8(offset + i) * scale + min;
      else if (q.dtype === 'uint16') out[i] = view.getUint16(offset + 2 * i, true) * scale + min;
      else out[i] = halfToFloat(view.getUint16(offset + 2 * i, true));
    }
  } else if (spec.dtype === 'int32') {
    for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, true);
  } else if (spec.dtype === 'bool') {
    for (let i = 0; i < n; i++) out[i] = view.getUint8(offset + i);
  } else {
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  }
  return out;
}

/** The name tfjs falls back to when a name is not found: the Python converter's cell scope removed. */
function withoutCellScope(name: string): string | null {
  const parts = name.split('/');
  if (parts.length < 3) return null;
  return [...parts.slice(0, -2), parts[parts.length - 1]!].join('/');
}

/** A weight the model has or will have, under its tfjs name. */
interface WeightTarget {
  name: string;
  shape: readonly number[];
  layer: Layer;
}

/** Where a target's values start in the weight data, and how they are stored. */
interface WeightSource {
  spec: WeightSpec;
  offset: number;
}

/**
 * Matches the manifest's specs to the model's weights by name (as tfjs does), checking that
 * every weight is found once with the shape the layer needs. Every problem is listed in one
 * error. The specs' form must have been checked (`weightByteLength`).
 */
function matchWeights(targets: readonly WeightTarget[] | null, specs: readonly WeightSpec[], where: string): Map<string, WeightSource> {
  const matched = new Map<string, WeightSource>();
  if (targets === null || (targets.length === 0 && specs.some((s) => s.group !== 'optimizer'))) {
    if (specs.every((s) => s.group === 'optimizer')) return matched;
    throw new ValueError(
      `${where}: the manifest lists ${specs.length} weights, but the model could not be built to hold them: ` +
        `its first layer has no batch_input_shape`,
    );
  }
  const byName = new Map(targets.map((t) => [t.name, t]));
  const unknown: string[] = [];
  const problems: string[] = [];
  let offset = 0;
  for (const spec of specs) {
    const start = offset;
    offset += specSize(spec) * bytesPerValue(spec);
    if (spec.group === 'optimizer') continue;
    const plain = spec.name.replace(/:0$/, '');
    const key = byName.has(plain) ? plain : withoutCellScope(plain);
    const target = key === null ? undefined : byName.get(key);
    if (!target || key === null) {
      unknown.push(spec.name);
      continue;
    }
    if (matched.has(key)) {
      problems.push(`weight '${target.name}' appears twice in the manifest (as '${spec.name}')`);
      continue;
    }
    matched.set(key, { spec, offset: start });
    if (formatShape(spec.shape) !== formatShape(target.shape)) {
      problems.push(
        `weight '${spec.name}' has shape ${formatShape(spec.shape)}, but layer '${target.layer.name}' (${target.layer.className}) ` +
          `needs ${formatShape(target.shape)}`,
      );
    }
  }
  const missing = targets.filter((t) => !matched.has(t.name)).map((t) => t.name);
  if (unknown.length) problems.push(`the manifest has weights no layer of the model owns: ${listSome(unknown)}`);
  if (missing.length) problems.push(`no weight in the manifest for: ${listSome(missing)}`);
  if (problems.length) {
    const shapeOnly = problems.every((p) => p.includes('has shape'));
    const message = `${where}: the weights do not fit the model:\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}` +
      (problems.length > 20 ? `\n  - ... and ${problems.length - 20} more` : '');
    throw shapeOnly ? new ShapeError(message) : new ValueError(message);
  }
  return matched;
}

/** The first names of a long list (a hostile manifest may list thousands). */
function listSome(names: readonly string[]): string {
  return names.length <= 20 ? names.join(', ') : `${names.slice(0, 20).join(', ')} and ${names.length - 20} more`;
}

/** Copies the weight data into the built model's variables, matched as `matchWeights` does. */
function assignWeights(model: LayersModel, specs: readonly WeightSpec[], data: ArrayBuffer, where: string): void {
  const targets = modelNamedWeights(model, where);
  const sources = matchWeights(
    targets.map((t) => ({ name: t.name, shape: t.variable.value.shape, layer: t.layer })),
    specs,
    where,
  );
  const view = new DataView(data);
  const problems: string[] = [];
  const values = new Map<string, Float32Array>();
  for (const t of targets) {
    const { spec, offset } = sources.get(t.name)!;
    const decoded = decodeValues(spec, view, offset);
    const bad = decoded.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) problems.push(`weight '${spec.name}' contains ${decoded[bad]} at flat index ${bad}`);
    else values.set(t.name, decoded);
  }
  if (problems.length) {
    throw new ValueError(`${where}: the weights do not fit the model:\n${problems.slice(0, 20).map((p) => `  - ${p}`).join('\n')}`);
  }
  for (const t of targets) t.variable.value.data.set(values.get(t.name)!);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Reads an InputLayer's shape (Keras 2: batch_input_shape, Keras 3: batch_shape). */
function inputLayerShape(config: JsonObject, label: string, issues: string[]): { shape: (number | null)[] | null; dtype: JsonValue } {
  let shape: (number | null)[] | null = null;
  for (const [key, value] of Object.entries(config)) {
    if (key === 'batch_input_shape' || key === 'batch_shape') {
      if (Array.isArray(value) && value.every((d) => isShapeDim(d))) {
        shape = value as (number | null)[];
      } else {
        issues.push(`${label}: option '${key}' expected an array of positive integers and nulls, got ${describe(value)}`);
      }
    } else if (key === 'sparse' || key === 'ragged' || key === 'optional') {
      if (value !== false && value !== null) issues.push(`${label}: option '${key}' = ${describe(value)} is not supported`);
    } else if (key !== 'name' && key !== 'dtype') {
      issues.push(`${label}: unknown option '${key}' = ${describe(value)}`);
    }
  }
  return { shape, dtype: config['dtype'] ?? null };
}

/** The layers a Sequential topology describes, constructed but not built (no weights yet), and the model's name. */
interface SequentialParts {
  kind: 'sequential';
  layers: Layer[];
  name: string | undefined;
}

/** A functional topology: its graph read, layers constructed and weights planned. */
interface GraphParts {
  kind: 'graph';
  graph: PreparedGraph;
}

type ModelParts = SequentialParts | GraphParts;

function partsFromTopology(topology: JsonObject, options: LoadOptions, where: string): ModelParts {
  if (!isJsonObject(topology)) throw new ValueError(`${where}: 'modelTopology' expected an object, got ${describe(topology)}`);
  // The Python converter nests the model under model_config (next to training_config).
  const topo = isJsonObject(topology['model_config']) ? topology['model_config'] : topology;
  const className = topo['class_name'] ?? topo['className'];
  if (className === 'Model' || className === 'Functional') {
    const config = topo['config'];
    if (!isJsonObject(config)) throw new ValueError(`${where}: the ${className} config expected { name, layers, input_layers, output_layers }, got ${describe(config)}`);
    return { kind: 'graph', graph: prepareGraph(readGraphConfig(config, where), options, where) };
  }
  if (className !== 'Sequential') {
    throw new UnsupportedModelError(where, [
      `model class ${describe(className)} is not supported: lstm-ts rebuilds Sequential models and functional models ('Model', 'Functional')`,
    ]);
  }
  const config = topo['config'];
  let layerSpecs: JsonValue[];
  let name: string | undefined;
  if (Array.isArray(config)) {
    layerSpecs = config; // tfjs before 1.0 wrote the layer list directly
  } else if (isJsonObject(config) && Array.isArray(config['layers'])) {
    layerSpecs = config['layers'];
    if (typeof config['name'] === 'string') name = config['name'];
  } else {
    throw new ValueError(`${where}: the Sequential config expected { name, layers: [...] }, got ${describe(config)}`);
  }
  const issues: string[] = [];
  const specs: JsonObject[] = [];
  let input: { shape: (number | null)[] | null; dtype: JsonValue } | null = null;
  layerSpecs.forEach((spec, i) => {
    if (!isJsonObject(spec)) {
      issues.push(`layers[${i}]: expected { class_name, config }, got ${describe(spec)}`);
      return;
    }
    if (spec['class_name'] === 'InputLayer') {
      const cfg = isJsonObject(spec['config']) ? spec['config'] : {};
      const label = `layer '${typeof cfg['name'] === 'string' ? cfg['name'] : '?'}' (InputLayer)`;
      if (specs.length > 0 || input) issues.push(`${label}: an InputLayer is only supported as the first layer`);
      else input = inputLayerShape(cfg, label, issues);
      return;
    }
    specs.push(spec);
  });
  const inputInfo = input as { shape: (number | null)[] | null; dtype: JsonValue } | null;
  if (inputInfo?.shape && specs[0] && isJsonObject(specs[0]['config']) && specs[0]['config']['batch_input_shape'] === undefined) {
    const first = specs[0];
    const cfg: JsonObject = { ...(first['config'] as JsonObject), batch_input_shape: inputInfo.shape };
    if (cfg['dtype'] === undefined && inputInfo.dtype !== null) cfg['dtype'] = inputInfo.dtype;
    specs[0] = { ...first, config: cfg };
  }
  const layers = layersFromConfigs(specs, where, options, issues);
  const names = new Set<string>();
  for (const layer of layers) {
    if (names.has(layer.name)) {
      throw new ValueError(`${where}: the layers do not form a working Sequential model: a layer named '${layer.name}' is already in the model; names must be unique`);
    }
    names.add(layer.name);
  }
  return { kind: 'sequential', layers, name };
}

/**
 * The layers as a Sequential model, built when the first layer declares its input shape.
 * Sequential.add rebuilds the whole model after every layer (quadratic: 20,000 layers took
 * 12 s), so the layers, already checked for unique names, go in at once and the model is built
 * once.
 */
function stackLayers(parts: SequentialParts, where: string, initialize: boolean): Sequential {
  const model = new Sequential(parts.name !== undefined ? { name: parts.name } : {});
  for (const layer of parts.layers) model.layers.push(layer);
  try {
    if (model.inputShape) {
      if (initialize) model.build();
      else withoutInitialization(() => model.build());
    }
  } catch (e) {
    throw new ValueError(`${where}: the layers do not form a working Sequential model: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return model;
}

/** Builds the model the parts describe; with `initialize` false its weights stay zero for the caller to fill. */
function modelFromParts(parts: ModelParts, where: string, initialize: boolean): LayersModel {
  return parts.kind === 'graph' ? buildGraphModel(parts.graph, initialize, where) : stackLayers(parts, where, initialize);
}

/** The weights the parts' model will have, computed without building it (null: a Sequential without input shape). */
function partsPlan(parts: ModelParts, where: string): PlannedWeight[] | null {
  return parts.kind === 'graph' ? [...parts.graph.plan] : plannedWeights(parts.layers, where);
}

/**
 * A model (a Sequential, or a functional `LayersModel` for a `Model`/`Functional` topology;
 * built when the topology gives input shapes, weights initialised fresh) from a tfjs/Keras
 * `modelTopology`. Everything unsupported is reported at once.
 * @example const fresh = io.modelFromTopology(io.modelToTopology(model)); // same architecture, new weights
 */
export function modelFromTopology(topology: JsonObject, options: LoadOptions = {}, where = 'modelFromTopology'): LayersModel {
  assertJsonDepth(topology, where, 'modelTopology');
  return modelFromParts(partsFromTopology(topology, options, where), where, true);
}

/** A model read from its topology and checked against its weights manifest, not yet built. */
export interface PreparedModel {
  readonly parts: ModelParts;
  readonly specs: readonly WeightSpec[];
}

/**
 * Reads the topology and checks the weights its layers will have against the manifest's
 * `specs` (names and shapes) before anything is built: the manifest's byte length, which the
 * caller compares with the bytes present, then bounds what building may allocate, and a
 * topology that disagrees with its weights costs no initialisation. `specs` must have passed
 * `weightByteLength`.
 * @internal used by the loaders.
 */
export function prepareModel(topology: JsonObject, specs: readonly WeightSpec[], options: LoadOptions, where: string): PreparedModel {
  assertJsonDepth(topology, where, 'modelTopology');
  const parts = partsFromTopology(topology, options, where);
  matchWeights(partsPlan(parts, where), specs, where);
  return { parts, specs };
}

/**
 * Builds a prepared model (weights left at zero, not drawn) and sets its weights from `data`
 * (the manifest's byte length).
 * @internal used by the loaders.
 */
export function completeModel(prepared: PreparedModel, data: ArrayBuffer, where: string): LayersModel {
  // Every weight is overwritten from `data` below (matchWeights found one for each), so none
  // is drawn: a large LSTM's orthogonal matrix alone took most of a load's time.
  const model = modelFromParts(prepared.parts, where, false);
  assignWeights(model, prepared.specs, data, where);
  return model;
}

/** Accepts an ArrayBuffer or any byte view (a Node Buffer, a Uint8Array). */
export function toArrayBuffer(data: ArrayBuffer | ArrayBufferView, where: string): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) {
    const copy = new Uint8Array(data.byteLength);
    copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return copy.buffer;
  }
  throw new ValueError(`${where}: 'weightData' expected an ArrayBuffer or a byte array, got ${describe(data)}`);
}

/**
 * Rebuilds a model from tfjs model artifacts (a Sequential for a Sequential topology, a
 * functional `LayersModel` for a `Model` one) and sets its weights (Keras layout, matched by
 * name, shapes checked). Unsupported layers and options fail with one `UnsupportedModelError`
 * that lists them all.
 * @example const copy = io.modelFromArtifacts(io.modelToArtifacts(model));
 */
export function modelFromArtifacts(artifacts: ModelArtifacts, options: LoadOptions = {}, where = 'modelFromArtifacts'): LayersModel {
  assertKnownOptions(where, options, ['ignoreTrainingOnlyOptions']);
  if (!isJsonObject(artifacts)) throw new ValueError(`${where}: argument 'artifacts' expected an object, got ${describe(artifacts)}`);
  assertJsonDepth(artifacts.userDefinedMetadata, where, 'userDefinedMetadata');
  assertJsonDepth(artifacts.weightSpecs, where, 'weightSpecs');
  if (artifacts.format !== undefined && artifacts.format !== null && artifacts.format !== LAYERS_MODEL_FORMAT) {
    throw new UnsupportedModelError(where, [
      `format '${String(artifacts.format)}' is not supported: lstm-ts reads '${LAYERS_MODEL_FORMAT}' files (a 'graph-model' has no layers to rebuild)`,
    ]);
  }
  if (!Array.isArray(artifacts.weightSpecs)) throw new ValueError(`${where}: 'weightSpecs' expected an array, got ${describe(artifacts.weightSpecs)}`);
  const data = toArrayBuffer(artifacts.weightData ?? new ArrayBuffer(0), where);
  const specs = artifacts.weightSpecs;
  const needed = weightByteLength(specs, where);
  if (data.byteLength !== needed) {
    throw new ValueError(
      `${where}: the weight data has ${data.byteLength} bytes, but the manifest's ${specs.length} weights need ${needed}; ` +
        `the weights file is truncated, padded or belongs to another model`,
    );
  }
  return completeModel(prepareModel(artifacts.modelTopology, specs, options, where), data, where);
}
