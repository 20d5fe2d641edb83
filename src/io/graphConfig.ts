/**
 * Reading the graph of a functional model file: which layer calls feed which, as tfjs
 * (`class_name: 'Model'`), Keras 2 and Keras 3 (`'Functional'`) write it. Each layer's
 * `inbound_nodes` lists its calls in node-index order; a call reads tensors named
 * `[layer, node, tensor]` (output `tensor` of call `node` of `layer`):
 *
 * - tfjs / Keras 2: a call is `[[name, node, tensor, kwargs], ...]`, one entry per tensor
 *   read; a recurrent layer's initial states follow its input as further entries (tfjs and
 *   tf.keras flatten `initial_state` into the call's inputs), and kwargs (the same on every
 *   entry) may hold `training`, `mask` or `initial_state`.
 * - Keras 3: a call is `{ args: [x], kwargs: {...} }`, where a tensor is
 *   `{ class_name: '__keras_tensor__', config: { keras_history: [name, node, tensor] } }`, `x`
 *   is one tensor or a list (a merge layer), and `kwargs.initial_state` lists the states.
 *
 * The file is untrusted: every reference is checked against the layers and calls the file
 * declares, and the order in which the calls can be replayed is found by Kahn's algorithm
 * (linear time), so a reference to an unknown layer, a node index past a layer's calls, or a
 * cycle gives one error naming it instead of a crash, a hang or a quadratic search. Output
 * (tensor) indices are checked when the calls are replayed, once each call's outputs are known.
 */
import { ValueError } from '../tensor/errors.js';
import { type JsonObject, type JsonValue, isJsonObject } from './json.js';
import { UnsupportedModelError } from './layerRegistry.js';

/** A tensor a call reads: output `tensor` of call `node` of layer `layer`. */
export interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

/** One call of a layer, as the file records it. */
export interface CallSpec {
  /** The main inputs; several for a merge or attention layer. */
  readonly inputs: readonly TensorRef[];
  /** True when the layer is called with a list (several inputs, or a Keras 3 list argument). */
  readonly inputIsList: boolean;
  /** A recurrent layer's initial states. */
  readonly initialState: readonly TensorRef[];
  /** A `training` value fixed at the call; undefined follows the model. */
  readonly training: boolean | undefined;
}

/** A layer of the graph: its config (for the layer registry) and its calls in node order. */
export interface GraphLayerSpec {
  readonly name: string;
  readonly className: string;
  /** `{ class_name, config }`, as the registry reads it. */
  readonly spec: JsonObject;
  readonly calls: readonly CallSpec[];
}

/** A functional model's graph as a file describes it, references checked and ordered. */
export interface GraphSpec {
  readonly name: string | undefined;
  /** The layers in the file's order. */
  readonly layers: readonly GraphLayerSpec[];
  readonly inputs: readonly TensorRef[];
  readonly outputs: readonly TensorRef[];
  /** Every call as `[layer index, node index]`, each after the calls it reads. */
  readonly order: readonly (readonly [number, number])[];
}

/** Layer classes whose extra inbound tensors (tfjs, Keras 2) are initial states, not inputs. */
const STATEFUL_CALLS = new Set(['LSTM', 'GRU', 'SimpleRNN', 'RNN', 'Bidirectional']);

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** `[name, node, tensor]` (and a trailing kwargs in tfjs/Keras 2) as a reference, or null. */
function refFromArray(v: JsonValue | undefined): TensorRef | null {
  if (!Array.isArray(v) || v.length < 3 || typeof v[0] !== 'string' || !isIndex(v[1]) || !isIndex(v[2])) return null;
  return { layer: v[0], node: v[1], tensor: v[2] };
}

/** A Keras 3 `__keras_tensor__` as a reference; null for anything else. */
function refFromKerasTensor(v: JsonValue | undefined): TensorRef | null {
  if (!isJsonObject(v) || v['class_name'] !== '__keras_tensor__' || !isJsonObject(v['config'])) return null;
  return refFromArray(v['config']['keras_history']);
}

/** Keras 3 writes tuples as `{ class_name: '__tuple__', config: { value: [...] } }`. */
function untuple(v: JsonValue | undefined): JsonValue | undefined {
  if (isJsonObject(v) && v['class_name'] === '__tuple__' && isJsonObject(v['config']) && Array.isArray(v['config']['value'])) return v['config']['value'];
  return v;
}

