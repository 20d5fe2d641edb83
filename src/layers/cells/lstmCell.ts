/**
 * `layers.lstmCell`: one LSTM step, Keras's LSTMCell. Gate order i, f, c, o: kernel
 * `[inputDim, 4*units]`, recurrentKernel `[units, 4*units]`, bias `[4*units]`; states `[h, c]`.
 *
 *   z = x·kernel + h·recurrentKernel + bias
 *   i, f, o = recurrentActivation(z_i, z_f, z_o);  c' = f ⊙ c + i ⊙ activation(z_c);  h' = o ⊙ activation(c')
 *
 * `layers.rnn({ cell: layers.lstmCell(...) })` runs the fused LSTM kernels, like `layers.lstm`.
 *
 * @example
 * const layer = layers.rnn({ cell: layers.lstmCell({ units: 8 }), returnSequences: true });
 */
import { assertKnownOptions } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type ScalarActivation, getRecurrentActivation } from '../../ops/activations.js';
import { add, matMul, mul, slice } from '../../ops/public/index.js';
import { applyScalarActivation } from '../../ops/scalarActivation.js';
import { lstmFamily } from '../../ops/lstm.js';
import { type RecurrentResult, type SequenceOptions, recurrentSequence } from '../../ops/recurrentOp.js';
import { BuiltinCell, type BuiltinCellArgs, builtinCellArgKeys } from './builtinCell.js';
import type { CellCallArgs } from './cell.js';
import { type CellDescriptor, gatedWeightShapes, standardWeightOptionKeys } from './descriptor.js';

export interface LSTMCellArgs extends BuiltinCellArgs {
  /**
   * Activation of the i, f, o gates (default 'sigmoid'; older Keras used 'hardSigmoid'); the
   * same names as `activation`.
   */
  recurrentActivation?: string;
  /** Start the forget-gate bias at 1, whatever `biasInitializer` says (default true). */
  unitForgetBias?: boolean;
}

export const lstmCellArgKeys = [...builtinCellArgKeys, 'recurrentActivation', 'unitForgetBias'] as const;


/**
 * One LSTM step (see {@link LSTMCellArgs}).
 * @example const cell = layers.lstmCell({ units: 4 }); cell.stateSize // [4, 4]
 */
export class LSTMCell extends BuiltinCell {
  readonly className = 'LSTMCell';
  // The descriptor is defined below the class (it names the class); read at construction, after the module ran.
  readonly descriptor: CellDescriptor = lstmDescriptor;
  /** Activation of the i, f, o gates. */
  readonly recurrentActivation: ScalarActivation;
  /** Start the forget-gate bias at 1, whatever `biasInitializer` says. */
  readonly unitForgetBias: boolean;

  constructor(args: LSTMCellArgs, where = 'layers.lstmCell') {
    if (where === 'layers.lstmCell') assertKnownOptions(where, args, lstmCellArgKeys);
    super(args, where, 'lstm_cell');
    this.recurrentActivation = getRecurrentActivation(args.recurrentActivation ?? 'sigmoid', where, 'recurrentActivation');
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  protected override afterBuild(): void {
    if (this.bias && this.unitForgetBias) this.bias.data.fill(1, this.units, 2 * this.units);
  }

  /** @internal */
  runFused(x: Tensor, initial: (Tensor | null)[], loop: SequenceOptions): RecurrentResult {
    return recurrentSequence(lstmFamily, x, { kernel: this.kernel!, recurrentKernel: this.recurrentKernel!, bias: this.bias }, initial, loop, {
      activation: this.activation, recurrentActivation: this.recurrentActivation,
    });
  }

  call(input: Tensor, [h, c]: Tensor[], _args: CellCallArgs): [Tensor, Tensor[]] {
    const U = this.units;
    const d = this.dropped(input, h!);
    let z = add(matMul(d.x, this.kernel!), matMul(d.h, this.recurrentKernel!));
    if (this.bias) z = add(z, this.bias);
    const gate = (k: number): Tensor => slice(z, [0, k * U], [-1, U]);
    const i = applyScalarActivation(gate(0), this.recurrentActivation);
    const f = applyScalarActivation(gate(1), this.recurrentActivation);
    const g = applyScalarActivation(gate(2), this.activation);
    const o = applyScalarActivation(gate(3), this.recurrentActivation);
    const cNext = add(mul(f, c!), mul(i, g));
    const hNext = mul(o, applyScalarActivation(cNext, this.activation));
    return [hNext, [hNext, cNext]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation.name, unitForgetBias: this.unitForgetBias };
  }
}

/** The LSTM as the rest of the library sees it. */
export const lstmDescriptor: CellDescriptor = {
  cellClass: LSTMCell,
  cellClassName: 'LSTMCell',
  layerClassName: 'LSTM',
  kernelFamily: 'lstm',
  gates: ['i', 'f', 'c', 'o'],
  stateNames: ['h', 'c'],
  configKeys: [
    'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer',
    'bias_initializer', 'unit_forget_bias', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer',
    'activity_regularizer', 'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout',
    'recurrent_dropout', 'implementation',
  ],
  weightShapes: (inputDim, units, { useBias }) => gatedWeightShapes(inputDim, units, 4, useBias ? [4 * units] : null),
  gateMaps: { pytorch: [0, 1, 2, 3], onnx: [0, 3, 1, 2], keras1: ['i', 'c', 'f', 'o'] },
  pytorchModule: 'LSTM',
  onnxOp: 'LSTM',
  onnxActivations: ['recurrentActivation', 'activation', 'activation'],
  weightOptionKeys: standardWeightOptionKeys,
};

/**
 * Creates an LSTM cell for `layers.rnn` or `layers.stackedRNNCells` (see {@link LSTMCellArgs}).
 * @example layers.rnn({ cell: layers.lstmCell({ units: 32 }), inputShape: [20, 3] })
 */
export function lstmCell(args: LSTMCellArgs): LSTMCell {
  return new LSTMCell(args);
}
