/** Sequential model: summary, weights, fit options, History, masking in the loss, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, sequential, setSeed, tensor, optimizers, NaNLossError, type Tensor } from '../../src/index.js';
import { earlyStopping } from '../../src/models/callbacks/index.js';

/** A small sequence classification set: the class is the sign pattern of the summed input. */
function toyData(n: number, seed: number): { x: Tensor; y: Tensor } {
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const x = new Float32Array(n * 5 * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < 10; k++) {
      const v = random() * 2 - 1;
      x[i * 10 + k] = v;
      if (k % 2 === 0) sum += v;
    }
    y[i] = sum > 0 ? 1 : 0;
  }
  return { x: tensor(x, [n, 5, 2]), y: tensor(y, [n]) };
}

function classifier(seed = 1) {
  setSeed(seed);
  return sequential({
    layers: [layers.lstm({ units: 6, inputShape: [5, 2] }), layers.dense({ units: 2, activation: 'softmax' })],
  });
}

test('summary prints layers, output shapes and parameter counts as Keras does', () => {
  const model = sequential({
    layers: [
      layers.lstm({ units: 32, inputShape: [10, 8], returnSequences: true, name: 'lstm_a' }),
      layers.gru({ units: 16, name: 'gru_b' }),
      layers.dense({ units: 1, name: 'dense_c' }),
    ],
  });
  const lines: string[] = [];
  model.summary(65, (l) => lines.push(l));
  const text = lines.join('\n');
  // LSTM: 4 * 32 * (8 + 32 + 1) = 5248; GRU (resetAfter): 3 * 16 * (32 + 16 + 2) = 2400; Dense 17.
  assert.match(text, /lstm_a \(LSTM\)\s+\(None, 10, 32\)\s+5248/);
  assert.match(text, /gru_b \(GRU\)\s+\(None, 16\)\s+2400/);
  assert.match(text, /dense_c \(Dense\)\s+\(None, 1\)\s+17/);
  assert.match(text, /Total params: 7,665/);
  assert.match(text, /Trainable params: 7,665/);
  assert.equal(model.countParams(), 7665);
});

test('getWeights / setWeights round-trip in Keras order and reject a wrong count', () => {
  const a = classifier(1);
  const b = classifier(2);
  a.build();
  b.build();
  assert.deepEqual(a.getWeights().map((w) => w.shape), [[2, 24], [6, 24], [24], [6, 2], [2]]);
  b.setWeights(a.getWeights());
  const x = toyData(4, 9).x;
  assert.deepEqual(Array.from(b.predict(x).data), Array.from(a.predict(x).data));
  assert.throws(() => b.setWeights(a.getWeights().slice(1)), /expected 5 weight arrays, got 4/);
});

