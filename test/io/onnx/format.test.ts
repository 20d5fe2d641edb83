/**
 * The ONNX file itself: protobuf encoding, the opset and IR version, the operators used (the
 * recurrent layers are single LSTM/GRU/RNN nodes, not unrolled), symbolic batch and time
 * axes, attribute values, the error listing every unsupported feature, and `exportOnnx`
 * writing a file onnxruntime opens by path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, setSeed, tensor } from '../../../src/index.js';
import { ProtoWriter } from '../../../src/io/onnx/protobuf.js';
import { exportOnnxBytes, onnxExportIssues, ONNX_OPSET_VERSION } from '../../../src/io/onnx/index.js';
import { exportOnnx } from '../../../src/io/onnx/node.js';
import { tempDir } from '../helpers.js';
import { decodeMessage, ort, randomizeWeights, str, summarizeModel } from './helpers.js';

test('protobuf writer: varints, negative int64, floats, strings, nested and packed fields', () => {
  const w = new ProtoWriter();
  w.int64(1, 150);
  w.int64(2, -1);
  w.int64(3, 2 ** 40 + 5);
  w.int64(4, -(2 ** 63));
  w.float(5, 0.2);
  w.string(6, 'héllo');
  w.message(7, (m) => m.int64(1, 0));
  w.packedInt64(8, [1, 300]);
  w.repeatedInt64(9, [3, 4]);
  const bytes = w.finish();
  // 150 = 0x96 0x01 after key 0x08 (field 1, varint): the protobuf documentation's example.
  assert.deepEqual([...bytes.subarray(0, 3)], [0x08, 0x96, 0x01]);
  // -1 as int64 is ten bytes: nine 0xff and a final 0x01.
  assert.deepEqual([...bytes.subarray(3, 14)], [0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  const f = decodeMessage(bytes);
  assert.equal(f.get(1)![0], 150n);
  assert.equal(f.get(2)![0], 2n ** 64n - 1n);
  assert.equal(f.get(3)![0], 2n ** 40n + 5n);
  assert.equal(f.get(4)![0], 2n ** 63n);
  assert.equal(f.get(5)![0], Math.fround(0.2));
  assert.equal(str(f.get(6)![0]), 'héllo');
  assert.equal(decodeMessage(f.get(7)![0] as Uint8Array).get(1)![0], 0n);
  assert.deepEqual([...(f.get(8)![0] as Uint8Array)], [0x01, 0xac, 0x02]);
  assert.deepEqual(f.get(9), [3n, 4n]);
  assert.throws(() => w.int64(1, 2 ** 64), /does not fit in 64 bits/);
  assert.throws(() => w.int64(1, 1.5), /expected an integer/);
});

function bidirectionalModel() {
  setSeed(5);
  const m = sequential({ layers: [
    layers.embedding({ inputDim: 10, outputDim: 3, maskZero: true, inputShape: [null] }),
    layers.bidirectional({ layer: layers.lstm({ units: 4, recurrentActivation: 'hardSigmoid', returnSequences: true }) }),
    layers.gru({ units: 3, goBackwards: true }),
    layers.dense({ units: 2, activation: 'softmax' }),
  ] });
  randomizeWeights(m, 5);
  return m;
}

test('opset 14, IR 7, one LSTM/GRU node per layer, no loops, symbolic batch and time', () => {
  const s = summarizeModel(exportOnnxBytes(bidirectionalModel()));
  assert.equal(s.opset, 14);
  assert.equal(ONNX_OPSET_VERSION, 14);
  assert.equal(s.irVersion, 7);
  assert.equal(s.opTypes.filter((o) => o === 'LSTM').length, 1);
  assert.equal(s.opTypes.filter((o) => o === 'GRU').length, 1);
  for (const unrolled of ['Loop', 'Scan', 'If']) assert.ok(!s.opTypes.includes(unrolled), `no ${unrolled}`);
  assert.ok(s.opTypes.includes('Gather') && s.opTypes.includes('MatMul') && s.opTypes.includes('Softmax'));
  assert.deepEqual(s.inputs, [{ name: 'input', elemType: 7, dims: ['batch', 'time'] }]);
  assert.deepEqual(s.outputs, [{ name: 'output', elemType: 1, dims: ['batch', 2] }]);

  const lstm = s.nodes.find((n) => n.opType === 'LSTM')!;
  assert.equal(str(lstm.attributes.get('direction')!.get(4)![0]), 'bidirectional');
  assert.equal(lstm.attributes.get('hidden_size')!.get(3)![0], 4n);
  assert.deepEqual(lstm.attributes.get('activations')!.get(9)!.map(str), ['HardSigmoid', 'Tanh', 'Tanh', 'HardSigmoid', 'Tanh', 'Tanh']);
  assert.deepEqual(lstm.attributes.get('activation_alpha')!.get(7), [Math.fround(0.2), Math.fround(0.2)]);
  assert.deepEqual(lstm.attributes.get('activation_beta')!.get(7), [0.5, 0.5]);
  const gru = s.nodes.find((n) => n.opType === 'GRU')!;
  assert.equal(str(gru.attributes.get('direction')!.get(4)![0]), 'reverse');
  assert.equal(gru.attributes.get('linear_before_reset')!.get(3)![0], 1n);
  assert.equal(gru.attributes.has('activations'), false, 'default activations are left implicit');
});

test('SimpleRNN is an RNN node; GRU resetAfter=false has linear_before_reset = 0', () => {
  setSeed(6);
  const m = sequential({ layers: [layers.simpleRNN({ units: 3, inputShape: [null, 2], returnSequences: true }), layers.gru({ units: 2, resetAfter: false })] });
  const s = summarizeModel(exportOnnxBytes(m));
  assert.deepEqual(s.opTypes.filter((o) => ['RNN', 'GRU', 'LSTM'].includes(o)), ['RNN', 'GRU']);
  assert.equal(s.nodes.find((n) => n.opType === 'GRU')!.attributes.get('linear_before_reset')!.get(3)![0], 0n);
  assert.deepEqual(s.inputs[0]!.dims, ['batch', 'time', 2]);
  assert.deepEqual(s.outputs[0]!.dims, ['batch', 2]);
});

test('a declared fixed time axis is still exported as symbolic; returned sequences keep it', () => {
  setSeed(7);
  const m = sequential({ layers: [layers.lstm({ units: 3, inputShape: [10, 2], returnSequences: true }), layers.dense({ units: 1 })] });
  const s = summarizeModel(exportOnnxBytes(m));
  assert.deepEqual(s.inputs[0]!.dims, ['batch', 'time', 2]);
  assert.deepEqual(s.outputs[0]!.dims, ['batch', 'time', 1]);
});

test('custom input and output names, and the options are checked', async () => {
  setSeed(8);
  const m = sequential({ layers: [layers.gru({ units: 2, inputShape: [null, 2] })] });
  const bytes = exportOnnxBytes(m, { inputName: 'x', outputName: 'y', docString: 'doc' });
  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual([...session.inputNames], ['x']);
  assert.deepEqual([...session.outputNames], ['y']);
  assert.equal(str(decodeMessage(bytes).get(6)![0]), 'doc');
  assert.throws(() => exportOnnxBytes(m, { inputName: '' }), /option 'inputName' expected a non-empty string/);
  assert.throws(() => exportOnnxBytes(m, { inputName: 'a', outputName: 'a' }), /must differ/);
  assert.throws(() => exportOnnxBytes(m, { opset: 13 } as never), /unknown option 'opset'/);
});

test('unsupported layers and options: one error listing every problem', () => {
  setSeed(9);
  const m = sequential({ layers: [
    layers.lstm({ units: 3, batchInputShape: [2, 4, 3], stateful: true, returnSequences: true }),
    layers.timeDistributed({ layer: layers.gru({ units: 2 }) }),
    layers.embedding({ inputDim: 5, outputDim: 2 }),
  ] });
  const issues = onnxExportIssues(m);
  assert.equal(issues.length, 3, issues.join('\n'));
  assert.throws(() => exportOnnxBytes(m), (e: Error) => {
    assert.equal(e.name, 'UnsupportedModelError');
    assert.match(e.message, /cannot be exported to ONNX/);
    assert.match(e.message, /3 unsupported features/);
    assert.match(e.message, /layer 'lstm\S*' \(LSTM\): stateful: true/);
    assert.match(e.message, /TimeDistributed\(GRU\) is not supported/);
    assert.match(e.message, /Embedding is exported only as the first layer/);
    return true;
  });
  const unbuilt = sequential({ layers: [layers.lstm({ units: 2 })] });
  assert.throws(() => exportOnnxBytes(unbuilt), /not built \(declare 'inputShape'/);
  assert.throws(() => exportOnnxBytes(sequential()), /the model has no layers/);
});

test('exportOnnx writes a file that onnxruntime opens by path', async () => {
  const dir = tempDir('lstm-ts-onnx-');
  const m = bidirectionalModel();
  const path = join(dir, 'nested', 'model.onnx');
  const { bytes } = await exportOnnx(m, path);
  assert.equal(readFileSync(path).length, bytes);
  const session = await ort.InferenceSession.create(path);
  const ids = tensor([[1, 2, 0], [0, 4, 5]], [2, 3]);
  const out = await session.run({ input: new ort.Tensor('int64', BigInt64Array.from([1n, 2n, 0n, 0n, 4n, 5n]), [2, 3]) });
  const want = m.predict(ids);
  const got = out['output']!.data as Float32Array;
  want.data.forEach((v, i) => assert.ok(Math.abs(v - got[i]!) <= 1e-5));
  await assert.rejects(exportOnnx(m, ''), /argument 'path' expected a file path/);
});
