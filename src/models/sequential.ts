/**
 * `sequential`: a stack of layers with Keras's compile / fit / evaluate / predict.
 *
 * Data flows one way: arrays → Tensor → `fit` cuts batches → each layer's `invoke` → loss →
 * `backward` → optimizer updates weights in place → callbacks. The loop itself lives in
 * `training.ts`; this file holds the model's structure and the single-batch steps.
 *
 * @example
 * const model = sequential({ layers: [layers.lstm({ units: 16, inputShape: [10, 1] }), layers.dense({ units: 1 })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * await model.fit(x, y, { epochs: 5 });
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import { Tensor, type TensorLike, assertFinite, toTensor } from '../tensor/tensor.js';
import { backward, noGrad, record, zeroGrads } from '../autograd/tape.js';
import type { Layer, LayerVariable, Shape } from '../layers/layer.js';
import { Bidirectional } from '../layers/bidirectional.js';
import { type Optimizer, getOptimizer } from '../optimizers/index.js';
import { type LossFn, describeLoss, getLoss, lossFromLogits } from '../losses/index.js';
import { maskedSampleWeight } from '../losses/sampleWeight.js';
import { type MetricIdentifier, type ResolvedMetric, MetricAccumulator, resolveMetric } from '../metrics/index.js';
import { summaryLines } from './summary.js';
import { concatRows, sliceRows } from './batches.js';
import { type FitArgs, fitLoop } from './training.js';
import type { History } from './history.js';
import { type ModelSaveResult, type SaveTarget, saveModel } from '../io/router.js';
import type { SaveOptions } from '../io/modelArtifacts.js';

/**
 * Options of `sequential(...)`.
 * @example sequential({ name: 'forecaster', layers: [layers.lstm({ units: 8, inputShape: [12, 1] }), layers.dense({ units: 1 })] })
 */
export interface SequentialArgs {
  /** The layers, first to last. The first needs `inputShape` to build before data arrives. */
  layers?: Layer[];
  /** Model name (default 'sequential'). */
  name?: string;
}

/**
 * Options of `model.compile`: what to minimise, how, and what else to report.
 * @example model.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] })
 */
export interface CompileArgs {
  /** An optimizer object or a name: 'adam', 'sgd', 'rmsprop', 'adamw', 'adagrad'. */
  optimizer: string | Optimizer;
  /** A loss name ('meanSquaredError', 'sparseCategoricalCrossentropy', ...) or function. */
  loss: string | LossFn;
  /**
   * Metrics logged by fit and evaluate: names ('accuracy', 'mse', 'mae', 'rmse',
   * 'precision', 'recall', 'auc', ...), functions, or metric objects such as
   * `metrics.auc({ curve: 'PR' })`.
   */
  metrics?: MetricIdentifier[];
}

/** A layer whose output activation can be split off, so the loss can use logits. */
interface LogitsLayer extends Layer {
  activationName: string;
  /** The layer's output before its activation. */
  callLogits(x: Tensor): Tensor;
  /** The activation alone, applied to what `callLogits` returned. */
  activateLogits(logits: Tensor): Tensor;
}

function isLogitsLayer(layer: Layer): layer is LogitsLayer {
  const candidate = layer as Partial<LogitsLayer>;
  // A wrapper (TimeDistributed) has the methods but an undefined activationName when its inner layer cannot split.
  return typeof candidate.callLogits === 'function' && typeof candidate.activationName === 'string';
}

interface CompiledState {
  optimizer: Optimizer;
  lossName: string;
  loss: LossFn;
  /** The from-logits loss used when the last layer's softmax/sigmoid is fused into the loss. */
  logitsLoss: LossFn | null;
  metricIds: MetricIdentifier[];
  /** What the loss was compiled from: a name or a (possibly option-bound) function. */
  lossIdentifier: string | LossFn;
  /** Resolved on first use, when the output shape is known (accuracy's kind depends on it). */
  metrics: ResolvedMetric[] | null;
}

