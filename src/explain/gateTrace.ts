/**
 * The gate activations of an LSTM over a whole sequence, step by step, in float64: what a
 * heatmap of "which gate opens when" is drawn from. It runs the same worked cell as
 * `explainLstmStep` at each step, so every row can be explained on its own.
 *
 * @example
 * const trace = traceLstmGates(lstmCellWeightsFromLayer(model.layers[0]), inputs);
 * trace.f[t][u] // forget gate of unit u at step t
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';
import type { LSTM } from '../layers/lstm.js';
import {
  type GateActivationName,
  type LstmCellWeights,
  checkGateActivation,
  checkLstmWeights,
  explainLstmStep,
  lstmStepChecked,
} from './workedCell.js';

/** Per-step values, each `[time][units]`. */
export interface GateTrace {
  /** Input gate. */
  i: number[][];
  /** Forget gate. */
  f: number[][];
  /** Candidate cell value tanh(z_c). */
  g: number[][];
  /** Output gate. */
  o: number[][];
  /** Cell state after each step. */
  c: number[][];
  /** Hidden state (the output) after each step. */
  h: number[][];
}

/** Options of {@link traceLstmGates}. */
export interface GateTraceOptions {
  /** Activation of the i, f, o gates (default 'sigmoid'). */
  recurrentActivation?: GateActivationName;
}

/** LSTM weights with the gate activation the layer was built with. */
export interface LstmCellConfig extends LstmCellWeights {
  recurrentActivation: GateActivationName;
}

/**
 * Runs an LSTM over one sequence `inputs [time][features]` from `h0`, `c0` (default zeros)
 * and records i, f, g, o, c and h at every step (in input order, t = 0 first).
 * Errors name the argument, the expected and the actual shape.
 * @example
 * const { kernel, recurrentKernel, bias } = DEFAULT_WORKED_EXAMPLE; // 2 inputs, 2 units
 * const trace = traceLstmGates({ kernel, recurrentKernel, bias }, [[1, 0], [0, 1], [0.5, 0.5]]);
 */
export function traceLstmGates(
  weights: LstmCellWeights,
  inputs: readonly (readonly number[])[],
  h0?: readonly number[],
  c0?: readonly number[],
  options: GateTraceOptions = {},
): GateTrace {
  const where = 'traceLstmGates';
  const w = checkLstmWeights(weights, where);
  const act = checkGateActivation(where, options.recurrentActivation);
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ShapeError(`${where}: argument 'inputs' expected shape [time >= 1, ${w.inputDim}], got ${Array.isArray(inputs) ? '[0]' : typeof inputs}`);
  }
  for (const [name, v] of [['h0', h0], ['c0', c0]] as const) {
    if (v !== undefined && (!Array.isArray(v) || v.length !== w.units)) {
      throw new ShapeError(
        `${where}: argument '${name}' expected shape ${formatShape([w.units])}, got ${Array.isArray(v) ? formatShape([v.length]) : typeof v}`,
      );
    }
  }
  // The first step checks the values of h0, c0 and x[0]; later steps reuse checked data.
  let state = explainLstmStep({ ...weights, x: checkRow(where, inputs, 0, w.inputDim), hPrev: h0, cPrev: c0, recurrentActivation: act }, where);
  const trace: GateTrace = { i: [], f: [], g: [], o: [], c: [], h: [] };
  const push = (s: typeof state): void => {
    trace.i.push(s.i);
    trace.f.push(s.f);
    trace.g.push(s.g);
    trace.o.push(s.o);
    trace.c.push(s.c);
    trace.h.push(s.h);
  };
  push(state);
  for (let t = 1; t < inputs.length; t++) {
    state = lstmStepChecked(w, checkRow(where, inputs, t, w.inputDim), state.h, state.c, act);
    push(state);
  }
  return trace;
}

function checkRow(where: string, inputs: readonly (readonly number[])[], t: number, inputDim: number): readonly number[] {
  const row = inputs[t];
  if (!Array.isArray(row) || row.length !== inputDim) {
    throw new ShapeError(
      `${where}: argument 'inputs[${t}]' expected shape ${formatShape([inputDim])}, got ${Array.isArray(row) ? formatShape([row.length]) : typeof row}`,
    );
  }
  for (let k = 0; k < inputDim; k++) {
    const v: unknown = row[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValueError(`${where}: argument 'inputs[${t}][${k}]' expected a finite number, got ${JSON.stringify(v)}`);
    }
  }
  return row;
}

/**
 * The weights of a built LSTM layer as nested arrays, with its gate activation. Throws for
 * layers the worked cell does not cover (activation other than tanh, gate activation other
 * than sigmoid/hardSigmoid, not built yet).
 */
export function lstmCellWeightsFromLayer(layer: LSTM): LstmCellConfig {
  const where = 'lstmCellWeightsFromLayer';
  if (!layer.built || layer.kernel === null || layer.recurrentKernel === null) {
    throw new ValueError(`${where}: argument 'layer' expected a built LSTM layer, got ${layer.name} (not built: call it once or give inputShape)`);
  }
  if (layer.activation.name !== 'tanh') {
    throw new ValueError(`${where}: argument 'layer' expected activation 'tanh', got '${layer.activation.name}'`);
  }
  const recurrentActivation = checkGateActivation(where, layer.recurrentActivation.name);
  const toMatrix = (t: { data: ArrayLike<number>; shape: readonly number[] }): number[][] => {
    const [rows, cols] = t.shape as [number, number];
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, k) => t.data[r * cols + k]!));
  };
  return {
    kernel: toMatrix(layer.kernel),
    recurrentKernel: toMatrix(layer.recurrentKernel),
    bias: layer.bias === null ? null : Array.from(layer.bias.data),
    recurrentActivation,
  };
}
