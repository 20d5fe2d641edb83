/**
 * `LayersModel`: a graph of layers with Keras's compile / fit / evaluate / predict, for any
 * number of inputs and outputs. `model({ inputs, outputs })` makes one from symbolic tensors
 * (the functional API); `Sequential` is the special case whose graph is a chain.
 *
 * Data flows one way: arrays → Tensors (one per input) → `fit` cuts the same rows out of every
 * input and target → the graph runs node by node (`graph/execute.ts`) → one loss per output,
 * weighted and summed → `backward` → optimizer → callbacks. The epoch loop is `training.ts`.
 *
 * @example
 * const a = input({ shape: [10, 3] });
 * const b = input({ shape: [10, 3] });
 * const shared = layers.lstm({ units: 8 });
 * const out = layers.dense({ units: 1 }).apply(layers.concatenate().apply([shared.apply(a), shared.apply(b)]));
 * const m = model({ inputs: [a, b], outputs: out });
 * m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 * await m.fit([xa, xb], y, { epochs: 5 });
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import { Tensor, type TensorLike, assertFinite, toTensor } from '../tensor/tensor.js';
import { isTfjsTensorLike } from '../tensor/tfjsLike.js';
import { backward, noGrad, record, zeroGrads } from '../autograd/tape.js';
import type { Layer, LayerVariable, Shape } from '../layers/layer.js';
import type { SymbolicTensor } from '../layers/symbolicTensor.js';
import { type Optimizer, getOptimizer } from '../optimizers/index.js';
import { type LossFn, describeLoss, getLoss, lossFromLogits } from '../losses/index.js';
import { maskedSampleWeight } from '../losses/sampleWeight.js';
import { add, scale } from '../ops/elementwise.js';
import { type MetricIdentifier, type ResolvedMetric, MetricAccumulator, resolveMetric } from '../metrics/index.js';
import { concatRows, sliceRows } from './batches.js';
import { type FitArgs, fitLoop } from './training.js';
import type { History } from './history.js';
import { type Graph, buildGraph } from './graph/topology.js';
import { type GraphRun, isLogitsLayer, runGraph } from './graph/execute.js';
import { collectActivityLosses } from '../layers/activityLosses.js';
import { functionalSummaryLines } from './graph/functionalSummary.js';
import type { ModelSaveResult, SaveTarget } from '../io/router.js';
import type { SaveOptions } from '../io/modelArtifacts.js';
import { onnxRuntimeSupport } from '../platform/onnxRuntimeSupport.js';
import { modelSaver } from './modelSaver.js';

/** A loss by name ('meanSquaredError', ...) or function. */
export type LossIdentifier = string | LossFn;

/**
 * Model data: one array or tensor for a model with one input (or output), a list in the
 * model's order, or an object keyed by input (or output layer) name.
 * @example m.fit({ encoder_in: xa, decoder_in: xb }, y)
 */
export type ModelData = TensorLike | TensorLike[] | Record<string, TensorLike>;

/**
 * Options of `model.compile`: what to minimise, how, and what else to report. For a model
 * with several outputs, `loss` and `metrics` may be lists (one per output) or objects keyed by
 * output name; `lossWeights` weighs each output's loss in the total.
 * @example model.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] })
 * @example m.compile({ optimizer: 'adam', loss: { temp: 'mse', rain: 'mae' }, lossWeights: { temp: 1, rain: 0.5 } })
 */
export interface CompileArgs {
  /** An optimizer object or a name: 'adam', 'sgd', 'rmsprop', 'adamw', 'adagrad'. */
  optimizer: string | Optimizer;
  /**
   * A loss name ('meanSquaredError', 'sparseCategoricalCrossentropy', ...) or function for
   * every output; or one per output (list, or object keyed by output name).
   */
  loss: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  /** Weights of the outputs' losses in the total loss (default 1 each); list or object by output name. */
  lossWeights?: number[] | Record<string, number>;
  /**
   * Metrics logged by fit and evaluate: names ('accuracy', 'mse', 'mae', 'rmse',
   * 'precision', 'recall', 'auc', ...), functions, or metric objects such as
   * `metrics.auc({ curve: 'PR' })`; for several outputs the same list for each, or one list per
   * output (list of lists, or object keyed by output name).
   */
  metrics?: MetricIdentifier[] | MetricIdentifier[][] | Record<string, MetricIdentifier[]>;
}

/** The compiled loss and metrics of one output. */
interface OutputCompiled {
  /** Output name, prefixing its log keys when the model has several outputs. */
  name: string;
  lossName: string;
  loss: LossFn;
  /** The from-logits loss used when the producing layer's softmax/sigmoid is fused into the loss. */
  logitsLoss: LossFn | null;
  lossIdentifier: LossIdentifier;
  lossWeight: number;
  metricIds: MetricIdentifier[];
  /** Resolved on first use, when the output shape is known (accuracy's kind depends on it). */
  metrics: ResolvedMetric[] | null;
}