/** A list of references (Keras 2 `[name, node, tensor]` triples or Keras 3 tensors); null when it is not one. */
function refList(v: JsonValue | undefined): TensorRef[] | null {
  const list = untuple(v);
  const items = Array.isArray(list) && !refFromArray(list) ? list : [list ?? null];
  const out: TensorRef[] = [];
  for (const item of items) {
    const ref = refFromKerasTensor(item) ?? refFromArray(item);
    if (!ref) return null;
    out.push(ref);
  }
  return out;
}

/** What a call's keyword arguments say, with anything unsupported recorded in `issues`. */
function readKwargs(kwargs: JsonValue | undefined, label: string, issues: string[], layerNames: ReadonlySet<string>): { training: boolean | undefined; initialState: TensorRef[] | null } {
  let training: boolean | undefined;
  let initialState: TensorRef[] | null = null;
  if (kwargs === undefined || kwargs === null) return { training, initialState };
  if (!isJsonObject(kwargs)) {
    issues.push(`${label}: the call's keyword arguments expected an object, got ${describe(kwargs)}`);
    return { training, initialState };
  }
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'training') {
      if (typeof value === 'boolean') training = value;
      else if (value !== null) issues.push(`${label}: keyword argument 'training' expected true, false or null, got ${describe(value)}`);
    } else if (key === 'mask') {
      // Keras 3 records the mask it propagated itself (made by an op such as not_equal, not a
      // layer of the model); lstm-ts computes the same mask along the graph. A mask taken from
      // a layer of the model is a deliberate choice lstm-ts cannot express.
      const refs = value === null ? [] : refList(value);
      const fromLayer = refs?.find((r) => layerNames.has(r.layer));
      if (refs === null && !(Array.isArray(value) && value.every((m) => m === null))) {
        issues.push(`${label}: keyword argument 'mask' = ${describe(value)} is not supported (masks flow along the graph)`);
      } else if (fromLayer) {
        issues.push(`${label}: takes an explicit mask from layer '${fromLayer.layer}'; lstm-ts computes masks along the graph (embedding maskZero, masking) and cannot take one from another layer`);
      }
    } else if (key === 'initial_state') {
      if (value === null) continue;
      initialState = refList(value);
      if (initialState === null) issues.push(`${label}: keyword argument 'initial_state' expected a list of tensors, got ${describe(value)}`);
    } else {
      issues.push(`${label}: keyword argument '${key}' = ${describe(value)} is not supported`);
    }
  }
  return { training, initialState };
}

/** One call of `className` from its inbound-node entry (either format). */
function readCall(node: JsonValue, className: string, label: string, issues: string[], layerNames: ReadonlySet<string>): CallSpec | null {
  if (Array.isArray(node)) {
    // tfjs / Keras 2: [[name, node, tensor, kwargs], ...]
    if (node.length === 0) {
      issues.push(`${label}: a call with no inputs`);
      return null;
    }
    const refs: TensorRef[] = [];
    let kwargs: JsonValue | undefined;
    for (const entry of node) {
      const ref = refFromArray(entry);
      if (!ref) {
        issues.push(`${label}: inbound tensor expected [layer name, node index, tensor index, kwargs], got ${describe(entry)}`);
        return null;
      }
      refs.push(ref);
      if (Array.isArray(entry) && entry.length > 3 && kwargs === undefined) kwargs = entry[3];
    }
    const { training, initialState } = readKwargs(kwargs, label, issues, layerNames);
    const states = STATEFUL_CALLS.has(className);
    if (states && initialState && refs.length > 1) {
      issues.push(`${label}: gives initial states both as inputs and as keyword argument 'initial_state'`);
      return null;
    }
    if (states) return { inputs: refs.slice(0, 1), inputIsList: false, initialState: initialState ?? refs.slice(1), training };
    if (initialState) issues.push(`${label}: keyword argument 'initial_state' is only read for recurrent layers`);
    return { inputs: refs, inputIsList: refs.length > 1, initialState: [], training };
  }
  if (isJsonObject(node)) {
    // Keras 3: { args: [x, ...], kwargs: {...} }
    const args = untuple(node['args']);
    if (!Array.isArray(args) || args.length !== 1) {
      issues.push(`${label}: a Keras 3 call expected 'args' holding one tensor or one list of tensors, got ${describe(args)}`);
      return null;
    }
    const first = untuple(args[0]);
    const single = refFromKerasTensor(first);
    const list = single ? null : refList(first);
    if (!single && (!list || list.length === 0)) {
      issues.push(`${label}: a call's argument expected a tensor or a list of tensors, got ${describe(first)}`);
      return null;
    }
    const { training, initialState } = readKwargs(node['kwargs'], label, issues, layerNames);
    if (initialState && !STATEFUL_CALLS.has(className)) issues.push(`${label}: keyword argument 'initial_state' is only read for recurrent layers`);
    return { inputs: single ? [single] : list!, inputIsList: !single, initialState: initialState ?? [], training };
  }
  issues.push(`${label}: a call expected a list (tfjs, Keras 2) or an object (Keras 3), got ${describe(node)}`);
  return null;
}

