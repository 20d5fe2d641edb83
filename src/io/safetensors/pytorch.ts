/**
 * PyTorch state dicts (as safetensors) to and from a Sequential model's Keras-layout weights.
 *
 * Parameter names are PyTorch's: `<module>.weight_ih_l<k>`, `weight_hh_l<k>`, `bias_ih_l<k>`,
 * `bias_hh_l<k>` for nn.LSTM / nn.GRU / nn.RNN (with `_reverse` for the backward direction
 * of a bidirectional module), `<module>.weight` / `.bias` for nn.Linear (Dense; the weight
 * is `[out, in]`, the Keras kernel transposed), nn.Embedding and nn.LayerNorm.
 *
 * Which module a layer maps to: by default its Keras name (`lstm.weight_ih_l0`,
 * `dense.weight`, ...), recurrent layers as layer 0 of their module. `modules` renames per
 * layer, and `{ module, layer }` picks the stacked layer `l<k>` of a multi-layer module;
 * `prefix` goes in front of every key (e.g. 'model.').
 *
 * Gate orders: LSTM is i, f, g, o in PyTorch and i, f, c, o in Keras (the same order); GRU is
 * r, z, n in PyTorch and z, r, h in Keras (r and z swap); matrices are transposed
 * (`weight_ih` `[G*units, input]` ↔ kernel `[input, G*units]`).
 *
 * Biases: PyTorch's LSTM and RNN have two biases that are only ever added, Keras has one. On
 * export `bias_ih` = the Keras bias and `bias_hh` = 0; on import the Keras bias = `bias_ih +
 * bias_hh`. Keras GRU with `resetAfter: true` keeps both (bias row 0 = `bias_ih`, row 1 =
 * `bias_hh`, with PyTorch's b_hn inside r · (...)), so it maps exactly; `resetAfter: false`
 * has no PyTorch equivalent and is an error, as are activations PyTorch's modules do not
 * compute (LSTM/GRU need tanh + sigmoid; RNN tanh or relu).
 *
 * What PyTorch's module does not do by itself and a caller does around it: goBackwards
 * (flip the input in time), Bidirectional merge modes other than concat, Keras masks. In a
 * Bidirectional layer the half that reads forwards maps to `_l<k>` and the half that reads
 * backwards to `_l<k>_reverse`.
 *
 * @example
 * // torch: class Net(nn.Module): self.rnn = nn.LSTM(3, 8, num_layers=2, batch_first=True); self.fc = nn.Linear(8, 1)
 * importPyTorchState(bytes, model, { modules: { lstm: 'rnn', lstm_1: { module: 'rnn', layer: 1 }, dense: 'fc' } });
 */
import { ValueError } from '../../tensor/errors.js';
import { Tensor, allocate } from '../../tensor/tensor.js';
import type { Sequential } from '../../models/sequential.js';
import type { Layer } from '../../layers/layer.js';
import { RecurrentLayer } from '../../layers/recurrent.js';
import { LSTM } from '../../layers/lstm.js';
import { GRU } from '../../layers/gru.js';
import { SimpleRNN } from '../../layers/simpleRnn.js';
import { Dense } from '../../layers/dense.js';
import { Embedding } from '../../layers/embedding.js';
import { Bidirectional } from '../../layers/bidirectional.js';
import { TimeDistributed } from '../../layers/timeDistributed.js';
import { LayerNormalization } from '../../layers/layerNormalization.js';
import { LSTM_TS_VERSION } from '../modelArtifacts.js';
import { SafetensorsError, encodeSafetensors, parseSafetensors, type SafetensorsInput } from './format.js';

/** A module path and which stacked layer of it (`l<layer>`). */
export interface PyTorchModuleRef {
  /** Module path in the state dict, e.g. 'rnn' or 'encoder.rnn'. */
  module: string;
  /** The `l<k>` index in a multi-layer nn.LSTM/GRU/RNN (default 0). */
  layer?: number;
}

/**
 * How Keras layer names map to PyTorch state-dict keys; shared by import and export.
 * @example exportSafetensors(model, { prefix: 'model.', modules: { lstm: 'rnn', dense: 'fc' } } satisfies PyTorchNameOptions)
 */
export interface PyTorchNameOptions {
  /** Prepended to every key, e.g. 'model.' (default ''). */
  prefix?: string;
  /**
   * Keras layer name → PyTorch module path ('fc', 'encoder.rnn', '' for a bare module's own
   * state dict; a trailing '.' is allowed) or `{ module, layer }`. Unlisted layers use their
   * Keras name. A TimeDistributed layer may be listed by its own or its inner layer's name.
   */
  modules?: Record<string, string | PyTorchModuleRef>;
}

