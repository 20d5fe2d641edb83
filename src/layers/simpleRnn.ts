/**
 * `layers.simpleRNN`: Keras's SimpleRNN layer, h_t = act(x_t·kernel + h_{t-1}·recurrentKernel + bias),
 * the recurrent layer with a SimpleRNNCell (`cells/simpleRnnCell.ts`: kernel `[inputDim, units]`,
 * recurrentKernel `[units, units]`, bias `[units]`). It runs the fused SimpleRNN kernels; the
 * equation is in `kernels/reference/simpleRnn.ts`.
 *
 * @example
 * const layer = layers.simpleRNN({ units: 8 });
 * const y = layer.apply(tensor(x, [batch, time, features])); // [batch, 8]
 */
import { assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { InitializerLike } from '../initializers/initializers.js';
import type { ScalarActivation } from '../ops/activations.js';
import { layerArgKeys } from './layer.js';
import { RecurrentLayer, type RecurrentArgs, recurrentArgKeys } from './recurrent.js';
import { SimpleRNNCell } from './cells/simpleRnnCell.js';
import { splitCellArgs } from './cells/splitArgs.js';
import { type CellPenaltyArgs, cellPenaltyKeys } from './cells/builtinCell.js';

export interface SimpleRNNArgs extends RecurrentArgs, CellPenaltyArgs {
  /**
   * Activation of the state (default 'tanh'): any elementwise Keras activation, 'tanh', 'sigmoid',
   * 'hardSigmoid', 'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'gelu',
   * 'exponential' or 'linear', all on the fused WebAssembly kernels; softmax is refused.
   */
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

const cellKeys = ['units', 'dropout', 'recurrentDropout', 'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', ...cellPenaltyKeys] as const;
const simpleRnnKeys = [...layerArgKeys, ...recurrentArgKeys, ...cellKeys];

export class SimpleRNN extends RecurrentLayer {
  readonly className = 'SimpleRNN';
  declare readonly cell: SimpleRNNCell;

  constructor(args: SimpleRNNArgs) {
    assertKnownOptions('layers.simpleRNN', args, simpleRnnKeys);
    const { cellArgs, loopArgs } = splitCellArgs(args, cellKeys);
    super(loopArgs, new SimpleRNNCell({ ...cellArgs, name: 'simple_rnn_cell', dtype: args.dtype ?? 'float32' } as SimpleRNNArgs, 'layers.simpleRNN'), 'simple_rnn', args);
  }

  /** Activation of the state. */
  get activation(): ScalarActivation { return this.cell.activation; }
  /** Whether the layer has a bias. */
  get useBias(): boolean { return this.cell.useBias; }
  /** The input weights once built (null before), Keras layout. */
  get kernel(): Tensor | null { return this.cell.kernel; }
  /** The recurrent weights once built (null before), Keras layout. */
  get recurrentKernel(): Tensor | null { return this.cell.recurrentKernel; }
  /** The bias once built (null before, and without `useBias`). */
  get bias(): Tensor | null { return this.cell.bias; }

  override getConfig(): Record<string, unknown> {
    const c = this.cell.getConfig();
    return {
      ...super.getConfig(),
      activation: c['activation'],
      useBias: c['useBias'],
      kernelInitializer: c['kernelInitializer'],
      recurrentInitializer: c['recurrentInitializer'],
      biasInitializer: c['biasInitializer'],
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
