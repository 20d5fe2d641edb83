/**
 * End-to-end learning: the LSTM must learn a task a plain RNN fails at. The task and the
 * training code are the `npm start` example's, so what the example prints is what is tested.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainFirstSymbol } from '../../examples/remember-first-symbol.js';

const settings = { epochs: 16, trainSize: 2000, verbose: 0, seed: 1 } as const;

test('an LSTM remembers the first of 75 symbols (>= 95% test accuracy); a SimpleRNN stays near chance (< 40%)', async () => {
  const lstm = await trainFirstSymbol('lstm', settings);
  const simple = await trainFirstSymbol('simpleRNN', settings);
  assert.ok(lstm.accuracy >= 0.95, `LSTM test accuracy ${lstm.accuracy}`);
  assert.ok(simple.accuracy < 0.4, `SimpleRNN test accuracy ${simple.accuracy}`);
});
