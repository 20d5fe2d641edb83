/**
 * Gate activations of a trained text model over a string: the text is encoded with the
 * model's own vocabulary, embedded by its Embedding layer, and the first LSTM layer is run
 * step by step with the worked-cell equations, keeping every gate at every step. The result
 * is drawn as heatmaps (one per gate; rows are units, columns are the characters).
 */
import { ValueError } from '../tensor/errors.js';
import { Embedding } from '../layers/embedding.js';
import { LSTM } from '../layers/lstm.js';
import { type GateTrace, lstmCellWeightsFromLayer, traceLstmGates } from '../explain/gateTrace.js';
import { heatmapSvg } from '../viz/index.js';
import { loadTextGenerator } from './textgen/sample.js';

export interface SequenceExplanation {
  tokens: string[];
  trace: GateTrace;
  units: number;
  /** Units shown in the heatmaps (the most active ones when there are many). */
  shownUnits: number[];
  svg: Record<'inputGate' | 'forgetGate' | 'outputGate' | 'cellState', string>;
}

/** Explains `text` through the first LSTM of the model saved in `dir`. @example await explainSequence('lstm-demo-out/model', 'the whale') */
export async function explainSequence(dir: string, text: string, maxUnits = 16): Promise<SequenceExplanation> {
  if (text.length === 0) throw new ValueError("explainSequence: argument 'text' is empty");
  const { generator, vocabulary, lower } = await loadTextGenerator(dir);
  const layers = generator.model.layers;
  const embedding = layers[0];
  const lstm = layers.find((l): l is LSTM => l instanceof LSTM);
  if (!(embedding instanceof Embedding) || !lstm || layers.indexOf(lstm) !== 1) {
    throw new ValueError(`explainSequence: '${dir}' expected Embedding then LSTM as the first two layers, got ${layers.slice(0, 2).map((l) => l.className).join(', ')}`);
  }
  const ids = Array.from(vocabulary.encode(lower ? text.toLowerCase() : text));
  const table = embedding.embeddings!;
  const dim = table.shape[1]!;
  const inputs = ids.map((id) => Array.from(table.data.subarray(id * dim, (id + 1) * dim)));
  const cell = lstmCellWeightsFromLayer(lstm);
  const trace = traceLstmGates(cell, inputs, undefined, undefined, { recurrentActivation: cell.recurrentActivation });
  const units = lstm.units;
  // Show the units whose cell state moves most over the text.
  const spread = Array.from({ length: units }, (_, u) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const row of trace.c) {
      lo = Math.min(lo, row[u]!);
      hi = Math.max(hi, row[u]!);
    }
    return hi - lo;
  });
  const shownUnits = spread
    .map((s, u) => [s, u] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, Math.min(maxUnits, units))
    .map(([, u]) => u)
    .sort((a, b) => a - b);
  const tokens = ids.map((id) => vocabulary.tokenOf(id));
  const columns = tokens.map((t) => (t === ' ' ? '␣' : t === '\n' ? '⏎' : t));
  const rows = shownUnits.map((u) => `unit ${u}`);
  const pick = (m: number[][]) => shownUnits.map((u) => m.map((row) => row[u]!));
  const draw = (title: string, values: number[][], domain: [number, number]) =>
    heatmapSvg({ title, rows, columns, values, domain, xTitle: 'input', yTitle: 'unit' });
  // A loop, not Math.max(...): one argument per token and unit overflows the stack on long texts.
  let cMax = 1e-6;
  for (const row of pick(trace.c)) for (const v of row) cMax = Math.max(cMax, Math.abs(v));
  const svg = {
    inputGate: await draw('input gate i', pick(trace.i), [0, 1]),
    forgetGate: await draw('forget gate f', pick(trace.f), [0, 1]),
    outputGate: await draw('output gate o', pick(trace.o), [0, 1]),
    cellState: await draw('cell state c', pick(trace.c), [-cMax, cMax]),
  };
  return { tokens, trace, units, shownUnits, svg };
}
