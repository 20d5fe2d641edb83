/**
 * exportSafetensors → importPyTorchState gives back identical weights for every layer kind
 * PyTorch can hold, and what lstm-ts writes is laid out exactly as PyTorch's own state dicts
 * (checked against the independent generator's files).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, setSeed, type Sequential } from '../../../src/index.js';
import type { Layer } from '../../../src/layers/index.js';
import { exportSafetensors, importPyTorchState, parseSafetensors } from '../../../src/io/safetensors/index.js';
import { saveSafetensors, loadPyTorchStateFile } from '../../../src/io/safetensors/node.js';
import { tempDir } from '../helpers.js';

const DIR = join(import.meta.dirname, '../../fixtures/torch_interop');

function build(seed: number, make: () => Layer[]): Sequential {
  setSeed(seed);
  return sequential({ layers: make() });
}

const models: Record<string, () => Layer[]> = {
  'LSTM stacked, with and without bias': () => [
    layers.lstm({ units: 4, inputShape: [null, 3], returnSequences: true, name: 'l0' }),
    layers.lstm({ units: 3, useBias: false, name: 'l1' }),
    layers.dense({ units: 2, name: 'fc' }),
  ],
  'GRU resetAfter, goBackwards, Dense without bias': () => [
    layers.gru({ units: 4, inputShape: [null, 3], goBackwards: true, name: 'g' }),
    layers.dense({ units: 2, useBias: false, name: 'fc' }),
  ],
  'SimpleRNN relu + TimeDistributed(Dense)': () => [
    layers.simpleRNN({ units: 4, activation: 'relu', inputShape: [null, 3], returnSequences: true, name: 'r' }),
    layers.timeDistributed({ layer: layers.dense({ units: 2 }), name: 'td' }),
  ],
  'Embedding + Bidirectional LSTM/GRU (one wraps a goBackwards layer) + LayerNormalization': () => [
    layers.embedding({ inputDim: 7, outputDim: 3, inputShape: [null], name: 'emb' }),
    layers.bidirectional({ layer: layers.lstm({ units: 3, returnSequences: true }), mergeMode: 'sum', name: 'bi0' }),
    layers.bidirectional({ layer: layers.gru({ units: 2, goBackwards: true, returnSequences: true }), name: 'bi1' }),
    layers.layerNormalization({ name: 'ln' }),
    layers.bidirectional({ layer: layers.simpleRNN({ units: 2 }), name: 'bi2' }),
  ],
};

for (const [name, make] of Object.entries(models)) {
  for (const dtype of ['F32', 'F64'] as const) {
    test(`${name}: export (${dtype}) then import restores every weight exactly`, () => {
      const source = build(1, make);
      // Non-zero everywhere, so a dropped or swapped tensor shows.
      source.setWeights(source.getWeights().map((w) => Array.from(w.data, (_, i) => Math.sin(i * 1.7 + w.size) * 0.9)));
      const bytes = exportSafetensors(source, { dtype, prefix: 'net.' });
      const parsed = parseSafetensors(bytes);
      assert.equal(parsed.metadata['format'], 'pt');
      assert.ok([...parsed.tensors.values()].every((t) => t.dtype === dtype));
      const target = build(2, make);
      assert.notDeepEqual(target.getWeights().map((w) => Array.from(w.data)), source.getWeights().map((w) => Array.from(w.data)));
      const r = importPyTorchState(bytes, target, { prefix: 'net.' });
      assert.deepEqual(r.unused, []);
      assert.deepEqual(r.loaded, [...parsed.tensors.keys()]);
      assert.deepEqual(target.getWeights().map((w) => Array.from(w.data)), source.getWeights().map((w) => Array.from(w.data)));
    });
  }
}

test('the exported layout is PyTorch\'s: keys, shapes and values as in the generator\'s files', () => {
  // GRU maps exactly (both biases kept), so every exported tensor equals torch's.
  setSeed(1);
  const gru = sequential({ layers: [
    layers.embedding({ inputDim: 10, outputDim: 4, inputShape: [null], name: 'embedding' }),
    layers.bidirectional({ layer: layers.gru({ units: 3, returnSequences: true }), name: 'bi' }),
    layers.bidirectional({ layer: layers.gru({ units: 3 }), name: 'bi_1' }),
    layers.dense({ units: 3, activation: 'softmax', name: 'head' }),
  ] });
  const modules = { bi: 'gru', bi_1: { module: 'gru', layer: 1 } };
  const torchFile = parseSafetensors(readFileSync(join(DIR, 'gru_bidirectional.safetensors')));
  importPyTorchState(readFileSync(join(DIR, 'gru_bidirectional.safetensors')), gru, { modules });
  const ours = parseSafetensors(exportSafetensors(gru, { modules, dtype: 'F64' }));
  assert.deepEqual([...ours.tensors.keys()].sort(), [...torchFile.tensors.keys()].sort());
  for (const [k, t] of torchFile.tensors) {
    const mine = ours.tensors.get(k)!;
    assert.deepEqual(mine.shape, t.shape, k);
    const a = mine.values();
    const b = t.values();
    // The model holds float32, so values agree to float32 rounding.
    b.forEach((v, i) => assert.equal(a[i], Math.fround(v), `${k}[${i}]`));
  }

  // LSTM: weights as torch's; bias_ih carries the sum of torch's two biases, bias_hh is 0.
  setSeed(1);
  const lstm = sequential({ layers: [
    layers.lstm({ units: 5, returnSequences: true, inputShape: [null, 3], name: 'lstm' }),
    layers.lstm({ units: 5, name: 'lstm_1' }),
    layers.dense({ units: 2, name: 'fc' }),
  ] });
  const lstmModules = { lstm: 'rnn', lstm_1: { module: 'rnn', layer: 1 } };
  const torchLstm = parseSafetensors(readFileSync(join(DIR, 'lstm_stacked.safetensors')));
  importPyTorchState(readFileSync(join(DIR, 'lstm_stacked.safetensors')), lstm, { modules: lstmModules });
  const mine = parseSafetensors(exportSafetensors(lstm, { modules: lstmModules }));
  assert.deepEqual([...mine.tensors.keys()], [...torchLstm.tensors.keys()]);
  for (const [k, t] of torchLstm.tensors) {
    const a = mine.tensors.get(k)!.values();
    const b = t.values();
    if (k.includes('bias_hh')) assert.ok(a.every((v) => v === 0), k);
    else if (k.includes('bias_ih')) {
      const hh = torchLstm.tensors.get(k.replace('bias_ih', 'bias_hh'))!.values();
      b.forEach((v, i) => assert.equal(a[i], Math.fround(Math.fround(v) + Math.fround(hh[i]!)), `${k}[${i}]`));
    } else b.forEach((v, i) => assert.equal(a[i], v, `${k}[${i}]`));
  }
});

test('saveSafetensors writes a file loadPyTorchStateFile reads back', async () => {
  const dir = tempDir('lstm-ts-safetensors-');
  const source = build(5, models['LSTM stacked, with and without bias']!);
  const path = join(dir, 'sub', 'net.safetensors');
  const { bytes } = await saveSafetensors(source, path, { modules: { l0: 'rnn', l1: { module: 'rnn', layer: 1 } } });
  assert.equal(readFileSync(path).length, bytes);
  const target = build(6, models['LSTM stacked, with and without bias']!);
  await loadPyTorchStateFile(path, target, { modules: { l0: 'rnn', l1: { module: 'rnn', layer: 1 } } });
  assert.deepEqual(target.getWeights().map((w) => Array.from(w.data)), source.getWeights().map((w) => Array.from(w.data)));
  await assert.rejects(saveSafetensors(source, ''), /argument 'path' expected a file path/);
});
