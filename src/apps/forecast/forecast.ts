/**
 * Time-series forecasting with an LSTM, the way a careful analyst would do it: chronological
 * train/validation/test split, scaling fitted on the training part only, the trend handled
 * by predicting values relative to each window's last value (chosen against plain scaled
 * values on the validation part), and honest comparison with naive and linear baselines on
 * the held-out tail.
 *
 * Several target columns at once (`target: ['temp_max', 'precipitation']`) train one model: a
 * shared LSTM trunk and one Dense head per target, named after its column, each with its own
 * loss and loss weight. Each target is scaled on its own and scored against its own baselines.
 *
 * @example
 * const result = await forecast({ series: { dates, values: [co2] , names: ['CO2'] }, window: 24 });
 * console.log(result.test.lstm.rmse, result.test.lastValue.rmse, result.winner);
 */
import { ValueError, assertInt, assertNumber } from '../../tensor/errors.js';
import { OptionError } from '../optionError.js';
import { setSeed } from '../../tensor/random.js';
import { tensor } from '../../tensor/tensor.js';
import * as layerFactories from '../../layers/index.js';
import { sequential, type Sequential } from '../../models/sequential.js';
import { model as functionalModel, type LayersModel } from '../../models/layersModel.js';
import { input } from '../../models/graph/inputLayer.js';
import type { SymbolicTensor } from '../../layers/symbolicTensor.js';
import type { Tensor } from '../../tensor/tensor.js';
import { adam } from '../../optimizers/index.js';
import { earlyStopping } from '../../models/callbacks/index.js';
import type { Callback } from '../../models/callbacks/callback.js';
import { MinMaxScaler } from '../../data/scalers.js';
import { mae, mape, rmse } from '../../evaluation/index.js';
import {
  type TargetWindows,
  fitLinearLagRegression,
  lastValueForecast,
  predictLinearLag,
  seasonalNaiveForecast,
} from './baselines.js';
import { type ForecastLoss, type ForecastTarget, resolveTargets } from './targets.js';

export type { ForecastLoss } from './targets.js';

/** How the network sees the series. */
export type ForecastMode = 'absolute' | 'relative';

/**
 * A multivariate time series for {@link forecast}: equally spaced steps, target first.
 * @example
 * const series: ForecastSeries = { dates: ['2024-01', '2024-02', '2024-03'], values: [[410.1, 411.3, 412.0]], names: ['co2'] };
 */
export interface ForecastSeries {
  /** One label per time step (dates as strings), used for charts. */
  dates: string[];
  /** Columns of equal length, every one an input; `values[0]` is the target unless `target` names others. */
  values: number[][];
  /** Column names, target first (unless `target` says otherwise). */
  names: string[];
}

/**
 * Options of {@link forecast}. Only `series` is required; the model is `layers` stacked LSTMs
 * and a Dense(horizon) head, trained with Adam on mean squared error and early stopping on
 * the validation loss (patience 10, best weights restored).
 * @example
 * const options: ForecastOptions = { series, window: 24, horizon: 6, units: 64, epochs: 100, modes: ['relative'] };
 * const result = await forecast(options);
 */
