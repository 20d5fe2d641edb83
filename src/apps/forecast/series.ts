/**
 * Turns a CSV table (a bundled data set or the user's file) into a forecast series: the date
 * column, the target(s) first and the extra features after them, with missing cells filled by
 * linear interpolation and counted so the report can say so. A column named in the spec that
 * the table lacks is an {@link OptionError}.
 */
import { ValueError } from '../../tensor/errors.js';
import { OptionError } from '../optionError.js';
import { type CsvTable, numericColumn, stringColumn } from '../../data/index.js';
import { loadCo2, loadSeattleWeather, loadSp500, readCsvFile } from '../../data/node.js';
import type { ForecastSeries } from './forecast.js';

/**
 * The bundled series and their default columns.
 * @example
 * Object.keys(BUNDLED_SERIES) // ['co2', 'seattle-weather', 'sp500']
 */
export const BUNDLED_SERIES = {
  /** Monthly atmospheric CO2 at Mauna Loa, in ppm (1958 on). */
  co2: {
    /** Reads the table from the optional `vega-datasets` package. */
    load: loadCo2,
    /** Date column. */
    date: 'Date',
    /** Default target column. */
    target: 'CO2',
    /** Where the data comes from, as the report cites it. */
    description: 'Mauna Loa CO2, monthly, ppm (vega-datasets)',
  },
  /** Daily Seattle weather, 2012-2015; the target is the day's maximum temperature in °C. */
  'seattle-weather': {
    /** Reads the table from the optional `vega-datasets` package. */
    load: loadSeattleWeather,
    /** Date column. */
    date: 'date',
    /** Default target column. */
    target: 'temp_max',
    /** Where the data comes from, as the report cites it. */
    description: 'Seattle weather, daily (vega-datasets)',
  },
  /** Monthly closing price of the S&P 500 index, 2000-2010. */
  sp500: {
    /** Reads the table from the optional `vega-datasets` package. */
    load: loadSp500,
    /** Date column. */
    date: 'date',
    /** Default target column. */
    target: 'price',
    /** Where the data comes from, as the report cites it. */
    description: 'S&P 500, monthly close (vega-datasets)',
  },
} as const;

export type BundledSeriesName = keyof typeof BUNDLED_SERIES;

/**
 * Which table and columns {@link loadSeries} reads.
 * @example
 * const spec: SeriesSpec = { data: 'sales.csv', dateColumn: 'month', target: 'units', features: ['price'] };
 */
export interface SeriesSpec {
  /** A bundled name or a path to a CSV file. */
  data: string;
  /** Column of the step labels (dates); default the bundled set's, else none (steps are numbered 0, 1, …). */
  dateColumn?: string;
  /** Column to forecast, or a list of columns (one output head each); required for a CSV file, default the bundled set's. */
  target?: string | string[];
  /** Extra numeric columns fed to the model beside the target (default none). */
  features?: string[];
}

/**
 * A series ready for `forecast`, with where it came from.
 * @example
 * const { series, source, missing } = loadSeries({ data: 'co2' });
 * const result = await forecast({ series });
 */
export interface LoadedSeries {
  /** Dates (ISO `YYYY-MM-DD` where they parse) and columns, target(s) first in the order given. */
  series: ForecastSeries;
  /** The bundled set's description, or the CSV path. */
  source: string;
  /** Missing cells filled by interpolation, per column. */
  missing: Record<string, number>;
}

/** ISO date when the text parses as a date, else the text itself. */
function normaliseDate(text: string): string {
  const t = Date.parse(text);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : text;
}

/** Loads a series; errors name the file and the column. @example loadSeries({ data: 'co2' }) */
export function loadSeries(spec: SeriesSpec, resolvePath: (p: string) => string = (p) => p): LoadedSeries {
  const bundled = Object.prototype.hasOwnProperty.call(BUNDLED_SERIES, spec.data)
    ? BUNDLED_SERIES[spec.data as BundledSeriesName]
    : null;
  let table: CsvTable;
  let source: string;
  if (bundled) {
    table = bundled.load();
    source = bundled.description;
  } else {
    const path = resolvePath(spec.data);
    table = readCsvFile(path);
    source = path;
  }
  const dateColumn = spec.dateColumn ?? bundled?.date ?? null;
  const target = spec.target ?? bundled?.target;
  if (!target || target.length === 0) {
    throw new OptionError(`--target is required for a CSV file; columns are: ${table.columns.join(', ')}`);
  }
  const targets = typeof target === 'string' ? [target] : target;
  const repeated = targets.find((t, k) => targets.indexOf(t) !== k);
  if (repeated !== undefined) throw new OptionError(`--target names column '${repeated}' twice; each target gets one output head, so list it once`);
  const names = [...targets, ...(spec.features ?? []).filter((f) => !targets.includes(f))];
  const unknown = [...names, ...(dateColumn ? [dateColumn] : [])].filter((c) => !table.columns.includes(c));
  if (unknown.length > 0) {
    throw new OptionError(`${source}: no column ${unknown.map((c) => `'${c}'`).join(', ')}; columns are: ${table.columns.join(', ')}`);
  }
  const missing: Record<string, number> = {};
  const values = names.map((name) => {
    try {
      const column = numericColumn(table, name, { missing: 'interpolate' });
      missing[name] = column.missing.count;
      return column.values;
    } catch (error) {
      // Name the file instead of the internal function.
      throw new ValueError(`${source}: ${(error as Error).message.replace(/^numericColumn: /, '')}`);
    }
  });
  if (values[0]!.length < 3) throw new ValueError(`${source}: column '${targets[0]}' has ${values[0]!.length} values; a forecast needs many more`);
  const dates = dateColumn ? stringColumn(table, dateColumn).map(normaliseDate) : values[0]!.map((_, i) => String(i));
  return { series: { dates, values, names }, source, missing };
}
