/**
 * The training-history chart: `loss`, `val_loss` and any other per-epoch values from
 * `model.fit(...)`'s `history.history`, one line each, against the epoch (1-based).
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { buildLineChartSpec, type LineSeries } from './lineChart.js';
import { renderVegaLite } from './render.js';
import { optionalBoolean, optionalString, show } from './args.js';

/** Options of `lossChartSvg`. */
export interface LossChartOptions {
  /** Chart title; default 'Training history'. */
  title?: string;
  /** Which keys of the history to plot, in this order; default all of them. */
  keys?: readonly string[];
  /** Logarithmic y axis (every plotted finite value must then be > 0); default false. */
  logY?: boolean;
  /** Plot width in pixels; default 640. */
  width?: number;
  /** Plot height in pixels; default 320. */
  height?: number;
}

const OPTION_KEYS = ['title', 'keys', 'logY', 'width', 'height'] as const;

/**
 * Renders a training history as a line chart against the epoch. By default every key is
 * plotted, `loss` first and `val_loss` second, the rest in the order given. A non-finite
 * value (a diverged epoch) leaves a gap in its line instead of failing the chart.
 *
 * @example
 * const history = await model.fit(x, y, { epochs: 20, validationSplit: 0.2, verbose: 0 });
 * const svg = await lossChartSvg(history.history, { title: 'LSTM on airline passengers' });
 * await writeFileAtomic('out/loss.svg', svg);
 */
export function lossChartSvg(history: Record<string, readonly number[]>, options: LossChartOptions = {}): Promise<string> {
  try {
    return renderVegaLite(buildLossChartSpec(history, options));
  } catch (err) {
    return Promise.reject(err);
  }
}

function buildLossChartSpec(history: Record<string, readonly number[]>, options: LossChartOptions) {
  const where = 'lossChartSvg';
  if (typeof history !== 'object' || history === null || Array.isArray(history)) {
    throw new ValueError(
      `${where}: argument 'history' expected an object of per-epoch arrays such as { loss: [...], val_loss: [...] }, got ${show(history)}`,
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new ValueError(`${where}: argument 'options' expected an object, got ${show(options)}`);
  }
  assertKnownOptions(where, options, OPTION_KEYS);
  const title = optionalString(where, 'title', options.title) ?? 'Training history';
  const logY = optionalBoolean(where, 'logY', options.logY) ?? false;

  const available = Object.keys(history);
  if (available.length === 0) {
    throw new ValueError(`${where}: argument 'history' expected at least one key such as 'loss', got an empty object`);
  }
  const keys = options.keys === undefined ? defaultOrder(available) : checkKeys(where, options.keys, available);

  const series: LineSeries[] = keys.map((key) => {
    const values: unknown = history[key];
    if (!Array.isArray(values) || values.length === 0) {
      throw new ValueError(
        `${where}: argument 'history.${key}' expected a non-empty array of numbers (one per epoch), got ${show(values)}`,
      );
    }
    return {
      name: key,
      x: values.map((_, i) => i + 1),
      y: values.map((v: unknown, i) => {
        if (typeof v !== 'number') {
          throw new ValueError(`${where}: argument 'history.${key}[${i}]' expected a number, got ${show(v)}`);
        }
        if (logY && v <= 0) {
          throw new ValueError(`${where}: argument 'history.${key}[${i}]' expected a value > 0 because logY is true, got ${v}`);
        }
        return Number.isFinite(v) ? v : null;
      }),
    };
  });
  const lossLike = keys.every((k) => /loss/i.test(k));
  return buildLineChartSpec(where, {
    title,
    xTitle: 'epoch',
    yTitle: lossLike ? 'loss' : 'value',
    series,
    xType: 'quantitative',
    integerX: true,
    logY,
    points: series.every((s) => s.x.length <= 30),
    ...(options.width !== undefined ? { width: options.width } : {}),
    ...(options.height !== undefined ? { height: options.height } : {}),
  });
}

function defaultOrder(keys: readonly string[]): string[] {
  const first = ['loss', 'val_loss'].filter((k) => keys.includes(k));
  return [...first, ...keys.filter((k) => !first.includes(k))];
}

function checkKeys(where: string, keys: unknown, available: readonly string[]): string[] {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new ValueError(`${where}: option 'keys' expected a non-empty array of history keys, got ${show(keys)}`);
  }
  for (const k of keys) {
    if (typeof k !== 'string' || !available.includes(k)) {
      throw new ValueError(
        `${where}: option 'keys' expected keys of the history (${available.join(', ')}), got ${show(k)}`,
      );
    }
  }
  return keys as string[];
}