/** @internal What `compile` settled, read by the training loop and checkpoints. */
export interface CompiledState {
  optimizer: Optimizer;
  /** The loss name (single output) or the names joined by ',' (several). */
  lossName: string;
  outputs: OutputCompiled[];
}

/** Options of `model({ ... })`, as `tf.model`. */
export interface ModelArgs {
  /** The symbolic inputs, from `input(...)`: one, or a list. */
  inputs: SymbolicTensor | SymbolicTensor[];
  /** The symbolic outputs: one, or a list. */
  outputs: SymbolicTensor | SymbolicTensor[];
  /** Model name (default 'model'). */
  name?: string;
}

/** The loss and predictions of one batch. */
interface BatchResult {
  loss: Tensor;
  outputLosses: Tensor[];
  yPreds: Tensor[];
  metricWeights: (Tensor | null)[];
}

/**
 * A trainable graph of layers (tfjs's `LayersModel`, Keras's `Functional`). Make one with
 * {@link model} from symbolic tensors, or use `sequential` for a stack.
 *
 * @example
 * const x = input({ shape: [20, 1] });
 * const h = layers.lstm({ units: 16 }).apply(x);
 * const m = model({ inputs: x, outputs: layers.dense({ units: 1 }).apply(h) });
 * m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
 */
export class LayersModel {
  /**
   * The model's name, used in `summary()`, error messages and saved files.
   * @example model({ inputs: x, outputs: y, name: 'translator' }).name // 'translator'
   */
  readonly name: string;
  /**
   * The layers, in running order (a functional model lists its input layers first).
   * @example m.layers.map((l) => l.className) // ['InputLayer', 'LSTM', 'Dense']
   */
  readonly layers: Layer[] = [];
  /**
   * Set by a callback to end `fit` after the current batch.
   * @example const stopAt = { onEpochEnd: (e: number, logs?: Logs) => { if (logs!.loss < 0.01) model.stopTraining = true; } };
   */
  stopTraining = false;
  /** @internal True for a Sequential, whose graph is a chain of its layers. */
  readonly isChain: boolean = false;
  /** @internal */
  protected compiled: CompiledState | null = null;
  /** @internal The graph; a Sequential makes it when it is first built. */
  protected graphCache: Graph | null = null;

  constructor(args: ModelArgs | { name: string }) {
    if ('inputs' in args || 'outputs' in args) {
      const where = 'model';
      assertKnownOptions(where, args, ['inputs', 'outputs', 'name']);
      const margs = args as ModelArgs;
      if (margs.inputs === undefined || margs.outputs === undefined) throw new ValueError(`${where}: options 'inputs' and 'outputs' are both required`);
      const inputs = Array.isArray(margs.inputs) ? margs.inputs : [margs.inputs];
      const outputs = Array.isArray(margs.outputs) ? margs.outputs : [margs.outputs];
      if (inputs.length === 0 || outputs.length === 0) throw new ValueError(`${where}: options 'inputs' and 'outputs' need at least one tensor each`);
      this.name = margs.name ?? 'model';
      this.graphCache = buildGraph(inputs, outputs, where);
      this.layers.push(...this.graphCache.layers);
    } else {
      this.name = args.name;
    }
  }

  /** @internal The graph to run; `sample` are the data about to run (a Sequential builds from them). */
  graph(where: string, sample?: readonly Tensor[]): Graph {
    void sample;
    if (!this.graphCache) throw new ValueError(`${where}: the model has no graph`);
    return this.graphCache;
  }

  /**
   * The symbolic inputs (a Sequential has them once built).
   * @example m.inputs.map((s) => s.shape) // [[null, 20, 1]]
   */
  get inputs(): readonly SymbolicTensor[] {
    return this.graph(`${this.name}.inputs`).inputs;
  }

  /**
   * The symbolic outputs.
   * @example m.outputs.length // 2 for a two-headed model
   */
  get outputs(): readonly SymbolicTensor[] {
    return this.graph(`${this.name}.outputs`).outputs;
  }

  /** @internal How many inputs the model takes (known before a Sequential is built). */
  get inputCount(): number {
    return this.graph(this.name).inputs.length;
  }

  /** @internal How many outputs the model has. */
  get outputCount(): number {
    return this.graph(this.name).outputs.length;
  }

  /**
   * The input names, in order (keys accepted by fit/predict data objects).
   * @example m.inputNames // ['encoder_tokens', 'decoder_tokens']
   */
  get inputNames(): string[] {
    return this.graph(`${this.name}.inputNames`).inputs.map((s) => s.sourceLayer.name);
  }

