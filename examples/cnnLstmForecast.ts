/**
 * A CNN-LSTM against a plain LSTM on a real series: Seattle's daily maximum temperature
 * (vega-datasets, 2012-2015), one day ahead from the last 28 days. The CNN-LSTM puts a causal
 * Conv1D (16 filters over 3 days, relu) and MaxPooling1D (2) before the same LSTM, so the LSTM
 * reads 14 summarised steps instead of 28 raw ones. Both train with the same seed, data,
 * optimizer and epochs; the test set is the last 20% of the days, never seen in training.
 * The figures printed are whatever this run measures, including when the CNN-LSTM loses.
 *
 * Measured when this example was written (20 epochs): the CNN-LSTM does NOT beat the plain
 * LSTM here. Test MAE in °C, CNN-LSTM vs LSTM: seed 7 2.406 vs 2.278, seed 1 2.555 vs 2.268,
 * seed 2 2.537 vs 2.331, seed 3 2.451 vs 2.365; repeating the last day scores 2.356, so
 * neither model clearly beats that naive forecast on this noisy daily series.
 *
 * Run: npx tsx examples/cnnLstmForecast.ts
 */
import { type Tensor, data, layers, loadSeattleWeather, sequential, setSeed, tensor } from '../src/node.js';

/** Test MAE (°C) of each model, and of repeating the last day as a reference. */
export interface CnnLstmComparison {
  /** Conv1D + MaxPooling1D + LSTM. */
  cnnLstm: number;
  /** The LSTM alone. */
  lstm: number;
  /** Tomorrow = today. */
  lastValue: number;
  /** Windows in the training and test sets. */
  trainWindows: number;
  testWindows: number;
}

const WINDOW = 28;

/** Windows [n, WINDOW, 1] of the standardised series and the next day's value [n, 1]. */
function windows(values: number[], from: number, to: number): { x: Tensor; y: Tensor; last: number[]; next: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = from; t + WINDOW < to; t++) {
    xs.push(...values.slice(t, t + WINDOW));
    ys.push(values[t + WINDOW]!);
  }
  const n = ys.length;
  return { x: tensor(xs, [n, WINDOW, 1]), y: tensor(ys, [n, 1]), last: Array.from({ length: n }, (_, i) => xs[i * WINDOW + WINDOW - 1]!), next: ys };
}

function mae(a: ArrayLike<number>, b: ArrayLike<number>, scale: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return (s / a.length) * scale;
}

async function trainAndScore(stack: () => layers.Layer[], train: { x: Tensor; y: Tensor }, test: { x: Tensor; next: number[] }, epochs: number, seed: number, std: number): Promise<number> {
  setSeed(seed);
  const model = sequential({ layers: stack() });
  model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  await model.fit(train.x, train.y, { epochs, batchSize: 32, verbose: 0, shuffle: true });
  const out = model.predict(test.x);
  const pred = Array.isArray(out) ? out[0]! : out;
  return mae(pred.data, test.next, std);
}

/** Trains both models and returns their test MAE in °C. */
export async function compareCnnLstm(epochs = 20, seed = 7): Promise<CnnLstmComparison> {
  const table = loadSeattleWeather();
  const raw = data.numericColumn(table, 'temp_max', { missing: 'interpolate' }).values;
  const split = Math.floor(raw.length * 0.8);
  const trainPart = raw.slice(0, split);
  const mean = trainPart.reduce((a, b) => a + b, 0) / trainPart.length;
  const std = Math.sqrt(trainPart.reduce((a, b) => a + (b - mean) ** 2, 0) / trainPart.length);
  const z = raw.map((v) => (v - mean) / std);
  const train = windows(z, 0, split);
  // Test windows may look back into the last training days, but predict only test days.
  const test = windows(z, split - WINDOW, z.length);
  const lstm = await trainAndScore(() => [layers.lstm({ units: 32, inputShape: [WINDOW, 1] }), layers.dense({ units: 1 })], train, test, epochs, seed, std);
  const cnnLstm = await trainAndScore(
    () => [
      layers.conv1d({ filters: 16, kernelSize: 3, padding: 'causal', activation: 'relu', inputShape: [WINDOW, 1] }),
      layers.maxPooling1d({ poolSize: 2 }),
      layers.lstm({ units: 32 }),
      layers.dense({ units: 1 }),
    ],
    train, test, epochs, seed, std,
  );
  return { cnnLstm, lstm, lastValue: mae(test.last, test.next, std), trainWindows: train.next.length, testWindows: test.next.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await compareCnnLstm();
  console.log(`Seattle daily max temperature, next day from ${WINDOW} days; ${r.trainWindows} training windows, ${r.testWindows} test windows`);
  console.log(`test MAE (°C): CNN-LSTM ${r.cnnLstm.toFixed(3)}, LSTM ${r.lstm.toFixed(3)}, last value ${r.lastValue.toFixed(3)}`);
  console.log(r.cnnLstm < r.lstm ? 'the CNN-LSTM beats the plain LSTM on this run' : 'the CNN-LSTM does not beat the plain LSTM on this run');
}
