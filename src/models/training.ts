/**
 * The `fit` loop: epochs, shuffled batches, validation, callbacks, NaN detection.
 * It yields to the event loop between batches (by default at most every ~16 ms; `yieldEvery`
 * chooses) so a page stays responsive and a callback can stop training.
 */
import { ValueError, assertInt, assertKnownOptions, assertNumber } from '../tensor/errors.js';
import { Tensor, type TensorLike, allocate } from '../tensor/tensor.js';
import { permutation } from '../tensor/random.js';
import type { LayersModel, ModelData } from './layersModel.js';
import type { Sequential } from './sequential.js';
import { History } from './history.js';
import { type Callback, CallbackList, type Logs } from './callbacks/callback.js';
import { ProgressLogger } from './callbacks/progress.js';
import { gatherRows, sliceRows } from './batches.js';
import { nodeSupport } from '../platform/nodeSupport.js';

/**
 * Options of `model.fit`: how long and in what batches to train, what to validate on, which
 * callbacks to run. Names and meanings follow Keras and TensorFlow.js.
 *
 * @example
 * await model.fit(x, y, {
 *   epochs: 20, batchSize: 32, validationSplit: 0.2,
 *   callbacks: [callbacks.earlyStopping({ patience: 3 })],
 * });
 */
export interface FitArgs {
  /** Number of epochs to train (default 1). Training runs from `initialEpoch` to `epochs`. */
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** 0 silent, 1 progress bar (on a terminal), 2 one line per epoch (default 1). */
  verbose?: 0 | 1 | 2;
  /** Fraction of the data, taken from the END before shuffling, used for validation. */
  validationSplit?: number;
  /** `[xVal, yVal]` (or with sample weights) evaluated after each epoch; overrides validationSplit. */
  validationData?: [ModelData, ModelData] | [ModelData, ModelData, ModelData];
  /** Shuffle the training samples every epoch (default true), from the seeded stream. */
  shuffle?: boolean;
  /** Hooks (objects with onEpochEnd, onBatchEnd, ...). */
  callbacks?: Callback[] | Callback;
  /** Weight of each class in the loss, `{0: 1, 1: 5}`. */
  classWeight?: Record<number, number>;
  /** Weight of each sample in the loss, `[samples]` (or `[samples, time]`). */
  sampleWeight?: ModelData;
  /** Epoch to start at (for resuming); History counts epochs from here (default 0). */
  initialEpoch?: number;
  /** What to do when a batch loss is NaN/Infinity: 'throw' (default) or 'continue'. */
  onNaN?: 'throw' | 'continue';
  /** Progress output; defaults to stderr. */
  progressStream?: {
    /** Receives each chunk of progress text. */
    write(s: string): unknown;
    /** True for a terminal: the progress bar redraws one line instead of printing many. */
    isTTY?: boolean;
  };
  /**
   * When to give the event loop a turn, as in TensorFlow.js: `'auto'` (default: after a batch
   * once ~16 ms have passed since the last turn), `'batch'` (after every batch), `'epoch'`
   * (after every epoch), `'never'`, or a number of milliseconds between turns. Yielding keeps
   * a page responsive and lets timers (e.g. a stop button) run during training.
   */
  yieldEvery?: YieldEvery;
  /**
   * A checkpoint directory written by `callbacks.modelCheckpoint` (Node only): its weights,
   * optimizer state, random-generator state and History are restored and training continues
   * at the epoch after it, to the same result as a run that was never stopped. The returned
   * History includes the checkpoint's epochs. Compile the model as the checkpointed one was.
   */
  resumeFrom?: string;
}

const fitKeys = [
  'epochs', 'batchSize', 'verbose', 'validationSplit', 'validationData', 'shuffle', 'callbacks',
  'classWeight', 'sampleWeight', 'initialEpoch', 'onNaN', 'progressStream', 'resumeFrom', 'yieldEvery',
];

/**
 * How often `fit` gives the event loop a turn (see {@link FitArgs.yieldEvery}).
 * @example await model.fit(x, y, { yieldEvery: 'batch' })
 */
export type YieldEvery = 'auto' | 'batch' | 'epoch' | 'never' | number;

/** The History of each model's latest `fit` (callbacks such as modelCheckpoint read it). */
const fitHistories = new WeakMap<LayersModel, History>();

/** The History that the current (or last) `fit` of `model` fills; undefined before any fit. */
export function fitHistory(model: LayersModel): History | undefined {
  return fitHistories.get(model);
}

/**
 * Raised by `fit` when the loss stops being finite.
 * @example
 * try { await model.fit(x, y); } catch (e) {
 *   if (e instanceof NaNLossError) model.optimizer.learningRate = 1e-4; // and try again
 * }
 */
