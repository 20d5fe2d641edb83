/**
 * `layers.gru`: Keras's GRU layer, the recurrent layer with a GRUCell (`cells/gruCell.ts`: gate
 * order z, r, h; kernel `[inputDim, 3*units]`, recurrentKernel `[units, 3*units]`, bias
 * `[2, 3*units]` (row 0 input bias, row 1 recurrent bias) with `resetAfter: true` (the default,
 * as in Keras 3, cuDNN and PyTorch) or `[3*units]` with `resetAfter: false` (original Keras, and
 * TF.js). It runs the fused GRU kernels; the equations are in `kernels/reference/gru.ts`.
 *
 * @example
 * const layer = layers.gru({ units: 8, returnSequences: true });
 * const y = layer.apply(tensor(x, [batch, time, features])); // [batch, time, 8]
 */
import { assertKnownOptions } from '../tensor/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { InitializerLike } from '../initializers/initializers.js';
import type { ScalarActivation } from '../ops/activations.js';
import { layerArgKeys } from './layer.js';
import { RecurrentLayer, type RecurrentArgs, recurrentArgKeys } from './recurrent.js';
import { GRUCell } from './cells/gruCell.js';
import { splitCellArgs } from './cells/splitArgs.js';
import { type CellPenaltyArgs, cellPenaltyKeys } from './cells/builtinCell.js';

export interface GRUArgs extends RecurrentArgs, CellPenaltyArgs {
  /**
   * Activation of the candidate state (default 'tanh'): any elementwise Keras activation, 'tanh',
   * 'sigmoid', 'hardSigmoid', 'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'swish',
   * 'gelu', 'exponential' or 'linear', all on the fused WebAssembly kernels; softmax is refused.
   */
  activation?: string;
  /**
   * Activation of the z and r gates (default 'sigmoid'; older Keras and TF.js use
   * 'hardSigmoid'); the same names as `activation`.
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
  /**
   * Apply the reset gate after the recurrent product, with separate input and recurrent
   * biases (default true: Keras 3, cuDNN and PyTorch compatible). false is the original GRU
   * that TF.js implements.
   */
  resetAfter?: boolean;
}

const cellKeys = ['units', 'dropout', 'recurrentDropout', 'activation', 'recurrentActivation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'resetAfter', ...cellPenaltyKeys] as const;
const gruKeys = [...layerArgKeys, ...recurrentArgKeys, ...cellKeys];

export class GRU extends RecurrentLayer {
  readonly className = 'GRU';
  declare readonly cell: GRUCell;

  constructor(args: GRUArgs) {
    assertKnownOptions('layers.gru', args, gruKeys);
    const { cellArgs, loopArgs } = splitCellArgs(args, cellKeys);
    super(loopArgs, new GRUCell({ ...cellArgs, name: 'gru_cell', dtype: args.dtype ?? 'float32' } as GRUArgs, 'layers.gru'), 'gru', args);
  }

  /** Activation of the candidate state. */
  get activation(): ScalarActivation { return this.cell.activation; }
  /** Activation of the z and r gates. */
  get recurrentActivation(): ScalarActivation { return this.cell.recurrentActivation; }
  /** Whether the layer has a bias. */
  get useBias(): boolean { return this.cell.useBias; }
  /** Reset gate after the recurrent product (bias `[2, 3*units]`) or before it (`[3*units]`). */
  get resetAfter(): boolean { return this.cell.resetAfter; }
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
      resetAfter: c['resetAfter'],
      kernelInitializer: c['kernelInitializer'],
      recurrentInitializer: c['recurrentInitializer'],
      biasInitializer: c['biasInitializer'],
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
