/**
 * `layers.bidirectional`: runs a recurrent layer forwards and a copy of it backwards
 * (Keras semantics, see ../shared/oracle/README.md):
 * - the backward copy has `goBackwards` flipped and its own weights (forward's, then backward's);
 * - with returnSequences the backward sequence is flipped back to input time before merging;
 *   without, the merged output pairs forward h after x_{T-1} with backward h after x_0;
 * - with returnSequences both halves output zeros at masked steps (Keras forces
 *   `zero_output_for_mask` there), and the backward half starts at the last real step;
 * - `mergeMode: null` merges nothing: `apply` returns `[forward, backward]` (then the states
 *   with returnState), as Keras's `merge_mode=None` does. A sequential model passes one tensor
 *   between layers, so it refuses such a layer; using both outputs needs a functional model.
 *
 * @example layers.bidirectional({ layer: layers.lstm({ units: 8 }), mergeMode: 'concat' })
 */
import { ValueError, assertKnownOptions, assertOneOf } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, scale } from '../ops/elementwise.js';
import { concatLastAxis, reverseTime } from '../ops/shape.js';
import { Layer, type CallArgs, type LayerArgs, type LayerVariable, type Shape, layerArgKeys } from './layer.js';
import { RecurrentLayer, type RecurrentArgs } from './recurrent.js';

/**
 * How `bidirectional` combines its two directions: concatenated features (default), their
 * sum, product or mean.
 * @example layers.bidirectional({ layer: layers.lstm({ units: 8 }), mergeMode: 'sum' })
 */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave';

export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run in both directions (LSTM, GRU, SimpleRNN). */
  layer: RecurrentLayer;
  /**
   * How the two directions' outputs combine (default 'concat'); null keeps them apart and
   * `apply` returns both (standalone use only: a sequential model refuses it).
   */
  mergeMode?: MergeMode | null;
}

function cloneReversed(layer: RecurrentLayer, name: string): RecurrentLayer {
  const Ctor = layer.constructor as new (args: RecurrentArgs) => RecurrentLayer;
  const args: RecurrentArgs = { ...layer.initArgs, name, goBackwards: !layer.goBackwards };
  delete args.inputShape;
  delete args.batchInputShape;
  return new Ctor(args);
}

export class Bidirectional extends Layer {
  readonly className = 'Bidirectional';
  /** The copy of the wrapped layer that reads the sequence forwards. */
  readonly forwardLayer: RecurrentLayer;
  /** The copy that reads it backwards (`goBackwards` flipped). */
  readonly backwardLayer: RecurrentLayer;
  /** null: the two directions are returned as two tensors, not merged. */
  readonly mergeMode: MergeMode | null;
  /** Return the output at every step `[batch, time, units]` instead of the last `[batch, units]`. */
  readonly returnSequences: boolean;
  /** Also return the final states: `[output, h, c]` (LSTM) or `[output, h]`. */
  readonly returnState: boolean;

  constructor(args: BidirectionalArgs) {
    assertKnownOptions('layers.bidirectional', args, [...layerArgKeys, 'layer', 'mergeMode']);
    if (!(args.layer instanceof RecurrentLayer)) {
      throw new ValueError(`layers.bidirectional: option 'layer' expected a recurrent layer (lstm, gru, simpleRNN), got ${args.layer === undefined ? 'undefined' : (args.layer as { className?: string }).className ?? typeof args.layer}`);
    }
    const inner = args.layer;
    super({ ...args, dtype: args.dtype ?? inner.dtype, inputShape: args.inputShape ?? inner.initArgs.inputShape, ...(inner.initArgs.batchInputShape ? { batchInputShape: inner.initArgs.batchInputShape } : {}) }, 'bidirectional');
    const mergeMode = args.mergeMode === undefined ? 'concat' : args.mergeMode;
    if (mergeMode !== null) assertOneOf('layers.bidirectional', 'mergeMode', mergeMode, ['concat', 'sum', 'mul', 'ave'] as const);
    this.mergeMode = mergeMode;
    if (inner.stateful) throw new ValueError(`layers.bidirectional: a stateful inner layer is not supported`);
    this.forwardLayer = inner;
    this.backwardLayer = cloneReversed(inner, `backward_${inner.name}`);
    this.returnSequences = inner.returnSequences;
    this.returnState = inner.returnState;
    // Keras: inside Bidirectional, masked steps of a returned sequence are zeros in both halves.
    this.forwardLayer.zeroOutputForMask = this.returnSequences;
    this.backwardLayer.zeroOutputForMask = this.returnSequences;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape): void {
    this.forwardLayer.ensureBuilt(inputShape);
    this.backwardLayer.ensureBuilt(inputShape);
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    (this.forwardLayer as unknown as { checkInput(x: Tensor): void }).checkInput(x);
  }

