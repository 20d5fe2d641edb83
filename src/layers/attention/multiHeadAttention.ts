/**
 * `layers.multiHeadAttention`: Keras's `MultiHeadAttention` over `[batch, time, features]`
 * inputs `[query, value]` or `[query, value, key]`. Weights in Keras's layout and order:
 * `query/kernel` `[queryDim, numHeads, keyDim]`, `query/bias` `[numHeads, keyDim]`, the same
 * for `key` (and `value` with `valueDim`), then `attention_output/kernel`
 * `[numHeads, valueDim, ...outputShape]` and `attention_output/bias` `[...outputShape]`.
 *
 * Masks follow Keras: the query, value and key masks, the causal mask and an explicit
 * attention mask combine into one `[batch, T, S]` mask of allowed pairs (a masked query row
 * attends nowhere and so spreads its weights evenly; its output row is not zeroed), and the
 * output carries the query's mask.
 *
 * @example
 * const mha = layers.multiHeadAttention({ numHeads: 2, keyDim: 4 });
 * mha.apply([x, x]).shape // self-attention: the shape of x
 */
import { ShapeError, ValueError, assertInt, assertKnownOptions, assertNumber, formatShape } from '../../tensor/errors.js';
import { type TensorLike, Tensor, toTensor } from '../../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../../initializers/initializers.js';
import { multiHeadAttention as multiHeadAttentionOp } from '../../ops/attention/multiHeadAttention.js';
import { type ApplyOptions, type CallArgs, Layer, type LayerArgs, type Shape, layerArgKeys } from '../layer.js';
import { initializerConfig } from '../dense.js';
import { attentionShapes, causalOption, checkAttentionInputs, inputMasks } from './attentionInputs.js';
import { WeightDropout } from './weightDropout.js';

export interface MultiHeadAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  numHeads: number;
  /** Size of each head for query and key. */
  keyDim: number;
  /** Size of each head for value (default `keyDim`). */
  valueDim?: number;
  /** Fraction of the attention weights dropped while training, in [0, 1) (default 0). */
  dropout?: number;
  /** Whether the four projections have biases (default true). */
  useBias?: boolean;
  /** The output's shape after batch and time (default: the query's last axis). */
  outputShape?: number | number[];
  /**
   * Axes attention runs over; only the time axis is supported (null, 1 or -2 for rank-3
   * inputs, Keras's default), accepted so Keras configs load.
   */
  attentionAxes?: number | number[] | null;
  /** Initialiser of the four kernels (default 'glorotUniform'). */
  kernelInitializer?: InitializerLike;
  /** Initialiser of the four biases (default 'zeros'). */
  biasInitializer?: InitializerLike;
  /** Seed of the dropout's own random stream (default: the library's stream). */
  seed?: number;
  /** Hides key positions after the query's (Keras 3's call argument `use_causal_mask`) (default false). */
  useCausalMask?: boolean;
  /** Keras 2's name for `useCausalMask`. */
  causal?: boolean;
  /** Return `[output, scores]` with the `[batch, numHeads, T, S]` weights (default false). */
  returnAttentionScores?: boolean;
}

const mhaKeys = [
  ...layerArgKeys, 'numHeads', 'keyDim', 'valueDim', 'dropout', 'useBias', 'outputShape', 'attentionAxes',
  'kernelInitializer', 'biasInitializer', 'seed', 'useCausalMask', 'causal', 'returnAttentionScores',
];

function timeAxisOnly(where: string, axes: unknown): void {
  if (axes === undefined || axes === null) return;
  const list = Array.isArray(axes) ? axes : [axes];
  if (list.length !== 1 || (list[0] !== 1 && list[0] !== -2)) {
    throw new ValueError(`${where}: option 'attentionAxes' expected null, 1 or -2 (attention over the time axis of [batch, time, features] inputs; lstm-ts has no other), got ${JSON.stringify(axes)}`);
  }
}

