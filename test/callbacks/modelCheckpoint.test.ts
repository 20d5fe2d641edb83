/**
 * `callbacks.modelCheckpoint` and the checkpoint directory: what it holds, saveBestOnly,
 * `{epoch:02d}` paths, the atomic replacement (including SIGKILL at random instants during
 * saves), the fallback after an interrupted save, and the errors for missing or corrupt
 * checkpoints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { availableParallelism, hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { callbacks, layers, optimizers, sequential, setSeed, type Callback, type Logs, type Sequential, type Tensor } from '../../src/index.node.js';
import { formatCheckpointPath } from '../../src/models/callbacks/modelCheckpoint.js';
import { TRAINING_STATE_FILE, captureTrainingState, loadCheckpoint, saveCheckpoint } from '../../src/io/checkpoint.js';
import { loadModel } from '../../src/io/router.js';
import { input, killDuringSaves, tempDir } from '../io/helpers.js';
import { capture } from './fakes.js';
import { checkpointModel } from '../io/fixtures/checkpointModel.js';
import { asSequential, predictOne } from '../helpers/models.js';

const x = input([20, 4, 3], 21);
const y = input([20, 1], 22);

function build(): Sequential {
  const model = sequential({ layers: [layers.gru({ units: 4, inputShape: [4, 3], dropout: 0.1 }), layers.dense({ units: 1 })] });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.02 }), loss: 'meanSquaredError', metrics: ['mae'] });
  return model;
}

function bytesOf(weights: Tensor[]): Buffer[] {
  return weights.map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength));
}

/** A callback that puts `score` (from `scores[epoch]`) into the epoch logs before later callbacks see them. */
function scoreInjector(scores: number[]): Callback {
  return { onEpochEnd: (epoch: number, logs?: Logs) => void (logs!['score'] = scores[epoch]!) };
}

/** A callback recording the weights at the end of each epoch. */
function weightRecorder(model: () => Sequential, into: Buffer[][]): Callback {
  return { onEpochEnd: () => void into.push(bytesOf(model().getWeights())) };
}

test('formatCheckpointPath fills {epoch} 1-based and log values with Python format specs', () => {
  assert.equal(formatCheckpointPath('ckpt-{epoch:02d}', 0), 'ckpt-01');
  assert.equal(formatCheckpointPath('ckpt-{epoch}', 9), 'ckpt-10');
  assert.equal(formatCheckpointPath('ckpt-{epoch:03d}', 41), 'ckpt-042');
  assert.equal(formatCheckpointPath('m-{epoch:02d}-{val_loss:.4f}', 2, { val_loss: 0.123456 }), 'm-03-0.1235');
  assert.equal(formatCheckpointPath('m-{loss:.2e}', 0, { loss: 0.0000123 }), 'm-1.23e-05');
  assert.equal(formatCheckpointPath('m-{loss:08.3f}', 0, { loss: -1.5 }), 'm--001.500');
  assert.equal(formatCheckpointPath('{{literal}}-{epoch}', 0), '{literal}-1');
  assert.throws(() => formatCheckpointPath('m-{val_acc}', 0, { loss: 1 }), /option 'filepath' refers to '\{val_acc\}', which is neither 'epoch' nor a logged value \(logged: loss\)/);
});

test('modelCheckpoint validates its options', () => {
  assert.throws(() => callbacks.modelCheckpoint({} as never), /option 'filepath' expected a directory path/);
  assert.throws(() => callbacks.modelCheckpoint({ filepath: 'c', saveFreq: 5 as never }), /option 'saveFreq' expected 'epoch', got 5/);
  assert.throws(() => callbacks.modelCheckpoint({ filepath: 'c', saveBestOnly: 'yes' as never }), /option 'saveBestOnly' expected true or false/);
  assert.throws(() => callbacks.modelCheckpoint({ filepath: 'c', mode: 'up' as never }), /mode/);
  assert.throws(() => callbacks.modelCheckpoint({ filepath: 'c', fileName: 'x' } as never), /fileName/);
  assert.throws(() => callbacks.modelCheckpoint({ filepath: 'c-{epoch:x}' }), /field '\{epoch:x\}' has a format spec lstm-ts does not know/);
  assert.throws(() => callbacks.modelCheckpoint({ filepath: 'c', initialValueThreshold: NaN }), /initialValueThreshold/);
});

