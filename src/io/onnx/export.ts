/**
 * `exportOnnxBytes(model)`: a Sequential model as a standard ONNX file (opset 14), with the
 * recurrent layers as ONNX's own `LSTM`, `GRU` and `RNN` operators, not an unrolled graph.
 * Browser-safe: it returns bytes; `exportOnnx(model, path)` in `./node.ts` writes them.
 *
 * The graph:
 * - input `input`: `[batch, time, features]` float32, or `[batch, time]` int64 token ids when
 *   the first layer is an Embedding. The batch and time axes are symbolic ('batch', 'time'),
 *   so any batch size and sequence length runs (the time axis keeps its declared size when
 *   the model has a Flatten or Reshape, whose output size depends on it).
 * - output `output`: what `model.predict` returns, batch first.
 * - Layout: the recurrent operators run with ONNX's default `layout = 0` (time-major,
 *   `[time, batch, features]`), reached with a Transpose. (onnxruntime's CPU kernels do not
 *   implement `layout = 1`.) Consecutive recurrent layers stay time-major between them.
 *
 * Weights (float32; a float64 model is exported in float32):
 * - LSTM: Keras kernel `[I, 4U]` with gates i, f, c, o becomes W `[dirs, 4U, I]` with gates
 *   i, o, f, c (R likewise); B `[dirs, 8U]` is the Keras bias followed by 4U zeros (ONNX's
 *   recurrent bias Rb).
 * - GRU: gates z, r, h in both. `resetAfter: true` → `linear_before_reset = 1`, Wb = bias row 0
 *   (input bias), Rb = bias row 1 (recurrent bias); `resetAfter: false` → `linear_before_reset
 *   = 0`, Wb = bias, Rb = 0.
 * - SimpleRNN: RNN with W = kernelᵀ, R = recurrentKernelᵀ, B = [bias, 0].
 * - Activations: tanh → Tanh, sigmoid → Sigmoid, relu → Relu, hardSigmoid → HardSigmoid
 *   (alpha 0.2, beta 0.5), linear → Affine (alpha 1, beta 0), elu → Elu (alpha 1), softsign →
 *   Softsign, softplus → Softplus, in the `activations` attribute (LSTM: f =
 *   recurrentActivation, g = h = activation; GRU: f = recurrentActivation, g = activation;
 *   RNN: f = activation), written only when they differ from ONNX's defaults.
 *   `activation_alpha`/`activation_beta` list values only for the functions that take them
 *   (HardSigmoid, Affine, Elu), in order, as onnxruntime reads them. The operators have no
 *   selu, gelu, swish, relu6 or exponential: recurrent layers with those are refused.
 * - goBackwards → `direction = 'reverse'`; ONNX aligns the reverse outputs with input time,
 *   Keras returns them in processing order, so a returned sequence is reversed after (Slice
 *   with step -1). Bidirectional → `direction = 'bidirectional'`, the two halves then merged
 *   (concat → Concat, sum → Add, mul → Mul, ave → (a + b) · 0.5).
 * - Masks (Embedding `maskZero`, Masking) are exact, wherever the padding is: the unmasked
 *   steps of each row are moved to the front (a stable partition built from CumSum and
 *   ScatterElements, applied with GatherND), the operator runs with `sequence_lens`, and the
 *   outputs are put back at the original steps (GatherND), carrying the last output over
 *   masked steps as Keras does (zeros there inside Bidirectional or with zeroOutputForMask).
 * - Dense: MatMul + Add + the activation (Softmax on the last axis, Sigmoid, Tanh, Relu,
 *   HardSigmoid, Elu, Selu, Softplus, Softsign, Exp, relu6 as Clip, swish as x·Sigmoid(x),
 *   gelu as 0.5·x·(1 + Erf(x/√2))). TimeDistributed(Dense) is the same graph. Embedding:
 *   Gather. Dropout: nothing (inference). Also Activation, Masking, LayerNormalization
 *   (decomposed into ReduceMean, Sub, Mul, Sqrt, Div), Flatten and Reshape.
 *
 * Not exported (one error lists every problem): stateful layers (the file has no state
 * inputs), returnState, layers of other classes, an Embedding that is not the first layer,
 * unbuilt models.
 *
 * A functional model whose graph is a chain (one input, each layer called once, on the
 * previous layer's output, one output) exports as the Sequential model of those layers, byte
 * for byte. Any other graph (several inputs or outputs, merges, shared layers, initial states,
 * returnState) is written by ./graphExport.ts: inputs named after their input layers, outputs
 * after their layers, merge layers as ONNX ops (./graphMerge.ts).
 *
 * @example
 * const bytes = exportOnnxBytes(model);
 * // onnxruntime: session.run({ input: new ort.Tensor('float32', data, [batch, time, features]) })
 */
