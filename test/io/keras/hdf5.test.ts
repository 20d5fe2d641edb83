/** The HDF5 adapter over jsfive and the small helpers of the Keras reader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ValueError } from '../../../src/index.js';
import { type H5AttrValue, type H5Group, isHdf5, openHdf5 } from '../../../src/io/keras/hdf5.js';
import { stringListAttr, textAttr, legacyWeightsGroup, legacyLayerWeights } from '../../../src/io/keras/h5Model.js';
import { kerasSnakeCase } from '../../../src/io/keras/kerasArchive.js';
import { kerasMajor } from '../../../src/io/keras/kerasConfig.js';
import { fixturePath } from './helpers.js';

const open = (name: string): H5Group => openHdf5(new Uint8Array(readFileSync(fixturePath(name))), name);

test('groups, attributes (NUL padding stripped) and datasets of a Keras 2 file', () => {
  const root = open('k2_lstm.h5');
  assert.equal(root.kind, 'group');
  assert.equal(textAttr(root, 'keras_version'), '2.2.4');
  assert.equal(textAttr(root, 'backend'), 'tensorflow');
  assert.deepEqual(root.keys(), ['model_weights']);
  const mw = root.get('model_weights');
  assert.ok(mw && mw.kind === 'group');
  // Keras writes names as fixed-length byte strings, shorter ones NUL-padded.
  assert.deepEqual(stringListAttr(mw, 'layer_names'), ['lstm_1', 'dropout_1', 'lstm_2', 'dense_1']);
  const kernel = root.get('model_weights/lstm_1/lstm_1/kernel:0');
  assert.ok(kernel && kernel.kind === 'dataset');
  assert.equal(kernel.path, '/model_weights/lstm_1/lstm_1/kernel:0');
  assert.deepEqual(kernel.shape, [3, 20]);
  assert.equal(kernel.dtype, '<f4');
  const values = kernel.read();
  assert.ok(values instanceof Float32Array && values.length === 60 && values.every(Number.isFinite));
  assert.equal(root.get('model_weights/nope'), null);
  assert.equal(root.get('model_weights/lstm_1/lstm_1/kernel:0/deeper'), null);
  assert.equal(root.get(''), root);
  assert.equal(root.attr('missing'), undefined);
});

test('the weights group of full and weights-only files, layer by layer', () => {
  for (const name of ['k2_lstm.h5', 'k2_lstm_weights.h5']) {
    const group = legacyWeightsGroup(open(name));
    assert.ok(group, name);
    const layers = legacyLayerWeights(group, name);
    assert.deepEqual(layers.map((l) => [l.name, l.arrays.map((a) => `${a.name} [${a.shape.join(', ')}]`)]), [
      ['lstm_1', ['lstm_1/kernel:0 [3, 20]', 'lstm_1/recurrent_kernel:0 [5, 20]', 'lstm_1/bias:0 [20]']],
      ['dropout_1', []],
      ['lstm_2', ['lstm_2/kernel:0 [5, 16]', 'lstm_2/recurrent_kernel:0 [4, 16]', 'lstm_2/bias:0 [16]']],
      ['dense_1', ['dense_1/kernel:0 [4, 3]', 'dense_1/bias:0 [3]']],
    ]);
  }
  assert.equal(legacyWeightsGroup(open('k3_model.weights.h5')), null);
});

test('HDF5 superblock v3 (h5py libver=latest) reads too', () => {
  const root = open('k2_reshape_latest.h5');
  assert.equal(textAttr(root, 'keras_version'), '2.2.4');
  const ds = root.get('model_weights/dense_1/dense_1/kernel:0');
  assert.ok(ds && ds.kind === 'dataset');
  assert.deepEqual(ds.shape, [4, 6]);
});

test("Keras's split attributes (layer_names0, layer_names1, ...) are joined", () => {
  const attrs: Record<string, H5AttrValue> = { layer_names0: ['a', 'b'], layer_names1: ['c'], single: 'x', number: 3 };
  const fake: H5Group = {
    kind: 'group', path: '/', keys: () => [], get: () => null,
    attr: (n) => attrs[n], attrNames: () => Object.keys(attrs),
  };
  assert.deepEqual(stringListAttr(fake, 'layer_names'), ['a', 'b', 'c']);
  assert.deepEqual(stringListAttr(fake, 'single'), ['x']);
  assert.equal(stringListAttr(fake, 'number'), null);
  assert.equal(stringListAttr(fake, 'absent'), null);
});

test('isHdf5 and the errors of openHdf5 name the label', () => {
  const bytes = new Uint8Array(readFileSync(fixturePath('k2_lstm.h5')));
  assert.ok(isHdf5(bytes));
  assert.ok(!isHdf5(new Uint8Array(10)));
  assert.throws(() => openHdf5(new Uint8Array(100), 'zeros.h5'), (e: Error) => e instanceof ValueError && /^zeros\.h5: not an HDF5 file \(no HDF5 signature; it starts with bytes 00 00/.test(e.message));
  const userBlock = new Uint8Array(512 + bytes.length);
  userBlock.set(bytes, 512);
  assert.ok(isHdf5(userBlock));
  assert.throws(() => openHdf5(userBlock, 'ub.h5'), /ub\.h5: HDF5 files with a user block \(superblock at byte 512\) are not supported/);
});

test("kerasSnakeCase follows Keras's naming.to_snake_case (the .keras weight paths)", () => {
  const cases: [string, string][] = [
    ['LSTM', 'lstm'], ['GRU', 'gru'], ['SimpleRNN', 'simple_rnn'], ['Dense', 'dense'], ['Bidirectional', 'bidirectional'],
    ['TimeDistributed', 'time_distributed'], ['LayerNormalization', 'layer_normalization'], ['Embedding', 'embedding'],
  ];
  for (const [cls, snake] of cases) assert.equal(kerasSnakeCase(cls), snake, cls);
});

test('kerasMajor reads keras_version, and guesses from the config when it is absent', () => {
  assert.equal(kerasMajor('1.0.8', null), 1);
  assert.equal(kerasMajor('2.2.4', null), 2);
  assert.equal(kerasMajor('2.11.0', null), 2);
  assert.equal(kerasMajor('3.12.0', null), 3);
  assert.equal(kerasMajor(null, { class_name: 'Sequential', config: [] }), 1);
  assert.equal(kerasMajor(null, { class_name: 'Sequential', config: { layers: [{ class_name: 'LSTM', config: { output_dim: 3 } }] } }), 1);
  assert.equal(kerasMajor(null, { module: 'keras', class_name: 'Sequential', config: { layers: [], build_input_shape: [null, 2] }, registered_name: null }), 3);
  assert.equal(kerasMajor(null, { class_name: 'Sequential', config: { layers: [] } }), 2);
});

test('the browser entry point (src/io/keras/index.ts) imports no Node module, directly or through its imports', () => {
  const seen = new Set<string>();
  const visit = (url: URL): void => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const text = readFileSync(url, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    // Type-only imports are erased from the JavaScript, so they cannot reach a Node module.
    for (const m of text.matchAll(/(?:import|export)(?!\s+type\b)[^'"]*?from\s+'([^']+)'/g)) {
      const spec = m[1]!;
      assert.ok(!spec.startsWith('node:') && !['fs', 'path', 'url', 'os'].includes(spec), `${url.pathname} imports ${spec}`);
      if (spec.startsWith('.')) visit(new URL(spec.replace(/\.js$/, '.ts'), url));
    }
  };
  visit(new URL('../../../src/io/keras/index.ts', import.meta.url));
  assert.ok(seen.size > 10, `followed ${seen.size} files`);
});
