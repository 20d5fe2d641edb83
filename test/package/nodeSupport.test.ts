/**
 * The universal entry (src/index.ts) leaves the file system out; the Node entry
 * (src/index.node.ts, what `import 'lstm-ts'` gives in Node) puts it back. This file imports
 * only the universal entry first, so every file feature must fail with an error that says
 * which import to use; after importing the Node entry the same calls must work.
 *
 * node --test runs each test file in a process of its own, so nothing else in the suite has
 * installed the support here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callbacks, layers, loadModel, sequential, setSeed, tensor, type Sequential } from '../../src/index.js';
import { asSequential } from '../helpers/models.js';

const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-node-support-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function tinyModel(): Sequential {
  setSeed(3);
  const model = sequential({ layers: [layers.lstm({ units: 2, inputShape: [2, 1] }), layers.dense({ units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return model;
}

const x = tensor([[[0], [1]], [[1], [0]]]);
const y = tensor([[1], [0]]);
const NEEDS_NODE = /needs Node's file system, which the universal entry of lstm-ts \(the one bundled for browsers\) leaves out; in Node import 'lstm-ts' \(its 'node' export\) or 'lstm-ts\/node'$/;

test('without the Node entry, every file feature names the call, the path and the import to use', async () => {
  const model = tinyModel();
  const target = join(dir, 'plain');
  await assert.rejects(model.save(`file://${target}`), (e: Error) => {
    assert.match(e.message, new RegExp(`^${model.name}\\.save: saving to 'file://${target}' ${NEEDS_NODE.source}`));
    return e.name === 'ValueError';
  });
  await assert.rejects(loadModel(target), (e: Error) => {
    assert.match(e.message, new RegExp(`^loadModel: loading '${target}' ${NEEDS_NODE.source}`));
    return true;
  });
  const csv = join(dir, 'log.csv');
  await assert.rejects(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [callbacks.csvLogger({ filename: csv })] }), /^ValueError: csvLogger: writing a log file needs Node's file system/);
  await assert.rejects(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [callbacks.jsonLogger({ filename: join(dir, 'log.jsonl') })] }), /jsonLogger: writing a log file needs Node/);
  await assert.rejects(
    model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [callbacks.modelCheckpoint({ filepath: join(dir, 'ckpt'), monitor: 'loss' })] }),
    /modelCheckpoint: saving the checkpoint '.*ckpt' \(a directory on disk\) needs Node's file system/,
  );
  await assert.rejects(model.fit(x, y, { epochs: 1, verbose: 0, resumeFrom: join(dir, 'ckpt') }), /\.fit: option 'resumeFrom' \(the checkpoint directory '.*ckpt'\) needs Node's file system/);
  assert.equal(existsSync(target) || existsSync(csv) || existsSync(join(dir, 'ckpt')), false, 'nothing was written');
  // What does not need a file keeps working in the universal entry.
  const logged: number[] = [];
  await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [callbacks.jsonLogger({ onLog: (r) => void logged.push(r.epoch) })] });
  assert.deepEqual(logged, [0, 1]);
});

test('importing the Node entry installs the file system for the same modules', async () => {
  const node = await import('../../src/index.node.js');
  assert.equal(node.sequential, sequential, 'the Node entry re-exports the universal one, not a copy');
  const model = tinyModel();
  const ckpt = join(dir, 'after', 'ckpt');
  const csv = join(dir, 'after', 'log.csv');
  await model.fit(x, y, {
    epochs: 2,
    verbose: 0,
    callbacks: [callbacks.csvLogger({ filename: csv }), callbacks.modelCheckpoint({ filepath: ckpt, monitor: 'loss' })],
  });
  assert.equal(readFileSync(csv, 'utf8').split('\n')[0], 'epoch,loss');
  await model.fit(x, y, { epochs: 3, verbose: 0, resumeFrom: ckpt });
  const saved = join(dir, 'after', 'model');
  await model.save(`file://${saved}`, { extra: { note: 'node' } });
  const { model: again, extra } = await loadModel(saved);
  assert.deepEqual(extra, { note: 'node' });
  assert.deepEqual(asSequential(again).predict(x).toArray(), model.predict(x).toArray());
});
