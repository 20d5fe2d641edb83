/** Each application example runs against the public API on a tiny budget. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { co2Forecast } from '../examples/forecast.js';
import { sentiment } from '../examples/classify.js';
import { mobyDick } from '../examples/textgen.js';
import { trainSelfAttention } from '../examples/customLayer.js';
import { twoHeads } from '../examples/functionalModel.js';
import { trainPeephole } from '../examples/peepholeLstm.js';

test('examples/forecast.ts runs and reports finite errors for every method', async () => {
  const r = await co2Forecast(2);
  for (const v of [r.lstm, r.lastValue, r.linear]) assert.ok(Number.isFinite(v));
  assert.ok(Math.abs(r.lastValue - 1.439) < 1e-3);
});

test('examples/classify.ts runs and predicts two sentences', async () => {
  const r = await sentiment(1);
  assert.ok(r.lstm > 0 && r.lstm <= 1 && r.bagOfWords > 0.5);
  assert.equal(r.predictions.length, 2);
  for (const p of r.predictions) assert.ok(Math.abs(p[0]! + p[1]! - 1) < 1e-5);
});

test('examples/textgen.ts runs and generates 200 characters', async () => {
  const r = await mobyDick(4096, 8);
  assert.ok(Number.isFinite(r.validationLoss));
  assert.equal([...r.sample].length, 200);
});

test('examples/customLayer.ts: a layer built from public ops learns inside sequential', async () => {
  const r = await trainSelfAttention({ epochs: 10, trainSize: 512, seed: 1 });
  // Without finding the flagged step the best MSE is the target variance (the baseline).
  assert.ok(r.before > 0.5 * r.baseline, `untrained MSE ${r.before} vs baseline ${r.baseline}`);
  assert.ok(r.after < 0.1 * r.baseline, `trained MSE ${r.after} vs baseline ${r.baseline}`);
});

test('examples/functionalModel.ts: two inputs, two heads, both beat their baselines', async () => {
  const r = await twoHeads(6);
  assert.deepEqual(r.logged, ['loss', 'next_loss', 'rises_loss', 'rises_accuracy']);
  // Measured at 6 epochs: MAE 0.053 vs 0.319 for repeating the last value; 94% vs 48% majority.
  assert.ok(r.nextMae < 0.5 * r.lastValueMae, `next MAE ${r.nextMae} vs last value ${r.lastValueMae}`);
  assert.ok(r.risesAccuracy > r.majorityAccuracy + 0.25, `accuracy ${r.risesAccuracy} vs majority ${r.majorityAccuracy}`);
});

test('examples/peepholeLstm.ts: a user-written peephole LSTM cell learns the adding problem through layers.rnn', async () => {
  const r = await trainPeephole({ epochs: 10, trainSize: 512, seed: 1 });
  // Measured at 10 epochs / 512 sequences: MSE 0.055 vs 0.168 for predicting the mean (0.0007 at 30 epochs / 1024).
  assert.ok(r.before > r.baseline, `untrained MSE ${r.before} vs baseline ${r.baseline}`);
  assert.ok(r.after < 0.5 * r.baseline, `trained MSE ${r.after} vs baseline ${r.baseline}`);
});
