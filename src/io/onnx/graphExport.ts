/**
 * A functional model that is not a chain, as one ONNX graph: every model input is a graph
 * input named after its input layer, every model output a graph output named after the layer
 * that produces it (`output_<k>` when that name is taken or ambiguous), and every layer call
 * writes its layer's nodes on the value names of its inputs (`Exporter`'s emitters, plus
 * ./graphMerge.ts for the layers only graphs hold).
 *
 * - Shared layers: each call writes its own nodes, reading one copy of the weights.
 * - Recurrent layers: symbolic `initialState` feeds the operator's `initial_h`/`initial_c`;
 *   `returnState` outputs are its `Y_h` (and the LSTM's `Y_c`).
 * - Masks (Embedding `maskZero`, Masking) flow as in the chain export, through the layers that
 *   keep them into recurrent layers; a mask that would reach a merge, Dot, RepeatVector or
 *   Permute is refused, as is a Bidirectional with states in or out.
 * - An Embedding reads a graph input directly: that input is int64 token ids.
 */
import type { Layer } from '../../layers/layer.js';
import type { GraphNode, SymbolicTensor } from '../../layers/symbolicTensor.js';
import type { Graph } from '../../models/graph/topology.js';
import { RecurrentLayer } from '../../layers/recurrent.js';
import { Embedding } from '../../layers/embedding.js';
import { Masking } from '../../layers/masking.js';
import { Bidirectional } from '../../layers/bidirectional.js';
import { Flatten } from '../../layers/flatten.js';
import { Reshape } from '../../layers/reshape.js';
import { type Exporter, type Flow, singleLayerIssues } from './export.js';
import { DataType, type Dim, type OnnxValueInfo } from './graph.js';
import { emitGraphOnlyLayer, graphOnlyLayerIssues, isGraphOnlyLayer } from './graphMerge.js';

/** What `emitGraph` declares: the graph's inputs and outputs. */
export interface GraphSignature {
  readonly inputs: OnnxValueInfo[];
  readonly outputs: OnnxValueInfo[];
}

const label = (layer: Layer): string => `layer '${layer.name}' (${layer.className})`;

/** Graph inputs read by an Embedding (int64 ids), by symbolic tensor id. */
function idInputs(graph: Graph): Set<number> {
  const ids = new Set<number>();
  for (const node of graph.nodes) if (node.layer instanceof Embedding && node.inputs[0]) ids.add(node.inputs[0].id);
  return ids;
}

/** Whether the layer passes its input's mask to its output (as the chain exporter's flows do). */
function keepsMask(node: GraphNode): boolean {
  const layer = node.layer;
  if (layer instanceof RecurrentLayer || layer instanceof Bidirectional) return layer.returnSequences;
  return !(layer instanceof Flatten || layer instanceof Reshape || isGraphOnlyLayer(layer));
}

/**
 * Every reason the graph cannot be written (empty when it can).
 * @example graphExportIssues(model.graph('exportOnnx')) // ["layer 'att' (Attention): no ONNX mapping ..."]
 */
export function graphExportIssues(graph: Graph): string[] {
  const issues: string[] = [];
  const inputIds = new Set(graph.inputs.map((s) => s.id));
  const ids = idInputs(graph);
  const masked = new Set<number>();
  for (const node of graph.nodes) {
    const layer = node.layer;
    const at = label(layer);
    if (node.training === true) issues.push(`${at}: is called with training: true, which an inference graph cannot keep`);
    const maskIn = node.inputs.some((s) => masked.has(s.id));
    for (const s of node.inputs) {
      if (ids.has(s.id) && !(layer instanceof Embedding)) issues.push(`${at}: reads input '${s.sourceLayer.name}', which an Embedding reads as int64 token ids`);
    }
    if (isGraphOnlyLayer(layer)) {
      if (!layer.built) issues.push(`${at}: not built`);
      issues.push(...graphOnlyLayerIssues(layer, at, node.inputs.map((s) => s.rank)));
      if (maskIn) issues.push(`${at}: a mask (from Embedding maskZero or Masking) reaches it; the ONNX export carries masks only into recurrent layers`);
    } else {
      if (node.inputs.length !== 1 || node.inputIsList) issues.push(`${at}: takes ${node.inputs.length} inputs as a list, which the ONNX export writes only for merge layers`);
      // returnState is what a graph carries, unlike a chain.
      issues.push(...singleLayerIssues(layer, at).filter((m) => !(layer instanceof RecurrentLayer && m.startsWith(`${at}: returnState: true`))));
      if (layer instanceof Embedding && !inputIds.has(node.inputs[0]!.id)) issues.push(`${at}: an Embedding is exported only on a model input (its int64 ids are the graph input)`);
      if (layer instanceof Bidirectional && (node.initialState.length || layer.returnState || layer.mergeMode === null)) {
        issues.push(`${at}: a Bidirectional with initialState, returnState or mergeMode null (the ONNX export writes Bidirectional with one merged output)`);
      }
      if (node.initialState.length && !(layer instanceof RecurrentLayer || layer instanceof Bidirectional)) issues.push(`${at}: takes initialState, which only recurrent layers do`);
    }
    const makes = layer instanceof Masking || (layer instanceof Embedding && layer.maskZero);
    if (makes || (maskIn && keepsMask(node))) masked.add(node.outputs[0]!.id);
  }
  return issues;
}