/**
 * Options of {@link importPyTorchState} (and `loadPyTorchStateFile`).
 * @example importPyTorchState(bytes, model, { modules: { dense: 'fc' }, allowUnusedKeys: true } satisfies ImportPyTorchOptions)
 */
export interface ImportPyTorchOptions extends PyTorchNameOptions {
  /** What the bytes are, for error messages (a file path; default 'safetensors data'). */
  source?: string;
  /** Accept keys no layer reads (default false: they are an error, as in torch's strict loading). */
  allowUnusedKeys?: boolean;
}

/**
 * Options of {@link exportSafetensors} (and `saveSafetensors`).
 * @example exportSafetensors(model, { dtype: 'F64', metadata: { epochs: '20' } } satisfies ExportSafetensorsOptions)
 */
export interface ExportSafetensorsOptions extends PyTorchNameOptions {
  /** 'F32' (default) or 'F64'. */
  dtype?: 'F32' | 'F64';
  /** Extra `__metadata__` strings (`format: 'pt'` and `producer` are always written). */
  metadata?: Record<string, string>;
}

/**
 * What {@link importPyTorchState} read.
 * @example
 * const { loaded, unused } = importPyTorchState(bytes, model, { allowUnusedKeys: true });
 * if (unused.length) console.warn(`ignored: ${unused.join(', ')}`);
 */
export interface ImportPyTorchResult {
  /** Keys read, in model order. */
  loaded: string[];
  /** Keys of the file no layer read (only with `allowUnusedKeys`). */
  unused: string[];
}

/** A torch parameter: its key, torch shape, and the values (filled on export). */
interface TorchParam {
  key: string;
  shape: number[];
}

/**
 * How one Keras layer maps: its torch parameters, a converter from torch values to the
 * layer's `setWeights` list, and one from the layer's weights to torch values.
 */
interface LayerMapping {
  layer: Layer;
  params: TorchParam[];
  toKeras(values: Float64Array[]): Float64Array[];
  toTorch(): Float64Array[];
}

const EXPORT = 'exportSafetensors';
const IMPORT = 'importPyTorchState';

function fullKey(prefix: string, module: string, param: string): string {
  const m = module.endsWith('.') ? module.slice(0, -1) : module;
  return `${prefix}${m ? `${m}.` : ''}${param}`;
}

function moduleOf(layer: Layer, options: PyTorchNameOptions, alias?: string): PyTorchModuleRef {
  // Own properties only: a layer named 'constructor' must not find Object.prototype's.
  const own = (key: string | undefined) => (key !== undefined && options.modules && Object.hasOwn(options.modules, key) ? options.modules[key] : undefined);
  const ref = own(layer.name) ?? own(alias) ?? layer.name;
  return typeof ref === 'string' ? { module: ref, layer: 0 } : { module: ref.module, layer: ref.layer ?? 0 };
}

/** Keras gate index for each torch gate. */
const gateMaps: Record<string, readonly number[]> = { LSTM: [0, 1, 2, 3], GRU: [1, 0, 2], SimpleRNN: [0] };

/** Kernel `[rows, G*U]` (Keras gates) → torch `[G*U, rows]` (torch gates). */
function kerasToTorchMatrix(m: ArrayLike<number>, rows: number, U: number, map: readonly number[]): Float64Array {
  const GU = map.length * U;
  const out = new Float64Array(GU * rows);
  map.forEach((kg, tg) => {
    for (let u = 0; u < U; u++) for (let k = 0; k < rows; k++) out[(tg * U + u) * rows + k] = m[k * GU + kg * U + u]!;
  });
  return out;
}

function torchToKerasMatrix(w: Float64Array, rows: number, U: number, map: readonly number[]): Float64Array {
  const GU = map.length * U;
  const out = new Float64Array(GU * rows);
  map.forEach((kg, tg) => {
    for (let u = 0; u < U; u++) for (let k = 0; k < rows; k++) out[k * GU + kg * U + u] = w[(tg * U + u) * rows + k]!;
  });
  return out;
}

function kerasToTorchVector(v: ArrayLike<number>, offset: number, U: number, map: readonly number[]): Float64Array {
  const out = new Float64Array(map.length * U);
  map.forEach((kg, tg) => {
    for (let u = 0; u < U; u++) out[tg * U + u] = v[offset + kg * U + u]!;
  });
  return out;
}

function torchToKerasVector(v: Float64Array, U: number, map: readonly number[], into: Float64Array, offset: number): void {
  map.forEach((kg, tg) => {
    for (let u = 0; u < U; u++) into[offset + kg * U + u] = v[tg * U + u]!;
  });
}

