/**
 * Through the universal entry only (what browsers get), tensorBoard loads and checks its
 * options, and training with it says which import writes files. node --test runs this file in
 * a process of its own, so nothing has installed the Node support here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callbacks, layers, sequential, tensor } from '../../src/index.js';

test('universal entry: tensorBoard fails at train begin, naming the Node import', async () => {
  const board = callbacks.tensorBoard({ logDir: 'logs/never-written', histogramFreq: 1 });
  const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await assert.rejects(
    model.fit(tensor([[1]]), tensor([[1]]), { epochs: 1, verbose: 0, callbacks: [board] }),
    /^ValueError: tensorBoard: writing TensorBoard event files needs Node's file system, .* in Node import 'lstm-ts'/,
  );
});
