/**
 * A model whose first layer has no `inputShape` is built by its first batch, as in Keras: that
 * first optimizer step must count exactly like one on a model built up front, and the model
 * must remember the shape it was built for (summary after fit/predict/build).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, sequential, setSeed, tensor, type Sequential, type Tensor } from '../../src/index.js';

const x = tensor(Array.from({ length: 2 * 5 * 3 }, (_, i) => Math.sin(i * 0.7)), [2, 5, 3]);
const y = tensor([[0.5], [-0.25]], [2, 1]);

/**
 * The same architecture, with or without `inputShape`. Equal seeds give equal initial weights
 * provided nothing else draws from the stream before the lazy model's first batch.
 */
function model(seed: number, declared: boolean): Sequential {
  setSeed(seed);
  return sequential({
    layers: [layers.lstm({ units: 4, ...(declared ? { inputShape: [5, 3] } : {}) }), layers.dense({ units: 1 })],
  });
}

function flat(ws: Tensor[]): number[] {
  return ws.flatMap((w) => Array.from(w.data));
}

for (const optimizer of ['sgd', 'adam'] as const) {
  test(`fit's first step on an unbuilt model updates the weights, as on one built up front (${optimizer})`, async () => {
    // The eager model draws its weights now; the lazy one draws the same ones on first use.
    const eager = model(3, true);
    const lazy = model(3, false);
    lazy.compile({ optimizer, loss: 'meanSquaredError' });
    eager.compile({ optimizer, loss: 'meanSquaredError' });
    const history = await lazy.fit(x, y, { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    await eager.fit(x, y, { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    const before = history.history['loss']![0]!;
    const after = lazy.evaluate(x, y) as number;
    assert.notEqual(after, before, 'the loss after the first step equals the loss before it: the step was dropped');
    assert.deepEqual(flat(lazy.getWeights()), flat(eager.getWeights()));
    // The optimizer keeps state for every weight, so later steps match too.
    assert.equal(lazy.optimizer.iterations, 1);
    assert.deepEqual(Object.keys(lazy.optimizer.getState().slots).length, Object.keys(eager.optimizer.getState().slots).length);
    await lazy.fit(x, y, { epochs: 2, batchSize: 1, shuffle: false, verbose: 0 });
    await eager.fit(x, y, { epochs: 2, batchSize: 1, shuffle: false, verbose: 0 });
    assert.deepEqual(flat(lazy.getWeights()), flat(eager.getWeights()));
  });

  test(`trainOnBatch's first step on an unbuilt model updates the weights (${optimizer})`, () => {
    // The eager model draws its weights now; the lazy one draws the same ones on first use.
    const eager = model(4, true);
    const lazy = model(4, false);
    lazy.compile({ optimizer, loss: 'meanSquaredError' });
    eager.compile({ optimizer, loss: 'meanSquaredError' });
    const before = lazy.trainOnBatch(x, y) as number;
    assert.equal(eager.trainOnBatch(x, y), before);
    assert.notEqual(lazy.evaluate(x, y), before, 'the first trainOnBatch step was dropped');
    assert.deepEqual(flat(lazy.getWeights()), flat(eager.getWeights()));
    assert.equal(lazy.trainOnBatch(x, y), eager.trainOnBatch(x, y));
    assert.deepEqual(flat(lazy.getWeights()), flat(eager.getWeights()));
  });
}

test('a model built by evaluate or predict first trains the same way', async () => {
  for (const first of ['evaluate', 'predict'] as const) {
    // The eager model draws its weights now; the lazy one draws the same ones on first use.
    const eager = model(5, true);
    const lazy = model(5, false);
    lazy.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    eager.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    if (first === 'evaluate') lazy.evaluate(x, y);
    else lazy.predict(x);
    await lazy.fit(x, y, { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    await eager.fit(x, y, { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
    assert.deepEqual(flat(lazy.getWeights()), flat(eager.getWeights()), `after ${first}`);
  }
});

function summaryText(m: Sequential): string {
  const lines: string[] = [];
  m.summary(65, (l) => lines.push(l));
  return lines.join('\n');
}

test('summary prints after fit, predict, trainOnBatch or build on a model without inputShape', async () => {
  const expected = (text: string) => {
    assert.match(text, /\(LSTM\)\s+\(None, 4\)\s+128/);
    assert.match(text, /\(Dense\)\s+\(None, 1\)\s+5/);
    assert.match(text, /Total params: 133/);
  };
  const unbuilt = model(6, false);
  assert.throws(() => unbuilt.summary(65, () => {}), /the first layer needs 'inputShape'/);

  const fitted = model(6, false);
  fitted.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await fitted.fit(x, y, { epochs: 1, verbose: 0 });
  expected(summaryText(fitted));

  const trained = model(6, false);
  trained.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  trained.trainOnBatch(x, y);
  expected(summaryText(trained));

  const predicted = model(6, false);
  predicted.predict(x);
  expected(summaryText(predicted));

  const built = model(6, false);
  built.build([null, 5, 3]);
  expected(summaryText(built));
});