import { ValueError } from '../../tensor/errors.js';
import type { LayersModel } from '../../models/layersModel.js';
import type { SymbolicTensor } from '../../layers/symbolicTensor.js';
import type { Layer } from '../../layers/layer.js';
import { RecurrentLayer } from '../../layers/recurrent.js';
import { Dense } from '../../layers/dense.js';
import { Embedding } from '../../layers/embedding.js';
import { Dropout } from '../../layers/dropout.js';
import { Bidirectional } from '../../layers/bidirectional.js';
import { TimeDistributed } from '../../layers/timeDistributed.js';
import { Masking } from '../../layers/masking.js';
import { LayerNormalization } from '../../layers/layerNormalization.js';
import { Activation } from '../../layers/activation.js';
import { Flatten } from '../../layers/flatten.js';
import { Reshape } from '../../layers/reshape.js';
import type { ActivationName } from '../../ops/activations.js';
import { UnsupportedModelError } from '../layerRegistry.js';
import { LSTM_TS_VERSION } from '../modelArtifacts.js';
import { cellSpec, defaultActivations, recurrentIssues } from './recurrentCell.js';
import { emitGraph, graphExportIssues } from './graphExport.js';
import { type AttrValue, DataType, type DataTypeCode, type Dim, GraphBuilder, type OnnxValueInfo, attr, encodeModel } from './graph.js';

/** The ONNX operator set the exported files import. */
export const ONNX_OPSET_VERSION = 14;
/** The ONNX IR version written (IR 7 goes with opset 14). */
export const ONNX_IR_VERSION = 7;

export interface OnnxExportOptions {
  /** Name of the graph input (default 'input'). */
  inputName?: string;
  /** Name of the graph output (default 'output'). */
  outputName?: string;
  /** Text stored as the model's doc_string (default: a description of input and output). */
  docString?: string;
}

const WHERE = 'exportOnnx';
const INT64_MIN = -(2 ** 63);
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** A value flowing between layers. `shape` is logical, batch first, whatever the layout. */
export interface Flow {
  readonly name: string;
  /** 'bt': batch first; 'tb': `[time, batch, features]` (a recurrent output); 'flat': no time axis. */
  readonly layout: 'bt' | 'tb' | 'flat';
  readonly shape: readonly Dim[];
  readonly elemType: DataTypeCode;
  /** `[batch, time]` int64 0/1 padding mask, batch first, or null. */
  readonly mask: string | null;
}

/** Activations `Exporter.activation` writes (checked up front so the error lists them all). */
const denseActivations: ReadonlySet<string> = new Set([
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'hardSigmoidKeras3', 'tanh',
  'softplus', 'softsign', 'swish', 'gelu', 'exponential', 'softmax',
]);

/** What the mask machinery derives once per mask. */
interface MaskInfo {
  /** CumSum of the mask along time, `[B, T]` int64 (inclusive). */
  readonly cm: string;
  /** Real steps per row, `[B, 1]` int64. */
  readonly lengths: string;
  /** `[B, T, 1]` int64: for compacted position j, the original step it comes from. */
  readonly gatherSource: string;
  /** `[B]` int32 for `sequence_lens`. */
  readonly sequenceLens: string;
  /** `[B, 1]` float: 1 where the row has at least one real step. */
  readonly nonEmpty: string;
  /** Per direction and zero-output flag: `[B, T, 1]` int64 index and `[B, T, 1]` float factor. */
  readonly restore: Map<string, { index: string; factor: string }>;
}

/** Writes layers as ONNX nodes on value names (`Flow`s); the graph walkers (chain here, general graph in ./graphExport.ts) wire them. */
export class Exporter {
  readonly g = new GraphBuilder();
  private readonly masks = new Map<string, MaskInfo>();
  /** Initializers per weight owner, so a shared layer called twice reads one copy of its weights. */
  private readonly weights = new Map<object, Map<string, string>>();

  /** The float32 initializer `base` of `owner`, written once however often the owner is called. */
  weight(owner: object, base: string, dims: readonly number[], values: ArrayLike<number>): string {
    let own = this.weights.get(owner);
    if (!own) this.weights.set(owner, (own = new Map()));
    const known = own.get(base);
    if (known) return known;
    const name = this.g.floatTensor(base, dims, values);
    own.set(base, name);
    return name;
  }

  i64(values: readonly number[]): string {
    return this.g.int64Const(values);
  }

  transpose(x: string, perm: readonly number[], scope: string): string {
    return this.g.op('Transpose', [x], { perm: attr.ints(perm) }, scope);
  }

  toBatchMajor(f: Flow, scope: string): Flow {
    return f.layout === 'tb' ? { ...f, name: this.transpose(f.name, [1, 0, 2], scope), layout: 'bt' } : f;
  }

  toTimeMajor(f: Flow, scope: string): string {
    return f.layout === 'tb' ? f.name : this.transpose(f.name, [1, 0, 2], scope);
  }

  /** Reverses `axis` (Slice with step -1). */
  reverse(x: string, axis: number, scope: string): string {
    return this.g.op('Slice', [x, this.i64([-1]), this.i64([INT64_MIN]), this.i64([axis]), this.i64([-1])], {}, scope);
  }

