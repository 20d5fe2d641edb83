/**
 * The small Keras files of test/fixtures/keras (written with h5py by
 * generate_keras_fixtures.py, one per layout and layer kind) load, and predict what an
 * independent float64 numpy forward pass of the Keras equations computed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { layers, sequential, tensor, ValueError, type Sequential } from '../../../src/index.js';
import { loadKerasModel, loadKerasWeights } from '../../../src/io/keras/node.js';
import * as browser from '../../../src/io/keras/index.js';
import { openHdf5 } from '../../../src/io/keras/hdf5.js';
import { saveToMemory, loadFromMemory, UnsupportedModelError } from '../../../src/io/index.js';
import { LSTM } from '../../../src/layers/lstm.js';
import { Dense } from '../../../src/layers/dense.js';
import { assertClose } from '../../helpers/fixtures.js';
import { asSequential } from '../../helpers/models.js';
import type { LayersModel } from '../../../src/models/layersModel.js';
import { expectedModels, fixturePath, summaryLines } from './helpers.js';

const models = expectedModels();
const RTOL = 1e-5;
const ATOL = 1e-6;

/** Every way a fixture can be loaded (file names from expected.json). */
const loaders: Record<string, [string, () => Promise<LayersModel>][]> = {
  k2_lstm: [
    ['k2_lstm.h5 (model.save)', () => loadKerasModel(fixturePath('k2_lstm.h5'))],
    ['k2_lstm.json + k2_lstm_weights.h5 (to_json + save_weights)', () => loadKerasModel(fixturePath('k2_lstm.json'), { weights: fixturePath('k2_lstm_weights.h5') })],
  ],
  k2_gru: [['k2_gru.h5', () => loadKerasModel(fixturePath('k2_gru.h5'))]],
  tfk_embedding_gru: [['tfk_embedding_gru.h5', () => loadKerasModel(fixturePath('tfk_embedding_gru.h5'))]],
  tfk_masking_rnn: [['tfk_masking_rnn.h5', () => loadKerasModel(fixturePath('tfk_masking_rnn.h5'))]],
  k2_bidirectional: [['k2_bidirectional.h5', () => loadKerasModel(fixturePath('k2_bidirectional.h5'))]],
  k2_reshape: [
    ['k2_reshape.h5', () => loadKerasModel(fixturePath('k2_reshape.h5'))],
    ['k2_reshape_latest.h5 (HDF5 superblock v3)', () => loadKerasModel(fixturePath('k2_reshape_latest.h5'))],
  ],
  k1: [
    ['k1_model.json + k1_weights.h5 (Keras 1 to_json + save_weights)', () => loadKerasModel(fixturePath('k1_model.json'), { weights: fixturePath('k1_weights.h5') })],
    ['k1_full.h5 (Keras 1 model.save)', () => loadKerasModel(fixturePath('k1_full.h5'))],
  ],
  k3: [
    ['k3_model.keras', () => loadKerasModel(fixturePath('k3_model.keras'))],
    ['k3_model.keras config + k3_model.weights.h5', () => loadKerasModel(fixturePath('k3_model.keras'), { weights: fixturePath('k3_model.weights.h5') })],
  ],
};

test('every fixture model in expected.json has a loader here', () => {
  assert.deepEqual(Object.keys(loaders).sort(), Object.keys(models).sort());
});

for (const [name, cases] of Object.entries(loaders)) {
  for (const [label, load] of cases) {
    test(`${name}: ${label} predicts the numpy reference (${models[name]!.layout})`, async () => {
      const model = asSequential(await load());
      const ref = models[name]!;
      const lines = summaryLines(model);
      assert.ok(lines.some((l) => l.startsWith('Total params:')), lines.join('\n'));
      const y = model.predict(ref.input as number[][]);
      assert.deepEqual(y.shape, ref.output_shape);
      const worst = assertClose(y.toArray(), ref.output, `${name} via ${label}`, RTOL, ATOL);
      assert.ok(worst < 1e-6, `max abs diff ${worst}`);
    });
  }
}

