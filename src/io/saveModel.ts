/**
 * Saving to disk (Node only) in TensorFlow.js's layers format: a directory with `model.json`
 * and `weights.bin`, the same files `model.save('file://dir')` of @tensorflow/tfjs-node
 * writes, so either library loads what the other saved.
 *
 * Saving over an existing model never leaves a directory that loads neither model, nor one
 * model's weights with the other's metadata (a text model with another's vocabulary): a kill,
 * a full disk or any other failure at any instant leaves the complete old model or the
 * complete new one. model.json is the commit point, since it names the file its weights are
 * in; so a save
 *
 *   1. takes the lock `<dir>/.lstm-ts-save.lock` (one saver at a time; see lock.ts),
 *   2. writes the new weights to a new file `.weights-<pid>-<random>.bin`, fsynced, and
 *      fsyncs the directory: nothing names it yet, so the old model still loads,
 *   3. replaces model.json atomically by one whose manifest names that file: from here on the
 *      directory holds the new model,
 *   4. hard-links that file over weights.bin (copies it where links are impossible), which the
 *      current model.json does not read,
 *   5. replaces model.json atomically by one naming weights.bin, the layout tfjs writes,
 *   6. deletes the `.weights-*` file and whatever interrupted saves left, and drops the lock.
 *
 * A failure before 3 leaves the old model and removes what this save wrote; a failure in 4 or 5
 * leaves the new model, loadable, with its weights under the `.weights-*` name (the error says
 * so; the next save tidies up). Every other file in the directory (a vocabulary.json, a tfjs
 * model's group1-shard1of1.bin) is the user's and is never touched: saveModel owns only
 * model.json, weights.bin and its own dot-files.
 *
 * The directory is not replaced as a whole, as checkpoints are (directorySwap.ts): that needs
 * two renames with no `<dir>` between them, which loaders that know nothing of the swap (tfjs,
 * older lstm-ts) would see as a lost model, and it would move the user's own files too.
 *
 * @example
 * await saveModel(model, 'file://./models/sentiment', { extra: { vocabulary } });
 * const { model, extra } = await loadModel('file://./models/sentiment/model.json');
 */
import { randomBytes } from 'node:crypto';
import { link, readFile, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { LayersModel } from '../models/layersModel.js';
import { ValueError } from '../tensor/errors.js';
import { ensureDirectory, syncDirectory, writeFileAtomic, writeNewFile } from './atomicWrite.js';
import { acquireLock, isLockLeftover } from './lock.js';
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

const LOCK_NAME = '.lstm-ts-save.lock';

/** Files of saveModel's own that an interrupted save may leave: staged weights and writeFileAtomic's temporaries. */
const LEFTOVER = /^(?:\.weights-\d+-[0-9a-f]{12}\.bin|\.(?:model\.json|weights\.bin)\.\d+\.[0-9a-f]{12}\.tmp)$/;

/** Where links cannot be made, so the weights are written a second time instead. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

function saveError(message: string, cause: unknown): ValueError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new ValueError(`${message}: ${reason}`, { cause });
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(error, { code });
  return error;
}

/**
 * Saves the model as `<dir>/model.json` and `<dir>/weights.bin` (the directory is created;
 * a path ending in `.json` that is not a directory means its parent directory).
 * `extra` is any JSON object (a tokenizer's vocabulary, a scaler's statistics, ...); it is
 * stored as model.json's `userDefinedMetadata` and comes back from `loadModel`.
 * Saving over a model replaces it as one step (see the file header); other files in the
 * directory are left as they are.
 * @example
 * const { modelJsonPath, bytes } = await saveModel(model, 'models/forecaster', { extra: { scaler: scaler.toJSON() } });
 * console.log(`${bytes} bytes, ${modelJsonPath}`);
 */
export async function saveModel(model: LayersModel, pathOrUrl: string, options: SaveOptions = {}): Promise<SaveResult> {
  const where = 'saveModel';
  let dir = resolve(stripScheme(pathOrUrl, where));
  if (dir.toLowerCase().endsWith('.json') && !(await isDirectory(dir))) dir = dirname(dir);
  const artifacts = modelToArtifacts(model, options, where);
  const weights = new Uint8Array(artifacts.weightData);
  const modelJsonPath = join(dir, MODEL_JSON);
  const weightsPath = join(dir, WEIGHTS_FILE_NAME);
  const text = JSON.stringify(modelJsonFromArtifacts(artifacts, WEIGHTS_FILE_NAME));

  const existed = await isDirectory(dir);
  try {
    await ensureDirectory(dir);
  } catch (e) {
    throw saveError(`${where}: could not create the directory '${dir}'`, e);
  }
  const lock = await acquireLock(join(dir, LOCK_NAME), `model directory '${dir}'`, where);
  let committed = false;
  const staged = `.weights-${process.pid}-${randomBytes(6).toString('hex')}.bin`;
  try {
    try {
      await writeNewFile(join(dir, staged), weights);
      await syncDirectory(dir);
      await writeFileAtomic(modelJsonPath, JSON.stringify(modelJsonFromArtifacts(artifacts, staged)));
      committed = true;
    } catch (e) {
      // model.json may have been renamed into place before the error (its directory fsync
      // failing): then it names the staged file, which must stay.
      const named = await readFile(modelJsonPath, 'utf8').then((t) => t.includes(JSON.stringify(staged)), () => true);
      if (named) {
        committed = true;
        throw saveError(`${where}: the model is written to '${dir}' (its weights in '${staged}'), but could not be made durable`, e);
      }
      await rm(join(dir, staged), { force: true }).catch(() => undefined);
      throw saveError(`${where}: could not save to '${dir}' (the model saved there before, if any, is unchanged)`, e);
    }
    try {
      await replaceWeights(dir, staged, weights);
      await writeFileAtomic(modelJsonPath, text);
    } catch (e) {
      throw saveError(
        `${where}: the model is saved in '${dir}', but its weights are still in '${staged}' beside weights.bin (model.json names that file, so it loads as saved; the next save moves them)`,
        e,
      );
    }
    await removeLeftovers(dir);
  } finally {
    await lock.release().catch(() => undefined);
    if (!committed && !existed) await rmdir(dir).catch(() => undefined);
  }
  return { modelJsonPath, weightsPath, bytes: weights.byteLength + Buffer.byteLength(text, 'utf8') };
}

/** Puts the staged weights at weights.bin atomically: a hard link renamed over it, or a fresh copy. */
async function replaceWeights(dir: string, staged: string, weights: Uint8Array): Promise<void> {
  const target = join(dir, WEIGHTS_FILE_NAME);
  const linked = join(dir, `.${WEIGHTS_FILE_NAME}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await link(join(dir, staged), linked);
  } catch (e) {
    if (!NO_LINKS.has(String((e as NodeJS.ErrnoException).code))) throw e;
    await writeFileAtomic(target, weights);
    return;
  }
  try {
    await rename(linked, target);
  } catch (e) {
    await rm(linked, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dir);
}

/**
 * Deletes what this and interrupted saves left. Run under the lock and after model.json names
 * weights.bin again, so none of these files is in use.
 */
async function removeLeftovers(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (LEFTOVER.test(name) || isLockLeftover(name, LOCK_NAME)) await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}