/** `[name, node, tensor]` lists of `input_layers` / `output_layers` (Keras 3 may write one triple bare). */
function readEnds(value: JsonValue | undefined, key: string, issues: string[]): TensorRef[] {
  const one = refFromArray(value);
  if (one) return [one];
  const refs = Array.isArray(value) ? value.map(refFromArray) : null;
  if (!refs || refs.length === 0 || refs.some((r) => r === null)) {
    issues.push(`'${key}' expected a non-empty list of [layer name, node index, tensor index], got ${describe(value)}`);
    return [];
  }
  return refs as TensorRef[];
}

/**
 * Reads the `config` of a functional model (`{ name, layers: [{ name, class_name, config,
 * inbound_nodes }], input_layers, output_layers }`): checks every reference and finds an
 * order to replay the calls in. Throws one `UnsupportedModelError` (unsupported call
 * arguments) or `ValueError` (a damaged graph) listing every problem.
 */
export function readGraphConfig(config: JsonObject, where: string): GraphSpec {
  const issues: string[] = [];
  const layerList = config['layers'];
  if (!Array.isArray(layerList)) throw new ValueError(`${where}: the functional model config expected a 'layers' list, got ${describe(layerList)}`);
  const names: string[] = layerList.map((spec, i) => {
    const cfg = isJsonObject(spec) && isJsonObject(spec['config']) ? spec['config'] : null;
    const name = isJsonObject(spec) ? (spec['name'] ?? cfg?.['name']) : undefined;
    return typeof name === 'string' ? name : `#${i}`;
  });
  const layerNames = new Set(names);
  const index = new Map<string, number>();
  const layers: GraphLayerSpec[] = [];
  const unsupported: string[] = [];
  layerList.forEach((spec, i) => {
    const name = names[i]!;
    if (!isJsonObject(spec)) {
      issues.push(`layers[${i}]: expected { name, class_name, config, inbound_nodes }, got ${describe(spec)}`);
      return;
    }
    const className = spec['class_name'] ?? spec['className'];
    const label = `layer '${name}' (${typeof className === 'string' ? className : '?'})`;
    if (typeof className !== 'string') {
      issues.push(`${label}: missing 'class_name'`);
      return;
    }
    if (index.has(name)) {
      issues.push(`${label}: a layer named '${name}' is listed twice; layer names in a model must be unique`);
      return;
    }
    const cfg = isJsonObject(spec['config']) ? spec['config'] : {};
    if (typeof cfg['name'] === 'string' && cfg['name'] !== name) {
      issues.push(`${label}: its config names it '${cfg['name']}'`);
    }
    const inbound = spec['inbound_nodes'] ?? spec['inboundNodes'] ?? [];
    if (!Array.isArray(inbound)) {
      issues.push(`${label}: 'inbound_nodes' expected a list, got ${describe(inbound)}`);
      return;
    }
    const calls: CallSpec[] = [];
    if (className === 'InputLayer') {
      if (inbound.length) issues.push(`${label}: an InputLayer has no inbound nodes, got ${describe(inbound)}`);
    } else {
      inbound.forEach((node, k) => {
        const before = issues.length + unsupported.length;
        const call = readCall(node, className, `${label} call ${k}`, unsupported, layerNames);
        if (call) calls.push(call);
        else if (issues.length + unsupported.length === before) issues.push(`${label} call ${k}: unreadable`);
      });
    }
    index.set(name, layers.length);
    layers.push({ name, className, spec: { class_name: className, config: { ...cfg, name } }, calls });
  });
  const inputs = readEnds(config['input_layers'] ?? config['inputLayers'], 'input_layers', issues);
  const outputs = readEnds(config['output_layers'] ?? config['outputLayers'], 'output_layers', issues);
  if (issues.length === 0 && unsupported.length) throw new UnsupportedModelError(where, unsupported);
  issues.push(...unsupported);
  if (issues.length) throw damaged(where, issues);

  // References: a known layer and one of its calls (an InputLayer has one, node 0).
  const callCount = (l: GraphLayerSpec): number => (l.className === 'InputLayer' ? 1 : l.calls.length);
  const check = (ref: TensorRef, label: string): void => {
    const k = index.get(ref.layer);
    if (k === undefined) issues.push(`${label} reads layer '${ref.layer}', which the model does not have`);
    else if (ref.node >= callCount(layers[k]!)) {
      issues.push(`${label} reads call ${ref.node} of layer '${ref.layer}', which has ${callCount(layers[k]!)} call(s)`);
    }
  };
  for (const layer of layers) {
    layer.calls.forEach((call, k) => {
      for (const ref of [...call.inputs, ...call.initialState]) check(ref, `layer '${layer.name}' (${layer.className}) call ${k}`);
    });
  }
  inputs.forEach((ref, i) => {
    check(ref, `input_layers[${i}]`);
    const k = index.get(ref.layer);
    if (k !== undefined && layers[k]!.className !== 'InputLayer') issues.push(`input_layers[${i}] names layer '${ref.layer}' (${layers[k]!.className}), which is not an InputLayer`);
  });
  outputs.forEach((ref, i) => check(ref, `output_layers[${i}]`));
  if (issues.length) throw damaged(where, issues);

  return { name: typeof config['name'] === 'string' ? config['name'] : undefined, layers, inputs, outputs, order: callOrder(layers, index, where) };
}