test('fit learns a toy task and returns a per-epoch History with val_ keys', async () => {
  const model = classifier();
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const { x, y } = toyData(400, 3);
  const h = await model.fit(x, y, { epochs: 8, batchSize: 32, validationSplit: 0.25, verbose: 0 });
  assert.deepEqual(Object.keys(h.history).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  assert.equal(h.history['loss']!.length, 8);
  assert.deepEqual(h.epoch, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.ok(h.history['loss']![7]! < h.history['loss']![0]! * 0.6, `loss fell too little: ${h.history['loss']}`);
  assert.ok(h.history['val_accuracy']![7]! > 0.85, `val accuracy ${h.history['val_accuracy']}`);
  // The last epoch's validation figures are what evaluate() gives on the last 25%.
  const tail = model.evaluate((x.toArray() as number[][][]).slice(300), (y.toArray() as number[]).slice(300)) as number[];
  assert.ok(Math.abs(tail[0]! - h.history['val_loss']![7]!) < 1e-6);
  assert.ok(Math.abs(tail[1]! - h.history['val_accuracy']![7]!) < 1e-9);
});

test('validationSplit takes the last samples before shuffling (same run as validationData)', async () => {
  const { x, y } = toyData(100, 4);
  const run = async (useSplit: boolean) => {
    const model = classifier(5);
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    setSeed(11);
    const xa = x.toArray() as number[][][];
    const ya = y.toArray() as number[];
    return useSplit
      ? model.fit(x, y, { epochs: 2, validationSplit: 0.2, verbose: 0 })
      : model.fit(xa.slice(0, 80), ya.slice(0, 80), { epochs: 2, validationData: [xa.slice(80), ya.slice(80)], verbose: 0 });
  };
  const a = await run(true);
  const b = await run(false);
  assert.deepEqual(a.history, b.history);
});

test('the same seed gives bit-identical training (init, shuffling, dropout)', async () => {
  const { x, y } = toyData(96, 6);
  const run = async () => {
    setSeed(42);
    const model = sequential({
      layers: [
        layers.lstm({ units: 5, inputShape: [5, 2], dropout: 0.2, recurrentDropout: 0.2 }),
        layers.dropout({ rate: 0.3 }),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
    const h = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
    return { loss: h.history['loss']!, weights: model.getWeights().map((w) => Array.from(w.data)) };
  };
  const a = await run();
  const b = await run();
  assert.deepEqual(a, b);
  // A different seed really changes the run (so the equality above is not vacuous).
  setSeed(43);
  const model = sequential({ layers: [layers.lstm({ units: 5, inputShape: [5, 2] })] });
  model.build();
  assert.notDeepEqual(Array.from(model.getWeights()[0]!.data), a.weights[0]);
});

test('steady-state training does not grow memory', async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  const model = classifier();
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const { x, y } = toyData(256, 7);
  const heapAfter = async (epochs: number) => {
    await model.fit(x, y, { epochs, batchSize: 16, verbose: 0 });
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  await heapAfter(3); // warm up: JIT, optimizer slots
  const before = await heapAfter(2);
  const after = await heapAfter(20); // 320 more steps
  const growth = after - before;
  assert.ok(growth < 2 * 1024 * 1024, `heap grew by ${(growth / 1024).toFixed(0)} KiB over 320 steps`);
});

test('a callback can stop training; earlyStopping restores the best weights', async () => {
  const model = classifier();
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const { x, y } = toyData(64, 8);
  const seenBatches: number[] = [];
  const h = await model.fit(x, y, {
    epochs: 10,
    batchSize: 16,
    verbose: 0,
    callbacks: {
      onBatchEnd: (batch) => {
        seenBatches.push(batch);
      },
      onEpochEnd: (epoch) => {
        if (epoch === 1) model.stopTraining = true;
      },
    },
  });
  assert.equal(h.history['loss']!.length, 2);
  assert.deepEqual(seenBatches, [0, 1, 2, 3, 0, 1, 2, 3]);

  // Learning rate so high the validation loss gets worse: earlyStopping must put back epoch-best weights.
  const m2 = classifier(3);
  m2.compile({ optimizer: optimizers.sgd({ learningRate: 5 }), loss: 'sparseCategoricalCrossentropy' });
  const snapshots: number[][][] = [];
  const h2 = await m2.fit(x, y, {
    epochs: 12,
    verbose: 0,
    onNaN: 'continue',
    validationData: [x, y],
    callbacks: [
      earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true }),
      { onEpochEnd: () => void snapshots.push(m2.getWeights().map((w) => Array.from(w.data))) },
    ],
  });
  const val = h2.history['val_loss']!;
  const best = val.indexOf(Math.min(...val));
  assert.ok(val.length < 12, `early stopping never stopped: ${val}`);
  assert.deepEqual(m2.getWeights().map((w) => Array.from(w.data)), snapshots[best]);
});

test('verbose 2 writes one line per epoch with loss and metrics', async () => {
  const model = classifier();
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const { x, y } = toyData(40, 2);
  let text = '';
  await model.fit(x, y, { epochs: 3, verbose: 2, validationSplit: 0.25, progressStream: { write: (s: string) => (text += s), isTTY: false } });
  const lines = text.trim().split('\n').filter((l) => /loss/.test(l));
  assert.equal(lines.length, 3, text);
  assert.match(lines[2]!, /loss: \d+\.\d+.*accuracy: \d\.\d+.*val_loss: \d+\.\d+.*val_accuracy: \d\.\d+/);
});

test('classWeight scales each sample loss by its class weight (same as sampleWeight)', () => {
  const { x, y } = toyData(32, 12);
  const model = classifier();
  model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  const w = Array.from(y.data, (c) => (c === 1 ? 3 : 0.5));
  const viaWeights = model.evaluate(x, y, { sampleWeight: w, batchSize: 32 }) as number;
  const plain = model.evaluate(x, y, { batchSize: 32 }) as number;
  assert.notEqual(viaWeights, plain);
  // fit with classWeight for 0 epochs does nothing; check the training loss of one batch instead.
  const m1 = classifier(4);
  const m2 = classifier(4);
  m1.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
  m2.compile({ optimizer: optimizers.sgd({ learningRate: 0.1 }), loss: 'sparseCategoricalCrossentropy' });
  return Promise.all([
    m1.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0, classWeight: { 0: 0.5, 1: 3 } }),
    m2.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0, sampleWeight: w }),
  ]).then(([h1, h2]) => {
    assert.equal(h1.history['loss']![0], h2.history['loss']![0]);
    assert.deepEqual(m1.getWeights().map((t) => Array.from(t.data)), m2.getWeights().map((t) => Array.from(t.data)));
  });
});