  /**
   * The output names (the producing layers' names), in order; multi-output logs prefix them.
   * @example m.outputNames // ['temperature', 'precipitation']
   */
  get outputNames(): string[] {
    return this.graph(`${this.name}.outputNames`).outputs.map((s) => s.sourceLayer.name);
  }

  /** @internal The layer producing output `k` and whether its activation may be fused into the loss. */
  protected fusableOutputLayer(k: number): Layer | null {
    const graph = this.graphCache;
    if (!graph) return null;
    const out = graph.outputs[k]!;
    if (out.node.outputs.length !== 1 || out.node.inputIsList) return null;
    // Fusing changes the tensor itself: only when no other layer reads it.
    const readElsewhere = graph.nodes.some((n) => n.inputs.includes(out) || n.initialState.includes(out));
    if (readElsewhere || graph.outputs.filter((o) => o === out).length > 1) return null;
    return out.sourceLayer;
  }

  /**
   * The layer named `name` (or at `index` in `layers`).
   * @example m.getLayer('encoder').getWeights()
   */
  getLayer(name: string): Layer;
  getLayer(index: number): Layer;
  getLayer(key: string | number): Layer {
    if (typeof key === 'number') {
      const layer = this.layers[key];
      if (!layer) throw new ValueError(`${this.name}.getLayer: index ${key} is outside [0, ${this.layers.length})`);
      return layer;
    }
    const layer = this.layers.find((l) => l.name === key);
    if (!layer) throw new ValueError(`${this.name}.getLayer: no layer named '${key}' (the model has ${this.layers.map((l) => `'${l.name}'`).join(', ')})`);
    return layer;
  }

  /**
   * Prints (or hands each line to `printFn`) the layer table with output shapes, parameter
   * counts and, for a graph, what each layer is connected to, as Keras does.
   * @example m.summary()
   */
  summary(lineLength = 98, printFn: (line: string) => void = console.log): void {
    for (const line of functionalSummaryLines(this.name, this.graph(`${this.name}.summary`), lineLength)) printFn(line);
  }

  /**
   * All weights, layer by layer, in Keras order, as live variables (see `getWeights` for
   * copies). A layer used twice (shared) appears once.
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
   * Chooses the optimizer, loss(es) and metrics; needed before `fit`, `evaluate` and
   * `trainOnBatch` (not before `predict`).
   * @example model.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] })
   */
  compile(args: CompileArgs): void {
    const where = `${this.name}.compile`;
    assertKnownOptions(where, args, ['optimizer', 'loss', 'metrics', 'lossWeights']);
    if (args.loss === undefined) throw new ValueError(`${where}: option 'loss' is required`);
    if (args.optimizer === undefined) throw new ValueError(`${where}: option 'optimizer' is required`);
    const optimizer = getOptimizer(args.optimizer);
    const count = this.outputCount;
    const names = count === 1 ? [''] : this.outputNames;
    const lossIds = perOutput<LossIdentifier>(where, 'loss', args.loss, names, (v) => typeof v === 'string' || typeof v === 'function');
    const weights = args.lossWeights === undefined ? names.map(() => 1) : perOutput<number>(where, 'lossWeights', args.lossWeights, names, (v) => typeof v === 'number', false);
    weights.forEach((w, k) => {
      if (!Number.isFinite(w) || w < 0) throw new ValueError(`${where}: option 'lossWeights' for output '${names[k]}' expected a finite number >= 0, got ${w}`);
    });
    const metricLists = perOutputMetrics(where, args.metrics, names);
    const outputs: OutputCompiled[] = names.map((name, k) => {
      const id = lossIds[k]!;
      const loss = getLoss(id);
      const fusable = this.fusableOutputLayer(k);
      const logitsLoss = fusable && isLogitsLayer(fusable) && typeof id === 'string' ? lossFromLogits(id, fusable.activationName) : null;
      const lossName = typeof id === 'string' ? id : id.name || 'custom';
      return { name, lossName, loss, logitsLoss, lossIdentifier: id, lossWeight: weights[k]!, metricIds: metricLists[k]!, metrics: null };
    });
    // Resolve once now (with an unknown output shape) so unknown names fail at compile time.
    const logNames = new Set<string>(['loss']);
    for (const out of outputs) {
      if (count > 1) logNames.add(`${out.name}_loss`);
      for (const m of out.metricIds) {
        const { name } = resolveMetric(m, out.lossIdentifier, [null, null]);
        const key = count > 1 ? `${out.name}_${name}` : name;
        if (logNames.has(key)) {
          throw new ValueError(
            `${where}: option 'metrics' would log '${key}' twice (the loss is logged as 'loss'); History keys must differ, so give metric objects their own 'name', e.g. metrics.auc({ curve: 'PR', name: 'pr_auc' })`,
          );
        }
        logNames.add(key);
      }
    }
    this.compiled = { optimizer, lossName: outputs.map((o) => o.lossName).join(','), outputs };
  }