export class NaNLossError extends Error {
  /** 'NaNLossError', so logs and `catch` blocks can tell it apart without `instanceof`. */
  override name = 'NaNLossError';
}

/** One turn of the event loop: setImmediate in Node (no 1 ms timer clamp), else a 0 ms timeout. */
function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** Turns `yieldEvery` into the two points of the loop where fit may yield. */
function yieldPolicy(where: string, yieldEvery: unknown): { afterBatch(): Promise<void>; afterEpoch(): Promise<void> } {
  const none = async (): Promise<void> => {};
  if (yieldEvery === 'never') return { afterBatch: none, afterEpoch: none };
  if (yieldEvery === 'batch') return { afterBatch: nextTurn, afterEpoch: none };
  if (yieldEvery === 'epoch') return { afterBatch: none, afterEpoch: nextTurn };
  let intervalMs: number;
  if (yieldEvery === undefined || yieldEvery === 'auto') intervalMs = 16;
  else if (typeof yieldEvery === 'number' && Number.isFinite(yieldEvery) && yieldEvery >= 0) intervalMs = yieldEvery;
  else {
    throw new ValueError(`${where}: option 'yieldEvery' expected 'auto', 'batch', 'epoch', 'never' or a number of milliseconds >= 0, got ${JSON.stringify(yieldEvery)}`);
  }
  let last = Date.now();
  return {
    afterBatch: async () => {
      if (Date.now() - last < intervalMs) return;
      await nextTurn();
      last = Date.now();
    },
    afterEpoch: none,
  };
}

/** Per-sample weights from `classWeight`, reading the class from sparse, one-hot or binary targets. */
function classWeights(y: Tensor, classWeight: Record<number, number>, where: string): Tensor {
  const n = y.shape[0]!;
  const rowSize = y.size / n;
  const out = allocate(y.dtype, n);
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (rowSize === 1) cls = Math.round(y.data[i]!);
    else {
      // One-hot row: the argmax is the class.
      let best = 0;
      for (let k = 1; k < rowSize; k++) if (y.data[i * rowSize + k]! > y.data[i * rowSize + best]!) best = k;
      cls = best;
    }
    const w = classWeight[cls];
    if (w === undefined) {
      throw new ValueError(`${where}: option 'classWeight' has no weight for class ${cls} (sample ${i}); give every class a weight`);
    }
    out[i] = w;
  }
  return new Tensor(out, [n]);
}

