/**
 * `layers.gru`: Keras's GRU layer. Weights in Keras layout and gate order z, r, h:
 * kernel `[inputDim, 3*units]`, recurrentKernel `[units, 3*units]`, bias `[2, 3*units]`
 * (row 0 input bias, row 1 recurrent bias) with `resetAfter: true` (the default, as in Keras 3,
 * cuDNN and PyTorch) or `[3*units]` with `resetAfter: false` (original Keras, and TF.js).
 * The math is one op, `ops/gru.ts`; the equations are in `kernels/reference/gru.ts`.
 *
 * @example
 * const layer = layers.gru({ units: 8, returnSequences: true });
 * const y = layer.apply(tensor(x, [batch, time, features])); // [batch, time, 8]
 */
import { assertKnownOptions, ValueError } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { type ScalarActivation, getRecurrentActivation } from '../ops/activations.js';
import type { RecurrentResult } from '../ops/lstm.js';
import { gruSequence } from '../ops/gru.js';
import { layerArgKeys, type Shape } from './layer.js';
import { initializerConfig } from './dense.js';
import { RecurrentLayer, type RecurrentArgs, recurrentArgKeys } from './recurrent.js';

export interface GRUArgs extends RecurrentArgs {
  /** Activation of the candidate state (default 'tanh'). */
  activation?: string;
  /** Activation of the z and r gates (default 'sigmoid'; older Keras and TF.js use 'hardSigmoid'). */
  recurrentActivation?: string;
  /** Whether the layer has a bias (default true). */
  useBias?: boolean;
  /** Initialiser of `kernel` (default 'glorotUniform'). */
  kernelInitializer?: InitializerLike;
  /** Initialiser of `recurrentKernel` (default 'orthogonal'). */
  recurrentInitializer?: InitializerLike;
  /** Initialiser of `bias` (default 'zeros'). */
  biasInitializer?: InitializerLike;
  /**
   * Apply the reset gate after the recurrent product, with separate input and recurrent
   * biases (default true: Keras 3, cuDNN and PyTorch compatible). false is the original GRU
   * that TF.js implements.
   */
  resetAfter?: boolean;
}

const gruKeys = [
  ...layerArgKeys, ...recurrentArgKeys, 'activation', 'recurrentActivation', 'useBias',
  'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'resetAfter',
];

export class GRU extends RecurrentLayer {
  readonly className = 'GRU';
  readonly stateCount = 1;
  /** Activation of the candidate state (default 'tanh'). */
  readonly activation: ScalarActivation;
  /** Activation of the z and r gates (default 'sigmoid'; older Keras and TF.js use 'hardSigmoid'). */
  readonly recurrentActivation: ScalarActivation;
  /** Whether the layer has a bias (default true). */
  readonly useBias: boolean;
  /**
   * Apply the reset gate after the recurrent product, with separate input and recurrent
   * biases (default true: Keras 3, cuDNN and PyTorch compatible). false is the original GRU
   * that TF.js implements.
   */
  readonly resetAfter: boolean;
  private readonly initializers: { kernel: InitializerLike; recurrent: InitializerLike; bias: InitializerLike };
  /** The input weights once built (null before), Keras layout. */
  kernel: Tensor | null = null;
  /** The recurrent weights once built (null before), Keras layout. */
  recurrentKernel: Tensor | null = null;
  /** The bias once built (null before, and without `useBias`). */
  bias: Tensor | null = null;

  constructor(args: GRUArgs) {
    assertKnownOptions('layers.gru', args, gruKeys);
    super(args, 'gru');
    this.activation = getRecurrentActivation(args.activation ?? 'tanh', 'layers.gru', 'activation');
    this.recurrentActivation = getRecurrentActivation(args.recurrentActivation ?? 'sigmoid', 'layers.gru', 'recurrentActivation');
    this.useBias = args.useBias ?? true;
    this.resetAfter = args.resetAfter ?? true;
    if (typeof this.resetAfter !== 'boolean') {
      throw new ValueError(`layers.gru: option 'resetAfter' expected a boolean, got ${JSON.stringify(this.resetAfter)}`);
    }
    this.initializers = {
      kernel: args.kernelInitializer ?? 'glorotUniform',
      recurrent: args.recurrentInitializer ?? 'orthogonal',
      bias: args.biasInitializer ?? 'zeros',
    };
    // Resolve now so a bad name fails at construction, not at first use.
    getInitializer(this.initializers.kernel, 'layers.gru', 'kernelInitializer');
    getInitializer(this.initializers.recurrent, 'layers.gru', 'recurrentInitializer');
    getInitializer(this.initializers.bias, 'layers.gru', 'biasInitializer');
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1]!;
    const U = this.units;
    this.kernel = this.addWeight('kernel', [inputDim, 3 * U], this.initializers.kernel);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [U, 3 * U], this.initializers.recurrent);
    if (this.useBias) {
      this.bias = this.addWeight('bias', this.resetAfter ? [2, 3 * U] : [3 * U], this.initializers.bias);
    }
  }

  /** @internal */
  protected runSequence(x: Tensor, initial: Tensor[] | null, mask: Tensor | null, recurrentDropoutMask: Tensor | null): RecurrentResult {
    return gruSequence(x, this.kernel!, this.recurrentKernel!, this.bias, {
      h0: initial?.[0] ?? null,
      mask,
      goBackwards: this.goBackwards,
      resetAfter: this.resetAfter,
      recurrentDropoutMask,
      zeroOutputForMask: this.zeroOutputForMask,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      activation: this.activation.name,
      recurrentActivation: this.recurrentActivation.name,
      useBias: this.useBias,
      resetAfter: this.resetAfter,
      kernelInitializer: initializerConfig(this.initializers.kernel),
      recurrentInitializer: initializerConfig(this.initializers.recurrent),
      biasInitializer: initializerConfig(this.initializers.bias),
    };
  }
}

/**
 * Creates a GRU layer (see {@link GRUArgs}).
 * @example layers.gru({ units: 64, returnSequences: true, inputShape: [30, 4] })
 */
export function gru(args: GRUArgs): GRU {
  return new GRU(args);
}
