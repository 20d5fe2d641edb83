import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressLogger, formatEta, formatLogValue, formatStepTime, type ProgressLoggerArgs } from '../../src/models/callbacks/progress.js';
import { FakeStream } from './fakes.js';

/** A logger on a fake stream and a clock the test moves by hand (milliseconds). */
function setup(verbose: 0 | 1 | 2, isTTY: boolean, epochs = 2, stepsPerEpoch = 4) {
  const stream = new FakeStream(isTTY);
  const clock = { t: 0 };
  const logger = new ProgressLogger({ verbose, epochs, stepsPerEpoch, metricNames: ['accuracy'], stream, clock: () => clock.t });
  return { stream, clock, logger };
}

/** Batch ends at the given times (ms), with a loss and accuracy per batch. */
function batches(logger: ProgressLogger, clock: { t: number }, times: number[]): void {
  times.forEach((t, i) => {
    clock.t = t;
    logger.onBatchEnd(i, { batch: i, size: 8, loss: 0.9 - 0.1 * i, accuracy: 0.5 });
  });
}

const fullBar = '[==============================]';
const epochLogs = { loss: 0.51234, accuracy: 0.8125, val_loss: 0.6, val_accuracy: 0.75 };

test('value formatting follows Keras: 4 decimals, or exponent form at or below 1e-3', () => {
  assert.equal(formatLogValue(0.51234), '0.5123');
  assert.equal(formatLogValue(12.3456789), '12.3457');
  assert.equal(formatLogValue(-0.5), '-0.5000');
  assert.equal(formatLogValue(1.2345e-5), '1.2345e-05');
  assert.equal(formatLogValue(0.001), '1.0000e-03');
  assert.equal(formatLogValue(0), '0.0000e+00');
  assert.equal(formatLogValue(3e-120), '3.0000e-120');
  assert.equal(formatLogValue(NaN), 'nan');
  assert.equal(formatLogValue(Infinity), 'inf');
});

test('ETA and step-time texts', () => {
  assert.equal(formatEta(4.9), '4s');
  assert.equal(formatEta(60), '60s');
  assert.equal(formatEta(125.5), '2:05');
  assert.equal(formatEta(3723), '1:02:03');
  assert.equal(formatStepTime(0.12), '120ms/step');
  assert.equal(formatStepTime(2.4), '2s/step');
  assert.equal(formatStepTime(0.000085), '85us/step');
  assert.equal(formatStepTime(0), '0s/step');
});

test('verbose 1 off a terminal: the header and the finished line only, no carriage returns', () => {
  const { stream, clock, logger } = setup(1, false);
  logger.onEpochBegin(0);
  batches(logger, clock, [1000, 1200, 1400, 1600]);
  assert.equal(stream.text, 'Epoch 1/2\n', 'nothing is written per batch');
  clock.t = 1700;
  logger.onEpochEnd(0, epochLogs);
  // 1.7 s elapsed; steps after the first took (1700 - 1000) / 3 ms each.
  assert.equal(
    stream.text,
    'Epoch 1/2\n' + `4/4 ${fullBar} - 2s 233ms/step - loss: 0.5123 - accuracy: 0.8125 - val_loss: 0.6000 - val_accuracy: 0.7500\n`,
  );
  assert.ok(!stream.text.includes('\r'));
});

