/**
 * One LSTM step worked through on numbers, in float64, written straight from the Keras
 * equations (`LSTMCell`, gate order i, f, c, o):
 *
 *   z = x·W + h_prev·U + b          W: kernel [inputDim, 4*units], U: recurrentKernel [units, 4*units], b: bias [4*units]
 *   i = σ(z_i)   f = σ(z_f)   g = tanh(z_c)   o = σ(z_o)
 *   c = f*c_prev + i*g
 *   h = o*tanh(c)
 *
 * Column `k*units + u` of W, U and b belongs to gate k (0 i, 1 f, 2 c, 3 o) and unit u.
 * This file does not use the library's kernels on purpose: the tests check that it agrees
 * with the real layer, so it is an independent second implementation of the cell.
 *
 * @example
 * const r = explainLstmStep({ ...DEFAULT_WORKED_EXAMPLE });
 * console.log(formatExplanation(r));
 */
import { ShapeError, ValueError, formatShape } from '../tensor/errors.js';

/** Activations the i, f, o gates may use (Keras `recurrent_activation`). */
export type GateActivationName = 'sigmoid' | 'hardSigmoid';

/** The gate activations `explainLstmStep` knows. */
export const gateActivationNames: readonly GateActivationName[] = ['sigmoid', 'hardSigmoid'];

/** LSTM weights in Keras layout as nested arrays. */
export interface LstmCellWeights {
  /** `[inputDim][4*units]`, gate blocks i, f, c, o. */
  kernel: readonly (readonly number[])[];
  /** `[units][4*units]`. */
  recurrentKernel: readonly (readonly number[])[];
  /** `[4*units]`, or null for a layer without bias (`useBias: false`). */
  bias: readonly number[] | null;
}

/** The arguments of {@link explainLstmStep}. */
export interface LstmStepArgs extends LstmCellWeights {
  /** Input at this step `[inputDim]`. */
  x: readonly number[];
  /** Previous hidden state `[units]` (default zeros). */
  hPrev?: readonly number[] | undefined;
  /** Previous cell state `[units]` (default zeros). */
  cPrev?: readonly number[] | undefined;
  /** Activation of the i, f, o gates (default 'sigmoid', as Keras 2.3+; tfjs uses 'hardSigmoid'). */
  recurrentActivation?: GateActivationName | undefined;
}

/** One value per unit for each of the four gate blocks. */
export interface GateBlocks {
  /** Input gate block (columns `0*units .. 1*units-1`), `[units]`. */
  i: number[];
  /** Forget gate block (columns `1*units .. 2*units-1`), `[units]`. */
  f: number[];
  /** Candidate (cell) block (columns `2*units .. 3*units-1`), `[units]`. */
  c: number[];
  /** Output gate block (columns `3*units .. 4*units-1`), `[units]`. */
  o: number[];
}

/** Every intermediate of one LSTM step. All vectors are plain number arrays. */
export interface LstmStepExplanation {
  /** Size of the input `x`: the kernel's row count. */
  inputDim: number;
  /** Number of units: the kernel's column count divided by 4. */
  units: number;
  /** Activation used for the i, f, o gates (the argument, or 'sigmoid' when it was left out). */
  recurrentActivation: GateActivationName;
  /** Input at this step `[inputDim]` (a copy of the argument). */
  x: number[];
  /** Previous hidden state `[units]` used (zeros when it was left out). */
  hPrev: number[];
  /** Previous cell state `[units]` used (zeros when it was left out). */
  cPrev: number[];
  /** The kernel W `[inputDim][4*units]` used. */
  kernel: number[][];
  /** The recurrent kernel U `[units][4*units]` used. */
  recurrentKernel: number[][];
  /** `x·W`, `[4*units]` in Keras column order. */
  xW: number[];
  /** `h_prev·U`, `[4*units]`. */
  hU: number[];
  /** The bias `[4*units]` (zeros without bias). */
  b: number[];
  /** Pre-activations `z = x·W + h_prev·U + b`, `[4*units]`. */
  z: number[];
  /** `z` split into gate blocks: `preActivations.c` is z_c. */
  preActivations: GateBlocks;
  /** Input gate σ(z_i). */
  i: number[];
  /** Forget gate σ(z_f). */
  f: number[];
  /** Candidate cell value tanh(z_c) (Keras's c̃). */
  g: number[];
  /** Output gate σ(z_o). */
  o: number[];
  /** New cell state f*c_prev + i*g. */
  c: number[];
  /** tanh(c). */
  tanhC: number[];
  /** New hidden state o*tanh(c), which is also the output. */
  h: number[];
}

