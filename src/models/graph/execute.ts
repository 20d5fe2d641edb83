/**
 * Runs a graph on data: each node's layer on the values (and masks) of its inputs, in order.
 * Masks travel beside values as in Keras: a layer receives its inputs' masks and passes on the
 * mask its `computeMask` returns (for its first output; states carry none).
 */
import { ValueError } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Layer } from '../../layers/layer.js';
import type { SymbolicTensor } from '../../layers/symbolicTensor.js';
import type { Graph } from './topology.js';

/** A layer whose output activation can be split off, so the loss can use logits. */
export interface LogitsLayer extends Layer {
  activationName: string;
  /** The layer's output before its activation. */
  callLogits(x: Tensor): Tensor;
  /** The activation alone, applied to what `callLogits` returned. */
  activateLogits(logits: Tensor): Tensor;
}

/** True for a layer that can hand its pre-activation output to a fused loss. */
export function isLogitsLayer(layer: Layer): layer is LogitsLayer {
  const candidate = layer as Partial<LogitsLayer>;
  // A wrapper (TimeDistributed) has the methods but an undefined activationName when its inner layer cannot split.
  return typeof candidate.callLogits === 'function' && typeof candidate.activationName === 'string';
}

/** What one run produced: the outputs and the masks they carry, in `graph.outputs` order. */
export interface GraphRun {
  outputs: Tensor[];
  masks: (Tensor | null)[];
}

/**
 * Runs `graph` on `inputs` (one tensor per graph input). `logits` names outputs whose
 * producing layer stops before its activation (the loss fuses it).
 */
export function runGraph(graph: Graph, inputs: readonly Tensor[], training: boolean, where: string, logits: ReadonlySet<SymbolicTensor> = new Set()): GraphRun {
  const values = new Map<number, Tensor>();
  const masks = new Map<number, Tensor | null>();
  graph.inputs.forEach((s, i) => {
    values.set(s.id, inputs[i]!);
    masks.set(s.id, null);
  });
  const value = (s: SymbolicTensor): Tensor => {
    const v = values.get(s.id);
    if (!v) throw new ValueError(`${where}: internal error: '${s.name}' was read before it was computed`);
    return v;
  };
  for (const node of graph.nodes) {
    const { layer } = node;
    const ins = node.inputs.map(value);
    const inMasks = node.inputs.map((s) => masks.get(s.id) ?? null);
    const initialState = node.initialState.map(value);
    const isTraining = node.training ?? training;
    let result: Tensor | Tensor[];
    if (node.outputs.length === 1 && logits.has(node.outputs[0]!) && isLogitsLayer(layer) && !node.inputIsList) {
      layer.ensureBuilt(ins[0]!.shape.map((d, k) => (k === 0 ? null : d)));
      result = layer.callLogits(ins[0]!);
    } else if (node.inputIsList) {
      result = layer.invoke(ins, { training: isTraining, mask: null, masks: inMasks, initialState: initialState.length ? initialState : undefined });
    } else {
      result = layer.invoke(ins[0]!, { training: isTraining, mask: inMasks[0]!, initialState: initialState.length ? initialState : undefined });
    }
    const outs = Array.isArray(result) ? result : [result];
    if (outs.length !== node.outputs.length) {
      throw new ValueError(`${where}: layer '${layer.name}' returned ${outs.length} tensors where the graph expects ${node.outputs.length}`);
    }
    const mask = layer.computeMask(node.inputIsList ? ins : ins[0]!, node.inputIsList ? inMasks : inMasks[0]!);
    node.outputs.forEach((s, i) => {
      values.set(s.id, outs[i]!);
      masks.set(s.id, i === 0 ? mask : null);
    });
  }
  return { outputs: graph.outputs.map(value), masks: graph.outputs.map((s) => masks.get(s.id) ?? null) };
}