export interface ForecastOptions {
  /** The data: target in `values[0]`, extra input features after it. */
  series: ForecastSeries;
  /**
   * Column(s) to predict, by name (default the first column). A list of two or more trains one
   * model with a head per target; every column, target or not, is an input.
   */
  target?: string | string[];
  /** Loss of each target's head: one for all or one per target (default 'meanSquaredError'). */
  loss?: ForecastLoss | ForecastLoss[];
  /** Weight of each target's loss in the total, one per target, each >= 0 (default 1 each). */
  lossWeights?: number[];
  /** Past steps the model sees (default 24). */
  window?: number;
  /** Future steps predicted at once (default 1). */
  horizon?: number;
  /** Step between consecutive windows (default 1). */
  stride?: number;
  /** Fraction of the series (before the test tail) used for validation (default 0.1). */
  validation?: number;
  /** Fraction at the end held out for the test (default 0.1). */
  test?: number;
  /** Units of each LSTM layer (default 32). */
  units?: number;
  /** Stacked LSTM layers; all but the last return sequences (default 1). */
  layers?: number;
  /** Input dropout rate of each LSTM layer (Keras's `dropout`), in [0, 1) (default 0). */
  dropout?: number;
  /** Maximum passes over the training windows; early stopping usually ends sooner (default 60). */
  epochs?: number;
  /** Windows per gradient step (default 32). */
  batchSize?: number;
  /** Adam's learning rate (default 3e-3). */
  learningRate?: number;
  /** Seed set before building each mode's model, so runs repeat exactly (default 1). */
  seed?: number;
  /** Modes tried; the one with the lowest validation RMSE is used (default both). */
  modes?: ForecastMode[];
  /** Season length for the seasonal-naive baseline (default: inferred from the dates). */
  seasonPeriod?: number | null;
  /** Extra callbacks (progress). */
  callbacks?: Callback[];
}

/** Error figures in the series' own units. */
export interface ForecastScores {
  /** Root mean squared error over every predicted step. */
  rmse: number;
  /** Mean absolute error. */
  mae: number;
  /** Mean absolute percentage error, in percent; steps whose actual value is 0 are skipped. */
  mape: number;
}

/**
 * Test scores of the model and of each baseline, for one target, in the target's units.
 * @example const t: ForecastTestScores = result.test; console.log(t.lstm.mae, t.lastValue.mae);
 */
export interface ForecastTestScores {
  /** The trained network. */
  lstm: ForecastScores;
  /** Every future step predicted as the window's last value. */
  lastValue: ForecastScores;
  /** Each step predicted as the value one season earlier; null without a season or when it exceeds `window`. */
  seasonalNaive: ForecastScores | null;
  /** Least-squares regression on the window's lags, one per horizon step. */
  linear: ForecastScores;
}

/** A method compared on the test tail. */
export type ForecastMethod = 'lstm' | 'lastValue' | 'seasonalNaive' | 'linear';

/**
 * One target's part of a {@link ForecastResult}: its head's loss, its validation and test
 * figures against its own baselines, and its predictions (aligned with `validationIndex`
 * and `testIndex`).
 * @example
 * for (const t of result.targets) console.log(t.name, t.test.lstm.mae, t.test.lastValue.mae, t.winner);
 */
export interface ForecastTargetResult {
  /** Column name; with several targets also the name of its output layer and its log keys (`<name>_loss`). */
  name: string;
  /** The head's loss. */
  loss: ForecastLoss;
  /** The head's weight in the total loss. */
  lossWeight: number;
  /** Validation RMSE of each mode tried, in the target's units. */
  validationRmse: Partial<Record<ForecastMode, number>>;
  /** Test scores of the model and the baselines, in the target's units. */
  test: ForecastTestScores;
  /** Which method had the lowest test RMSE for this target. */
  winner: ForecastMethod;
  /** The model's test predictions, `[window][horizon]`. */
  testPredictions: number[][];
  /** The chosen model's validation predictions, `[window][horizon]`. */
  validationPredictions: number[][];
}

/**
 * What {@link forecast} returns: the chosen model, its test scores next to the baselines',
 * and the predictions with their positions in the series (for charts). The top-level scores
 * and predictions are the first target's; `targets` has every target's (one entry for a
 * single target). `M` is the model's type: a `Sequential` for one target, a functional
 * `LayersModel` with one output per target for several.
 * @example
 * const result: ForecastResult = await forecast({ series });
 * console.log(`${result.mode}: LSTM RMSE ${result.test.lstm.rmse}, last value ${result.test.lastValue.rmse}; best ${result.winner}`);
 */
