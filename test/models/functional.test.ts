import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { layers, sequential, model, input, optimizers, SymbolicTensor, setSeed } from '../../src/index.js';
import type { LayersModel } from '../../src/models/layersModel.js';
import { normalTensor } from '../helpers/gradcheck.js';

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, label: string): void {
  assert.equal(a.length, b.length, `${label}: lengths`);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `${label}[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

function data(shape: number[], seed: number): Tensor {
  setSeed(seed);
  const t = normalTensor(shape);
  return new Tensor(Float64Array.from(t.data), shape);
}

test('a functional chain equals the same Sequential model output for output and step for step', () => {
  setSeed(1);
  const seq = sequential({ layers: [layers.lstm({ units: 5, inputShape: [4, 3], dtype: 'float64' }), layers.dense({ units: 2, dtype: 'float64' })] });
  const x = input({ shape: [4, 3], dtype: 'float64' });
  const h = layers.lstm({ units: 5, dtype: 'float64' }).apply(x) as SymbolicTensor;
  const fn = model({ inputs: x, outputs: layers.dense({ units: 2, dtype: 'float64' }).apply(h) as SymbolicTensor });
  assert.deepEqual(fn.outputs[0]!.shape, [null, 2]);
  fn.setWeights(seq.getWeights());
  const xs = data([6, 4, 3], 2);
  const ys = data([6, 2], 3);
  close((fn.predict(xs) as Tensor).data, seq.predict(xs).data, 0, 'predict');
  for (const m of [seq, fn] as LayersModel[]) m.compile({ optimizer: optimizers.sgd({ learningRate: 0.3 }), loss: 'meanSquaredError' });
  for (let step = 0; step < 3; step++) {
    const a = seq.trainOnBatch(xs, ys) as number;
    const b = fn.trainOnBatch(xs, ys) as number;
    assert.equal(a, b, `loss at step ${step}`);
  }
  // Same updates means the same gradients, every weight.
  seq.getWeights().forEach((w, i) => close(fn.getWeights()[i]!.data, w.data, 0, `weight ${i}`));
  assert.equal(fn.layers[0]!.className, 'InputLayer');
  assert.deepEqual(fn.layers.map((l) => l.className), ['InputLayer', 'LSTM', 'Dense']);
});

test('a shared layer gets the sum of the gradients of both calls', () => {
  setSeed(4);
  const a = input({ shape: [3], dtype: 'float64', name: 'a' });
  const b = input({ shape: [3], dtype: 'float64', name: 'b' });
  const shared = layers.dense({ units: 2, dtype: 'float64', name: 'shared' });
  const oa = shared.apply(a) as SymbolicTensor;
  const ob = shared.apply(b) as SymbolicTensor;
  assert.equal(shared.inboundNodes.length, 2);
  const both = model({ inputs: [a, b], outputs: [oa, ob] });
  const onlyA = model({ inputs: a, outputs: oa });
  const onlyB = model({ inputs: b, outputs: ob });
  assert.equal(both.weights.length, 2, 'one kernel and one bias, not two copies');
  const xa = data([5, 3], 5);
  const xb = data([5, 3], 6);
  const ya = data([5, 2], 7);
  const yb = data([5, 2], 8);
  const start = shared.getWeights();
  const deltaOf = (m: LayersModel, x: Tensor[], y: Tensor[]): Float64Array[] => {
    shared.setWeights(start);
    m.compile({ optimizer: optimizers.sgd({ learningRate: 1 }), loss: 'meanSquaredError' });
    m.trainOnBatch(x, y);
    return shared.getWeights().map((w, i) => Float64Array.from(w.data, (v, j) => v - start[i]!.data[j]!));
  };
  const dBoth = deltaOf(both, [xa, xb], [ya, yb]);
  const dA = deltaOf(onlyA, [xa], [ya]);
  const dB = deltaOf(onlyB, [xb], [yb]);
  dBoth.forEach((d, i) => close(d, d.map((_, j) => dA[i]![j]! + dB[i]![j]!), 1e-12, `weight ${i}`));
  assert.ok(dA[0]!.some((v) => v !== 0) && dB[0]!.some((v) => v !== 0));
});

test('two inputs, two outputs: per-output losses, lossWeights, metrics and data keyed by name', async () => {
  setSeed(9);
  const series = input({ shape: [6, 2], name: 'series' });
  const extra = input({ shape: [3], name: 'extra' });
  const h = layers.lstm({ units: 4 }).apply(series) as SymbolicTensor;
  const temp = layers.dense({ units: 1, name: 'temp' }).apply(h) as SymbolicTensor;
  const rain = layers.dense({ units: 3, activation: 'softmax', name: 'rain' }).apply(extra) as SymbolicTensor;
  const m = model({ inputs: [series, extra], outputs: [temp, rain], name: 'two_heads' });
  assert.deepEqual(m.inputNames, ['series', 'extra']);
  assert.deepEqual(m.outputNames, ['temp', 'rain']);
  m.compile({
    optimizer: 'adam',
    loss: { temp: 'meanSquaredError', rain: 'sparseCategoricalCrossentropy' },
    lossWeights: { temp: 1, rain: 0.5 },
    metrics: { rain: ['accuracy'] },
  });
  assert.deepEqual(m.metricsNames, ['temp_loss', 'rain_loss', 'rain_accuracy']);
  const xs = data([8, 6, 2], 10);
  const xe = data([8, 3], 11);
  const yt = data([8, 1], 12);
  const yr = tensor([0, 1, 2, 0, 1, 2, 0, 1]);
  const logs = m.evaluateLogs({ series: xs, extra: xe }, { temp: yt, rain: yr });
  // The total is the weighted sum of the per-output losses.
  assert.ok(Math.abs(logs['loss']! - (logs['temp_loss']! + 0.5 * logs['rain_loss']!)) < 1e-6, JSON.stringify(logs));
  const listed = m.evaluate([xs, xe], [yt, yr]) as number[];
  assert.deepEqual(listed, [logs['loss'], logs['temp_loss'], logs['rain_loss'], logs['rain_accuracy']]);
  const history = await m.fit([xs, xe], [yt, yr], { epochs: 3, batchSize: 4, verbose: 0, validationSplit: 0.25 });
  assert.deepEqual(Object.keys(history.history).sort(), ['loss', 'rain_accuracy', 'rain_loss', 'temp_loss', 'val_loss', 'val_rain_accuracy', 'val_rain_loss', 'val_temp_loss'].sort());
  const out = m.predict([xs, xe]) as Tensor[];
  assert.deepEqual(out.map((t) => t.shape), [[8, 1], [8, 3]]);
  assert.throws(() => m.predict([xs]), /argument 'x' expected a list of 2 arrays or tensors \(one per input: series, extra\)/);
  assert.throws(() => m.predict({ series: xs, extr: xe }), /key\(s\) 'extr' that name no input/);
  assert.throws(() => m.compile({ optimizer: 'sgd', loss: ['mse'] }), /option 'loss' expected 2 entries/);
});

test('an encoder\'s final states seed a decoder through symbolic initialState', () => {
  setSeed(13);
  const encIn = input({ shape: [5, 3], dtype: 'float64' });
  const decIn = input({ shape: [4, 2], dtype: 'float64' });
  const encoder = layers.lstm({ units: 6, returnState: true, dtype: 'float64' });
  const decoder = layers.lstm({ units: 6, returnSequences: true, dtype: 'float64' });
  const [, h, c] = encoder.apply(encIn) as SymbolicTensor[];
  const seq = decoder.apply(decIn, { initialState: [h!, c!] }) as SymbolicTensor;
  const m = model({ inputs: [encIn, decIn], outputs: seq });
  assert.deepEqual(seq.shape, [null, 4, 6]);
  const xe = data([2, 5, 3], 14);
  const xd = data([2, 4, 2], 15);
  const got = m.predict([xe, xd]) as Tensor;
  const [, he, ce] = encoder.apply(xe) as Tensor[];
  const want = decoder.apply(xd, { initialState: [he!, ce!] }) as Tensor;
  close(got.data, want.data, 0, 'decoder output');
  const zeroState = decoder.apply(xd) as Tensor;
  assert.ok(got.data.some((v, i) => Math.abs(v - zeroState.data[i]!) > 1e-6), 'the states made a difference');
  const lines: string[] = [];
  m.summary(110, (l) => lines.push(l));
  const decoderRows = lines.filter((l) => l.includes(decoder.name) || (l.trim().startsWith(encoder.name) && l.includes('[0][1]')));
  assert.ok(lines.some((l) => l.includes('Connected to')), lines.join('\n'));
  assert.ok(decoderRows.length >= 1, lines.join('\n'));
  assert.ok(lines.join('\n').includes(`${encoder.name}[0][1]`) && lines.join('\n').includes(`${encoder.name}[0][2]`), lines.join('\n'));
});

test('masks flow along the graph as in the equivalent Sequential model', () => {
  setSeed(17);
  const seq = sequential({ layers: [
    layers.embedding({ inputDim: 7, outputDim: 3, maskZero: true, inputShape: [5] }),
    layers.lstm({ units: 4 }),
    layers.dense({ units: 1 }),
  ] });
  const tokens = input({ shape: [5] });
  const e = layers.embedding({ inputDim: 7, outputDim: 3, maskZero: true }).apply(tokens) as SymbolicTensor;
  const hs = layers.lstm({ units: 4 }).apply(e) as SymbolicTensor;
  const fn = model({ inputs: tokens, outputs: layers.dense({ units: 1 }).apply(hs) as SymbolicTensor });
  fn.setWeights(seq.getWeights());
  const x = tensor([[3, 4, 0, 0, 0], [1, 2, 3, 4, 5], [6, 0, 0, 0, 0]]);
  close((fn.predict(x) as Tensor).data, seq.predict(x).data, 0, 'masked predict');
  // The mask reached the LSTM: without it the padded rows come out different, the full row not.
  const e2 = layers.embedding({ inputDim: 7, outputDim: 3, maskZero: false }).apply(tokens) as SymbolicTensor;
  const noMask = model({ inputs: tokens, outputs: layers.dense({ units: 1 }).apply(layers.lstm({ units: 4 }).apply(e2) as SymbolicTensor) as SymbolicTensor });
  noMask.setWeights(seq.getWeights());
  const masked = (fn.predict(x) as Tensor).data;
  const plain = (noMask.predict(x) as Tensor).data;
  assert.notEqual(masked[0], plain[0]);
  assert.equal(masked[1], plain[1]);
});

test('graph errors name the problem', () => {
  const a = input({ shape: [3], name: 'first_in' });
  const b = input({ shape: [3], name: 'second_in' });
  const d = layers.dense({ units: 2 });
  const out = d.apply(b) as SymbolicTensor;
  assert.throws(() => model({ inputs: a, outputs: out }), /depend on input 'second_in', which is not in 'inputs'/);
  assert.throws(() => d.apply([a as unknown as Tensor, tensor([[1, 2, 3]])] as unknown as SymbolicTensor[]), /a graph cannot mix symbolic tensors and data/);
  const m = model({ inputs: b, outputs: out });
  assert.equal(m.getLayer(d.name), d);
  assert.throws(() => m.getLayer('nope'), /no layer named 'nope'/);
  assert.throws(() => input({ shape: [0] }), /option 'shape' expected an array of positive integers and nulls/);
  assert.throws(() => layers.lstm({ units: 2 }).apply(a, { mask: [[1, 0]] }), /masks flow along the graph/);
});

test('training: false fixed at a call keeps dropout off inside fit', async () => {
  setSeed(21);
  const x = input({ shape: [4] });
  const dropped = layers.dropout({ rate: 0.9 }).apply(x, { training: false }) as SymbolicTensor;
  const probe = layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones', trainable: false }).apply(dropped) as SymbolicTensor;
  const m = model({ inputs: x, outputs: probe });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const xs = tensor([[1, 1, 1, 1], [2, 2, 2, 2]]);
  const loss = m.trainOnBatch(xs, tensor([[4], [8]])) as number;
  assert.equal(loss, 0, 'with dropout off the fixed network is exact');
});

test('an embedding mask reaches attention inside a graph: padded source steps get zero weight', () => {
  setSeed(23);
  const source = input({ shape: [6], name: 'source' });
  const query = input({ shape: [3], name: 'query' });
  const embed = layers.embedding({ inputDim: 9, outputDim: 4, maskZero: true });
  const encoded = layers.lstm({ units: 5, returnSequences: true }).apply(embed.apply(source) as SymbolicTensor) as SymbolicTensor;
  const asked = layers.lstm({ units: 5, returnSequences: true }).apply(layers.embedding({ inputDim: 9, outputDim: 4 }).apply(query) as SymbolicTensor) as SymbolicTensor;
  const [context, scores] = layers.attention({ returnAttentionScores: true }).apply([asked, encoded]) as SymbolicTensor[];
  const m = model({ inputs: [source, query], outputs: [context!, scores!] });
  const src = tensor([[4, 2, 7, 0, 0, 0], [1, 2, 3, 4, 5, 6]]);
  const q = tensor([[1, 2, 3], [3, 2, 1]]);
  const [, weights] = m.predict([src, q]) as Tensor[];
  assert.deepEqual(weights!.shape, [2, 3, 6]);
  for (let t = 0; t < 3; t++) {
    for (let s = 3; s < 6; s++) assert.equal(weights!.data[t * 6 + s], 0, `padded step ${s} seen by query step ${t}`);
    let rowSum = 0;
    for (let s = 0; s < 6; s++) rowSum += weights!.data[t * 6 + s]!;
    assert.ok(Math.abs(rowSum - 1) < 1e-5);
    // The unpadded row attends to every step.
    for (let s = 0; s < 6; s++) assert.ok(weights!.data[18 + t * 6 + s]! > 0);
  }
});

test('the model modules load in any order (no import cycle leaves LayersModel uninitialised) and save', async () => {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  for (const first of ['src/models/layersModel.ts', 'src/models/sequential.ts', 'src/models/graph/inputLayer.ts', 'src/io/router.ts']) {
    const code = `await import('./${first}'); const { model, input, layers } = await import('./src/index.ts'); const x = input({ shape: [2] }); const m = model({ inputs: x, outputs: layers.dense({ units: 1 }).apply(x) }); let saved = null; await m.save({ save: async (a) => { saved = a; return {}; } }); if (!saved) throw new Error('not saved'); console.log('loaded');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `importing ${first} first: ${r.stderr}`);
    assert.match(r.stdout, /loaded/);
  }
});
