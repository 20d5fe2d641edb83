/**
 * Damaged and unsupported Keras files: every failure names the file and what is wrong, comes
 * before large allocations, and leaves the model untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { layers, sequential, ShapeError, ValueError } from '../../../src/index.js';
import { UnsupportedModelError, supportedLayerClasses } from '../../../src/io/index.js';
import { layerCodecs } from '../../../src/io/codecs/index.js';
import { loadKerasModel, loadKerasWeights } from '../../../src/io/keras/node.js';
import { fixturePath } from './helpers.js';

const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath(name)));
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** Asserts the promise rejects with `type` and a message matching every pattern. */
async function rejects(p: Promise<unknown>, type: new (...args: never[]) => Error, ...patterns: RegExp[]): Promise<Error> {
  let caught: unknown = null;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof type, `expected a ${type.name}, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  for (const re of patterns) assert.match(caught.message, re);
  return caught;
}

function lstmModel(units = 5): ReturnType<typeof sequential> {
  return sequential({
    layers: [
      layers.lstm({ units, returnSequences: true, recurrentActivation: 'hardSigmoid', inputShape: [6, 3] }),
      layers.dropout({ rate: 0.3 }),
      layers.lstm({ units: 4, goBackwards: true }),
      layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

test('not a Keras file: empty, text, a PNG, an HDF5 signature with one byte changed', async () => {
  await rejects(loadKerasModel(new Uint8Array(0)), ValueError, /Keras data \(0 bytes\)/, /not a Keras file.*empty file/);
  await rejects(loadKerasModel(strToU8('hello, world')), ValueError, /not a Keras file: expected an HDF5 file \(\.h5\), a \.keras zip archive or a JSON architecture, but it starts with bytes 68 65 6c 6c/);
  await rejects(loadKerasModel(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), ValueError, /starts with bytes 89 50 4e 47/);
  const h5 = bytesOf('k2_lstm.h5');
  h5[1] = 0x58; // 'H' -> 'X'
  await rejects(loadKerasModel(h5), ValueError, /not a Keras file/);
  await rejects(loadKerasWeights(lstmModel(), strToU8('{"a": 1}')), ValueError, /is a JSON file, not weights/);
});

test('a missing file or directory is named', async () => {
  await rejects(loadKerasModel(fixturePath('nope.h5')), ValueError, /loadKerasModel: file '.*nope\.h5' does not exist/);
  await rejects(loadKerasModel(fixturePath('')), ValueError, /is a directory, not a regular file/);
  await rejects(loadKerasModel(fixturePath('k2_lstm.json'), { weights: fixturePath('missing.h5') }), ValueError, /missing\.h5' does not exist/);
});

test('truncated HDF5 files are caught by the superblock before anything is parsed', async () => {
  const whole = bytesOf('k2_lstm.h5');
  for (const keep of [9, 30, 47, 200, Math.floor(whole.length / 2), whole.length - 1]) {
    const e = await rejects(loadKerasModel(whole.subarray(0, keep)), ValueError, new RegExp(`Keras data \\(${keep} bytes\\)`), /truncated HDF5 file/);
    if (keep > 60) assert.match(e.message, new RegExp(`superblock says it is ${whole.length} bytes long, but only ${keep} bytes are present`));
  }
  await rejects(loadKerasWeights(lstmModel(), whole.subarray(0, 5000)), ValueError, /loadKerasWeights: 'Keras data \(5000 bytes\)': truncated/);
});

test('a damaged superblock (version, address size, end-of-file address) is reported as such', async () => {
  const base = bytesOf('k2_lstm.h5');
  const version = base.slice();
  version[8] = 7;
  await rejects(loadKerasModel(version), ValueError, /damaged or unsupported HDF5 file: superblock version 7/);
  const offsets = base.slice();
  offsets[13] = 3;
  await rejects(loadKerasModel(offsets), ValueError, /gives 3-byte addresses/);
  const eof = base.slice();
  eof.fill(0xff, 40, 48);
  await rejects(loadKerasModel(eof), ValueError, /end-of-file address is undefined/);
});

test('a damaged attribute size that would make jsfive decode millions of values fails fast', async () => {
  // Found by fuzzing: one byte in the dataspace of the 'layer_names' attribute made jsfive
  // build 8.9 million names (20 s). Here the attribute's first dimension is set to 2^33.
  const b = bytesOf('tfk_embedding_gru.h5');
  const at = Buffer.from(b).indexOf('layer_names\0'); // the name inside a v1 attribute message
  assert.ok(at > 8);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  assert.equal(b[at - 8], 1, 'attribute message version 1');
  const nameSize = view.getUint16(at - 6, true);
  const typeSize = view.getUint16(at - 4, true);
  const dataspace = at + Math.ceil(nameSize / 8) * 8 + Math.ceil(typeSize / 8) * 8;
  assert.equal(b[dataspace], 1, 'dataspace message version 1');
  assert.equal(b[dataspace + 1], 1, 'one dimension');
  assert.equal(view.getUint32(dataspace + 8, true), 3, 'three layer names');
  view.setUint32(dataspace + 12, 2, true); // 3 + 2 * 2^32 names
  const start = performance.now();
  await rejects(loadKerasModel(b), ValueError, /damaged HDF5 file/, /dataspace of \d+ elements, more than the file has bytes/);
  assert.ok(performance.now() - start < 2000);
});

test('random damage never hangs and never escapes as an unlabelled error', async () => {
  let seed = 20241122;
  const rnd = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const outcomes: Record<string, number> = {};
  const start = performance.now();
  for (const name of ['k2_lstm.h5', 'tfk_embedding_gru.h5', 'k1_full.h5', 'k3_model.keras']) {
    const orig = bytesOf(name);
    for (let k = 0; k < 60; k++) {
      let bytes = orig.slice();
      if (k % 3 === 0) bytes = bytes.subarray(0, Math.floor(rnd() * bytes.length));
      // Metadata sits mostly in the first 4 kB; data further on.
      else for (let j = 0; j <= k % 4; j++) bytes[Math.floor(rnd() * (k % 3 === 1 ? Math.min(4096, bytes.length) : bytes.length))] = Math.floor(rnd() * 256);
      try {
        await loadKerasModel(bytes);
        outcomes['loaded (flipped bytes in values or unused metadata)'] = (outcomes['loaded (flipped bytes in values or unused metadata)'] ?? 0) + 1;
      } catch (e) {
        assert.ok(e instanceof ValueError || e instanceof ShapeError, `${name} #${k}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        assert.match(e.message, /loadKerasModel: 'Keras data \(\d+ bytes\)'/, `${name} #${k}: ${e.message}`);
        outcomes[e.name] = (outcomes[e.name] ?? 0) + 1;
      }
    }
  }
  assert.ok(performance.now() - start < 15000, `240 damaged files took ${performance.now() - start} ms`);
  assert.ok((outcomes['ValueError'] ?? 0) > 100, JSON.stringify(outcomes));
});

