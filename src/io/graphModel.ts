/**
 * Functional models in the layers format: the graph written as tfjs's `Model` config (each
 * layer with its `inbound_nodes`, then `input_layers` and `output_layers`), and read back by
 * replaying the calls the file records.
 *
 * Writing numbers each layer's calls as tfjs and Keras do: only calls that belong to this
 * model count, in the order the layer was called (a layer also used in another model keeps
 * node 0 here for its first call in this one). A recurrent layer's symbolic initial states are
 * written after its input as further inbound tensors, the form tfjs and tf.keras write (and
 * read back as initial states); a `training` fixed at a call is the call's kwargs.
 *
 * Reading happens in two steps, so a hostile file costs nothing before it is checked:
 * `prepareGraph` constructs the layers (no weights), replays the calls on shapes alone and
 * computes every weight each layer will create (`plannedLayerWeights`), which the caller
 * compares with the weights it has; `buildGraphModel` then replays the calls on symbolic
 * tensors, which builds the layers, and returns the model.
 */
import { ValueError } from '../tensor/errors.js';
import type { DType } from '../tensor/tensor.js';
import { type Layer, type Shape, isShapeList } from '../layers/layer.js';
import { SymbolicTensor, type GraphNode } from '../layers/symbolicTensor.js';
// Before layersModel.js: see the note in keras/index.ts (Sequential extends LayersModel across an import cycle).
import '../models/sequential.js';
import { type LayersModel, model as functionalModel } from '../models/layersModel.js';
import { input } from '../models/graph/inputLayer.js';
import { withoutInitialization } from '../initializers/initializers.js';
import { type JsonObject, type JsonValue, isJsonObject } from './json.js';
import { type LayerReadOptions, UnsupportedModelError, isShapeDim, layersFromConfigs, layersToConfigs } from './layerRegistry.js';
import type { GraphSpec, TensorRef } from './graphConfig.js';
import { type PlannedWeight, plannedLayerWeights } from './weightPlan.js';

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * The `config` tfjs writes for a functional model: `{ name, layers: [{ name, class_name,
 * config, inbound_nodes }], input_layers, output_layers }`.
 * @internal used by modelToTopology.
 */