export class MultiHeadAttention extends Layer {
  readonly className = 'MultiHeadAttention';
  /** Number of attention heads. */
  readonly numHeads: number;
  /** Size of each head for query and key. */
  readonly keyDim: number;
  /** Size of each head for value. */
  readonly valueDim: number;
  /** Fraction of the attention weights dropped while training. */
  readonly dropout: number;
  /** Whether the projections have biases. */
  readonly useBias: boolean;
  /** The output's shape after batch and time, or null for the query's last axis. */
  readonly outputShape: number[] | null;
  /** Seed of the dropout's own stream, or null. */
  readonly seed: number | null;
  /** Whether key positions after the query's are hidden. */
  readonly useCausalMask: boolean;
  /** Whether the layer returns `[output, scores]`. */
  readonly returnAttentionScores: boolean;
  private readonly kernelInitializer: InitializerLike;
  private readonly biasInitializer: InitializerLike;
  private readonly weightDropout: WeightDropout;
  private pendingAttentionMask: Tensor | null = null;
  /** `[queryDim, numHeads, keyDim]` once built. */
  queryKernel: Tensor | null = null;
  /** `[numHeads, keyDim]` once built (null without `useBias`). */
  queryBias: Tensor | null = null;
  /** `[keyInputDim, numHeads, keyDim]` once built. */
  keyKernel: Tensor | null = null;
  /** `[numHeads, keyDim]` once built (null without `useBias`). */
  keyBias: Tensor | null = null;
  /** `[valueInputDim, numHeads, valueDim]` once built. */
  valueKernel: Tensor | null = null;
  /** `[numHeads, valueDim]` once built (null without `useBias`). */
  valueBias: Tensor | null = null;
  /** `[numHeads, valueDim, ...outputShape]` once built. */
  outputKernel: Tensor | null = null;
  /** `[...outputShape]` once built (null without `useBias`). */
  outputBias: Tensor | null = null;

  constructor(args: MultiHeadAttentionArgs) {
    const where = 'layers.multiHeadAttention';
    assertKnownOptions(where, args, mhaKeys);
    super(args, 'multi_head_attention');
    assertInt(where, 'numHeads', args.numHeads, 1);
    assertInt(where, 'keyDim', args.keyDim, 1);
    if (args.valueDim !== undefined && args.valueDim !== null) assertInt(where, 'valueDim', args.valueDim, 1);
    assertNumber(where, 'dropout', args.dropout ?? 0, 0, 1);
    if (args.dropout === 1) throw new ValueError(`${where}: option 'dropout' expected a number in [0, 1), got 1 (it would drop every weight)`);
    if (args.seed !== undefined) assertInt(where, 'seed', args.seed);
    let outputShape: number[] | null = null;
    if (args.outputShape !== undefined && args.outputShape !== null) {
      outputShape = typeof args.outputShape === 'number' ? [args.outputShape] : Array.isArray(args.outputShape) ? [...args.outputShape] : [];
      if (outputShape.length === 0) throw new ValueError(`${where}: option 'outputShape' expected a positive integer or a non-empty array of them, got ${JSON.stringify(args.outputShape)}`);
      outputShape.forEach((d, i) => assertInt(where, `outputShape[${i}]`, d, 1));
    }
    timeAxisOnly(where, args.attentionAxes);
    if (args.returnAttentionScores !== undefined && typeof args.returnAttentionScores !== 'boolean') {
      throw new ValueError(`${where}: option 'returnAttentionScores' expected true or false, got ${JSON.stringify(args.returnAttentionScores)}`);
    }
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = args.valueDim ?? args.keyDim;
    this.dropout = args.dropout ?? 0;
    this.useBias = args.useBias ?? true;
    this.outputShape = outputShape;
    this.seed = args.seed ?? null;
    this.useCausalMask = causalOption(where, args.useCausalMask, args.causal);
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    getInitializer(this.kernelInitializer, where, 'kernelInitializer');
    getInitializer(this.biasInitializer, where, 'biasInitializer');
    this.weightDropout = new WeightDropout(this.dropout, this.seed);
    this.supportsMasking = true;
  }

  /**
   * The weight shapes for input shapes `[query, value]` or `[query, value, key]`, in Keras's
   * order with Keras's names (the file formats check a file against this before building).
   * @example layers.multiHeadAttention({ numHeads: 2, keyDim: 3 }).plannedWeights([[null, 5, 4], [null, 6, 4]])[0] // ['query/kernel', [4, 2, 3]]
   */
  plannedWeights(inputShape: Shape | Shape[]): [string, number[]][] {
    const { query, value, key } = attentionShapes(`${this.name}.build`, inputShape, false);
    const dim = (name: string, s: Shape): number => {
      const d = s[2];
      if (typeof d !== 'number') throw new ShapeError(`${this.name}.build: the last axis of '${name}' must be known to size the weights, got ${formatShape(s)}`);
      return d;
    };
    const N = this.numHeads;
    const out = this.outputShape ?? [dim('query', query)];
    const plan: [string, number[]][] = [];
    const dense = (name: string, kernel: number[], bias: number[]): void => {
      plan.push([`${name}/kernel`, kernel]);
      if (this.useBias) plan.push([`${name}/bias`, bias]);
    };
    dense('query', [dim('query', query), N, this.keyDim], [N, this.keyDim]);
    dense('key', [dim('key', key), N, this.keyDim], [N, this.keyDim]);
    dense('value', [dim('value', value), N, this.valueDim], [N, this.valueDim]);
    dense('attention_output', [N, this.valueDim, ...out], [...out]);
    return plan;
  }

