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
import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ValueError } from '../tensor/errors.js';
import type { Sequential } from '../models/sequential.js';
import { writeFileAtomic } from './atomicWrite.js';
import { type JsonObject, toJsonCopy } from './json.js';
import { type LoadOptions, type SaveOptions, modelFromArtifacts, modelToArtifacts, weightByteLength } from './modelArtifacts.js';
import { WEIGHTS_FILE_NAME, artifactsFromModelJson, manifestPaths, manifestSpecs, modelJsonFromArtifacts, parseModelJson } from './modelJson.js';
import type { LoadedModel } from './memory.js';

/** Where `saveModel` wrote, and how much. */
export interface SaveResult {
  /** Absolute path of model.json. */
  modelJsonPath: string;
  /** Absolute path of weights.bin. */
  weightsPath: string;
  /** Bytes written in all (weights.bin plus model.json). */
  bytes: number;
}

const MODEL_JSON = 'model.json';

/** 'file://dir', 'file:///abs/dir' or a plain path, without the scheme. */
function stripScheme(pathOrUrl: unknown, where: string): string {
  if (typeof pathOrUrl !== 'string' || pathOrUrl.trim() === '') {
    throw new ValueError(`${where}: argument 'path' expected a directory path or 'file://' URL, got ${JSON.stringify(pathOrUrl)}`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl) && !pathOrUrl.toLowerCase().startsWith('file://')) {
    throw new ValueError(`${where}: argument 'path' has scheme '${pathOrUrl.slice(0, pathOrUrl.indexOf('://'))}://'; only 'file://' URLs and plain paths are handled here (use loadFromModelJson for fetched files)`);
  }
  return pathOrUrl.toLowerCase().startsWith('file://') ? pathOrUrl.slice('file://'.length) : pathOrUrl;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
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

async function readOrExplain(path: string, what: string, where: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ValueError(`${where}: ${what} '${path}' does not exist`, { cause: e });
    throw new ValueError(`${where}: cannot read ${what} '${path}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * Loads a model saved by `saveModel` or by tfjs (`file://dir/model.json`, the directory, or a
 * plain path). Returns the model (uncompiled) and the `extra` JSON saved with it.
 * Unsupported layers or options fail with one error listing them all.
 */
export async function loadModel(pathOrUrl: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const where = 'loadModel';
  let path = resolve(stripScheme(pathOrUrl, where));
  if (await isDirectory(path)) path = join(path, MODEL_JSON);
  const text = (await readOrExplain(path, 'model file', where)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${where}: '${path}' is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const json = parseModelJson(parsed, where, `'${path}'`);
  const dir = dirname(path);
  const buffers: Buffer[] = [];
  for (const p of manifestPaths(json)) {
    const file = resolve(dir, p);
    const rel = relative(dir, file);
    if (isAbsolute(p) || rel.startsWith('..') || isAbsolute(rel)) {
      throw new ValueError(`${where}: '${path}' lists weights file '${p}' outside its directory; only files next to model.json are read`);
    }
    buffers.push(await readOrExplain(file, `weights file (listed in '${path}')`, where));
  }
  const have = buffers.reduce((n, b) => n + b.byteLength, 0);
  const specs = manifestSpecs(json);
  const need = weightByteLength(specs, where);
  if (have !== need) {
    const files = manifestPaths(json).join(', ') || '(none)';
    throw new ValueError(
      `${where}: the weights file${buffers.length === 1 ? '' : 's'} ${files} in '${dir}' hold${buffers.length === 1 ? 's' : ''} ${have} bytes, ` +
        `but model.json describes ${specs.length} weights of ${need} bytes; the file is truncated, padded or from another model`,
    );
  }
  const artifacts = artifactsFromModelJson(json, buffers, where);
  const model = modelFromArtifacts(artifacts, options, where);
  const meta = artifacts.userDefinedMetadata;
  return { model, extra: meta ? (toJsonCopy(meta, where, 'userDefinedMetadata') as JsonObject) : undefined };
}