test('a checkpoint holds the model (tfjs format, loadable by loadModel) and training_state.json with everything resume needs', async () => {
  const dir = tempDir();
  setSeed(4);
  const model = build();
  const path = join(dir, 'ckpt-{epoch:02d}');
  const cb = callbacks.modelCheckpoint({ filepath: path, extra: { vocabulary: ['a', 'b'] } });
  const history = await model.fit(x, y, { epochs: 2, batchSize: 8, validationSplit: 0.2, verbose: 0, callbacks: [cb] });
  assert.deepEqual(readdirSync(dir).sort(), ['ckpt-01', 'ckpt-02']);
  assert.equal(cb.lastSaved, join(dir, 'ckpt-02'));
  assert.deepEqual(readdirSync(join(dir, 'ckpt-02')).sort(), ['model.json', TRAINING_STATE_FILE, 'weights.bin']);

  const state = JSON.parse(readFileSync(join(dir, 'ckpt-02', TRAINING_STATE_FILE), 'utf8'));
  assert.equal(state.format, 'lstm-ts-training-state');
  assert.equal(state.epoch, 2);
  assert.equal(state.compileConfig.optimizer.className, 'Adam');
  assert.equal(state.compileConfig.optimizer.config.learningRate, 0.02);
  assert.equal(state.compileConfig.loss, 'meanSquaredError');
  assert.deepEqual(state.compileConfig.metrics, ['mae']);
  assert.equal(state.optimizerState.iterations, 4);
  assert.deepEqual(Object.keys(state.optimizerState.slots), model.trainableWeights.map((v) => v.name));
  assert.deepEqual(state.trainableWeightNames, model.trainableWeights.map((v) => v.name));
  assert.equal(state.randomState.words.length, 4);
  assert.deepEqual(state.history, { epoch: history.epoch, history: history.history });

  const { model: loaded, extra } = await loadModel(`file://${join(dir, 'ckpt-02')}`);
  assert.deepEqual(extra, { vocabulary: ['a', 'b'] });
  assert.deepEqual(predictOne(asSequential(loaded), x).toArray(), model.predict(x).toArray());

  const ckpt = await loadCheckpoint(join(dir, 'ckpt-01'));
  assert.equal(ckpt.trainingState.epoch, 1);
  assert.deepEqual(ckpt.trainingState.history.epoch, [0]);
  assert.equal(ckpt.fromFallback, false);
  assert.deepEqual(ckpt.extra, { vocabulary: ['a', 'b'] });
});

test('saveBestOnly saves only on strict improvement of monitor, in the direction of mode', async () => {
  const scores = [3, 1, 1, 2, 0.5, 4];
  for (const [mode, expected] of [['min', ['e01', 'e02', 'e05']], ['max', ['e01', 'e06']]] as const) {
    const dir = tempDir();
    setSeed(1);
    const model = build();
    const cb = callbacks.modelCheckpoint({ filepath: join(dir, 'e{epoch:02d}'), monitor: 'score', mode, saveBestOnly: true });
    await model.fit(x, y, { epochs: scores.length, batchSize: 10, verbose: 0, callbacks: [scoreInjector(scores), cb] });
    assert.deepEqual(readdirSync(dir).sort(), expected, mode);
    assert.equal(cb.best, mode === 'min' ? 0.5 : 4);
  }
});

