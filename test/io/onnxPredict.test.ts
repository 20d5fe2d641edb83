/**
 * predict on onnxruntime-node (onnxPredictor, predictAsync({ backend: 'onnxruntime' })):
 * the same values as model.predict to 1e-5 on each layer family the exporter writes, one
 * export per weight state (re-exported after setWeights and after a training step, not
 * otherwise), and clear errors for models the exporter refuses.
 *
 * onnxruntime-node is an optional peer: when it cannot load here, every test is skipped and
 * says why (the skip shows in the test report; it is never counted as a pass of the check).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OnnxPredictor, type OrtModule, input, layers, model as functionalModel, onnxPredictor, sequential, setSeed,
  type LayersModel, type Sequential, type Tensor, tensor,
} from '../../src/index.node.js';
import { UnsupportedModelError } from '../../src/io/layerRegistry.js';

const skip = await import('onnxruntime-node').then(
  (ort): false => {
    // Compile-time check that the real module fits our structural type of it.
    const fits: OrtModule = ort;
    void fits;
    return false;
  },
  (e: unknown) => `onnxruntime-node cannot load here (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
);

/** `n` values in [-1, 1) from a fixed LCG stream. */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1);
}

/** Weights of ±0.8, larger than the initialisers give, so that gates saturate and a wrong gate shows. */
function randomize(m: LayersModel, seed: number): void {
  m.setWeights(m.getWeights().map((w, i) => tensor(values(w.size, seed + 31 * i).map((v) => v * 0.8), [...w.shape], w.dtype)));
}

function maxDiff(a: Tensor, b: Tensor): number {
  assert.deepEqual([...a.shape], [...b.shape], 'output shape');
  let max = 0;
  for (let i = 0; i < a.size; i++) {
    const d = Math.abs(a.data[i]! - b.data[i]!);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

async function assertSame(label: string, m: LayersModel, x: Tensor, predictor: OnnxPredictor = onnxPredictor(m)): Promise<void> {
  const want = m.predict(x) as Tensor;
  const got = await predictor.predict(x);
  const d = maxDiff(got, want);
  assert.ok(d <= 1e-5, `${label}: max |onnxruntime - predict| = ${d} > 1e-5`);
}

const B = 3, T = 7, F = 4;
const xs = (seed: number): Tensor => tensor(values(B * T * F, seed), [B, T, F]);

function seq(stack: Parameters<typeof sequential>[0], seed: number): Sequential {
  setSeed(seed);
  const m = sequential(stack);
  randomize(m, seed);
  return m;
}

test('onnxPredictor matches predict to 1e-5: LSTM, GRU (both reset forms), SimpleRNN, Dense, Bidirectional', { skip }, async () => {
  const cases: [string, () => Sequential][] = [
    ['LSTM returnSequences + TimeDistributed Dense', () => seq({ layers: [layers.lstm({ units: 6, returnSequences: true, inputShape: [T, F] }), layers.timeDistributed({ layer: layers.dense({ units: 2 }) })] }, 1)],
    ['LSTM last output + Dense softmax', () => seq({ layers: [layers.lstm({ units: 6, inputShape: [T, F] }), layers.dense({ units: 3, activation: 'softmax' })] }, 2)],
    ['GRU resetAfter', () => seq({ layers: [layers.gru({ units: 5, inputShape: [T, F] }), layers.dense({ units: 1 })] }, 3)],
    ['GRU resetAfter=false, goBackwards', () => seq({ layers: [layers.gru({ units: 5, resetAfter: false, goBackwards: true, returnSequences: true, inputShape: [T, F] })] }, 4)],
    ['SimpleRNN relu', () => seq({ layers: [layers.simpleRNN({ units: 5, activation: 'relu', inputShape: [T, F] }), layers.dense({ units: 2, activation: 'tanh' })] }, 5)],
    ['Bidirectional LSTM concat', () => seq({ layers: [layers.bidirectional({ layer: layers.lstm({ units: 4, returnSequences: true }), inputShape: [T, F] }), layers.lstm({ units: 3 })] }, 6)],
    ['Bidirectional GRU sum', () => seq({ layers: [layers.bidirectional({ layer: layers.gru({ units: 4 }), mergeMode: 'sum', inputShape: [T, F] })] }, 7)],
  ];
  for (const [label, make] of cases) await assertSame(label, make(), xs(11));
  // Dense alone on [batch, features].
  const dense = seq({ layers: [layers.dense({ units: 5, activation: 'relu', inputShape: [F] }), layers.dense({ units: 2 })] }, 8);
  await assertSame('Dense', dense, tensor(values(B * F, 12), [B, F]));
});

test('onnxPredictor: Embedding models take token ids (int64 in the graph), masks included', { skip }, async () => {
  const m = seq({ layers: [layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true, inputShape: [T] }), layers.lstm({ units: 5 }), layers.dense({ units: 3 })] }, 21);
  const ids = tensor([
    [0, 0, 3, 4, 9, 1, 2],
    [5, 6, 7, 8, 9, 1, 2],
    [1, 2, 0, 0, 3, 0, 0],
  ]);
  await assertSame('Embedding(maskZero) + LSTM', m, ids);
  await assert.rejects(onnxPredictor(m).predict(tensor([[1, 2.5, 3, 4, 5, 6, 7]])), /expected integer token ids/);
});

