/**
 * Saving and loading without a file system (browsers, workers, tests): a model to and from
 * model artifacts held in memory, or a model.json object plus its weight bytes (e.g. both
 * fetched from a server, or read from IndexedDB).
 *
 * @example
 * const artifacts = saveToMemory(model, { extra: { vocabulary } });
 * const { model: copy, extra } = loadFromMemory(artifacts);
 *
 * @example
 * const json = await (await fetch('/model/model.json')).json();
 * const bin = await (await fetch('/model/weights.bin')).arrayBuffer();
 * const { model } = loadFromModelJson(json, bin);
 */
import type { LayersModel } from '../models/layersModel.js';
import { type JsonObject, toJsonCopy } from './json.js';
import { type LoadOptions, type ModelArtifacts, type SaveOptions, modelFromArtifacts, modelToArtifacts } from './modelArtifacts.js';
import { artifactsFromModelJson, parseModelJson } from './modelJson.js';

/** A loaded model and the `extra` JSON saved with it (undefined when none was). */
export interface LoadedModel {
  /**
   * The rebuilt model with its weights, not compiled: compile it before training further. A
   * `Sequential` for a sequential file, a functional `LayersModel` for a functional one
   * (`model instanceof Sequential` tells them apart).
   */
  model: LayersModel;
  /** The JSON saved as `extra` (model.json's `userDefinedMetadata`), a copy; undefined when there was none. */
  extra: JsonObject | undefined;
}

/**
 * The model as model artifacts (own copies of topology, specs and weight bytes).
 * @example const artifacts = io.saveToMemory(model, { extra: { classes: ['neg', 'pos'] } });
 */
export function saveToMemory(model: LayersModel, options: SaveOptions = {}): ModelArtifacts {
  return modelToArtifacts(model, options, 'saveToMemory');
}

function loaded(model: LayersModel, artifacts: ModelArtifacts, where: string): LoadedModel {
  const meta = artifacts.userDefinedMetadata;
  return { model, extra: meta === undefined || meta === null ? undefined : (toJsonCopy(meta, where, 'userDefinedMetadata') as JsonObject) };
}

/**
 * Rebuilds a model from artifacts made by `saveToMemory` (or by tfjs's `model.save`).
 * @example const { model: copy, extra } = io.loadFromMemory(io.saveToMemory(model));
 */
export function loadFromMemory(artifacts: ModelArtifacts, options: LoadOptions = {}): LoadedModel {
  const where = 'loadFromMemory';
  return loaded(modelFromArtifacts(artifacts, options, where), artifacts, where);
}

/**
 * Rebuilds a model from a parsed model.json and its weight files' bytes, in the order the
 * manifest lists the files (one buffer for the usual single weights.bin).
 * @example
 * const json = await (await fetch('/model/model.json')).json();
 * const { model } = io.loadFromModelJson(json, await (await fetch('/model/weights.bin')).arrayBuffer());
 */
export function loadFromModelJson(
  modelJson: unknown,
  weightData: ArrayBuffer | ArrayBufferView | (ArrayBuffer | ArrayBufferView)[],
  options: LoadOptions = {},
): LoadedModel {
  const where = 'loadFromModelJson';
  const artifacts = artifactsFromModelJson(parseModelJson(modelJson, where), weightData, where);
  return loaded(modelFromArtifacts(artifacts, options, where), artifacts, where);
}