test('NaN weights: the error names the file, the layer, the weight and the index; the model is untouched', async () => {
  await rejects(
    loadKerasModel(fixturePath('bad_nan.h5')),
    ValueError,
    /bad_nan\.h5': the file holds non-finite weights/,
    /layer 'dense_1': weight 'dense_1\/bias:0' contains NaN at flat index 0/,
  );
  const model = sequential({ layers: [layers.lstm({ units: 3, inputShape: [4, 2] }), layers.dense({ units: 1 })] });
  const before = model.getWeights().map((w) => Array.from(w.data));
  await rejects(loadKerasWeights(model, fixturePath('bad_nan.h5')), ValueError, /contains NaN/);
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.data)), before);
});

test('shapes that do not fit: every mismatch is listed, as a ShapeError, before any value is read', async () => {
  await rejects(
    loadKerasModel(fixturePath('bad_shape.h5')),
    ShapeError,
    /bad_shape\.h5': the weights do not fit the model/,
    /layer 'lstm_1' \(LSTM\): weight 'lstm_1\/kernel:0' has shape \[2, 16\], but lstm_1\/kernel needs \[2, 12\]/,
  );
  const model = lstmModel(6);
  const before = model.getWeights().map((w) => Array.from(w.data));
  const e = await rejects(loadKerasWeights(model, fixturePath('k2_lstm_weights.h5')), ShapeError, /k2_lstm_weights\.h5/);
  // units 6 instead of 5: lstm_1's three arrays and lstm_2's kernel all mismatch.
  assert.equal(e.message.split('\n').filter((l) => l.includes('has shape')).length, 4, e.message);
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.data)), before);
});

