/**
 * `layers.simpleRNNCell`: one SimpleRNN step, Keras's SimpleRNNCell,
 * h' = activation(x·kernel + h·recurrentKernel + bias); kernel `[inputDim, units]`,
 * recurrentKernel `[units, units]`, bias `[units]`.
 *
 * @example
 * const layer = layers.rnn({ cell: layers.simpleRNNCell({ units: 8 }) });
 */
import { assertKnownOptions } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, matMul } from '../../ops/public/index.js';
import { applyScalarActivation } from '../../ops/scalarActivation.js';
import { simpleRnnFamily } from '../../ops/simpleRnn.js';
import { type RecurrentResult, type SequenceOptions, recurrentSequence } from '../../ops/recurrentOp.js';
import { BuiltinCell, type BuiltinCellArgs, builtinCellArgKeys } from './builtinCell.js';
import type { CellCallArgs } from './cell.js';
import { type CellDescriptor, gatedWeightShapes, standardWeightOptionKeys } from './descriptor.js';

/** Options of a SimpleRNN cell: exactly the built-in cells' common ones. */
export type SimpleRNNCellArgs = BuiltinCellArgs;


/**
 * One SimpleRNN step (see {@link SimpleRNNCellArgs}).
 * @example layers.simpleRNNCell({ units: 4, activation: 'relu' }).stateSize // [4]
 */
export class SimpleRNNCell extends BuiltinCell {
  readonly className = 'SimpleRNNCell';
  // The descriptor is defined below the class (it names the class); read at construction, after the module ran.
  readonly descriptor: CellDescriptor = simpleRnnDescriptor;

  constructor(args: SimpleRNNCellArgs, where = 'layers.simpleRNNCell') {
    if (where === 'layers.simpleRNNCell') assertKnownOptions(where, args, builtinCellArgKeys);
    super(args, where, 'simple_rnn_cell');
  }

  /** @internal */
  runFused(x: Tensor, initial: (Tensor | null)[], loop: SequenceOptions): RecurrentResult {
    return recurrentSequence(simpleRnnFamily, x, { kernel: this.kernel!, recurrentKernel: this.recurrentKernel!, bias: this.bias }, initial, loop, {
      activation: this.activation,
    });
  }

  call(input: Tensor, [h]: Tensor[], _args: CellCallArgs): [Tensor, Tensor[]] {
    const d = this.dropped(input, h!);
    let z = add(matMul(d.x, this.kernel!), matMul(d.h, this.recurrentKernel!));
    if (this.bias) z = add(z, this.bias);
    const hNext = applyScalarActivation(z, this.activation);
    return [hNext, [hNext]];
  }
}

/** The SimpleRNN as the rest of the library sees it. */
export const simpleRnnDescriptor: CellDescriptor = {
  cellClass: SimpleRNNCell,
  cellClassName: 'SimpleRNNCell',
  layerClassName: 'SimpleRNN',
  kernelFamily: 'simpleRnn',
  gates: ['h'],
  stateNames: ['h'],
  configKeys: [
    'units', 'activation', 'use_bias', 'kernel_initializer', 'recurrent_initializer', 'bias_initializer',
    'kernel_regularizer', 'recurrent_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint',
    'recurrent_constraint', 'bias_constraint', 'dropout', 'recurrent_dropout',
  ],
  weightShapes: (inputDim, units, { useBias }) => gatedWeightShapes(inputDim, units, 1, useBias ? [units] : null),
  gateMaps: { pytorch: [0], onnx: [0], keras1: null },
  pytorchModule: 'RNN',
  onnxOp: 'RNN',
  onnxActivations: ['activation'],
  weightOptionKeys: standardWeightOptionKeys,
};

/**
 * Creates a SimpleRNN cell for `layers.rnn` or `layers.stackedRNNCells` (see {@link SimpleRNNCellArgs}).
 * @example layers.rnn({ cell: layers.simpleRNNCell({ units: 16 }), returnSequences: true })
 */
export function simpleRNNCell(args: SimpleRNNCellArgs): SimpleRNNCell {
  return new SimpleRNNCell(args);
}