test('verbose 1 on a terminal: the bar is redrawn with ETA, at most every 50 ms', () => {
  const { stream, clock, logger } = setup(1, true);
  clock.t = 0;
  logger.onEpochBegin(1);
  batches(logger, clock, [1000, 1020, 1400]);
  const draws = stream.writes.slice(1);
  // Step 1 at 1 s: 1 s/step, 3 steps left -> ETA 3s; 30 * 1/4 = 7 cells.
  // Step 2 at 1.02 s is within 50 ms of the last draw: skipped.
  // Step 3 at 1.4 s: (1400 - 1000) / 2 = 200 ms/step, 1 step left -> ETA 0s; 30 * 3/4 = 22 cells.
  assert.deepEqual(draws, [
    '\r1/4 [======>.......................] - ETA: 3s - loss: 0.9000 - accuracy: 0.5000',
    '\r3/4 [=====================>........] - ETA: 0s - loss: 0.7000 - accuracy: 0.5000',
  ]);
  assert.equal(stream.writes[0], 'Epoch 2/2\n');
  clock.t = 1700;
  logger.onBatchEnd(3, { loss: 0.6, accuracy: 0.5 });
  logger.onEpochEnd(1, { loss: 0.5, val_loss: 1.2345e-5 });
  // (1700 - 1000) / 3 steps = 233 ms/step; 1.7 s rounds to 2s.
  assert.deepEqual(stream.writes.slice(3), [
    `\r4/4 ${fullBar} - ETA: 0s - loss: 0.6000 - accuracy: 0.5000`,
    `\r4/4 ${fullBar} - 2s 233ms/step - loss: 0.5000 - val_loss: 1.2345e-05`,
    '\n',
  ]);
});

test('a shorter redraw blanks what the longer line left behind', () => {
  const { stream, clock, logger } = setup(1, true, 2, 100);
  logger.onEpochBegin(0);
  clock.t = 100;
  logger.onBatchEnd(0, { loss: 1, a_long_extra_value: 1 });
  clock.t = 200;
  logger.onBatchEnd(1, { loss: 1 });
  const [first, second] = stream.writes.slice(1);
  assert.equal(second!.length, first!.length);
  assert.match(second!, / - loss: 1\.0000 +$/);
});

test('verbose 2: one line per epoch, nothing per batch, even on a terminal', () => {
  const { stream, clock, logger } = setup(2, true, 10);
  clock.t = 500;
  logger.onEpochBegin(2);
  batches(logger, clock, [600, 700, 800, 900]);
  clock.t = 6600;
  logger.onEpochEnd(2, epochLogs);
  assert.equal(stream.text, 'Epoch 3/10 - 6s - loss: 0.5123 - accuracy: 0.8125 - val_loss: 0.6000 - val_accuracy: 0.7500\n');
});

test('one epoch: no header, as in Keras; other logged names follow loss and metrics', () => {
  const { stream, clock, logger } = setup(1, false, 1, 2);
  logger.onEpochBegin(0);
  batches(logger, clock, [10, 20]);
  clock.t = 30;
  logger.onEpochEnd(0, { learning_rate: 0.01, val_loss: 2, accuracy: 1, loss: 3 });
  // Timed from the end of step 1 (10 ms) to the end of the epoch: 20 ms for 1 step.
  assert.equal(stream.text, '2/2 [==============================] - 0s 20ms/step - loss: 3.0000 - accuracy: 1.0000 - val_loss: 2.0000 - learning_rate: 0.0100\n');
});

test('verbose 0 writes nothing', () => {
  const { stream, clock, logger } = setup(0, true);
  logger.onEpochBegin(0);
  batches(logger, clock, [1, 2, 3, 4]);
  logger.onEpochEnd(0, epochLogs);
  assert.equal(stream.text, '');
});

test('the default stream is stderr in Node', () => {
  const logger = new ProgressLogger({ verbose: 1, epochs: 1, stepsPerEpoch: 1, metricNames: [] });
  assert.equal((logger as unknown as { stream: unknown }).stream, process.stderr);
});

test('bad options throw naming the option', () => {
  const base: ProgressLoggerArgs = { verbose: 1, epochs: 1, stepsPerEpoch: 1, metricNames: [] };
  assert.throws(() => new ProgressLogger({ ...base, verbose: 3 as 1 }), /ProgressLogger: option 'verbose' expected 0, 1 or 2, got 3/);
  assert.throws(() => new ProgressLogger({ ...base, epochs: -1 }), /option 'epochs'/);
  assert.throws(() => new ProgressLogger({ ...base, metricNames: 'acc' as unknown as string[] }), /option 'metricNames'/);
  assert.throws(() => new ProgressLogger({ ...base, stream: {} as { write(s: string): void } }), /option 'stream' expected an object with a write/);
  assert.throws(() => new ProgressLogger({ ...base, colour: true } as ProgressLoggerArgs), /unknown option 'colour'/);
});
