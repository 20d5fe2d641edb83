/**
 * `layers.gruCell`: one GRU step, Keras's GRUCell. Gate order z, r, h: kernel
 * `[inputDim, 3*units]`, recurrentKernel `[units, 3*units]`, bias `[2, 3*units]` (input and
 * recurrent rows) with `resetAfter: true` (the default, Keras 3 / cuDNN / PyTorch) or `[3*units]`
 * without (original Keras, TF.js). The equations are in `kernels/reference/gru.ts`.
 *
 * @example
 * const layer = layers.rnn({ cell: layers.gruCell({ units: 8 }) });
 */
import { ValueError, assertKnownOptions } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type ScalarActivation, getRecurrentActivation } from '../../ops/activations.js';
import { add, matMul, mul, slice, sub } from '../../ops/public/index.js';
import { applyScalarActivation } from '../../ops/scalarActivation.js';
import { gruFamily } from '../../ops/gru.js';
import { type RecurrentResult, type SequenceOptions, recurrentSequence } from '../../ops/recurrentOp.js';
import { BuiltinCell, type BuiltinCellArgs, builtinCellArgKeys } from './builtinCell.js';
import type { CellCallArgs } from './cell.js';
import { type CellDescriptor, type CellLayout, gatedWeightShapes, standardWeightOptionKeys } from './descriptor.js';

export interface GRUCellArgs extends BuiltinCellArgs {
  /**
   * Activation of the z and r gates (default 'sigmoid'; older Keras and TF.js use
   * 'hardSigmoid'); the same names as `activation`.
   */
  recurrentActivation?: string;
  /**
   * Apply the reset gate after the recurrent product, with separate input and recurrent
   * biases (default true: Keras 3, cuDNN and PyTorch compatible). false is the original GRU
   * that TF.js implements.
   */
  resetAfter?: boolean;
}

export const gruCellArgKeys = [...builtinCellArgKeys, 'recurrentActivation', 'resetAfter'] as const;


/**
 * One GRU step (see {@link GRUCellArgs}).
 * @example layers.gruCell({ units: 4, resetAfter: false }).stateSize // [4]
 */
export class GRUCell extends BuiltinCell {
  readonly className = 'GRUCell';
  // The descriptor is defined below the class (it names the class); read at construction, after the module ran.
  readonly descriptor: CellDescriptor = gruDescriptor;
  /** Activation of the z and r gates. */
  readonly recurrentActivation: ScalarActivation;
  /** Reset gate after the recurrent product (bias `[2, 3*units]`) or before it (`[3*units]`). */
  readonly resetAfter: boolean;

  constructor(args: GRUCellArgs, where = 'layers.gruCell') {
    if (where === 'layers.gruCell') assertKnownOptions(where, args, gruCellArgKeys);
    super(args, where, 'gru_cell');
    this.recurrentActivation = getRecurrentActivation(args.recurrentActivation ?? 'sigmoid', where, 'recurrentActivation');
    this.resetAfter = args.resetAfter ?? true;
    if (typeof this.resetAfter !== 'boolean') {
      throw new ValueError(`${where}: option 'resetAfter' expected a boolean, got ${JSON.stringify(this.resetAfter)}`);
    }
  }

  override layout(): CellLayout {
    return { useBias: this.useBias, resetAfter: this.resetAfter };
  }

  /** @internal */
  runFused(x: Tensor, initial: (Tensor | null)[], loop: SequenceOptions): RecurrentResult {
    return recurrentSequence(gruFamily, x, { kernel: this.kernel!, recurrentKernel: this.recurrentKernel!, bias: this.bias }, initial, loop, {
      resetAfter: this.resetAfter, activation: this.activation, recurrentActivation: this.recurrentActivation,
    });
  }

  call(input: Tensor, [h]: Tensor[], _args: CellCallArgs): [Tensor, Tensor[]] {
    const U = this.units;
    const d = this.dropped(input, h!);
    const cols = (t: Tensor, k: number): Tensor => slice(t, [0, k * U], [-1, U]);
    const biasRow = (row: number): Tensor => slice(this.bias!, [row, 0], [1, -1]);
    let mx = matMul(d.x, this.kernel!);
    if (this.bias) mx = add(mx, this.resetAfter ? biasRow(0) : this.bias);
    let z: Tensor;
    let hh: Tensor;
    if (this.resetAfter) {
      let mi = matMul(d.h, this.recurrentKernel!);
      if (this.bias) mi = add(mi, biasRow(1));
      z = applyScalarActivation(add(cols(mx, 0), cols(mi, 0)), this.recurrentActivation);
      const r = applyScalarActivation(add(cols(mx, 1), cols(mi, 1)), this.recurrentActivation);
      hh = applyScalarActivation(add(cols(mx, 2), mul(r, cols(mi, 2))), this.activation);
    } else {
      const u = (k: number): Tensor => slice(this.recurrentKernel!, [0, k * U], [-1, U]);
      z = applyScalarActivation(add(cols(mx, 0), matMul(d.h, u(0))), this.recurrentActivation);
      const r = applyScalarActivation(add(cols(mx, 1), matMul(d.h, u(1))), this.recurrentActivation);
      hh = applyScalarActivation(add(cols(mx, 2), matMul(mul(r, d.h), u(2))), this.activation);
    }
    // h' = z ⊙ h + (1 − z) ⊙ hh, with the undropped h carried.
    const hNext = add(mul(z, h!), mul(sub(1, z), hh));
    return [hNext, [hNext]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation.name, resetAfter: this.resetAfter };
  }
}

/** The GRU as the rest of the library sees it. */
export const gruDescriptor: CellDescriptor = {
  cellClass: GRUCell,
  cellClassName: 'GRUCell',
  layerClassName: 'GRU',
  kernelFamily: 'gru',
  gates: ['z', 'r', 'h'],
  stateNames: ['h'],
  configKeys: [
    'units', 'activation', 'recurrent_activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer',
    'bias_initializer', 'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer',
    'kernel_constraint', 'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout', 'implementation',
    'reset_after',
  ],
  weightShapes: (inputDim, units, { useBias, resetAfter }) =>
    gatedWeightShapes(inputDim, units, 3, useBias ? (resetAfter ? [2, 3 * units] : [3 * units]) : null),
  gateMaps: { pytorch: [1, 0, 2], onnx: [0, 1, 2], keras1: ['z', 'r', 'h'] },
  pytorchModule: 'GRU',
  onnxOp: 'GRU',
  onnxActivations: ['recurrentActivation', 'activation'],
  weightOptionKeys: standardWeightOptionKeys,
};

/**
 * Creates a GRU cell for `layers.rnn` or `layers.stackedRNNCells` (see {@link GRUCellArgs}).
 * @example layers.rnn({ cell: layers.gruCell({ units: 16, resetAfter: false }) })
 */
export function gruCell(args: GRUCellArgs): GRUCell {
  return new GRUCell(args);
}
