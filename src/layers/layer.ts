/**
 * The Layer base: `build` creates weights from the input shape, `call` computes, `apply`
 * is the public eager entry point (converts input, builds on first use, checks shapes).
 * Subclasses stay small: one file per layer, as in Keras 3.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { type DType, Tensor, type TensorLike, assertFinite, toTensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { type GraphNode, SymbolicTensor, isSymbolic } from './symbolicTensor.js';
import { type Regularizer, type RegularizerLike, getRegularizer, regularizationPenalty } from '../regularizers/regularizers.js';
import type { Constraint } from '../constraints/constraints.js';
import { recordActivityLoss } from './activityLosses.js';

/** A shape with `null` where any size is accepted (the batch, usually the time axis). */
export type Shape = (number | null)[];

/** Options every layer accepts, as in tfjs. */
export interface LayerArgs {
  /** Unique name; defaults to `<class>_<n>`. */
  name?: string;
  /** Input shape without the batch axis, e.g. `[timesteps, features]`; first layer only. */
  inputShape?: (number | null)[];
  /** Input shape with the batch axis (needed by stateful layers). */
  batchInputShape?: (number | null)[];
  /** Fixed batch size, combined with `inputShape`. */
  batchSize?: number;
  /** Whether the layer's weights are updated by training (default true). */
  trainable?: boolean;
  /** Weight and computation dtype (default 'float32'; 'float64' for gradient checks). */
  dtype?: DType;
  /**
   * A penalty on the layer's output added to the loss (Keras's `activity_regularizer`), e.g.
   * `regularizers.l1({ l1: 1e-4 })`. As in Keras 3 it is not divided by the batch size.
   */
  activityRegularizer?: RegularizerLike | null;
}

export const layerArgKeys = ['name', 'inputShape', 'batchInputShape', 'batchSize', 'trainable', 'dtype', 'activityRegularizer'] as const;

/** What `call` receives besides the input. */
export interface CallArgs {
  /** True inside `fit`/`trainOnBatch`: dropout is active. */
  training: boolean;
  /** `[batch, time]` of 1 (real step) and 0 (padding), or null. */
  mask: Tensor | null;
  /**
   * One mask per input when the layer was called with a list of inputs (merge and attention
   * layers); `mask` is then null.
   */
  masks?: (Tensor | null)[] | undefined;
  /** Initial states for recurrent layers (LSTM: `[h, c]`). */
  initialState?: Tensor[] | undefined;
}

/** Options of the public `apply`. */
export interface ApplyOptions {
  /**
   * Initial states, LSTM: `[h0, c0]`, GRU and SimpleRNN: `[h0]`, each `[batch, units]`; in a
   * functional model, symbolic tensors (e.g. an encoder's final states).
   */
  initialState?: (TensorLike | SymbolicTensor)[];
  /**
   * `[batch, time]` 0/1 mask; 0 marks padding. For a layer called with a list of inputs, a
   * list with one mask (or null) per input. Not used on symbolic inputs: masks flow along the
   * graph there, as in Keras.
   */
  mask?: TensorLike | (Tensor | null)[];
  /**
   * Activates dropout (default false). On symbolic inputs it fixes the mode of this call in
   * the model; left out, the call follows the model (training in `fit`, inference in `predict`).
   */
  training?: boolean;
}

/** A weight owned by a layer. */
export interface LayerVariable {
  /** Keras-style name, e.g. `lstm_1/kernel`. */
  readonly name: string;
  /** The weight's values; training updates them in place. */
  readonly value: Tensor;
  /** Whether training updates it. */
  readonly trainable: boolean;
  /** A penalty on its values added to the loss while it is trainable (e.g. a kernelRegularizer). */
  readonly regularizer?: Regularizer | null;
  /** A projection applied after every optimizer step (e.g. a kernelConstraint). */
  readonly constraint?: Constraint | null;
}

/** Per-weight options of `addWeight`. */
export interface WeightOptions {
  /** A penalty on the weight added to the loss (Keras's kernel_regularizer and friends). */
  regularizer?: Regularizer | null;
  /** Applied to the weight after each optimizer step (Keras's kernel_constraint and friends). */
  constraint?: Constraint | null;
}

const nameCounters = new Map<string, number>();