test('saveBestOnly with one path keeps the weights of the best epoch by val_loss', async () => {
  const dir = tempDir();
  setSeed(2);
  const model = build();
  const perEpoch: Buffer[][] = [];
  const cb = callbacks.modelCheckpoint({ filepath: join(dir, 'best'), saveBestOnly: true });
  const lines = await capture('log', async () => {
    const h = await model.fit(x, y, { epochs: 6, batchSize: 4, validationSplit: 0.3, verbose: 0, callbacks: [weightRecorder(() => model, perEpoch), cb, { onTrainEnd: () => void 0 }] });
    const losses = h.history['val_loss']!;
    const bestEpoch = losses.indexOf(Math.min(...losses));
    const ckpt = await loadCheckpoint(join(dir, 'best'));
    assert.equal(ckpt.trainingState.epoch, bestEpoch + 1);
    assert.deepEqual(bytesOf(ckpt.model.getWeights()), perEpoch[bestEpoch]);
    assert.equal(cb.best, losses[bestEpoch]);
  });
  assert.deepEqual(lines, [], 'verbose 0 prints nothing');
  assert.deepEqual(readdirSync(dir), ['best'], 'no temporary or old directories are left');
});

test('saveBestOnly verbose messages and a missing monitor (warned once, nothing saved)', async () => {
  const dir = tempDir();
  setSeed(2);
  const logLines = await capture('log', async () => {
    const cb = callbacks.modelCheckpoint({ filepath: join(dir, 'b'), monitor: 'score', saveBestOnly: true, verbose: 1 });
    await build().fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, callbacks: [scoreInjector([2, 3]), cb] });
  });
  assert.equal(logLines.length, 2);
  assert.match(logLines[0]!, /^Epoch 1: score improved from inf to 2, saving model to .*\/b$/);
  assert.equal(logLines[1], 'Epoch 2: score did not improve from 2');
  const warnLines = await capture('warn', async () => {
    const cb = callbacks.modelCheckpoint({ filepath: join(dir, 'never'), saveBestOnly: true });
    await build().fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, callbacks: [cb] });
  });
  assert.equal(warnLines.length, 1);
  assert.match(warnLines[0]!, /conditioned on metric 'val_loss' which is not available/);
  assert.equal(existsSync(join(dir, 'never')), false);
});

test('after resumeFrom, saveBestOnly compares against the best of the restored History', async () => {
  const dir = tempDir();
  const xv = input([6, 4, 3], 30);
  const yv = input([6, 1], 31);
  setSeed(6);
  await build().fit(x, y, {
    epochs: 2, batchSize: 5, verbose: 0, validationData: [xv, yv],
    callbacks: [callbacks.modelCheckpoint({ filepath: join(dir, 'best'), saveBestOnly: true }), callbacks.modelCheckpoint({ filepath: join(dir, 'last') })],
  });
  const before = await loadCheckpoint(join(dir, 'best'));
  // Validation targets far off: no resumed epoch can beat the restored best val_loss.
  const far = yv.toArray() as number[][];
  const model = build();
  const h = await model.fit(x, y, {
    epochs: 4, batchSize: 5, verbose: 0, validationData: [xv, far.map((r) => r.map((v) => v + 50))], resumeFrom: join(dir, 'last'),
    callbacks: [callbacks.modelCheckpoint({ filepath: join(dir, 'best'), saveBestOnly: true })],
  });
  assert.deepEqual(h.epoch, [0, 1, 2, 3]);
  const after = await loadCheckpoint(join(dir, 'best'));
  assert.equal(after.trainingState.epoch, before.trainingState.epoch);
  assert.equal(after.trainingState.savedAt, before.trainingState.savedAt);
});

test('numbers JSON cannot hold (-0, NaN, Infinity) survive training_state.json', async () => {
  const dir = tempDir();
  setSeed(1);
  const model = build();
  await model.fit(x, y, { epochs: 1, batchSize: 20, verbose: 0 });
  const state = captureTrainingState(model, 1, { epoch: [0], history: { loss: [NaN], val_loss: [Infinity], odd: [-0] } });
  const firstSlot = Object.values(state.optimizerState.slots)[0]!.values;
  const slotName = Object.keys(firstSlot)[0]!;
  firstSlot[slotName]![0] = -0;
  await saveCheckpoint(model, join(dir, 'c'), state);
  const back = (await loadCheckpoint(join(dir, 'c'))).trainingState;
  assert.ok(Number.isNaN(back.history.history['loss']![0]));
  assert.equal(back.history.history['val_loss']![0], Infinity);
  assert.ok(Object.is(back.history.history['odd']![0], -0));
  assert.ok(Object.is(Object.values(back.optimizerState.slots)[0]!.values[slotName]![0], -0));
  assert.deepEqual(back.randomState, state.randomState);
});

