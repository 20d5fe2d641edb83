/**
 * ONNX export of general functional graphs (several inputs and outputs, merges, shared layers,
 * encoder states seeding a decoder, returnState outputs, RepeatVector): every output that
 * onnxruntime computes from the exported bytes equals `model.predict` to 1e-5; graphs with
 * parts ONNX cannot hold are refused with one error listing each.
 *
 * onnxruntime-node is a devDependency: when it cannot load here, the runtime tests are skipped
 * and say why (never counted as a pass).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type LayersModel, type SymbolicTensor, type Tensor, exportOnnxBytes, input, layers, model, onnxPredictor, setSeed, tensor,
} from '../../src/index.node.js';
import { UnsupportedModelError } from '../../src/io/layerRegistry.js';
import { onnxExportIssues } from '../../src/io/onnx/export.js';

type Ort = typeof import('onnxruntime-node');
const loaded = await import('onnxruntime-node').then(
  (m): Ort => m,
  (e: unknown) => `onnxruntime-node cannot load here (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
);
const skip = typeof loaded === 'string' ? loaded : false;

/** `n` values in [-1, 1) from a fixed LCG stream. */
function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1);
}

/** Weights of ±0.8 so that gates saturate and a misplaced gate or state shows. */
function randomize(m: LayersModel, seed: number): void {
  m.setWeights(m.getWeights().map((w, i) => tensor(values(w.size, seed + 31 * i).map((v) => v * 0.8), [...w.shape], w.dtype)));
}

const sym = (x: unknown): SymbolicTensor => x as SymbolicTensor;
const syms = (x: unknown): SymbolicTensor[] => x as SymbolicTensor[];

/**
 * Runs the exported model in onnxruntime on `feeds` (graph input name → tensor; `ids` names the
 * int64 inputs) and asserts every output equals `predict` to 1e-5. Returns the largest error.
 */
async function compare(m: LayersModel, feeds: Record<string, Tensor>, outputs: readonly string[], ids: readonly string[] = []): Promise<number> {
  const ort = loaded as Ort;
  const session = await ort.InferenceSession.create(exportOnnxBytes(m));
  assert.deepEqual([...session.inputNames].sort(), Object.keys(feeds).sort(), 'graph inputs');
  assert.deepEqual([...session.outputNames], [...outputs], 'graph outputs');
  const ortFeeds: Record<string, InstanceType<Ort['Tensor']>> = {};
  for (const [name, t] of Object.entries(feeds)) {
    ortFeeds[name] = ids.includes(name)
      ? new ort.Tensor('int64', BigInt64Array.from(Array.from(t.data, (v) => BigInt(v))), [...t.shape])
      : new ort.Tensor('float32', Float32Array.from(t.data), [...t.shape]);
  }
  const got = await session.run(ortFeeds);
  const predicted = m.predict(m.inputNames.map((n) => feeds[n]!));
  const want = Array.isArray(predicted) ? predicted : [predicted];
  assert.equal(want.length, outputs.length);
  let max = 0;
  outputs.forEach((name, k) => {
    const y = got[name]!;
    assert.deepEqual([...y.dims], [...want[k]!.shape], `output '${name}' shape`);
    const data = y.data as Float32Array;
    for (let i = 0; i < data.length; i++) {
      const d = Math.abs(data[i]! - want[k]!.data[i]!);
      if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
    }
  });
  assert.ok(max <= 1e-5, `max |onnxruntime - predict| = ${max}`);
  await session.release();
  return max;
}

const seq = (b: number, t: number, f: number, seed: number): Tensor => tensor(values(b * t * f, seed), [b, t, f]);

test('two inputs, concatenate, dense: the graph inputs are named after the input layers', { skip }, async () => {
  setSeed(1);
  const a = input({ shape: [null, 3], name: 'series' });
  const b = input({ shape: [4], name: 'static' });
  const h = sym(layers.lstm({ units: 6, name: 'enc' }).apply(a));
  const joined = sym(layers.concatenate({ name: 'join' }).apply([h, b]));
  const out = sym(layers.dense({ units: 2, activation: 'tanh', name: 'head' }).apply(joined));
  const m = model({ inputs: [a, b], outputs: out, name: 'two_in' });
  randomize(m, 11);
  await compare(m, { series: seq(3, 5, 3, 2), static: tensor(values(12, 3), [3, 4]) }, ['head']);
  // A longer series runs too: the time axis is symbolic.
  await compare(m, { series: seq(2, 9, 3, 4), static: tensor(values(8, 5), [2, 4]) }, ['head']);
});