  /** @internal The compiled metrics of output `k`, resolved for its shape. */
  metricsFor(k: number, yPred: Tensor, yTrue: Tensor): ResolvedMetric[] {
    const out = this.requireCompiled('fit').outputs[k]!;
    out.metrics ??= out.metricIds.map((m) => resolveMetric(m, out.lossIdentifier, yPred.shape, yTrue.shape));
    return out.metrics;
  }

  /**
   * The names logged besides 'loss' (History keys): per-output losses when there are several
   * outputs (`<output>_loss`), then the metrics (`<output>_<metric>` with several outputs).
   * @example model.metricsNames // ['accuracy']
   */
  get metricsNames(): string[] {
    const state = this.requireCompiled('metricsNames');
    const multi = state.outputs.length > 1;
    const names: string[] = multi ? state.outputs.map((o) => `${o.name}_loss`) : [];
    for (const out of state.outputs) {
      for (const m of out.metricIds) {
        const name = typeof m === 'string' ? m : m.name;
        names.push(multi ? `${out.name}_${name}` : name);
      }
    }
    return names;
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

  /** @internal The dtype data are converted to for input `k`. */
  protected inputDtype(k: number): Layer['dtype'] {
    return this.graphCache?.inputs[k]?.dtype ?? this.layers[0]?.dtype ?? 'float32';
  }

  /** @internal The declared shape of input `k` (batch axis included), checked against data. */
  protected declaredInputShape(k: number): Shape | null {
    return this.graphCache?.inputs[k]?.shape ?? null;
  }

  /**
   * @internal Splits model data into one item per input (or output): a list in order, an
   * object keyed by name, or a single item for a one-input model.
   */
  splitData(data: ModelData, count: number, names: () => string[], argName: string, where: string): TensorLike[] {
    if (isKeyedData(data)) {
      const keys = names();
      const unknown = Object.keys(data).filter((k) => !keys.includes(k));
      if (unknown.length) throw new ValueError(`${where}: argument '${argName}' has key(s) ${unknown.map((k) => `'${k}'`).join(', ')} that name no ${argName === 'x' ? 'input' : 'output'} (expected ${keys.map((k) => `'${k}'`).join(', ')})`);
      return keys.map((key) => {
        const v = data[key];
        if (v === undefined) throw new ValueError(`${where}: argument '${argName}' has no entry for '${key}' (expected keys ${keys.map((k) => `'${k}'`).join(', ')})`);
        return v;
      });
    }
    if (count === 1) {
      // A one-element list of tensors is accepted as tfjs does; nested numbers are one input.
      if (Array.isArray(data) && data.length === 1 && (data[0] instanceof Tensor || isTfjsTensorLike(data[0]))) return [data[0] as TensorLike];
      return [data as TensorLike];
    }
    if (!Array.isArray(data) || data.length !== count) {
      throw new ValueError(`${where}: argument '${argName}' expected a list of ${count} arrays or tensors (one per ${argName === 'x' ? 'input' : 'output'}: ${names().join(', ')}) or an object keyed by those names, got ${Array.isArray(data) ? `a list of ${data.length}` : typeof data}`);
    }
    return data as TensorLike[];
  }

  /** @internal Converts and validates model inputs, naming `argName` in errors. */
  prepareInputs(x: ModelData, argName: string, where: string): Tensor[] {
    const count = this.inputCount;
    const items = this.splitData(x, count, () => this.inputNames, argName, where);
    const tensors = items.map((item, k) => {
      const label = count === 1 ? argName : `${argName}[${k}]`;
      const t = toTensor(item, label, { dtype: this.inputDtype(k) });
      assertFinite(where, label, t);
      const declared = this.declaredInputShape(k);
      if (declared) {
        const ok = t.rank === declared.length && declared.every((d, i) => i === 0 || d === null || d === t.shape[i]);
        if (!ok) throw new ShapeError(`${where}: argument '${label}' expected shape ${formatShape(declared)}, got ${formatShape(t.shape)}`);
      }
      return t;
    });
    const n = tensors[0]!.shape[0];
    tensors.forEach((t, k) => {
      if (t.shape[0] !== n) throw new ShapeError(`${where}: argument '${argName}[${k}]' has ${t.shape[0]} samples but '${argName}[0]' has ${n}; every input needs the same number of samples`);
    });
    return tensors;
  }

  /** @internal Converts targets (one per output) and checks they match the inputs' sample count. */
  prepareTargets(y: ModelData, samples: number, argName: string, where: string): Tensor[] {
    const count = this.outputCount;
    const items = this.splitData(y, count, () => this.outputNames, argName, where);
    return items.map((item, k) => this.prepareTarget(item, samples, count === 1 ? argName : `${argName}[${k}]`, where));
  }

  /** @internal Converts one target-like array (targets, sample weights) and checks its sample count. */
  prepareTarget(y: TensorLike, samples: number, argName: string, where: string): Tensor {
    const t = toTensor(y, argName, { dtype: this.layers[0]?.dtype ?? 'float32' });
    assertFinite(where, argName, t);
    if (t.shape[0] !== samples) {
      throw new ShapeError(`${where}: argument '${argName}' has ${t.shape[0]} samples but x has ${samples}; expected shape [${samples}, ...], got ${formatShape(t.shape)}`);
    }
    return t;
  }

  /** @internal Per-output sample weights: one array for every output, or a list / object per output. */
  prepareSampleWeights(sw: ModelData | undefined, samples: number, argName: string, where: string): (Tensor | null)[] {
    const count = this.outputCount;
    if (sw === undefined) return Array.from({ length: count }, () => null);
    if (count > 1 && (isKeyedData(sw) || (Array.isArray(sw) && sw.length === count && sw.every((v) => v instanceof Tensor || Array.isArray(v) || ArrayBuffer.isView(v))))) {
      return this.splitData(sw, count, () => this.outputNames, argName, where).map((v, k) => this.prepareTarget(v, samples, `${argName}[${k}]`, where));
    }
    const one = this.prepareTarget(sw as TensorLike, samples, argName, where);
    return Array.from({ length: count }, () => one);
  }

  /**
   * Checks integer class labels for a sparse loss before any batching, so an error names the
   * sample as the user numbered it (a loss sees only a shuffled batch).
   * @internal
   */
  checkTargets(xs: Tensor[], ys: Tensor[], argName: string, where: string): void {
    const state = this.compiled;
    if (!state) return;
    let graph: Graph | null = null;
    state.outputs.forEach((out, k) => {
      if (describeLoss(out.lossIdentifier)?.name !== 'sparseCategoricalCrossentropy') return;
      graph ??= this.graph(where, xs);
      const classes = graph.outputs[k]!.shape.at(-1);
      if (typeof classes !== 'number') return;
      const y = ys[k]!;
      const label = ys.length === 1 ? argName : `${argName}[${k}]`;
      for (let i = 0; i < y.size; i++) {
        const v = y.data[i]!;
        if (!Number.isInteger(v) || v < 0 || v >= classes) {
          throw new ValueError(
            `${where}: argument '${label}' has ${v} at flat index ${i} (shape ${formatShape(y.shape)}); expected an integer class index in [0, ${classes}) because the model outputs ${classes} classes`,
          );
        }
      }
    });
  }

  /** @internal Runs the graph; outputs listed in `logits` stop before their activation. */
  run(xs: readonly Tensor[], training: boolean, logits: ReadonlySet<number> = new Set()): GraphRun {
    const where = this.name;
    const graph = this.graph(where, xs);
    const logitSymbols = new Set([...logits].map((k) => graph.outputs[k]!));
    return runGraph(graph, xs, training, where, logitSymbols);
  }

  /**
   * Predicts in batches, without dropout; returns one Tensor per output (one Tensor for a
   * single-output model; call `.toArray()` for nested arrays). Accepts nested arrays, typed
   * arrays, Tensors and tfjs tensors; a list or an object keyed by input name for several inputs.
   * @example model.predict([[[0.1], [0.2]]]).toArray()
   */
  predict(x: ModelData, args: { batchSize?: number; verbose?: number } = {}): Tensor | Tensor[] {
    const where = `${this.name}.predict`;
    assertKnownOptions(where, args, ['batchSize', 'verbose']);
    const inputs = this.prepareInputs(x, 'x', where);
    const batchSize = args.batchSize ?? 32;
    const n = inputs[0]!.shape[0]!;
    const parts: Tensor[][] = [];
    noGrad(() => {
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        parts.push(this.run(inputs.map((t) => sliceRows(t, start, end)), false).outputs);
      }
    });
    const count = parts[0]?.length ?? this.outputCount;
    const joined = Array.from({ length: count }, (_, k) => (parts.length === 1 ? parts[0]![k]! : concatRows(parts.map((p) => p[k]!))));
    return joined.length === 1 ? joined[0]! : joined;
  }

