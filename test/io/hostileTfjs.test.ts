/**
 * Hostile or broken TensorFlow.js layers-format directories (model.json plus weights files):
 * each case ends in one error naming the file and the problem, in bounded time and memory,
 * and nothing outside the model's directory is read. Cases that hung or exhausted memory
 * before the loader was hardened run in a child process with a timeout, so a regression fails
 * the test instead of hanging the suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layers, sequential, ShapeError, ValueError } from '../../src/index.js';
import { loadFromMemory, loadFromModelJson, saveToMemory, type JsonObject } from '../../src/io/index.js';
import { loadModel, saveModel } from '../../src/io/node.js';
import { tempDir } from './helpers.js';

const NODE_IO = fileURLToPath(new URL('../../src/io/node.ts', import.meta.url));

/** A saved LSTM(3) + Dense(1) model; returns its directory. */
async function savedModel(): Promise<string> {
  const dir = tempDir('lstm-ts-hostile-');
  await saveModel(sequential({ layers: [layers.lstm({ units: 3, inputShape: [4, 2] }), layers.dense({ units: 1 })] }), dir);
  return dir;
}

function readJson(dir: string): JsonObject {
  return JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as JsonObject;
}

/** Stands for the deep JSON text spliced in by `writeJson` (JSON.stringify itself would overflow on it). */
const DEEP = '__deep__';

function writeJson(dir: string, json: unknown, deepText?: string): void {
  const text = JSON.stringify(json);
  writeFileSync(join(dir, 'model.json'), deepText === undefined ? text : text.replace(JSON.stringify(DEEP), deepText));
}

/**
 * Loads `dir` in a child process (tsx, small heap) and reports how it ended. A child that is
 * still running after `timeoutMs` is killed and reported as timed out.
 */
function loadInChild(dir: string, timeoutMs = 15_000): { timedOut: boolean; ok: boolean; message: string } {
  const script = join(tempDir('lstm-ts-hostile-child-'), 'load.mts');
  writeFileSync(
    script,
    `import { loadModel } from ${JSON.stringify(NODE_IO)};\n` +
      `try { await loadModel(process.argv[2]); console.log(JSON.stringify({ ok: true, message: 'loaded' })); }\n` +
      `catch (e) { console.log(JSON.stringify({ ok: false, message: e instanceof Error ? e.message : String(e) })); }\n` +
      `process.exit(0);\n`,
  );
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', script, dir], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { timedOut: true, ok: false, message: '' };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { timedOut: false, ...(JSON.parse(line) as { ok: boolean; message: string }) };
  } catch {
    return { timedOut: false, ok: false, message: `child exited ${r.status ?? r.signal}: ${r.stderr.slice(-500)}` };
  }
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

// ---------------------------------------------------------------------------------------------
// Only regular files inside the model's directory are read