test('predict is batched: any batchSize gives the same outputs', () => {
  const model = classifier();
  const { x } = toyData(37, 1);
  const a = model.predict(x, { batchSize: 5 });
  const b = model.predict(x, { batchSize: 100 });
  assert.deepEqual(a.shape, [37, 2]);
  // The fast kernel's blocked matrix product may round the last bit differently per batch size.
  a.data.forEach((v, i) => assert.ok(Math.abs(v - b.data[i]!) < 1e-6, `output ${i}: ${v} vs ${b.data[i]}`));
});

test('trainOnBatch returns [loss, metrics] and updates the weights', () => {
  const model = classifier();
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const { x, y } = toyData(8, 1);
  const before = Array.from(model.getWeights()[0]!.data);
  const out = model.trainOnBatch(x, y) as number[];
  assert.equal(out.length, 2);
  assert.ok(out[0]! > 0 && out[1]! >= 0 && out[1]! <= 1);
  assert.notDeepEqual(Array.from(model.getWeights()[0]!.data), before);
});

test('padded steps are left out of a sequence loss and its metrics (Keras mask rules)', () => {
  // Token 0 is padding; the LSTM returns sequences, so the mask reaches the loss.
  const build = () => {
    setSeed(3);
    const m = sequential({
      layers: [
        layers.embedding({ inputDim: 6, outputDim: 4, maskZero: true, inputShape: [5] }),
        layers.lstm({ units: 4, returnSequences: true }),
        layers.timeDistributed({ layer: layers.dense({ units: 3, activation: 'softmax' }) }),
      ],
    });
    m.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    return m;
  };
  const model = build();
  const x = [[1, 2, 3, 0, 0], [4, 5, 0, 0, 0]];
  const y1 = [[0, 1, 2, 0, 0], [2, 1, 0, 0, 0]];
  const y2 = [[0, 1, 2, 2, 1], [2, 1, 1, 2, 2]]; // differs only at padded steps
  const [l1, a1] = model.evaluate(x, y1) as number[];
  const [l2, a2] = model.evaluate(x, y2) as number[];
  assert.equal(l1, l2);
  assert.equal(a1, a2);
  // The loss is the mean over the 5 real steps of -log p(target).
  const probs = model.predict(x).toArray() as number[][][];
  let sum = 0;
  let correct = 0;
  const real: [number, number][] = [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1]];
  for (const [b, t] of real) {
    const p = probs[b]![t]!;
    const target = y1[b]![t]!;
    sum -= Math.log(p[target]!);
    if (p.indexOf(Math.max(...p)) === target) correct++;
  }
  assert.ok(Math.abs(l1 - sum / 5) < 1e-5, `${l1} vs ${sum / 5}`);
  assert.ok(Math.abs(a1 - correct / 5) < 1e-7, `${a1} vs ${correct / 5}`);
});

