/**
 * The built-in cells' descriptors by class name: what io, the exporters and the weight planner
 * look up instead of testing `instanceof` against each recurrent layer class.
 */
import type { RNNCell } from './cell.js';
import type { BuiltinCell } from './builtinCell.js';
import type { CellDescriptor } from './descriptor.js';
import { lstmDescriptor } from './lstmCell.js';
import { gruDescriptor } from './gruCell.js';
import { simpleRnnDescriptor } from './simpleRnnCell.js';

/** Every built-in cell, in the order error messages list them. */
export const cellDescriptors: readonly CellDescriptor[] = [lstmDescriptor, gruDescriptor, simpleRnnDescriptor];

/**
 * The descriptor of a built-in cell or of its layer, by Keras class name ('LSTMCell' or 'LSTM').
 * @example descriptorByClassName('GRU')?.gateMaps.pytorch // [1, 0, 2]
 */
export function descriptorByClassName(className: string): CellDescriptor | undefined {
  return cellDescriptors.find((d) => d.cellClassName === className || d.layerClassName === className);
}

/**
 * The cell when it is exactly a built-in cell class (not a subclass, which may compute something
 * else and must not be saved or exported as its parent), else null.
 * @example exactBuiltinCell(layers.lstmCell({ units: 2 }))?.descriptor.onnxOp // 'LSTM'
 */
export function exactBuiltinCell(cell: RNNCell): BuiltinCell | null {
  const proto = Object.getPrototypeOf(cell) as unknown;
  return cellDescriptors.some((d) => d.cellClass.prototype === proto) ? (cell as BuiltinCell) : null;
}
