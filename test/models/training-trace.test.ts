/**
 * A full training run against PyTorch: the same model, data, initial weights and optimizer
 * settings as test/fixtures/generate_torch_fixtures.py must give the same batch losses,
 * per-epoch losses (History) and final weights, through the public fit() API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, optimizers, sequential, type DType } from '../../src/index.js';
import { assertClose, loadTorchFixture } from '../helpers/fixtures.js';

const fixture = loadTorchFixture('training');

function optimizerFor(c: any) {
  const o = c.config.optimizer;
  if (o.name === 'adam') return optimizers.adam({ learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon });
  return optimizers.sgd({ learningRate: o.learningRate, momentum: o.momentum, nesterov: o.nesterov });
}

for (const dtype of ['float64', 'float32'] as DType[]) {
  for (const c of fixture.cases) {
    test(`training trace ${c.name} matches PyTorch (${dtype})`, async () => {
      const [lstmCfg] = c.config.layers;
      const model = sequential({
        layers: [
          layers.lstm({ units: lstmCfg.units, inputShape: lstmCfg.inputShape, dtype }),
          layers.dense({ units: 1, dtype }),
        ],
      });
      model.build();
      model.setWeights(c.initialWeights);
      model.compile({ optimizer: optimizerFor(c), loss: c.config.loss });
      const batchLosses: number[] = [];
      const history = await model.fit(c.x, c.y, {
        epochs: c.config.epochs, batchSize: c.config.batchSize, shuffle: false, verbose: 0,
        callbacks: [{
          onBatchEnd: (batch, logs) => {
            // logs.loss is the running mean over the epoch; recover this batch's own loss.
            const running = logs!['loss']!;
            const size = logs!['size']!;
            const seenBefore = batch * c.config.batchSize;
            const prevMean = batch === 0 ? 0 : batchLossesEpochMean;
            batchLosses.push((running * (seenBefore + size) - prevMean * seenBefore) / size);
            batchLossesEpochMean = running;
          },
        }],
      });
      const tol = dtype === 'float64' ? { r: 1e-9, a: 1e-12 } : { r: 2e-4, a: 1e-5 };
      assertClose(batchLosses, c.batchLosses, 'batch losses', tol.r, tol.a);
      assertClose(history.history['loss']!, c.epochLosses, 'History loss per epoch', tol.r, tol.a);
      assert.deepEqual(history.epoch, [0, 1, 2]);
      model.getWeights().forEach((w, i) => assertClose(w.data, c.finalWeights[i], `final ${c.weightNames[i]}`, tol.r * 10, tol.a * 10));
      assertClose(model.predict(c.x).data, c.finalPredictions, 'final predictions', tol.r * 10, tol.a * 10);
      assertClose([model.evaluate(c.x, c.y) as number], [c.finalLossAllSamples], 'evaluate', tol.r * 10, tol.a * 10);
    });
  }
}
let batchLossesEpochMean = 0;