test('bad input: each error names the argument, the expected and the actual value', async () => {
  const model = classifier();
  const { x, y } = toyData(5, 1);
  await assert.rejects(model.fit(x, y, { verbose: 0 }), /sequential\.fit: the model must be compiled first/);
  assert.throws(() => model.evaluate(x, y), /compiled first/);
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  await assert.rejects(model.fit(x, [0, 1, 2, 0, 1], { verbose: 0 }), /sequential\.fit: argument 'y' has 2 at flat index 2 \(shape \[5\]\); expected an integer class index in \[0, 2\)/);
  assert.throws(() => model.evaluate(x, [0, 1, -1, 0, 1]), /sequential\.evaluate: argument 'y' has -1 at flat index 2/);
  await assert.rejects(model.fit([[1, 2]], [0], { verbose: 0 }), /argument 'x' expected shape \[null, 5, 2\], got \[1, 2\]/);
  assert.throws(() => model.predict(tensor(new Float32Array(5 * 5 * 3), [5, 5, 3])), /argument 'x' expected shape \[null, 5, 2\], got \[5, 5, 3\]/);
  await assert.rejects(model.fit(x, [0, 1], { verbose: 0 }), /argument 'y' has 2 samples but x has 5/);
  const nanX = tensor(new Float32Array(50).fill(0.5), [5, 5, 2]);
  nanX.data[7] = NaN;
  await assert.rejects(model.fit(nanX, y, { verbose: 0 }), /argument 'x' contains NaN at flat index 7/);
  await assert.rejects(model.fit(x, [0, 1, Infinity, 0, 1], { verbose: 0 }), /argument 'y' contains Infinity at flat index 2/);
  await assert.rejects(model.fit(x, y, { epoch: 3 } as never), /unknown option 'epoch'; expected one of: epochs/);
  await assert.rejects(model.fit(x, y, { epochs: -1 }), /option 'epochs' expected an integer >= 0, got -1/);
  await assert.rejects(model.fit(x, y, { verbose: 0, validationSplit: 0.999 }), /validationSplit' 0\.999 leaves 0 training and 5 validation/);
  await assert.rejects(model.fit(x, y, { verbose: 0, validationSplit: -0.5 }), /option 'validationSplit' expected a finite number in \[0, 1\], got -0\.5/);
  await assert.rejects(model.fit(x, y, { verbose: 0, classWeight: { 0: 1 } }), /classWeight' has no weight for class 1/);
  assert.throws(() => layers.lstm({ units: 3, unit: 4 } as never), /layers\.lstm: unknown option 'unit'/);
  assert.throws(() => layers.lstm({ units: 0 }), /option 'units' expected an integer >= 1, got 0/);
  assert.throws(() => layers.lstm({ units: 2, recurrentActivation: 'softmax' as never }), /option 'recurrentActivation' expected one of/);
  assert.throws(() => model.compile({ optimizer: 'adamx', loss: 'mse' }), /argument 'optimizer' expected .* got 'adamx'/);
  assert.throws(() => model.compile({ optimizer: 'adam', loss: 'msee' }), /unknown loss "msee"/);
  assert.throws(() => model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['acc2'] }), /unknown metric "acc2"/);
  assert.throws(() => layers.lstm({ units: 2 }).apply([[1, 2]]), /argument 'x' expected rank 3 \[batch, timesteps, features\], got shape \[1, 2\]/);
  assert.throws(
    () => layers.lstm({ units: 2 }).apply([[[1], [2]]], { initialState: [[[0, 0, 0]], [[0, 0]]] }),
    /argument 'initialState\[0\]' expected shape \[1, 2\], got \[1, 3\]/,
  );
  assert.throws(() => layers.lstm({ units: 2 }).apply([[[1], [2]]], { mask: [[1, 1, 1]] }), /argument 'mask' expected shape \[1, 2\], got \[1, 3\]/);
});

test('a loss that stops being finite stops fit with the epoch and batch, or keeps going on request', async () => {
  const make = () => {
    setSeed(1);
    const m = sequential({ layers: [layers.dense({ units: 1, inputShape: [1] })] });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    return m;
  };
  const x = [[1e18], [2e18], [3e18]];
  const y = [[1], [2], [3]];
  const m = make();
  await assert.rejects(
    m.fit(x, y, { verbose: 0, batchSize: 1, epochs: 3, shuffle: false }),
    (err: Error) => err instanceof NaNLossError && /loss became (NaN|Infinity) at epoch 1, batch \d/.test(err.message) && /onNaN: 'continue'/.test(err.message),
  );
  for (const w of m.getWeights()) assert.ok(w.data.every(Number.isFinite), 'weights stay finite: the bad batch is not applied');
  const h = await make().fit(x, y, { verbose: 0, batchSize: 1, epochs: 2, shuffle: false, onNaN: 'continue' });
  assert.equal(h.history['loss']!.length, 2);
});