test('onnxPredictor: a float64 model answers in float64, within 1e-5 of its float64 predict', { skip }, async () => {
  setSeed(31);
  const m = sequential({ layers: [layers.lstm({ units: 5, inputShape: [T, F], dtype: 'float64' }), layers.dense({ units: 2, dtype: 'float64' })] });
  randomize(m, 31);
  const x = tensor(values(B * T * F, 32), [B, T, F], 'float64');
  const got = await onnxPredictor(m).predict(x);
  assert.equal(got.dtype, 'float64');
  assert.ok(maxDiff(got, m.predict(x) as Tensor) <= 1e-5);
});

test('onnxPredictor exports once per weight state: again after setWeights and after a training step, not otherwise', { skip }, async () => {
  const m = seq({ layers: [layers.lstm({ units: 5, inputShape: [T, F] }), layers.dense({ units: 1 })] }, 41);
  const p = onnxPredictor(m, { sessionOptions: { intraOpNumThreads: 1 } });
  const x = xs(42);
  await assertSame('first call', m, x, p);
  await assertSame('same weights', m, x, p);
  assert.equal(p.exportCount, 1);

  randomize(m, 43);
  await assertSame('after setWeights', m, x, p);
  assert.equal(p.exportCount, 2);

  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  m.trainOnBatch(x, tensor(values(B, 44), [B, 1]));
  await assertSame('after trainOnBatch', m, x, p);
  assert.equal(p.exportCount, 3);

  // One bit flipped in one weight is a change.
  const w = m.weights[1]!.value.data;
  w[0] = w[0]! + 1e-3;
  await assertSame('after an in-place write', m, x, p);
  assert.equal(p.exportCount, 4);
  await p.dispose();
  await assert.rejects(p.predict(x), /disposed/);
});

test('onnxPredictor: each call uses the weights of its own moment, even while another call is in flight', { skip }, async () => {
  const m = seq({ layers: [layers.gru({ units: 4, inputShape: [T, F] })] }, 51);
  const x = xs(52);
  const p = onnxPredictor(m);
  const before = m.predict(x) as Tensor;
  const first = p.predict(x);
  randomize(m, 53);
  const after = m.predict(x) as Tensor;
  const second = p.predict(x);
  const [a, b] = await Promise.all([first, second]);
  assert.ok(maxDiff(a, before) <= 1e-5, 'the first call saw the old weights');
  assert.ok(maxDiff(b, after) <= 1e-5, 'the second call saw the new weights');
  assert.ok(maxDiff(before, after) > 1e-2, 'the two weight states give different outputs');
  await p.dispose();
});

test('predictAsync: backend onnxruntime matches predict; the default backend is predict itself', { skip }, async () => {
  const m = seq({ layers: [layers.lstm({ units: 5, returnSequences: true, inputShape: [T, F] }), layers.dense({ units: 2 })] }, 61);
  const x = xs(62);
  const want = m.predict(x) as Tensor;
  const viaOrt = (await m.predictAsync(x, { backend: 'onnxruntime' })) as Tensor;
  assert.ok(maxDiff(viaOrt, want) <= 1e-5);
  const again = (await m.predictAsync(x.toArray(), { backend: 'onnxruntime' })) as Tensor;
  assert.ok(maxDiff(again, want) <= 1e-5, 'nested arrays are accepted as by predict');
  assert.deepEqual(Array.from(((await m.predictAsync(x)) as Tensor).data), Array.from(want.data));
  await assert.rejects(m.predictAsync(x, { backend: 'tpu' as 'onnxruntime' }), /option 'backend' expected 'lstm-ts' or 'onnxruntime', got "tpu"/);
  await assert.rejects(m.predictAsync(tensor(values(B * T * 3, 1), [B, T, 3]), { backend: 'onnxruntime' }), /expected shape \[null, 7, 4\], got \[3, 7, 3\]/);
});

test('onnxPredictor: a functional chain model runs too', { skip }, async () => {
  setSeed(71);
  const inp = input({ shape: [T, F] });
  const out = layers.dense({ units: 2 }).apply(layers.lstm({ units: 5 }).apply(inp));
  const m = functionalModel({ inputs: inp, outputs: out });
  randomize(m, 71);
  await assertSame('functional Input -> LSTM -> Dense', m, xs(72));
});

test('onnxPredictor: a model the exporter refuses rejects with its UnsupportedModelError, naming the layer', { skip }, async () => {
  const m = seq({ layers: [layers.conv1d({ filters: 3, kernelSize: 2, inputShape: [T, F] }), layers.lstm({ units: 4 })] }, 81);
  const err = await onnxPredictor(m).predict(xs(82)).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof UnsupportedModelError, `expected an UnsupportedModelError, got ${String(err)}`);
  assert.match(err.message, /conv1d.*\(Conv1D\): no ONNX mapping/);
  await assert.rejects(m.predictAsync(xs(82), { backend: 'onnxruntime' }), UnsupportedModelError);
  assert.throws(() => onnxPredictor(m, { threads: 2 } as never), /unknown option|threads/);
});
