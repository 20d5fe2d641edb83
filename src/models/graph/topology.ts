/**
 * From a model's symbolic inputs and outputs to what runs: the layer calls (nodes) in an order
 * where every node comes after the nodes that feed it, and the layers in that order. Walks
 * backwards from the outputs, so layers applied elsewhere (e.g. the same layer in another
 * model) do not join this one.
 */
import { ValueError } from '../../tensor/errors.js';
import type { Layer } from '../../layers/layer.js';
import type { GraphNode, SymbolicTensor } from '../../layers/symbolicTensor.js';
import { InputLayer } from './inputLayer.js';

/** A functional model's structure. */
export interface Graph {
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
  /** Layer calls to run, inputs excluded, each after those it reads. */
  readonly nodes: readonly GraphNode[];
  /** Every layer once: the input layers first (in `inputs` order), then in running order. */
  readonly layers: readonly Layer[];
}

/** What a node reads: its inputs and its symbolic initial states. */
export function nodeSources(node: GraphNode): readonly SymbolicTensor[] {
  return node.initialState.length ? [...node.inputs, ...node.initialState] : node.inputs;
}

/**
 * Orders the graph between `inputs` and `outputs`. Throws when an output depends on an input
 * that is not listed (a disconnected graph), naming it, or when an input is not an `input()`.
 */
export function buildGraph(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[], where: string): Graph {
  const inputIds = new Set(inputs.map((s) => s.id));
  inputs.forEach((s, i) => {
    if (!(s.sourceLayer instanceof InputLayer)) {
      throw new ValueError(`${where}: option 'inputs[${i}]' expected a tensor made by input(...), got the output of layer '${s.sourceLayer.name}' (${s.sourceLayer.className})`);
    }
  });
  if (inputIds.size !== inputs.length) throw new ValueError(`${where}: option 'inputs' lists the same input twice`);
  const order: GraphNode[] = [];
  const done = new Set<GraphNode>();
  const onPath = new Set<GraphNode>();
  // Iterative post-order: a model of thousands of layers must not overflow the call stack.
  const stack: [GraphNode, number][] = [];
  const visit = (s: SymbolicTensor): void => {
    if (inputIds.has(s.id) || done.has(s.node)) return;
    if (s.sourceLayer instanceof InputLayer) {
      throw new ValueError(
        `${where}: the outputs depend on input '${s.sourceLayer.name}', which is not in 'inputs' (a disconnected graph); add it to 'inputs'`,
      );
    }
    stack.push([s.node, 0]);
  };
  for (const out of outputs) {
    visit(out);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [node, i] = top;
      const sources = nodeSources(node);
      if (i === 0) {
        if (done.has(node)) {
          stack.pop();
          continue;
        }
        onPath.add(node);
      }
      if (i < sources.length) {
        top[1] = i + 1;
        const next = sources[i]!;
        if (!inputIds.has(next.id) && onPath.has(next.node)) throw new ValueError(`${where}: the graph has a cycle through layer '${node.layer.name}'`);
        visit(next);
      } else {
        stack.pop();
        onPath.delete(node);
        done.add(node);
        order.push(node);
      }
    }
  }
  const layers: Layer[] = inputs.map((s) => s.sourceLayer);
  const seen = new Set<Layer>(layers);
  for (const node of order) {
    if (!seen.has(node.layer)) {
      seen.add(node.layer);
      layers.push(node.layer);
    }
  }
  const names = new Map<string, Layer>();
  for (const layer of layers) {
    const other = names.get(layer.name);
    if (other && other !== layer) throw new ValueError(`${where}: two different layers are named '${layer.name}'; layer names in a model must be unique`);
    names.set(layer.name, layer);
  }
  return { inputs, outputs, nodes: order, layers };
}
