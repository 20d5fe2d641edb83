import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { layers, sequential, optimizers, regularizers, constraints, setSeed, io } from '../../src/index.js';
import { normalTensor } from '../helpers/gradcheck.js';

function data(shape: number[], seed: number): Tensor {
  setSeed(seed);
  return normalTensor(shape);
}

function sumSquares(t: Tensor): number {
  return Array.from(t.data).reduce((s, v) => s + v * v, 0);
}

test('a kernel regularizer joins the loss fit and evaluate report, and its gradient joins the update', () => {
  setSeed(3);
  const make = (withPenalty: boolean) => sequential({ layers: [layers.dense({
    units: 2, inputShape: [3], dtype: 'float64',
    ...(withPenalty ? { kernelRegularizer: regularizers.l2({ l2: 0.1 }), biasRegularizer: regularizers.l1({ l1: 0.05 }) } : {}),
  })] });
  const plain = make(false);
  const penalised = make(true);
  penalised.setWeights([tensor([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.7]], undefined, 'float64'), tensor([0.2, -0.3], undefined, 'float64')]);
  plain.setWeights(penalised.getWeights());
  const x = data([5, 3], 4);
  const y = data([5, 2], 5);
  for (const m of [plain, penalised]) m.compile({ optimizer: optimizers.sgd({ learningRate: 0.5 }), loss: 'meanSquaredError' });
  const [kernel, bias] = penalised.getWeights();
  const penalty = 0.1 * sumSquares(kernel!) + 0.05 * (0.2 + 0.3);
  assert.ok(Math.abs((penalised.evaluate(x, y) as number) - ((plain.evaluate(x, y) as number) + penalty)) < 1e-12);
  const lossPlain = plain.trainOnBatch(x, y) as number;
  const lossPen = penalised.trainOnBatch(x, y) as number;
  assert.ok(Math.abs(lossPen - (lossPlain + penalty)) < 1e-12, 'the reported batch loss includes the penalty');
  // The update differs from the plain one by -lr * (2 * l2 * w) on the kernel, -lr * l1 * sign(b) on the bias.
  const [k0, b0] = [kernel!, bias!];
  const [kPlain, bPlain] = plain.getWeights();
  const [kPen, bPen] = penalised.getWeights();
  k0.data.forEach((w, i) => assert.ok(Math.abs(kPen!.data[i]! - (kPlain!.data[i]! - 0.5 * 2 * 0.1 * w)) < 1e-12, `kernel ${i}`));
  b0.data.forEach((w, i) => assert.ok(Math.abs(bPen!.data[i]! - (bPlain!.data[i]! - 0.5 * 0.05 * Math.sign(w))) < 1e-12, `bias ${i}`));
});

