/**
 * `fit({ resumeFrom })`: a run stopped after a checkpoint and continued in a NEW model object
 * (other layer names, other random state) ends bit-identical to a run that never stopped:
 * same weights, same History, with dropout, recurrent dropout, shuffling, validation and Adam.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { callbacks, layers, optimizers, sequential, setSeed, type Sequential, type Tensor } from '../../src/index.node.js';
import { input, tempDir } from '../io/helpers.js';

const x = input([24, 6, 3], 11);
const y = input([24, 2], 12);

function build(): Sequential {
  const model = sequential({
    layers: [
      layers.lstm({ units: 5, inputShape: [6, 3], dropout: 0.2, recurrentDropout: 0.3, returnSequences: true }),
      layers.gru({ units: 4, dropout: 0.1 }),
      layers.dropout({ rate: 0.25 }),
      layers.dense({ units: 2 }),
    ],
  });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'meanSquaredError', metrics: ['mae'] });
  return model;
}

const fitArgs = { batchSize: 5, validationSplit: 0.25, verbose: 0 as const };

function bytesOf(weights: Tensor[]): Buffer[] {
  return weights.map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength));
}

test('train 4 epochs == train 2 with a checkpoint, then resume 2 in a new model object: bit-identical', async () => {
  setSeed(7);
  const straight = build();
  const full = await straight.fit(x, y, { ...fitArgs, epochs: 4 });

  const dir = tempDir();
  const ckpt = join(dir, 'ckpt');
  setSeed(7);
  const first = build();
  await first.fit(x, y, { ...fitArgs, epochs: 2, callbacks: [callbacks.modelCheckpoint({ filepath: ckpt })] });

  setSeed(12345); // a different stream: resumeFrom must restore the checkpoint's
  const second = build();
  assert.notEqual(second.layers[0]!.name, first.layers[0]!.name, 'the new model has other layer names');
  const resumed = await second.fit(x, y, { ...fitArgs, epochs: 4, resumeFrom: ckpt });

  assert.deepEqual(bytesOf(second.getWeights()), bytesOf(straight.getWeights()));
  assert.deepEqual(resumed.epoch, [0, 1, 2, 3]);
  assert.deepEqual(resumed.epoch, full.epoch);
  assert.deepEqual(resumed.history, full.history);
  assert.equal(second.optimizer.iterations, straight.optimizer.iterations);
  assert.deepEqual(second.optimizer.getState().slots[second.trainableWeights[0]!.name], straight.optimizer.getState().slots[straight.trainableWeights[0]!.name]);
});

test('resuming from every epoch of a per-epoch checkpoint series gives the same end', async () => {
  setSeed(3);
  const straight = build();
  const full = await straight.fit(x, y, { ...fitArgs, epochs: 3 });
  const dir = tempDir();
  setSeed(3);
  await build().fit(x, y, { ...fitArgs, epochs: 3, callbacks: [callbacks.modelCheckpoint({ filepath: join(dir, 'e{epoch:02d}') })] });
  for (const name of ['e01', 'e02', 'e03']) {
    const model = build();
    const h = await model.fit(x, y, { ...fitArgs, epochs: 3, resumeFrom: join(dir, name) });
    assert.deepEqual(bytesOf(model.getWeights()), bytesOf(straight.getWeights()), name);
    assert.deepEqual(h.history, full.history, name);
  }
});

test('a resumed run can checkpoint again and be resumed again', async () => {
  setSeed(5);
  const straight = build();
  await straight.fit(x, y, { ...fitArgs, epochs: 3, shuffle: true });
  const ckpt = join(tempDir(), 'ckpt');
  setSeed(5);
  await build().fit(x, y, { ...fitArgs, epochs: 1, callbacks: [callbacks.modelCheckpoint({ filepath: ckpt })] });
  await build().fit(x, y, { ...fitArgs, epochs: 2, resumeFrom: ckpt, callbacks: [callbacks.modelCheckpoint({ filepath: ckpt })] });
  const last = build();
  const h = await last.fit(x, y, { ...fitArgs, epochs: 3, resumeFrom: ckpt });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  assert.deepEqual(bytesOf(last.getWeights()), bytesOf(straight.getWeights()));
});

test('resumeFrom checks the compile config, the architecture and initialEpoch before changing anything', async () => {
  const ckpt = join(tempDir(), 'ckpt');
  setSeed(1);
  await build().fit(x, y, { ...fitArgs, epochs: 1, callbacks: [callbacks.modelCheckpoint({ filepath: ckpt })] });

  const sgdModel = build();
  sgdModel.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
  await assert.rejects(sgdModel.fit(x, y, { ...fitArgs, epochs: 2, resumeFrom: ckpt }), /option 'resumeFrom': checkpoint '.*ckpt' was trained with optimizer "Adam", but the model is compiled with "SGD"/);

  const beta = build();
  beta.compile({ optimizer: optimizers.adam({ learningRate: 0.01, beta1: 0.5 }), loss: 'meanSquaredError', metrics: ['mae'] });
  await assert.rejects(beta.fit(x, y, { ...fitArgs, epochs: 2, resumeFrom: ckpt }), /another Adam configuration \(beta1: 0\.9 in the checkpoint, 0\.5 here\)/);

  const lossModel = build();
  lossModel.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'meanAbsoluteError', metrics: ['mae'] });
  await assert.rejects(lossModel.fit(x, y, { ...fitArgs, epochs: 2, resumeFrom: ckpt }), /was trained with loss "meanSquaredError", but the model is compiled with "meanAbsoluteError"/);

  const other = sequential({ layers: [layers.lstm({ units: 5, inputShape: [6, 3] }), layers.dense({ units: 2 })] });
  other.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'meanSquaredError', metrics: ['mae'] });
  const before = bytesOf(other.getWeights());
  await assert.rejects(other.fit(x, y, { ...fitArgs, epochs: 2, resumeFrom: ckpt }), /holds a model with layers \[LSTM, GRU, Dropout, Dense\], but this model has \[LSTM, Dense\]/);
  assert.deepEqual(bytesOf(other.getWeights()), before);

  const wider = sequential({
    layers: [
      layers.lstm({ units: 6, inputShape: [6, 3], returnSequences: true }),
      layers.gru({ units: 4 }),
      layers.dropout({ rate: 0.25 }),
      layers.dense({ units: 2 }),
    ],
  });
  wider.compile({ optimizer: optimizers.adam({ learningRate: 0.01 }), loss: 'meanSquaredError', metrics: ['mae'] });
  await assert.rejects(wider.fit(x, y, { ...fitArgs, epochs: 2, resumeFrom: ckpt }), /do not fit this model: '.*\/kernel' is \[3, 24\] here, \[3, 20\] in the checkpoint/);

  await assert.rejects(build().fit(x, y, { ...fitArgs, epochs: 3, initialEpoch: 2, resumeFrom: ckpt }), /option 'initialEpoch' is 2 but checkpoint '.*ckpt' in 'resumeFrom' ends at epoch 1/);
  await assert.rejects(build().fit(x, y, { ...fitArgs, epochs: 2, resumeFrom: join(ckpt, 'nope') }), /option 'resumeFrom': checkpoint '.*nope' does not exist/);

  // A matching initialEpoch is accepted; epochs already reached trains nothing more.
  const done = build();
  const h = await done.fit(x, y, { ...fitArgs, epochs: 1, initialEpoch: 1, resumeFrom: ckpt });
  assert.deepEqual(h.epoch, [0]);
});
