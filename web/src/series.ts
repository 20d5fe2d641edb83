/**
 * The forecast tab's data: bundled series (Mauna Loa CO2 from the vega-datasets package the
 * CLI also reads, and a generated seasonal series with a trend) and uploaded CSV files, all
 * as parsed CSV tables, plus turning a table's chosen columns into a series.
 */
import { data } from '../../src/index.ts';
import co2Csv from '../../node_modules/vega-datasets/data/co2-concentration.csv?raw';
import type { ForecastSeriesData } from './protocol.ts';

export type CsvTable = ReturnType<typeof data.parseCsv>;

export interface SeriesSource {
  id: string;
  name: string;
  table: CsvTable;
  /** Column preselected as the target, and the date column (null: row numbers). */
  target: string;
  date: string | null;
}

/**
 * Twenty years of monthly values: a linear trend, a yearly cycle and a little noise from a
 * seeded generator, so the seasonal-naive baseline has something to find.
 */
export function syntheticCsv(months = 240): string {
  let state = 2024;
  const noise = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  const lines = ['month,value'];
  for (let t = 0; t < months; t++) {
    const year = 2000 + Math.floor(t / 12);
    const month = String((t % 12) + 1).padStart(2, '0');
    const value = 50 + 0.08 * t + 6 * Math.sin((2 * Math.PI * t) / 12) + 2 * Math.cos((4 * Math.PI * t) / 12) + 1.5 * noise();
    lines.push(`${year}-${month}-01,${value.toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function bundledSeries(): SeriesSource[] {
  return [
    { id: 'co2', name: 'Mauna Loa CO2, monthly, ppm (vega-datasets)', table: data.parseCsv(co2Csv), target: 'CO2', date: 'Date' },
    { id: 'synthetic', name: 'Seasonal with trend, monthly (generated)', table: data.parseCsv(syntheticCsv()), target: 'value', date: 'month' },
  ];
}

/** Columns whose cells are numbers (missing cells allowed). */
export function numericColumns(table: CsvTable): string[] {
  return table.columns.filter((name) => {
    try {
      return data.numericColumn(table, name, { missing: 'interpolate' }).values.length > 0;
    } catch {
      return false;
    }
  });
}

/** A column most of whose cells parse as dates, if any. */
export function guessDateColumn(table: CsvTable): string | null {
  const sample = table.rows.slice(0, 20);
  return (
    table.columns.find((name, c) => sample.length > 0 && sample.every((row) => /\d{4}-\d{1,2}/.test(row[c] ?? '') && Number.isFinite(Date.parse(row[c] ?? '')))) ?? null
  );
}

/** An uploaded file as a source: its first numeric column that is not the date is the target. */
export function uploadedSeries(fileName: string, text: string): SeriesSource {
  const table = data.parseCsv(text);
  const date = guessDateColumn(table);
  const numeric = numericColumns(table).filter((c) => c !== date);
  if (numeric.length === 0) throw new Error(`${fileName}: no numeric column among ${table.columns.join(', ')}`);
  return { id: `upload:${fileName}`, name: `Uploaded: ${fileName}`, table, target: numeric[0]!, date };
}

/** The chosen column as a series; missing cells are interpolated as the CLI does. */
export function toSeries(source: SeriesSource, column: string, dateColumn: string | null): ForecastSeriesData {
  const values = data.numericColumn(source.table, column, { missing: 'interpolate' }).values;
  const dates = dateColumn
    ? data.stringColumn(source.table, dateColumn).map((d) => {
        const t = Date.parse(d);
        return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : d;
      })
    : values.map((_, i) => String(i));
  return { dates, values, name: column };
}
