/**
 * Saving to and loading from disk (Node only) in TensorFlow.js's layers format: a directory
 * with `model.json` and `weights.bin`, the same files `model.save('file://dir')` of
 * @tensorflow/tfjs-node writes, so either library loads what the other saved.
 *
 * Each file is written atomically (temporary name, fsync, rename): weights.bin first, then
 * model.json, so a crash never leaves a model.json that points at missing or half-written
 * weights. (Overwriting a save with a different architecture and crashing between the two
 * renames leaves the old model.json with the new weights.bin; loading then fails on the byte
 * length unless both happen to have the same size.)
 *
 * @example
 * await saveModel(model, 'file://./models/sentiment', { extra: { vocabulary } });
 * const { model, extra } = await loadModel('file://./models/sentiment/model.json');
 */
import { dirname, join, resolve } from 'node:path';
import type { Sequential } from '../models/sequential.js';
import { writeFileAtomic } from './atomicWrite.js';
import { type SaveOptions, modelToArtifacts } from './modelArtifacts.js';
import { WEIGHTS_FILE_NAME, modelJsonFromArtifacts } from './modelJson.js';
import { MODEL_JSON, isDirectory, stripScheme } from './modelDirectory.js';

/** Where `saveModel` wrote, and how much. */
export interface SaveResult {
  /** Absolute path of model.json. */
  modelJsonPath: string;
  /** Absolute path of weights.bin. */
  weightsPath: string;
  /** Bytes written in all (weights.bin plus model.json). */
  bytes: number;
}

/**
 * Saves the model as `<dir>/model.json` and `<dir>/weights.bin` (the directory is created;
 * a path ending in `.json` that is not a directory means its parent directory).
 * `extra` is any JSON object (a tokenizer's vocabulary, a scaler's statistics, ...); it is
 * stored as model.json's `userDefinedMetadata` and comes back from `loadModel`.
 */
export async function saveModel(model: Sequential, pathOrUrl: string, options: SaveOptions = {}): Promise<SaveResult> {
  const where = 'saveModel';
  let dir = resolve(stripScheme(pathOrUrl, where));
  if (dir.toLowerCase().endsWith('.json') && !(await isDirectory(dir))) dir = dirname(dir);
  const artifacts = modelToArtifacts(model, options, where);
  const json = modelJsonFromArtifacts(artifacts, WEIGHTS_FILE_NAME);
  const weights = new Uint8Array(artifacts.weightData);
  const text = JSON.stringify(json);
  const modelJsonPath = join(dir, MODEL_JSON);
  const weightsPath = join(dir, WEIGHTS_FILE_NAME);
  await writeFileAtomic(weightsPath, weights);
  await writeFileAtomic(modelJsonPath, text);
  return { modelJsonPath, weightsPath, bytes: weights.byteLength + Buffer.byteLength(text, 'utf8') };
}