test('an interrupted save (the directory renamed away, a half-written tmp) falls back to the old copy; the next save cleans up', async () => {
  const dir = tempDir();
  const ckpt = join(dir, 'ckpt');
  setSeed(8);
  const model = build();
  await model.fit(x, y, { epochs: 1, batchSize: 5, verbose: 0, callbacks: [callbacks.modelCheckpoint({ filepath: ckpt })] });
  const expected = model.predict(x).toArray();
  // What a kill between "rename ckpt -> .ckpt.old-*" and "rename .ckpt.tmp-* -> ckpt" leaves,
  // with the killed process's lock (pid 2147483646 is not running).
  const old = join(dir, '.ckpt.old-2147483646-0123456789ab');
  renameSync(ckpt, old);
  mkdirSync(join(dir, '.ckpt.tmp-2147483646-ba9876543210'));
  writeFileSync(join(dir, '.ckpt.tmp-2147483646-ba9876543210', 'weights.bin'), 'partial');
  writeFileSync(join(dir, '.ckpt.lock'), JSON.stringify({ pid: 2147483646, hostname: hostname(), nonce: 'x', since: '2024-01-01T00:00:00Z' }));
  const loaded = await loadCheckpoint(ckpt);
  assert.equal(loaded.fromFallback, true);
  assert.equal(loaded.directory, old);
  assert.deepEqual(loaded.model.predict(x).toArray(), expected);
  // Earlier versions named the copy '<name>.old-<hex>', unhidden; it is found too.
  renameSync(old, `${ckpt}.old-0123456789ab`);
  assert.equal((await loadCheckpoint(ckpt)).directory, `${ckpt}.old-0123456789ab`);
  // resumeFrom uses the fallback too.
  const resumed = build();
  const h = await resumed.fit(x, y, { epochs: 2, batchSize: 5, verbose: 0, resumeFrom: ckpt, callbacks: [callbacks.modelCheckpoint({ filepath: ckpt })] });
  assert.deepEqual(h.epoch, [0, 1]);
  assert.deepEqual(readdirSync(dir), ['ckpt']);
  assert.equal((await loadCheckpoint(ckpt)).fromFallback, false);
});

