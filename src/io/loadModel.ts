/**
 * Loading a model directory saved by `saveModel` or by TensorFlow.js (`model.json` plus the
 * weights files its manifest lists).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ValueError } from '../tensor/errors.js';
import { type JsonObject, toJsonCopy } from './json.js';
import { type LoadOptions, modelFromArtifacts, weightByteLength } from './modelArtifacts.js';
import { artifactsFromModelJson, manifestPaths, manifestSpecs, parseModelJson } from './modelJson.js';
import type { LoadedModel } from './memory.js';
import { MODEL_JSON, isDirectory, stripScheme } from './modelDirectory.js';

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
