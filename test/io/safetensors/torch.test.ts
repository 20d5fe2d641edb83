/**
 * PyTorch state dicts written by an independent generator (test/fixtures/torch_interop/
 * generate.py: nn.LSTM / nn.GRU / nn.RNN, stacked, bidirectional, nested modules, F32, F64
 * and F16 files) imported into equivalent lstm-ts models: the outputs must match torch's to
 * 1e-5.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, setSeed, type Sequential, type NestedArray } from '../../../src/index.js';
import { importPyTorchState, type ImportPyTorchOptions } from '../../../src/io/safetensors/index.js';
import { loadPyTorchStateFile } from '../../../src/io/safetensors/node.js';

const DIR = join(import.meta.dirname, '../../fixtures/torch_interop');

interface Case {
  file: string;
  dtype: string;
  keys: Record<string, number[]>;
  input: NestedArray;
  output: NestedArray;
}
const fixtures = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { torch_version: string; cases: Record<string, Case> };

const flat = (a: NestedArray): number[] => (Array.isArray(a) ? a.flatMap(flat) : [a]);
const measured = new Map<string, number>();

/** The lstm-ts model and name options for each generator case. */
const builders: Record<string, () => { model: Sequential; options: ImportPyTorchOptions }> = {
  lstm_stacked: () => ({
    model: sequential({ layers: [
      layers.lstm({ units: 5, returnSequences: true, inputShape: [null, 3], name: 'lstm' }),
      layers.lstm({ units: 5, name: 'lstm_1' }),
      layers.dense({ units: 2, name: 'dense' }),
    ] }),
    options: { modules: { lstm: 'rnn', lstm_1: { module: 'rnn', layer: 1 }, dense: 'fc' } },
  }),
  gru_bidirectional: () => ({
    model: sequential({ layers: [
      layers.embedding({ inputDim: 10, outputDim: 4, inputShape: [null], name: 'embedding' }),
      layers.bidirectional({ layer: layers.gru({ units: 3, returnSequences: true }), name: 'bidirectional' }),
      layers.bidirectional({ layer: layers.gru({ units: 3 }), name: 'bidirectional_1' }),
      layers.dense({ units: 3, activation: 'softmax', name: 'dense' }),
    ] }),
    options: { modules: { bidirectional: 'gru', bidirectional_1: { module: 'gru', layer: 1 }, dense: 'head' } },
  }),
  rnn_relu_nested: () => ({
    model: sequential({ layers: [
      layers.simpleRNN({ units: 4, activation: 'relu', returnSequences: true, inputShape: [null, 2], name: 'simple_rnn' }),
      layers.timeDistributed({ layer: layers.dense({ units: 2, name: 'dense' }), name: 'time_distributed' }),
    ] }),
    // The inner layer's name works for a TimeDistributed layer too.
    options: { modules: { simple_rnn: 'encoder.rnn', dense: 'proj.' } },
  }),
  lstm_bidirectional_nobias_prefixed: () => ({
    model: sequential({ layers: [
      layers.bidirectional({ layer: layers.lstm({ units: 4, useBias: false, returnSequences: true }), inputShape: [null, 3], name: 'bidirectional' }),
      layers.layerNormalization({ epsilon: 1e-5, name: 'layer_normalization' }),
      layers.dense({ units: 1, name: 'dense' }),
    ] }),
    options: { prefix: 'model.', modules: { bidirectional: 'lstm', layer_normalization: 'norm', dense: 'out' } },
  }),
  gru_bare: () => ({
    model: sequential({ layers: [layers.gru({ units: 4, returnSequences: true, inputShape: [null, 3], name: 'gru' })] }),
    options: { modules: { gru: '' } },
  }),
};

test('every generator case has a builder', () => {
  assert.deepEqual(Object.keys(fixtures.cases).sort(), Object.keys(builders).sort());
  assert.deepEqual([...new Set(Object.values(fixtures.cases).map((c) => c.dtype))].sort(), ['F16', 'F32', 'F64']);
});

for (const [name, c] of Object.entries(fixtures.cases)) {
  test(`${name} (${c.dtype}, torch ${fixtures.torch_version}): imported weights reproduce torch's output`, () => {
    setSeed(1);
    const { model, options } = builders[name]!();
    const bytes = readFileSync(join(DIR, c.file));
    const before = model.getWeights().map((w) => Array.from(w.data));
    const result = importPyTorchState(bytes, model, { ...options, source: c.file });
    assert.deepEqual([...result.loaded].sort(), Object.keys(c.keys).sort(), 'every key of the file is read');
    assert.notDeepEqual(model.getWeights().map((w) => Array.from(w.data)), before);
    const got = model.predict(c.input);
    const want = flat(c.output);
    assert.equal(got.size, want.length);
    let max = 0;
    want.forEach((v, i) => (max = Math.max(max, Math.abs(v - got.data[i]!))));
    measured.set(name, max);
    assert.ok(max <= 1e-5, `${name}: max |lstm-ts - torch| = ${max}`);
  });
}

test('loadPyTorchStateFile reads a file and names it in errors', async () => {
  const { model, options } = builders['lstm_stacked']!();
  const path = join(DIR, 'lstm_stacked.safetensors');
  const r = await loadPyTorchStateFile(path, model, options);
  assert.equal(r.loaded.length, 10);
  const wrong = builders['gru_bare']!();
  await assert.rejects(loadPyTorchStateFile(path, wrong.model, wrong.options), (e: Error) => {
    assert.ok(e.message.includes(path), e.message);
    assert.match(e.message, /missing key 'weight_ih_l0' \(shape \[12, 3\], for layer 'gru'\)/);
    assert.match(e.message, /keys no layer reads: 'rnn\.weight_ih_l0'/);
    return true;
  });
  await assert.rejects(loadPyTorchStateFile(join(DIR, 'nope.safetensors'), model), /safetensors file '.*nope\.safetensors' does not exist/);
});

after(() => {
  console.log(`# torch interop: ${[...measured].map(([n, d]) => `${n} ${d.toExponential(2)}`).join(', ')}`);
});