test('a shared LSTM on two inputs, then add, subtract, multiply, average, maximum, minimum', { skip }, async () => {
  setSeed(2);
  const a = input({ shape: [6, 3], name: 'left' });
  const b = input({ shape: [6, 3], name: 'right' });
  const shared = layers.lstm({ units: 4, returnSequences: true, name: 'shared' });
  const ha = sym(shared.apply(a));
  const hb = sym(shared.apply(b));
  const merges = [
    layers.add({ name: 'sum' }).apply([ha, hb]),
    layers.subtract({ name: 'diff' }).apply([ha, hb]),
    layers.multiply({ name: 'prod' }).apply([ha, hb]),
    layers.average({ name: 'avg' }).apply([ha, hb]),
    layers.maximum({ name: 'hi' }).apply([ha, hb]),
    layers.minimum({ name: 'lo' }).apply([ha, hb]),
  ].map(sym);
  const m = model({ inputs: [a, b], outputs: merges, name: 'siamese' });
  randomize(m, 12);
  const bytes = exportOnnxBytes(m);
  // One copy of the shared weights: W, R, B of 'shared' appear once each.
  const text = Buffer.from(bytes).toString('latin1');
  assert.ok(text.includes('shared/W') && !text.includes('shared/W_2'), 'the shared LSTM writes one W initializer');
  await compare(m, { left: seq(2, 6, 3, 6), right: seq(2, 6, 3, 7) }, ['sum', 'diff', 'prod', 'avg', 'hi', 'lo']);
});

test('encoder-decoder: the encoder states seed the decoder, whose returnState outputs are graph outputs', { skip }, async () => {
  setSeed(3);
  for (const kind of ['lstm', 'gru'] as const) {
    const enc = input({ shape: [5, 3], name: 'enc_in' });
    const dec = input({ shape: [4, 2], name: 'dec_in' });
    const make = kind === 'lstm' ? layers.lstm : layers.gru;
    const [, ...states] = syms(make({ units: 4, returnState: true, name: 'encoder' }).apply(enc));
    const [y, ...decStates] = syms(make({ units: 4, returnSequences: true, returnState: true, goBackwards: kind === 'gru', name: 'decoder' }).apply(dec, { initialState: states }));
    const probs = sym(layers.timeDistributed({ layer: layers.dense({ units: 3, activation: 'softmax' }), name: 'probs' }).apply(y!));
    const m = model({ inputs: [enc, dec], outputs: [probs, ...decStates], name: `seq2seq_${kind}` });
    randomize(m, 13);
    const names = kind === 'lstm' ? ['probs', 'output_1', 'output_2'] : ['probs', 'decoder'];
    await compare(m, { enc_in: seq(2, 5, 3, 8), dec_in: seq(2, 4, 2, 9) }, names);
  }
});

test('masked encoder with Embedding maskZero seeds a decoder; padded rows keep Keras semantics', { skip }, async () => {
  setSeed(4);
  const enc = input({ shape: [5], name: 'tokens' });
  const dec = input({ shape: [3, 2], name: 'dec_in' });
  const e = sym(layers.embedding({ inputDim: 7, outputDim: 3, maskZero: true, name: 'emb' }).apply(enc));
  const [, h, c] = syms(layers.lstm({ units: 4, returnState: true, name: 'encoder' }).apply(e));
  const y = sym(layers.lstm({ units: 4, name: 'decoder' }).apply(dec, { initialState: [h!, c!] }));
  const m = model({ inputs: [enc, dec], outputs: [y, h!], name: 'masked_seq2seq' });
  randomize(m, 14);
  // Padding at the end, in the middle, and a row of padding only.
  const tokens = tensor([1, 2, 3, 0, 0, 0, 4, 0, 5, 6, 0, 0, 0, 0, 0], [3, 5]);
  await compare(m, { tokens, dec_in: seq(3, 3, 2, 10) }, ['decoder', 'encoder'], ['tokens']);
});

test('repeatVector seq2seq, permute and dot', { skip }, async () => {
  setSeed(5);
  const x = input({ shape: [6, 2], name: 'x' });
  const code = sym(layers.gru({ units: 5, name: 'code' }).apply(x));
  const repeated = sym(layers.repeatVector({ n: 4, name: 'repeat' }).apply(code));
  const decoded = sym(layers.lstm({ units: 3, returnSequences: true, name: 'dec' }).apply(repeated));
  const permuted = sym(layers.permute({ dims: [2, 1], name: 'perm' }).apply(decoded));
  const scores = sym(layers.dot({ axes: [2, 2], name: 'scores' }).apply([decoded, decoded]));
  const cosine = sym(layers.dot({ axes: 1, normalize: true, name: 'cos' }).apply([code, code]));
  const mixed = sym(layers.dot({ axes: [1, 1], name: 'mixed' }).apply([decoded, sym(layers.dense({ units: 4, name: 'proj' }).apply(code))]));
  const m = model({ inputs: x, outputs: [decoded, permuted, scores, cosine, mixed], name: 'repeat' });
  randomize(m, 15);
  await compare(m, { x: seq(3, 6, 2, 11) }, ['dec', 'perm', 'scores', 'cos', 'mixed']);
});