/** The logistic function, without overflow for large |v|. */
function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Keras 2 / tfjs hard sigmoid: 0.2 v + 0.5 clipped to [0, 1] (the library's 'hardSigmoid'). */
function hardSigmoid(v: number): number {
  return Math.min(Math.max(0.2 * v + 0.5, 0), 1);
}

/** The gate activation by name. */
export function gateActivation(name: GateActivationName): (v: number) => number {
  return name === 'sigmoid' ? sigmoid : hardSigmoid;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  const s = JSON.stringify(v);
  return s === undefined ? typeof v : s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Checks one number. */
function checkNumber(where: string, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValueError(`${where}: field '${field}' expected a finite number, got ${describeValue(v)}`);
  }
  return v;
}

/** A 1-D array of finite numbers of length `expected` (or any length when null). */
function readVector(where: string, field: string, value: unknown, expected: number | null, expectedText: string): number[] {
  if (!Array.isArray(value) || value.some((v) => Array.isArray(v))) {
    const shape = Array.isArray(value) ? nestedShapeText(value) : describeValue(value);
    throw new ShapeError(`${where}: field '${field}' expected shape ${expectedText}, got ${shape}`);
  }
  if (expected !== null && value.length !== expected) {
    throw new ShapeError(`${where}: field '${field}' expected shape ${expectedText}, got ${formatShape([value.length])}`);
  }
  return value.map((v, k) => checkNumber(where, `${field}[${k}]`, v));
}

/** The shape of a nested array as far as it is rectangular, e.g. `[2, 8]`, or a description. */
function nestedShapeText(value: unknown[]): string {
  if (value.length > 0 && value.every((r) => Array.isArray(r))) {
    const lengths = (value as unknown[][]).map((r) => r.length);
    if (lengths.every((n) => n === lengths[0])) {
      if ((value as unknown[][]).some((r) => r.some((v) => Array.isArray(v)))) return 'an array with more than 2 dimensions';
      return formatShape([value.length, lengths[0]!]);
    }
    return `rows of different lengths (${lengths.slice(0, 6).join(', ')}${lengths.length > 6 ? ', ...' : ''})`;
  }
  if (value.some((v) => Array.isArray(v))) return 'a mix of numbers and arrays';
  return formatShape([value.length]);
}

/** A rectangular 2-D array of finite numbers; returns it flattened row-major with its shape. */
function readMatrix(
  where: string,
  field: string,
  value: unknown,
  expected: readonly (number | null)[],
  expectedText: string,
): { data: Float64Array; rows: number; cols: number } {
  const bad = (got: string): never => {
    throw new ShapeError(`${where}: field '${field}' expected shape ${expectedText}, got ${got}`);
  };
  if (!Array.isArray(value)) return bad(describeValue(value));
  if (value.length === 0 || !value.every((r) => Array.isArray(r))) return bad(nestedShapeText(value));
  const rows = value.length;
  const cols = (value[0] as unknown[]).length;
  if (!(value as unknown[][]).every((r) => r.length === cols)) return bad(nestedShapeText(value));
  if ((value as unknown[][]).some((r) => r.some((v) => Array.isArray(v)))) return bad('an array with more than 2 dimensions');
  if ((expected[0] !== null && expected[0] !== rows) || (expected[1] !== null && expected[1] !== cols)) {
    bad(formatShape([rows, cols]));
  }
  const data = new Float64Array(rows * cols);
  (value as unknown[][]).forEach((r, a) => r.forEach((v, k) => (data[a * cols + k] = checkNumber(where, `${field}[${a}][${k}]`, v))));
  return { data, rows, cols };
}

/** Validated, flattened weights and sizes. */
export interface CheckedLstmWeights {
  inputDim: number;
  units: number;
  /** Row-major `[inputDim * 4*units]`. */
  kernel: Float64Array;
  /** Row-major `[units * 4*units]`. */
  recurrentKernel: Float64Array;
  /** `[4*units]`, zeros without bias. */
  bias: Float64Array;
}

/**
 * Checks LSTM weights in Keras layout: sizes come from the kernel (`[inputDim, 4*units]`),
 * then the recurrent kernel must be `[units, 4*units]` and the bias `[4*units]`. Errors name
 * the field, the expected and the actual shape.
 * @example checkLstmWeights(w, '--weights w.json') // ShapeError "--weights w.json: field 'bias' expected shape [8], got [6]"
 */
export function checkLstmWeights(weights: LstmCellWeights, where = 'explainLstmStep'): CheckedLstmWeights {
  if (typeof weights !== 'object' || weights === null) {
    throw new ValueError(`${where}: expected an object with kernel, recurrentKernel and bias, got ${describeValue(weights)}`);
  }
  const k = readMatrix(where, 'kernel', weights.kernel, [null, null], '[inputDim, 4*units]');
  if (k.cols === 0 || k.cols % 4 !== 0) {
    throw new ShapeError(
      `${where}: field 'kernel' expected shape [inputDim, 4*units] (a positive multiple of 4 columns), got ${formatShape([k.rows, k.cols])}`,
    );
  }
  const units = k.cols / 4;
  const rk = readMatrix(where, 'recurrentKernel', weights.recurrentKernel, [units, 4 * units], formatShape([units, 4 * units]));
  const bias =
    weights.bias === null
      ? new Float64Array(4 * units)
      : Float64Array.from(readVector(where, 'bias', weights.bias, 4 * units, formatShape([4 * units])));
  return { inputDim: k.rows, units, kernel: k.data, recurrentKernel: rk.data, bias };
}

/** The step on checked weights; shared with the gate trace. */
export function lstmStepChecked(
  w: CheckedLstmWeights,
  x: readonly number[],
  hPrev: readonly number[],
  cPrev: readonly number[],
  recurrentActivation: GateActivationName,
): LstmStepExplanation {
  const { inputDim: I, units: U } = w;
  const N = 4 * U;
  const act = gateActivation(recurrentActivation);
  const xW = new Array<number>(N).fill(0);
  const hU = new Array<number>(N).fill(0);
  const b = Array.from(w.bias);
  const z = new Array<number>(N);
  for (let col = 0; col < N; col++) {
    let sx = 0;
    for (let k = 0; k < I; k++) sx += x[k]! * w.kernel[k * N + col]!;
    let sh = 0;
    for (let k = 0; k < U; k++) sh += hPrev[k]! * w.recurrentKernel[k * N + col]!;
    xW[col] = sx;
    hU[col] = sh;
    z[col] = sx + sh + b[col]!;
  }
  const block = (gate: number): number[] => z.slice(gate * U, (gate + 1) * U);
  const preActivations: GateBlocks = { i: block(0), f: block(1), c: block(2), o: block(3) };
  const i = preActivations.i.map(act);
  const f = preActivations.f.map(act);
  const g = preActivations.c.map(Math.tanh);
  const o = preActivations.o.map(act);
  const c = i.map((_, u) => f[u]! * cPrev[u]! + i[u]! * g[u]!);
  const tanhC = c.map(Math.tanh);
  const h = o.map((ou, u) => ou * tanhC[u]!);
  return {
    inputDim: I,
    units: U,
    recurrentActivation,
    x: [...x],
    hPrev: [...hPrev],
    cPrev: [...cPrev],
    kernel: Array.from({ length: I }, (_, k) => Array.from(w.kernel.subarray(k * N, (k + 1) * N))),
    recurrentKernel: Array.from({ length: U }, (_, k) => Array.from(w.recurrentKernel.subarray(k * N, (k + 1) * N))),
    xW,
    hU,
    b,
    z,
    preActivations,
    i,
    f,
    g,
    o,
    c,
    tanhC,
    h,
  };
}

/** Checks a recurrent activation name. */
export function checkGateActivation(where: string, value: unknown): GateActivationName {
  if (value === undefined) return 'sigmoid';
  if (typeof value !== 'string' || !(gateActivationNames as readonly string[]).includes(value)) {
    throw new ValueError(
      `${where}: option 'recurrentActivation' expected one of ${gateActivationNames.map((n) => `'${n}'`).join(', ')}, got ${describeValue(value)}`,
    );
  }
  return value as GateActivationName;
}

/**
 * Computes one LSTM step and returns every intermediate value (float64).
 * Errors name the field, the expected and the actual shape.
 * @example explainLstmStep({ kernel, recurrentKernel, bias, x: [0.5, -1], hPrev: [0, 0], cPrev: [0, 0] }).h
 */
export function explainLstmStep(args: LstmStepArgs, where = 'explainLstmStep'): LstmStepExplanation {
  const w = checkLstmWeights(args, where);
  const U = w.units;
  const uShape = formatShape([U]);
  const x = readVector(where, 'x', args.x, w.inputDim, formatShape([w.inputDim]));
  const hPrev = args.hPrev === undefined ? new Array<number>(U).fill(0) : readVector(where, 'hPrev', args.hPrev, U, uShape);
  const cPrev = args.cPrev === undefined ? new Array<number>(U).fill(0) : readVector(where, 'cPrev', args.cPrev, U, uShape);
  return lstmStepChecked(w, x, hPrev, cPrev, checkGateActivation(where, args.recurrentActivation));
}

/**
 * The built-in example of `lstm explain`: 2 inputs, 2 units, round numbers, the forget bias
 * at 1 as Keras's `unit_forget_bias` sets it. Kernel columns are i0 i1 | f0 f1 | c0 c1 | o0 o1.
 * @example
 * console.log(formatExplanation(explainLstmStep(DEFAULT_WORKED_EXAMPLE)));
 */
export const DEFAULT_WORKED_EXAMPLE: Readonly<{
  /** W, `[2 inputs, 8]`: input weights of the four gates. */
  kernel: number[][];
  /** U, `[2 units, 8]`: weights of the previous hidden state. */
  recurrentKernel: number[][];
  /** b, `[8]`: gate biases (forget gate at 1). */
  bias: number[];
  /** The input at this timestep, `[2]`. */
  x: number[];
  /** The previous hidden state h, `[2]`. */
  hPrev: number[];
  /** The previous cell state c, `[2]`. */
  cPrev: number[];
}> = Object.freeze({
  kernel: [
    [0.5, -0.5, 0.2, 0.4, 1.0, -1.0, 0.3, 0.6],
    [0.2, 0.1, -0.3, 0.5, -0.5, 0.5, 0.1, -0.2],
  ],
  recurrentKernel: [
    [0.1, 0.2, 0.0, 0.1, 0.4, -0.2, 0.2, 0.0],
    [-0.1, 0.3, 0.2, 0.0, 0.1, 0.3, 0.0, 0.2],
  ],
  bias: [0, 0, 1, 1, 0, 0, 0, 0],
  x: [0.5, -1],
  hPrev: [0.1, -0.2],
  cPrev: [0.5, -0.3],
});

// ---------------------------------------------------------------------------------------
// Text

/** Options of {@link formatExplanation}. */
export interface FormatExplanationOptions {
  /** Digits after the decimal point in the tables (default 6). */
  decimals?: number;
  /** Write out every sum and product per unit (default: when inputDim + units <= 6). */
  arithmetic?: boolean;
  /** Print the weight matrices (default: when units <= 4 and inputDim <= 8). */
  weights?: boolean;
}

const GATES = ['i', 'f', 'c', 'o'] as const;

/** Shortest readable form of a value for the written-out arithmetic: 6 decimals, trailing zeros dropped. */
function short(v: number, decimals: number): string {
  const s = v.toFixed(decimals).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

/** A factor inside a product: negatives in parentheses. */
function factor(v: number, decimals: number): string {
  const s = short(v, decimals);
  return s.startsWith('-') ? `(${s})` : s;
}

function vectorText(v: readonly number[]): string {
  return `[${v.map((n) => String(n)).join(', ')}]`;
}

/** Right-aligned columns under a header row. */
function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: readonly string[]): string =>
    indent + cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** `i0 i1 | f0 f1 | ...` column labels. */
function columnLabels(units: number): string[] {
  return GATES.flatMap((gate) => Array.from({ length: units }, (_, u) => `${gate}${u}`));
}

/**
 * Formats a step as text: the equations, the inputs, the weights, then aligned tables per
 * unit of the pre-activations (x·W, h_prev·U, b, z) and of the gates and new states, and
 * the arithmetic written out for each unit.
 * @example
 * console.log(formatExplanation(explainLstmStep(DEFAULT_WORKED_EXAMPLE)));
 */
export function formatExplanation(r: LstmStepExplanation, options: FormatExplanationOptions = {}): string {
  const d = options.decimals ?? 6;
  const I = r.inputDim, U = r.units;
  const fx = (v: number): string => v.toFixed(d);
  const sig = r.recurrentActivation === 'sigmoid' ? 'σ' : 'hσ';
  const out: string[] = [];
  out.push(`LSTM cell, one step worked through in float64 (Keras LSTMCell; ${I} inputs, ${U} units; gate order i, f, c, o)`);
  out.push('');
  out.push('Equations');
  const equations: [string, string][] = [
    ['z = x·W + h_prev·U + b', `W kernel ${formatShape([I, 4 * U])}, U recurrent kernel ${formatShape([U, 4 * U])}, b bias ${formatShape([4 * U])}`],
    [`i = ${sig}(z_i)`, 'input gate: how much of the candidate enters the cell'],
    [`f = ${sig}(z_f)`, 'forget gate: how much of the old cell is kept'],
    ['g = tanh(z_c)', 'candidate cell value (Keras\'s c̃)'],
    [`o = ${sig}(z_o)`, 'output gate: how much of the cell is shown'],
    ['c = f*c_prev + i*g', 'new cell state (* is elementwise)'],
    ['h = o*tanh(c)', 'new hidden state, which is also the output'],
  ];
  const eqWidth = Math.max(...equations.map(([e]) => e.length));
  for (const [eq, note] of equations) out.push(`  ${eq.padEnd(eqWidth)}   ${note}`);
  out.push(
    r.recurrentActivation === 'sigmoid'
      ? '  σ(v) = 1 / (1 + exp(-v))'
      : '  hσ(v) = min(max(0.2*v + 0.5, 0), 1)   (hardSigmoid, the Keras 2 / TensorFlow.js default)',
  );
  out.push('');
  out.push('Inputs');
  out.push(`  x      = ${vectorText(r.x)}`);
  out.push(`  h_prev = ${vectorText(r.hPrev)}`);
  out.push(`  c_prev = ${vectorText(r.cPrev)}`);

  if (options.weights ?? (U <= 4 && I <= 8)) {
    out.push('');
    out.push('Weights (Keras layout; column k*units + u is gate k, unit u)');
    const rows: string[][] = [
      ...r.kernel.map((row, k) => [`W  x${k}`, ...row.map(fx)]),
      ...r.recurrentKernel.map((row, k) => [`U  h${k}`, ...row.map(fx)]),
      ['b', ...r.b.map(fx)],
    ];
    out.push(...table(['', ...columnLabels(U)], rows));
  }

  out.push('');
  out.push('Pre-activations z = x·W + h_prev·U + b');
  const zRows: string[][] = [];
  for (let gate = 0; gate < 4; gate++) {
    for (let u = 0; u < U; u++) {
      const col = gate * U + u;
      zRows.push([`z_${GATES[gate]}`, String(u), fx(r.xW[col]!), fx(r.hU[col]!), fx(r.b[col]!), fx(r.z[col]!)]);
    }
  }
  out.push(...table(['gate', 'unit', 'x·W', 'h_prev·U', 'b', 'z'], zRows));

  out.push('');
  out.push('Gates and new state per unit');
  const gRows = Array.from({ length: U }, (_, u) => [
    String(u),
    fx(r.i[u]!), fx(r.f[u]!), fx(r.g[u]!), fx(r.o[u]!), fx(r.cPrev[u]!), fx(r.c[u]!), fx(r.tanhC[u]!), fx(r.h[u]!),
  ]);
  out.push(...table(['unit', `i=${sig}(z_i)`, `f=${sig}(z_f)`, 'g=tanh(z_c)', `o=${sig}(z_o)`, 'c_prev', 'c=f*c_prev+i*g', 'tanh(c)', 'h=o*tanh(c)'], gRows));

  if (options.arithmetic ?? I + U <= 6) {
    out.push('');
    out.push('The arithmetic, unit by unit');
    for (let u = 0; u < U; u++) {
      out.push(`  unit ${u}`);
      for (let gate = 0; gate < 4; gate++) {
        const col = gate * U + u;
        const terms = [
          ...r.x.map((xv, k) => `${factor(xv, d)}·${factor(r.kernel[k]![col]!, d)}`),
          ...r.hPrev.map((hv, k) => `${factor(hv, d)}·${factor(r.recurrentKernel[k]![col]!, d)}`),
          factor(r.b[col]!, d),
        ];
        out.push(`    z_${GATES[gate]} = ${terms.join(' + ')} = ${short(r.z[col]!, d)}`);
      }
      out.push(`    i = ${sig}(${short(r.preActivations.i[u]!, d)}) = ${short(r.i[u]!, d)}`);
      out.push(`    f = ${sig}(${short(r.preActivations.f[u]!, d)}) = ${short(r.f[u]!, d)}`);
      out.push(`    g = tanh(${short(r.preActivations.c[u]!, d)}) = ${short(r.g[u]!, d)}`);
      out.push(`    o = ${sig}(${short(r.preActivations.o[u]!, d)}) = ${short(r.o[u]!, d)}`);
      out.push(
        `    c = f*c_prev + i*g = ${factor(r.f[u]!, d)}*${factor(r.cPrev[u]!, d)} + ${factor(r.i[u]!, d)}*${factor(r.g[u]!, d)} = ${short(r.c[u]!, d)}`,
      );
      out.push(`    h = o*tanh(c) = ${factor(r.o[u]!, d)}*tanh(${short(r.c[u]!, d)}) = ${factor(r.o[u]!, d)}*${factor(r.tanhC[u]!, d)} = ${short(r.h[u]!, d)}`);
    }
  }
  out.push('');
  out.push(`Result: h = ${vectorText(r.h.map((v) => Number(v.toFixed(d))))}, c = ${vectorText(r.c.map((v) => Number(v.toFixed(d))))}`);
  return out.join('\n');
}