/** Why a recurrent layer has no PyTorch module equivalent, or null. */
function recurrentProblem(layer: RecurrentLayer): string | null {
  if (layer instanceof GRU && !layer.resetAfter) {
    return 'GRU with resetAfter: false has no PyTorch equivalent (nn.GRU applies the reset gate after the recurrent product: use resetAfter: true)';
  }
  if (layer instanceof LSTM || layer instanceof GRU) {
    if (layer.activation.name !== 'tanh' || layer.recurrentActivation.name !== 'sigmoid') {
      return `activation '${layer.activation.name}' / recurrentActivation '${layer.recurrentActivation.name}': PyTorch's nn.${layer.className} computes tanh / sigmoid only`;
    }
    return null;
  }
  if (layer instanceof SimpleRNN) {
    return layer.activation.name === 'tanh' || layer.activation.name === 'relu'
      ? null
      : `activation '${layer.activation.name}': nn.RNN has nonlinearity 'tanh' or 'relu' only`;
  }
  return `recurrent class ${layer.className} has no PyTorch mapping`;
}

/** The parameters of one direction of one stacked layer. */
function recurrentDirection(layer: RecurrentLayer, base: string, prefix: string, k: number, suffix: string): LayerMapping {
  const cls = layer instanceof LSTM ? 'LSTM' : layer instanceof GRU ? 'GRU' : 'SimpleRNN';
  const map = gateMaps[cls]!;
  const U = layer.units;
  const GU = map.length * U;
  const weights = layer.weights.map((w) => w.value);
  const kernel = weights[0]!;
  const recurrent = weights[1]!;
  const bias = weights[2] ?? null;
  const I = kernel.shape[0]!;
  const key = (p: string): string => fullKey(prefix, base, `${p}_l${k}${suffix}`);
  const params: TorchParam[] = [
    { key: key('weight_ih'), shape: [GU, I] },
    { key: key('weight_hh'), shape: [GU, U] },
  ];
  if (bias) params.push({ key: key('bias_ih'), shape: [GU] }, { key: key('bias_hh'), shape: [GU] });
  const twoBiases = layer instanceof GRU; // resetAfter: true (checked before)
  return {
    layer,
    params,
    toTorch: () => {
      const out = [kerasToTorchMatrix(kernel.data, I, U, map), kerasToTorchMatrix(recurrent.data, U, U, map)];
      if (bias) {
        out.push(kerasToTorchVector(bias.data, 0, U, map));
        out.push(twoBiases ? kerasToTorchVector(bias.data, GU, U, map) : new Float64Array(GU));
      }
      return out;
    },
    toKeras: ([wih, whh, bih, bhh]) => {
      const out = [torchToKerasMatrix(wih!, I, U, map), torchToKerasMatrix(whh!, U, U, map)];
      if (bias) {
        const b = new Float64Array(twoBiases ? 2 * GU : GU);
        if (twoBiases) {
          torchToKerasVector(bih!, U, map, b, 0);
          torchToKerasVector(bhh!, U, map, b, GU);
        } else {
          const sum = bih!.map((v, i) => v + bhh![i]!);
          torchToKerasVector(sum, U, map, b, 0);
        }
        out.push(b);
      }
      return out;
    },
  };
}

