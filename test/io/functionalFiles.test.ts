/**
 * Functional models in the tfjs layers format: round trips (memory and disk), node indices
 * counted per model, and hostile files (unknown layers, node and tensor indices out of range,
 * cycles, deep nesting, weights that do not fit) failing with one clear error, fast.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Sequential, Tensor, input, layers, model, setSeed, tensor, type SymbolicTensor } from '../../src/index.js';
import { LayersModel } from '../../src/models/layersModel.js';
import { loadFromMemory, saveToMemory } from '../../src/io/memory.js';
import { loadModel, saveModel } from '../../src/io/node.js';
import { readGraphConfig } from '../../src/io/graphConfig.js';
import type { JsonObject } from '../../src/io/json.js';
import type { ModelArtifacts } from '../../src/io/modelArtifacts.js';
import { input as data, tempDir } from './helpers.js';

/** Two inputs, two outputs: encoder states seed a decoder, a shared Dense, a merge, a fixed training flag. */
function encoderDecoder(): LayersModel {
  const a = input({ shape: [5, 3], name: 'enc_in' });
  const b = input({ shape: [4, 2], name: 'dec_in' });
  const [, h, c] = layers.lstm({ units: 4, returnState: true, name: 'encoder' }).apply(a) as SymbolicTensor[];
  const seq = layers.lstm({ units: 4, returnSequences: true, name: 'decoder' }).apply(b, { initialState: [h!, c!] }) as SymbolicTensor;
  const shared = layers.dense({ units: 2, activation: 'tanh', name: 'shared' });
  const y1 = shared.apply(seq) as SymbolicTensor;
  const y2 = shared.apply(h!) as SymbolicTensor;
  const joined = layers.concatenate({ name: 'joined' }).apply([y2, c!]) as SymbolicTensor;
  const drop = layers.dropout({ rate: 0.5, name: 'drop' }).apply(joined, { training: false }) as SymbolicTensor;
  return model({ inputs: [a, b], outputs: [y1, layers.dense({ units: 1, name: 'score' }).apply(drop) as SymbolicTensor], name: 'seq2seq' });
}

const xs = (): Tensor[] => [data([2, 5, 3], 1), data([2, 4, 2], 2)];

function outputsOf(m: LayersModel, x: Tensor[]): number[][] {
  const p = m.predict(x);
  return (Array.isArray(p) ? p : [p]).map((t) => Array.from(t.data));
}

function clone(a: ModelArtifacts): ModelArtifacts {
  return { ...a, modelTopology: JSON.parse(JSON.stringify(a.modelTopology)) as JsonObject, weightSpecs: a.weightSpecs.map((s) => ({ ...s })) };
}

type LayerEntry = { name: string; class_name: string; config: JsonObject; inbound_nodes: unknown[] };
function layerList(a: ModelArtifacts): LayerEntry[] {
  return ((a.modelTopology['config'] as JsonObject)['layers'] as unknown) as LayerEntry[];
}

test('a functional model saves as tfjs "Model" topology and comes back equal, in memory and on disk', async () => {
  setSeed(31);
  const m = encoderDecoder();
  const artifacts = saveToMemory(m, { extra: { note: 'hi' } });
  assert.equal(artifacts.modelTopology['class_name'], 'Model');
  const config = artifacts.modelTopology['config'] as JsonObject;
  assert.deepEqual(config['input_layers'], [['enc_in', 0, 0], ['dec_in', 0, 0]]);
  assert.deepEqual(config['output_layers'], [['shared', 0, 0], ['score', 0, 0]]);
  const byName = new Map(layerList(artifacts).map((l) => [l.name, l]));
  assert.deepEqual(byName.get('decoder')!.inbound_nodes, [[['dec_in', 0, 0, {}], ['encoder', 0, 1, {}], ['encoder', 0, 2, {}]]]);
  assert.deepEqual(byName.get('shared')!.inbound_nodes, [[['decoder', 0, 0, {}]], [['encoder', 0, 1, {}]]]);
  assert.deepEqual(byName.get('drop')!.inbound_nodes, [[['joined', 0, 0, { training: false }]]]);
  assert.deepEqual(artifacts.weightSpecs.map((s) => s.name), [
    'encoder/kernel', 'encoder/recurrent_kernel', 'encoder/bias', 'decoder/kernel', 'decoder/recurrent_kernel', 'decoder/bias',
    'shared/kernel', 'shared/bias', 'score/kernel', 'score/bias',
  ]);
  const want = outputsOf(m, xs());
  const { model: back, extra } = loadFromMemory(artifacts);
  assert.ok(back instanceof LayersModel && !(back instanceof Sequential));
  assert.deepEqual(extra, { note: 'hi' });
  assert.deepEqual(outputsOf(back, xs()), want);
  assert.equal(back.name, 'seq2seq');
  assert.deepEqual(back.inputNames, ['enc_in', 'dec_in']);
  assert.equal(back.getLayer('drop').inboundNodes[0]!.training, false);

  const dir = tempDir();
  await saveModel(back, join(dir, 'm'));
  const { model: again } = await loadModel(join(dir, 'm'));
  assert.deepEqual(outputsOf(again, xs()), want);
  // A Sequential still saves as a Sequential.
  const seq = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [3] })] });
  assert.equal(saveToMemory(seq).modelTopology['class_name'], 'Sequential');
});

