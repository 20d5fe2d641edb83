/**
 * `layers.lstm`: Keras's LSTM layer. Weights in Keras layout and gate order i, f, c, o:
 * kernel `[inputDim, 4*units]`, recurrentKernel `[units, 4*units]`, bias `[4*units]`.
 * The math is one op, `ops/lstm.ts`; the equations are in `kernels/reference/lstm.ts`.
 *
 * @example
 * const layer = layers.lstm({ units: 8, returnSequences: true });
 * const y = layer.apply(tensor(x, [batch, time, features])); // [batch, time, 8]
 */
import { assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../initializers/initializers.js';
import { type ScalarActivation, getRecurrentActivation } from '../ops/activations.js';
import { lstmSequence, type RecurrentResult } from '../ops/lstm.js';
import { layerArgKeys, type Shape } from './layer.js';
import { initializerConfig } from './dense.js';
import { RecurrentLayer, type RecurrentArgs, recurrentArgKeys } from './recurrent.js';

export interface LSTMArgs extends RecurrentArgs {
  /** Activation of the candidate and of the cell output (default 'tanh'). */
  activation?: string;
  /** Activation of the i, f, o gates (default 'sigmoid'; older Keras used 'hardSigmoid'). */
  recurrentActivation?: string;
  /** Whether the layer has a bias (default true). */
  useBias?: boolean;
  /** Initialiser of `kernel` (default 'glorotUniform'). */
  kernelInitializer?: InitializerLike;
  /** Initialiser of `recurrentKernel` (default 'orthogonal'). */
  recurrentInitializer?: InitializerLike;
  /** Initialiser of `bias` (default 'zeros'). */
  biasInitializer?: InitializerLike;
  /** Start the forget-gate bias at 1, whatever `biasInitializer` says (default true). */
  unitForgetBias?: boolean;
}

const lstmKeys = [
  ...layerArgKeys, ...recurrentArgKeys, 'activation', 'recurrentActivation', 'useBias',
  'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'unitForgetBias',
];

export class LSTM extends RecurrentLayer {
  readonly className = 'LSTM';
  readonly stateCount = 2;
  /** Activation of the candidate and of the cell output (default 'tanh'). */
  readonly activation: ScalarActivation;
  /** Activation of the i, f, o gates (default 'sigmoid'; older Keras used 'hardSigmoid'). */
  readonly recurrentActivation: ScalarActivation;
  /** Whether the layer has a bias (default true). */
  readonly useBias: boolean;
  /** Start the forget-gate bias at 1, whatever `biasInitializer` says (default true). */
  readonly unitForgetBias: boolean;
  private readonly initializers: { kernel: InitializerLike; recurrent: InitializerLike; bias: InitializerLike };
  /** The input weights once built (null before), Keras layout. */
  kernel: Tensor | null = null;
  /** The recurrent weights once built (null before), Keras layout. */
  recurrentKernel: Tensor | null = null;
  /** The bias once built (null before, and without `useBias`). */
  bias: Tensor | null = null;

  constructor(args: LSTMArgs) {
    assertKnownOptions('layers.lstm', args, lstmKeys);
    super(args, 'lstm');
    this.activation = getRecurrentActivation(args.activation ?? 'tanh', 'layers.lstm', 'activation');
    this.recurrentActivation = getRecurrentActivation(args.recurrentActivation ?? 'sigmoid', 'layers.lstm', 'recurrentActivation');
    this.useBias = args.useBias ?? true;
    this.unitForgetBias = args.unitForgetBias ?? true;
    this.initializers = {
      kernel: args.kernelInitializer ?? 'glorotUniform',
      recurrent: args.recurrentInitializer ?? 'orthogonal',
      bias: args.biasInitializer ?? 'zeros',
    };
    // Resolve now so a bad name fails at construction, not at first use.
    getInitializer(this.initializers.kernel, 'layers.lstm', 'kernelInitializer');
    getInitializer(this.initializers.recurrent, 'layers.lstm', 'recurrentInitializer');
    getInitializer(this.initializers.bias, 'layers.lstm', 'biasInitializer');
  }

  override build(inputShape: Shape): void {
    const inputDim = inputShape[inputShape.length - 1]!;
    const U = this.units;
    this.kernel = this.addWeight('kernel', [inputDim, 4 * U], this.initializers.kernel);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [U, 4 * U], this.initializers.recurrent);
    if (this.useBias) {
      this.bias = this.addWeight('bias', [4 * U], this.initializers.bias);
      if (this.unitForgetBias) this.bias.data.fill(1, U, 2 * U);
    }
  }

  /** @internal */
  protected runSequence(x: Tensor, initial: Tensor[] | null, mask: Tensor | null, recurrentDropoutMask: Tensor | null): RecurrentResult {
    return lstmSequence(x, this.kernel!, this.recurrentKernel!, this.bias, {
      h0: initial?.[0] ?? null,
      c0: initial?.[1] ?? null,
      mask,
      goBackwards: this.goBackwards,
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
      unitForgetBias: this.unitForgetBias,
      kernelInitializer: initializerConfig(this.initializers.kernel),
      recurrentInitializer: initializerConfig(this.initializers.recurrent),
      biasInitializer: initializerConfig(this.initializers.bias),
    };
  }
}

/**
 * Creates an LSTM layer (see {@link LSTMArgs}).
 * @example layers.lstm({ units: 32, returnSequences: true, dropout: 0.1, inputShape: [20, 3] })
 */
export function lstm(args: LSTMArgs): LSTM {
  return new LSTM(args);
}
