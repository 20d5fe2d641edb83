/**
 * Training checkpoints (Node only): a directory holding the model in TensorFlow.js's layers
 * format (`model.json` + `weights.bin`, loadable by `loadModel` and by tfjs) plus
 * `training_state.json` with what `fit` needs to continue exactly where it stopped: the
 * optimizer's state, the epochs completed, the random generator's state (taken at the end of
 * the epoch, after its shuffling and dropout), the History so far and the compile config.
 *
 * A checkpoint is replaced atomically, so killing the process at any instant leaves one that
 * loads: all three files are written into a new directory beside it, which two renames swap
 * into place (see directorySwap.ts). A kill between the renames leaves no `<name>/`; the
 * loader then falls back to the newest complete `.<name>.old-*` copy. A lock beside the
 * directory (`.<name>.lock`) keeps a second process from writing the same checkpoint at the
 * same time: it gets an error naming the process that holds it. A directory holding files
 * other than a checkpoint's is never replaced (they would be deleted with the old copy).
 *
 * Numbers are written so that they read back bit for bit: `-0`, `NaN` and `±Infinity` (JSON
 * has none of them) are stored as `{ "$float": "-0" }` and so on. The weights travel as
 * float32 (the tfjs format), so float64 models resume from rounded weights.
 *
 * @example
 * await model.fit(x, y, { epochs: 10, callbacks: [callbacks.modelCheckpoint({ filepath: 'run/ckpt' })] });
 * // ... the process dies; later, in a new process:
 * await model.fit(x, y, { epochs: 10, resumeFrom: 'run/ckpt' });
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ValueError, formatShape } from '../tensor/errors.js';
import { type RandomState, getRandomState, setRandomState } from '../tensor/random.js';
import { Sequential } from '../models/sequential.js';
import type { History } from '../models/history.js';
import { type OptimizerState, type SerializedOptimizer, serializeOptimizer } from '../optimizers/index.js';
import { type JsonObject, isJsonObject } from './json.js';
import { writeNewFile } from './atomicWrite.js';
import { interruptedSwapCopy, replaceDirectory } from './directorySwap.js';
import { type LoadOptions, type SaveOptions, modelToArtifacts } from './modelArtifacts.js';
import { WEIGHTS_FILE_NAME, modelJsonFromArtifacts } from './modelJson.js';
import { loadModel } from './fileHandler.js';

/** The file next to model.json that makes a model directory a training checkpoint. */
export const TRAINING_STATE_FILE = 'training_state.json';
const MODEL_JSON = 'model.json';
const STATE_FORMAT = 'lstm-ts-training-state';
const STATE_VERSION = 1;

/** How the model was compiled, so a resumed run can be checked against it. */
export interface CheckpointCompileConfig {
  /** `{ className, config }` of the optimizer (its state is in `optimizerState`). */
  optimizer: SerializedOptimizer;
  /** The loss name (a custom function's name, or 'custom'). */
  loss: string;
  /** The compiled metrics' names. */
  metrics: string[];
}

/** Contents of `training_state.json`. */
export interface TrainingState {
  /** 'lstm-ts-training-state': marks the file; the loader checks it. */
  format: typeof STATE_FORMAT;
  /** Layout version of the file (1). */
  version: typeof STATE_VERSION;
  /** Epochs completed: a resumed `fit` starts at this epoch index. */
  epoch: number;
  /** How the model was compiled; a resumed run must be compiled the same way. */
  compileConfig: CheckpointCompileConfig;
  /** `optimizer.getState()`: step count, learning rate and slots, keyed by weight name. */
  optimizerState: OptimizerState;
  /**
   * The trainable weights' names in order when saved. A model rebuilt in another process (or
   * a second model in this one) may name its layers differently; the optimizer's slots are
   * matched to weights by position through this list.
   */
  trainableWeightNames: string[];
  /** `getRandomState()` at the end of the epoch. */
  randomState: RandomState;
  /** The History up to and including this epoch. */
  history: {
    /** `History.epoch`: the 0-based indices of the epochs that ran, in order. */
    epoch: number[];
    /** `History.history`: one value per epoch for each logged name (`loss`, `val_loss`, metrics, `lr`). */
    history: Record<string, number[]>;
  };
  /** ISO time of the save. */
  savedAt: string;
}

/** A loaded checkpoint. */
export interface LoadedCheckpoint {
  /** The model (uncompiled) with the checkpoint's weights. */
  model: Sequential;
  /** The `extra` JSON saved with it, if any. */
  extra: JsonObject | undefined;
  /** The contents of `training_state.json`. */
  trainingState: TrainingState;
  /** The directory read: the one asked for, or a `.<name>.old-*` fallback after an interrupted save. */
  directory: string;
  /** True when `directory` is a fallback. */
  fromFallback: boolean;
}

