#!/usr/bin/env node
// Both directions between lstm-ts and real TensorFlow.js 4.22 for Conv1D, the 1-D poolings and
// BatchNormalization (a separate process: tfjs patches globals). Run by codecs.test.ts, or:
//   node --import tsx test/layers/conv/check_conv_in_tfjs.mjs
// 1. lstm-ts models saved with io.saveToMemory load in tf.loadLayersModel and predict the same.
// 2. tfjs models (their own configs and weights, via tf.io.withSaveHandler) load in lstm-ts and
//    predict the same; their configs' keys are printed so the test can compare ours with them.
// tfjs 4.22 cannot run padding 'causal' ("not implemented yet"), so causal cases are checked
// against PyTorch only (conv1d.test.ts).
// Prints one `ok`/`FAIL` line per case, then `KEYS <class> <json list>` per tfjs-written class.
import { io, layers, sequential, setSeed, tensor } from '../../../src/index.ts';
import { layerToConfig } from '../../../src/io/layerRegistry.ts';

const tf = await import('@tensorflow/tfjs');

function values(n, seed) {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1);
}

async function toTfjs(artifacts) {
  return tf.loadLayersModel({ load: async () => artifacts });
}

const one = (y) => (Array.isArray(y) ? y[0] : y);

function maxDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

setSeed(5);
const shape = [2, 9, 3];
const x = values(2 * 9 * 3, 17);
let failures = 0;
const report = (name, err) => {
  const ok = err < 1e-5;
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(34)} max diff ${err.toExponential(2)}`);
};

// 1. Ours into tfjs. BatchNormalization gets non-trivial moving statistics first (one training call).
const ours = {
  conv_valid_dilated: [layers.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2, activation: 'relu', inputShape: [9, 3] }), layers.globalAveragePooling1d()],
  conv_same_strided: [layers.conv1d({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', inputShape: [9, 3] }), layers.maxPooling1d({ poolSize: 2, padding: 'same' }), layers.flatten()],
  conv_valid_avgpool: [layers.conv1d({ filters: 2, kernelSize: 2, useBias: false, activation: 'tanh', inputShape: [9, 3] }), layers.averagePooling1d({ poolSize: 3, strides: 2 }), layers.globalMaxPooling1d()],
  avgpool_same: [layers.averagePooling1d({ poolSize: 3, strides: 1, padding: 'same', inputShape: [9, 3] })],
  batchnorm_conv: [layers.conv1d({ filters: 4, kernelSize: 3, inputShape: [9, 3] }), layers.batchNormalization({ momentum: 0.5 }), layers.lstm({ units: 3 }), layers.dense({ units: 1 })],
};
for (const [name, stack] of Object.entries(ours)) {
  const model = sequential({ layers: stack });
  for (const l of stack) if (l.className === 'BatchNormalization') {
    l.setWeights([[1.5, 0.5, 1, 2], [0.1, -0.2, 0.3, 0], [0, 0, 0, 0], [1, 1, 1, 1]]);
    // One training call moves the statistics away from 0 and 1.
    const before = sequential({ layers: [stack[0]] });
    l.apply(one(before.predict(tensor(x, shape))), { training: true });
  }
  const theirs = await toTfjs(io.saveToMemory(model));
  report(`lstm-ts -> tfjs ${name}`, maxDiff(Array.from(await theirs.predict(tf.tensor(x, shape)).data()), Array.from(one(model.predict(tensor(x, shape))).data)));
}

// 2. tfjs into ours.
const keys = new Map();
const theirsCases = {
  tf_conv_dilated: () => [tf.layers.conv1d({ filters: 4, kernelSize: 3, padding: 'same', dilationRate: 2, activation: 'relu', inputShape: [9, 3] }), tf.layers.globalAveragePooling1d({})],
  tf_conv_same_pool: () => [tf.layers.conv1d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', inputShape: [9, 3] }), tf.layers.maxPooling1d({ poolSize: 2 }), tf.layers.globalMaxPooling1d({})],
  tf_avgpool_bn: () => [tf.layers.averagePooling1d({ poolSize: 2, strides: 1, inputShape: [9, 3] }), tf.layers.batchNormalization({ momentum: 0.9, epsilon: 0.01 })],
};
for (const [name, make] of Object.entries(theirsCases)) {
  const model = tf.sequential({ layers: make() });
  for (const l of model.layers) if (l.getClassName() === 'BatchNormalization') {
    l.setWeights([tf.tensor([1.5, 0.5, 2]), tf.tensor([0.1, -0.2, 0.3]), tf.tensor([0.2, -0.1, 0]), tf.tensor([0.5, 2, 1.2])]);
  }
  let artifacts;
  await model.save(tf.io.withSaveHandler(async (a) => { artifacts = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  for (const l of artifacts.modelTopology.config.layers) keys.set(l.class_name, Object.keys(l.config));
  const { model: loaded } = io.loadFromMemory(artifacts);
  const theirs = Array.from(await model.predict(tf.tensor(x, shape)).data());
  report(`tfjs -> lstm-ts ${name}`, maxDiff(Array.from(one(loaded.predict(tensor(x, shape))).data), theirs));
  // The config we write back for each layer has tfjs's keys in tfjs's order.
  loaded.layers.forEach((layer, i) => {
    const expected = Object.keys(artifacts.modelTopology.config.layers[i].config);
    // lstm-ts writes dtype on every layer, tfjs on the first only (see layerRegistry.ts).
    const got = Object.keys(layerToConfig(layer).config).filter((k) => k !== 'dtype' || expected.includes('dtype'));
    const same = JSON.stringify(got) === JSON.stringify(expected);
    if (!same) failures++;
    console.log(`${same ? 'ok  ' : 'FAIL'} keys ${layer.className.padEnd(24)} ${same ? '' : `ours ${JSON.stringify(got)} vs tfjs ${JSON.stringify(expected)}`}`);
  });
}
for (const [cls, k] of keys) console.log(`KEYS ${cls} ${JSON.stringify(k)}`);
process.exit(failures ? 1 : 0);
