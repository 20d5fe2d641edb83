/**
 * `layers.timeDistributed`: applies one inner layer to every timestep. `[batch, time, ...]`
 * is viewed as `[batch * time, ...]`, the inner layer runs once on all steps together, and
 * the result is viewed back as `[batch, time, ...]`. The weights are the inner layer's own,
 * shared across steps.
 *
 * @example
 * const layer = layers.timeDistributed({ layer: layers.dense({ units: 3 }) });
 * layer.apply(tensor(x, [2, 5, 4])).shape // [2, 5, 3]
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reshape } from '../ops/shape.js';
import { Layer, type CallArgs, type LayerArgs, type LayerVariable, type Shape, layerArgKeys } from './layer.js';

export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied at each timestep; it sees inputs of shape `[batch, ...]`. */
  layer: Layer;
}

const timeDistributedKeys = [...layerArgKeys, 'layer'];

export class TimeDistributed extends Layer {
  readonly className = 'TimeDistributed';
  /** The layer applied at each timestep; it sees inputs of shape `[batch, ...]`. */
  readonly layer: Layer;

  constructor(args: TimeDistributedArgs) {
    const where = 'layers.timeDistributed';
    assertKnownOptions(where, args, timeDistributedKeys);
    if (!(args.layer instanceof Layer)) {
      throw new ValueError(`${where}: option 'layer' expected a Layer, got ${args.layer === null ? 'null' : typeof args.layer}`);
    }
    // Computes in the inner layer's dtype unless told otherwise.
    super({ ...args, dtype: args.dtype ?? args.layer.dtype }, 'time_distributed');
    this.layer = args.layer;
    this.supportsMasking = true;
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    if (x.rank < 3) {
      throw new ShapeError(`${this.name}.apply: argument 'x' expected rank >= 3 [batch, timesteps, ...], got shape ${formatShape(x.shape)}`);
    }
  }

  /** The inner layer's input shape: the time axis folded into the batch. */
  private stepShape(inputShape: Shape): Shape {
    return [null, ...inputShape.slice(2)];
  }

  override build(inputShape: Shape): void {
    this.layer.ensureBuilt(this.stepShape(inputShape));
  }

  override call(x: Tensor, args: CallArgs): Tensor {
    const [batch, steps] = x.shape as [number, number];
    const folded = reshape(x, [batch * steps, ...x.shape.slice(2)]);
    const y = this.layer.invoke(folded, { training: args.training, mask: null });
    if (Array.isArray(y)) {
      throw new ValueError(`${this.name}: the inner layer ${this.layer.name} returned ${y.length} tensors; TimeDistributed needs a layer with one output`);
    }
    return reshape(y, [batch, steps, ...y.shape.slice(1)]);
  }

  /** The inner layer's logits split, so a softmax/sigmoid head is fused into its loss. */
  private get logitsLayer(): (Layer & { activationName: string; callLogits(x: Tensor): Tensor; activateLogits(y: Tensor): Tensor }) | null {
    const inner = this.layer as Partial<{ activationName: unknown; callLogits: unknown; activateLogits: unknown }>;
    return typeof inner.callLogits === 'function' && typeof inner.activateLogits === 'function' && typeof inner.activationName === 'string'
      ? (this.layer as Layer & { activationName: string; callLogits(x: Tensor): Tensor; activateLogits(y: Tensor): Tensor })
      : null;
  }

  /** @internal The inner layer's activation name when it can hand out logits, else undefined. */
  get activationName(): string | undefined {
    return this.logitsLayer?.activationName;
  }

  /** @internal The inner layer's pre-activation output at every step. */
  callLogits(x: Tensor): Tensor {
    const inner = this.logitsLayer;
    if (!inner) throw new ValueError(`${this.name}: the inner layer ${this.layer.name} has no logits output`);
    this.checkInput(x);
    const [batch, steps] = x.shape as [number, number];
    const y = inner.callLogits(reshape(x, [batch * steps, ...x.shape.slice(2)]));
    return reshape(y, [batch, steps, ...y.shape.slice(1)]);
  }

  /** @internal The inner activation alone (it acts on the last axis, so no folding is needed). */
  activateLogits(logits: Tensor): Tensor {
    const inner = this.logitsLayer;
    if (!inner) throw new ValueError(`${this.name}: the inner layer ${this.layer.name} has no logits output`);
    return inner.activateLogits(logits);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const inner = this.layer.computeOutputShape(this.stepShape(inputShape));
    if (Array.isArray(inner[0])) {
      throw new ValueError(`${this.name}: the inner layer ${this.layer.name} has several outputs; TimeDistributed needs a layer with one output`);
    }
    return [inputShape[0] ?? null, inputShape[1] ?? null, ...(inner as Shape).slice(1)];
  }

  override get weights(): LayerVariable[] {
    return this.layer.weights;
  }

  override get trainableWeights(): LayerVariable[] {
    return this.trainable ? this.layer.trainableWeights : [];
  }

  override countParams(): number {
    return this.layer.countParams();
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), layer: { className: this.layer.className, config: this.layer.getConfig() } };
  }
}

/**
 * Creates a TimeDistributed wrapper (see {@link TimeDistributedArgs}).
 * @example layers.timeDistributed({ layer: layers.dense({ units: 5 }) }) // the same Dense at every timestep
 */
export function timeDistributed(args: TimeDistributedArgs): TimeDistributed {
  return new TimeDistributed(args);
}