export async function fitLoop(model: LayersModel, xIn: ModelData, yIn: ModelData, args: FitArgs): Promise<History> {
  const where = `${model.name}.fit`;
  assertKnownOptions(where, args, fitKeys);
  model.requireCompiled('fit');
  const epochs = args.epochs ?? 1;
  const batchSize = args.batchSize ?? 32;
  let initialEpoch = args.initialEpoch ?? 0;
  const verbose = args.verbose ?? 1;
  assertInt(where, 'epochs', epochs, 0);
  assertInt(where, 'batchSize', batchSize, 1);
  assertInt(where, 'initialEpoch', initialEpoch, 0);
  if (![0, 1, 2].includes(verbose)) throw new ValueError(`${where}: option 'verbose' expected 0, 1 or 2, got ${JSON.stringify(verbose)}`);
  const yielder = yieldPolicy(where, args.yieldEvery);
  let data = prepareSet(model, xIn, yIn, args.sampleWeight, ['x', 'y', 'sampleWeight'], where);
  if (args.classWeight) {
    if (data.ys.length !== 1) throw new ValueError(`${where}: option 'classWeight' applies to a model with one output; this one has ${data.ys.length}: pass per-output sampleWeight instead`);
    const cw = classWeights(data.ys[0]!, args.classWeight, where);
    const sw = data.sws[0];
    if (sw) for (let i = 0; i < cw.size; i++) cw.data[i]! *= sw.data[i]!;
    data = { ...data, sws: [cw] };
  }

  if (args.validationSplit !== undefined) assertNumber(where, 'validationSplit', args.validationSplit, 0, 1);
  let validation: DataSet | null = null;
  if (args.validationData) {
    const [vx, vy, vsw] = args.validationData;
    validation = prepareSet(model, vx, vy, vsw, ['validationData[0]', 'validationData[1]', 'validationData[2]'], where);
  } else if (args.validationSplit !== undefined && args.validationSplit > 0) {
    // Keras takes the validation samples from the end, before any shuffling.
    const n = data.xs[0]!.shape[0]!;
    const split = Math.floor(n * (1 - args.validationSplit));
    if (split === 0 || split === n) {
      throw new ValueError(`${where}: option 'validationSplit' ${args.validationSplit} leaves ${split} training and ${n - split} validation samples of ${n}; both must be > 0`);
    }
    validation = sliceSet(data, split, n);
    data = sliceSet(data, 0, split);
  }

  const n = data.xs[0]!.shape[0]!;
  if (n === 0) throw new ValueError(`${where}: argument 'x' has no samples`);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  const history = new History();
  history.params = { epochs, batchSize, samples: n, steps: stepsPerEpoch, verbose };
  if (args.resumeFrom !== undefined) {
    if (!isChain(model)) {
      throw new ValueError(`${where}: option 'resumeFrom' works with sequential models only so far (checkpoints store a layer stack); save a functional model with model.save and pass fit({ initialEpoch }) instead`);
    }
    // Checkpoints are read through the Node support (they need node:fs). Last before the loop,
    // so the random state it restores is the one the first resumed epoch draws from.
    const { resumeTraining } = nodeSupport(
      where,
      `option 'resumeFrom' (the checkpoint directory '${args.resumeFrom}')`,
      "load a model saved with model.save('indexeddb://name') and pass fit({ initialEpoch }) instead",
    );
    initialEpoch = await resumeTraining(model, args.resumeFrom, history, data.xs[0]!.shape.map((d, i) => (i === 0 ? null : d)), args.initialEpoch, where);
  }
  fitHistories.set(model, history);
  const userCallbacks = args.callbacks === undefined ? [] : Array.isArray(args.callbacks) ? args.callbacks : [args.callbacks];
  const metricNames = model.metricsNames;
  const progress = verbose > 0 ? [new ProgressLogger({ verbose, epochs, stepsPerEpoch, metricNames, stream: args.progressStream })] : [];
  const callbacks = new CallbackList([history, ...progress, ...userCallbacks]);
  callbacks.setModel(model);
  model.stopTraining = false;
  await callbacks.trainBegin({});

  for (let epoch = initialEpoch; epoch < epochs && !model.stopTraining; epoch++) {
    await callbacks.epochBegin(epoch, {});
    const order = args.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : permutation(n);
    const logsSoFar = model.newLogAccumulator();
    for (let step = 0; step < stepsPerEpoch; step++) {
      const start = step * batchSize;
      const end = Math.min(n, start + batchSize);
      const rows = (t: Tensor): Tensor => gatherRows(t, order, start, end);
      const ys = data.ys.map(rows);
      await callbacks.batchBegin(step, { batch: step, size: end - start });
      const result = model.trainStep(data.xs.map(rows), ys, data.sws.map((w) => (w ? rows(w) : null)), metricNames.length > 0);
      if (!Number.isFinite(result.loss) && (args.onNaN ?? 'throw') === 'throw') {
        throw new NaNLossError(
          `${where}: loss became ${result.loss} at epoch ${epoch + 1}, batch ${step + 1}; weights were not updated by that batch (lower the learning rate, clip gradients, or pass onNaN: 'continue')`,
        );
      }
      logsSoFar.add(end - start, result, ys);
      const batchLogs: Logs = { batch: step, size: end - start, ...logsSoFar.logs() };
      await callbacks.batchEnd(step, batchLogs);
      if (model.stopTraining) break;
      await yielder.afterBatch();
    }
    const epochLogs: Logs = { ...logsSoFar.logs() };
    if (validation) {
      const v = model.evaluateTensors(validation.xs, validation.ys, validation.sws, batchSize);
      for (const [k, value] of Object.entries(v)) epochLogs[`val_${k}`] = value;
    }
    await callbacks.epochEnd(epoch, epochLogs);
    await yielder.afterEpoch();
  }
  await callbacks.trainEnd({});
  return history;
}

/** Inputs, targets and per-output sample weights, row-aligned. */
interface DataSet {
  xs: Tensor[];
  ys: Tensor[];
  sws: (Tensor | null)[];
}

function prepareSet(model: LayersModel, x: ModelData, y: ModelData, sw: ModelData | undefined, names: [string, string, string], where: string): DataSet {
  const xs = model.prepareInputs(x, names[0], where);
  const n = xs[0]!.shape[0]!;
  const ys = model.prepareTargets(y, n, names[1], where);
  model.checkTargets(xs, ys, names[1], where);
  return { xs, ys, sws: model.prepareSampleWeights(sw, n, names[2], where) };
}

function sliceSet(set: DataSet, start: number, end: number): DataSet {
  const rows = (t: Tensor): Tensor => sliceRows(t, start, end);
  return { xs: set.xs.map(rows), ys: set.ys.map(rows), sws: set.sws.map((w) => (w ? rows(w) : null)) };
}

/** A Sequential (checked by its chain flag: importing the class here would make an import cycle). */
function isChain(model: LayersModel): model is Sequential {
  return model.isChain;
}