// ---------------------------------------------------------------------------------------------
// Exact JSON for numbers

function encodeNumbers(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { $float: Object.is(value, -0) ? '-0' : String(value) };
  }
  return value;
}

function decodeNumbers(_key: string, value: unknown): unknown {
  if (isJsonObject(value) && typeof value['$float'] === 'string' && Object.keys(value).length === 1) {
    return Number(value['$float']);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Capturing and saving

/**
 * The training state of a compiled `model` after `epochsCompleted` epochs. Call it at the end
 * of the epoch, before anything else draws random numbers: it reads the generator's state now.
 * @example
 * const history = await model.fit(x, y, { epochs: 5 });
 * await saveCheckpoint(model, 'runs/manual', captureTrainingState(model, 5, history));
 */
export function captureTrainingState(model: Sequential, epochsCompleted: number, history: Pick<History, 'epoch' | 'history'> | undefined): TrainingState {
  const compiled = model.requireCompiled('checkpoint');
  const historyCopy: Record<string, number[]> = {};
  for (const [key, values] of Object.entries(history?.history ?? {})) historyCopy[key] = values.slice();
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    epoch: epochsCompleted,
    compileConfig: {
      optimizer: serializeOptimizer(compiled.optimizer),
      loss: compiled.lossName,
      metrics: model.metricsNames,
    },
    optimizerState: compiled.optimizer.getState(),
    trainableWeightNames: model.trainableWeights.map((v) => v.name),
    randomState: getRandomState(),
    history: { epoch: history?.epoch.slice() ?? [], history: historyCopy },
    savedAt: new Date().toISOString(),
  };
}

/**
 * Writes a checkpoint directory at `path` atomically (see the file header): the model,
 * `extra` (in model.json's userDefinedMetadata) and `state`. Returns the absolute path.
 * @example
 * const dir = await saveCheckpoint(model, 'runs/a/epoch-10', captureTrainingState(model, 10, history), { extra: { note: 'lr 1e-3' } });
 * await model.fit(x, y, { epochs: 20, resumeFrom: dir }); // continues at epoch 10
 */
export async function saveCheckpoint(model: Sequential, path: string, state: TrainingState, options: SaveOptions = {}, where = 'saveCheckpoint'): Promise<string> {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ValueError(`${where}: argument 'path' expected a directory path, got ${JSON.stringify(path)}`);
  }
  const dir = resolve(path.toLowerCase().startsWith('file://') ? path.slice('file://'.length) : path);
  const artifacts = modelToArtifacts(model, options, where);
  const modelJson = JSON.stringify(modelJsonFromArtifacts(artifacts, WEIGHTS_FILE_NAME));
  const stateJson = JSON.stringify(state, encodeNumbers);
  const files = [WEIGHTS_FILE_NAME, MODEL_JSON, TRAINING_STATE_FILE];
  return replaceDirectory(dir, async (tmp) => {
    await writeNewFile(join(tmp, WEIGHTS_FILE_NAME), new Uint8Array(artifacts.weightData));
    await writeNewFile(join(tmp, MODEL_JSON), modelJson);
    await writeNewFile(join(tmp, TRAINING_STATE_FILE), stateJson);
  }, files, 'checkpoint directory', where);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

/** `path`, or after an interrupted save the newest complete `.<name>.old-*` beside it. */
async function checkpointDirectory(path: string, where: string): Promise<{ directory: string; fromFallback: boolean }> {
  const dir = resolve(path.toLowerCase().startsWith('file://') ? path.slice('file://'.length) : path);
  let info;
  try {
    info = await stat(dir);
  } catch {
    info = null;
  }
  if (info) {
    if (!info.isDirectory()) throw new ValueError(`${where}: checkpoint '${dir}' is a file; expected a checkpoint directory (with model.json, weights.bin and ${TRAINING_STATE_FILE})`);
    return { directory: dir, fromFallback: false };
  }
  const fallback = await interruptedSwapCopy(dir, [TRAINING_STATE_FILE, MODEL_JSON, WEIGHTS_FILE_NAME]);
  if (fallback !== null) return { directory: fallback, fromFallback: true };
  throw new ValueError(
    `${where}: checkpoint '${dir}' does not exist (nor a '.${basename(dir)}.old-*' copy left by an interrupted save); ` +
      `write one with callbacks.modelCheckpoint({ filepath }) or saveCheckpoint`,
  );
}

function fail(where: string, file: string, what: string): never {
  throw new ValueError(`${where}: checkpoint file '${file}' ${what}`);
}

/** Parses and checks a training_state.json; errors name `file` and the bad field. */
export function parseTrainingState(text: string, file: string, where = 'loadCheckpoint'): TrainingState {
  let value: unknown;
  try {
    value = JSON.parse(text, decodeNumbers);
  } catch (e) {
    fail(where, file, `is not valid JSON (truncated or corrupt): ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isJsonObject(value as never)) fail(where, file, `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  const s = value as Record<string, unknown>;
  if (s['format'] !== STATE_FORMAT) fail(where, file, `has format ${JSON.stringify(s['format'])}; expected '${STATE_FORMAT}'`);
  if (s['version'] !== STATE_VERSION) fail(where, file, `has version ${JSON.stringify(s['version'])}; this lstm-ts reads version ${STATE_VERSION}`);
  const epoch = s['epoch'];
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0) fail(where, file, `field 'epoch' expected an integer >= 0, got ${JSON.stringify(epoch)}`);
  const cc = s['compileConfig'] as Record<string, unknown> | undefined;
  if (!isJsonObject(cc as never) || !isJsonObject(cc!['optimizer'] as never) || typeof cc!['loss'] !== 'string' || !Array.isArray(cc!['metrics'])) {
    fail(where, file, `field 'compileConfig' expected { optimizer: { className, config }, loss, metrics }, got ${JSON.stringify(cc)?.slice(0, 120)}`);
  }
  const os = s['optimizerState'] as Record<string, unknown> | undefined;
  if (!isJsonObject(os as never) || typeof os!['className'] !== 'string' || !isJsonObject(os!['slots'] as never)) {
    fail(where, file, `field 'optimizerState' expected optimizer.getState() output { className, iterations, slots }`);
  }
  const names = s['trainableWeightNames'];
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) fail(where, file, `field 'trainableWeightNames' expected an array of strings`);
  const rs = s['randomState'] as Record<string, unknown> | undefined;
  const words = rs?.['words'];
  if (!isJsonObject(rs as never) || !Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && (w as number) >= 0 && (w as number) < 2 ** 32) ||
    (rs!['spareNormal'] !== null && typeof rs!['spareNormal'] !== 'number')) {
    fail(where, file, `field 'randomState' expected { words: four uint32, spareNormal: number | null }`);
  }
  const h = s['history'] as Record<string, unknown> | undefined;
  if (!isJsonObject(h as never) || !Array.isArray(h!['epoch']) || !isJsonObject(h!['history'] as never) ||
    !Object.values(h!['history'] as object).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'number'))) {
    fail(where, file, `field 'history' expected { epoch: number[], history: { name: number[] } }`);
  }
  return value as TrainingState;
}