  /**
   * `predict`, resolved as a Promise; with `backend: 'onnxruntime'` (Node, onnxruntime-node
   * installed) the model runs on onnxruntime through our in-memory ONNX export, the session
   * cached and re-exported when the weights change (see `onnxPredictor`), the whole input in
   * one run (`batchSize` then does not apply). There is no synchronous form: onnxruntime's
   * run is asynchronous.
   * @example const y = await model.predictAsync(x, { backend: 'onnxruntime' });
   */
  async predictAsync(x: ModelData, args: { backend?: 'lstm-ts' | 'onnxruntime'; batchSize?: number; verbose?: number } = {}): Promise<Tensor | Tensor[]> {
    const where = `${this.name}.predictAsync`;
    assertKnownOptions(where, args, ['backend', 'batchSize', 'verbose']);
    const { backend = 'lstm-ts', ...rest } = args;
    if (backend === 'onnxruntime') return onnxRuntimeSupport(where).predict(this, x, where);
    if (backend !== 'lstm-ts') throw new ValueError(`${where}: option 'backend' expected 'lstm-ts' or 'onnxruntime', got ${JSON.stringify(backend)}`);
    return this.predict(x, rest);
  }

  /**
   * The loss on one batch: each output's loss (padded steps left out when the output carries
   * a mask, as Keras does), weighted and summed.
   * @internal
   */
  computeLoss(xs: Tensor[], ys: Tensor[], sampleWeights: (Tensor | null)[], training: boolean): BatchResult {
    const state = this.requireCompiled(training ? 'fit' : 'evaluate');
    const fused = new Set<number>();
    state.outputs.forEach((o, k) => o.logitsLoss && fused.add(k));
    const { result: { outputs, masks }, losses: activityLosses } = collectActivityLosses(() => this.run(xs, training, fused));
    const outputLosses: Tensor[] = [];
    const metricWeights: (Tensor | null)[] = [];
    let total: Tensor | null = null;
    state.outputs.forEach((o, k) => {
      const output = outputs[k]!;
      const mask = masks[k] ?? null;
      const sw = sampleWeights[k] ?? null;
      const useMask = mask !== null && output.rank >= 3 && mask.rank === 2;
      const lossWeight = useMask ? maskedSampleWeight(mask, sw, 'sum_over_batch_size') : sw;
      metricWeights.push(useMask ? maskedSampleWeight(mask, sw, 'sum') : sw);
      const loss = (o.logitsLoss ?? o.loss)(ys[k]!, output, lossWeight);
      outputLosses.push(loss);
      const weighted = o.lossWeight === 1 ? loss : scale(loss, o.lossWeight);
      total = total ? add(total, weighted) : weighted;
    });
    // Keras's logged loss includes the regularization penalties (in fit and in evaluate).
    for (const penalty of [...activityLosses, ...this.layers.flatMap((l) => l.regularizationLosses())]) total = add(total!, penalty);
    return { loss: total!, outputLosses, yPreds: outputs, metricWeights };
  }

