/**
 * The forecast worker: runs the library's `forecast` pipeline (chronological split, scaling
 * fitted on the training part, absolute vs relative mode chosen on validation, naive and
 * linear baselines on the held-out tail) off the page's thread, reporting every epoch.
 */
import { type Callback, type LayersModel, forecast } from '../../src/index.ts';
import { detectEngine } from './engine.ts';
import type { ForecastCommand, ForecastEvent, ForecastMethods, ForecastOutcome } from './protocol.ts';
import { serve } from './workerHost.ts';

const MODES = ['absolute', 'relative'] as const;
let stopRequested = false;

/** Reports epochs and ends training early once Stop was pressed. */
function progressCallback(epochs: number): Callback {
  let model: LayersModel | null = null;
  let modeIndex = -1;
  return {
    setModel(m) {
      model = m;
    },
    onTrainBegin() {
      modeIndex++;
    },
    onBatchEnd() {
      // `fit` checks this flag after every batch; each mode's fit resets it, so set it again.
      if (stopRequested && model) model.stopTraining = true;
    },
    onEpochEnd(epoch, logs) {
      emit({
        type: 'epoch',
        mode: MODES[modeIndex] ?? String(modeIndex),
        epoch: epoch + 1,
        epochs,
        modeIndex,
        modes: MODES.length,
        loss: logs?.['loss'] ?? NaN,
        valLoss: logs?.['val_loss'] ?? NaN,
      });
    },
  };
}

const emit = serve<ForecastMethods, ForecastCommand, ForecastEvent>(
  {
    run: async ({ series, settings }): Promise<ForecastOutcome> => {
      stopRequested = false;
      const started = performance.now();
      const result = await forecast({
        series: { dates: series.dates, values: [series.values], names: [series.name] },
        window: settings.window,
        horizon: settings.horizon,
        units: settings.units,
        epochs: settings.epochs,
        seed: settings.seed,
        modes: [...MODES],
        callbacks: [progressCallback(settings.epochs)],
      });
      return {
        mode: result.mode,
        winner: result.winner,
        seasonPeriod: result.seasonPeriod,
        scores: result.test,
        testIndex: result.testIndex,
        testPredictions: result.testPredictions,
        validationEnd: result.validationEnd,
        trainEnd: result.trainEnd,
        samples: result.samples,
        seconds: (performance.now() - started) / 1000,
      };
    },
  },
  (command) => {
    if (command.type === 'stop') stopRequested = true;
  },
);

emit({ type: 'ready', engine: detectEngine() });
