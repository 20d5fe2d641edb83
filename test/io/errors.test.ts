/**
 * Errors of saving and loading: each names the file, layer, option or weight at fault, and a
 * model with several unsupported parts reports all of them in one error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { layers, sequential, ShapeError, ValueError, type Tensor } from '../../src/index.js';
import { Layer, type Shape } from '../../src/layers/layer.js';
import {
  UnsupportedModelError, layerFromConfig, layerToConfig, loadFromMemory, loadFromModelJson, saveToMemory, modelFromArtifacts,
  supportedLayerClasses, type JsonObject,
} from '../../src/io/index.js';
import { layerCodecs } from '../../src/io/codecs/index.js';
import { loadModel, saveModel } from '../../src/io/node.js';
import { tempDir } from './helpers.js';

/** Every class the readers accept: the built-in table, then each codec in registration order. */
const readableClasses: string[] = [...supportedLayerClasses, ...layerCodecs.map((c) => c.className)];

async function savedModel(): Promise<string> {
  const dir = tempDir();
  await saveModel(sequential({ layers: [layers.lstm({ units: 3, inputShape: [4, 2] }), layers.dense({ units: 1 })] }), dir);
  return dir;
}

/** A tfjs model.json with these layers and no weights. */
function topology(layerSpecs: JsonObject[]): JsonObject {
  return { modelTopology: { class_name: 'Sequential', config: { name: 'm', layers: layerSpecs } }, weightsManifest: [] };
}

test('missing weights.bin names the file and model.json', async () => {
  const dir = await savedModel();
  rmSync(join(dir, 'weights.bin'));
  await assert.rejects(loadModel(dir), (e: Error) => {
    assert.ok(e instanceof ValueError);
    assert.match(e.message, /^loadModel: weights file \(listed in '.*model\.json'\) '.*weights\.bin' does not exist$/);
    return true;
  });
});

test('missing model.json and invalid JSON say so', async () => {
  const dir = tempDir();
  await assert.rejects(loadModel(dir), /loadModel: model file '.*model\.json' does not exist/);
  mkdirSync(join(dir, 'bad'));
  writeFileSync(join(dir, 'bad', 'model.json'), '{"modelTopology": ');
  await assert.rejects(loadModel(`file://${join(dir, 'bad')}`), /loadModel: '.*model\.json' is not valid JSON/);
  writeFileSync(join(dir, 'bad', 'model.json'), JSON.stringify({ weightsManifest: [] }));
  await assert.rejects(loadModel(join(dir, 'bad')), /has no 'modelTopology' object; it is not a tfjs layers model/);
  writeFileSync(join(dir, 'bad', 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }));
  await assert.rejects(loadModel(join(dir, 'bad')), /format 'graph-model'; lstm-ts reads 'layers-model' files/);
  await assert.rejects(loadModel('https://example.com/model.json'), /only 'file:\/\/' URLs and plain paths/);
});

test('a weights.bin of the wrong byte length is refused, truncated or padded', async () => {
  const dir = await savedModel();
  const bytes = readFileSync(join(dir, 'weights.bin'));
  const need = (2 * 12 + 3 * 12 + 12 + 3 + 1) * 4;
  assert.equal(bytes.byteLength, need);
  writeFileSync(join(dir, 'weights.bin'), bytes.subarray(0, need - 4));
  await assert.rejects(loadModel(dir), (e: Error) => {
    assert.match(e.message, new RegExp(`weights\\.bin in '.*' holds ${need - 4} bytes, but model\\.json describes 5 weights of ${need} bytes`));
    return true;
  });
  writeFileSync(join(dir, 'weights.bin'), bytes);
  appendFileSync(join(dir, 'weights.bin'), Buffer.from([0]));
  await assert.rejects(loadModel(dir), new RegExp(`holds ${need + 1} bytes`));
  // The in-memory path checks the same.
  const artifacts = saveToMemory(sequential({ layers: [layers.dense({ units: 2, inputShape: [3] })] }));
  assert.throws(
    () => loadFromMemory({ ...artifacts, weightData: artifacts.weightData.slice(0, 8) }),
    /loadFromMemory: the weight data has 8 bytes, but the manifest's 2 weights need 32/,
  );
});

