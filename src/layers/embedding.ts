/**
 * `layers.embedding`: Keras's Embedding layer. Integer ids `[batch, time]` become vectors
 * `[batch, time, outputDim]` by looking up rows of `embeddings` `[inputDim, outputDim]`.
 * With `maskZero`, id 0 is padding: the layer emits a `[batch, time]` mask that is 0 there,
 * which downstream recurrent layers use to skip those steps.
 *
 * @example
 * const layer = layers.embedding({ inputDim: 100, outputDim: 8, maskZero: true });
 * layer.apply(tensor([[5, 7, 0]])).shape // [1, 3, 8]
 */
import { ShapeError, assertInt, assertKnownOptions, formatShape } from '../tensor/errors.js';
import { Tensor, allocate } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { embeddingLookup } from '../ops/embedding.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from './layer.js';
import type { Regularizer, RegularizerLike } from '../regularizers/regularizers.js';
import type { Constraint, ConstraintLike } from '../constraints/constraints.js';
import { optionalConstraint, optionalRegularizer, penaltyConfig } from './weightPenalties.js';
import { initializerConfig } from './dense.js';

export interface EmbeddingArgs extends LayerArgs {
  /** Vocabulary size: ids must lie in [0, inputDim). */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Treat id 0 as padding and emit a mask (default false). */
  maskZero?: boolean;
  /** Initialiser of `embeddings` (default 'randomUniform', i.e. U(-0.05, 0.05)). */
  embeddingsInitializer?: InitializerLike;
  /** Penalty on `embeddings` added to the loss, e.g. `regularizers.l2()`. */
  embeddingsRegularizer?: RegularizerLike | null;
  /** Projection of `embeddings` after each optimizer step, e.g. `constraints.maxNorm({ axis: 1 })`. */
  embeddingsConstraint?: ConstraintLike | null;
  /** Fixed sequence length (sets the input shape to `[inputLength]` when none is given). */
  inputLength?: number;
}

const embeddingKeys = [...layerArgKeys, 'inputDim', 'outputDim', 'maskZero', 'embeddingsInitializer', 'inputLength', 'embeddingsRegularizer', 'embeddingsConstraint'];

export class Embedding extends Layer {
  readonly className = 'Embedding';
  /** Vocabulary size: ids must lie in [0, inputDim). */
  readonly inputDim: number;
  /** Size of each embedding vector. */
  readonly outputDim: number;
  /** Treat id 0 as padding and emit a mask (default false). */
  readonly maskZero: boolean;
  /** Fixed sequence length (sets the input shape to `[inputLength]` when none is given). */
  readonly inputLength: number | null;
  private readonly embeddingsInitializer: InitializerLike;
  /** Penalty on `embeddings`, or null. */
  readonly embeddingsRegularizer: Regularizer | null;
  /** Projection of `embeddings` after each step, or null. */
  readonly embeddingsConstraint: Constraint | null;
  /** The embedding table `[inputDim, outputDim]` once built (null before). */
  embeddings: Tensor | null = null;

  constructor(args: EmbeddingArgs) {
    const where = 'layers.embedding';
    assertKnownOptions(where, args, embeddingKeys);
    const withLength = args.inputLength !== undefined && !args.inputShape && !args.batchInputShape
      ? { ...args, inputShape: [args.inputLength] }
      : args;
    super(withLength, 'embedding');
    assertInt(where, 'inputDim', args.inputDim, 1);
    assertInt(where, 'outputDim', args.outputDim, 1);
    if (args.inputLength !== undefined) assertInt(where, 'inputLength', args.inputLength, 1);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.maskZero = args.maskZero ?? false;
    this.inputLength = args.inputLength ?? null;
    this.embeddingsInitializer = args.embeddingsInitializer ?? 'randomUniform';
    getInitializer(this.embeddingsInitializer, where, 'embeddingsInitializer');
    this.embeddingsRegularizer = optionalRegularizer(where, 'embeddingsRegularizer', args.embeddingsRegularizer);
    this.embeddingsConstraint = optionalConstraint(where, 'embeddingsConstraint', args.embeddingsConstraint);
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    if (x.rank < 1) {
      throw new ShapeError(`${this.name}.apply: argument 'x' expected integer ids [batch, timesteps], got shape ${formatShape(x.shape)}`);
    }
    if (this.inputLength !== null && x.rank >= 2 && x.shape[1] !== this.inputLength) {
      throw new ShapeError(
        `${this.name}.apply: argument 'x' expected shape [batch, ${this.inputLength}] (inputLength), got ${formatShape(x.shape)}`,
      );
    }
  }

  override build(_inputShape: Shape): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], this.embeddingsInitializer, true, {
      regularizer: this.embeddingsRegularizer, constraint: this.embeddingsConstraint,
    });
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    try {
      return embeddingLookup(x, this.embeddings!);
    } catch (e) {
      // Name the layer, not just the op, so the user knows which Embedding got the bad id.
      if (e instanceof Error) e.message = e.message.replace(/^embeddingLookup/, `${this.name}.apply`);
      throw e;
    }
  }

  /** 1 where the id is not 0, 0 where it is (padding); null unless `maskZero`. */
  override computeMask(inputs: Tensor, _mask: Tensor | null): Tensor | null {
    if (!this.maskZero) return null;
    const m = allocate(inputs.dtype, inputs.size);
    for (let i = 0; i < m.length; i++) m[i] = inputs.data[i] === 0 ? 0 : 1;
    return new Tensor(m, inputs.shape);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      maskZero: this.maskZero,
      embeddingsInitializer: initializerConfig(this.embeddingsInitializer),
      ...penaltyConfig({ embeddingsRegularizer: this.embeddingsRegularizer, embeddingsConstraint: this.embeddingsConstraint }),
    };
    if (this.inputLength !== null) config['inputLength'] = this.inputLength;
    return config;
  }
}

/**
 * Creates an Embedding layer (see {@link EmbeddingArgs}).
 * @example layers.embedding({ inputDim: 10_000, outputDim: 64, maskZero: true, inputShape: [100] })
 */
export function embedding(args: EmbeddingArgs): Embedding {
  return new Embedding(args);
}