/**
 * Kahn's algorithm over the calls: a call waits for the calls it reads and for the previous
 * call of its own layer (node indices are given in call order). Calls left over form a cycle.
 */
function callOrder(layers: readonly GraphLayerSpec[], index: ReadonlyMap<string, number>, where: string): [number, number][] {
  const offsets: number[] = [];
  let total = 0;
  for (const l of layers) {
    offsets.push(total);
    total += l.calls.length;
  }
  const waiting = new Int32Array(total);
  const readers: number[][] = Array.from({ length: total }, () => []);
  const idOf = (ref: TensorRef): number | null => {
    const k = index.get(ref.layer)!;
    return layers[k]!.className === 'InputLayer' ? null : offsets[k]! + ref.node;
  };
  layers.forEach((layer, li) => {
    layer.calls.forEach((call, k) => {
      const id = offsets[li]! + k;
      const deps = new Set<number>();
      if (k > 0) deps.add(id - 1);
      for (const ref of [...call.inputs, ...call.initialState]) {
        const dep = idOf(ref);
        if (dep !== null) deps.add(dep);
      }
      waiting[id] = deps.size;
      for (const d of deps) readers[d]!.push(id);
    });
  });
  const ready: number[] = [];
  for (let id = 0; id < total; id++) if (waiting[id] === 0) ready.push(id);
  const order: [number, number][] = [];
  const ownerLayer = new Int32Array(total);
  layers.forEach((l, li) => ownerLayer.fill(li, offsets[li]!, offsets[li]! + l.calls.length));
  const owner = (id: number): [number, number] => [ownerLayer[id]!, id - offsets[ownerLayer[id]!]!];
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head]!;
    order.push(owner(id));
    for (const r of readers[id]!) if (--waiting[r] === 0) ready.push(r);
  }
  if (order.length < total) {
    const stuck = new Set<string>();
    for (let id = 0; id < total && stuck.size < 5; id++) if (waiting[id]! > 0) stuck.add(layers[owner(id)[0]]!.name);
    throw new ValueError(
      `${where}: the model's layer calls form a cycle (a call reads its own output, directly or through other layers): ` +
        `${[...stuck].map((n) => `'${n}'`).join(', ')}${total - order.length > stuck.size ? ' and others' : ''} can never run`,
    );
  }
  return order;
}

function damaged(where: string, issues: readonly string[]): ValueError {
  const shown = issues.slice(0, 20).map((p) => `  - ${p}`).join('\n');
  return new ValueError(`${where}: the functional model's graph is damaged:\n${shown}${issues.length > 20 ? `\n  - ... and ${issues.length - 20} more` : ''}`);
}