test('unknown layer classes and unsupported options are all listed in one error', () => {
  const json = topology([
    { class_name: 'Conv2D', config: { name: 'conv', filters: 4, kernel_size: [3, 3], batch_input_shape: [null, 10, 10, 2] } },
    {
      class_name: 'LSTM',
      config: {
        name: 'rnn', units: 4, return_sequences: true, time_major: true, kernel_regularizer: { class_name: 'OrthogonalRegularizer', config: { factor: 0.01 } },
        recurrent_activation: 'softmax', unknown_thing: 3,
      },
    },
    { class_name: 'GlobalMaxPooling2D', config: { name: 'pool' } },
    { class_name: 'Bidirectional', config: { name: 'bi', merge_mode: null, layer: { class_name: 'LSTM', config: { name: 'inner', units: 2, dtype: 'mixed_float16' } } } },
    { class_name: 'Dense', config: { name: 'out', units: 2, activation: 'mish', kernel_initializer: { class_name: 'MyInit', config: {} } } },
  ]);
  assert.throws(() => loadFromModelJson(json, new Uint8Array(0)), (e: Error) => {
    assert.ok(e instanceof UnsupportedModelError);
    assert.ok(e instanceof ValueError, 'a ValueError subclass');
    // The list of readable classes grows with each codec; it is checked once, below.
    const reads = `(lstm-ts reads ${readableClasses.join(', ')})`;
    assert.deepEqual(e.issues, [
      `layer 'conv' (Conv2D): unknown layer class 'Conv2D' ${reads}`,
      "layer 'rnn' (LSTM): option 'time_major' = true is not supported (inputs are always [batch, time, features])",
      "layer 'rnn' (LSTM): option 'kernel_regularizer': regularizerFromKeras: regularizer class 'OrthogonalRegularizer' is not one lstm-ts has (L1L2, L1, L2) (pass ignoreTrainingOnlyOptions: true to load for inference without it)",
      "layer 'rnn' (LSTM): unknown option 'unknown_thing' = 3",
      `layer 'pool' (GlobalMaxPooling2D): unknown layer class 'GlobalMaxPooling2D' ${reads}`,
      "layer 'bi' (Bidirectional): option 'merge_mode' = null is not supported (concat, sum, mul or ave; null would return two outputs)",
      "layer 'bi' (Bidirectional) > layer 'inner' (LSTM): option 'dtype' = \"mixed_float16\" is not supported (only float32 and float64)",
      "layer 'out' (Dense): option 'activation' = 'mish' is an activation lstm-ts does not have (it has 'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hard_sigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu', 'exponential', 'softmax')",
      "layer 'out' (Dense): option 'kernel_initializer' uses initializer class 'MyInit', which lstm-ts does not have",
    ]);
    assert.match(e.message, /^loadFromModelJson: 9 unsupported features:\n {2}- layer 'conv' \(Conv2D\)/);
    return true;
  });
});

test('the list of classes lstm-ts reads (and saves) is the built-in table plus every registered codec', () => {
  for (const name of ['LSTM', 'Dense', 'Conv1D', 'GlobalMaxPooling1D', 'BatchNormalization', 'Concatenate', 'MultiHeadAttention', 'RNN']) {
    assert.ok(readableClasses.includes(name), `${name} is read`);
  }
  assert.ok(!readableClasses.includes('Conv2D'));
  assert.equal(new Set(readableClasses).size, readableClasses.length, 'no class listed twice');
  const json = topology([{ class_name: 'Conv2D', config: { name: 'c', batch_input_shape: [null, 4, 4, 1] } }]);
  assert.throws(() => loadFromModelJson(json, new Uint8Array(0)), (e: Error) => {
    const listed = /\(lstm-ts reads (.*)\)$/.exec((e as UnsupportedModelError).issues[0]!)?.[1]?.split(', ');
    assert.deepEqual(listed, readableClasses);
    return true;
  });
});