  override call(x: Tensor, args: CallArgs): Tensor | Tensor[] {
    const n = this.forwardLayer.stateCount;
    const initial = args.initialState;
    if (initial && initial.length && initial.length !== 2 * n) {
      throw new ValueError(`${this.name}.apply: argument 'initialState' expected ${2 * n} tensors (forward states then backward states), got ${initial.length}`);
    }
    const fwArgs: CallArgs = { ...args, initialState: initial?.length ? initial.slice(0, n) : undefined };
    const bwArgs: CallArgs = { ...args, initialState: initial?.length ? initial.slice(n) : undefined };
    const fwOut = this.forwardLayer.call(x, fwArgs);
    const bwOut = this.backwardLayer.call(x, bwArgs);
    const [fw, ...fwStates] = Array.isArray(fwOut) ? fwOut : [fwOut];
    const [bwRaw, ...bwStates] = Array.isArray(bwOut) ? bwOut : [bwOut];
    const bw = this.returnSequences ? reverseTime(bwRaw!) : bwRaw!;
    if (this.mergeMode === null) return [fw!, bw, ...fwStates, ...bwStates];
    const merged = this.merge(fw!, bw, this.mergeMode);
    return this.returnState ? [merged, ...fwStates, ...bwStates] : merged;
  }

  private merge(a: Tensor, b: Tensor, mode: MergeMode): Tensor {
    switch (mode) {
      case 'concat':
        return concatLastAxis(a, b);
      case 'sum':
        return add(a, b);
      case 'mul':
        return mul(a, b);
      case 'ave':
        return scale(add(a, b), 0.5);
    }
  }

  override computeOutputShape(inputShape: Shape): Shape | Shape[] {
    const inner = this.forwardLayer.computeOutputShape(inputShape);
    const [out, ...states] = this.returnState ? (inner as Shape[]) : [inner as Shape];
    if (this.mergeMode === null) return [[...out!], [...out!], ...states, ...states];
    const merged = [...out!];
    if (this.mergeMode === 'concat') merged[merged.length - 1] = 2 * (merged[merged.length - 1] as number);
    return this.returnState ? [merged, ...states, ...states] : merged;
  }

  override computeMask(_inputs: Tensor, mask: Tensor | null): Tensor | null {
    return this.returnSequences ? mask : null;
  }

  override get weights(): LayerVariable[] {
    return [...this.forwardLayer.weights, ...this.backwardLayer.weights];
  }

  override get trainableWeights(): LayerVariable[] {
    return this.trainable ? [...this.forwardLayer.trainableWeights, ...this.backwardLayer.trainableWeights] : [];
  }

  override countParams(): number {
    return this.forwardLayer.countParams() + this.backwardLayer.countParams();
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), mergeMode: this.mergeMode, layer: { className: this.forwardLayer.className, config: this.forwardLayer.getConfig() } };
  }
}

/**
 * Wraps a recurrent layer to read the sequence in both directions.
 * @example
 * layers.bidirectional({ layer: layers.lstm({ units: 32 }), mergeMode: 'concat', inputShape: [100, 8] }) // output [batch, 64]
 */
export function bidirectional(args: BidirectionalArgs): Bidirectional {
  return new Bidirectional(args);
}
