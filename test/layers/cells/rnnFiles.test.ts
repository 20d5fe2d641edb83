/**
 * RNN layers with cells in the tfjs / Keras layers format: TensorFlow.js 4.22 reads what we
 * write and we read what it writes (a subprocess: tfjs patches globals); configs round-trip,
 * stacks included; Keras's own RNN config reads; a user cell, or a subclass of a built-in one,
 * is refused at save time with a message saying why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { setSeed } from '../../../src/tensor/random.js';
import { layerFromConfig, layerToConfig } from '../../../src/io/layerRegistry.js';
import { modelFromArtifacts, modelToArtifacts } from '../../../src/io/modelArtifacts.js';
import { sequential } from '../../../src/models/sequential.js';
import { rnn, RNN } from '../../../src/layers/rnn.js';
import { dense } from '../../../src/layers/dense.js';
import { LSTMCell, lstmCell } from '../../../src/layers/cells/lstmCell.js';
import { gruCell } from '../../../src/layers/cells/gruCell.js';
import { simpleRNNCell } from '../../../src/layers/cells/simpleRnnCell.js';
import { StackedRNNCells } from '../../../src/layers/stackedRnnCells.js';
import { PeepholeLSTMCell } from '../../../examples/peepholeLstm.js';

test('TensorFlow.js 4.22 and lstm-ts read each other\'s RNN(LSTMCell / GRUCell / SimpleRNNCell) models and predict alike', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/layers/cells/fixtures/tfjs_rnn.mjs'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('{"cases"'));
  assert.ok(line, r.stdout);
  const { cases } = JSON.parse(line) as { cases: { name: string; direction: string; maxDiff?: number; error?: string; classes?: string[] }[] };
  assert.equal(cases.length, 6);
  for (const c of cases) {
    assert.equal(c.error, undefined, `${c.name} (${c.direction}): ${c.error}`);
    assert.ok(c.maxDiff! < 1e-6, `${c.name} (${c.direction}): predictions differ by ${c.maxDiff}`);
    assert.match(c.classes![0]!, /^RNN\((LSTM|GRU|SimpleRNN)Cell\)$/, `${c.name}: read as ${c.classes}`);
  }
});

test('an rnn(cell) model round-trips through model artifacts with bit-identical predictions', () => {
  setSeed(3);
  const model = sequential({ layers: [rnn({ cell: gruCell({ units: 3 }), returnSequences: true, inputShape: [4, 2] }), rnn({ cell: lstmCell({ units: 2, dropout: 0.1 }) }), dense({ units: 1 })] });
  const x = tensor(Array.from({ length: 16 }, (_, i) => Math.cos(i)), [2, 4, 2]);
  const back = modelFromArtifacts(modelToArtifacts(model));
  assert.deepEqual(back.layers.map((l) => l.className), ['RNN', 'RNN', 'Dense']);
  assert.deepEqual((back.layers[1] as RNN).cell.getConfig(), (model.layers[1] as RNN).cell.getConfig());
  assert.deepEqual([...(back.predict(x) as Tensor).data], [...(model.predict(x) as Tensor).data]);
});

test('configs round-trip: stacked cells, go_backwards, stateful; tfjs key order with the cell keys merged in', () => {
  const layer = rnn({ cell: [lstmCell({ units: 4 }), simpleRNNCell({ units: 2, activation: 'relu' })], goBackwards: true, returnState: true, batchInputShape: [3, 5, 2], stateful: true });
  const cfg = layerToConfig(layer);
  assert.equal(cfg.class_name, 'RNN');
  assert.deepEqual(Object.keys(cfg.config), ['name', 'trainable', 'cells', 'batch_input_shape', 'dtype', 'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll', 'cell']);
  const cell = cfg.config['cell'] as { class_name: string; config: { cells: { class_name: string }[] } };
  assert.equal(cell.class_name, 'StackedRNNCells');
  assert.deepEqual(cell.config.cells.map((c) => c.class_name), ['LSTMCell', 'SimpleRNNCell']);
  const back = layerFromConfig(cfg) as RNN;
  assert.ok(back.cell instanceof StackedRNNCells);
  assert.deepEqual(layerToConfig(back), cfg);
  const single = layerToConfig(rnn({ cell: gruCell({ units: 3, resetAfter: false }) })).config;
  assert.deepEqual(Object.keys(single).slice(0, 4), ['name', 'trainable', 'units', 'activation']);
  assert.equal(single['reset_after'], false);
});

test("Keras's RNN config (no merged keys, time_major, Keras 3 bookkeeping) reads", () => {
  const layer = layerFromConfig({
    class_name: 'RNN',
    config: {
      name: 'rnn_k', trainable: true, dtype: 'float32', return_sequences: true, return_state: false, go_backwards: false,
      stateful: false, unroll: false, time_major: false, zero_output_for_mask: false,
      cell: {
        module: 'keras.layers', class_name: 'LSTMCell', registered_name: null,
        config: { name: 'lstm_cell', trainable: true, dtype: 'float32', units: 5, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, unit_forget_bias: true, dropout: 0, recurrent_dropout: 0, seed: null, implementation: 2 },
      },
    },
  }) as RNN;
  assert.ok(layer.cell instanceof LSTMCell);
  assert.equal(layer.units, 5);
  assert.equal(layer.returnSequences, true);
  assert.throws(
    () => layerFromConfig({ class_name: 'RNN', config: { name: 'r', cell: { class_name: 'PeepholeLSTMCell', config: { units: 2 } } } }),
    /unknown cell class 'PeepholeLSTMCell'.*user-defined cells cannot be read/,
  );
});

test('saving an RNN with a user cell, or with a subclass of a built-in cell, is refused naming the cell', () => {
  assert.throws(() => layerToConfig(rnn({ cell: new PeepholeLSTMCell({ units: 2 }) })), /cell PeepholeLSTMCell '.*' is not a built-in cell; lstm-ts saves RNN layers whose cell is LSTMCell, GRUCell, SimpleRNNCell/);
  class MyLstmCell extends LSTMCell {}
  assert.throws(() => layerToConfig(rnn({ cell: new MyLstmCell({ units: 2 }) })), /cell LSTMCell '.*' is not a built-in cell/);
  const model = sequential({ layers: [rnn({ cell: new PeepholeLSTMCell({ units: 2 }), inputShape: [3, 1] })] });
  assert.throws(() => modelToArtifacts(model), /PeepholeLSTMCell/);
});