  /** An elementwise/last-axis activation on `x`. */
  activation(x: string, name: ActivationName, scope: string): string {
    const g = this.g;
    switch (name) {
      case 'linear':
        return x;
      case 'relu':
        return g.op('Relu', [x], {}, scope);
      case 'relu6':
        return g.op('Clip', [x, g.floatScalar(0), g.floatScalar(6)], {}, scope);
      case 'elu':
        return g.op('Elu', [x], { alpha: attr.float(1) }, scope);
      case 'selu':
        return g.op('Selu', [x], { alpha: attr.float(SELU_ALPHA), gamma: attr.float(SELU_SCALE) }, scope);
      case 'sigmoid':
        return g.op('Sigmoid', [x], {}, scope);
      case 'hardSigmoid':
        return g.op('HardSigmoid', [x], { alpha: attr.float(0.2), beta: attr.float(0.5) }, scope);
      case 'hardSigmoidKeras3':
        return g.op('HardSigmoid', [x], { alpha: attr.float(1 / 6), beta: attr.float(0.5) }, scope);
      case 'tanh':
        return g.op('Tanh', [x], {}, scope);
      case 'softplus':
        return g.op('Softplus', [x], {}, scope);
      case 'softsign':
        return g.op('Softsign', [x], {}, scope);
      case 'swish':
        return g.op('Mul', [x, g.op('Sigmoid', [x], {}, scope)], {}, scope);
      case 'gelu': {
        const erf = g.op('Erf', [g.op('Mul', [x, g.floatScalar(Math.SQRT1_2)], {}, scope)], {}, scope);
        const half = g.op('Mul', [x, g.floatScalar(0.5)], {}, scope);
        return g.op('Mul', [half, g.op('Add', [erf, g.floatScalar(1)], {}, scope)], {}, scope);
      }
      case 'exponential':
        return g.op('Exp', [x], {}, scope);
      case 'softmax':
        return g.op('Softmax', [x], { axis: attr.int(-1) }, scope);
      default:
        throw new ValueError(`${WHERE}: activation '${String(name)}' has no ONNX form`);
    }
  }

  /** x @ kernel + bias, then the activation, on the last axis (any layout). */
  dense(f: Flow, layer: Dense, scope: string): Flow {
    const g = this.g;
    const kernel = layer.kernel!;
    let y = g.op('MatMul', [f.name, this.weight(layer, `${layer.name}/kernel`, kernel.shape, kernel.data)], {}, scope);
    if (layer.bias) y = g.op('Add', [y, this.weight(layer, `${layer.name}/bias`, layer.bias.shape, layer.bias.data)], {}, scope);
    y = this.activation(y, layer.activation, scope);
    return { ...f, name: y, shape: [...f.shape.slice(0, -1), layer.units] };
  }