test('two outputs of one trunk, and the onnxPredictor runs several inputs and outputs', { skip }, async () => {
  setSeed(6);
  const a = input({ shape: [4, 2], name: 'a' });
  const b = input({ shape: [4, 2], name: 'b' });
  const trunk = sym(layers.lstm({ units: 5, name: 'trunk' }).apply(sym(layers.concatenate({ name: 'cat' }).apply([a, b]))));
  const t = sym(layers.dense({ units: 1, name: 'temperature' }).apply(trunk));
  const p = sym(layers.dense({ units: 2, activation: 'softmax', name: 'rain' }).apply(trunk));
  const m = model({ inputs: [a, b], outputs: [t, p], name: 'two_out' });
  randomize(m, 16);
  const xa = seq(3, 4, 2, 12);
  const xb = seq(3, 4, 2, 13);
  await compare(m, { a: xa, b: xb }, ['temperature', 'rain']);
  const predictor = onnxPredictor(m, { runtime: loaded as Ort });
  try {
    const got = await predictor.predictMany([xa, xb]);
    const want = m.predict([xa, xb]) as Tensor[];
    assert.equal(got.length, 2);
    want.forEach((w, k) => {
      assert.deepEqual([...got[k]!.shape], [...w.shape]);
      const err = Math.max(...Array.from(w.data, (v, i) => Math.abs(v - got[k]!.data[i]!)));
      assert.ok(err < 1e-5, `output ${k}: max error ${err}`);
    });
    await assert.rejects(predictor.predict([xa, xb] as never), /several inputs or outputs.*predictMany/);
  } finally {
    await predictor.dispose();
  }
});

test('attention on an encoder-decoder: Luong (dot with scale, concat mode, scores returned) and Bahdanau with a key', { skip }, async () => {
  setSeed(8);
  const enc = input({ shape: [5, 3], name: 'enc_in' });
  const dec = input({ shape: [4, 2], name: 'dec_in' });
  const [encSeq, h, c] = syms(layers.lstm({ units: 4, returnSequences: true, returnState: true, name: 'encoder' }).apply(enc));
  const decSeq = sym(layers.lstm({ units: 4, returnSequences: true, name: 'decoder' }).apply(dec, { initialState: [h!, c!] }));
  const [context, weights] = syms(layers.attention({ useScale: true, returnAttentionScores: true, name: 'luong' }).apply([decSeq, encSeq!]));
  const concatMode = sym(layers.attention({ useScale: true, scoreMode: 'concat', name: 'luong_concat' }).apply([decSeq, encSeq!]));
  const key = sym(layers.dense({ units: 4, name: 'key' }).apply(encSeq!));
  const bahdanau = sym(layers.additiveAttention({ name: 'bahdanau' }).apply([decSeq, encSeq!, key]));
  const m = model({ inputs: [enc, dec], outputs: [context!, weights!, concatMode, bahdanau], name: 'attn' });
  randomize(m, 17);
  // Scales away from 1 so that a missing scale shows.
  m.setWeights(m.getWeights().map((w) => (w.shape.length === 0 ? tensor([1.7], []) : w)));
  await compare(m, { enc_in: seq(2, 5, 3, 14), dec_in: seq(2, 4, 2, 15) }, ['output_0', 'output_1', 'luong_concat', 'bahdanau']);
});

test('graphs with parts ONNX cannot hold are refused with one error listing each', () => {
  setSeed(7);
  const tokens = input({ shape: [5], name: 'tokens' });
  const other = input({ shape: [5, 3], name: 'other' });
  const e = sym(layers.embedding({ inputDim: 6, outputDim: 3, maskZero: true, name: 'emb' }).apply(tokens));
  const masked = sym(layers.add({ name: 'masked_add' }).apply([e, other]));
  const bi = syms(layers.bidirectional({ layer: layers.lstm({ units: 2, returnState: true }), name: 'bi' }).apply(other));
  const conv = sym(layers.conv1d({ filters: 2, kernelSize: 2, name: 'conv' }).apply(other));
  const m = model({ inputs: [tokens, other], outputs: [masked, bi[0]!, conv], name: 'refused' });
  const issues = onnxExportIssues(m);
  assert.ok(issues.some((i) => /layer 'masked_add' \(Add\): a mask .* reaches it/.test(i)), issues.join('\n'));
  assert.ok(issues.some((i) => /layer 'bi' \(Bidirectional\): a Bidirectional with initialState, returnState/.test(i)), issues.join('\n'));
  assert.ok(issues.some((i) => /layer 'conv' \(Conv1D\): no ONNX mapping/.test(i)), issues.join('\n'));
  assert.throws(() => exportOnnxBytes(m), (err: Error) => err instanceof UnsupportedModelError && /masked_add/.test(err.message) && /'conv'/.test(err.message) && /'bi'/.test(err.message));
  const two = model({ inputs: [other], outputs: [sym(layers.dense({ units: 2, name: 'd' }).apply(other)), sym(layers.flatten({ name: 'flat' }).apply(other))] });
  assert.throws(() => exportOnnxBytes(two, { outputName: 'y' }), /option 'outputName' names the one output of a model, but model .* has 2/);
});