test('weights for another architecture: layer counts, array counts, Keras 3 paths', async () => {
  const small = sequential({ layers: [layers.lstm({ units: 5, inputShape: [6, 3] }), layers.dense({ units: 3 })] });
  await rejects(
    loadKerasWeights(small, fixturePath('k2_lstm_weights.h5')),
    ValueError,
    /the file has weights for 3 layers \('lstm_1', 'lstm_2', 'dense_1'\), but the model has 2 layers with weights/,
    /belongs to another model/,
  );
  const gru = sequential({ layers: [layers.gru({ units: 5, returnSequences: true, inputShape: [6, 3] }), layers.lstm({ units: 4 }), layers.dense({ units: 3 })] });
  await rejects(loadKerasWeights(gru, fixturePath('k2_lstm_weights.h5')), ShapeError, /layer 'gru.*' \(GRU\).*has shape \[3, 20\], but .*kernel needs \[3, 15\]/);
  // Keras 3 layout: a GRU model finds no 'layers/gru' group in the k3 weights (its GRU is inside the Bidirectional).
  const other = sequential({ layers: [layers.gru({ units: 3, inputShape: [5, 3] }), layers.dense({ units: 2 })] });
  await rejects(
    loadKerasWeights(other, fixturePath('k3_model.weights.h5')),
    ValueError,
    /k3_model\.weights\.h5': the weights do not fit the model/,
    /layer 'gru.*' \(GRU\) \(file: 'layers\/gru'\) needs 3 weight arrays \(\[3, 9\], \[3, 9\], \[2, 9\]\), the file has 0/,
  );
  const unbuilt = sequential({ layers: [layers.lstm({ units: 5 }), layers.dense({ units: 3 })] });
  await rejects(loadKerasWeights(unbuilt, fixturePath('k2_lstm_weights.h5')), ValueError, /the model is not built/);
  await rejects(loadKerasWeights({} as never, fixturePath('k2_lstm_weights.h5')), ValueError, /argument 'model' expected a Sequential model or a functional LayersModel, got object/);
});

test('a weights-only file given to loadKerasModel says how to load it', async () => {
  for (const name of ['k2_lstm_weights.h5', 'k1_weights.h5', 'k3_model.weights.h5']) {
    await rejects(loadKerasModel(fixturePath(name)), ValueError, new RegExp(`${name.replace('.', '\\.')}': is a weights-only file`), /loadKerasWeights\(model, file\)/);
  }
});

