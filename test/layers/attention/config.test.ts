/**
 * The attention layers' options, shape errors, output shapes and file formats: Keras config
 * keys through layerToConfig / layerFromConfig, Keras 2 and Keras 3 configs, the weight plan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { Attention, attention } from '../../../src/layers/attention/attention.js';
import { AdditiveAttention, additiveAttention } from '../../../src/layers/attention/additiveAttention.js';
import { MultiHeadAttention, multiHeadAttention } from '../../../src/layers/attention/multiHeadAttention.js';
import * as layersNs from '../../../src/layers/index.js';
import { layerFromConfig, layerToConfig } from '../../../src/io/layerRegistry.js';
import { layerCodecs } from '../../../src/io/codecs/index.js';
import type { Layer, Shape } from '../../../src/layers/layer.js';
import { type GraphNode, SymbolicTensor } from '../../../src/layers/symbolicTensor.js';
import type { JsonObject } from '../../../src/io/json.js';
import { randomTensor, setSeed } from '../../helpers/gradcheck.js';

const codecFor = (layer: Layer) => layerCodecs.find((c) => c.handles(layer))!;

test('the factories are exported from the layers namespace', () => {
  assert.ok(layersNs.attention({}) instanceof Attention);
  assert.ok(layersNs.additiveAttention({}) instanceof AdditiveAttention);
  assert.ok(layersNs.multiHeadAttention({ numHeads: 1, keyDim: 2 }) instanceof MultiHeadAttention);
});

test('Attention writes Keras 3 keys and reads them back with the same options and outputs', () => {
  setSeed(31);
  const layer = attention({ name: 'att', useScale: true, scoreMode: 'concat', dropout: 0.25, dtype: 'float64' });
  const cfg = layerToConfig(layer);
  assert.equal(cfg.class_name, 'Attention');
  assert.deepEqual(cfg.config, { name: 'att', trainable: true, dtype: 'float64', use_scale: true, score_mode: 'concat', dropout: 0.25 });
  const back = layerFromConfig(cfg) as Attention;
  assert.ok(back instanceof Attention);
  assert.deepEqual(back.getConfig(), layer.getConfig());
  const q = randomTensor([1, 2, 3], -1, 1, false);
  const v = randomTensor([1, 4, 3], -1, 1, false);
  const y = layer.apply([q, v]) as Tensor;
  back.apply([q, v]);
  back.setWeights(layer.getWeights());
  assert.deepEqual(Array.from((back.apply([q, v]) as Tensor).data), Array.from(y.data));
  // The call options lstm-ts keeps on the layer travel under Keras 3's call-argument names.
  const causal = layerToConfig(attention({ name: 'c', useCausalMask: true, returnAttentionScores: true, seed: 4 }));
  assert.deepEqual(causal.config, {
    name: 'c', trainable: true, dtype: 'float32', use_scale: false, score_mode: 'dot', dropout: 0, seed: 4, use_causal_mask: true, return_attention_scores: true,
  });
  const c2 = layerFromConfig(causal) as Attention;
  assert.deepEqual([c2.useCausalMask, c2.returnAttentionScores, c2.seed], [true, true, 4]);
});

test('Attention reads a Keras 2 config (causal) and rejects a bad score_mode', () => {
  const k2 = layerFromConfig({ class_name: 'Attention', config: { name: 'a2', trainable: true, dtype: 'float32', use_scale: false, causal: true } }) as Attention;
  assert.equal(k2.useCausalMask, true);
  assert.throws(
    () => layerFromConfig({ class_name: 'Attention', config: { name: 'x', score_mode: 'general' } }),
    /option 'score_mode' expected 'dot' or 'concat', got "general"/,
  );
  assert.throws(() => layerFromConfig({ class_name: 'Attention', config: { name: 'x', use_bias: true } }), /unknown option 'use_bias'/);
});

test('AdditiveAttention round trip and weight plan', () => {
  const layer = additiveAttention({ name: 'add', useScale: true });
  const cfg = layerToConfig(layer);
  assert.deepEqual(cfg.config, { name: 'add', trainable: true, dtype: 'float32', use_scale: true, dropout: 0 });
  const back = layerFromConfig(cfg) as AdditiveAttention;
  assert.deepEqual(back.getConfig(), layer.getConfig());
  const shapes: Shape[] = [[null, 3, 5], [null, 4, 2], [null, 4, 5]];
  assert.deepEqual(codecFor(layer).plannedWeights(layer, shapes), [['scale', [5]]]);
  layer.apply([[1, 3, 5], [1, 4, 2], [1, 4, 5]].map((shape) => new Tensor(new Float32Array(shape[0]! * shape[1]! * shape[2]!), shape)));
  assert.deepEqual(layer.weights.map((w) => [w.name, w.value.shape]), [['add/scale', [5]]]);
  assert.deepEqual(codecFor(layer).plannedWeights(additiveAttention({ useScale: false }), shapes), []);
});

test('MultiHeadAttention writes Keras 3 keys, reads a Keras 3 config, and plans Keras weights', () => {
  const layer = multiHeadAttention({ name: 'mha', numHeads: 2, keyDim: 3, valueDim: 4, outputShape: 6, dropout: 0.1, kernelInitializer: 'heNormal' });
  const cfg = layerToConfig(layer);
  assert.equal(cfg.class_name, 'MultiHeadAttention');
  assert.deepEqual(Object.keys(cfg.config), [
    'name', 'trainable', 'dtype', 'num_heads', 'key_dim', 'value_dim', 'dropout', 'use_bias', 'output_shape', 'attention_axes',
    'kernel_initializer', 'bias_initializer', 'kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint',
    'bias_constraint', 'seed',
  ]);
  assert.deepEqual(cfg.config['output_shape'], [6]);
  const back = layerFromConfig(cfg) as MultiHeadAttention;
  assert.deepEqual(back.getConfig(), layer.getConfig());

  // As Keras 3.x writes it after building (attention_axes filled in, initializer objects, a dtype policy).
  const keras3: JsonObject = {
    class_name: 'MultiHeadAttention',
    config: {
      name: 'multi_head_attention', trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
      num_heads: 4, key_dim: 8, value_dim: 8, dropout: 0.0, use_bias: true, output_shape: null, attention_axes: [1],
      kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
      bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
      kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null, seed: null,
    },
  };
  const k3 = layerFromConfig(keras3) as MultiHeadAttention;
  assert.deepEqual([k3.numHeads, k3.keyDim, k3.valueDim, k3.outputShape, k3.useBias], [4, 8, 8, null, true]);
  const plan = codecFor(k3).plannedWeights(k3, [[null, 5, 16], [null, 7, 12]]);
  assert.deepEqual(plan, [
    ['query/kernel', [16, 4, 8]], ['query/bias', [4, 8]], ['key/kernel', [12, 4, 8]], ['key/bias', [4, 8]],
    ['value/kernel', [12, 4, 8]], ['value/bias', [4, 8]], ['attention_output/kernel', [4, 8, 16]], ['attention_output/bias', [16]],
  ]);
  const q = tensor(new Float32Array(2 * 5 * 16), [2, 5, 16]);
  const v = tensor(new Float32Array(2 * 7 * 12), [2, 7, 12]);
  k3.apply([q, v]);
  assert.deepEqual(k3.weights.map((w) => [w.name.slice('multi_head_attention/'.length), w.value.shape]), plan);

  const axes = { ...(keras3['config'] as JsonObject), attention_axes: [2] };
  assert.throws(() => layerFromConfig({ class_name: 'MultiHeadAttention', config: axes }), /option 'attention_axes' = \[2\] is not supported/);
  const regs = { ...(keras3['config'] as JsonObject), kernel_regularizer: { class_name: 'L2', config: { l2: 0.01 } } };
  assert.throws(() => layerFromConfig({ class_name: 'MultiHeadAttention', config: regs }), /option 'kernel_regularizer'.*is not supported/);
});

test('option errors name the option and the value', () => {
  assert.throws(() => attention({ scoreMode: 'general' as never }), /layers.attention: option 'scoreMode' expected one of 'dot', 'concat', got "general"/);
  assert.throws(() => attention({ dropout: 1 }), /option 'dropout' expected a number in \[0, 1\), got 1/);
  assert.throws(() => attention({ useCausalMask: true, causal: false }), /'useCausalMask' \(true\) and 'causal' \(false\) are two names for one option/);
  assert.throws(() => attention({ units: 3 } as never), /layers.attention: unknown option 'units'/);
  assert.throws(() => additiveAttention({ scoreMode: 'dot' } as never), /unknown option 'scoreMode'/);
  assert.throws(() => multiHeadAttention({ numHeads: 0, keyDim: 2 }), /option 'numHeads' expected an integer >= 1, got 0/);
  assert.throws(() => multiHeadAttention({ numHeads: 2, keyDim: 2, attentionAxes: [1, 2] }), /option 'attentionAxes' expected null, 1 or -2/);
  assert.throws(() => multiHeadAttention({ numHeads: 2, keyDim: 2, outputShape: [0] }), /option 'outputShape\[0\]' expected an integer >= 1, got 0/);
});

test('computeOutputShape: output and scores shapes, and clear errors for incompatible shapes', () => {
  const att = attention({ returnAttentionScores: true });
  assert.deepEqual(att.computeOutputShape([[null, 3, 4], [null, 5, 4]]), [[null, 3, 4], [null, 3, 5]]);
  assert.deepEqual(attention().computeOutputShape([[null, 3, 4], [null, 5, 2], [null, 5, 4]]), [null, 3, 2]);
  assert.deepEqual(additiveAttention().computeOutputShape([[2, null, 4], [2, null, 4]]), [2, null, 4]);
  const mha = multiHeadAttention({ numHeads: 2, keyDim: 3, returnAttentionScores: true });
  assert.deepEqual(mha.computeOutputShape([[null, 3, 4], [null, 5, 7]]), [[null, 3, 4], [null, 2, 3, 5]]);
  assert.deepEqual(multiHeadAttention({ numHeads: 2, keyDim: 3, outputShape: [2, 3] }).computeOutputShape([[null, 3, 4], [null, 5, 7]]), [null, 3, 2, 3]);

  assert.throws(() => att.computeOutputShape([null, 3, 4]), /expected a list \[query, value\] or \[query, value, key\].*got one input of shape \[null, 3, 4\]/);
  assert.throws(() => att.computeOutputShape([[null, 3, 4]]), /got a list of 1/);
  assert.throws(() => att.computeOutputShape([[null, 3, 4], [null, 5, 4], [null, 5, 4], [null, 5, 4]]), /got a list of 4/);
  assert.throws(() => att.computeOutputShape([[null, 4], [null, 5, 4]]), /argument 'query' expected rank 3 \[batch, time, features\], got shape \[null, 4\]/);
  assert.throws(() => att.computeOutputShape([[null, 3, 4], [null, 5, 3]]), /argument 'value' expected last axis 4 like 'query' \[null, 3, 4\]/);
  assert.throws(() => att.computeOutputShape([[null, 3, 4], [null, 5, 2], [null, 6, 4]]), /argument 'key' expected time 5 like 'value'/);
  assert.throws(() => mha.computeOutputShape([[2, 3, 4], [3, 5, 4]]), /argument 'value' expected batch 2 like 'query'/);
  // MultiHeadAttention projects each input, so its feature sizes may differ.
  assert.deepEqual(multiHeadAttention({ numHeads: 1, keyDim: 2 }).computeOutputShape([[null, 3, 4], [null, 5, 3], [null, 5, 6]]), [null, 3, 4]);
});

test('apply: shape errors on data name the argument and both shapes', () => {
  setSeed(32);
  const f32 = (shape: number[]) => tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
  const att = attention();
  assert.throws(() => att.apply(f32([1, 3, 4])), /argument 'x' expected a list \[query, value\] or \[query, value, key\]/);
  assert.throws(() => att.apply([f32([1, 3, 4]), f32([2, 5, 4])]), /argument 'value' expected batch 1 like 'query' \[1, 3, 4\], got shape \[2, 5, 4\]/);
  const mha = multiHeadAttention({ numHeads: 2, keyDim: 2 });
  mha.apply([f32([1, 3, 4]), f32([1, 5, 6])]);
  assert.throws(() => mha.apply([f32([1, 3, 5]), f32([1, 5, 6])]), /argument 'query' expected last axis 4 \(the layer's weights were built for it\), got shape \[1, 3, 5\]/);
  const add = additiveAttention();
  add.apply([f32([1, 3, 4]), f32([1, 5, 4])]);
  assert.throws(() => add.apply([f32([1, 3, 2]), f32([1, 5, 2])]), /argument 'query' expected last axis 4/);
  assert.throws(() => att.apply([f32([1, 3, 4]), f32([1, 5, 4])], { mask: [null, tensor([[1, 1, 1]])] }), /argument 'mask\[1\]' expected shape \[1, 5\]/);
});

test('symbolic apply records the call: output (and scores) shapes, weights built from the symbolic shapes', () => {
  const source = attention();
  const placeholder = (shape: Shape, i: number): SymbolicTensor => {
    const node: GraphNode = { layer: source, inputs: [], inputIsList: false, initialState: [], training: undefined, outputs: [], index: i };
    const s = new SymbolicTensor(shape, 'float32', node, 0, `in${i}`);
    node.outputs.push(s);
    return s;
  };
  const q = placeholder([null, 4, 6], 0);
  const v = placeholder([null, 7, 5], 1);
  const mha = multiHeadAttention({ numHeads: 2, keyDim: 3, returnAttentionScores: true });
  const outs = mha.apply([q, v]) as SymbolicTensor[];
  assert.deepEqual(outs.map((o) => o.shape), [[null, 4, 6], [null, 2, 4, 7]]);
  assert.deepEqual(mha.weights.map((w) => w.value.shape)[0], [6, 2, 3]);
  assert.equal(mha.inboundNodes.length, 1);
  const att = attention();
  assert.throws(() => att.apply([q, v]), /argument 'value' expected last axis 6 like 'query' \[null, 4, 6\]/);
  const one = attention().apply([q, placeholder([null, 7, 6], 2)]) as SymbolicTensor;
  assert.deepEqual(one.shape, [null, 4, 6]);
});