/** Makes the default name `lstm`, `lstm_1`, `lstm_2`, ... as tfjs does. */
export function uniqueLayerName(prefix: string): string {
  const n = nameCounters.get(prefix) ?? 0;
  nameCounters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

function snakeCase(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * What every layer shares: a name, weights created on first use (`build`), `apply` to run it
 * on data, `getWeights`/`setWeights` in Keras order, and `getConfig` to save it. Make layers
 * with the factories in `layers` (`layers.lstm`, `layers.dense`, ...).
 *
 * @example
 * const layer = layers.dense({ units: 2, inputShape: [3] });
 * layer.apply([[1, 2, 3]]);          // builds, then runs: a [1, 2] Tensor
 * layer.getWeights().map((w) => w.shape); // [[3, 2], [2]]
 */
export abstract class Layer {
  /** Keras class name, e.g. `'LSTM'`; used by `summary()` and serialisation. */
  abstract readonly className: string;
  /** Unique name (`lstm`, `lstm_1`, ... unless given); weight names start with it. */
  readonly name: string;
  /** Weight and computation dtype. */
  readonly dtype: DType;
  /** Whether training updates this layer's weights; set false to freeze it. */
  trainable: boolean;
  /** True once `build` created the weights (on first use, or at once with `inputShape`). */
  built = false;
  /** Full input shape including batch (`null` batch unless fixed). */
  batchInputShape: Shape | null;
  /** Input shape seen at build time (the first input's, for a layer called with a list). */
  builtInputShape: Shape | null = null;
  /** Every input's shape seen at build time, for a layer called with a list of inputs. */
  builtInputShapeList: Shape[] | null = null;
  /** @internal The calls of this layer on symbolic tensors (one per use in a graph). */
  readonly inboundNodes: GraphNode[] = [];
  /** Whether the layer passes a mask through unchanged (if it does not consume it). */
  supportsMasking = false;
  /** The penalty on this layer's outputs added to the loss, or null. */
  readonly activityRegularizer: Regularizer | null;
  /** @internal The layer's weights, in creation (Keras) order. */
  protected readonly variables: LayerVariable[] = [];

  constructor(args: LayerArgs, defaultPrefix: string) {
    this.name = args.name ?? uniqueLayerName(defaultPrefix);
    this.dtype = args.dtype ?? 'float32';
    this.trainable = args.trainable ?? true;
    this.activityRegularizer = args.activityRegularizer == null ? null : getRegularizer(args.activityRegularizer, defaultPrefix, 'activityRegularizer');
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
  }

  /**
   * Creates the weights for `inputShape` (batch axis included); a list of shapes for a layer
   * called with a list of inputs.
   */
  build(inputShape: Shape | Shape[]): void {
    void inputShape;
  }

  /**
   * The computation on already-converted input: one tensor, or a list for layers that take
   * several (merge and attention layers).
   */
  abstract call(inputs: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[];

  /** Output shape for `inputShape` (batch axis included; a list of shapes for list inputs). */
  abstract computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[];

  /**
   * The mask this layer passes on (for its first output; further outputs such as states carry
   * none). Default: unchanged when `supportsMasking`, else none; with list inputs, the first
   * input's mask.
   */
  computeMask(inputs: Tensor | Tensor[], mask: Tensor | null | (Tensor | null)[]): Tensor | null {
    void inputs;
    if (!this.supportsMasking) return null;
    return Array.isArray(mask) ? (mask[0] ?? null) : mask;
  }

  /** Checks the input rank and sizes before building/calling (throw a ShapeError naming the layer); subclasses may override. */
  protected checkInput(x: Tensor | Tensor[]): void {
    void x;
  }

  /** @internal Builds on first use, as tfjs's eager mode does. */
  ensureBuilt(inputShape: Shape | Shape[]): void {
    if (this.built) return;
    if (isShapeList(inputShape)) {
      this.builtInputShapeList = inputShape.map((s) => [...s]);
      this.builtInputShape = inputShape[0] ? [...inputShape[0]] : null;
    } else {
      this.builtInputShape = [...inputShape];
    }
    this.build(inputShape);
    this.built = true;
  }

  /**
   * Runs the layer on data, or, given symbolic tensors (from `input(...)` or another layer's
   * symbolic output), records the call in a graph and returns symbolic outputs (the
   * functional API). Returns the output, or `[output, ...states]` with `returnState`. A layer
   * that takes several inputs (merge, attention) gets a list.
   * @example layers.lstm({ units: 4 }).apply([[[1], [2], [3]]]).shape // [1, 4]
   * @example
   * const x = input({ shape: [null, 3] });
   * const y = layers.lstm({ units: 4 }).apply(x); // a SymbolicTensor of shape [null, 4]
   */
  apply(x: TensorLike | Tensor[], options?: ApplyOptions): Tensor | Tensor[];
  apply(x: SymbolicTensor | SymbolicTensor[], options?: ApplyOptions): SymbolicTensor | SymbolicTensor[];
  apply(x: TensorLike | Tensor[] | SymbolicTensor | SymbolicTensor[], options: ApplyOptions = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    if (isSymbolic(x) || options.initialState?.some((s) => s instanceof SymbolicTensor)) {
      return this.applySymbolic(x, options);
    }
    const where = `${this.name}.apply`;
    const training = options.training ?? false;
    const initialState = options.initialState?.map((s, i) => toTensor(s as TensorLike, `initialState[${i}]`, { dtype: this.dtype }));
    if (isTensorList(x)) {
      x.forEach((t, i) => assertFinite(where, `x[${i}]`, t));
      const masks = this.listMasks(where, x, options.mask);
      return this.invoke(x, { training, mask: null, masks, initialState });
    }
    const input = toTensor(x as TensorLike, 'x', { dtype: this.dtype });
    assertFinite(where, 'x', input);
    const mask = options.mask === undefined ? null : this.checkedMask(where, 'mask', input, toTensor(options.mask as TensorLike, 'mask', { dtype: this.dtype }));
    return this.invoke(input, { training, mask, initialState });
  }

  private checkedMask(where: string, argName: string, input: Tensor, mask: Tensor): Tensor {
    if (mask.rank !== 2 || mask.shape[0] !== input.shape[0] || mask.shape[1] !== input.shape[1]) {
      throw new ShapeError(
        `${where}: argument '${argName}' expected shape [${input.shape[0]}, ${input.shape[1]}], got ${formatShape(mask.shape)}`,
      );
    }
    return mask;
  }

  private listMasks(where: string, inputs: Tensor[], mask: ApplyOptions['mask']): (Tensor | null)[] | undefined {
    if (mask === undefined) return undefined;
    if (!Array.isArray(mask) || mask.length !== inputs.length || !mask.every((m) => m === null || m instanceof Tensor)) {
      throw new ValueError(`${where}: argument 'mask' expected a list of ${inputs.length} masks (Tensor or null, one per input), got ${Array.isArray(mask) ? `a list of ${mask.length}` : typeof mask}`);
    }
    return mask.map((m, i) => (m === null ? null : this.checkedMask(where, `mask[${i}]`, inputs[i]!, m as Tensor)));
  }

  /** Records a call on symbolic tensors: builds the layer for their shapes, returns symbolic outputs. */
  private applySymbolic(x: TensorLike | Tensor[] | SymbolicTensor | SymbolicTensor[], options: ApplyOptions): SymbolicTensor | SymbolicTensor[] {
    const where = `${this.name}.apply`;
    const inputIsList = Array.isArray(x) && (x.length === 0 || x.every((v) => v instanceof SymbolicTensor || v instanceof Tensor));
    const list = (inputIsList ? x : [x]) as unknown[];
    list.forEach((v, i) => {
      if (!(v instanceof SymbolicTensor)) {
        throw new ValueError(`${where}: argument '${inputIsList ? `x[${i}]` : 'x'}' expected a symbolic tensor (from input() or another layer's symbolic output) like the other inputs, got ${v instanceof Tensor ? 'a Tensor with values' : typeof v}; a graph cannot mix symbolic tensors and data`);
      }
    });
    if (options.mask !== undefined) {
      throw new ValueError(`${where}: option 'mask' is for calls on data; in a functional model masks flow along the graph (from embedding({ maskZero }) or masking), as in Keras`);
    }
    const initialState = (options.initialState ?? []).map((s, i) => {
      if (!(s instanceof SymbolicTensor)) {
        throw new ValueError(`${where}: option 'initialState[${i}]' expected a symbolic tensor when the input is symbolic, got ${s instanceof Tensor ? 'a Tensor with values' : typeof s}`);
      }
      return s;
    });
    const symbols = list as SymbolicTensor[];
    const shapes = symbols.map((s) => [...s.shape]);
    const inputShape = inputIsList ? shapes : shapes[0]!;
    this.ensureBuilt(inputShape);
    const out = this.computeOutputShape(inputShape);
    const outShapes = isShapeList(out) ? out : [out];
    const node: GraphNode = {
      layer: this, inputs: symbols, inputIsList, initialState, training: options.training, outputs: [], index: this.inboundNodes.length,
    };
    outShapes.forEach((shape, i) => node.outputs.push(new SymbolicTensor([...shape], this.dtype, node, i, `${this.name}/${node.index}:${i}`)));
    this.inboundNodes.push(node);
    return isShapeList(out) ? node.outputs : node.outputs[0]!;
  }

  /** @internal Shape checks, build, call: the path shared by `apply` and models. */
  invoke(input: Tensor | Tensor[], args: CallArgs): Tensor | Tensor[] {
    this.checkInput(input);
    if (Array.isArray(input)) this.ensureBuilt(input.map((t) => t.shape.map((d, i) => (i === 0 ? null : d))));
    else this.ensureBuilt(input.shape.map((d, i) => (i === 0 ? null : d)));
    const output = this.call(input, args);
    if (this.activityRegularizer) {
      // Keras penalises every output of the call (a recurrent layer's states too).
      for (const out of Array.isArray(output) ? output : [output]) recordActivityLoss(() => regularizationPenalty(this.activityRegularizer!, out));
    }
    return output;
  }

  /**
   * The penalties of this layer's trainable weights that have a regularizer, as differentiable
   * scalars (Keras's `layer.losses` without the activity part); a model adds them to its loss.
   * @example layers.dense({ units: 2, kernelRegularizer: regularizers.l2() }).regularizationLosses()
   */
  regularizationLosses(): Tensor[] {
    return this.trainableWeights.filter((v) => v.regularizer).map((v) => regularizationPenalty(v.regularizer!, v.value));
  }

  /**
   * Adds a weight initialised by `initializer`, named `<layer>/<name>`; call it from `build`
   * in a layer you write. Trainable weights get gradients from the tape and optimizer updates;
   * `trainable: false` keeps a weight out of training (e.g. moving statistics).
   * @example
   * class Scale extends layers.Layer {
   *   readonly className = 'Scale';
   *   private gain!: Tensor;
   *   override build(shape: Shape) { this.gain = this.addWeight('gain', [shape.at(-1) as number], 'ones'); }
   *   call(x: Tensor) { return ops.mul(x, this.gain); }
   *   computeOutputShape(shape: Shape) { return shape; }
   * }
   */
  protected addWeight(name: string, shape: number[], initializer: InitializerLike, trainable = true, options: WeightOptions = {}): Tensor {
    const init = getInitializer(initializer, this.className, name);
    const value = new Tensor(init.apply(shape, this.dtype), shape);
    value.requiresGrad = trainable && this.trainable;
    this.variables.push({ name: `${this.name}/${name}`, value, trainable, regularizer: options.regularizer ?? null, constraint: options.constraint ?? null });
    return value;
  }

  /** All weights, in Keras order. */
  get weights(): LayerVariable[] {
    return [...this.variables];
  }

  /** Weights updated by training. */
  get trainableWeights(): LayerVariable[] {
    return this.trainable ? this.variables.filter((v) => v.trainable) : [];
  }

  /** Copies of the weights in Keras order and layout. */
  getWeights(): Tensor[] {
    return this.weights.map((v) => v.value.clone());
  }

  /** Replaces the weights (Keras order and layout); shapes must match exactly. */
  setWeights(weights: TensorLike[]): void {
    const mine = this.weights;
    if (weights.length !== mine.length) {
      throw new ValueError(
        `${this.name}.setWeights: expected ${mine.length} weight arrays (${mine.map((v) => v.name).join(', ')}), got ${weights.length}`,
      );
    }
    weights.forEach((w, i) => {
      const target = mine[i]!.value;
      const t = toTensor(w, `weights[${i}]`, { dtype: this.dtype });
      if (t.size !== target.size || (t.rank > 1 && formatShape(t.shape) !== formatShape(target.shape))) {
        throw new ShapeError(
          `${this.name}.setWeights: argument 'weights[${i}]' (${mine[i]!.name}) expected shape ${formatShape(target.shape)}, got ${formatShape(t.shape)}`,
        );
      }
      assertFinite(`${this.name}.setWeights`, `weights[${i}]`, t);
      target.data.set(t.data);
    });
  }

  /** Number of scalars in the weights. */
  countParams(): number {
    return this.variables.reduce((n, v) => n + v.value.size, 0);
  }

  /** Clears kept state (stateful recurrent layers); a no-op elsewhere. */
  resetStates(): void {}

  /** Constructor options that recreate this layer (for serialisation). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape) config['batchInputShape'] = this.batchInputShape;
    if (this.activityRegularizer) config['activityRegularizer'] = this.activityRegularizer;
    return config;
  }

  /** @internal Keras's snake_case default-name prefix for a class name. */
  static defaultPrefix(className: string): string {
    return snakeCase(className);
  }
}

/** Throws when an input's rank differs from what the layer needs. */
export function assertRank(where: string, x: Tensor, rank: number, description: string): void {
  if (x.rank !== rank) {
    throw new ShapeError(
      `${where}: argument 'x' expected rank ${rank} ${description}, got shape ${formatShape(x.shape)}`,
    );
  }
}

/** True for a list of shapes (a layer with several inputs or outputs), false for one shape. */
export function isShapeList(shape: Shape | Shape[]): shape is Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

function isTensorList(x: unknown): x is Tensor[] {
  return Array.isArray(x) && x.length > 0 && x.every((v) => v instanceof Tensor);
}