export interface ForecastResult<M extends LayersModel = Sequential> {
  /** The mode with the lowest validation RMSE (several targets: lowest `selectionScore`), whose model is returned and tested. */
  mode: ForecastMode;
  /** Validation RMSE of each mode tried (original units; the first target's). */
  validationRmse: Partial<Record<ForecastMode, number>>;
  /**
   * Several targets only: what chose the mode, per mode: each target's validation RMSE divided
   * by its training range, averaged with the loss weights (so units do not matter).
   */
  selectionScore?: Partial<Record<ForecastMode, number>>;
  /** Scores on the test windows, in the series' units (the first target's). */
  test: ForecastTestScores;
  /** Which method had the lowest test RMSE (for the first target). */
  winner: ForecastMethod;
  /** Every target, in the order asked for; `targets[0]` repeats the top-level figures. */
  targets: ForecastTargetResult[];
  /** Season length the seasonal-naive baseline used; null when it did not run. */
  seasonPeriod: number | null;
  /** Index into the series of the first target of each test window. */
  testIndex: number[];
  /** The model's test predictions in the series' units, `[window][horizon]`, aligned with `testIndex` (first target). */
  testPredictions: number[][];
  /** Index into the series of the first target of each validation window. */
  validationIndex: number[];
  /** The chosen model's validation predictions, aligned with `validationIndex` (first target). */
  validationPredictions: number[][];
  /** Boundaries: training is [0, trainEnd), validation [trainEnd, validationEnd), test after. */
  trainEnd: number;
  /** First step of the test part (see `trainEnd`). */
  validationEnd: number;
  /** Per-epoch `loss` and `val_loss` of the chosen model's training (`History.history`); with several targets also `<target>_loss` and `val_<target>_loss`. */
  history: Record<string, number[]>;
  /** Windows in each part; a window crossing a boundary belongs to neither side. */
  samples: {
    /** Training windows. */
    train: number;
    /** Validation windows. */
    validation: number;
    /** Test windows. */
    test: number;
  };
  /** The trained model of the chosen mode; it reads scaled (absolute) or relative windows, not raw values. */
  model: M;
}

/**
 * Guesses a season from the median spacing of ISO-like dates: monthly → 12, daily → 7,
 * weekly → 52, quarterly → 4, anything else null.
 * @example inferSeasonPeriod(['2024-01-01', '2024-02-01', '2024-03-01']) // 12
 */
export function inferSeasonPeriod(dates: string[]): number | null {
  const times = dates.map((d) => Date.parse(d)).filter(Number.isFinite);
  if (times.length < 3) return null;
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
  const days = gaps[Math.floor(gaps.length / 2)]! / 86_400_000;
  if (days >= 27 && days <= 32) return 12;
  if (days >= 0.9 && days <= 1.1) return 7;
  if (days >= 6.5 && days <= 7.5) return 52;
  if (days >= 88 && days <= 93) return 4;
  return null;
}

interface WindowSet {
  /** Index of each window's first input step. */
  starts: number[];
}

function scores(actual: number[][], predicted: number[][]): ForecastScores {
  const a = actual.flat();
  const p = predicted.flat();
  return { rmse: rmse(a, p), mae: mae(a, p), mape: mape(a, p) };
}

/**
 * Trains and evaluates; see the module comment. One target gives a `Sequential` model, a list
 * of two or more a functional model with one head per target.
 * @example
 * const { test, winner } = await forecast({ series: { dates, values: [co2], names: ['CO2'] }, window: 24, epochs: 30 });
 * console.log(test.lstm.rmse, test.lastValue.rmse, winner);
 * @example
 * const { targets } = await forecast({ series, target: ['temp_max', 'precipitation'], lossWeights: [1, 0.5] });
 * for (const t of targets) console.log(t.name, t.test.lstm.mae, t.test.lastValue.mae);
 */
