/**
 * Loading a model directory saved by `saveModel` or by TensorFlow.js (`model.json` plus the
 * weights files its manifest lists).
 *
 * Model files come from strangers, so loading reads nothing it has not measured first:
 * model.json must be a regular file of at most 64 MiB; each weights file must be a regular
 * file inside the model's directory once symbolic links are resolved, listed once; their sizes
 * (from fstat, before any byte is read) must add up to what the manifest describes; and the
 * layers' own weight shapes, computed from model.json without building anything, must match
 * the manifest. Only then are the weights read and the layers built.
 */
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { type JsonObject, toJsonCopy } from './json.js';
import { type LoadOptions, completeModel, prepareModel, weightByteLength } from './modelArtifacts.js';
import { manifestPaths, manifestSpecs, parseModelJson } from './modelJson.js';
import type { LoadedModel } from './memory.js';
import { MODEL_JSON, isDirectory, stripScheme } from './modelDirectory.js';
import { type RegularFileInfo, openRegularFile, readExactly, readRegularFile } from './regularFile.js';

/**
 * The largest model.json read. Topologies are a few kilobytes; the bound leaves room for
 * large `userDefinedMetadata` (a vocabulary of a million words is about 20 MB) while keeping
 * a hostile file from costing more than a few hundred MB once parsed.
 */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

async function readModelJson(path: string, where: string): Promise<string> {
  // model.json itself may be a symbolic link: the caller named it.
  const bytes = await readRegularFile(path, where, `model file '${path}'`, MAX_MODEL_JSON_BYTES, '64 MiB, the most a model.json may have');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** One weights file: as listed, where it really is, and what fstat said when it was measured. */
interface WeightsFile {
  listed: string;
  real: string;
  label: string;
  info: RegularFileInfo;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** Resolves, checks and measures every listed weights file, reading none of them. */
async function measureWeightsFiles(listed: readonly string[], modelJsonPath: string, where: string): Promise<WeightsFile[]> {
  const dir = dirname(modelJsonPath);
  const counts = new Map<string, number>();
  for (const p of listed) {
    const file = resolve(dir, p);
    if (isAbsolute(p) || !isInside(dir, file)) {
      throw new ValueError(`${where}: '${modelJsonPath}' lists weights file '${p}' outside its directory; only files next to model.json are read`);
    }
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  for (const [p, n] of counts) {
    if (n > 1) throw new ValueError(`${where}: '${modelJsonPath}' lists weights file '${p}' ${n} times; each file holds its own part of the weights and is listed once`);
  }
  let realDir: string;
  try {
    realDir = await realpath(dir);
  } catch (e) {
    throw new ValueError(`${where}: cannot resolve the model directory '${dir}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const files: WeightsFile[] = [];
  const byReal = new Map<string, string>();
  for (const p of listed) {
    const path = resolve(dir, p);
    const label = `weights file (listed in '${modelJsonPath}') '${path}'`;
    let real: string;
    try {
      real = await realpath(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ValueError(`${where}: ${label} does not exist`, { cause: e });
      throw new ValueError(`${where}: cannot read ${label}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (!isInside(realDir, real)) {
      throw new ValueError(`${where}: ${label} resolves to '${real}', outside the model directory '${realDir}'; only files inside it are read`);
    }
    const twin = byReal.get(real);
    if (twin !== undefined) {
      throw new ValueError(`${where}: '${modelJsonPath}' lists weights files '${twin}' and '${p}', which are the same file '${real}'; each file is listed once`);
    }
    byReal.set(real, p);
    const { handle, info } = await openRegularFile(real, where, label, true);
    await handle.close();
    files.push({ listed: p, real, label, info });
  }
  return files;
}

/** Reads the measured files, in order, into one buffer of their total size. */
async function readWeightsFiles(files: readonly WeightsFile[], total: number, where: string): Promise<ArrayBuffer> {
  const data = new Uint8Array(total);
  let offset = 0;
  for (const f of files) {
    const { handle, info } = await openRegularFile(f.real, where, f.label, true);
    try {
      if (info.dev !== f.info.dev || info.ino !== f.info.ino || info.size !== f.info.size) {
        throw new ValueError(`${where}: ${f.label} was replaced or changed size while the model was being loaded`);
      }
      await readExactly(handle, info.size, data, offset, where, f.label);
    } finally {
      await handle.close();
    }
    offset += f.info.size;
  }
  return data.buffer;
}

function listSome(names: readonly string[]): string {
  if (names.length === 0) return '(none)';
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/**
 * Loads a model saved by `saveModel` or by tfjs (`file://dir/model.json`, the directory, or a
 * plain path). Returns the model (uncompiled) and the `extra` JSON saved with it.
 * Unsupported layers or options fail with one error listing them all.
 */
export async function loadModel(pathOrUrl: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const where = 'loadModel';
  assertKnownOptions(where, options, ['ignoreTrainingOnlyOptions']);
  let path = resolve(stripScheme(pathOrUrl, where));
  if (await isDirectory(path)) path = join(path, MODEL_JSON);
  const text = await readModelJson(path, where);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ValueError(`${where}: '${path}' is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const json = parseModelJson(parsed, where, `'${path}'`);
  const inFile = `${where}: '${path}'`;
  const specs = manifestSpecs(json);
  const need = weightByteLength(specs, inFile);
  const listed = manifestPaths(json);
  const files = await measureWeightsFiles(listed, path, where);
  const have = files.reduce((n, f) => n + f.info.size, 0);
  if (have !== need) {
    const one = files.length === 1;
    throw new ValueError(
      `${where}: the weights file${one ? '' : 's'} ${listSome(listed)} in '${dirname(path)}' hold${one ? 's' : ''} ${have} bytes, ` +
        `but model.json describes ${specs.length} weights of ${need} bytes; the file is truncated, padded or from another model`,
    );
  }
  const prepared = prepareModel(json.modelTopology, specs, options, inFile);
  const data = await readWeightsFiles(files, need, where);
  const model = completeModel(prepared, data, inFile);
  const meta = json.userDefinedMetadata;
  return { model, extra: meta ? (toJsonCopy(meta, where, 'userDefinedMetadata') as JsonObject) : undefined };
}
