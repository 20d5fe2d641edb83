/**
 * `layers.simpleRNN`: Keras's SimpleRNN layer, h_t = act(x_t·kernel + h_{t-1}·recurrentKernel + bias).
 * Weights in Keras layout: kernel `[inputDim, units]`, recurrentKernel `[units, units]`,
 * bias `[units]`. The math is one op, `ops/simpleRnn.ts`; the equation is in
 * `kernels/reference/simpleRnn.ts`.
 *
 * @example
 * const layer = layers.simpleRNN({ units: 8 });
 * const y = layer.apply(tensor(x, [batch, time, features])); // [batch, 8]
 */
import { assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { type ScalarActivation, getRecurrentActivation } from '../ops/activations.js';
import type { RecurrentResult } from '../ops/lstm.js';
import { simpleRnnSequence } from '../ops/simpleRnn.js';
import { layerArgKeys, type Shape } from './layer.js';
import { initializerConfig } from './dense.js';
import { RecurrentLayer, type RecurrentArgs, recurrentArgKeys } from './recurrent.js';

export interface SimpleRNNArgs extends RecurrentArgs {
  /** Activation of the state (default 'tanh'). */
  activation?: string;
  /** Whether the layer has a bias (default true). */
  useBias?: boolean;
  /** Initialiser of `kernel` (default 'glorotUniform'). */
  kernelInitializer?: InitializerLike;
  /** Initialiser of `recurrentKernel` (default 'orthogonal'). */
  recurrentInitializer?: InitializerLike;
  /** Initialiser of `bias` (default 'zeros'). */
  biasInitializer?: InitializerLike;
}

const simpleRnnKeys = [
  ...layerArgKeys, ...recurrentArgKeys, 'activation', 'useBias',
  'kernelInitializer', 'recurrentInitializer', 'biasInitializer',
];

export class SimpleRNN extends RecurrentLayer {
  readonly className = 'SimpleRNN';
  readonly stateCount = 1;
  /** Activation of the state (default 'tanh'). */
  readonly activation: ScalarActivation;
  /** Whether the layer has a bias (default true). */
  readonly useBias: boolean;
  private readonly initializers: { kernel: InitializerLike; recurrent: InitializerLike; bias: InitializerLike };
  /** The input weights once built (null before), Keras layout. */
  kernel: Tensor | null = null;
  /** The recurrent weights once built (null before), Keras layout. */
  recurrentKernel: Tensor | null = null;
  /** The bias once built (null before, and without `useBias`). */
  bias: Tensor | null = null;

  constructor(args: SimpleRNNArgs) {
    assertKnownOptions('layers.simpleRNN', args, simpleRnnKeys);
    super(args, 'simple_rnn');
    this.activation = getRecurrentActivation(args.activation ?? 'tanh', 'layers.simpleRNN', 'activation');
    this.useBias = args.useBias ?? true;
    this.initializers = {
      kernel: args.kernelInitializer ?? 'glorotUniform',
      recurrent: args.recurrentInitializer ?? 'orthogonal',
      bias: args.biasInitializer ?? 'zeros',
    };
    // Resolve now so a bad name fails at construction, not at first use.
    getInitializer(this.initializers.kernel, 'layers.simpleRNN', 'kernelInitializer');
    getInitializer(this.initializers.recurrent, 'layers.simpleRNN', 'recurrentInitializer');
    getInitializer(this.initializers.bias, 'layers.simpleRNN', 'biasInitializer');
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1]!;
    const U = this.units;
    this.kernel = this.addWeight('kernel', [inputDim, U], this.initializers.kernel);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [U, U], this.initializers.recurrent);
    if (this.useBias) this.bias = this.addWeight('bias', [U], this.initializers.bias);
  }

  /** @internal */
  protected runSequence(x: Tensor, initial: Tensor[] | null, mask: Tensor | null, recurrentDropoutMask: Tensor | null): RecurrentResult {
    return simpleRnnSequence(x, this.kernel!, this.recurrentKernel!, this.bias, {
      h0: initial?.[0] ?? null,
      mask,
      goBackwards: this.goBackwards,
      recurrentDropoutMask,
      zeroOutputForMask: this.zeroOutputForMask,
      activation: this.activation,
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: initializerConfig(this.initializers.kernel),
      recurrentInitializer: initializerConfig(this.initializers.recurrent),
      biasInitializer: initializerConfig(this.initializers.bias),
    };
  }
}

/**
 * Creates a SimpleRNN layer (see {@link SimpleRNNArgs}).
 * @example layers.simpleRNN({ units: 16, activation: 'tanh', inputShape: [10, 1] })
 */
export function simpleRNN(args: SimpleRNNArgs): SimpleRNN {
  return new SimpleRNN(args);
}
