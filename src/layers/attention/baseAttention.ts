/**
 * The part Attention and AdditiveAttention share, as Keras's AdditiveAttention shares
 * Attention's: options for dropout, the causal mask and returning the scores, the list-input
 * contract, masks (the value mask hides keys, the query mask zeroes output rows and is the
 * output's mask), output shapes.
 */
import { assertInt, assertKnownOptions, assertNumber, ValueError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { AttendOptions, AttentionResult } from '../../ops/attention/attend.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from '../layer.js';
import { attentionShapes, causalOption, checkAttentionInputs, inputMasks } from './attentionInputs.js';
import { WeightDropout } from './weightDropout.js';

/** Options Attention and AdditiveAttention share. */
export interface BaseAttentionArgs extends LayerArgs {
  /** Fraction of the attention weights dropped while training, in [0, 1) (default 0). */
  dropout?: number;
  /** Seed of the dropout's own random stream (default: the library's stream). */
  seed?: number;
  /**
   * Hides key positions after the query's own (j > i), for decoder self-attention (default
   * false). Keras 3 passes it at call time (`use_causal_mask`); here it is an option.
   */
  useCausalMask?: boolean;
  /** Keras 2's name for `useCausalMask`. */
  causal?: boolean;
  /**
   * Return `[output, scores]` with the `[batch, Tq, Tv]` attention weights (default false;
   * Keras 3's call argument `return_attention_scores`).
   */
  returnAttentionScores?: boolean;
}

export const baseAttentionKeys = [...layerArgKeys, 'dropout', 'seed', 'useCausalMask', 'causal', 'returnAttentionScores'];

/** Attention over `[query, value]` or `[query, value, key]`; subclasses supply the scores. */
export abstract class BaseAttention extends Layer {
  /** Fraction of the attention weights dropped while training. */
  readonly dropout: number;
  /** Seed of the dropout's own stream, or null. */
  readonly seed: number | null;
  /** Whether key positions after the query's are hidden. */
  readonly useCausalMask: boolean;
  /** Whether the layer returns `[output, scores]`. */
  readonly returnAttentionScores: boolean;
  private readonly weightDropout: WeightDropout;

  constructor(args: BaseAttentionArgs, prefix: string, where: string, keys: readonly string[]) {
    assertKnownOptions(where, args, keys);
    super(args, prefix);
    assertNumber(where, 'dropout', args.dropout ?? 0, 0, 1);
    if (args.dropout === 1) throw new ValueError(`${where}: option 'dropout' expected a number in [0, 1), got 1 (it would drop every weight)`);
    if (args.seed !== undefined) assertInt(where, 'seed', args.seed);
    if (args.returnAttentionScores !== undefined && typeof args.returnAttentionScores !== 'boolean') {
      throw new ValueError(`${where}: option 'returnAttentionScores' expected true or false, got ${JSON.stringify(args.returnAttentionScores)}`);
    }
    this.dropout = args.dropout ?? 0;
    this.seed = args.seed ?? null;
    this.useCausalMask = causalOption(where, args.useCausalMask, args.causal);
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.weightDropout = new WeightDropout(this.dropout, this.seed);
    this.supportsMasking = true;
  }

  /** Whether the scores need the key's features to equal the query's. */
  protected abstract readonly sameKeyDim: boolean;

  /** Whether the weights depend on the feature sizes (then later calls must keep them). */
  protected abstract readonly weightsFixFeatures: boolean;

  /** The fused op of the subclass. */
  protected abstract attendOp(query: Tensor, value: Tensor, key: Tensor | null, opts: AttendOptions): AttentionResult;

  /** @internal */
  protected override checkInput(x: Tensor | Tensor[]): void {
    checkAttentionInputs(`${this.name}.apply`, x, this.sameKeyDim, this.weightsFixFeatures && this.built ? this.builtInputShapeList : null);
  }

  override call(inputs: Tensor[], args: CallArgs): Tensor | Tensor[] {
    const [query, value] = inputs as [Tensor, Tensor];
    const key = inputs[2] ?? null;
    // Keras's Attention reads the query and value masks; a key has no mask of its own there.
    const [queryMask, valueMask] = inputMasks(args);
    const dropoutMask = args.training && this.dropout > 0
      ? this.weightDropout.mask(this.dtype, [query.shape[0]!, query.shape[1]!, value.shape[1]!])
      : null;
    const { output, scores } = this.attendOp(query, value, key, { queryMask, valueMask, causal: this.useCausalMask, dropoutMask });
    return this.returnAttentionScores ? [output, scores] : output;
  }

  /** The query's mask: output rows follow the query. */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null | (Tensor | null)[]): Tensor | null {
    return Array.isArray(mask) ? (mask[0] ?? null) : null;
  }

  /** `[batch, Tq, valueDim]`, and `[batch, Tq, Tv]` for the scores with `returnAttentionScores`. */
  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const { query, value } = attentionShapes(`${this.name}.computeOutputShape`, inputShape, this.sameKeyDim);
    const out: Shape = [query[0]!, query[1]!, value[2]!];
    return this.returnAttentionScores ? [out, [query[0]!, query[1]!, value[1]!]] : out;
  }

  /** @internal Checks the shapes before the subclass creates weights. */
  protected checkBuildShape(inputShape: Shape | Shape[]): Shape[] {
    const s = attentionShapes(`${this.name}.build`, inputShape, this.sameKeyDim);
    return [s.query, s.value, s.key];
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(), dropout: this.dropout, useCausalMask: this.useCausalMask, returnAttentionScores: this.returnAttentionScores,
    };
    if (this.seed !== null) config['seed'] = this.seed;
    return config;
  }
}
