/**
 * Turns a CSV table (a bundled data set or the user's file) into a forecast series: the date
 * column, the target first and the extra features after it, with missing cells filled by
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
  co2: { load: loadCo2, date: 'Date', target: 'CO2', description: 'Mauna Loa CO2, monthly, ppm (vega-datasets)' },
  'seattle-weather': { load: loadSeattleWeather, date: 'date', target: 'temp_max', description: 'Seattle weather, daily (vega-datasets)' },
  sp500: { load: loadSp500, date: 'date', target: 'price', description: 'S&P 500, monthly close (vega-datasets)' },
} as const;

export type BundledSeriesName = keyof typeof BUNDLED_SERIES;

export interface SeriesSpec {
  /** A bundled name or a path to a CSV file. */
  data: string;
  dateColumn?: string;
  target?: string;
  features?: string[];
}

export interface LoadedSeries {
  series: ForecastSeries;
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
  if (!target) {
    throw new OptionError(`--target is required for a CSV file; columns are: ${table.columns.join(', ')}`);
  }
  const names = [target, ...(spec.features ?? []).filter((f) => f !== target)];
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
  if (values[0]!.length < 3) throw new ValueError(`${source}: column '${target}' has ${values[0]!.length} values; a forecast needs many more`);
  const dates = dateColumn ? stringColumn(table, dateColumn).map(normaliseDate) : values[0]!.map((_, i) => String(i));
  return { series: { dates, values, names }, source, missing };
}
