/**
 * `layers.lstm`: Keras's LSTM layer, the recurrent layer with an LSTMCell (`cells/lstmCell.ts`:
 * gate order i, f, c, o; kernel `[inputDim, 4*units]`, recurrentKernel `[units, 4*units]`,
 * bias `[4*units]`). It runs the fused LSTM kernels; the equations are in
 * `kernels/reference/lstm.ts`.
 *
 * @example
 * const layer = layers.lstm({ units: 8, returnSequences: true });
 * const y = layer.apply(tensor(x, [batch, time, features])); // [batch, time, 8]
 */
import { assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { InitializerLike } from '../initializers/initializers.js';
import type { ScalarActivation } from '../ops/activations.js';
import { layerArgKeys } from './layer.js';
import { RecurrentLayer, type RecurrentArgs, recurrentArgKeys } from './recurrent.js';
import { LSTMCell } from './cells/lstmCell.js';
import { splitCellArgs } from './cells/splitArgs.js';
import { type CellPenaltyArgs, cellPenaltyKeys } from './cells/builtinCell.js';

export interface LSTMArgs extends RecurrentArgs, CellPenaltyArgs {
  /**
   * Activation of the candidate and of the cell output (default 'tanh'): any elementwise Keras
   * activation, 'tanh', 'sigmoid', 'hardSigmoid', 'relu', 'relu6', 'elu', 'selu', 'softplus',
   * 'softsign', 'swish', 'gelu', 'exponential' or 'linear', all on the fused WebAssembly kernels;
   * softmax is refused.
   */
  activation?: string;
  /**
   * Activation of the i, f, o gates (default 'sigmoid'; older Keras used 'hardSigmoid'); the
   * same names as `activation`.
   */
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

const cellKeys = ['units', 'dropout', 'recurrentDropout', 'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'unitForgetBias', ...cellPenaltyKeys] as const;
const lstmKeys = [...layerArgKeys, ...recurrentArgKeys, ...cellKeys];

export class LSTM extends RecurrentLayer {
  readonly className = 'LSTM';
  declare readonly cell: LSTMCell;

  constructor(args: LSTMArgs) {
    assertKnownOptions('layers.lstm', args, lstmKeys);
    const { cellArgs, loopArgs } = splitCellArgs(args, cellKeys);
    super(loopArgs, new LSTMCell({ ...cellArgs, name: 'lstm_cell', dtype: args.dtype ?? 'float32' } as LSTMArgs, 'layers.lstm'), 'lstm', args);
  }

  /** Activation of the candidate and of the cell output. */
  get activation(): ScalarActivation { return this.cell.activation; }
  /** Activation of the i, f, o gates. */
  get recurrentActivation(): ScalarActivation { return this.cell.recurrentActivation; }
  /** Whether the layer has a bias. */
  get useBias(): boolean { return this.cell.useBias; }
  /** Start the forget-gate bias at 1, whatever `biasInitializer` says. */
  get unitForgetBias(): boolean { return this.cell.unitForgetBias; }
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
      recurrentActivation: c['recurrentActivation'],
      useBias: c['useBias'],
      unitForgetBias: c['unitForgetBias'],
      kernelInitializer: c['kernelInitializer'],
      recurrentInitializer: c['recurrentInitializer'],
      biasInitializer: c['biasInitializer'],
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
