/** rnn models in the tfjs format: a stack of cells (each cell has a kernel) and an rnn fed an encoder's states. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, sequential, io, input, model, setSeed, type SymbolicTensor, type Tensor } from '../../src/index.js';

test('an rnn over a stack of cells saves every cell\'s weights under its own name and loads to the same predictions', () => {
  setSeed(5);
  const m = sequential({ layers: [layers.rnn({ cell: layers.stackedRNNCells({ cells: [layers.lstmCell({ units: 2 }), layers.gruCell({ units: 3 })] }), inputShape: [4, 2] })] });
  const artifacts = io.saveToMemory(m);
  const names = artifacts.weightSpecs.map((w) => w.name);
  assert.equal(new Set(names).size, names.length, names.join(', '));
  const back = io.loadFromMemory(artifacts).model;
  const x = [[[1, 2], [3, 4], [5, 6], [7, 8]], [[0, 1], [1, 0], [0, 0], [1, 1]]];
  assert.deepEqual((back.predict(x) as Tensor).toArray(), m.predict(x).toArray());
});

test('a functional model whose rnn takes an encoder\'s states saves and loads', () => {
  setSeed(6);
  const enc = input({ shape: [4, 2] });
  const dec = input({ shape: [3, 2] });
  const [, h, c] = layers.lstm({ units: 3, returnState: true }).apply(enc) as SymbolicTensor[];
  const out = layers.rnn({ cell: layers.lstmCell({ units: 3 }), returnSequences: true }).apply(dec, { initialState: [h!, c!] }) as SymbolicTensor;
  const m = model({ inputs: [enc, dec], outputs: out });
  const back = io.loadFromMemory(io.saveToMemory(m)).model;
  const xe = [[[1, 2], [3, 4], [5, 6], [7, 8]]];
  const xd = [[[1, 0], [0, 1], [1, 1]]];
  assert.deepEqual((back.predict([xe, xd]) as Tensor).toArray(), (m.predict([xe, xd]) as Tensor).toArray());
});