test('damaged .keras archives: truncated zip, bad config.json, missing members, npz weights', async () => {
  const whole = bytesOf('k3_model.keras');
  await rejects(loadKerasModel(whole.subarray(0, whole.length - 30)), ValueError, /damaged \.keras archive \(zip\)/);
  const files = unzipSync(whole);
  const variant = (change: (f: Record<string, Uint8Array>) => void): Promise<unknown> => {
    const copy = { ...files };
    change(copy);
    return loadKerasModel(zipSync(copy));
  };
  await rejects(variant((f) => (f['config.json'] = strToU8('{"class_name": "Seq'))), ValueError, /config\.json in the archive is not valid JSON/);
  await rejects(variant((f) => delete f['config.json']), ValueError, /not a Keras 3 \.keras archive: it has no config\.json/);
  await rejects(variant((f) => delete f['model.weights.h5']), ValueError, /the \.keras archive has no model\.weights\.h5/);
  await rejects(
    variant((f) => {
      f['model.weights.npz'] = f['model.weights.h5']!;
      delete f['model.weights.h5'];
    }),
    ValueError,
    /model\.weights\.npz, which lstm-ts does not read/,
  );
  await rejects(variant((f) => (f['model.weights.h5'] = f['model.weights.h5']!.subarray(0, 3000))), ValueError, /\(model\.weights\.h5\): truncated HDF5 file/);
});

test('invalid JSON and a broken model_config attribute name the file', async () => {
  await rejects(loadKerasModel(strToU8('{ "class_name": ')), ValueError, /not valid JSON/);
  await rejects(loadKerasModel(json({ class_name: 'Sequential', config: 5 })), ValueError, /the Sequential config expected \{ name, layers: \[\.\.\.\] \}, got 5/);
});

test('unsupported layers and options: one UnsupportedModelError lists every one by name', async () => {
  const seq = JSON.parse(readFileSync(fixturePath('k2_lstm.json'), 'utf8')) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
  const [lstm1, , lstm2, dense] = seq.config.layers;
  type Spec = { class_name: string; config: Record<string, unknown> };
  const config: { class_name: string; keras_version: string; config: { name: string; layers: Spec[] } } = {
    class_name: 'Sequential',
    keras_version: '2.4.0',
    config: {
      name: 'm',
      layers: [
        { class_name: 'Conv2D', config: { name: 'conv2d', filters: 4, kernel_size: [3, 3], batch_input_shape: [null, 6, 3, 1] } },
        { ...lstm1, config: { ...lstm1!.config, batch_input_shape: undefined, kernel_regularizer: { class_name: 'OrthogonalRegularizer', config: { factor: 0.01, mode: 'rows' } } } },
        { class_name: 'Bidirectional', config: { name: 'bidi', layer: lstm2, merge_mode: null } },
        { ...dense, config: { ...dense!.config, activation: 'mish' } },
        { class_name: 'ConvLSTM1D', config: { name: 'conv_lstm', filters: 2, kernel_size: [3] } },
      ],
    },
  };
  const e = await rejects(loadKerasModel(json(config)), UnsupportedModelError);
  const issues = (e as UnsupportedModelError).issues;
  assert.equal(issues.length, 5, issues.join('\n'));
  // The list of what lstm-ts reads: the built-in table and every codec (Conv1D, Attention, ... among them).
  const reads = [...supportedLayerClasses, ...layerCodecs.map((c) => c.className)];
  for (const name of ['LSTM', 'GRU', 'Dense', 'Conv1D', 'Attention']) assert.ok(reads.includes(name), name);
  assert.ok(e.message.includes(`layer 'conv2d' (Conv2D): unknown layer class 'Conv2D' (lstm-ts reads ${reads.join(', ')})`), e.message);
  assert.match(e.message, /layer 'lstm_1' \(LSTM\): option 'kernel_regularizer': .*'OrthogonalRegularizer' is not one lstm-ts has/);
  assert.match(e.message, /layer 'bidi' \(Bidirectional\): option 'merge_mode' = null is not supported/);
  assert.match(e.message, /layer 'dense_1' \(Dense\): option 'activation' = 'mish' is an activation lstm-ts does not have/);
  assert.match(e.message, /layer 'conv_lstm' \(ConvLSTM1D\): unknown layer class 'ConvLSTM1D'/);
  // Regularizers only act in training: loading for inference may drop them.
  const ok = JSON.parse(JSON.stringify(config)) as typeof config;
  ok.config.layers = [ok.config.layers[1]!, { ...lstm2!, config: lstm2!.config }, dense!];
  ok.config.layers[0]!.config['batch_input_shape'] = [null, 6, 3];
  const model = await loadKerasModel(json(ok), { ignoreTrainingOnlyOptions: true, weights: fixturePath('k2_lstm_weights.h5') });
  assert.equal(model.layers.length, 3);
  await rejects(loadKerasModel(json(ok), { nope: 1 } as never), ValueError, /unknown option 'nope'/);
});