  /**
   * One optimisation step on one batch; returns the batch loss before the update, and the
   * predictions when `predictions` is true (only metrics read them: with a fused loss they
   * cost a softmax over every output, a fifth of a character model's non-matrix time).
   * @internal
   */
  trainStep(
    xs: Tensor[], ys: Tensor[], sampleWeights: (Tensor | null)[], predictions = true,
  ): { loss: number; outputLosses: number[]; yPreds: Tensor[] | null; metricWeights: (Tensor | null)[] } {
    const state = this.requireCompiled('fit');
    zeroGrads(this.trainableWeights.map((v) => v.value));
    const result = record(() => this.computeLoss(xs, ys, sampleWeights, true));
    // Read after the forward pass: a model without 'inputShape' creates its weights there on
    // the first batch, and (as in Keras) that first step must update them too.
    const vars = this.trainableWeights;
    const value = result.loss.data[0]!;
    if (Number.isFinite(value)) {
      backward(result.loss);
      state.optimizer.applyGradients(vars.map((v) => ({ name: v.name, value: v.value })));
      // As Keras's optimizer does: each constrained weight is projected right after its update.
      for (const v of vars) v.constraint?.project(v.value);
    }
    return {
      loss: value,
      outputLosses: result.outputLosses.map((l) => l.data[0]!),
      yPreds: predictions ? this.activateIfFused(result.yPreds) : null,
      metricWeights: result.metricWeights,
    };
  }

  /** @internal Applies the producing layers' activations to outputs whose loss was fused. */
  activateIfFused(yPreds: Tensor[]): Tensor[] {
    const state = this.compiled;
    if (!state) return yPreds;
    return yPreds.map((y, k) => {
      const layer = state.outputs[k]?.logitsLoss ? this.fusableOutputLayer(k) : null;
      return layer && isLogitsLayer(layer) ? noGrad(() => layer.activateLogits(y)) : y;
    });
  }

  /** @internal Fresh per-epoch accumulators of the logged values. */
  newLogAccumulator(): LogAccumulator {
    return new LogAccumulator(this);
  }