test('the model summary of a Keras 2.2 Bidirectional file names both directions and the merge', async () => {
  const model = await loadKerasModel(fixturePath('k2_bidirectional.h5'));
  const text = summaryLines(model).join('\n');
  assert.match(text, /bidirectional_1 \(Bidirectiona/);
  assert.match(text, /\(None, 5, 6\)/); // concat of 2 x 3 units
  assert.match(text, /\(None, 5, 2\)/); // sum / ave keep 2 units
  assert.deepEqual(model.layers.map((l) => l.className), ['Bidirectional', 'Bidirectional', 'Bidirectional', 'Bidirectional', 'Dense', 'Activation']);
});

test('bytes in every form load like the path; the browser entry point reads bytes too', async () => {
  const ref = models['k2_lstm']!;
  const buf = readFileSync(fixturePath('k2_lstm.h5'));
  const padded = new Uint8Array(buf.length + 16);
  padded.set(buf, 7);
  const sources = [
    buf,
    new Uint8Array(buf),
    buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    padded.subarray(7, 7 + buf.length),
    new DataView(padded.buffer, 7, buf.length),
  ];
  for (const source of sources) {
    for (const load of [loadKerasModel, browser.loadKerasModel]) {
      const model = asSequential(await load(source));
      assertClose(model.predict(ref.input as number[][]).toArray(), ref.output, 'k2_lstm from bytes', RTOL, ATOL);
    }
  }
  const url = new URL(`file://${fixturePath('k2_lstm.h5')}`);
  assertClose(asSequential(await loadKerasModel(url)).predict(ref.input as number[][]).toArray(), ref.output, 'k2_lstm from a file URL', RTOL, ATOL);
});

test('the browser entry point fetches URLs, and names the URL when the server says no', async () => {
  const { createServer } = await import('node:http');
  const body = readFileSync(fixturePath('k2_gru.h5'));
  const server = createServer((req, res) => {
    if (req.url === '/k2_gru.h5') res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as { port: number };
    const ref = models['k2_gru']!;
    for (const load of [browser.loadKerasModel, loadKerasModel]) {
      const model = asSequential(await load(`http://127.0.0.1:${port}/k2_gru.h5`));
      assertClose(model.predict(ref.input as number[][]).toArray(), ref.output, 'fetched', RTOL, ATOL);
    }
    await assert.rejects(browser.loadKerasModel(`http://127.0.0.1:${port}/nope.h5`), /loadKerasModel: fetching 'http:\/\/127\.0\.0\.1:\d+\/nope\.h5' gave HTTP 404/);
  } finally {
    server.close();
  }
});

test('save_weights output fits a model built here with other layer names (matched by position, as Keras does)', async () => {
  const ref = models['k2_lstm']!;
  const model = sequential({
    layers: [
      layers.lstm({ units: 5, returnSequences: true, recurrentActivation: 'hardSigmoid', inputShape: [6, 3] }),
      layers.dropout({ rate: 0.3 }),
      layers.lstm({ units: 4, goBackwards: true, recurrentActivation: 'sigmoid' }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  await loadKerasWeights(model, fixturePath('k2_lstm_weights.h5'));
  assertClose(model.predict(ref.input as number[][]).toArray(), ref.output, 'positional', RTOL, ATOL);
  // A full model file's weights load the same way.
  await loadKerasWeights(model, fixturePath('k2_lstm.h5'));
  assertClose(model.predict(ref.input as number[][]).toArray(), ref.output, 'from the full file', RTOL, ATOL);
});

test('Keras 3 weights (.keras and .weights.h5) fit a model built here, matched by class and position', async () => {
  const ref = models['k3']!;
  const build = (): Sequential =>
    sequential({
      layers: [
        layers.bidirectional({ layer: layers.gru({ units: 3, returnSequences: true, resetAfter: true }), inputShape: [5, 3] }),
        layers.timeDistributed({ layer: layers.dense({ units: 2, activation: 'tanh' }) }),
        layers.simpleRNN({ units: 3, returnSequences: true }),
        layers.lstm({ units: 3, recurrentActivation: 'hardSigmoidKeras3' }),
        layers.dense({ units: 2, activation: 'hardSigmoidKeras3' }),
      ],
    });
  for (const file of ['k3_model.keras', 'k3_model.weights.h5']) {
    const model = build();
    await loadKerasWeights(model, fixturePath(file));
    assertClose(model.predict(ref.input as number[][]).toArray(), ref.output, file, RTOL, ATOL);
  }
});

test("Keras 3's hard_sigmoid is x/6 + 0.5 (hardSigmoidKeras3); the same file read as Keras 2 computes something else", async () => {
  const ref = models['k3']!;
  const model = await loadKerasModel(fixturePath('k3_model.keras'));
  const lstm = model.layers[3] as LSTM;
  assert.equal(lstm.recurrentActivation.name, 'hardSigmoidKeras3');
  assert.equal((model.layers[4] as Dense).activation, 'hardSigmoidKeras3');
  assert.equal(lstm.recurrentActivation.forward(1.2), 0.7);
  // Negative control: claim Keras 2.15 in metadata.json, so 'hard_sigmoid' means 0.2x + 0.5.
  const files = unzipSync(new Uint8Array(readFileSync(fixturePath('k3_model.keras'))));
  const meta = JSON.parse(strFromU8(files['metadata.json']!)) as Record<string, string>;
  files['metadata.json'] = strToU8(JSON.stringify({ ...meta, keras_version: '2.15.0' }));
  const asKeras2 = asSequential(await loadKerasModel(zipSync(files)));
  assert.equal((asKeras2.layers[3] as LSTM).recurrentActivation.name, 'hardSigmoid');
  const a = asKeras2.predict(ref.input as number[][]).data;
  const e = (ref.output as number[][]).flat();
  const diff = Math.max(...e.map((v, i) => Math.abs(v - a[i]!)));
  assert.ok(diff > 1e-3, `reading the Keras 3 file with Keras 2's hard_sigmoid should change the output (diff ${diff})`);
});

test('Keras 1 per-gate arrays (stored i, c, f, o) are concatenated in the Keras 2 gate order i, f, c, o', async () => {
  const model = await loadKerasModel(fixturePath('k1_full.h5'));
  const lstm = model.layers[0] as LSTM;
  assert.equal(lstm.recurrentActivation.name, 'hardSigmoid');
  assert.equal(lstm.unitForgetBias, true);
  const [kernel, recurrent, bias] = lstm.getWeights();
  const file = openHdf5(new Uint8Array(readFileSync(fixturePath('k1_full.h5'))), 'k1_full.h5');
  const U = 4;
  const read = (name: string): Float32Array => {
    const ds = file.get(`model_weights/lstm_1/${name}`);
    assert.ok(ds && ds.kind === 'dataset', name);
    return ds.read();
  };
  ['i', 'f', 'c', 'o'].forEach((gate, k) => {
    const W = read(`lstm_1_W_${gate}:0`);
    const Uw = read(`lstm_1_U_${gate}:0`);
    const b = read(`lstm_1_b_${gate}:0`);
    for (let r = 0; r < 3; r++) for (let u = 0; u < U; u++) assert.equal(kernel!.data[r * 4 * U + k * U + u], W[r * U + u], `W_${gate}[${r}][${u}]`);
    for (let r = 0; r < U; r++) for (let u = 0; u < U; u++) assert.equal(recurrent!.data[r * 4 * U + k * U + u], Uw[r * U + u], `U_${gate}`);
    for (let u = 0; u < U; u++) assert.equal(bias!.data[k * U + u], b[u], `b_${gate}`);
  });
});

/** A Keras 2 functional config (Input -> layers in a chain) from a Sequential config. */
function functionalConfig(seqJson: { config: { name: string; layers: { class_name: string; config: Record<string, unknown> }[] } }, keras3: boolean): object {
  const seq = seqJson.config.layers;
  const first = seq[0]!.config;
  const input = { class_name: 'InputLayer', name: 'input_1', config: { batch_input_shape: first['batch_input_shape'], dtype: 'float32', sparse: false, name: 'input_1' }, inbound_nodes: [] };
  const chain = seq.map((spec, i) => {
    const prev = i === 0 ? 'input_1' : (seq[i - 1]!.config['name'] as string);
    const config = { ...spec.config };
    delete config['batch_input_shape'];
    const inbound = keras3
      ? [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null], dtype: 'float32', keras_history: [prev, 0, 0] } }], kwargs: { training: false } }]
      : [[[prev, 0, 0, {}]]];
    return { class_name: spec.class_name, name: config['name'], config, inbound_nodes: inbound };
  });
  const last = seq[seq.length - 1]!.config['name'];
  return {
    class_name: keras3 ? 'Functional' : 'Model',
    config: { name: 'model', layers: [input, ...chain], input_layers: [['input_1', 0, 0]], output_layers: [[last, 0, 0]] },
    // The layers use Keras 2's hard_sigmoid, so the version stays 2.x; only the node format changes.
    keras_version: '2.4.0',
  };
}

test('functional models that are a plain chain load as Sequential (Keras 2 and Keras 3 node formats)', async () => {
  const ref = models['k2_lstm']!;
  const seqJson = JSON.parse(readFileSync(fixturePath('k2_lstm.json'), 'utf8'));
  for (const keras3 of [false, true]) {
    const bytes = new TextEncoder().encode(JSON.stringify(functionalConfig(seqJson, keras3)));
    const model = asSequential(await loadKerasModel(bytes, { weights: fixturePath('k2_lstm_weights.h5') }));
    assert.deepEqual(model.layers.map((l) => l.name), ['lstm_1', 'dropout_1', 'lstm_2', 'dense_1']);
    assertClose(model.predict(ref.input as number[][]).toArray(), ref.output, `functional keras3=${keras3}`, RTOL, ATOL);
  }
  // A branch (dense_1 also fed from lstm_1) is read as a graph, where Dense cannot take two
  // tensors: one error naming the layer, its call and what it got.
  const branched = functionalConfig(seqJson, false) as { config: { layers: { name: string; inbound_nodes: unknown }[] } };
  branched.config.layers[4]!.inbound_nodes = [[['lstm_2', 0, 0, {}], ['lstm_1', 0, 0, {}]]];
  await assert.rejects(
    loadKerasModel(new TextEncoder().encode(JSON.stringify(branched))),
    (e: Error) => e instanceof ValueError && /layer 'dense_1' \(Dense\) call 0: .*is called with a list of 2 inputs; it takes one tensor/.test(e.message),
  );
});

test('a loaded Keras model trains, and saves to the tfjs format and back with the same predictions', async () => {
  const ref = models['k2_bidirectional']!;
  const model = asSequential(await loadKerasModel(fixturePath('k2_bidirectional.h5')));
  const copy = asSequential(loadFromMemory(saveToMemory(model)).model);
  assertClose(copy.predict(ref.input as number[][]).toArray(), ref.output, 'tfjs round trip', RTOL, ATOL);
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const before = model.evaluate(ref.input as number[][], tensor([[0, 0], [0, 0], [0, 0]])) as number;
  const history = await model.fit(ref.input as number[][], tensor([[0, 0], [0, 0], [0, 0]]), { epochs: 5, verbose: 0 });
  assert.equal(history.history['loss']!.length, 5);
  assert.ok((model.evaluate(ref.input as number[][], tensor([[0, 0], [0, 0], [0, 0]])) as number) < before);
});

test("a model with Keras 3's hard sigmoid cannot be saved in the tfjs format (it would change meaning there)", async () => {
  const model = await loadKerasModel(fixturePath('k3_model.keras'));
  assert.throws(
    () => saveToMemory(model),
    (e: Error) => e instanceof UnsupportedModelError && /Keras 3's hard sigmoid/.test(e.message) && e.message.includes("layer 'lstm' (LSTM)"),
  );
});
