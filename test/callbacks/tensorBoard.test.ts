import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The Node entry, as Node users get it: it installs the file-system support the callback writes through.
import '../../src/index.node.js';
import { callbacks, layers, sequential, tensor } from '../../src/index.node.js';
import { tensorBoard, type TensorBoardArgs } from '../../src/models/callbacks/tensorBoard.js';
import { crc32c, maskedCrc32c } from '../../src/io/tensorboard/crc32c.js';
import { ProtoWriter } from '../../src/io/tensorboard/protobuf.js';
import { tfRecord } from '../../src/io/tensorboard/tfrecord.js';
import { encodeEvent } from '../../src/io/tensorboard/events.js';
import { histogramOf } from '../../src/io/tensorboard/histogram.js';
import { eventFileName } from '../../src/io/tensorboard/eventFile.js';
import { trainFixtureRun } from '../fixtures/tensorboard/run.js';
import { expectedEvents } from '../fixtures/tensorboard/expected.js';
import { crc32cBitwise, decodeFields, readEvent, readRecords } from './tensorBoardReader.js';
import { assertHistogramOf, assertMatchesExpected, readRun } from './tensorBoardExpect.js';

const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-tensorboard-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

test('crc32c: the standard check value and the RFC 3720 (iSCSI) B.4 vectors', () => {
  assert.equal(crc32c(ascii('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(0)), 0);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
  // The test reader's bit-by-bit version agrees on arbitrary data.
  const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) % 251);
  assert.equal(crc32c(data), crc32cBitwise(data));
});

test('maskedCrc32c: rotate right by 15 and add 0xa282ead8, modulo 2^32', () => {
  assert.equal(maskedCrc32c(new Uint8Array(0)), 0xa282ead8);
  const c = 0xe3069283;
  const expected = (((c >>> 15) | ((c << 17) >>> 0)) + 0xa282ead8) % 2 ** 32;
  assert.equal(maskedCrc32c(ascii('123456789')), expected >>> 0);
});

test('ProtoWriter: varints, doubles, floats, strings and packed doubles in the wire format', () => {
  assert.deepEqual([...new ProtoWriter().uint(1, 1).finish()], [0x08, 0x01]);
  assert.deepEqual([...new ProtoWriter().uint(2, 300).finish()], [0x10, 0xac, 0x02]);
  // 2^35 + 1: beyond 32 bits, so a shift-based encoder would get it wrong.
  assert.deepEqual([...new ProtoWriter().uint(2, 2 ** 35 + 1).finish()], [0x10, 0x81, 0x80, 0x80, 0x80, 0x80, 0x01]);
  assert.deepEqual([...new ProtoWriter().double(1, 1).finish()], [0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  assert.deepEqual([...new ProtoWriter().float(2, -2).finish()], [0x15, 0, 0, 0, 0xc0]);
  assert.deepEqual([...new ProtoWriter().string(1, 'ab').finish()], [0x0a, 0x02, 0x61, 0x62]);
  assert.deepEqual([...new ProtoWriter().packedDoubles(6, [0.5]).finish()], [0x32, 0x08, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f]);
  assert.throws(() => new ProtoWriter().uint(1, -1), /non-negative safe integer, got -1/);
  assert.throws(() => new ProtoWriter().uint(0, 1), /argument 'field' expected an integer/);
});

test('an Event round-trips through tfRecord and the test reader', () => {
  const h = histogramOf([1, 2, 3, 4], 2);
  const records = [
    encodeEvent({ wallTime: 1700000000.25, step: 0, fileVersion: 'brain.Event:2' }),
    encodeEvent({ wallTime: 1700000001.5, step: 12345678901, values: [{ tag: 'epoch_loss', scalar: 0.1 }] }),
    encodeEvent({ wallTime: 1700000002, step: 3, values: [{ tag: 'w/histogram', histogram: h }] }),
  ];
  const file = Uint8Array.from(records.flatMap((r) => [...tfRecord(r)]));
  const events = readRecords(file).map(readEvent);
  assert.equal(events[0]!.fileVersion, 'brain.Event:2');
  assert.equal(events[0]!.step, 0);
  assert.equal(events[0]!.wallTime, 1700000000.25);
  assert.deepEqual([events[1]!.tag, events[1]!.step, events[1]!.scalar], ['epoch_loss', 12345678901, Math.fround(0.1)]);
  assert.deepEqual(events[2]!.histogram, { min: 1, max: 4, num: 4, sum: 10, sumSquares: 30, bucketLimit: [2.5, 4], bucket: [2, 2] });
  // Keras's EventAccumulator-visible layout: Value has only tag and simple_value / histo.
  const summary = decodeFields(records[1]!).find((f) => f.no === 5)!;
  const value = decodeFields(decodeFields(summary.raw)[0]!.raw);
  assert.deepEqual(value.map((f) => [f.no, f.wire]), [[1, 2], [2, 5]]);
});

test('the test reader detects a corrupted length, data or CRC', () => {
  const good = tfRecord(encodeEvent({ wallTime: 1, step: 2, values: [{ tag: 'a', scalar: 1 }] }));
  assert.equal(readRecords(good).length, 1);
  const corrupt = (at: number): Uint8Array => {
    const bad = good.slice();
    bad[at]! ^= 0x01;
    return bad;
  };
  assert.throws(() => readRecords(corrupt(0)), /length CRC mismatch/);
  assert.throws(() => readRecords(corrupt(9)), /length CRC mismatch/);
  assert.throws(() => readRecords(corrupt(14)), /data CRC mismatch/);
  assert.throws(() => readRecords(corrupt(good.length - 1)), /data CRC mismatch/);
  assert.throws(() => readRecords(good.subarray(0, good.length - 2)), /truncated data/);
});

test('histogramOf: equal-width buckets from min to max; equal values make one bucket; non-finite values are left out', () => {
  const values = Array.from({ length: 200 }, (_, i) => Math.sin(i * 1.3) * 3 + (i % 7) * 0.01);
  assertHistogramOf('sines', histogramOf(values) as never, values);
  // Values on inner edges go to the bucket on their right.
  assert.deepEqual(histogramOf([0, 1, 2, 3], 3).bucket, [1, 1, 2]);
  assert.deepEqual(histogramOf([5, 5, 5]), { min: 5, max: 5, num: 3, sum: 15, sumSquares: 75, bucketLimit: [5], bucket: [3] });
  const h = histogramOf([NaN, 1, Infinity, 3, -Infinity], 2);
  assert.deepEqual([h.min, h.max, h.num, h.bucket], [1, 3, 2, [1, 1]]);
  assert.deepEqual(histogramOf([NaN]).bucket, []);
  assert.throws(() => histogramOf([1], 0), /argument 'bucketCount' expected an integer >= 1, got 0/);
});

test('eventFileName is the name TensorFlow gives event files', () => {
  assert.equal(eventFileName(1700000000.9, 'host', 42, 3), 'events.out.tfevents.1700000000.host.42.3');
});

test('fit with tensorBoard: the files hold History, the batch logs, the learning rate and the weights, tag by tag', async () => {
  const logDir = join(dir, 'fit');
  const run = await trainFixtureRun(logDir);
  assert.deepEqual(run.eventFiles.map((f) => f.slice(logDir.length + 1).split('/')[0]), ['train', 'validation']);
  const expected = expectedEvents(run);
  // The run has what Keras writes: batch and epoch scalars, the learning rate, evaluation curves, histograms.
  assert.deepEqual(Object.keys(expected.train).sort(), [
    'batch_loss', 'batch_mae', 'dense/bias/histogram', 'dense/kernel/histogram', 'epoch_learning_rate', 'epoch_loss', 'epoch_mae',
    'lstm/bias/histogram', 'lstm/kernel/histogram', 'lstm/recurrent_kernel/histogram',
  ]);
  assert.deepEqual(Object.keys(expected.validation).sort(), ['epoch_loss', 'epoch_mae', 'evaluation_loss_vs_iterations', 'evaluation_mae_vs_iterations']);
  assertMatchesExpected(logDir, expected);
  // The last batch's running loss is the epoch's loss, as in Keras.
  const { events } = readRun(logDir, 'train');
  const batchLoss = events.filter((e) => e.tag === 'batch_loss');
  assert.equal(batchLoss.at(-1)!.scalar, Math.fround(run.history.loss!.at(-1)!));
});

/** A stand-in model: one weight and an optimizer with a rate. */
function fakeModel(values: number[]) {
  return {
    weights: [{ name: 'd/kernel:0', value: tensor(values), trainable: true }],
    optimizer: { currentLearningRate: () => 0.125 },
  };
}

test('updateFreq n writes batch scalars every n global batches; histogramFreq n every n epochs; no validation file without val_ logs', async () => {
  const logDir = join(dir, 'freq');
  const cb = tensorBoard({ logDir, updateFreq: 2, histogramFreq: 2 });
  cb.setModel(fakeModel([1, 2, 3]));
  await cb.onTrainBegin();
  for (let epoch = 0; epoch < 3; epoch++) {
    for (let b = 0; b < 3; b++) {
      await cb.onBatchBegin();
      await cb.onBatchEnd(b, { batch: b, size: 4, loss: 10 * epoch + b });
    }
    await cb.onEpochEnd(epoch, { loss: epoch });
  }
  await cb.onTrainEnd();
  const { events } = readRun(logDir, 'train');
  const steps = (tag: string) => events.filter((e) => e.tag === tag).map((e) => e.step);
  assert.deepEqual(steps('batch_loss'), [2, 4, 6, 8]);
  assert.deepEqual(events.filter((e) => e.tag === 'batch_loss').map((e) => e.scalar), [1, 10, 12, 21]);
  assert.deepEqual(steps('batch_batch'), [], "fit's bookkeeping entries are not scalars");
  assert.deepEqual(steps('d/kernel_0/histogram'), [0, 2], "':' in a weight name becomes '_', as Keras writes it");
  assert.deepEqual(events.filter((e) => e.tag === 'epoch_learning_rate').map((e) => e.scalar), [0.125, 0.125, 0.125]);
  assert.throws(() => readRun(logDir, 'validation'), /ENOENT/);
});

test("updateFreq 'epoch' (the default) writes no batch scalars; each fit starts a new event file", async () => {
  const logDir = join(dir, 'epoch');
  const cb = tensorBoard({ logDir });
  cb.setModel(fakeModel([1]));
  await cb.onTrainBegin();
  await cb.onBatchBegin();
  await cb.onBatchEnd(0, { loss: 1 });
  await cb.onEpochEnd(0, { loss: 1, val_loss: 2 });
  const first = cb.eventFiles;
  const train = readRun(logDir, 'train').events;
  assert.deepEqual(train.map((e) => e.tag ?? e.fileVersion), ['brain.Event:2', 'epoch_loss', 'epoch_learning_rate']);
  const validation = readRun(logDir, 'validation').events;
  assert.deepEqual(validation.map((e) => [e.tag, e.step, e.scalar]).slice(1), [['evaluation_loss_vs_iterations', 1, 2], ['epoch_loss', 0, 2]]);
  await cb.onTrainEnd();
  await cb.onTrainBegin();
  assert.notDeepEqual(cb.eventFiles, first);
  assert.notEqual(cb.eventFiles[0], first[0]);
});

test('each epoch is on disk when onEpochEnd returns', async () => {
  const logDir = join(dir, 'flush');
  const cb = tensorBoard({ logDir, updateFreq: 'batch' });
  cb.setModel(fakeModel([1]));
  await cb.onTrainBegin();
  const file = cb.eventFiles[0]!;
  assert.equal(readRecords(readFileSync(file)).length, 1, 'the header is written at train begin');
  await cb.onBatchBegin();
  await cb.onBatchEnd(0, { loss: 1 });
  assert.equal(readRecords(readFileSync(file)).length, 1, 'batch scalars wait for the epoch end');
  await cb.onEpochEnd(0, { loss: 1 });
  assert.equal(readRecords(readFileSync(file)).length, 4);
});

test('a log directory that cannot be written fails fit once, naming the event file', async () => {
  const blocker = join(dir, 'not-a-dir');
  writeFileSync(blocker, 'a file where the log directory should be');
  const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const x = tensor([[1, 2], [3, 4]]);
  const y = tensor([[1], [2]]);
  const board = callbacks.tensorBoard({ logDir: blocker });
  await assert.rejects(model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [board] }), (e: Error & { code?: string }) => {
    assert.match(e.message, /^tensorBoard: cannot write the event file '.*not-a-dir\/train\/events\.out\.tfevents\.[^']+': /);
    assert.equal(typeof e.code, 'string');
    return true;
  });
});

test('tensorBoard options are checked', () => {
  assert.throws(() => tensorBoard({} as TensorBoardArgs), /tensorBoard: option 'logDir' expected a non-empty directory path, got undefined/);
  assert.throws(() => tensorBoard({ logDir: 'l', histogramFreq: -1 }), /option 'histogramFreq' expected an integer >= 0, got -1/);
  assert.throws(() => tensorBoard({ logDir: 'l', updateFreq: 0 }), /option 'updateFreq' expected 'batch', 'epoch' or an integer >= 1, got 0/);
  assert.throws(() => tensorBoard({ logDir: 'l', updateFreq: 'step' as 'batch' }), /got "step"/);
  assert.throws(() => tensorBoard({ logDir: 'l', writeGraph: true } as TensorBoardArgs), /unknown option 'writeGraph'/);
  assert.equal(tensorBoard({ logDir: 'l', updateFreq: 'batch' }).updateFreq, 1);
  assert.equal(tensorBoard({ logDir: 'runs/a/' }).logDir, 'runs/a');
});