  override build(inputShape: Shape | Shape[]): void {
    const made = this.plannedWeights(inputShape).map(([name, shape]) =>
      this.addWeight(name, shape, name.endsWith('/kernel') ? this.kernelInitializer : this.biasInitializer));
    const next = (): Tensor | null => made.shift() ?? null;
    this.queryKernel = next();
    if (this.useBias) this.queryBias = next();
    this.keyKernel = next();
    if (this.useBias) this.keyBias = next();
    this.valueKernel = next();
    if (this.useBias) this.valueBias = next();
    this.outputKernel = next();
    if (this.useBias) this.outputBias = next();
  }

  /** @internal */
  protected override checkInput(x: Tensor | Tensor[]): void {
    checkAttentionInputs(`${this.name}.apply`, x, false, this.built ? this.builtInputShapeList : null);
  }

  override call(inputs: Tensor[], args: CallArgs): Tensor | Tensor[] {
    const [query, value] = inputs as [Tensor, Tensor];
    const key = inputs[2] ?? null;
    const [queryMask, valueMask, keyMask] = inputMasks(args);
    const dropoutMask = args.training && this.dropout > 0
      ? this.weightDropout.mask(this.dtype, [query.shape[0]!, this.numHeads, query.shape[1]!, value.shape[1]!])
      : null;
    const { output, scores } = multiHeadAttentionOp(query, value, key, {
      queryKernel: this.queryKernel!, queryBias: this.queryBias, keyKernel: this.keyKernel!, keyBias: this.keyBias,
      valueKernel: this.valueKernel!, valueBias: this.valueBias, outputKernel: this.outputKernel!, outputBias: this.outputBias,
    }, { queryMask, valueMask, keyMask, attentionMask: this.pendingAttentionMask, causal: this.useCausalMask, dropoutMask });
    return this.returnAttentionScores ? [output, scores] : output;
  }

  /**
   * `apply` on data with Keras's `attention_mask`: `[batch, T, S]` 0/1, which query positions
   * may attend to which key positions (combined with the input masks and the causal mask).
   * @example mha.applyWithAttentionMask([q, v], [[[1, 0], [1, 1]]]) // query 0 sees key 0 only
   */
  applyWithAttentionMask(x: Tensor[], attentionMask: TensorLike, options: ApplyOptions = {}): Tensor | Tensor[] {
    const mask = toTensor(attentionMask, 'attentionMask', { dtype: this.dtype });
    const [q, v] = x;
    if (q && v && (mask.rank !== 3 || mask.shape[0] !== q.shape[0] || mask.shape[1] !== q.shape[1] || mask.shape[2] !== v.shape[1])) {
      throw new ShapeError(`${this.name}.applyWithAttentionMask: argument 'attentionMask' expected shape [${q.shape[0]}, ${q.shape[1]}, ${v.shape[1]}] ([batch, query time, value time]), got ${formatShape(mask.shape)}`);
    }
    this.pendingAttentionMask = mask;
    try {
      return this.apply(x, options);
    } finally {
      this.pendingAttentionMask = null;
    }
  }

  /** The query's mask, as Keras sets on the output. */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null | (Tensor | null)[]): Tensor | null {
    return Array.isArray(mask) ? (mask[0] ?? null) : null;
  }

  /** `[batch, T, ...outputShape]`, and `[batch, numHeads, T, S]` for the scores with `returnAttentionScores`. */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const { query, value } = attentionShapes(`${this.name}.computeOutputShape`, inputShape, false);
    const out: Shape = [query[0]!, query[1]!, ...(this.outputShape ?? [query[2]!])];
    return this.returnAttentionScores ? [out, [query[0]!, this.numHeads, query[1]!, value[1]!]] : out;
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputShape: this.outputShape ? [...this.outputShape] : null,
      attentionAxes: null,
      kernelInitializer: initializerConfig(this.kernelInitializer),
      biasInitializer: initializerConfig(this.biasInitializer),
      useCausalMask: this.useCausalMask,
      returnAttentionScores: this.returnAttentionScores,
    };
    if (this.seed !== null) config['seed'] = this.seed;
    return config;
  }
}

/**
 * Creates a MultiHeadAttention layer (see {@link MultiHeadAttentionArgs}).
 * @example layers.multiHeadAttention({ numHeads: 4, keyDim: 16, useCausalMask: true })
 */
export function multiHeadAttention(args: MultiHeadAttentionArgs): MultiHeadAttention {
  return new MultiHeadAttention(args);
}