  layerNorm(f: Flow, layer: LayerNormalization, scope: string): Flow {
    const g = this.g;
    const mean = g.op('ReduceMean', [f.name], { axes: attr.ints([-1]), keepdims: attr.int(1) }, scope);
    const centred = g.op('Sub', [f.name, mean], {}, scope);
    const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred], {}, scope)], { axes: attr.ints([-1]), keepdims: attr.int(1) }, scope);
    const std = g.op('Sqrt', [g.op('Add', [variance, g.floatScalar(layer.epsilon)], {}, scope)], {}, scope);
    let y = g.op('Div', [centred, std], {}, scope);
    if (layer.gamma) y = g.op('Mul', [y, this.weight(layer, `${layer.name}/gamma`, layer.gamma.shape, layer.gamma.data)], {}, scope);
    if (layer.beta) y = g.op('Add', [y, this.weight(layer, `${layer.name}/beta`, layer.beta.shape, layer.beta.data)], {}, scope);
    return { ...f, name: y };
  }

  /** The compaction indices of a mask, built once per mask. */
  maskInfo(mask: string): MaskInfo {
    const known = this.masks.get(mask);
    if (known) return known;
    const g = this.g;
    const scope = 'mask';
    const one = this.i64([1]);
    const cm = g.op('CumSum', [mask, g.int64Const([1], true)], {}, scope);
    const notMask = g.op('Sub', [one, mask], {}, scope);
    const cn = g.op('CumSum', [notMask, g.int64Const([1], true)], {}, scope);
    const lengths = g.op('ReduceSum', [mask, this.i64([1])], { keepdims: attr.int(1) }, scope);
    // Stable partition: real step t goes to cm[t] - 1, padded step t to L + cn[t] - 1.
    const realTarget = g.op('Sub', [cm, one], {}, scope);
    const padTarget = g.op('Sub', [g.op('Add', [lengths, cn], {}, scope), one], {}, scope);
    const target = g.op('Add', [g.op('Mul', [mask, realTarget], {}, scope), g.op('Mul', [notMask, padTarget], {}, scope)], {}, scope);
    const iota = g.op('Sub', [g.op('Add', [cm, cn], {}, scope), one], {}, scope); // t, as [B, T]
    const source = g.op('ScatterElements', [iota, target, iota], { axis: attr.int(1) }, scope);
    const gatherSource = g.op('Unsqueeze', [source, this.i64([2])], {}, scope);
    const flatLengths = g.op('Squeeze', [lengths, this.i64([1])], {}, scope);
    // A row with no real step runs one (ignored) step: its outputs are multiplied by 0 below.
    const sequenceLens = g.op('Cast', [g.op('Max', [flatLengths, one], {}, scope)], { to: attr.int(DataType.INT32) }, scope);
    const nonEmpty = g.op('Cast', [g.op('Greater', [lengths, this.i64([0])], {}, scope)], { to: attr.int(DataType.FLOAT) }, scope);
    const info: MaskInfo = { cm, lengths, gatherSource, sequenceLens, nonEmpty, restore: new Map() };
    this.masks.set(mask, info);
    return info;
  }

  /**
   * Where each original step reads its output from the compacted operator output, and by what
   * it is multiplied. Forward: the last real step at or before t (cm - 1), 0 before the first.
   * Reverse (aligned with input time): the first real step at or after t (cm - m), 0 after the
   * last. With zeroOutput, padded steps are 0.
   */
  restoreIndex(mask: string, info: MaskInfo, reverse: boolean, zeroOutput: boolean): { index: string; factor: string } {
    const key = `${reverse ? 'r' : 'f'}${zeroOutput ? 'z' : 'c'}`;
    const known = info.restore.get(key);
    if (known) return known;
    const g = this.g;
    const scope = 'mask';
    const one = this.i64([1]);
    const zero = this.i64([0]);
    let index: string;
    let valid: string;
    if (!reverse) {
      index = g.op('Max', [g.op('Sub', [info.cm, one], {}, scope), zero], {}, scope);
      valid = zeroOutput ? mask : g.op('Cast', [g.op('Greater', [info.cm, zero], {}, scope)], { to: attr.int(DataType.INT64) }, scope);
    } else {
      index = g.op('Sub', [info.cm, mask], {}, scope);
      valid = zeroOutput ? mask : g.op('Cast', [g.op('Less', [index, info.lengths], {}, scope)], { to: attr.int(DataType.INT64) }, scope);
    }
    const restored = {
      index: g.op('Unsqueeze', [index, this.i64([2])], {}, scope),
      factor: g.op('Unsqueeze', [g.op('Cast', [valid], { to: attr.int(DataType.FLOAT) }, scope), this.i64([2])], {}, scope),
    };
    info.restore.set(key, restored);
    return restored;
  }

  /**
   * Runs one ONNX recurrent operator over `f` with the layers in `cells` (one per direction).
   * Returns per direction the output sequence aligned with input time (layout in `seqLayout`)
   * and the final hidden state `[batch, units]`. `initial` (one direction only) holds the
   * batch-first initial states `[h]` or `[h, c]`, fed to `initial_h`/`initial_c`; `needCell`
   * asks for the LSTM's final cell state `Y_c` (in `cell`).
   */
  recurrent(
    f: Flow,
    layers: readonly RecurrentLayer[],
    direction: 'forward' | 'reverse' | 'bidirectional',
    needSequence: boolean,
    scope: string,
    initial: readonly string[] = [],
    needCell = false,
  ): { sequences: string[]; seqLayout: 'bt' | 'tb'; last: string[]; cell: string[] } {
    const g = this.g;
    const cells = layers.map(cellSpec);
    const c0 = cells[0]!;
    const D = cells.length;
    const G = c0.W.length / (c0.units * c0.inputDim);
    const U = c0.units;
    const I = c0.inputDim;
    const concat = (parts: (Float32Array | null)[]): Float32Array => {
      const size = parts[0]!.length;
      const out = new Float32Array(size * parts.length);
      parts.forEach((p, i) => out.set(p!, i * size));
      return out;
    };
    const owner = layers[0]!;
    const W = this.weight(owner, `${owner.name}/W`, [D, G * U, I], concat(cells.map((c) => c.W)));
    const R = this.weight(owner, `${owner.name}/R`, [D, G * U, U], concat(cells.map((c) => c.R)));
    const B = c0.B ? this.weight(owner, `${owner.name}/B`, [D, 2 * G * U], concat(cells.map((c) => c.B))) : '';

    let x: string;
    let lens = '';
    let info: MaskInfo | null = null;
    if (f.mask) {
      info = this.maskInfo(f.mask);
      const bt = this.toBatchMajor(f, scope);
      const compacted = g.op('GatherND', [bt.name, info.gatherSource], { batch_dims: attr.int(1) }, scope);
      x = this.transpose(compacted, [1, 0, 2], scope);
      lens = info.sequenceLens;
    } else {
      x = this.toTimeMajor(f, scope);
    }

    const attributes: Record<string, AttrValue> = {
      hidden_size: attr.int(U),
      direction: attr.string(direction),
    };
    const acts = cells.flatMap((c) => c.activations);
    const defaults = cells.flatMap(() => defaultActivations[c0.op]);
    if (acts.some((a, i) => a.name !== defaults[i])) {
      attributes['activations'] = attr.strings(acts.map((a) => a.name));
      const alphas = acts.flatMap((a) => (a.alpha === undefined ? [] : [a.alpha]));
      const betas = acts.flatMap((a) => (a.beta === undefined ? [] : [a.beta]));
      if (alphas.length) attributes['activation_alpha'] = attr.floats(alphas);
      if (betas.length) attributes['activation_beta'] = attr.floats(betas);
    }
    if (c0.linearBeforeReset !== null) attributes['linear_before_reset'] = attr.int(c0.linearBeforeReset);

    // ONNX's initial states are [directions, batch, units].
    const init = initial.map((s) => g.op('Unsqueeze', [s, this.i64([0])], {}, scope));
    const inputs = [x, W, R, B, lens, ...init];
    while (inputs[inputs.length - 1] === '') inputs.pop();
    const yName = needSequence ? g.fresh(`${scope}/${c0.op}:Y`) : '';
    const yhName = g.fresh(`${scope}/${c0.op}:Y_h`);
    const ycName = needCell ? g.fresh(`${scope}/${c0.op}:Y_c`) : null;
    g.node(c0.op, inputs, attributes, { scope, outputs: ycName ? [yName, yhName, ycName] : [yName, yhName] });

    const slotDirection = (d: number): boolean => (direction === 'bidirectional' ? d === 1 : direction === 'reverse');
    const pick = (t: string, axis: number, d: number): string =>
      D === 1 ? g.op('Squeeze', [t, this.i64([axis])], {}, scope) : g.op('Gather', [t, g.int64Const([d], true)], { axis: attr.int(axis) }, scope);

    // A row with no real step ran one ignored step: Keras leaves its state at the initial state.
    const finalState = (t: string, d: number, k: number): string => {
      const h = pick(t, 0, d);
      if (!info) return h;
      const kept = g.op('Mul', [h, info.nonEmpty], {}, scope);
      if (!initial[k]) return kept;
      const empty = g.op('Sub', [g.floatScalar(1), info.nonEmpty], {}, scope);
      return g.op('Add', [kept, g.op('Mul', [initial[k]!, empty], {}, scope)], {}, scope);
    };
    const last = layers.map((_, d) => finalState(yhName, d, 0));
    const cell = ycName ? layers.map((_, d) => finalState(ycName, d, 1)) : [];
    if (!needSequence) return { sequences: [], seqLayout: 'tb', last, cell };
    const sequences = layers.map((layer, d) => {
      const y = pick(yName, 1, d); // [T, B, U]
      if (!info) return y;
      const restore = this.restoreIndex(f.mask!, info, slotDirection(d), layer.zeroOutputForMask);
      const bt = this.transpose(y, [1, 0, 2], scope);
      const gathered = g.op('GatherND', [bt, restore.index], { batch_dims: attr.int(1) }, scope);
      return g.op('Mul', [gathered, restore.factor], {}, scope);
    });
    return { sequences, seqLayout: info ? 'bt' : 'tb', last, cell };
  }

  recurrentLayer(f: Flow, layer: RecurrentLayer, scope: string): Flow {
    return this.recurrentOutputs(f, layer, scope, [])[0]!;
  }

  /**
   * A recurrent layer's outputs as Keras returns them: the output, then (with `returnState`)
   * its final states, `[batch, units]` each. `initial` holds batch-first initial states.
   */
  recurrentOutputs(f: Flow, layer: RecurrentLayer, scope: string, initial: readonly string[]): Flow[] {
    const needCell = layer.returnState && cellSpec(layer).op === 'LSTM';
    const r = this.recurrent(f, [layer], layer.goBackwards ? 'reverse' : 'forward', layer.returnSequences, scope, initial, needCell);
    const state = (name: string): Flow => ({ name, layout: 'flat', shape: [f.shape[0]!, layer.units], elemType: DataType.FLOAT, mask: null });
    const states = layer.returnState ? [state(r.last[0]!), ...r.cell.map(state)] : [];
    if (!layer.returnSequences) return [state(r.last[0]!), ...states];
    let y = r.sequences[0]!;
    // Keras returns a backwards layer's sequence in processing order.
    if (layer.goBackwards) y = this.reverse(y, r.seqLayout === 'tb' ? 0 : 1, scope);
    return [{ name: y, layout: r.seqLayout, shape: [f.shape[0]!, f.shape[1]!, layer.units], elemType: DataType.FLOAT, mask: f.mask }, ...states];
  }

  bidirectional(f: Flow, layer: Bidirectional, scope: string): Flow {
    const g = this.g;
    const fw = layer.forwardLayer;
    const bw = layer.backwardLayer;
    // ONNX's slot 0 runs forwards, slot 1 backwards: place each Keras half by its direction.
    const fwSlot = fw.goBackwards ? 1 : 0;
    const slots = fw.goBackwards ? [bw, fw] : [fw, bw];
    const r = this.recurrent(f, slots, 'bidirectional', layer.returnSequences, scope);
    const parts = layer.returnSequences ? r.sequences : r.last;
    const a = parts[fwSlot]!;
    const b = parts[1 - fwSlot]!;
    let merged: string;
    switch (layer.mergeMode) {
      case 'concat':
        merged = g.op('Concat', [a, b], { axis: attr.int(-1) }, scope);
        break;
      case 'sum':
        merged = g.op('Add', [a, b], {}, scope);
        break;
      case 'mul':
        merged = g.op('Mul', [a, b], {}, scope);
        break;
      case 'ave':
        merged = g.op('Mul', [g.op('Add', [a, b], {}, scope), g.floatScalar(0.5)], {}, scope);
        break;
      case null:
        // Unreachable from a sequential model, which refuses a two-output Bidirectional.
        throw new ValueError(`${WHERE}: layer '${layer.name}' (Bidirectional) has mergeMode null (two outputs), which a sequential ONNX graph cannot carry`);
    }
    const units = layer.mergeMode === 'concat' ? 2 * fw.units : fw.units;
    if (!layer.returnSequences) return { name: merged, layout: 'flat', shape: [f.shape[0]!, units], elemType: DataType.FLOAT, mask: null };
    // Both halves are aligned with input time; Keras's result is in the forward half's
    // processing order, which is reversed when the wrapped layer goes backwards.
    if (fw.goBackwards) merged = this.reverse(merged, r.seqLayout === 'tb' ? 0 : 1, scope);
    return { name: merged, layout: r.seqLayout, shape: [f.shape[0]!, f.shape[1]!, units], elemType: DataType.FLOAT, mask: f.mask };
  }

  embedding(f: Flow, layer: Embedding, scope: string): Flow {
    const g = this.g;
    const table = layer.embeddings!;
    const y = g.op('Gather', [this.weight(layer, `${layer.name}/embeddings`, table.shape, table.data), f.name], { axis: attr.int(0) }, scope);
    let mask: string | null = null;
    if (layer.maskZero) {
      const isPad = g.op('Equal', [f.name, g.int64Const([0], true)], {}, scope);
      mask = g.op('Cast', [g.op('Not', [isPad], {}, scope)], { to: attr.int(DataType.INT64) }, scope);
    }
    return { name: y, layout: 'bt', shape: [...f.shape, layer.outputDim], elemType: DataType.FLOAT, mask };
  }

  masking(f: Flow, layer: Masking, scope: string): Flow {
    const g = this.g;
    const bt = this.toBatchMajor(f, scope);
    const differs = g.op('Not', [g.op('Equal', [bt.name, g.floatScalar(layer.maskValue)], {}, scope)], {}, scope);
    const keep = g.op('ReduceMax', [g.op('Cast', [differs], { to: attr.int(DataType.FLOAT) }, scope)], { axes: attr.ints([-1]), keepdims: attr.int(1) }, scope);
    const y = g.op('Mul', [bt.name, keep], {}, scope);
    const mask = g.op('Cast', [g.op('Squeeze', [keep, this.i64([-1])], {}, scope)], { to: attr.int(DataType.INT64) }, scope);
    return { ...bt, name: y, mask };
  }

  flatten(f: Flow, layer: Flatten, scope: string): Flow {
    const bt = this.toBatchMajor(f, scope);
    const rest = bt.shape.slice(1);
    const size: Dim = rest.every((d) => typeof d === 'number') ? rest.reduce<number>((a, d) => a * (d as number), 1) : `${layer.name}_size`;
    const y = this.g.op('Flatten', [bt.name], { axis: attr.int(1) }, scope);
    return { name: y, layout: 'flat', shape: [bt.shape[0]!, size], elemType: bt.elemType, mask: null };
  }

  reshape(f: Flow, layer: Reshape, scope: string): Flow {
    const g = this.g;
    const bt = this.toBatchMajor(f, scope);
    const batch = g.op('Slice', [g.op('Shape', [bt.name], {}, scope), this.i64([0]), this.i64([1])], {}, scope);
    const target = g.op('Concat', [batch, this.i64(layer.targetShape)], { axis: attr.int(0) }, scope);
    const y = g.op('Reshape', [bt.name, target], {}, scope);
    const rest = bt.shape.slice(1);
    let dims: Dim[] = layer.targetShape.map((d, i) => (d === -1 ? `${layer.name}_dim${i + 1}` : d));
    if (rest.every((d) => typeof d === 'number')) {
      const size = rest.reduce<number>((a, d) => a * (d as number), 1);
      const known = layer.targetShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
      dims = layer.targetShape.map((d) => (d === -1 ? size / known : d));
    }
    return { name: y, layout: dims.length === 1 ? 'flat' : 'bt', shape: [bt.shape[0]!, ...dims], elemType: bt.elemType, mask: null };
  }

  /** Emits one layer (TimeDistributed: its inner layer, which acts on the last axis). */
  layer(f: Flow, layer: Layer, scope: string): Flow {
    if (layer instanceof Dropout) return f;
    if (layer instanceof Dense) return this.dense(f, layer, scope);
    if (layer instanceof Activation) return { ...f, name: this.activation(f.name, layer.activation, scope) };
    if (layer instanceof LayerNormalization) return this.layerNorm(f, layer, scope);
    if (layer instanceof TimeDistributed) return this.layer(f, layer.layer, scope);
    if (layer instanceof Bidirectional) return this.bidirectional(f, layer, scope);
    if (layer instanceof RecurrentLayer) return this.recurrentLayer(f, layer, scope);
    if (layer instanceof Embedding) return this.embedding(f, layer, scope);
    if (layer instanceof Masking) return this.masking(f, layer, scope);
    if (layer instanceof Flatten) return this.flatten(f, layer, scope);
    if (layer instanceof Reshape) return this.reshape(f, layer, scope);
    throw new ValueError(`${WHERE}: layer '${layer.name}' (${layer.className}) has no ONNX mapping`);
  }
}