test('a weights.bin symlinked to a file outside the model directory is refused, not read', async () => {
  const dir = await savedModel();
  const outside = join(tempDir('lstm-ts-hostile-outside-'), 'secret.bin');
  // Same bytes as the real weights, so only the location can give it away.
  writeFileSync(outside, readFileSync(join(dir, 'weights.bin')));
  rmSync(join(dir, 'weights.bin'));
  symlinkSync(outside, join(dir, 'weights.bin'));
  await assert.rejects(loadModel(dir), (e: Error) => {
    assert.ok(e instanceof ValueError, String(e));
    assert.match(e.message, /weights\.bin' .*outside the model directory/);
    assert.match(e.message, /model\.json/);
    return true;
  });
});

test('a symlink inside the directory to another file inside it is still read', async () => {
  const dir = await savedModel();
  renameSync(join(dir, 'weights.bin'), join(dir, 'real.bin'));
  symlinkSync('real.bin', join(dir, 'weights.bin'));
  const { model } = await loadModel(dir);
  assert.equal(model.layers.length, 2);
});

test('a weights.bin symlinked to /dev/zero is refused at once', async () => {
  const dir = await savedModel();
  rmSync(join(dir, 'weights.bin'));
  symlinkSync('/dev/zero', join(dir, 'weights.bin'));
  const r = loadInChild(dir);
  assert.equal(r.timedOut, false, 'the load must not read /dev/zero without bound');
  assert.equal(r.ok, false);
  assert.match(r.message, /weights\.bin' .*(outside the model directory|not a regular file)/);
});

test('a weights.bin that is a FIFO is refused instead of waiting for a writer', async () => {
  const dir = await savedModel();
  rmSync(join(dir, 'weights.bin'));
  mkfifo(join(dir, 'weights.bin'));
  const r = loadInChild(dir);
  assert.equal(r.timedOut, false, 'the load must not block on a FIFO');
  assert.equal(r.ok, false);
  assert.match(r.message, /weights\.bin' is a FIFO, not a regular file/);
});

test('a model.json that is a FIFO is refused instead of waiting for a writer', async () => {
  const dir = tempDir('lstm-ts-hostile-');
  mkfifo(join(dir, 'model.json'));
  const r = loadInChild(dir);
  assert.equal(r.timedOut, false, 'the load must not block on a FIFO');
  assert.equal(r.ok, false);
  assert.match(r.message, /model\.json' is a FIFO, not a regular file/);
});

test('a model.json larger than the bound is refused before it is read', async () => {
  const dir = tempDir('lstm-ts-hostile-');
  // Sparse: takes no disk space, and nothing is read if the size is checked first.
  const fd = openSync(join(dir, 'model.json'), 'w');
  ftruncateSync(fd, 65 * 1024 * 1024);
  closeSync(fd);
  const start = Date.now();
  await assert.rejects(loadModel(dir), /model\.json' has 68157440 bytes; expected at most 67108864 \(64 MiB/);
  assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
});

// ---------------------------------------------------------------------------------------------
// Sizes before bytes

test('a manifest listing the same weights file many times is refused before anything is read', async () => {
  const dir = await savedModel();
  const json = readJson(dir);
  const manifest = json['weightsManifest'] as JsonObject[];
  manifest[0]!['paths'] = Array.from({ length: 2000 }, () => 'weights.bin');
  writeJson(dir, json);
  await assert.rejects(loadModel(dir), (e: Error) => {
    assert.ok(e instanceof ValueError);
    assert.match(e.message, /model\.json' lists weights file 'weights\.bin' 2000 times/);
    return true;
  });
});

test('weights files larger than the manifest needs are refused by their size, unread', async () => {
  const dir = await savedModel();
  const need = readFileSync(join(dir, 'weights.bin')).byteLength;
  // 3 GiB, sparse: reading it would take seconds and gigabytes; stat says it is wrong at once.
  const fd = openSync(join(dir, 'weights.bin'), 'r+');
  ftruncateSync(fd, 3 * 1024 ** 3);
  closeSync(fd);
  const start = Date.now();
  await assert.rejects(loadModel(dir), new RegExp(`holds ${3 * 1024 ** 3} bytes, but model\\.json describes 5 weights of ${need} bytes`));
  assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
});

// ---------------------------------------------------------------------------------------------
// The architecture is checked against the weights before any layer is built

/** Sets `key` of layer `index`'s config in the saved model.json. */
function setLayerOption(dir: string, index: number, key: string, value: unknown): void {
  const json = readJson(dir);
  const layerList = ((json['modelTopology'] as JsonObject)['config'] as JsonObject)['layers'] as JsonObject[];
  (layerList[index]!['config'] as JsonObject)[key] = value as JsonObject;
  writeJson(dir, json);
}

test('LSTM units 5,000 with a small weights file fails at once, without initialising a huge layer', async () => {
  const dir = await savedModel();
  setLayerOption(dir, 0, 'units', 5000);
  const r = loadInChild(dir, 20_000);
  assert.equal(r.timedOut, false, 'the load must not build the layer before checking the weights');
  assert.equal(r.ok, false);
  assert.match(r.message, /weight 'lstm[^']*\/kernel' has shape \[2, 12\], but layer 'lstm[^']*' \(LSTM\) needs \[2, 20000\]/);
});

test('Dense units 1e9 and non-integer or unsafe sizes give a clear error, never a typed-array RangeError', async () => {
  for (const units of [1e9, 3e8, 1e300, 2 ** 53, 0, -3, 1.5]) {
    const dir = await savedModel();
    setLayerOption(dir, 1, 'units', units);
    await assert.rejects(loadModel(dir), (e: Error) => {
      assert.ok(e instanceof ValueError || e instanceof ShapeError, `units ${units}: ${e.name}: ${e.message}`);
      assert.doesNotMatch(e.message, /Invalid typed array length|Array buffer allocation/);
      assert.match(e.message, /dense/);
      return true;
    });
  }
});

test('an Embedding whose input_dim the weights cannot hold fails before allocating it', () => {
  const model = sequential({ layers: [layers.embedding({ inputDim: 5, outputDim: 2, inputShape: [3] })] });
  const artifacts = saveToMemory(model);
  const topology = structuredClone(artifacts.modelTopology);
  const cfg = ((topology['config'] as JsonObject)['layers'] as JsonObject[])[0]!['config'] as JsonObject;
  cfg['input_dim'] = 2 ** 40;
  assert.throws(() => loadFromMemory({ ...artifacts, modelTopology: topology }), (e: Error) => {
    assert.ok(e instanceof ShapeError, `${e.name}: ${e.message}`);
    assert.match(e.message, /embeddings' has shape \[5, 2\], but layer '[^']+' \(Embedding\) needs \[1099511627776, 2\]/);
    return true;
  });
});

test('20,000 layers load in linear time', () => {
  const count = 20_000;
  const layerList: JsonObject[] = [
    { class_name: 'Dense', config: { name: 'd0', units: 1, use_bias: false, batch_input_shape: [null, 1] } },
  ];
  for (let i = 1; i < count; i++) layerList.push({ class_name: 'Activation', config: { name: `a${i}`, activation: 'linear' } });
  const json = {
    modelTopology: { class_name: 'Sequential', config: { name: 'deep', layers: layerList } },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'd0/kernel', shape: [1, 1], dtype: 'float32' }] }],
  };
  const start = Date.now();
  const { model } = loadFromModelJson(json, new Float32Array([2]));
  const ms = Date.now() - start;
  assert.equal(model.layers.length, count);
  assert.ok(ms < 4000, `loading ${count} layers took ${ms} ms`);
});

test('loading does not draw initial weights it then overwrites (an LSTM of 768 units loads in well under a second)', () => {
  const units = 768;
  const features = 16;
  const specs = [
    { name: 'lstm/kernel', shape: [features, 4 * units], dtype: 'float32' },
    { name: 'lstm/recurrent_kernel', shape: [units, 4 * units], dtype: 'float32' },
    { name: 'lstm/bias', shape: [4 * units], dtype: 'float32' },
  ];
  const count = 4 * units * (features + units + 1);
  const weights = new Float32Array(count).map((_, i) => ((i % 97) - 48) / 1000);
  const json = {
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'big', layers: [{ class_name: 'LSTM', config: { name: 'lstm', units, batch_input_shape: [null, 5, features] } }] },
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  const start = Date.now();
  const { model } = loadFromModelJson(json, weights);
  const ms = Date.now() - start;
  const recurrent = model.layers[0]!.weights[1]!.value.data;
  assert.equal(recurrent[5], weights[features * 4 * units + 5]);
  // Drawing the orthogonal recurrent matrix alone took 3 s here.
  assert.ok(ms < 1500, `loading took ${ms} ms`);
});

// ---------------------------------------------------------------------------------------------
// Deep nesting

function nested(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** JSON text of `nested(depth)`. */
function nestedText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

test('userDefinedMetadata nested 100,000 deep gives a depth error, not a stack overflow', async () => {
  const dir = await savedModel();
  const json = readJson(dir);
  json['userDefinedMetadata'] = DEEP;
  writeJson(dir, json, nestedText(100_000));
  await assert.rejects(loadModel(dir), (e: Error) => {
    assert.ok(e instanceof ValueError, `${e.name}: ${e.message}`);
    assert.match(e.message, /model\.json' .*nested more than 1000 levels deep/);
    return true;
  });
});

test('a layer config nested 100,000 deep gives a depth error, not a stack overflow', async () => {
  const dir = await savedModel();
  const depth = 50_000;
  const spec = `${'{"class_name":"TimeDistributed","config":{"layer":'.repeat(depth)}{"class_name":"Dense","config":{"name":"inner","units":1}}${'}}'.repeat(depth)}`;
  const json = readJson(dir);
  ((json['modelTopology'] as JsonObject)['config'] as JsonObject)['layers'] = [DEEP];
  writeJson(dir, json, spec);
  await assert.rejects(loadModel(dir), /nested more than 1000 levels deep/);
  // An unknown option holding a deep array: describing it must not recurse either.
  const dir2 = await savedModel();
  setLayerOption(dir2, 0, 'unknown_thing', DEEP);
  writeJson(dir2, readJson(dir2), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  await assert.rejects(loadModel(dir2), /nested more than 1000 levels deep/);
});

test('in-memory artifacts and saved extra are depth-checked too', () => {
  const artifacts = saveToMemory(sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] }));
  assert.throws(
    () => loadFromMemory({ ...artifacts, userDefinedMetadata: nested(100_000) as JsonObject }),
    /userDefinedMetadata is nested more than 1000 levels deep/,
  );
  assert.throws(
    () => saveToMemory(sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] }), { extra: nested(100_000) as JsonObject }),
    /extra(\.a)* is nested more than 1000 levels deep/,
  );
});