/** The mappings of the model's layers, or the problems that prevent them. */
function mappingsOf(model: Sequential, options: PyTorchNameOptions, where: string): LayerMapping[] {
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string') throw new ValueError(`${where}: option 'prefix' expected a string, got ${JSON.stringify(prefix)}`);
  const modules = options.modules ?? {};
  if (modules === null || typeof modules !== 'object') throw new ValueError(`${where}: option 'modules' expected an object, got ${JSON.stringify(modules)}`);
  const known = new Set(model.layers.flatMap((l) => (l instanceof TimeDistributed ? [l.name, l.layer.name] : [l.name])));
  for (const [name, ref] of Object.entries(modules)) {
    if (!known.has(name)) throw new ValueError(`${where}: option 'modules' names layer '${name}', which the model does not have (layers: ${[...known].join(', ')})`);
    const ok = typeof ref === 'string' || (ref !== null && typeof ref === 'object' && typeof ref.module === 'string' &&
      (ref.layer === undefined || (Number.isInteger(ref.layer) && ref.layer >= 0)));
    if (!ok) throw new ValueError(`${where}: option 'modules.${name}' expected a module path or { module, layer }, got ${JSON.stringify(ref)}`);
  }

  const issues: string[] = [];
  const out: LayerMapping[] = [];
  const simple = (layer: Layer, base: string, names: string[], shapes: number[][], transposeFirst: boolean): LayerMapping => {
    const weights = layer.weights.map((w) => w.value);
    const transpose = (t: ArrayLike<number>, rows: number, cols: number): Float64Array => {
      const o = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) o[c * rows + r] = t[r * cols + c]!;
      return o;
    };
    return {
      layer,
      params: names.map((n, i) => ({ key: fullKey(prefix, base, n), shape: shapes[i]! })),
      toTorch: () => weights.map((w, i) => (i === 0 && transposeFirst ? transpose(w.data, w.shape[0]!, w.shape[1]!) : Float64Array.from(w.data))),
      toKeras: (vals) => vals.map((v, i) => (i === 0 && transposeFirst ? transpose(v, shapes[0]![0]!, shapes[0]![1]!) : v)),
    };
  };

  for (const outer of model.layers) {
    const layer = outer instanceof TimeDistributed ? outer.layer : outer;
    const label = `layer '${outer.name}' (${outer.className}${outer instanceof TimeDistributed ? `(${layer.className})` : ''})`;
    if (!outer.built) {
      issues.push(`${label}: not built (declare 'inputShape' on the first layer, or call predict once)`);
      continue;
    }
    if (layer.weights.length === 0) continue;
    const ref = moduleOf(outer, options, outer instanceof TimeDistributed ? layer.name : undefined);
    if (layer instanceof Dense) {
      const [I, U] = layer.kernel!.shape as [number, number];
      out.push(simple(layer, ref.module, layer.bias ? ['weight', 'bias'] : ['weight'], [[U, I], [U]], true));
    } else if (layer instanceof Embedding) {
      out.push(simple(layer, ref.module, ['weight'], [[...layer.embeddings!.shape]], false));
    } else if (layer instanceof LayerNormalization) {
      const names = [...(layer.gamma ? ['weight'] : []), ...(layer.beta ? ['bias'] : [])];
      out.push(simple(layer, ref.module, names, names.map(() => [layer.gamma?.shape[0] ?? layer.beta!.shape[0]!]), false));
    } else if (layer instanceof Bidirectional) {
      const problem = recurrentProblem(layer.forwardLayer);
      if (problem) {
        issues.push(`${label}: ${problem}`);
        continue;
      }
      const reads = [layer.forwardLayer, layer.backwardLayer];
      const forwards = reads.find((l) => !l.goBackwards)!;
      const backwards = reads.find((l) => l.goBackwards)!;
      const fw = recurrentDirection(forwards, ref.module, prefix, ref.layer!, '');
      const bw = recurrentDirection(backwards, ref.module, prefix, ref.layer!, '_reverse');
      // setWeights wants the Keras forward layer's weights first, then the backward layer's.
      const [first, second] = forwards === layer.forwardLayer ? [fw, bw] : [bw, fw];
      const n = first.params.length;
      out.push({
        layer,
        params: [...first.params, ...second.params],
        toTorch: () => [...first.toTorch(), ...second.toTorch()],
        toKeras: (vals) => [...first.toKeras(vals.slice(0, n)), ...second.toKeras(vals.slice(n))],
      });
    } else if (layer instanceof RecurrentLayer) {
      const problem = recurrentProblem(layer);
      if (problem) {
        issues.push(`${label}: ${problem}`);
        continue;
      }
      out.push(recurrentDirection(layer, ref.module, prefix, ref.layer!, ''));
    } else {
      issues.push(`${label}: no PyTorch mapping for this layer class (supported with weights: LSTM, GRU, SimpleRNN, Bidirectional, Dense, TimeDistributed(Dense), Embedding, LayerNormalization)`);
    }
  }
  const seen = new Map<string, string>();
  for (const m of out) {
    for (const p of m.params) {
      const other = seen.get(p.key);
      if (other) issues.push(`key '${p.key}' would be used by both layer '${other}' and layer '${m.layer.name}' (give one of them another module or layer index in 'modules')`);
      seen.set(p.key, m.layer.name);
    }
  }
  if (issues.length) {
    throw new ValueError(`${where}: model '${model.name}' cannot be mapped to PyTorch parameters (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
  return out;
}

function checkOptions(where: string, options: object, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object') throw new ValueError(`${where}: argument 'options' expected an object, got ${JSON.stringify(options)}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new ValueError(`${where}: unknown option '${key}'; expected one of: ${allowed.join(', ')}`);
  }
}

