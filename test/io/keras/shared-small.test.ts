/**
 * Real Keras files: a Keras 1 weights-only char-LSTM and a Keras 3.3 .keras regressor (licensed,
 * copied into test/fixtures/keras-models), a Keras 3.12 model saved both as legacy .h5 and .keras,
 * and two tf.keras 2.11 Embedding + GRU / LSTM sentiment models (no licence: read in place from
 * ../shared/keras-models, and skipped when it is absent).
 * Each is loaded, summarised, run, and compared with the reference outputs of its folder or
 * with shared-references.json (numpy, from test/fixtures/keras/generate_keras_fixtures.py).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tensor } from '../../../src/index.js';
import { loadKerasModel } from '../../../src/io/keras/node.js';
import { LSTM } from '../../../src/layers/lstm.js';
import { GRU } from '../../../src/layers/gru.js';
import { assertClose } from '../../helpers/fixtures.js';
import { asSequential } from '../../helpers/models.js';
import { sharedPath, sharedReferences, sharedSkip, summaryLines } from './helpers.js';

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

test('eco (Keras 1.0.8 weights-only .h5 + .h5.json): next-char probabilities and the greedy text', async () => {
  const dir = 'eco-keras1-char-lstm/';
  const model = asSequential(await loadKerasModel(sharedPath(`${dir}jean_baudrillard-seduction_i03e10s2.h5.json`), {
    weights: sharedPath(`${dir}jean_baudrillard-seduction_i03e10s2.h5`),
  }));
  const summary = summaryLines(model).join('\n');
  assert.match(summary, /lstm_1 \(LSTM\) +\(None, 128\) +88576/);
  assert.match(summary, /Total params: 94,252/);
  const lstm = model.layers[0] as LSTM;
  assert.equal(lstm.recurrentActivation.name, 'hardSigmoid'); // Keras 1's inner_activation, 0.2x + 0.5
  const { chars } = readJson<{ chars: string[] }>(sharedPath(`${dir}chars.json`));
  const expected = readJson<{ seed: string; seed_next_char_probabilities: number[]; greedy_60_chars: string }>(sharedPath(`${dir}expected.json`));
  const oneHot = (text: string): number[][][] => [
    Array.from(text.slice(-100).padStart(100, ' '), (c) => {
      const v = new Array<number>(chars.length).fill(0);
      const k = chars.indexOf(c);
      assert.ok(k >= 0, `character ${JSON.stringify(c)} not in the vocabulary`);
      v[k] = 1;
      return v;
    }),
  ];
  const p = model.predict(oneHot(expected.seed)).data;
  const worst = assertClose(p, expected.seed_next_char_probabilities, 'seed probabilities', 1e-5, 1e-6);
  assert.ok(worst < 1e-6, `max abs diff ${worst}`);
  let text = expected.seed;
  while (text.length < expected.greedy_60_chars.length) {
    const q = model.predict(oneHot(text)).data;
    let best = 0;
    for (let j = 1; j < q.length; j++) if (q[j]! > q[best]!) best = j;
    text += chars[best];
  }
  assert.equal(text, expected.greedy_60_chars);
});

test('komei (Keras 3.3.3 .keras): 26 windows match numpy, the last one the prediction Keras printed', async () => {
  const dir = 'komei-housing-keras3.3.3/';
  const model = asSequential(await loadKerasModel(sharedPath(`${dir}lstm_model.keras`)));
  assert.match(summaryLines(model).join('\n'), /Total params: 36,527/);
  const e = readJson<{
    test_windows_scaled: number[][][];
    numpy_predictions_scaled: number[][];
    scaler: { mean: number[]; std_population: number[] };
    keras_reported: { last_window_prediction_inverse_scaled: number[] };
  }>(sharedPath(`${dir}expected.json`));
  const p = model.predict(e.test_windows_scaled);
  assert.deepEqual(p.shape, [26, 2]);
  const worst = assertClose(p.data, e.numpy_predictions_scaled.flat(), 'scaled predictions', 1e-5, 2e-6);
  assert.ok(worst < 2e-6, `max abs diff ${worst}`);
  const last = [0, 1].map((j) => p.data[50 + j]! * e.scaler.std_population[j]! + e.scaler.mean[j]!);
  const keras = e.keras_reported.last_window_prediction_inverse_scaled;
  assert.ok(Math.abs(last[0]! - keras[0]!) < 0.05, `total ${last[0]} vs Keras ${keras[0]}`); // float32 at 1e5
  assert.ok(Math.abs(last[1]! - keras[1]!) < 1e-4, `growth ${last[1]} vs Keras ${keras[1]}`);
});

test('weather (Keras 3.12, legacy .h5 and .keras of one model): identical predictions, equal to numpy', { skip: sharedSkip('weather-keras3.12') }, async () => {
  const dir = 'weather-keras3.12/';
  const x = tensor(Array.from({ length: 720 }, (_, i) => -1 + (2 * i) / 719), [1, 36, 20]);
  const { numpy_output } = readJson<{ numpy_output: number }>(sharedPath(`${dir}expected.json`));
  const outputs: number[] = [];
  for (const file of ['lstm_model.h5', 'lstm_model.keras']) {
    const model = asSequential(await loadKerasModel(sharedPath(dir + file)));
    assert.match(summaryLines(model).join('\n'), /Total params: 127,809/);
    const y = model.predict(x).data[0]!;
    assert.ok(Math.abs(y - numpy_output) < 1e-6, `${file}: ${y} vs numpy ${numpy_output}`);
    outputs.push(y);
  }
  assert.equal(outputs[0], outputs[1]); // bit-identical weights in both files
});

test('whis (tf.keras 2.11 Embedding + GRU reset_after / + LSTM): the four sentences score as numpy computes', { skip: sharedSkip('whis-sentiment-keras2.11') }, async () => {
  for (const [file, kind] of [['gru.h5', GRU], ['lstm.h5', LSTM]] as const) {
    const key = `whis-sentiment-keras2.11/${file}`;
    const model = asSequential(await loadKerasModel(sharedPath(key)));
    assert.deepEqual(model.layers.map((l) => l.className), ['Embedding', 'Dropout', kind === GRU ? 'GRU' : 'LSTM', 'Dense']);
    assert.match(summaryLines(model).join('\n'), /Non-trainable params: 516,300/); // the frozen embedding
    if (kind === GRU) assert.equal((model.layers[2] as GRU).resetAfter, true);
    const ref = sharedReferences<{ token_ids: number[][]; scores: number[] }>(key);
    const ids = ref.token_ids.map((s) => [...new Array<number>(100 - s.length).fill(0), ...s]);
    const scores = model.predict(ids).data;
    const worst = assertClose(scores, ref.scores, file, 1e-5, 1e-6);
    assert.ok(worst < 1e-6, `${file}: max abs diff ${worst}`);
  }
});