const simpleLayers = [Dense, Dropout, Activation, LayerNormalization];

function denseActivationIssue(layer: Dense | Activation, label: string, issues: string[]): void {
  if (!denseActivations.has(layer.activation)) issues.push(`${label}: activation '${layer.activation}' has no ONNX form`);
}


/**
 * Every reason `model` cannot be exported (an empty list when it can). `exportOnnxBytes`
 * throws one error listing all of them.
 * @example onnxExportIssues(model) // ["layer 'masking' ...", ...]
 */
export function onnxExportIssues(model: LayersModel): string[] {
  const chain = chainOf(model);
  if (chain.issues.length) return graphExportIssues(model.graph(WHERE));
  return layerIssues(chain);
}

/** The layers a chain-shaped model runs, in order (a Sequential's own; a functional chain's, its InputLayer left out). */
interface Chain {
  name: string;
  layers: readonly Layer[];
  /** Why the model is not a chain (empty when it is). */
  issues: string[];
}

/** A model as the chain of layers the exporter writes, or why it is not one. */
function chainOf(model: LayersModel): Chain {
  if (model.isChain) return { name: model.name, layers: model.layers, issues: [] };
  const graph = model.graph(WHERE);
  const issues: string[] = [];
  const scope = 'the ONNX export covers functional models that are a chain: one input, each layer called once on the previous layer\'s output, one output';
  if (graph.inputs.length !== 1) issues.push(`the model has ${graph.inputs.length} inputs (${graph.inputs.map((s) => `'${s.sourceLayer.name}'`).join(', ')}); ${scope}`);
  if (graph.outputs.length !== 1) issues.push(`the model has ${graph.outputs.length} outputs; ${scope}`);
  const layers: Layer[] = [];
  let previous: SymbolicTensor | undefined = graph.inputs[0];
  for (const node of graph.nodes) {
    const label = `layer '${node.layer.name}' (${node.layer.className})`;
    if (layers.includes(node.layer)) issues.push(`${label}: is called twice (a shared layer); ${scope}`);
    else if (node.inputs.length !== 1 || node.inputIsList) issues.push(`${label}: takes ${node.inputs.length} inputs; ${scope}`);
    else if (node.initialState.length) issues.push(`${label}: takes initial states from another layer; ${scope}`);
    else if (node.inputs[0] !== previous) issues.push(`${label}: reads '${node.inputs[0]!.name}', not the previous layer's output; ${scope}`);
    else if (node.training === true) issues.push(`${label}: is called with training: true, which an inference graph cannot keep`);
    if (issues.length) break;
    layers.push(node.layer);
    previous = node.outputs.length === 1 ? node.outputs[0] : undefined;
  }
  if (!issues.length && previous !== graph.outputs[0]) issues.push(`the model's output is not the last layer's output; ${scope}`);
  return { name: model.name, layers, issues };
}

