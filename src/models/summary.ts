/** `model.summary()` text, laid out as Keras 2 prints it. */
import type { Layer, Shape } from '../layers/layer.js';

/** A shape as Keras prints it: `(None, 10)`, a list for several outputs. */
export function formatKerasShape(shape: Shape | Shape[]): string {
  const one = (s: Shape) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
  return Array.isArray(shape[0]) ? `[${(shape as Shape[]).map(one).join(', ')}]` : one(shape as Shape);
}

export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** One table row: each field cut or padded to end at its column position. */
export function row(fields: string[], positions: number[]): string {
  let line = '';
  fields.forEach((field, i) => {
    line += ` ${field}`;
    line = line.slice(0, positions[i]!).padEnd(positions[i]!, ' ');
  });
  return line.trimEnd();
}

/** Builds the summary lines for layers with their output shapes. */
export function summaryLines(
  modelName: string,
  layers: readonly Layer[],
  outputShapes: readonly (Shape | Shape[])[],
  lineLength = 65,
): string[] {
  const positions = [0.45, 0.85, 1].map((p) => Math.floor(lineLength * p));
  const lines = [`Model: "${modelName}"`, '_'.repeat(lineLength)];
  lines.push(row(['Layer (type)', 'Output Shape', 'Param #'], positions));
  lines.push('='.repeat(lineLength));
  layers.forEach((layer, i) => {
    lines.push(row([`${layer.name} (${layer.className})`, formatKerasShape(outputShapes[i]!), String(layer.countParams())], positions));
    lines.push(i === layers.length - 1 ? '='.repeat(lineLength) : '');
  });
  const total = layers.reduce((n, l) => n + l.countParams(), 0);
  const trainable = layers.reduce((n, l) => n + l.trainableWeights.reduce((m, v) => m + v.value.size, 0), 0);
  lines.push(`Total params: ${thousands(total)}`);
  lines.push(`Trainable params: ${thousands(trainable)}`);
  lines.push(`Non-trainable params: ${thousands(total - trainable)}`);
  lines.push('_'.repeat(lineLength));
  return lines;
}