test('an activity regularizer penalises the layer output in the loss (Keras 3: not divided by the batch)', () => {
  setSeed(7);
  const hidden = layers.dense({ units: 3, inputShape: [2], activityRegularizer: regularizers.l1({ l1: 0.01 }), dtype: 'float64' });
  const m = sequential({ layers: [hidden, layers.dense({ units: 1, dtype: 'float64' })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const x = data([4, 2], 8);
  const y = data([4, 1], 9);
  const h = hidden.apply(x) as Tensor;
  const out = m.predict(x);
  const mse = Array.from(out.data).reduce((s, v, i) => s + (v - y.data[i]!) ** 2, 0) / 4;
  const l1 = 0.01 * Array.from(h.data).reduce((s, v) => s + Math.abs(v), 0);
  assert.ok(Math.abs((m.evaluate(x, y, { batchSize: 4 }) as number) - (mse + l1)) < 1e-12);
  // Outside a model's loss, applying the layer computes no penalty and changes nothing.
  assert.deepEqual((hidden.apply(x) as Tensor).data, h.data);
});

test('constraints project the weights after every optimizer step', async () => {
  setSeed(11);
  const m = sequential({ layers: [layers.dense({
    units: 4, inputShape: [3], kernelConstraint: constraints.maxNorm({ maxValue: 0.5 }), biasConstraint: constraints.nonNeg(),
  })] });
  m.compile({ optimizer: optimizers.sgd({ learningRate: 1 }), loss: 'meanSquaredError' });
  const x = data([16, 3], 12);
  const y = new Tensor(Float32Array.from(data([16, 4], 13).data, (v) => 5 * v - 3), [16, 4]);
  await m.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
  const [kernel, bias] = m.getWeights();
  for (let j = 0; j < 4; j++) {
    let norm = 0;
    for (let i = 0; i < 3; i++) norm += kernel!.data[i * 4 + j]! ** 2;
    assert.ok(Math.sqrt(norm) <= 0.5 + 1e-6, `column ${j} norm ${Math.sqrt(norm)}`);
  }
  for (const b of bias!.data) assert.ok(b >= 0);
});

test('regularizers and constraints survive a save and load in the tfjs format; a class that cannot hold them refuses', () => {
  const m = sequential({ layers: [
    layers.dense({ units: 2, inputShape: [3], kernelRegularizer: regularizers.l1l2({ l1: 0.01, l2: 0.02 }), kernelConstraint: constraints.unitNorm({ axis: 0 }), activityRegularizer: regularizers.l2({ l2: 0.003 }) }),
  ] });
  const artifacts = io.saveToMemory(m);
  const cfg = ((artifacts.modelTopology['config'] as Record<string, unknown>)['layers'] as { config: Record<string, unknown> }[])[0]!.config;
  assert.deepEqual(cfg['kernel_regularizer'], { class_name: 'L1L2', config: { l1: 0.01, l2: 0.02 } });
  assert.deepEqual(cfg['activity_regularizer'], { class_name: 'L1L2', config: { l1: 0, l2: 0.003 } });
  assert.deepEqual(cfg['kernel_constraint'], { class_name: 'UnitNorm', config: { axis: 0 } });
  const { model } = io.loadFromMemory(artifacts);
  const dense = model.layers.find((l) => l.className === 'Dense') as layers.Dense;
  assert.equal(dense.kernelRegularizer?.l2, 0.02);
  assert.equal(dense.activityRegularizer?.l2, 0.003);
  assert.equal(dense.kernelConstraint?.className, 'UnitNorm');
  const dropped = sequential({ layers: [layers.dropout({ rate: 0.1, inputShape: [3], activityRegularizer: regularizers.l2() })] });
  assert.throws(() => io.saveToMemory(dropped), /activityRegularizer has no place in a Dropout config/);
});

test('LSTM, GRU and SimpleRNN take kernel, recurrent and bias regularizers and constraints; they train and survive a save', async () => {
  setSeed(17);
  for (const make of [layers.lstm, layers.gru, layers.simpleRNN] as const) {
    const rnn = make({
      units: 3, inputShape: [4, 2], dtype: 'float64',
      kernelRegularizer: regularizers.l2({ l2: 0.02 }), recurrentRegularizer: regularizers.l1({ l1: 0.03 }), biasRegularizer: regularizers.l2({ l2: 0.05 }),
      recurrentConstraint: constraints.maxNorm({ maxValue: 0.3 }), biasConstraint: constraints.nonNeg(),
    });
    const m = sequential({ layers: [rnn] });
    m.compile({ optimizer: optimizers.sgd({ learningRate: 0.5 }), loss: 'meanSquaredError' });
    const x = data([6, 4, 2], 18);
    const y = data([6, 3], 19);
    const [kernel, recurrent, bias] = m.getWeights();
    const penalty = 0.02 * sumSquares(kernel!) + 0.03 * Array.from(recurrent!.data).reduce((s, v) => s + Math.abs(v), 0) + 0.05 * sumSquares(bias!);
    const plain = sequential({ layers: [make({ units: 3, inputShape: [4, 2], dtype: 'float64' })] });
    plain.setWeights(m.getWeights());
    plain.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    assert.ok(Math.abs((m.evaluate(x, y) as number) - ((plain.evaluate(x, y) as number) + penalty)) < 1e-10, rnn.className);
    await m.fit(x, y, { epochs: 2, batchSize: 3, verbose: 0 });
    const [, rec, b] = m.getWeights();
    const cols = rec!.shape[1]!;
    for (let j = 0; j < cols; j++) {
      let norm = 0;
      for (let i = 0; i < 3; i++) norm += rec!.data[i * cols + j]! ** 2;
      assert.ok(Math.sqrt(norm) <= 0.3 + 1e-9, `${rnn.className} recurrent column ${j}: ${Math.sqrt(norm)}`);
    }
    for (const v of b!.data) assert.ok(v >= 0, `${rnn.className} bias ${v}`);
    const back = io.loadFromMemory(io.saveToMemory(m)).model;
    const cfg = io.layerToConfig(back.layers[0]!).config as Record<string, unknown>;
    assert.deepEqual(cfg['recurrent_regularizer'], { class_name: 'L1L2', config: { l1: 0.03, l2: 0 } });
    assert.deepEqual(cfg['recurrent_constraint'], { class_name: 'MaxNorm', config: { max_value: 0.3, axis: 0 } });
    assert.deepEqual(cfg['bias_constraint'], { class_name: 'NonNeg', config: {} });
  }
});

test('an Embedding takes an embeddings regularizer and constraint; they train and survive a save', async () => {
  setSeed(23);
  const embed = layers.embedding({
    inputDim: 6, outputDim: 3, inputLength: 4, dtype: 'float64',
    embeddingsRegularizer: regularizers.l2({ l2: 0.04 }), embeddingsConstraint: constraints.maxNorm({ maxValue: 0.2, axis: 1 }),
  });
  const m = sequential({ layers: [embed, layers.flatten({ dtype: 'float64' }), layers.dense({ units: 1, dtype: 'float64' })] });
  m.compile({ optimizer: optimizers.sgd({ learningRate: 1 }), loss: 'meanSquaredError' });
  const x = tensor([[1, 2, 3, 4], [5, 4, 3, 2], [0, 1, 0, 1]], undefined, 'float64');
  const y = tensor([[3], [-2], [1]], undefined, 'float64');
  const plain = sequential({ layers: [layers.embedding({ inputDim: 6, outputDim: 3, inputLength: 4, dtype: 'float64' }), layers.flatten({ dtype: 'float64' }), layers.dense({ units: 1, dtype: 'float64' })] });
  plain.setWeights(m.getWeights());
  plain.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const penalty = 0.04 * sumSquares(m.getWeights()[0]!);
  assert.ok(Math.abs((m.evaluate(x, y) as number) - ((plain.evaluate(x, y) as number) + penalty)) < 1e-12);
  await m.fit(x, y, { epochs: 3, batchSize: 3, verbose: 0 });
  const table = m.getWeights()[0]!;
  for (let row = 0; row < 6; row++) {
    const norm = Math.hypot(...Array.from(table.data.subarray(row * 3, row * 3 + 3)));
    assert.ok(norm <= 0.2 + 1e-9, `row ${row}: ${norm}`);
  }
  const back = io.loadFromMemory(io.saveToMemory(m)).model.layers.find((l) => l.className === 'Embedding') as layers.Embedding;
  assert.equal(back.embeddingsRegularizer?.l2, 0.04);
  assert.equal(back.embeddingsConstraint?.className, 'MaxNorm');
});