// ---------------------------------------------------------------------------------------------
// Names of Object's prototype are not dtypes, initializers or modes

test("dtype names like 'constructor' are unknown dtypes, not NaN bytes", () => {
  const artifacts = saveToMemory(sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] }));
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    const specs = artifacts.weightSpecs.map((s, i) => (i === 0 ? { ...s, dtype: name as 'float32' } : s));
    assert.throws(() => loadFromMemory({ ...artifacts, weightSpecs: specs }), (e: Error) => {
      assert.ok(e instanceof ValueError);
      assert.match(e.message, new RegExp(`unknown dtype '${name}' \\(expected float32, int32`));
      assert.doesNotMatch(e.message, /NaN|function/);
      return true;
    });
    const quantized = artifacts.weightSpecs.map((s, i) => (i === 0 ? { ...s, quantization: { dtype: name as 'uint8' } } : s));
    assert.throws(() => loadFromMemory({ ...artifacts, weightSpecs: quantized }), new RegExp(`unknown quantization dtype '${name}' \\(expected uint8, uint16`));
  }
});

test("initializer classes and modes named like Object's prototype are reported as unknown", () => {
  const artifacts = saveToMemory(sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] }));
  const withKernelInit = (init: unknown): JsonObject => {
    const topology = structuredClone(artifacts.modelTopology);
    const cfg = ((topology['config'] as JsonObject)['layers'] as JsonObject[])[0]!['config'] as JsonObject;
    cfg['kernel_initializer'] = init as JsonObject;
    return topology;
  };
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.throws(
      () => loadFromMemory({ ...artifacts, modelTopology: withKernelInit({ class_name: name, config: {} }) }),
      new RegExp(`uses initializer class '${name}', which lstm-ts does not have`),
    );
    assert.throws(
      () => loadFromMemory({ ...artifacts, modelTopology: withKernelInit({ class_name: 'VarianceScaling', config: { mode: name, distribution: 'uniform' } }) }),
      /mode .* is not fan_in, fan_out or fan_avg/,
    );
    assert.throws(
      () => loadFromMemory({ ...artifacts, modelTopology: withKernelInit({ class_name: 'VarianceScaling', config: { mode: 'fan_in', distribution: name } }) }),
      /distribution .* is not uniform, normal/,
    );
  }
});