  /**
   * One gradient step on one batch, for loops you write yourself; returns the loss before the
   * update, or `[loss, ...metrics]` when metrics (or several outputs) are compiled.
   * @example for (const [xb, yb] of batches) model.trainOnBatch(xb, yb);
   */
  trainOnBatch(x: ModelData, y: ModelData): number | number[] {
    const where = `${this.name}.trainOnBatch`;
    const xs = this.prepareInputs(x, 'x', where);
    const ys = this.prepareTargets(y, xs[0]!.shape[0]!, 'y', where);
    this.checkTargets(xs, ys, 'y', where);
    const names = this.metricsNames;
    const step = this.trainStep(xs, ys, ys.map(() => null), names.length > 0);
    if (names.length === 0) return step.loss;
    const acc = this.newLogAccumulator();
    acc.add(xs[0]!.shape[0]!, step, ys);
    const logs = acc.logs();
    return [step.loss, ...names.map((n) => logs[n]!)];
  }

  /**
   * Loss and metrics on data, averaged over all samples as Keras does.
   * Returns the loss, or `[loss, ...metricsNames]` when metrics (or several outputs) are
   * compiled. Unlike tfjs it returns numbers, not tensors.
   * @example const [loss, accuracy] = model.evaluate(xTest, yTest) as number[];
   */
  evaluate(
    x: ModelData,
    y: ModelData,
    args: { batchSize?: number; verbose?: number; sampleWeight?: ModelData } = {},
  ): number | number[] {
    const logs = this.evaluateLogs(x, y, args);
    const names = this.metricsNames;
    if (names.length === 0) return logs['loss']!;
    return [logs['loss']!, ...names.map((name) => logs[name]!)];
  }

  /**
   * Like `evaluate`, but returns `{ loss, metricName: value, ... }`.
   * @example model.evaluateLogs(xTest, yTest) // { loss: 0.12, accuracy: 0.95 }
   */
  evaluateLogs(
    x: ModelData,
    y: ModelData,
    args: { batchSize?: number; verbose?: number; sampleWeight?: ModelData } = {},
  ): Record<string, number> {
    const where = `${this.name}.evaluate`;
    assertKnownOptions(where, args, ['batchSize', 'verbose', 'sampleWeight']);
    this.requireCompiled('evaluate');
    const xs = this.prepareInputs(x, 'x', where);
    const n = xs[0]!.shape[0]!;
    const ys = this.prepareTargets(y, n, 'y', where);
    this.checkTargets(xs, ys, 'y', where);
    const sws = this.prepareSampleWeights(args.sampleWeight, n, 'sampleWeight', where);
    return this.evaluateTensors(xs, ys, sws, args.batchSize ?? 32);
  }

  /** @internal evaluateLogs on already-prepared tensors (the fit loop's validation). */
  evaluateTensors(xs: Tensor[], ys: Tensor[], sws: (Tensor | null)[], batchSize: number): Record<string, number> {
    const n = xs[0]!.shape[0]!;
    const acc = this.newLogAccumulator();
    noGrad(() => {
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        const rows = (t: Tensor): Tensor => sliceRows(t, start, end);
        const yb = ys.map(rows);
        const r = this.computeLoss(xs.map(rows), yb, sws.map((w) => (w ? rows(w) : null)), false);
        acc.add(end - start, {
          loss: r.loss.data[0]!,
          outputLosses: r.outputLosses.map((l) => l.data[0]!),
          yPreds: this.activateIfFused(r.yPreds),
          metricWeights: r.metricWeights,
        }, yb);
      }
    });
    return acc.logs();
  }

  /**
   * Trains for `epochs`, returning a History (`history.history.loss`, `val_loss`, metrics).
   * @example const h = await model.fit(x, y, { epochs: 10, batchSize: 32, validationSplit: 0.1 })
   */
  fit(x: ModelData, y: ModelData, args: FitArgs = {}): Promise<History> {
    return fitLoop(this, x, y, args);
  }

  /**
   * Saves the model in TensorFlow.js's layers format to `'file://dir'` (Node),
   * `'indexeddb://name'`, `'localstorage://name'`, `'downloads://name'` (browser) or a handler
   * object `{ save(artifacts) }`; `extra` is JSON stored with it. Load with `loadModel`.
   * @example await model.save('indexeddb://my-model', { extra: { vocabulary } })
   */
  async save(target: SaveTarget, options: SaveOptions = {}): Promise<ModelSaveResult> {
    return modelSaver(`${this.name}.save`)(this, target, options);
  }
}

/**
 * The logged values of an epoch (or an evaluation): the sample-weighted mean loss, each
 * output's loss when there are several, and each metric over every batch seen.
 * @internal
 */
export class LogAccumulator {
  private lossSum = 0;
  private outputLossSums: number[];
  private seen = 0;
  private metrics: MetricAccumulator[][] | null = null;

  constructor(private readonly model: LayersModel) {
    this.outputLossSums = model.requireCompiled('fit').outputs.map(() => 0);
  }