/**
 * The model's weights as a PyTorch state dict in safetensors bytes (see the module comment for
 * names, layouts and the bias split). Load in Python with `safetensors.torch.load_file` and
 * `module.load_state_dict`.
 * @example const bytes = exportSafetensors(model, { modules: { dense: 'fc' } });
 */
export function exportSafetensors(model: Sequential, options: ExportSafetensorsOptions = {}): Uint8Array {
  checkOptions(EXPORT, options, ['prefix', 'modules', 'dtype', 'metadata']);
  const dtype = options.dtype ?? 'F32';
  if (dtype !== 'F32' && dtype !== 'F64') throw new ValueError(`${EXPORT}: option 'dtype' expected 'F32' or 'F64', got ${JSON.stringify(dtype)}`);
  const tensors: Record<string, SafetensorsInput> = {};
  for (const m of mappingsOf(model, options, EXPORT)) {
    const values = m.toTorch();
    m.params.forEach((p, i) => (tensors[p.key] = { shape: p.shape, data: values[i]!, dtype }));
  }
  const metadata: Record<string, string> = { ...(options.metadata ?? {}), format: 'pt', producer: `lstm-ts ${LSTM_TS_VERSION}` };
  return encodeSafetensors(tensors, metadata);
}

/**
 * Loads a PyTorch state dict (safetensors bytes) into `model`'s weights, converting to the
 * Keras layout. Everything is checked before any weight changes: every expected key present
 * with its exact shape, values finite, no unused keys (unless `allowUnusedKeys`). One error
 * lists every problem, naming the source, the key and what is wrong.
 * @example importPyTorchState(readFileSync('net.safetensors'), model, { modules: { dense: 'fc' }, source: 'net.safetensors' });
 */
export function importPyTorchState(bytes: Uint8Array | ArrayBuffer, model: Sequential, options: ImportPyTorchOptions = {}): ImportPyTorchResult {
  checkOptions(IMPORT, options, ['prefix', 'modules', 'source', 'allowUnusedKeys']);
  const source = options.source ?? 'safetensors data';
  const mappings = mappingsOf(model, options, IMPORT);
  let file;
  try {
    file = parseSafetensors(bytes, { source });
  } catch (e) {
    if (e instanceof SafetensorsError) e.message = `${IMPORT}: ${e.message}`;
    throw e;
  }
  const problems: string[] = [];
  const used = new Set<string>();
  const staged: { layer: Layer; weights: Float64Array[] }[] = [];
  for (const m of mappings) {
    const vals: Float64Array[] = [];
    for (const p of m.params) {
      used.add(p.key);
      const entry = file.tensors.get(p.key);
      if (!entry) {
        problems.push(`missing key '${p.key}' (shape [${p.shape.join(', ')}], for layer '${m.layer.name}')`);
        continue;
      }
      if (entry.shape.length !== p.shape.length || entry.shape.some((d, i) => d !== p.shape[i])) {
        problems.push(`tensor '${p.key}' has shape [${entry.shape.join(', ')}], expected [${p.shape.join(', ')}] for layer '${m.layer.name}'`);
        continue;
      }
      let v: Float64Array;
      try {
        v = entry.values();
      } catch (e) {
        problems.push(e instanceof Error ? e.message.replace(`${source}: `, '') : String(e));
        continue;
      }
      const bad = v.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) {
        const count = v.reduce((n, x) => n + (Number.isFinite(x) ? 0 : 1), 0);
        problems.push(`tensor '${p.key}' has ${count} non-finite ${count === 1 ? 'value' : 'values'} (first: ${v[bad]} at flat index ${bad})`);
        continue;
      }
      vals.push(v);
    }
    if (vals.length === m.params.length) staged.push({ layer: m.layer, weights: m.toKeras(vals) });
  }
  const unused = [...file.tensors.keys()].filter((k) => !used.has(k));
  if (unused.length && !options.allowUnusedKeys) {
    problems.push(`${unused.length} ${unused.length === 1 ? 'key' : 'keys'} no layer reads: ${unused.map((k) => `'${k}'`).join(', ')} (check 'prefix' and 'modules', or pass allowUnusedKeys: true)`);
  }
  if (problems.length) {
    throw new SafetensorsError(`${IMPORT}: ${source}: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}, no weights were changed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  for (const { layer, weights } of staged) {
    const targets = layer.weights.map((w) => w.value);
    layer.setWeights(weights.map((w, i) => {
      const t = targets[i]!;
      const data = allocate(t.dtype, w.length);
      data.set(w);
      return new Tensor(data, t.shape);
    }));
  }
  return { loaded: mappings.flatMap((m) => m.params.map((p) => p.key)), unused };
}