export async function forecast(options: ForecastOptions & { target?: string | [string] }): Promise<ForecastResult>;
export async function forecast(options: ForecastOptions): Promise<ForecastResult<LayersModel>>;
export async function forecast(options: ForecastOptions): Promise<ForecastResult<LayersModel>> {
  const where = 'forecast';
  const { series } = options;
  const window = options.window ?? 24;
  const horizon = options.horizon ?? 1;
  const stride = options.stride ?? 1;
  const valFraction = options.validation ?? 0.1;
  const testFraction = options.test ?? 0.1;
  assertInt(where, 'window', window, 1);
  assertInt(where, 'horizon', horizon, 1);
  assertInt(where, 'stride', stride, 1);
  assertNumber(where, 'validation', valFraction, 0, 0.9);
  assertNumber(where, 'test', testFraction, 0, 0.9);
  const columns = series.values;
  const n = columns[0]?.length ?? 0;
  if (columns.length === 0 || n === 0) throw new ValueError(`${where}: the series is empty`);
  columns.forEach((c, i) => {
    if (c.length !== n) throw new ValueError(`${where}: column '${series.names[i]}' has ${c.length} values, expected ${n} like '${series.names[0]}'`);
  });
  const targets: ForecastTarget[] = resolveTargets(where, options.target, series.names, options.loss, options.lossWeights);
  const multi = targets.length > 1;
  for (const { name, column } of targets) {
    const values = columns[column]!;
    // Every baseline would be exact and the scores 0 vs 0: say so instead of declaring a loser.
    if (values.every((v) => v === values[0])) {
      throw new ValueError(`${where}: target '${name}' is constant (${values[0]}) over all ${n} steps: every baseline is exact and there is nothing to learn`);
    }
  }
  const validationEnd = n - Math.round(n * testFraction);
  const trainEnd = validationEnd - Math.round(n * valFraction);

  // A window belongs to the part that holds all of its targets; windows across a boundary are dropped.
  const parts: Record<'train' | 'validation' | 'test', WindowSet> = { train: { starts: [] }, validation: { starts: [] }, test: { starts: [] } };
  for (let s = 0; s + window + horizon <= n; s += stride) {
    const first = s + window;
    const last = first + horizon - 1;
    if (last < trainEnd) parts.train.starts.push(s);
    else if (first >= trainEnd && last < validationEnd) parts.validation.starts.push(s);
    else if (first >= validationEnd) parts.test.starts.push(s);
  }
  for (const [name, part] of Object.entries(parts)) {
    if (part.starts.length === 0) {
      throw new OptionError(
        `${where}: the ${name} part has no complete window of ${window} + ${horizon} steps (series of ${n}: train ${trainEnd}, validation ${validationEnd - trainEnd}, test ${n - validationEnd}); use a smaller --window/--horizon or larger fractions`,
      );
    }
  }
  const targetWindows = (part: WindowSet, column: number): TargetWindows => {
    const target = columns[column]!;
    return {
      inputs: part.starts.map((s) => target.slice(s, s + window)),
      targets: part.starts.map((s) => target.slice(s + window, s + window + horizon)),
    };
  };

  // Scaling statistics come from the training part only, column by column.
  const scaler = new MinMaxScaler();
  scaler.fit(Array.from({ length: trainEnd }, (_, t) => columns.map((c) => c[t]!)));
  const scaledRows = scaler.transform(Array.from({ length: n }, (_, t) => columns.map((c) => c[t]!))) as number[][];
  // For relative mode: the spread of (value - last value in window) over the training windows.
  const relativeScale = columns.map((c) => {
    let sumSq = 0;
    let count = 0;
    for (const s of parts.train.starts) {
      const last = c[s + window - 1]!;
      for (let t = s; t < s + window + horizon; t++) {
        sumSq += (c[t]! - last) ** 2;
        count++;
      }
    }
    return Math.sqrt(sumSq / Math.max(count, 1)) || 1;
  });
  const targetRange = (column: number) => scaler.dataMax![column]! - scaler.dataMin![column]! || 1;

  const encode = (mode: ForecastMode, part: WindowSet) => {
    const features = columns.length;
    const x = new Float32Array(part.starts.length * window * features);
    const ys = targets.map(() => new Float32Array(part.starts.length * horizon));
    part.starts.forEach((s, k) => {
      for (let t = 0; t < window; t++) {
        for (let f = 0; f < features; f++) {
          x[(k * window + t) * features + f] =
            mode === 'absolute'
              ? scaledRows[s + t]![f]!
              : (columns[f]![s + t]! - columns[f]![s + window - 1]!) / relativeScale[f]!;
        }
      }
      targets.forEach(({ column }, j) => {
        const target = columns[column]!;
        for (let h = 0; h < horizon; h++) {
          const v = target[s + window + h]!;
          ys[j]![k * horizon + h] = mode === 'absolute' ? scaledRows[s + window + h]![column]! : (v - target[s + window - 1]!) / relativeScale[column]!;
        }
      });
    });
    return { x: tensor(x, [part.starts.length, window, features]), ys: ys.map((y) => tensor(y, [part.starts.length, horizon])) };
  };
  const decode = (mode: ForecastMode, part: WindowSet, column: number, predicted: Float32Array): number[][] => {
    const target = columns[column]!;
    const targetMin = scaler.dataMin![column]!;
    const range = targetRange(column);
    return part.starts.map((s, k) =>
      Array.from({ length: horizon }, (_, h) => {
        const v = predicted[k * horizon + h]!;
        return mode === 'absolute'
          ? targetMin + ((v - scaler.featureRange[0]) / (scaler.featureRange[1] - scaler.featureRange[0])) * range
          : target[s + window - 1]! + v * relativeScale[column]!;
      }),
    );
  };

  const units = options.units ?? 32;
  const depth = options.layers ?? 1;
  const optimizer = () => adam({ learningRate: options.learningRate ?? 3e-3 });
  // One target keeps the Sequential model it always had, so its runs repeat exactly.
  const buildSingle = (): Sequential => {
    const recurrent = Array.from({ length: depth }, (_, i) =>
      layerFactories.lstm({
        units,
        returnSequences: i < depth - 1,
        dropout: options.dropout ?? 0,
        ...(i === 0 ? { inputShape: [window, columns.length] } : {}),
      }),
    );
    const model = sequential({ layers: [...recurrent, layerFactories.dense({ units: horizon })] });
    model.compile({
      optimizer: optimizer(),
      loss: targets[0]!.loss,
      ...(options.lossWeights !== undefined ? { lossWeights: [targets[0]!.lossWeight] } : {}),
    });
    return model;
  };
  const buildMulti = (): LayersModel => {
    const x = input({ shape: [window, columns.length], name: 'window' });
    const recurrent = Array.from({ length: depth }, (_, i) => layerFactories.lstm({ units, returnSequences: i < depth - 1, dropout: options.dropout ?? 0 }));
    // Heads are named after their columns, and layer names in a model must differ.
    const taken = [x.node.layer.name, ...recurrent.map((l) => l.name)];
    const clash = targets.find((t) => taken.includes(t.name));
    if (clash) throw new OptionError(`${where}: target column '${clash.name}' has the name of a layer of the model's trunk (${taken.join(', ')}); rename the column`);
    const trunk = recurrent.reduce<SymbolicTensor>((h, layer) => layer.apply(h) as SymbolicTensor, x);
    const heads = targets.map(({ name }) => layerFactories.dense({ units: horizon, name }).apply(trunk) as SymbolicTensor);
    const model = functionalModel({ inputs: x, outputs: heads, name: 'forecast' });
    model.compile({ optimizer: optimizer(), loss: targets.map((t) => t.loss), lossWeights: targets.map((t) => t.lossWeight) });
    return model;
  };
  const predictAll = (model: LayersModel, x: Tensor): Float32Array[] => {
    const out = model.predict(x);
    return (Array.isArray(out) ? out : [out]).map((t) => t.data as Float32Array);
  };

  const modes = options.modes ?? ['absolute', 'relative'];
  const validationActual = targets.map((t) => targetWindows(parts.validation, t.column).targets);
  const weightSum = targets.reduce((a, t) => a + t.lossWeight, 0);
  let best: { mode: ForecastMode; model: LayersModel; score: number; history: Record<string, number[]>; valPred: number[][][] } | null = null;
  const validationRmse = targets.map((): Partial<Record<ForecastMode, number>> => ({}));
  const selectionScore: Partial<Record<ForecastMode, number>> = {};
  for (const mode of modes) {
    setSeed(options.seed ?? 1);
    const model = multi ? buildMulti() : buildSingle();
    const train = encode(mode, parts.train);
    const val = encode(mode, parts.validation);
    const h = await model.fit(train.x, multi ? train.ys : train.ys[0]!, {
      epochs: options.epochs ?? 60,
      batchSize: options.batchSize ?? 32,
      validationData: [val.x, multi ? val.ys : val.ys[0]!],
      verbose: 0,
      callbacks: [earlyStopping({ monitor: 'val_loss', patience: 10, restoreBestWeights: true }), ...(options.callbacks ?? [])],
    });
    const predicted = predictAll(model, val.x);
    const valPred = targets.map((t, j) => decode(mode, parts.validation, t.column, predicted[j]!));
    const rmses = targets.map((_, j) => scores(validationActual[j]!, valPred[j]!).rmse);
    rmses.forEach((r, j) => (validationRmse[j]![mode] = r));
    // Targets in different units are made comparable by their training ranges, as the loss sees them.
    const score = multi ? targets.reduce((a, t, j) => a + (t.lossWeight * rmses[j]!) / targetRange(t.column), 0) / weightSum : rmses[0]!;
    if (multi) selectionScore[mode] = score;
    if (!best || score < best.score) best = { mode, model, score, history: h.history, valPred };
  }
  if (!best) throw new ValueError(`${where}: option 'modes' is empty; expected some of 'absolute', 'relative'`);

  const testPredicted = predictAll(best.model, encode(best.mode, parts.test).x);
  const seasonPeriod = options.seasonPeriod === undefined ? inferSeasonPeriod(series.dates) : options.seasonPeriod;
  const perTarget: ForecastTargetResult[] = targets.map((t, j) => {
    const testWindows = targetWindows(parts.test, t.column);
    const testPred = decode(best.mode, parts.test, t.column, testPredicted[j]!);
    const seasonal = seasonPeriod ? seasonalNaiveForecast(testWindows, seasonPeriod) : null;
    const linear = predictLinearLag(fitLinearLagRegression(targetWindows(parts.train, t.column)), testWindows);
    const test: ForecastTestScores = {
      lstm: scores(testWindows.targets, testPred),
      lastValue: scores(testWindows.targets, lastValueForecast(testWindows)),
      seasonalNaive: seasonal ? scores(testWindows.targets, seasonal) : null,
      linear: scores(testWindows.targets, linear),
    };
    const candidates = (Object.entries(test) as [ForecastMethod, ForecastScores | null][]).filter(
      (e): e is [ForecastMethod, ForecastScores] => e[1] !== null,
    );
    const winner = candidates.reduce((a, b) => (b[1].rmse < a[1].rmse ? b : a))[0];
    return {
      name: t.name,
      loss: t.loss,
      lossWeight: t.lossWeight,
      validationRmse: validationRmse[j]!,
      test,
      winner,
      testPredictions: testPred,
      validationPredictions: best.valPred[j]!,
    };
  });
  // Whether the seasonal baseline ran depends only on the window, so one target answers for all.
  const seasonalRan = perTarget[0]!.test.seasonalNaive !== null;
  const first = perTarget[0]!;
  return {
    mode: best.mode,
    validationRmse: first.validationRmse,
    ...(multi ? { selectionScore } : {}),
    test: first.test,
    winner: first.winner,
    targets: perTarget,
    seasonPeriod: seasonalRan ? seasonPeriod! : null,
    testIndex: parts.test.starts.map((s) => s + window),
    testPredictions: first.testPredictions,
    validationIndex: parts.validation.starts.map((s) => s + window),
    validationPredictions: first.validationPredictions,
    trainEnd,
    validationEnd,
    history: best.history,
    samples: { train: parts.train.starts.length, validation: parts.validation.starts.length, test: parts.test.starts.length },
    model: best.model,
  };
}
