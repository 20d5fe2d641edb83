/**
 * The safetensors reader and writer on their own, and bad files: each error names the source
 * and the tensor and says what is wrong; a failed import changes no weight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, sequential, setSeed } from '../../../src/index.js';
import {
  encodeSafetensors, exportSafetensors, importPyTorchState, parseSafetensors, SafetensorsError,
} from '../../../src/io/safetensors/index.js';

/** A file with `header` (object or raw text) and `data`; `length` overrides the 8-byte header length. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), length?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, length ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (xs: number[]): Uint8Array => new Uint8Array(Float32Array.from(xs).buffer);
const u16 = (xs: number[]): Uint8Array => new Uint8Array(Uint16Array.from(xs).buffer);

test('encode → parse round trip, header padded to 8 bytes, metadata kept', () => {
  const bytes = encodeSafetensors(
    { a: { shape: [2, 3], data: [1, 2, 3, 4, 5, 6.5] }, b: { shape: [], data: [Math.PI], dtype: 'F64' }, empty: { shape: [0, 4], data: [] } },
    { format: 'pt' },
  );
  const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(n % 8, 0);
  const parsed = parseSafetensors(bytes);
  assert.deepEqual(parsed.metadata, { format: 'pt' });
  assert.deepEqual([...parsed.tensors.keys()], ['a', 'b', 'empty']);
  assert.deepEqual(Array.from(parsed.tensors.get('a')!.values()), [1, 2, 3, 4, 5, 6.5]);
  assert.deepEqual(parsed.tensors.get('a')!.shape, [2, 3]);
  assert.equal(parsed.tensors.get('b')!.values()[0], Math.PI);
  assert.equal(parsed.tensors.get('empty')!.values().length, 0);
  assert.throws(() => encodeSafetensors({ x: { shape: [2], data: [1] } }), /has shape \[2\] \(2 values\) but 1 values/);
});

test('F16 and BF16 decoding, including subnormals and infinities', () => {
  const half = [0x3c00, 0xc000, 0x0001, 0x7bff, 0x7c00, 0xfc00, 0x3555, 0x0000, 0x8000];
  const file = rawFile({ h: { dtype: 'F16', shape: [9], data_offsets: [0, 18] }, b: { dtype: 'BF16', shape: [2], data_offsets: [18, 22] } },
    new Uint8Array([...u16(half), ...u16([0x3f80, 0xc0a0])]));
  const p = parseSafetensors(file);
  const h = Array.from(p.tensors.get('h')!.values());
  assert.deepEqual(h.slice(0, 6), [1, -2, 2 ** -24, 65504, Infinity, -Infinity]);
  assert.ok(Math.abs(h[6]! - 1 / 3) < 1e-3);
  assert.ok(Object.is(h[8], -0));
  assert.deepEqual(Array.from(p.tensors.get('b')!.values()), [1, -5]);
});

test('malformed files: each error says what is wrong', () => {
  const ok = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const cases: [string, Uint8Array, RegExp][] = [
    ['too short', new Uint8Array(5), /5 bytes is too short for a safetensors file/],
    ['header length past the end', rawFile(ok, f32([1, 2]), 1000n), /header length 1000 \(first 8 bytes\) is larger than the \d+ bytes after them/],
    ['huge header length', rawFile(ok, f32([1, 2]), 2n ** 62n), /header length 4611686018427387904 .* is larger than/],
    ['not JSON', rawFile('{"w": nope}', f32([1, 2])), /header is not UTF-8 JSON/],
    ['not UTF-8', (() => { const b = rawFile('{"xx":1}'); b[10] = 0xff; return b; })(), /header is not UTF-8 JSON/],
    ['entry not an object', rawFile({ w: 1 }), /tensor 'w': expected \{ dtype, shape, data_offsets \}, got 1/],
    ['array header', rawFile('[1, 2]'), /the header is not a JSON object/],
    ['bad metadata', rawFile({ __metadata__: { a: 1 } }), /'__metadata__' entry 'a' must be a string, got 1/],
    ['unknown dtype', rawFile({ w: { dtype: 'F33', shape: [2], data_offsets: [0, 8] } }, f32([1, 2])), /tensor 'w': unknown dtype "F33"/],
    ['bad shape', rawFile({ w: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } }, f32([1, 2])), /tensor 'w': 'shape' must be an array of non-negative integers, got \[2,-1\]/],
    ['reversed offsets', rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, f32([1, 2])), /tensor 'w': 'data_offsets' must be \[begin, end\]/],
    ['offsets past the data', rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 12] } }, f32([1, 2])), /tensor 'w': data_offsets \[0, 12\] go past the end of the data \(8 bytes after the header\)/],
    ['offsets lying about the size', rawFile({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32([1, 2])), /tensor 'w': data_offsets \[0, 8\] hold 8 bytes, but F32 shape \[3\] needs 3 × 4 = 12/],
    ['overlapping tensors', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32([1, 2])), /tensor 'b': data_offsets \[4, 8\] overlap the previous tensor's bytes \(which end at 8\)/],
    ['a gap', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32([1, 2])), /tensor 'a': data_offsets \[4, 8\] leave bytes 0\.\.4 unused/],
    ['trailing bytes', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32([1, 2])), /the tensors cover 4 bytes but 8 bytes follow the header/],
  ];
  for (const [label, bytes, message] of cases) {
    assert.throws(() => parseSafetensors(bytes, { source: 'bad.safetensors' }), (e: Error) => {
      assert.ok(e instanceof SafetensorsError, `${label}: ${e.name}`);
      assert.ok(e.message.startsWith('bad.safetensors: '), `${label}: ${e.message}`);
      assert.match(e.message, message, label);
      return true;
    }, label);
  }
  const ints = rawFile({ i: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8));
  assert.throws(() => parseSafetensors(ints).tensors.get('i')!.values(), /tensor 'i': dtype I64 is not a float type/);
});

function smallModel() {
  setSeed(3);
  return sequential({ layers: [layers.lstm({ units: 2, inputShape: [null, 3], name: 'lstm' }), layers.dense({ units: 1, name: 'dense' })] });
}

test('import problems: wrong shapes, NaN, missing and unused keys, non-float dtypes — all listed, nothing changed', () => {
  const model = smallModel();
  const good = parseSafetensors(exportSafetensors(model));
  const tensors: Record<string, { shape: number[]; data: number[] }> = {};
  for (const [k, e] of good.tensors) tensors[k] = { shape: [...e.shape], data: Array.from(e.values()) };
  tensors['lstm.weight_hh_l0'] = { shape: [2, 8], data: new Array(16).fill(0) };
  tensors['lstm.bias_ih_l0']!.data[3] = NaN;
  tensors['dense.weight']!.data[0] = Infinity;
  delete tensors['dense.bias'];
  tensors['extra.weight'] = { shape: [1], data: [0] };
  const bytes = encodeSafetensors(tensors);
  const before = model.getWeights().map((w) => Array.from(w.data));
  assert.throws(() => importPyTorchState(bytes, model, { source: 'net.safetensors' }), (e: Error) => {
    assert.match(e.message, /^importPyTorchState: net\.safetensors: 5 problems, no weights were changed/);
    assert.match(e.message, /tensor 'lstm\.weight_hh_l0' has shape \[2, 8\], expected \[8, 2\] for layer 'lstm'/);
    assert.match(e.message, /tensor 'lstm\.bias_ih_l0' has 1 non-finite value \(first: NaN at flat index 3\)/);
    assert.match(e.message, /tensor 'dense\.weight' has 1 non-finite value \(first: Infinity at flat index 0\)/);
    assert.match(e.message, /missing key 'dense\.bias' \(shape \[1\], for layer 'dense'\)/);
    assert.match(e.message, /1 key no layer reads: 'extra\.weight'/);
    return true;
  });
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.data)), before, 'no weight changed');

  const ints = rawFile({ 'dense.bias': { dtype: 'I32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4));
  assert.throws(() => importPyTorchState(ints, model, { allowUnusedKeys: true }), /tensor 'dense\.bias': dtype I32 is not a float type/);
  assert.throws(() => importPyTorchState(new Uint8Array(3), model, { source: 'x.st' }), /importPyTorchState: x\.st: 3 bytes is too short/);
});

test('allowUnusedKeys accepts extra keys and reports them', () => {
  const model = smallModel();
  const base = parseSafetensors(exportSafetensors(model));
  const tensors: Record<string, { shape: number[]; data: number[] }> = { 'optimizer.step': { shape: [1], data: [7] } };
  for (const [k, e] of base.tensors) tensors[k] = { shape: [...e.shape], data: Array.from(e.values()) };
  const r = importPyTorchState(encodeSafetensors(tensors), model, { allowUnusedKeys: true });
  assert.deepEqual(r.unused, ['optimizer.step']);
  assert.equal(r.loaded.length, 6);
});

test('models PyTorch cannot express, bad options and colliding names are errors', () => {
  setSeed(4);
  const m = sequential({ layers: [
    layers.gru({ units: 2, resetAfter: false, inputShape: [null, 3], returnSequences: true }),
    layers.lstm({ units: 2, recurrentActivation: 'hardSigmoid', returnSequences: true }),
    layers.simpleRNN({ units: 2, activation: 'sigmoid' }),
  ] });
  assert.throws(() => exportSafetensors(m), (e: Error) => {
    assert.match(e.message, /cannot be mapped to PyTorch parameters \(3 problems\)/);
    assert.match(e.message, /GRU with resetAfter: false has no PyTorch equivalent/);
    assert.match(e.message, /recurrentActivation 'hardSigmoid': PyTorch's nn\.LSTM computes tanh \/ sigmoid only/);
    assert.match(e.message, /activation 'sigmoid': nn\.RNN has nonlinearity 'tanh' or 'relu' only/);
    return true;
  });
  const two = sequential({ layers: [layers.lstm({ units: 2, inputShape: [null, 3], returnSequences: true, name: 'a' }), layers.lstm({ units: 2, name: 'b' })] });
  assert.throws(() => exportSafetensors(two, { modules: { a: 'rnn', b: 'rnn' } }), /key 'rnn\.weight_ih_l0' would be used by both layer 'a' and layer 'b'/);
  const model = smallModel();
  assert.throws(() => exportSafetensors(model, { modules: { nope: 'x' } }), /option 'modules' names layer 'nope', which the model does not have \(layers: lstm, dense\)/);
  assert.throws(() => exportSafetensors(model, { modules: { lstm: { module: 'rnn', layer: -1 } } }), /option 'modules\.lstm' expected a module path or \{ module, layer \}/);
  assert.throws(() => exportSafetensors(model, { dtype: 'F16' as 'F32' }), /option 'dtype' expected 'F32' or 'F64'/);
  assert.throws(() => importPyTorchState(new Uint8Array(8), model, { strict: true } as never), /unknown option 'strict'/);
  assert.throws(() => exportSafetensors(sequential({ layers: [layers.lstm({ units: 2 })] })), /not built/);
});