export function graphToConfig(model: LayersModel, where: string): JsonObject {
  const graph = model.graph(where);
  const inModel = new Set<GraphNode>([...graph.inputs.map((s) => s.node), ...graph.nodes]);
  const localIndex = new Map<GraphNode, number>();
  for (const layer of graph.layers) {
    let k = 0;
    for (const node of layer.inboundNodes) if (inModel.has(node)) localIndex.set(node, k++);
  }
  const ref = (s: SymbolicTensor): [string, number, number] => [s.sourceLayer.name, localIndex.get(s.node) ?? 0, s.outputIndex];
  const inputLayers = new Set(graph.inputs.map((s) => s.sourceLayer));
  const others = graph.layers.filter((l) => !inputLayers.has(l));
  const configs = new Map(layersToConfigs(others, where).map((c, i) => [others[i]!, c]));
  const nodesOf = new Map<Layer, GraphNode[]>();
  for (const node of graph.nodes) {
    const list = nodesOf.get(node.layer) ?? [];
    list.push(node);
    nodesOf.set(node.layer, list);
  }
  const layers: JsonObject[] = graph.layers.map((layer) => {
    if (inputLayers.has(layer)) {
      const shape = graph.inputs.find((s) => s.sourceLayer === layer)!.shape;
      return {
        name: layer.name,
        class_name: 'InputLayer',
        config: { batch_input_shape: [...shape], dtype: layer.dtype, sparse: false, name: layer.name },
        inbound_nodes: [],
      };
    }
    const calls = (nodesOf.get(layer) ?? []).sort((a, b) => localIndex.get(a)! - localIndex.get(b)!);
    const inbound: JsonValue[] = calls.map((node) => {
      const kwargs: JsonObject = node.training === undefined ? {} : { training: node.training };
      return [...node.inputs, ...node.initialState].map((s) => [...ref(s), kwargs]);
    });
    const cfg = configs.get(layer)!;
    return { name: layer.name, class_name: cfg.class_name, config: cfg.config as JsonObject, inbound_nodes: inbound };
  });
  return {
    name: model.name,
    layers,
    input_layers: graph.inputs.map(ref),
    output_layers: graph.outputs.map(ref),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** An InputLayer of the file: the shape and dtype its `input()` gets. */
interface InputInfo {
  name: string;
  batchShape: (number | null)[];
  dtype: DType;
}

/** A graph read from a file, its layers constructed (not built) and its weights planned. */
export interface PreparedGraph {
  readonly spec: GraphSpec;
  /** One per `spec.layers` entry: the layer, or the InputLayer's shape and dtype. */
  readonly layers: readonly (Layer | InputInfo)[];
  /** Every weight the model will have, under tfjs's names, computed without building. */
  readonly plan: readonly PlannedWeight[];
}

function readInputLayer(config: JsonValue, label: string, issues: string[]): InputInfo | null {
  if (!isJsonObject(config)) {
    issues.push(`${label}: 'config' expected an object, got ${describe(config)}`);
    return null;
  }
  let shape: (number | null)[] | null = null;
  let dtype: DType = 'float32';
  for (const [key, value] of Object.entries(config)) {
    if (key === 'batch_input_shape' || key === 'batch_shape') {
      if (Array.isArray(value) && value.length >= 1 && value.every((d) => isShapeDim(d))) shape = value as (number | null)[];
      else issues.push(`${label}: option '${key}' expected an array of positive integers and nulls, got ${describe(value)}`);
    } else if (key === 'dtype') {
      const name = isJsonObject(value) && isJsonObject(value['config']) ? value['config']['name'] : value;
      // Token ids (int32) are passed as floats, as in tfjs.
      if (name === 'float64') dtype = 'float64';
      else if (name !== 'float32' && name !== 'int32' && name !== 'int64' && name !== null) {
        issues.push(`${label}: option 'dtype' = ${describe(value)} is not supported (float32, float64, or int32 token ids)`);
      }
    } else if (key === 'sparse' || key === 'ragged' || key === 'optional') {
      if (value !== false && value !== null) issues.push(`${label}: option '${key}' = ${describe(value)} is not supported`);
    } else if (key !== 'name' && key !== 'input_dtype') {
      issues.push(`${label}: unknown option '${key}' = ${describe(value)}`);
    }
  }
  if (!shape) {
    issues.push(`${label}: has no 'batch_input_shape' (or Keras 3 'batch_shape')`);
    return null;
  }
  return { name: typeof config['name'] === 'string' ? config['name'] : label, batchShape: shape, dtype };
}

function isInputInfo(v: Layer | InputInfo): v is InputInfo {
  return 'batchShape' in v;
}

function callLabel(spec: GraphSpec, li: number, k: number): string {
  const l = spec.layers[li]!;
  return `layer '${l.name}' (${l.className}) call ${k}`;
}

/**
 * Replays the calls in `spec.order` with `apply(li, k, inputs, states)`, passing each call
 * the values of the tensors it reads (checking the tensor indices), and returns the values
 * of `spec.inputs` and `spec.outputs`.
 */
function replay<T>(
  spec: GraphSpec,
  inputValue: (li: number) => T,
  apply: (li: number, k: number, inputs: T[], states: T[]) => T[],
): { inputs: T[]; outputs: T[] } {
  const index = new Map(spec.layers.map((l, i) => [l.name, i]));
  const produced = new Map<string, T[]>();
  spec.layers.forEach((l, li) => {
    if (l.className === 'InputLayer') produced.set(`${li}#0`, [inputValue(li)]);
  });
  const read = (ref: TensorRef, label: string): T => {
    const outs = produced.get(`${index.get(ref.layer)!}#${ref.node}`)!;
    if (ref.tensor >= outs.length) {
      throw new ValueError(`${label} reads output ${ref.tensor} of call ${ref.node} of layer '${ref.layer}', which has ${outs.length} output(s)`);
    }
    return outs[ref.tensor]!;
  };
  for (const [li, k] of spec.order) {
    const call = spec.layers[li]!.calls[k]!;
    const label = callLabel(spec, li, k);
    const outs = apply(li, k, call.inputs.map((r) => read(r, label)), call.initialState.map((r) => read(r, label)));
    produced.set(`${li}#${k}`, outs);
  }
  return { inputs: spec.inputs.map((r, i) => read(r, `input_layers[${i}]`)), outputs: spec.outputs.map((r, i) => read(r, `output_layers[${i}]`)) };
}

function wrap(where: string, e: unknown, context: string): ValueError {
  if (e instanceof UnsupportedModelError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // Helpers given `where` start their messages with it; it is said once, here.
  const own = message.startsWith(`${where}: `) ? message.slice(where.length + 2) : message;
  return new ValueError(`${where}: the layers do not form a working functional model: ${context}${own}`, { cause: e });
}

/**
 * Constructs the layers of `spec` and plans their weights from the shapes each call receives,
 * allocating no weight. Every unsupported layer or option is reported in one
 * `UnsupportedModelError`; a graph whose shapes do not fit fails with a `ValueError`.
 * @internal used by the tfjs and Keras loaders.
 */
export function prepareGraph(spec: GraphSpec, options: LayerReadOptions, where: string): PreparedGraph {
  const issues: string[] = [];
  const inputs = new Map<number, InputInfo>();
  const others: number[] = [];
  spec.layers.forEach((l, li) => {
    if (l.className === 'InputLayer') {
      const info = readInputLayer(l.spec['config'] ?? null, `layer '${l.name}' (InputLayer)`, issues);
      if (info) inputs.set(li, { ...info, name: l.name });
    } else {
      others.push(li);
    }
  });
  const built = layersFromConfigs(others.map((li) => spec.layers[li]!.spec), where, options, issues);
  if (issues.length) throw new UnsupportedModelError(where, issues);
  const layers: (Layer | InputInfo)[] = spec.layers.map((_, li) => inputs.get(li)!);
  others.forEach((li, i) => (layers[li] = built[i]!));

  const plan: PlannedWeight[] = [];
  let current = '';
  try {
    replay<Shape>(
      spec,
      (li) => (layers[li] as InputInfo).batchShape,
      (li, k, ins) => {
        current = `${callLabel(spec, li, k)}: `;
        const layer = layers[li]!;
        if (isInputInfo(layer)) throw new ValueError('an InputLayer cannot be called');
        const call = spec.layers[li]!.calls[k]!;
        const shapes: Shape | Shape[] = call.inputIsList ? ins : ins[0]!;
        if (k === 0) plan.push(...plannedLayerWeights(layer, shapes, where));
        const out = layer.computeOutputShape(shapes);
        return isShapeList(out) ? out : [out];
      },
    );
  } catch (e) {
    throw wrap(where, e, current);
  }
  const seen = new Map<string, PlannedWeight>();
  for (const w of plan) {
    if (seen.has(w.name)) throw new ValueError(`${where}: two weights would both be named '${w.name}'; the layers need distinct names`);
    seen.set(w.name, w);
  }
  return { spec, layers, plan };
}

/**
 * Replays the calls of a prepared graph on symbolic tensors (building each layer on its first
 * call) and returns the model. With `initialize` false, weights are left at zero for the caller
 * to fill.
 * @internal used by the tfjs and Keras loaders.
 */
export function buildGraphModel(prepared: PreparedGraph, initialize: boolean, where: string): LayersModel {
  const { spec, layers } = prepared;
  let current = '';
  const run = (): LayersModel => {
    const ends = replay<SymbolicTensor>(
      spec,
      (li) => {
        const info = layers[li] as InputInfo;
        return input({ batchShape: info.batchShape, name: info.name, dtype: info.dtype });
      },
      (li, k, ins, states) => {
        current = `${callLabel(spec, li, k)}: `;
        const layer = layers[li] as Layer;
        const call = spec.layers[li]!.calls[k]!;
        const options = {
          ...(states.length ? { initialState: states } : {}),
          ...(call.training !== undefined ? { training: call.training } : {}),
        };
        const out = call.inputIsList ? layer.apply(ins, options) : layer.apply(ins[0]!, options);
        return Array.isArray(out) ? out : [out];
      },
    );
    current = '';
    return functionalModel({ inputs: ends.inputs, outputs: ends.outputs, ...(spec.name !== undefined ? { name: spec.name } : {}) });
  };
  try {
    return initialize ? run() : withoutInitialization(run);
  } catch (e) {
    throw wrap(where, e, current);
  }
}

/** The number of scalars the plan's weights hold. */
export function plannedSize(plan: readonly PlannedWeight[]): number {
  return plan.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
}