/**
 * Loads a checkpoint directory written by `saveCheckpoint` / `callbacks.modelCheckpoint`:
 * the model, its `extra`, and the training state. When the directory is missing because a save
 * was interrupted between its two renames, the newest `.<name>.old-*` is read instead.
 * Errors name the path and what is wrong.
 * @example
 * const { model, trainingState } = await loadCheckpoint('runs/a/best');
 * console.log(trainingState.epoch, trainingState.history.history['val_loss']?.at(-1));
 * model.predict(xTest); // the weights are ready; compile it before training further
 */
export async function loadCheckpoint(path: string, options: LoadOptions = {}, where = 'loadCheckpoint'): Promise<LoadedCheckpoint> {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ValueError(`${where}: argument 'path' expected a checkpoint directory, got ${JSON.stringify(path)}`);
  }
  const { directory, fromFallback } = await checkpointDirectory(path, where);
  const file = join(directory, TRAINING_STATE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const isModel = await exists(join(directory, MODEL_JSON));
      throw new ValueError(
        `${where}: checkpoint '${directory}' has no ${TRAINING_STATE_FILE}` +
          (isModel ? '; it is a saved model, not a training checkpoint (load it with loadModel)' : ' and no model.json; it is not a checkpoint directory'),
        { cause: e },
      );
    }
    throw new ValueError(`${where}: cannot read '${file}': ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const trainingState = parseTrainingState(text, file, where);
  let loaded;
  try {
    loaded = await loadModel(directory, options);
  } catch (e) {
    throw new ValueError(`${where}: the model in checkpoint '${directory}' cannot be loaded: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!(loaded.model instanceof Sequential)) {
    throw new ValueError(`${where}: checkpoint '${directory}' holds a functional model; checkpoints hold sequential models (save functional models with model.save)`);
  }
  return { model: loaded.model, extra: loaded.extra, trainingState, directory, fromFallback };
}

// ---------------------------------------------------------------------------------------------
// Resuming (used by fit's `resumeFrom`)

function configDifferences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('learningRate'); // restored from the state (a callback may have lowered it)
  const out: string[] = [];
  for (const k of keys) {
    const x = JSON.stringify(a[k]);
    const y = JSON.stringify(b[k]);
    if (x !== y) out.push(`${k}: ${y} in the checkpoint, ${x} here`);
  }
  return out;
}