function layerIssues(model: Chain): string[] {
  const issues: string[] = [];
  if (model.layers.length === 0) return ['the model has no layers'];
  model.layers.forEach((layer, index) => {
    const label = `layer '${layer.name}' (${layer.className})`;
    if (layer.built && layer instanceof Embedding && index !== 0) {
      issues.push(`${label}: an Embedding is exported only as the first layer (its int64 ids are the graph input)`);
    }
    issues.push(...singleLayerIssues(layer, label));
  });
  return issues;
}

/**
 * Why one layer (of a class the chain exporter knows) has no ONNX form, wherever it sits.
 * Classes it does not know are refused with the supported list.
 * @example singleLayerIssues(layers.conv1d({ filters: 2, kernelSize: 3 }), "layer 'c'") // ["layer 'c': no ONNX mapping ..."]
 */
export function singleLayerIssues(layer: Layer, label: string): string[] {
  const issues: string[] = [];
  if (!layer.built) {
    issues.push(`${label}: not built (declare 'inputShape' on the first layer, or call predict once)`);
    return issues;
  }
  if (layer instanceof Embedding) {
    // Its position is the walker's to check.
  } else if (layer instanceof Bidirectional) {
    issues.push(...recurrentIssues(layer.forwardLayer, label));
  } else if (layer instanceof RecurrentLayer) {
    issues.push(...recurrentIssues(layer, label));
  } else if (layer instanceof TimeDistributed) {
    if (layer.layer instanceof Dense || layer.layer instanceof Activation) denseActivationIssue(layer.layer, label, issues);
    if (!simpleLayers.some((C) => layer.layer instanceof C)) {
      issues.push(`${label}: TimeDistributed(${layer.layer.className}) is not supported; only TimeDistributed of Dense, Dropout, Activation or LayerNormalization`);
    }
  } else if (layer instanceof Dense || layer instanceof Activation) {
    denseActivationIssue(layer, label, issues);
  } else if (!(simpleLayers.some((C) => layer instanceof C) || layer instanceof Masking || layer instanceof Flatten || layer instanceof Reshape)) {
    issues.push(`${label}: no ONNX mapping for this layer class (supported: Embedding, LSTM, GRU, SimpleRNN, RNN with a built-in cell, Bidirectional, Dense, TimeDistributed, Dropout, Activation, Masking, LayerNormalization, Flatten, Reshape${GRAPH_ONLY_CLASSES})`);
  }
  return issues;
}