test("values a layer's own checks reject are collected too, after the config checks pass", () => {
  const json = topology([
    { class_name: 'LSTM', config: { name: 'a', units: 2, recurrent_activation: 'softmax', batch_input_shape: [null, 3, 2] } },
    { class_name: 'Dropout', config: { name: 'b', rate: 1.5 } },
  ]);
  assert.throws(() => loadFromModelJson(json, new Uint8Array(0)), (e: Error) => {
    assert.ok(e instanceof UnsupportedModelError);
    assert.equal(e.issues.length, 2);
    assert.match(e.issues[0]!, /^layer 'a' \(LSTM\): layers\.lstm: option 'recurrentActivation' expected one of 'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign', 'swish', 'gelu', 'exponential', got "softmax" \(softmax normalises over all units together/);
    assert.match(e.issues[1]!, /^layer 'b' \(Dropout\): layers\.dropout: option 'rate' expected a finite number in \[0, 1\], got 1\.5/);
    return true;
  });
});

test('ignoreTrainingOnlyOptions drops the regularizers and constraints a layer cannot hold, nothing else', () => {
  // LayerNormalization has no regularizer or constraint options in lstm-ts.
  const spec = { class_name: 'LayerNormalization', config: { gamma_regularizer: { class_name: 'L2', config: { l2: 0.1 } }, beta_constraint: { class_name: 'NonNeg', config: {} } } };
  assert.throws(() => layerFromConfig(spec), (e: Error) => e instanceof UnsupportedModelError && e.issues.length === 2);
  const layer = layerFromConfig(spec, { ignoreTrainingOnlyOptions: true });
  assert.equal(layer.className, 'LayerNormalization');
  assert.throws(() => layerFromConfig({ class_name: 'LayerNormalization', config: { lora_rank: 4 } }, { ignoreTrainingOnlyOptions: true }), /unknown option 'lora_rank' = 4/);
  assert.throws(() => layerFromConfig({ class_name: 'Dense', config: { units: 2, lora_rank: 4 } }, { ignoreTrainingOnlyOptions: true }), /option 'lora_rank' = 4 is not supported/);
  // Dense holds them, so they are read (and kept) with or without the option.
  const dense = { class_name: 'Dense', config: { units: 2, kernel_regularizer: { class_name: 'L2', config: { l2: 0.1 } }, bias_constraint: { class_name: 'NonNeg', config: {} } } };
  for (const ignoreTrainingOnlyOptions of [false, true]) {
    const config = JSON.parse(JSON.stringify(layerFromConfig(dense, { ignoreTrainingOnlyOptions }).getConfig())) as Record<string, unknown>;
    assert.deepEqual(config['kernelRegularizer'], { className: 'L2', l1: 0, l2: 0.1 });
    assert.deepEqual(config['biasConstraint'], { className: 'NonNeg' });
  }
});

test('Sequential and functional models are rebuilt: a damaged graph and any other model class are refused by name', () => {
  for (const className of ['Functional', 'Model']) {
    const functional = { modelTopology: { class_name: className, config: { name: 'f', layers: [], input_layers: [], output_layers: [] } }, weightsManifest: [] };
    assert.throws(() => loadFromModelJson(functional, new Uint8Array(0)), (e: Error) => {
      assert.ok(e instanceof ValueError);
      assert.match(e.message, /^loadFromModelJson: the functional model's graph is damaged:/);
      assert.match(e.message, /'input_layers' expected a non-empty list of \[layer name, node index, tensor index\], got \[\]/);
      assert.match(e.message, /'output_layers' expected a non-empty list of \[layer name, node index, tensor index\], got \[\]/);
      return true;
    });
  }
  const other = { modelTopology: { class_name: 'Wat', config: { name: 'w', layers: [] } }, weightsManifest: [] };
  assert.throws(() => loadFromModelJson(other, new Uint8Array(0)), (e: Error) => {
    assert.ok(e instanceof UnsupportedModelError);
    assert.deepEqual(e.issues, [`model class "Wat" is not supported: lstm-ts rebuilds Sequential models and functional models ('Model', 'Functional')`]);
    return true;
  });
});

test('weights that do not fit the model: wrong shape, unknown and missing names', () => {
  const artifacts = saveToMemory(sequential({ layers: [layers.lstm({ units: 3, inputShape: [4, 2], name: 'l' }), layers.dense({ units: 1, name: 'd' })] }));
  const specs = artifacts.weightSpecs.map((s) => ({ ...s, shape: [...s.shape] }));
  specs[0] = { ...specs[0]!, shape: [12, 2] }; // same size, transposed
  assert.throws(() => modelFromArtifacts({ ...artifacts, weightSpecs: specs }), (e: Error) => {
    assert.ok(e instanceof ShapeError);
    assert.match(e.message, /weight 'l\/kernel' has shape \[12, 2\], but layer 'l' \(LSTM\) needs \[2, 12\]/);
    return true;
  });
  const renamed = artifacts.weightSpecs.map((s) => (s.name === 'd/bias' ? { ...s, name: 'other/bias' } : s));
  assert.throws(() => modelFromArtifacts({ ...artifacts, weightSpecs: renamed }), (e: Error) => {
    assert.match(e.message, /the manifest has weights no layer of the model owns: other\/bias/);
    assert.match(e.message, /no weight in the manifest for: d\/bias/);
    return true;
  });
  const data = new Float32Array(artifacts.weightData.slice(0));
  data[3] = NaN;
  assert.throws(() => modelFromArtifacts({ ...artifacts, weightData: data.buffer }), /weight 'l\/kernel' contains NaN at flat index 3/);
});

test('extra must be a JSON object; the path of a bad value is named', async () => {
  const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
  assert.throws(() => saveToMemory(model, { extra: { scaler: { mean: [1, NaN] } } }), /saveToMemory: extra\.scaler\.mean\[1\] is NaN; JSON can only hold finite numbers/);
  assert.throws(() => saveToMemory(model, { extra: { f: () => 1 } }), /extra\.f is a function/);
  assert.throws(() => saveToMemory(model, { extra: { w: new Float32Array(2) } }), /extra\.w is a Float32Array; only plain objects and arrays can be saved/);
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  assert.throws(() => saveToMemory(model, { extra: cyclic }), /extra\.self refers back to itself/);
  assert.throws(() => saveToMemory(model, { extra: [1, 2] as unknown as Record<string, unknown> }), /option 'extra' expected a plain JSON object, got an array/);
  assert.throws(() => saveToMemory(model, { extras: {} } as never), /unknown option 'extras'/);
  await assert.rejects(saveModel(model, tempDir(), { extra: { big: 10n } as never }), /extra\.big is a bigint/);
});

test('a layer class lstm-ts cannot express fails at save time, before anything is written', async () => {
  class Custom extends Layer {
    readonly className = 'Custom';
    constructor() {
      super({ inputShape: [2] }, 'custom');
    }
    override call(x: Tensor): Tensor {
      return x;
    }
    override computeOutputShape(s: Shape): Shape {
      return s;
    }
  }
  const model = sequential({ layers: [new Custom(), layers.dense({ units: 1 })] });
  const dir = tempDir();
  await assert.rejects(saveModel(model, join(dir, 'm')), (e: Error) => {
    assert.ok(e instanceof UnsupportedModelError);
    assert.deepEqual(e.issues, [
      `layer 'custom' (Custom): lstm-ts cannot save layers of class 'Custom' (it saves ${readableClasses.join(', ')})`,
    ]);
    return true;
  });
  assert.throws(() => readFileSync(join(dir, 'm', 'weights.bin')), /ENOENT/);
  const custom = { className: 'Mine', apply: () => new Float32Array(2), getConfig: () => ({}) };
  assert.throws(() => layerToConfig(layers.dense({ units: 2, kernelInitializer: custom })), /option 'kernelInitializer': initializer class 'Mine' is not one lstm-ts can save/);
});

test('weights files outside the model directory are not read', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'model.json'), JSON.stringify({
    modelTopology: { class_name: 'Sequential', config: { layers: [] } },
    weightsManifest: [{ paths: ['../secret.bin'], weights: [] }],
  }));
  await assert.rejects(loadModel(dir), /lists weights file '\.\.\/secret\.bin' outside its directory/);
});

test('layers that cannot form a Sequential model are reported with the reason', () => {
  const json = topology([
    { class_name: 'Dense', config: { name: 'x', units: 2, batch_input_shape: [null, 3] } },
    { class_name: 'Dense', config: { name: 'x', units: 2 } },
  ]);
  assert.throws(() => loadFromModelJson(json, new Uint8Array(0)), /the layers do not form a working Sequential model: .*a layer named 'x' is already in the model/);
});