/**
 * Restores weights, optimizer state, History and the random generator of checkpoint `path`
 * into the compiled `model`, and returns the epoch to continue from (an explicit
 * `initialEpoch` must equal it). Everything is checked before the model is changed. `inputShape` (batch axis
 * null) builds a model that has not been built yet. The random state is set last, so whatever
 * building drew does not count.
 */
export async function resumeTraining(
  model: Sequential,
  path: string,
  history: History,
  inputShape: (number | null)[],
  initialEpoch: number | undefined,
  where: string,
): Promise<number> {
  const at = `${where}: option 'resumeFrom'`;
  const ckpt = await loadCheckpoint(path, {}, at);
  const { trainingState: state, directory } = ckpt;
  if (initialEpoch !== undefined && initialEpoch !== state.epoch) {
    throw new ValueError(`${where}: option 'initialEpoch' is ${initialEpoch} but checkpoint '${directory}' in 'resumeFrom' ends at epoch ${state.epoch}; leave initialEpoch out when resuming`);
  }
  const compiled = model.requireCompiled('fit');
  const saved = state.compileConfig;
  const mismatch = (what: string, theirs: unknown, ours: unknown): never => {
    throw new ValueError(`${at}: checkpoint '${directory}' was trained with ${what} ${JSON.stringify(theirs)}, but the model is compiled with ${JSON.stringify(ours)}; compile it as the checkpoint was`);
  };
  if (saved.optimizer.className !== compiled.optimizer.className) mismatch('optimizer', saved.optimizer.className, compiled.optimizer.className);
  const differences = configDifferences(compiled.optimizer.getConfig(), saved.optimizer.config);
  if (differences.length) {
    throw new ValueError(`${at}: checkpoint '${directory}' was trained with another ${saved.optimizer.className} configuration (${differences.join('; ')}); compile with the same optimizer settings`);
  }
  if (saved.loss !== compiled.lossName) mismatch('loss', saved.loss, compiled.lossName);
  if (saved.metrics.join(',') !== model.metricsNames.join(',')) mismatch('metrics', saved.metrics, model.metricsNames);

  // Weights: by position, after checking the layers are the same kinds.
  const theirs = ckpt.model.layers.map((l) => l.className);
  const ours = model.layers.map((l) => l.className);
  if (theirs.join(',') !== ours.join(',')) {
    throw new ValueError(`${at}: checkpoint '${directory}' holds a model with layers [${theirs.join(', ')}], but this model has [${ours.join(', ')}]`);
  }
  model.build(model.inputShape ?? inputShape);
  const weights = ckpt.model.getWeights();
  const targets = model.weights;
  const misfits = targets.length !== weights.length
    ? [`${weights.length} weight arrays in the checkpoint, ${targets.length} in the model`]
    : targets.flatMap((v, i) => (formatShape(v.value.shape) === formatShape(weights[i]!.shape) ? [] : [`'${v.name}' is ${formatShape(v.value.shape)} here, ${formatShape(weights[i]!.shape)} in the checkpoint`]));
  if (misfits.length) {
    throw new ValueError(`${at}: the weights of checkpoint '${directory}' do not fit this model: ${misfits.join('; ')}`);
  }

  // Optimizer slots are keyed by weight name; rename them to this model's weights.
  const names = model.trainableWeights.map((v) => v.name);
  if (names.length !== state.trainableWeightNames.length) {
    throw new ValueError(`${at}: checkpoint '${directory}' has optimizer state for ${state.trainableWeightNames.length} trainable weights, this model has ${names.length}`);
  }
  const rename = new Map(state.trainableWeightNames.map((n, i) => [n, names[i]!]));
  const slots: OptimizerState['slots'] = {};
  for (const [name, slot] of Object.entries(state.optimizerState.slots)) {
    const to = rename.get(name);
    if (to === undefined) {
      throw new ValueError(`${at}: checkpoint '${directory}' has optimizer state for '${name}', which is not among its trainable weights [${state.trainableWeightNames.join(', ')}]`);
    }
    const size = model.trainableWeights[names.indexOf(to)]!.value.size;
    const wrong = Object.entries(slot.values ?? {}).find(([, v]) => !Array.isArray(v) || v.length !== size);
    if (wrong) {
      throw new ValueError(`${at}: checkpoint '${directory}' has optimizer slot '${wrong[0]}' of '${name}' with ${Array.isArray(wrong[1]) ? wrong[1].length : 'no'} values; the weight has ${size}`);
    }
    slots[to] = slot;
  }
  try {
    compiled.optimizer.setState({ ...state.optimizerState, slots });
  } catch (e) {
    throw new ValueError(`${at}: the optimizer state in checkpoint '${directory}' cannot be restored: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  model.setWeights(weights);

  history.epoch.push(...state.history.epoch);
  for (const [key, values] of Object.entries(state.history.history)) history.history[key] = values.slice();
  setRandomState(state.randomState);
  return state.epoch;
}
