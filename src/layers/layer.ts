/**
 * The Layer base: `build` creates weights from the input shape, `call` computes, `apply`
 * is the public eager entry point (converts input, builds on first use, checks shapes).
 * Subclasses stay small: one file per layer, as in Keras 3.
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import { type DType, Tensor, type TensorLike, assertFinite, toTensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';

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
}

export const layerArgKeys = ['name', 'inputShape', 'batchInputShape', 'batchSize', 'trainable', 'dtype'] as const;

/** What `call` receives besides the input. */
export interface CallArgs {
  /** True inside `fit`/`trainOnBatch`: dropout is active. */
  training: boolean;
  /** `[batch, time]` of 1 (real step) and 0 (padding), or null. */
  mask: Tensor | null;
  /** Initial states for recurrent layers (LSTM: `[h, c]`). */
  initialState?: Tensor[] | undefined;
}

/** Options of the public `apply`. */
export interface ApplyOptions {
  /** Initial states, LSTM: `[h0, c0]`, GRU and SimpleRNN: `[h0]`, each `[batch, units]`. */
  initialState?: TensorLike[];
  /** `[batch, time]` 0/1 mask; 0 marks padding. */
  mask?: TensorLike;
  /** Activates dropout (default false). */
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
  /** Input shape seen at build time. */
  builtInputShape: Shape | null = null;
  /** Whether the layer passes a mask through unchanged (if it does not consume it). */
  supportsMasking = false;
  /** @internal The layer's weights, in creation (Keras) order. */
  protected readonly variables: LayerVariable[] = [];

  constructor(args: LayerArgs, defaultPrefix: string) {
    this.name = args.name ?? uniqueLayerName(defaultPrefix);
    this.dtype = args.dtype ?? 'float32';
    this.trainable = args.trainable ?? true;
    if (args.batchInputShape) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
  }

  /** Creates the weights for `inputShape` (batch axis included). */
  build(inputShape: Shape): void {
    void inputShape;
  }

  /** The computation on an already-converted input. */
  abstract call(inputs: Tensor, args: CallArgs): Tensor | Tensor[];

  /** Output shape for `inputShape` (batch axis included). */
  abstract computeOutputShape(inputShape: Shape): Shape | Shape[];

  /** The mask this layer passes on. Default: unchanged when `supportsMasking`, else none. */
  computeMask(inputs: Tensor, mask: Tensor | null): Tensor | null {
    void inputs;
    return this.supportsMasking ? mask : null;
  }

  /** @internal Checks the input rank and sizes before building/calling; subclasses may override. */
  protected checkInput(x: Tensor): void {
    void x;
  }

  /** @internal Builds on first use, as tfjs's eager mode does. */
  ensureBuilt(inputShape: Shape): void {
    if (this.built) return;
    this.builtInputShape = [...inputShape];
    this.build(inputShape);
    this.built = true;
  }

  /**
   * Runs the layer on data. Returns the output, or `[output, ...states]` with `returnState`.
   * @example layers.lstm({ units: 4 }).apply([[[1], [2], [3]]]).shape // [1, 4]
   */
  apply(x: TensorLike, options: ApplyOptions = {}): Tensor | Tensor[] {
    const where = `${this.name}.apply`;
    const input = toTensor(x, 'x', { dtype: this.dtype });
    assertFinite(where, 'x', input);
    const mask = options.mask === undefined ? null : toTensor(options.mask, 'mask', { dtype: this.dtype });
    if (mask) {
      if (mask.rank !== 2 || mask.shape[0] !== input.shape[0] || mask.shape[1] !== input.shape[1]) {
        throw new ShapeError(
          `${where}: argument 'mask' expected shape [${input.shape[0]}, ${input.shape[1]}], got ${formatShape(mask.shape)}`,
        );
      }
    }
    const initialState = options.initialState?.map((s, i) => toTensor(s, `initialState[${i}]`, { dtype: this.dtype }));
    return this.invoke(input, { training: options.training ?? false, mask, initialState });
  }

  /** @internal Shape checks, build, call: the path shared by `apply` and models. */
  invoke(input: Tensor, args: CallArgs): Tensor | Tensor[] {
    this.checkInput(input);
    this.ensureBuilt(input.shape.map((d, i) => (i === 0 ? null : d)));
    return this.call(input, args);
  }

  /** @internal Adds a weight initialised by `initializer`. */
  protected addWeight(name: string, shape: number[], initializer: InitializerLike, trainable = true): Tensor {
    const init = getInitializer(initializer, this.className, name);
    const value = new Tensor(init.apply(shape, this.dtype), shape);
    value.requiresGrad = trainable && this.trainable;
    this.variables.push({ name: `${this.name}/${name}`, value, trainable });
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