test('loading a missing or corrupt checkpoint names the path and what is wrong', async () => {
  const dir = tempDir();
  const ckpt = join(dir, 'ckpt');
  await assert.rejects(loadCheckpoint(ckpt), (e: Error) => {
    assert.equal(e.message, `loadCheckpoint: checkpoint '${ckpt}' does not exist (nor a '.ckpt.old-*' copy left by an interrupted save); write one with callbacks.modelCheckpoint({ filepath }) or saveCheckpoint`);
    return true;
  });
  setSeed(1);
  const model = build();
  await model.fit(x, y, { epochs: 1, batchSize: 5, verbose: 0, callbacks: [callbacks.modelCheckpoint({ filepath: ckpt })] });
  const stateFile = join(ckpt, TRAINING_STATE_FILE);
  const good = readFileSync(stateFile);

  truncateSync(stateFile, 100);
  await assert.rejects(loadCheckpoint(ckpt), new RegExp(`checkpoint file '${stateFile}' is not valid JSON \\(truncated or corrupt\\)`));
  const broken = JSON.parse(good.toString('utf8'));
  delete broken.optimizerState;
  writeFileSync(stateFile, JSON.stringify(broken));
  await assert.rejects(loadCheckpoint(ckpt), new RegExp(`checkpoint file '${stateFile}' field 'optimizerState' expected optimizer.getState\\(\\) output`));
  writeFileSync(stateFile, JSON.stringify({ ...JSON.parse(good.toString('utf8')), randomState: { words: [1, 2], spareNormal: null } }));
  await assert.rejects(loadCheckpoint(ckpt), /field 'randomState' expected \{ words: four uint32/);
  writeFileSync(stateFile, JSON.stringify({ ...JSON.parse(good.toString('utf8')), format: 'something' }));
  await assert.rejects(loadCheckpoint(ckpt), /has format "something"; expected 'lstm-ts-training-state'/);
  rmSync(stateFile);
  await assert.rejects(loadCheckpoint(ckpt), new RegExp(`checkpoint '${ckpt}' has no training_state.json; it is a saved model, not a training checkpoint \\(load it with loadModel\\)`));
  writeFileSync(stateFile, good);

  truncateSync(join(ckpt, 'weights.bin'), 12);
  await assert.rejects(loadCheckpoint(ckpt), new RegExp(`the model in checkpoint '${ckpt}' cannot be loaded: .*holds 12 bytes.*truncated`));
  rmSync(join(ckpt, 'weights.bin'));
  await assert.rejects(loadCheckpoint(ckpt), /the model in checkpoint '.*' cannot be loaded: loadModel: weights file .* does not exist/);
  await assert.rejects(build().fit(x, y, { epochs: 2, verbose: 0, resumeFrom: ckpt }), /sequential(_\d+)?\.fit: option 'resumeFrom': the model in checkpoint '.*ckpt' cannot be loaded/);

  writeFileSync(join(dir, 'file'), 'x');
  await assert.rejects(loadCheckpoint(join(dir, 'file')), /checkpoint '.*file' is a file; expected a checkpoint directory/);
});

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, '..', 'io', 'fixtures', 'checkpointLoop.ts');

test('SIGKILL at random instants while checkpoints are written: every time, the checkpoint (or its fallback) loads, is consistent and predicts', async (t) => {
  const { model: reference, weightsFor, x: probe } = checkpointModel();
  // About 10 kills, each costing a child start (~0.5 s); no new child after the time budget,
  // so the test stays within a few seconds on a slow machine. Two lanes on 4+ cores.
  const target = 10;
  const minimum = 4;
  const budgetMs = 5000;
  const lanes = Array.from({ length: availableParallelism() >= 4 ? 2 : 1 }, () => join(tempDir(), 'ckpt'));
  let fallbacks = 0;
  let started = 0;
  const epochs: number[] = [];
  const t0 = Date.now();
  await Promise.all(
    lanes.map(async (ckpt) => {
      while (started < target && (started < minimum || Date.now() - t0 < budgetMs)) {
        started++;
        await killDuringSaves(childScript, ckpt, Math.floor(Math.random() * 40));
        const loaded = await loadCheckpoint(ckpt);
        if (loaded.fromFallback) fallbacks++;
        const k = loaded.trainingState.epoch;
        epochs.push(k);
        assert.ok(k >= 1, `epoch ${k}`);
        // Model and training state come from the same save.
        assert.equal(loaded.model.getWeights()[0]!.data[0], k);
        assert.equal(loaded.trainingState.optimizerState.iterations, k);
        assert.deepEqual(loaded.trainingState.history.epoch, [k - 1]);
        reference.setWeights(weightsFor(k));
        assert.deepEqual(loaded.model.predict(probe).toArray(), reference.predict(probe).toArray());
        // Leftovers are only ever .<name>.tmp-*, .<name>.old-* and the killed process's lock (and its staging file) next to it.
        for (const name of readdirSync(dirname(ckpt))) assert.match(name, /^(ckpt|\.ckpt\.(tmp|old)-\d+-[0-9a-f]{12}|\.ckpt\.lock(\.\d+-[0-9a-f]{12}\.tmp|\.stale-\d+-[0-9a-f]{12})?)$/);
      }
    }),
  );
  const seconds = (Date.now() - t0) / 1000;
  assert.ok(epochs.length >= minimum);
  // How often the fallback was needed depends on timing; correctness is checked above.
  t.diagnostic(`${epochs.length} kills in ${seconds.toFixed(1)} s; epochs reached ${epochs.join(', ')}; ${fallbacks} loads used a '.old-*' fallback`);
});