/** Batch, then the declared sizes; the time axis symbolic unless a Flatten/Reshape needs it. */
function inputDims(s: SymbolicTensor, name: string, ids: boolean, fixedTime: boolean, timeName: string): Dim[] {
  const sequence = s.rank >= 3 || ids;
  return s.shape.map((d, i) => {
    if (i === 0) return 'batch';
    if (i === 1 && sequence && !(fixedTime && typeof d === 'number')) return timeName;
    return d ?? `${name}_dim${i}`;
  });
}

/** The graph output names: the producing layer's, or `output_<k>` where that is taken or repeated. */
function outputNames(graph: Graph, inputNames: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const s of graph.outputs) count.set(s.sourceLayer.name, (count.get(s.sourceLayer.name) ?? 0) + 1);
  const taken = new Set(inputNames);
  return graph.outputs.map((s, k) => {
    const name = s.sourceLayer.name;
    const own = count.get(name) === 1 && !taken.has(name) ? name : `output_${k}`;
    taken.add(own);
    return own;
  });
}

/**
 * Writes the whole graph into `ex` (whose issues `graphExportIssues` found none) and returns
 * its inputs and outputs. `names` overrides the input/output name of a one-input/one-output graph.
 * @example const { inputs, outputs } = emitGraph(new Exporter(), model.graph('exportOnnx'), {});
 */
export function emitGraph(ex: Exporter, graph: Graph, names: { input?: string; output?: string }): GraphSignature {
  const ids = idInputs(graph);
  const fixedTime = graph.nodes.some((n) => n.layer instanceof Flatten || n.layer instanceof Reshape);
  const inNames = graph.inputs.map((s) => (graph.inputs.length === 1 && names.input) || s.sourceLayer.name);
  const outNames = graph.outputs.length === 1 && names.output ? [names.output] : outputNames(graph, inNames);
  ex.g.reserve(...inNames, ...outNames);

  const flows = new Map<number, Flow>();
  const inputs = graph.inputs.map((s, k): OnnxValueInfo => {
    const isIds = ids.has(s.id);
    const name = inNames[k]!;
    const shape = inputDims(s, name, isIds, fixedTime, graph.inputs.length === 1 ? 'time' : `${name}_time`);
    const elemType = isIds ? DataType.INT64 : DataType.FLOAT;
    flows.set(s.id, { name, layout: s.rank >= 3 || isIds ? 'bt' : 'flat', shape, elemType, mask: null });
    return { name, elemType, shape };
  });
  const flow = (s: SymbolicTensor): Flow => flows.get(s.id)!;

  for (const node of graph.nodes) {
    const layer = node.layer;
    const scope = layer.name;
    const ins = node.inputs.map(flow);
    let outs: Flow[];
    if (isGraphOnlyLayer(layer)) {
      outs = emitGraphOnlyLayer(ex, layer, ins.map((f) => ex.toBatchMajor(f, scope)), scope);
    } else if (layer instanceof RecurrentLayer) {
      outs = ex.recurrentOutputs(ins[0]!, layer, scope, node.initialState.map((s) => ex.toBatchMajor(flow(s), scope).name));
    } else {
      outs = [ex.layer(ins[0]!, layer, scope)];
    }
    node.outputs.forEach((s, i) => flows.set(s.id, outs[i]!));
  }

  const outputs = graph.outputs.map((s, k): OnnxValueInfo => {
    const final = ex.toBatchMajor(flow(s), 'output');
    const name = outNames[k]!;
    ex.g.node('Identity', [final.name], {}, { scope: 'output', outputs: [name] });
    return { name, elemType: final.elemType, shape: final.shape };
  });
  return { inputs, outputs };
}
