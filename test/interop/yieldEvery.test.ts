/**
 * `fit`'s `yieldEvery`, as TensorFlow.js has it: whether a timer queued during a batch runs
 * before the next batch (or epoch) starts tells whether fit gave the event loop a turn.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequential } from '../../src/models/sequential.js';
import { dense } from '../../src/layers/dense.js';
import type { FitArgs } from '../../src/models/training.js';

const x = Array.from({ length: 8 }, (_, i) => [i / 8]);
const y = x.map(([v]) => [2 * v!]);

/** Runs 2 epochs of 4 batches; records, at each batch and epoch start, how many queued immediates/timers have run. */
async function turnsSeen(yieldEvery: FitArgs['yieldEvery']): Promise<string[]> {
  const model = sequential({ layers: [dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  let ran = 0;
  let queued = 0;
  const events: string[] = [];
  const queue = (): void => {
    queued++;
    setImmediate(() => ran++);
  };
  await model.fit(x, y, {
    epochs: 2, batchSize: 2, verbose: 0, shuffle: false,
    ...(yieldEvery === undefined ? {} : { yieldEvery }),
    callbacks: [{
      onEpochBegin: (e: number) => { events.push(`e${e}:${ran}/${queued}`); },
      onBatchBegin: (b: number) => { events.push(`b${b}:${ran}/${queued}`); queue(); },
    }],
  });
  return events;
}

test("yieldEvery 'batch' lets queued work run between every two batches", async () => {
  const ev = await turnsSeen('batch');
  assert.deepEqual(ev, ['e0:0/0', 'b0:0/0', 'b1:1/1', 'b2:2/2', 'b3:3/3', 'e1:4/4', 'b0:4/4', 'b1:5/5', 'b2:6/6', 'b3:7/7']);
});

/** Trains up to 300 epochs while a 5 ms timer asks to stop; returns the epochs that ran. */
async function epochsBeforeTimerStop(yieldEvery: FitArgs['yieldEvery']): Promise<number> {
  const model = sequential({ layers: [dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  let epochs = 0;
  const timer = setTimeout(() => { model.stopTraining = true; }, 5);
  await model.fit(x, y, { epochs: 300, batchSize: 2, verbose: 0, yieldEvery, callbacks: [{ onEpochEnd: () => { epochs++; } }] });
  clearTimeout(timer);
  return epochs;
}

test('a stop button (a timer setting stopTraining) works when fit yields, and cannot when it never does', async () => {
  assert.ok((await epochsBeforeTimerStop('batch')) < 300, "with 'batch' the timer must get a turn and stop training");
  assert.ok((await epochsBeforeTimerStop('auto')) < 300, "with 'auto' the timer must get a turn within ~16 ms");
  assert.equal(await epochsBeforeTimerStop('never'), 300);
});

test("yieldEvery 'epoch' yields once per epoch, 'never' not at all", async () => {
  assert.deepEqual(await turnsSeen('epoch'), ['e0:0/0', 'b0:0/0', 'b1:0/1', 'b2:0/2', 'b3:0/3', 'e1:4/4', 'b0:4/4', 'b1:4/5', 'b2:4/6', 'b3:4/7']);
  assert.deepEqual(await turnsSeen('never'), ['e0:0/0', 'b0:0/0', 'b1:0/1', 'b2:0/2', 'b3:0/3', 'e1:0/4', 'b0:0/4', 'b1:0/5', 'b2:0/6', 'b3:0/7']);
});

test('yieldEvery as milliseconds: 0 yields after every batch, a long interval never does', async () => {
  assert.deepEqual(await turnsSeen(0), await turnsSeen('batch'));
  assert.deepEqual(await turnsSeen(60_000), await turnsSeen('never'));
});

test("'auto' (the default) is accepted; a bad value names the option and the choices", async () => {
  assert.equal((await turnsSeen('auto')).length, 10);
  assert.equal((await turnsSeen(undefined)).length, 10);
  const model = sequential({ layers: [dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await assert.rejects(
    model.fit(x, y, { verbose: 0, yieldEvery: 'often' as never }),
    /sequential\.fit: option 'yieldEvery' expected 'auto', 'batch', 'epoch', 'never' or a number of milliseconds >= 0, got "often"/,
  );
  await assert.rejects(model.fit(x, y, { verbose: 0, yieldEvery: -5 }), /option 'yieldEvery' expected .* got -5/);
});