/** The classes only a functional graph can hold, for the list of supported classes. */
const GRAPH_ONLY_CLASSES = ', and in functional graphs Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot, RepeatVector, Permute, Attention, AdditiveAttention';

function checkName(value: unknown, option: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValueError(`${WHERE}: option '${option}' expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The model as ONNX bytes (an `.onnx` file's content). Throws an `UnsupportedModelError`
 * listing every layer or option that has no ONNX form (see `onnxExportIssues`).
 * @example const bytes = exportOnnxBytes(model); // then onnxruntime's InferenceSession.create(bytes)
 */
export function exportOnnxBytes(source: LayersModel, options: OnnxExportOptions = {}): Uint8Array {
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${WHERE}: argument 'options' expected an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!['inputName', 'outputName', 'docString'].includes(key)) {
      throw new ValueError(`${WHERE}: unknown option '${key}'; expected one of: inputName, outputName, docString`);
    }
  }
  const inputName = checkName(options.inputName ?? 'input', 'inputName');
  const outputName = checkName(options.outputName ?? 'output', 'outputName');
  if (inputName === outputName) throw new ValueError(`${WHERE}: options 'inputName' and 'outputName' must differ, both are '${inputName}'`);
  const model = chainOf(source);
  if (model.issues.length) return exportGraphBytes(source, options);
  const issues = layerIssues(model);
  if (issues.length) throw new UnsupportedModelError(`${WHERE}: model '${model.name}' cannot be exported to ONNX`, issues);

  const first = model.layers[0]!;
  const declared = first.builtInputShape ?? first.batchInputShape!;
  const fixedTime = model.layers.some((l) => l instanceof Flatten || l instanceof Reshape);
  const sequenceInput = declared.length >= 3 || first instanceof Embedding;
  const inputShape: Dim[] = declared.map((d, i) => {
    if (i === 0) return 'batch';
    if (i === 1 && sequenceInput && !(fixedTime && typeof d === 'number')) return 'time';
    return d ?? `input_dim${i}`;
  });
  const elemType = first instanceof Embedding ? DataType.INT64 : DataType.FLOAT;

  const ex = new Exporter();
  ex.g.reserve(inputName, outputName);
  let flow: Flow = { name: inputName, layout: declared.length >= 3 ? 'bt' : 'flat', shape: inputShape, elemType, mask: null };
  if (first instanceof Embedding) flow = { ...flow, layout: 'bt' };
  for (const layer of model.layers) flow = ex.layer(flow, layer, layer.name);
  const final = ex.toBatchMajor(flow, 'output');
  ex.g.node('Identity', [final.name], {}, { scope: 'output', outputs: [outputName] });

  const input: OnnxValueInfo = { name: inputName, elemType, shape: inputShape };
  const output: OnnxValueInfo = { name: outputName, elemType: DataType.FLOAT, shape: final.shape };
  const fmt = (s: readonly Dim[]): string => `[${s.join(', ')}]`;
  const docString = options.docString ??
    `lstm-ts ${source.isChain ? 'Sequential' : 'functional'} model '${model.name}': ${model.layers.map((l) => l.className).join(' → ')}. ` +
    `Input '${inputName}' ${fmt(inputShape)} ${elemType === DataType.INT64 ? 'int64 token ids' : 'float32'}; ` +
    `output '${outputName}' ${fmt(final.shape)} float32, as model.predict returns.`;
  return encodeModel({
    graphName: model.name,
    nodes: ex.g.nodes,
    initializers: ex.g.initializers,
    inputs: [input],
    outputs: [output],
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET_VERSION,
    producerName: 'lstm-ts',
    producerVersion: LSTM_TS_VERSION,
    docString,
    metadata: { layers: JSON.stringify(model.layers.map((l) => ({ name: l.name, className: l.className }))) },
  });
}

/** A functional model that is not a chain, written as a general graph (./graphExport.ts). */
function exportGraphBytes(source: LayersModel, options: OnnxExportOptions): Uint8Array {
  const graph = source.graph(WHERE);
  const issues = graphExportIssues(graph);
  if (issues.length) throw new UnsupportedModelError(`${WHERE}: model '${source.name}' cannot be exported to ONNX`, issues);
  for (const [option, count] of [['inputName', graph.inputs.length], ['outputName', graph.outputs.length]] as const) {
    if (options[option] !== undefined && count !== 1) {
      throw new ValueError(`${WHERE}: option '${option}' names the one ${option === 'inputName' ? 'input' : 'output'} of a model, but model '${source.name}' has ${count}; the graph's are named after their layers`);
    }
  }
  const ex = new Exporter();
  const { inputs, outputs } = emitGraph(ex, graph, { input: options.inputName, output: options.outputName });
  const fmt = (v: OnnxValueInfo): string => `'${v.name}' [${v.shape.join(', ')}] ${v.elemType === DataType.INT64 ? 'int64 token ids' : 'float32'}`;
  const layers = graph.layers.filter((l) => l.className !== 'InputLayer');
  const docString = options.docString ??
    `lstm-ts functional model '${source.name}': ${layers.length} layers. Inputs ${inputs.map(fmt).join(', ')}; ` +
    `outputs ${outputs.map(fmt).join(', ')}, as model.predict returns them.`;
  return encodeModel({
    graphName: source.name,
    nodes: ex.g.nodes,
    initializers: ex.g.initializers,
    inputs,
    outputs,
    irVersion: ONNX_IR_VERSION,
    opsetVersion: ONNX_OPSET_VERSION,
    producerName: 'lstm-ts',
    producerVersion: LSTM_TS_VERSION,
    docString,
    metadata: { layers: JSON.stringify(layers.map((l) => ({ name: l.name, className: l.className }))) },
  });
}
