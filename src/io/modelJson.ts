/**
 * The model.json file of TensorFlow.js's layers format and its conversion to and from model
 * artifacts. model.json holds the topology, the weights manifest (which files hold which
 * weights, in order) and metadata; the weights themselves are in the listed binary files.
 *
 * ```json
 * { "format": "layers-model", "generatedBy": "lstm-ts v0.1.0", "convertedBy": null,
 *   "modelTopology": { "class_name": "Sequential", "config": { "name": "...", "layers": [...] }, ... },
 *   "weightsManifest": [{ "paths": ["weights.bin"], "weights": [{ "name": "lstm/kernel", "shape": [3, 32], "dtype": "float32" }] }],
 *   "userDefinedMetadata": { ... } }
 * ```
 */
import { ValueError } from '../tensor/errors.js';
import { type JsonObject, assertJsonDepth, isJsonObject } from './json.js';
import { type ModelArtifacts, type WeightSpec, toArrayBuffer } from './modelArtifacts.js';

/** One group of tfjs's `weightsManifest`: its weights are stored, in order, across `paths`. */
export interface WeightsManifestGroup {
  /** Binary files, relative to model.json; their bytes, concatenated, hold the group's weights. */
  paths: string[];
  /** The weights stored in `paths`, in byte order. */
  weights: WeightSpec[];
}

/** The parsed content of a tfjs layers-model `model.json`. */
export interface ModelJson {
  /** Keras's model config: `{ class_name: 'Sequential', config: { name, layers }, keras_version, backend }`. */
  modelTopology: JsonObject;
  /** Where the weights are: one group per set of binary files (lstm-ts writes one group, one file). */
  weightsManifest: WeightsManifestGroup[];
  /** 'layers-model'; a 'graph-model' is refused (it has no layers to rebuild). */
  format?: string;
  /** The writer and its version, e.g. 'lstm-ts v0.1.0'. */
  generatedBy?: string;
  /** The converter that made the file from a Keras model; null when written directly. */
  convertedBy?: string | null;
  /** Free-form JSON saved with the model (lstm-ts's `extra`): a vocabulary, a scaler, … */
  userDefinedMetadata?: JsonObject;
  /** Written by tfjs with `includeOptimizer`; read past, not used. */
  trainingConfig?: JsonObject;
}

/** The name of the single weights file lstm-ts writes, as tfjs-node does. */
export const WEIGHTS_FILE_NAME = 'weights.bin';

/**
 * model.json for artifacts whose weights are stored in one file, `weightsPath`.
 * @example
 * const artifacts = io.modelToArtifacts(model);
 * const json = JSON.stringify(io.modelJsonFromArtifacts(artifacts)); // serve it beside artifacts.weightData as weights.bin
 */
export function modelJsonFromArtifacts(artifacts: ModelArtifacts, weightsPath = WEIGHTS_FILE_NAME): ModelJson {
  const json: ModelJson = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'lstm-ts',
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs }],
  };
  if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return json;
}

/**
 * Checks the parsed model.json has the parts a layers model needs, naming what is missing.
 * `source` (a path or URL) goes into the messages.
 * @example const modelJson = io.parseModelJson(JSON.parse(text), 'myLoader', 'https://example.com/model.json');
 */
export function parseModelJson(value: unknown, where: string, source = 'model.json'): ModelJson {
  assertJsonDepth(value, where, source);
  if (!isJsonObject(value)) throw new ValueError(`${where}: ${source} expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  if (value['format'] !== undefined && value['format'] !== null && value['format'] !== 'layers-model') {
    throw new ValueError(
      `${where}: ${source} has format '${String(value['format'])}'; lstm-ts reads 'layers-model' files (a 'graph-model' has no layers to rebuild)`,
    );
  }
  if (!isJsonObject(value['modelTopology'])) {
    throw new ValueError(`${where}: ${source} has no 'modelTopology' object; it is not a tfjs layers model`);
  }
  const manifest = value['weightsManifest'] ?? [];
  if (!Array.isArray(manifest)) throw new ValueError(`${where}: ${source}: 'weightsManifest' expected an array of { paths, weights }`);
  manifest.forEach((group, i) => {
    const ok = isJsonObject(group) && Array.isArray(group['paths']) && group['paths'].every((p) => typeof p === 'string') && Array.isArray(group['weights']);
    if (!ok) throw new ValueError(`${where}: ${source}: weightsManifest[${i}] expected { paths: string[], weights: [...] }`);
  });
  if (value['userDefinedMetadata'] !== undefined && value['userDefinedMetadata'] !== null && !isJsonObject(value['userDefinedMetadata'])) {
    throw new ValueError(`${where}: ${source}: 'userDefinedMetadata' expected an object`);
  }
  // A missing manifest means no weights; store the normalised one so later readers can rely on it (found by test/io/fuzz.test.ts).
  return { ...value, weightsManifest: manifest } as unknown as ModelJson;
}

/**
 * All weight specs of the manifest, in storage order.
 * @example io.manifestSpecs(modelJson).map((s) => `${s.name} ${s.shape}`)
 */
export function manifestSpecs(json: ModelJson): WeightSpec[] {
  return json.weightsManifest.flatMap((g) => g.weights);
}

/**
 * All file paths of the manifest, in storage order.
 * @example const buffers = await Promise.all(io.manifestPaths(modelJson).map(async (p) => (await fetch(new URL(p, base))).arrayBuffer()));
 */
export function manifestPaths(json: ModelJson): string[] {
  return json.weightsManifest.flatMap((g) => g.paths);
}

/**
 * Model artifacts from a parsed model.json and the contents of its weight files, given in
 * `manifestPaths` order (one buffer, or one per file).
 * @example const model = io.modelFromArtifacts(io.artifactsFromModelJson(modelJson, buffers));
 */
export function artifactsFromModelJson(
  json: ModelJson,
  weightData: ArrayBuffer | ArrayBufferView | (ArrayBuffer | ArrayBufferView)[],
  where = 'artifactsFromModelJson',
): ModelArtifacts {
  const parts = Array.isArray(weightData) ? weightData.map((d) => toArrayBuffer(d, where)) : [toArrayBuffer(weightData, where)];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    joined.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  const artifacts: ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: manifestSpecs(json),
    weightData: joined.buffer,
  };
  if (typeof json.format === 'string') artifacts.format = json.format;
  if (typeof json.generatedBy === 'string') artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) artifacts.convertedBy = json.convertedBy;
  if (isJsonObject(json.userDefinedMetadata)) artifacts.userDefinedMetadata = json.userDefinedMetadata;
  return artifacts;
}
