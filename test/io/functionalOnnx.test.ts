/**
 * ONNX export of functional models: a chain exports as the Sequential model of its layers and
 * runs in onnxruntime like `predict`; any other graph is refused naming the layer that leaves
 * the chain.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, exportOnnxBytes, input, layers, model, sequential, setSeed, tensor, type SymbolicTensor } from '../../src/index.js';
import { UnsupportedModelError } from '../../src/io/layerRegistry.js';
import { onnxExportIssues } from '../../src/io/onnx/export.js';
import { runOrt, values } from './onnx/helpers.js';

test('a functional chain exports the same ONNX graph as the Sequential model of its layers, and runs like predict', async () => {
  setSeed(41);
  const x = input({ shape: [6, 3], name: 'series' });
  const lstm = layers.lstm({ units: 5, returnSequences: true, name: 'l1' });
  const gru = layers.gru({ units: 4, name: 'g1' });
  const dense = layers.dense({ units: 2, activation: 'softmax', name: 'd1' });
  const out = dense.apply(gru.apply(lstm.apply(x) as SymbolicTensor) as SymbolicTensor) as SymbolicTensor;
  const fn = model({ inputs: x, outputs: out, name: 'm' });
  const seq = sequential({ layers: [lstm, gru, dense], name: 'm' });
  const docString = 'same';
  assert.deepEqual(exportOnnxBytes(fn, { docString }), exportOnnxBytes(seq, { docString }));
  const xs = tensor(values(2 * 6 * 3, 7), [2, 6, 3]);
  const run = await runOrt(exportOnnxBytes(fn), xs);
  const want = (fn.predict(xs) as Tensor).data;
  const err = Math.max(...Array.from(run.data, (v, i) => Math.abs(v - want[i]!)));
  assert.ok(err < 1e-5, `max error ${err}`);
});

test('graphs beyond a chain export (test/io/functionalOnnxGraph.test.ts runs them); what ONNX cannot hold is refused by layer', () => {
  setSeed(42);
  const a = input({ shape: [5, 3], name: 'enc_in' });
  const b = input({ shape: [4, 2], name: 'dec_in' });
  const [, h, c] = layers.lstm({ units: 4, returnState: true, name: 'encoder' }).apply(a) as SymbolicTensor[];
  const seq = layers.lstm({ units: 4, name: 'decoder' }).apply(b, { initialState: [h!, c!] }) as SymbolicTensor;
  assert.deepEqual(onnxExportIssues(model({ inputs: [a, b], outputs: seq })), []);
  const tokens = input({ shape: [5], name: 'tokens' });
  const embedded = layers.embedding({ inputDim: 9, outputDim: 3, maskZero: true }).apply(tokens) as SymbolicTensor;
  const projected = layers.dense({ units: 3 }).apply(embedded) as SymbolicTensor;
  const masked = model({ inputs: tokens, outputs: layers.add({ name: 'plus' }).apply([embedded, projected]) as SymbolicTensor });
  assert.match(onnxExportIssues(masked).join('\n'), /layer 'plus' \(Add\): a mask .*reaches it/);
  assert.throws(() => exportOnnxBytes(masked), (e: Error) => e instanceof UnsupportedModelError && /'plus'/.test(e.message));
});
