/**
 * A recurrent layer's cell as one direction of an ONNX LSTM / GRU / RNN operator, read from
 * the cell's descriptor (operator, gate order, activation slots, bias rows) instead of testing
 * each layer class: any layer whose cell is a built-in cell exports, `rnn({ cell: lstmCell })`
 * as well as `lstm`. The graph around it (masks, directions, layouts) is `export.ts`'s.
 */
import { ValueError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { RecurrentLayer } from '../../layers/recurrent.js';
import type { BuiltinCell } from '../../layers/cells/builtinCell.js';
import { cellDescriptors, exactBuiltinCell } from '../../layers/cells/registry.js';
import type { RecurrentActivationName } from '../../ops/activations.js';

const WHERE = 'exportOnnx';

/** One ONNX recurrent activation function. */
export interface OnnxActivation {
  readonly name: string;
  readonly alpha?: number;
  readonly beta?: number;
}

/**
 * The recurrent activations the ONNX LSTM, GRU and RNN operators share with lstm-ts, by
 * lstm-ts name. The operators have no selu, gelu, swish, relu6 or exponential (their list:
 * Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu,
 * Softsign, Softplus), so layers using those are refused.
 */
export const recurrentActivationMap: Readonly<Partial<Record<RecurrentActivationName, OnnxActivation>>> = {
  tanh: { name: 'Tanh' },
  sigmoid: { name: 'Sigmoid' },
  relu: { name: 'Relu' },
  hardSigmoid: { name: 'HardSigmoid', alpha: 0.2, beta: 0.5 },
  hardSigmoidKeras3: { name: 'HardSigmoid', alpha: 1 / 6, beta: 0.5 },
  linear: { name: 'Affine', alpha: 1, beta: 0 },
  // Keras's elu has alpha 1 (ONNX's default, written all the same: onnxruntime reads the
  // alphas in order, one for each function that takes one).
  elu: { name: 'Elu', alpha: 1 },
  softsign: { name: 'Softsign' },
  softplus: { name: 'Softplus' },
};

/** The lstm-ts names in recurrentActivationMap, for messages. */
const exportableNames = Object.keys(recurrentActivationMap).filter((n) => n !== 'hardSigmoidKeras3');

function recurrentActivation(name: RecurrentActivationName): OnnxActivation {
  const a = Object.prototype.hasOwnProperty.call(recurrentActivationMap, name) ? recurrentActivationMap[name] : undefined;
  if (!a) throw new ValueError(`${WHERE}: recurrent activation '${name}' has no ONNX form`);
  return a;
}

/** One direction of an ONNX recurrent operator, weights already in ONNX layout. */
export interface CellSpec {
  readonly op: 'LSTM' | 'GRU' | 'RNN';
  readonly units: number;
  readonly inputDim: number;
  /** `[G*U, I]` row-major, ONNX gate order. */
  readonly W: Float32Array;
  /** `[G*U, U]`. */
  readonly R: Float32Array;
  /** `[2*G*U]`: Wb then Rb; null without bias. */
  readonly B: Float32Array | null;
  readonly activations: readonly OnnxActivation[];
  readonly linearBeforeReset: number | null;
}

/** The activations ONNX assumes when the attribute is absent. */
export const defaultActivations: Record<CellSpec['op'], readonly string[]> = {
  LSTM: ['Sigmoid', 'Tanh', 'Tanh'],
  GRU: ['Sigmoid', 'Tanh'],
  RNN: ['Tanh'],
};

/**
 * Transposes a Keras matrix `[rows, G*U]` (gates in Keras order) to ONNX `[G*U, rows]` with
 * gates reordered: ONNX gate `og` takes Keras gate `gateMap[og]`.
 */
function toOnnxGates(m: Tensor, units: number, gateMap: readonly number[]): Float32Array {
  const rows = m.shape[0]!;
  const cols = m.shape[1]!;
  const out = new Float32Array(gateMap.length * units * rows);
  gateMap.forEach((kg, og) => {
    for (let u = 0; u < units; u++) {
      for (let k = 0; k < rows; k++) out[(og * units + u) * rows + k] = m.data[k * cols + kg * units + u]!;
    }
  });
  return out;
}

function reorderVector(v: ArrayLike<number>, offset: number, units: number, gateMap: readonly number[], into: Float32Array, at: number): void {
  gateMap.forEach((kg, og) => {
    for (let u = 0; u < units; u++) into[at + og * units + u] = v[offset + kg * units + u]!;
  });
}

/** The layer's cell when it is exactly a built-in cell (a subclass may compute what the operator does not), else null. */
export function onnxCell(layer: RecurrentLayer): BuiltinCell | null {
  return exactBuiltinCell(layer.cell);
}

/**
 * The ONNX form of one direction of `layer` (its cell must be a built-in one: see
 * `recurrentIssues`).
 * @example cellSpec(layers.lstm({ units: 4 })).op // 'LSTM' (once built)
 */
export function cellSpec(layer: RecurrentLayer): CellSpec {
  const cell = onnxCell(layer);
  if (!cell) throw new ValueError(`${WHERE}: layer '${layer.name}' (${layer.className}) has no built-in cell, so no ONNX operator`);
  const desc = cell.descriptor;
  const U = cell.units;
  const map = desc.gateMaps.onnx;
  const G = map.length;
  let B: Float32Array | null = null;
  if (cell.bias) {
    // ONNX takes input and recurrent biases; a one-row Keras bias leaves the recurrent one zero.
    B = new Float32Array(2 * G * U);
    reorderVector(cell.bias.data, 0, U, map, B, 0);
    if (cell.bias.size === 2 * G * U) reorderVector(cell.bias.data, G * U, U, map, B, G * U);
  }
  const named = cell as BuiltinCell & { recurrentActivation?: { name: RecurrentActivationName } };
  const resetAfter = cell.layout().resetAfter;
  return {
    op: desc.onnxOp,
    units: U,
    inputDim: cell.kernel!.shape[0]!,
    W: toOnnxGates(cell.kernel!, U, map),
    R: toOnnxGates(cell.recurrentKernel!, U, map),
    B,
    activations: desc.onnxActivations.map((slot) => recurrentActivation(slot === 'activation' ? cell.activation.name : named.recurrentActivation!.name)),
    linearBeforeReset: resetAfter === undefined ? null : resetAfter ? 1 : 0,
  };
}

/** Why `layer` cannot be one ONNX recurrent operator in a Sequential graph (empty when it can). */
export function recurrentIssues(layer: RecurrentLayer, label: string): string[] {
  const issues: string[] = [];
  const cell = onnxCell(layer);
  if (!cell) {
    issues.push(`${label}: recurrent class ${layer.className} has no ONNX operator (layers whose cell is ${cellDescriptors.map((d) => d.cellClassName).join(', ')} do: LSTM, GRU, SimpleRNN, RNN)`);
  }
  if (layer.stateful) issues.push(`${label}: stateful: true (an ONNX file has no state kept between runs; rebuild the layer with stateful: false and the same weights)`);
  if (layer.returnState) issues.push(`${label}: returnState: true (a Sequential model has one output per layer)`);
  const named = (cell ?? {}) as { activation?: { name: string }; recurrentActivation?: { name: string } };
  for (const key of ['activation', 'recurrentActivation'] as const) {
    const name = named[key]?.name;
    if (name !== undefined && !Object.prototype.hasOwnProperty.call(recurrentActivationMap, name)) {
      issues.push(
        `${label}: ${key} '${name}' has no ONNX recurrent activation (the LSTM, GRU and RNN operators take ${exportableNames.map((n) => `'${n}'`).join(', ')})`,
      );
    }
  }
  return issues;
}
