/**
 * What the rest of the library needs to know about a built-in cell, in one place: the file
 * formats (io), the ONNX exporter, PyTorch and Keras-1 weight converters and the weight planner
 * read it by class name instead of testing `instanceof` against each layer class. Adding a
 * cell with a fused kernel means writing its cell file with one of these, and listing it in
 * `cells/registry.ts`.
 */

import type { RNNCell } from './cell.js';

/** The fused kernel family a built-in cell runs on (see `ops/recurrentOp.ts`). */
export type KernelFamilyName = 'lstm' | 'gru' | 'simpleRnn';

/** The options that change a built-in cell's weight shapes. */
export interface CellLayout {
  /** Whether the cell has a bias. */
  useBias: boolean;
  /** GRU only: a `[2, 3*units]` bias (input and recurrent rows) instead of `[3*units]`. */
  resetAfter?: boolean;
}

/** A class of cells (what `cellClass` holds). */
export type CellClass = abstract new (...args: never[]) => RNNCell;

/** Gate orders of other formats, as Keras gate indices (see {@link CellDescriptor.gateMaps}). */
export interface GateMaps {
  /** PyTorch's gate order (`weight_ih_l0` row blocks). */
  readonly pytorch: readonly number[];
  /** ONNX's gate order (W, R, B blocks). */
  readonly onnx: readonly number[];
  /** Keras 1's per-gate array order by gate name; null where the class had no per-gate form. */
  readonly keras1: readonly string[] | null;
}

/** Where a weight's training-only options live in a Keras config. */
export interface WeightOptionKeys {
  /** The config key of the weight's regularizer, e.g. 'kernel_regularizer'. */
  regularizer: string;
  /** The config key of the weight's constraint, e.g. 'kernel_constraint'. */
  constraint: string;
}

/**
 * One built-in cell, described for everything outside it.
 * @example descriptorByClassName('LSTM')?.gates // ['i', 'f', 'c', 'o']
 */
export interface CellDescriptor {
  /** The cell class itself: an instance of exactly this class (not a subclass) is this cell. */
  readonly cellClass: CellClass;
  /** Keras cell class, e.g. 'LSTMCell'. */
  readonly cellClassName: string;
  /** Keras layer class that wraps this cell, e.g. 'LSTM'. */
  readonly layerClassName: string;
  /** The fused kernels that run it. */
  readonly kernelFamily: KernelFamilyName;
  /** Gate blocks of the kernel's columns, in Keras order (`['i', 'f', 'c', 'o']`). */
  readonly gates: readonly string[];
  /** The states the cell carries, h first (`['h', 'c']`). */
  readonly stateNames: readonly string[];
  /**
   * The cell's own keys in a Keras / tfjs config, in the order tfjs 4.22 writes them (the
   * layer keys such as name, return_sequences come from the layer).
   */
  readonly configKeys: readonly string[];
  /** `[shortName, shape]` of the weights in build (Keras `get_weights()`) order. */
  weightShapes(inputDim: number, units: number, layout: CellLayout): [string, number[]][];
  /**
   * Gate orders of other formats, each as the Keras gate index at each of that format's gate
   * positions: `onnx: [0, 3, 1, 2]` means ONNX's gates are Keras's i, o, f, c. `keras1` names
   * the order of Keras 1's per-gate arrays (null: the class had no per-gate form).
   */
  readonly gateMaps: GateMaps;
  /** The PyTorch module with the same math (`nn.LSTM`, `nn.GRU`, `nn.RNN`). */
  readonly pytorchModule: 'LSTM' | 'GRU' | 'RNN';
  /** The ONNX operator with the same math. */
  readonly onnxOp: 'LSTM' | 'GRU' | 'RNN';
  /** Which of the cell's activations fills each slot of the ONNX operator's `activations` list. */
  readonly onnxActivations: readonly ('activation' | 'recurrentActivation')[];
  /** Keras config keys of each weight's regularizer and constraint, by short weight name. */
  readonly weightOptionKeys: Readonly<Record<string, WeightOptionKeys>>;
}

/** The regularizer/constraint keys the three built-in cells share. */
export const standardWeightOptionKeys: Readonly<Record<string, WeightOptionKeys>> = {
  kernel: { regularizer: 'kernel_regularizer', constraint: 'kernel_constraint' },
  recurrent_kernel: { regularizer: 'recurrent_regularizer', constraint: 'recurrent_constraint' },
  bias: { regularizer: 'bias_regularizer', constraint: 'bias_constraint' },
};

/** `[kernel, recurrent_kernel, bias?]` for `gates` gate blocks; the bias shape is given. */
export function gatedWeightShapes(inputDim: number, units: number, gates: number, bias: number[] | null): [string, number[]][] {
  const out: [string, number[]][] = [
    ['kernel', [inputDim, gates * units]],
    ['recurrent_kernel', [units, gates * units]],
  ];
  if (bias) out.push(['bias', bias]);
  return out;
}