test('node indices count only the calls that belong to the saved model', () => {
  setSeed(32);
  const shared = layers.dense({ units: 2, name: 'reused' });
  const a = input({ shape: [3], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const first = model({ inputs: a, outputs: shared.apply(a) as SymbolicTensor });
  const out = layers.dense({ units: 1, name: 'after' }).apply(shared.apply(b) as SymbolicTensor) as SymbolicTensor;
  const second = model({ inputs: b, outputs: out });
  assert.equal(shared.inboundNodes.length, 2);
  const artifacts = saveToMemory(second);
  const byName = new Map(layerList(artifacts).map((l) => [l.name, l]));
  assert.deepEqual(byName.get('reused')!.inbound_nodes, [[['b', 0, 0, {}]]]);
  assert.deepEqual(byName.get('after')!.inbound_nodes, [[['reused', 0, 0, {}]]]);
  assert.ok(!byName.has('a'));
  const x = [data([2, 3], 3)];
  assert.deepEqual(outputsOf(loadFromMemory(artifacts).model, x), outputsOf(second, x));
  void first;
});

test('layers listed in any order load: the calls are replayed once their inputs exist', () => {
  setSeed(33);
  const m = encoderDecoder();
  const artifacts = clone(saveToMemory(m));
  layerList(artifacts).reverse();
  assert.deepEqual(outputsOf(loadFromMemory(artifacts).model, xs()), outputsOf(m, xs()));
});

function expectError(mutate: (layers: LayerEntry[], config: JsonObject) => void, pattern: RegExp): void {
  setSeed(34);
  const artifacts = clone(saveToMemory(encoderDecoder()));
  mutate(layerList(artifacts), artifacts.modelTopology['config'] as JsonObject);
  const started = Date.now();
  assert.throws(() => loadFromMemory(artifacts), pattern);
  assert.ok(Date.now() - started < 2000, 'refused fast');
}

const find = (ls: LayerEntry[], name: string): LayerEntry => ls.find((l) => l.name === name)!;

test('hostile graphs fail with one error naming the problem', () => {
  expectError((ls) => (find(ls, 'score').inbound_nodes = [[['nope', 0, 0, {}]]]), /layer 'score' \(Dense\) call 0 reads layer 'nope', which the model does not have/);
  expectError((ls) => (find(ls, 'score').inbound_nodes = [[['drop', 3, 0, {}]]]), /reads call 3 of layer 'drop', which has 1 call\(s\)/);
  expectError((ls) => (find(ls, 'score').inbound_nodes = [[['encoder', 0, 7, {}]]]), /reads output 7 of call 0 of layer 'encoder', which has 3 output\(s\)/);
  expectError((ls) => (find(ls, 'score').inbound_nodes = [[['enc_in', 1, 0, {}]]]), /reads call 1 of layer 'enc_in', which has 1 call\(s\)/);
  expectError((ls) => (find(ls, 'score').inbound_nodes = [[['drop', -1, 0, {}]]]), /inbound tensor expected \[layer name, node index, tensor index, kwargs\]/);
  // A cycle: joined reads score, which reads drop, which reads joined.
  expectError((ls) => (find(ls, 'joined').inbound_nodes = [[['score', 0, 0, {}], ['encoder', 0, 2, {}]]]), /layer calls form a cycle .*'joined'/);
  // A layer reading its own output.
  expectError((ls) => (find(ls, 'drop').inbound_nodes = [[['drop', 0, 0, {}]]]), /form a cycle .*'drop'/);
  expectError((ls) => ls.push({ ...find(ls, 'score') }), /a layer named 'score' is listed twice/);
  expectError((_, config) => (config['input_layers'] = [['encoder', 0, 0]]), /input_layers\[0\] names layer 'encoder' \(LSTM\), which is not an InputLayer/);
  expectError((_, config) => (config['output_layers'] = [['ghost', 0, 0]]), /output_layers\[0\] reads layer 'ghost'/);
  expectError((_, config) => (config['output_layers'] = 'score'), /'output_layers' expected a non-empty list/);
  expectError((ls) => (find(ls, 'score').inbound_nodes = [{ args: [], kwargs: {} }]), /a Keras 3 call expected 'args' holding one tensor/);
  expectError((ls) => (find(ls, 'score').inbound_nodes = [[['drop', 0, 0, { frobnicate: 1 }]]]), /keyword argument 'frobnicate' = 1 is not supported/);
  expectError((ls) => delete (find(ls, 'enc_in').config as Record<string, unknown>)['batch_input_shape'], /layer 'enc_in' \(InputLayer\): has no 'batch_input_shape'/);
  // Shapes that do not fit: a merge of incompatible tensors.
  expectError((ls) => (find(ls, 'joined').inbound_nodes = [[['shared', 0, 0, {}], ['encoder', 0, 2, {}]]]), /layer 'joined' \(Concatenate\) call 0: /);
  // Deep nesting is refused before anything walks it.
  expectError((ls) => {
    let deep: unknown = ['drop', 0, 0, {}];
    for (let i = 0; i < 5000; i++) deep = [deep];
    find(ls, 'score').inbound_nodes = [deep];
  }, /nested more than 1000 levels deep/);
});

test('weights are planned from each layer\'s first call before anything is allocated', () => {
  setSeed(35);
  const artifacts = clone(saveToMemory(encoderDecoder()));
  // A file claiming a huge decoder next to the small weights: refused from the plan, at once.
  (find(layerList(artifacts), 'decoder').config as Record<string, unknown>)['units'] = 50_000;
  const started = Date.now();
  assert.throws(() => loadFromMemory(artifacts), /weight 'decoder\/kernel' has shape \[2, 16\], but layer 'decoder' \(LSTM\) needs \[2, 200000\]/);
  assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  // A shared layer's weights appear once; a missing one is named.
  const again = clone(saveToMemory(encoderDecoder()));
  const specs = again.weightSpecs.filter((s) => s.name !== 'shared/bias');
  const offset = again.weightSpecs.slice(0, again.weightSpecs.findIndex((s) => s.name === 'shared/bias')).reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  const bytes = new Uint8Array(again.weightData);
  const cut = new Uint8Array(bytes.length - 8);
  cut.set(bytes.subarray(0, offset));
  cut.set(bytes.subarray(offset + 8), offset);
  assert.throws(() => loadFromMemory({ ...again, weightSpecs: specs, weightData: cut.buffer }), /no weight in the manifest for: shared\/bias/);
});

test('ordering is linear: a 20,000-call chain listed backwards is read in linear time (re-scanning the list until every call ran would take 20,000 passes)', () => {
  const n = 20_000;
  const list: JsonObject[] = [{ name: 'x', class_name: 'InputLayer', config: { batch_input_shape: [null, 1], name: 'x' }, inbound_nodes: [] }];
  for (let i = 0; i < n; i++) {
    list.push({ name: `a${i}`, class_name: 'Activation', config: { name: `a${i}`, activation: 'linear' }, inbound_nodes: [[[i === 0 ? 'x' : `a${i - 1}`, 0, 0, {}]]] });
  }
  list.reverse();
  const started = Date.now();
  const spec = readGraphConfig({ name: 'long', layers: list, input_layers: [['x', 0, 0]], output_layers: [[`a${n - 1}`, 0, 0]] }, 'test');
  const ms = Date.now() - started;
  assert.equal(spec.order.length, n);
  assert.deepEqual(spec.order[0], [n - 1, 0]);
  // Typically 0.3 s; the bound leaves room for a loaded machine.
  assert.ok(ms < 5000, `took ${ms} ms`);
});

test('Keras 3 inbound nodes and kwargs read as calls', () => {
  const kt = (name: string, node = 0, t = 0): JsonObject => ({ class_name: '__keras_tensor__', config: { shape: [null, 4], dtype: 'float32', keras_history: [name, node, t] } });
  const spec = readGraphConfig({
    name: 'k3',
    layers: [
      { name: 'x', class_name: 'InputLayer', config: { batch_shape: [null, 2, 3], name: 'x' }, inbound_nodes: [] },
      { name: 'enc', class_name: 'LSTM', config: { name: 'enc', units: 4, return_state: true }, inbound_nodes: [{ args: [kt('x')], kwargs: { training: false, mask: null } }] },
      { name: 'dec', class_name: 'LSTM', config: { name: 'dec', units: 4 }, inbound_nodes: [{ args: [kt('x')], kwargs: { initial_state: [kt('enc', 0, 1), kt('enc', 0, 2)] } }] },
      { name: 'cat', class_name: 'Concatenate', config: { name: 'cat' }, inbound_nodes: [{ args: [{ class_name: '__tuple__', config: { value: [kt('dec'), kt('enc')] } }], kwargs: {} }] },
    ],
    input_layers: [['x', 0, 0]],
    output_layers: ['cat', 0, 0],
  }, 'test');
  const [, enc, dec, cat] = spec.layers;
  assert.deepEqual(enc!.calls[0], { inputs: [{ layer: 'x', node: 0, tensor: 0 }], inputIsList: false, initialState: [], training: false });
  assert.deepEqual(dec!.calls[0]!.initialState, [{ layer: 'enc', node: 0, tensor: 1 }, { layer: 'enc', node: 0, tensor: 2 }]);
  assert.equal(cat!.calls[0]!.inputIsList, true);
  assert.deepEqual(spec.outputs, [{ layer: 'cat', node: 0, tensor: 0 }]);
  // An explicit mask taken from a layer of the model is refused; Keras's own propagated mask (an op) is not.
  assert.throws(() => readGraphConfig({
    layers: [
      { name: 'x', class_name: 'InputLayer', config: { batch_shape: [null, 2, 3], name: 'x' }, inbound_nodes: [] },
      { name: 'm', class_name: 'Masking', config: { name: 'm' }, inbound_nodes: [{ args: [kt('x')], kwargs: {} }] },
      { name: 'l', class_name: 'LSTM', config: { name: 'l', units: 2 }, inbound_nodes: [{ args: [kt('x')], kwargs: { mask: kt('m') } }] },
    ],
    input_layers: [['x', 0, 0]],
    output_layers: [['l', 0, 0]],
  }, 'test'), /takes an explicit mask from layer 'm'/);
});

test('a functional model with list inputs predicts through save and load from every output', () => {
  setSeed(36);
  const t = input({ shape: [5], name: 'tokens' });
  const e = layers.embedding({ inputDim: 7, outputDim: 3, maskZero: true, name: 'embed' }).apply(t) as SymbolicTensor;
  const fw = layers.lstm({ units: 3, name: 'fw' }).apply(e) as SymbolicTensor;
  const bw = layers.gru({ units: 3, goBackwards: true, name: 'bw' }).apply(e) as SymbolicTensor;
  const both = layers.add({ name: 'sum' }).apply([fw, bw]) as SymbolicTensor;
  const m = model({ inputs: t, outputs: [both, fw] });
  const x = [tensor([[1, 2, 3, 0, 0], [4, 5, 6, 2, 0]])];
  assert.deepEqual(outputsOf(loadFromMemory(saveToMemory(m)).model, x), outputsOf(m, x));
});