test('a Keras 3 Bidirectional with a custom backward layer, and other model classes, are reported', async () => {
  const files = unzipSync(bytesOf('k3_model.keras'));
  const config = JSON.parse(new TextDecoder().decode(files['config.json']));
  const bidi = config.config.layers[1].config;
  bidi.backward_layer.config.units = 4;
  await rejects(
    loadKerasModel(zipSync({ ...files, 'config.json': json(config) })),
    UnsupportedModelError,
    /layer 'bidirectional' \(Bidirectional\): option 'backward_layer' is a custom backward layer/,
  );
  await rejects(loadKerasModel(json({ class_name: 'Sequential2', config: {} })), UnsupportedModelError, /model class "Sequential2" is not supported/);
});

test('Keras 1 spellings that have no lstm-ts equivalent are reported (embedding dropout)', async () => {
  const k1 = {
    class_name: 'Sequential',
    keras_version: '1.2.2',
    config: [
      { class_name: 'Embedding', config: { name: 'embedding_1', input_dim: 10, output_dim: 3, init: 'uniform', input_length: 4, mask_zero: false, dropout: 0.2, W_regularizer: null, W_constraint: null, activity_regularizer: null, trainable: true, batch_input_shape: [null, 4], input_dtype: 'int32' } },
      { class_name: 'GRU', config: { name: 'gru_1', output_dim: 2, init: 'glorot_uniform', inner_init: 'orthogonal', activation: 'tanh', inner_activation: 'hard_sigmoid', W_regularizer: null, U_regularizer: null, b_regularizer: null, dropout_W: 0, dropout_U: 0, return_sequences: false, go_backwards: false, stateful: false, unroll: false, consume_less: 'gpu', input_dim: 3, input_length: null, trainable: true } },
    ],
  };
  await rejects(loadKerasModel(json(k1)), UnsupportedModelError, /layer 'embedding_1' \(Embedding\): option 'dropout' = 0\.2 \(Keras 1 embedding dropout\) is not supported/);
  const model = await loadKerasModel(json(k1), { ignoreTrainingOnlyOptions: true });
  assert.deepEqual(model.layers.map((l) => l.className), ['Embedding', 'GRU']);
});

test('a damaged config that would allocate gigabytes fails before the model is built', async () => {
  const seq = JSON.parse(readFileSync(fixturePath('k2_lstm.json'), 'utf8')) as { config: { layers: { config: Record<string, unknown> }[] } };
  seq.config.layers[3]!.config['units'] = 1e9; // Dense(1e9) after LSTM(4): 5e9 weights, 20 GB
  const start = performance.now();
  await rejects(
    loadKerasModel(json(seq), { weights: fixturePath('k2_lstm_weights.h5') }),
    ValueError,
    /the model config describes 5000000340 weights \(\d+ bytes as float32\), more than the 13048 bytes of the weights file/,
  );
  assert.ok(performance.now() - start < 1000);
  // The same inside an .h5 file's model_config (through loadKerasModel of the file).
  const files = unzipSync(bytesOf('k3_model.keras'));
  const config = JSON.parse(new TextDecoder().decode(files['config.json']));
  config.config.layers[4].config.units = 500000;
  await rejects(loadKerasModel(zipSync({ ...files, 'config.json': json(config) })), ValueError, /the model config describes \d+ weights/);
});