  /** Adds one batch of `size` samples; a non-finite loss is left out (fit's onNaN 'continue'). */
  add(size: number, step: { loss: number; outputLosses: number[]; yPreds: Tensor[] | null; metricWeights: (Tensor | null)[] }, ys: Tensor[]): void {
    if (Number.isFinite(step.loss)) {
      this.lossSum += step.loss * size;
      step.outputLosses.forEach((l, k) => (this.outputLossSums[k]! += l * size));
      this.seen += size;
    }
    const preds = step.yPreds;
    if (!preds) return;
    this.metrics ??= preds.map((p, k) => this.model.metricsFor(k, p, ys[k]!).map((m) => new MetricAccumulator(m)));
    this.metrics.forEach((list, k) => list.forEach((acc) => acc.update(ys[k]!, preds[k]!, step.metricWeights[k] ?? null)));
  }

  /** `{ loss, ...metricsNames }` so far (NaN loss before any finite batch). */
  logs(): Record<string, number> {
    const logs: Record<string, number> = { loss: this.seen ? this.lossSum / this.seen : NaN };
    const names = this.model.metricsNames;
    const state = this.model.requireCompiled('fit');
    let i = 0;
    if (state.outputs.length > 1) {
      state.outputs.forEach((_, k) => (logs[names[i++]!] = this.seen ? this.outputLossSums[k]! / this.seen : NaN));
    }
    state.outputs.forEach((out, k) => {
      out.metricIds.forEach((_, j) => (logs[names[i++]!] = this.metrics?.[k]?.[j]?.result() ?? 0));
    });
    return logs;
  }
}

/** True for `{ name: data }`: a plain object that is not itself tensor-like. */
function isKeyedData(data: unknown): data is Record<string, TensorLike> {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && !ArrayBuffer.isView(data) && !(data instanceof Tensor) && !isTfjsTensorLike(data);
}

/** One value per output from a single value, a list in output order, or an object keyed by output name. */
function perOutput<T>(where: string, option: string, value: unknown, names: string[], isItem: (v: unknown) => boolean, broadcast = true): T[] {
  if (isItem(value)) {
    if (!broadcast && names.length > 1) throw new ValueError(`${where}: option '${option}' expected a list or an object keyed by output name (${names.join(', ')})`);
    return names.map(() => value as T);
  }
  if (Array.isArray(value)) {
    if (value.length !== names.length || !value.every(isItem)) {
      throw new ValueError(`${where}: option '${option}' expected ${names.length} entries (one per output${names.length > 1 ? `: ${names.join(', ')}` : ''}), got a list of ${value.length}`);
    }
    return value as T[];
  }
  if (typeof value === 'object' && value !== null && names.length > 1) {
    const record = value as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !names.includes(k));
    if (unknown.length) throw new ValueError(`${where}: option '${option}' has key(s) ${unknown.map((k) => `'${k}'`).join(', ')} that name no output (outputs: ${names.join(', ')})`);
    return names.map((name) => {
      const v = record[name];
      if (v === undefined || !isItem(v)) throw new ValueError(`${where}: option '${option}' has no valid entry for output '${name}'`);
      return v as T;
    });
  }
  throw new ValueError(`${where}: option '${option}' got ${JSON.stringify(value)}, which is not a valid value`);
}

/** Metrics per output: one flat list for every output, a list of lists, or an object keyed by output name. */
function perOutputMetrics(where: string, metrics: CompileArgs['metrics'], names: string[]): MetricIdentifier[][] {
  if (metrics === undefined) return names.map(() => []);
  if (Array.isArray(metrics)) {
    const nested = metrics.length > 0 && metrics.every((m) => Array.isArray(m));
    if (!nested) return names.map(() => metrics as MetricIdentifier[]);
    if (metrics.length !== names.length) throw new ValueError(`${where}: option 'metrics' expected ${names.length} lists (one per output), got ${metrics.length}`);
    return metrics as MetricIdentifier[][];
  }
  if (typeof metrics === 'object' && metrics !== null) {
    const unknown = Object.keys(metrics).filter((k) => !names.includes(k));
    if (unknown.length) throw new ValueError(`${where}: option 'metrics' has key(s) ${unknown.map((k) => `'${k}'`).join(', ')} that name no output (outputs: ${names.join(', ')})`);
    return names.map((name) => metrics[name] ?? []);
  }
  throw new ValueError(`${where}: option 'metrics' expected a list or an object keyed by output name`);
}

/**
 * Creates a functional model from symbolic inputs and outputs, as `tf.model` does.
 * @example
 * const x = input({ shape: [12, 1] });
 * const m = model({ inputs: x, outputs: layers.dense({ units: 1 }).apply(layers.lstm({ units: 8 }).apply(x)) });
 */
export function model(args: ModelArgs): LayersModel {
  return new LayersModel(args);
}
