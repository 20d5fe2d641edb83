/**
 * `summary()` of a graph, as Keras prints a functional model: one row per layer with its
 * output shape, parameter count and the layers feeding it (`name[node][output]`).
 */
import type { Shape } from '../../layers/layer.js';
import type { SymbolicTensor } from '../../layers/symbolicTensor.js';
import { formatKerasShape, row, thousands } from '../summary.js';
import { type Graph, nodeSources } from './topology.js';

function source(s: SymbolicTensor): string {
  return `${s.sourceLayer.name}[${s.node.index}][${s.outputIndex}]`;
}

/** The summary lines of `graph`: Layer (type), Output Shape, Param #, Connected to. */
export function functionalSummaryLines(modelName: string, graph: Graph, lineLength = 98): string[] {
  const positions = [0.33, 0.55, 0.67, 1].map((p) => Math.floor(lineLength * p));
  const lines = [`Model: "${modelName}"`, '_'.repeat(lineLength)];
  lines.push(row(['Layer (type)', 'Output Shape', 'Param #', 'Connected to'], positions));
  lines.push('='.repeat(lineLength));
  const inputNodes = graph.inputs.map((s) => s.node);
  const nodes = [...inputNodes, ...graph.nodes];
  // A shared layer is listed once with every call's sources, as Keras lists its inbound nodes.
  graph.layers.forEach((layer, i) => {
    const calls = nodes.filter((n) => n.layer === layer);
    const shapes = calls[0]!.outputs.map((s) => s.shape);
    const shape: Shape | Shape[] = shapes.length === 1 ? shapes[0]! : shapes;
    const sources = calls.flatMap((n) => nodeSources(n).map(source));
    lines.push(row([`${layer.name} (${layer.className})`, formatKerasShape(shape), String(layer.countParams()), sources[0] ?? ''], positions));
    for (const extra of sources.slice(1)) lines.push(row(['', '', '', extra], positions));
    lines.push(i === graph.layers.length - 1 ? '='.repeat(lineLength) : '_'.repeat(lineLength));
  });
  const total = graph.layers.reduce((n, l) => n + l.countParams(), 0);
  const trainable = graph.layers.reduce((n, l) => n + l.trainableWeights.reduce((m, v) => m + v.value.size, 0), 0);
  lines.push(`Total params: ${thousands(total)}`);
  lines.push(`Trainable params: ${thousands(trainable)}`);
  lines.push(`Non-trainable params: ${thousands(total - trainable)}`);
  lines.push('_'.repeat(lineLength));
  return lines;
}