/**
 * A stack of layers, each feeding the next, trained and used with Keras's `compile` / `fit` /
 * `evaluate` / `predict`. Create it with {@link sequential}; save it with `save` and read it
 * back with `loadModel`.
 *
 * @example
 * const model = sequential({ layers: [layers.lstm({ units: 16, inputShape: [10, 1] }), layers.dense({ units: 1 })] });
 * model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * const history = await model.fit(x, y, { epochs: 5 });
 * const next = model.predict(xNew).toArray();
 */
export class Sequential {
  /**
   * The model's name, used in `summary()`, error messages and saved files.
   * @example sequential({ name: 'forecaster' }).name // 'forecaster'
   */
  readonly name: string;
  /**
   * The layers, first to last (add more with `add`).
   * @example model.layers.map((l) => l.className) // ['LSTM', 'Dense']
   */
  readonly layers: Layer[] = [];
  /**
   * Set by a callback to end `fit` after the current batch.
   * @example const stopAt = { onEpochEnd: (e: number, logs?: Logs) => { if (logs!.loss < 0.01) model.stopTraining = true; } };
   */
  stopTraining = false;
  private compiled: CompiledState | null = null;

  constructor(args: SequentialArgs = {}) {
    assertKnownOptions('sequential', args, ['layers', 'name']);
    this.name = args.name ?? 'sequential';
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /**
   * Appends a layer; a model whose first layer declares `inputShape` builds it at once.
   * @example model.add(layers.dense({ units: 1 }))
   */
  add(layer: Layer): void {
    if (this.layers.some((l) => l.name === layer.name)) {
      throw new ValueError(`sequential.add: a layer named '${layer.name}' is already in the model; names must be unique`);
    }
    if (layer instanceof Bidirectional && layer.mergeMode === null) {
      // Refused up front: building later would fail far from the cause, and merging silently
      // would compute something the user did not ask for.
      throw new ValueError(
        `sequential.add: layer '${layer.name}' (Bidirectional) has mergeMode null, which returns the forward and backward outputs as two tensors, but a sequential model passes one tensor from layer to layer (two outputs need a functional model, which lstm-ts does not have yet); use mergeMode 'concat', 'sum', 'mul' or 'ave', or apply the layer on its own`,
      );
    }
    this.layers.push(layer);
    // As in Keras and tfjs, a model whose first layer declares its input shape is built as
    // layers arrive: weights exist (and shape errors surface) before any data is seen.
    if (this.inputShape) this.build();
  }

  /**
   * The input shape (with `null` batch) declared on the first layer, if any.
   * @example model.inputShape // [null, 10, 1]
   */
  get inputShape(): Shape | null {
    return this.layers[0]?.batchInputShape ?? null;
  }

  /**
   * The input shape (batch axis included) the model is built for: the declared one, else the
   * one its first build (`build`, `fit`, `predict`, ...) saw; null while unbuilt.
   * @example model.builtInputShape // [null, 10, 1]
   */
  get builtInputShape(): Shape | null {
    const first = this.layers[0];
    if (!first) return null;
    return first.batchInputShape ?? (first.built ? first.builtInputShape : null);
  }

  /**
   * Builds every layer for `inputShape` (batch axis included; default: the shape the model
   * was declared or first built for) and returns each output shape.
   * @example model.build([null, 10, 1]) // [[null, 16], [null, 1]]
   */
  build(inputShape?: Shape): Shape[] {
    let shape = inputShape ?? this.builtInputShape;
    if (!shape) {
      throw new ValueError(`${this.name}.build: the first layer needs 'inputShape' (or call build(inputShape), fit or predict first)`);
    }
    const shapes: Shape[] = [];
    for (const layer of this.layers) {
      layer.ensureBuilt(shape);
      const out = layer.computeOutputShape(shape);
      if (Array.isArray(out[0])) {
        throw new ValueError(`${this.name}: layer '${layer.name}' returns several tensors (returnState, or a Bidirectional with mergeMode null); a sequential model needs one output per layer`);
      }
      shape = out as Shape;
      shapes.push(shape);
    }
    return shapes;
  }

  /**
   * Prints (or hands each line to `printFn`) the layer table with output shapes and
   * parameter counts, as Keras does.
   * @example model.summary()
   * @example const lines: string[] = []; model.summary(80, (l) => lines.push(l));
   */
  summary(lineLength = 65, printFn: (line: string) => void = console.log): void {
    const shapes = this.build();
    for (const line of summaryLines(this.name, this.layers, shapes, lineLength)) printFn(line);
  }

  /**
   * All weights, layer by layer, in Keras order, as live variables (see `getWeights` for copies).
   * @example model.weights.map((w) => w.name) // ['lstm_1/kernel', 'lstm_1/recurrent_kernel', ...]
   */
  get weights(): LayerVariable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  /**
   * The weights that training updates (those of layers with `trainable: true`).
   * @example model.trainableWeights.length
   */
  get trainableWeights(): LayerVariable[] {
    return this.layers.flatMap((l) => l.trainableWeights);
  }

  /**
   * Copies of all weights in Keras `get_weights()` order: changing them changes nothing in
   * the model.
   * @example const saved = model.getWeights(); await model.fit(x, y); model.setWeights(saved); // undo
   */
  getWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.getWeights());
  }

  /**
   * Sets all weights from a list in Keras `get_weights()` order (e.g. from Keras's
   * `model.get_weights()`); shapes must match exactly.
   * @example other.setWeights(model.getWeights())
   */
  setWeights(weights: TensorLike[]): void {
    const expected = this.weights.length;
    if (weights.length !== expected) {
      throw new ValueError(`${this.name}.setWeights: expected ${expected} weight arrays, got ${weights.length}`);
    }
    let k = 0;
    for (const layer of this.layers) {
      const n = layer.weights.length;
      layer.setWeights(weights.slice(k, k + n));
      k += n;
    }
  }

  /**
   * The number of scalars in all weights, as `summary()` totals them.
   * @example model.countParams() // 1169
   */
  countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /**
   * Clears kept states of stateful layers, e.g. between independent sequences.
   * @example model.resetStates()
   */
  resetStates(): void {
    for (const l of this.layers) l.resetStates();
  }

  /**
   * Chooses the optimizer, loss and metrics; needed before `fit`, `evaluate` and
   * `trainOnBatch` (not before `predict`).
   * @example model.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] })
   */
  compile(args: CompileArgs): void {
    assertKnownOptions(`${this.name}.compile`, args, ['optimizer', 'loss', 'metrics']);
    if (args.loss === undefined) throw new ValueError(`${this.name}.compile: option 'loss' is required`);
    if (args.optimizer === undefined) throw new ValueError(`${this.name}.compile: option 'optimizer' is required`);
    const optimizer = getOptimizer(args.optimizer);
    const loss = getLoss(args.loss);
    const lossName = typeof args.loss === 'string' ? args.loss : args.loss.name || 'custom';
    const last = this.layers[this.layers.length - 1];
    let logitsLoss: LossFn | null = null;
    if (last && isLogitsLayer(last) && typeof args.loss === 'string') {
      logitsLoss = lossFromLogits(args.loss, last.activationName);
    }
    const metricIds = args.metrics ?? [];
    // Resolve once now (with an unknown output shape) so unknown names fail at compile time.
    const names = new Set<string>(['loss']);
    for (const m of metricIds) {
      const { name } = resolveMetric(m, args.loss, [null, null]);
      if (names.has(name)) {
        throw new ValueError(
          `${this.name}.compile: option 'metrics' would log '${name}' twice (the loss is logged as 'loss'); History keys must differ, so give metric objects their own 'name', e.g. metrics.auc({ curve: 'PR', name: 'pr_auc' })`,
        );
      }
      names.add(name);
    }
    this.compiled = { optimizer, lossName, loss, logitsLoss, metricIds, lossIdentifier: args.loss, metrics: null };
  }

  /** @internal The compiled metrics, resolved for the model's output shape. */
  metricsFor(yPred: Tensor, yTrue: Tensor): ResolvedMetric[] {
    const state = this.requireCompiled('fit');
    state.metrics ??= state.metricIds.map((m) => resolveMetric(m, state.lossName, yPred.shape, yTrue.shape));
    return state.metrics;
  }

  /**
   * The names logged for the compiled metrics (History keys).
   * @example model.metricsNames // ['accuracy']
   */
  get metricsNames(): string[] {
    const state = this.requireCompiled('metricsNames');
    return state.metricIds.map((m) => (typeof m === 'string' ? m : m.name));
  }

  /**
   * The compiled optimizer (throws before compile), e.g. to read or set its learning rate.
   * @example model.optimizer.learningRate = 1e-4
   */
  get optimizer(): Optimizer {
    return this.requireCompiled('optimizer').optimizer;
  }

  /** @internal the compiled state, for the training loop. */
  requireCompiled(what: string): CompiledState {
    if (!this.compiled) {
      throw new ValueError(`${this.name}.${what}: the model must be compiled first: call model.compile({ optimizer, loss })`);
    }
    return this.compiled;
  }

  /** @internal Converts and validates model input, naming `argName` in errors. */
  prepareInput(x: TensorLike, argName: string, where: string): Tensor {
    const dtype = this.layers[0]?.dtype ?? 'float32';
    const t = toTensor(x, argName, { dtype });
    assertFinite(where, argName, t);
    const declared = this.inputShape;
    if (declared) {
      const ok = t.rank === declared.length && declared.every((d, i) => i === 0 || d === null || d === t.shape[i]);
      if (!ok) {
        throw new ShapeError(`${where}: argument '${argName}' expected shape ${formatShape(declared)}, got ${formatShape(t.shape)}`);
      }
    }
    return t;
  }

  /** @internal Converts targets to the model's dtype and checks they match the inputs' sample count. */
  prepareTarget(y: TensorLike, samples: number, argName: string, where: string): Tensor {
    const t = toTensor(y, argName, { dtype: this.layers[0]?.dtype ?? 'float32' });
    assertFinite(where, argName, t);
    if (t.shape[0] !== samples) {
      throw new ShapeError(`${where}: argument '${argName}' has ${t.shape[0]} samples but x has ${samples}; expected shape [${samples}, ...], got ${formatShape(t.shape)}`);
    }
    return t;
  }

  /**
   * Checks integer class labels for a sparse loss before any batching, so an error names the
   * sample as the user numbered it (a loss sees only a shuffled batch).
   * @internal
   */
  checkTargets(x: Tensor, y: Tensor, argName: string, where: string): void {
    const state = this.compiled;
    if (!state || describeLoss(state.lossIdentifier)?.name !== 'sparseCategoricalCrossentropy') return;
    const shapes = this.build(this.inputShape ?? x.shape.map((d, i) => (i === 0 ? null : d)));
    const classes = shapes[shapes.length - 1]!.at(-1);
    if (typeof classes !== 'number') return;
    for (let i = 0; i < y.size; i++) {
      const v = y.data[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new ValueError(
          `${where}: argument '${argName}' has ${v} at flat index ${i} (shape ${formatShape(y.shape)}); expected an integer class index in [0, ${classes}) because the model outputs ${classes} classes`,
        );
      }
    }
  }

  /**
   * Runs the layers. With `logits`, the last layer stops before its activation (the caller
   * fuses it into the loss).
   * @internal
   */
  forward(x: Tensor, training: boolean, logits = false): Tensor {
    return this.forwardWithMask(x, training, logits).output;
  }

  /** @internal Like `forward`, also returning the mask the last layer emits (`[batch, time]` or null). */
  forwardWithMask(x: Tensor, training: boolean, logits = false): { output: Tensor; mask: Tensor | null } {
    if (this.layers.length === 0) throw new ValueError(`${this.name}: the model has no layers`);
    let out = x;
    let mask: Tensor | null = null;
    this.layers.forEach((layer, i) => {
      const input = out;
      const isLast = i === this.layers.length - 1;
      let y: Tensor | Tensor[];
      if (isLast && logits && isLogitsLayer(layer)) {
        layer.ensureBuilt(input.shape.map((d, k) => (k === 0 ? null : d)));
        y = layer.callLogits(input);
      } else {
        y = layer.invoke(input, { training, mask });
      }
      if (Array.isArray(y)) {
        throw new ValueError(`${this.name}: layer '${layer.name}' returned ${y.length} tensors (returnState, or a Bidirectional with mergeMode null); a sequential model needs one output per layer`);
      }
      mask = layer.computeMask(input, mask);
      out = y;
    });
    return { output: out, mask };
  }

  /**
   * Predicts in batches, without dropout; returns one Tensor (call `.toArray()` for nested
   * arrays). Accepts nested arrays, typed arrays, Tensors and tfjs tensors.
   * @example model.predict([[[0.1], [0.2]]]).toArray()
   */
  predict(x: TensorLike, args: { batchSize?: number; verbose?: number } = {}): Tensor {
    assertKnownOptions(`${this.name}.predict`, args, ['batchSize', 'verbose']);
    const input = this.prepareInput(x, 'x', `${this.name}.predict`);
    const batchSize = args.batchSize ?? 32;
    const n = input.shape[0]!;
    const parts: Tensor[] = [];
    noGrad(() => {
      for (let start = 0; start < n; start += batchSize) {
        parts.push(this.forward(sliceRows(input, start, Math.min(n, start + batchSize)), false));
      }
    });
    return parts.length === 1 ? parts[0]! : concatRows(parts);
  }

  /**
   * The loss on one batch. When the output carries a padding mask (a sequence output after
   * `masking` or `embedding({maskZero})`), padded steps are left out of the loss as Keras
   * does: the mask joins the sample weights, scaled so the loss is the mean over real steps.
   * Returns the mask as metric weights (`mask * sampleWeight`, unscaled) for the caller.
   * @internal
   */
  computeLoss(x: Tensor, y: Tensor, sampleWeight: Tensor | null, training: boolean): { loss: Tensor; yPred: Tensor; metricWeight: Tensor | null } {
    const state = this.requireCompiled(training ? 'fit' : 'evaluate');
    const fused = state.logitsLoss;
    const { output, mask } = this.forwardWithMask(x, training, fused !== null);
    const useMask = mask !== null && output.rank >= 3 && mask.rank === 2;
    const lossWeight = useMask ? maskedSampleWeight(mask, sampleWeight, 'sum_over_batch_size') : sampleWeight;
    const metricWeight = useMask ? maskedSampleWeight(mask, sampleWeight, 'sum') : sampleWeight;
    const loss = (fused ?? state.loss)(y, output, lossWeight);
    return { loss, yPred: output, metricWeight };
  }

  /**
   * One optimisation step on one batch; returns the batch loss before the update, and the
   * predictions when `predictions` is true (only metrics read them: with a fused loss they
   * cost a softmax over every output, a fifth of a character model's non-matrix time).
   * @internal
   */
  trainStep(
    x: Tensor, y: Tensor, sampleWeight: Tensor | null, predictions = true,
  ): { loss: number; yPred: Tensor | null; metricWeight: Tensor | null } {
    const state = this.requireCompiled('fit');
    zeroGrads(this.trainableWeights.map((v) => v.value));
    const { loss, yPred, metricWeight } = record(() => this.computeLoss(x, y, sampleWeight, true));
    // Read after the forward pass: a model without 'inputShape' creates its weights there on
    // the first batch, and (as in Keras) that first step must update them too.
    const vars = this.trainableWeights;
    const value = loss.data[0]!;
    if (Number.isFinite(value)) {
      backward(loss);
      state.optimizer.applyGradients(vars.map((v) => ({ name: v.name, value: v.value })));
    }
    return { loss: value, yPred: predictions ? this.activateIfFused(yPred) : null, metricWeight };
  }

  /** @internal Applies the last layer's activation to logits when the loss was fused. */
  activateIfFused(yPred: Tensor): Tensor {
    const state = this.compiled;
    const last = this.layers[this.layers.length - 1];
    if (!state?.logitsLoss || !last || !isLogitsLayer(last)) return yPred;
    return noGrad(() => last.activateLogits(yPred));
  }

  /**
   * One gradient step on one batch, for loops you write yourself; returns the loss before the
   * update, or `[loss, ...metrics]` when metrics are compiled.
   * @example for (const [xb, yb] of batches) model.trainOnBatch(xb, yb);
   */
  trainOnBatch(x: TensorLike, y: TensorLike): number | number[] {
    const where = `${this.name}.trainOnBatch`;
    const state = this.requireCompiled('trainOnBatch');
    const input = this.prepareInput(x, 'x', where);
    const target = this.prepareTarget(y, input.shape[0]!, 'y', where);
    this.checkTargets(input, target, 'y', where);
    const { loss, yPred, metricWeight } = this.trainStep(input, target, null, state.metricIds.length > 0);
    if (!yPred) return loss;
    return [loss, ...this.metricsFor(yPred, target).map((m) => m.finalize(m.totals(target, yPred, metricWeight)))];
  }

  /**
   * Loss and metrics on data, averaged over all samples as Keras does.
   * Returns the loss, or `[loss, ...metrics]` when metrics are compiled. Unlike tfjs it
   * returns numbers, not tensors.
   * @example const [loss, accuracy] = model.evaluate(xTest, yTest) as number[];
   */
  evaluate(
    x: TensorLike,
    y: TensorLike,
    args: { batchSize?: number; verbose?: number; sampleWeight?: TensorLike } = {},
  ): number | number[] {
    const logs = this.evaluateLogs(x, y, args);
    const state = this.requireCompiled('evaluate');
    if (state.metricIds.length === 0) return logs['loss']!;
    return [logs['loss']!, ...this.metricsNames.map((name) => logs[name]!)];
  }

  /**
   * Like `evaluate`, but returns `{ loss, metricName: value, ... }`.
   * @example model.evaluateLogs(xTest, yTest) // { loss: 0.12, accuracy: 0.95 }
   */
  evaluateLogs(
    x: TensorLike,
    y: TensorLike,
    args: { batchSize?: number; verbose?: number; sampleWeight?: TensorLike } = {},
  ): Record<string, number> {
    const where = `${this.name}.evaluate`;
    assertKnownOptions(where, args, ['batchSize', 'verbose', 'sampleWeight']);
    const state = this.requireCompiled('evaluate');
    const input = this.prepareInput(x, 'x', where);
    const n = input.shape[0]!;
    const target = this.prepareTarget(y, n, 'y', where);
    this.checkTargets(input, target, 'y', where);
    const sw = args.sampleWeight === undefined ? null : this.prepareTarget(args.sampleWeight, n, 'sampleWeight', where);
    const batchSize = args.batchSize ?? 32;
    let lossSum = 0;
    let accumulators: MetricAccumulator[] | null = null;
    noGrad(() => {
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        const xb = sliceRows(input, start, end);
        const yb = sliceRows(target, start, end);
        const { loss, yPred, metricWeight } = this.computeLoss(xb, yb, sw ? sliceRows(sw, start, end) : null, false);
        lossSum += loss.data[0]! * (end - start);
        const activated = this.activateIfFused(yPred);
        accumulators ??= this.metricsFor(activated, yb).map((m) => new MetricAccumulator(m));
        for (const acc of accumulators) acc.update(yb, activated, metricWeight);
      }
    });
    const logs: Record<string, number> = { loss: lossSum / n };
    this.metricsNames.forEach((name, i) => (logs[name] = accumulators?.[i]?.result() ?? 0));
    void state;
    return logs;
  }

  /**
   * Trains for `epochs`, returning a History (`history.history.loss`, `val_loss`, metrics).
   * @example const h = await model.fit(x, y, { epochs: 10, batchSize: 32, validationSplit: 0.1 })
   */
  fit(x: TensorLike, y: TensorLike, args: FitArgs = {}): Promise<History> {
    return fitLoop(this, x, y, args);
  }

  /**
   * Saves the model in TensorFlow.js's layers format to `'file://dir'` (Node),
   * `'indexeddb://name'`, `'localstorage://name'`, `'downloads://name'` (browser) or a handler
   * object `{ save(artifacts) }`; `extra` is JSON stored with it. Load with `loadModel`.
   * @example await model.save('indexeddb://my-model', { extra: { vocabulary } })
   */
  async save(target: SaveTarget, options: SaveOptions = {}): Promise<ModelSaveResult> {
    return saveModel(this, target, options);
  }
}

/**
 * Creates a {@link Sequential} model from its layers, as `tf.sequential` does.
 * @example sequential({ layers: [layers.dense({ units: 1, inputShape: [3] })] })
 */
export function sequential(args: SequentialArgs = {}): Sequential {
  return new Sequential(args);
}
