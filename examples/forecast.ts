/**
 * Forecast monthly CO2 at Mauna Loa one month ahead from the last 24 months, and compare the
 * LSTM with a naive forecast and a linear regression on the same windows.
 *
 * Run: npx tsx examples/forecast.ts
 */
import { data, forecast, loadCo2 } from '../src/node.js';

export async function co2Forecast(epochs = 60): Promise<{ lstm: number; lastValue: number; linear: number; mode: string }> {
  const table = loadCo2();
  const co2 = data.numericColumn(table, 'CO2', { missing: 'interpolate' }).values;
  const dates = data.stringColumn(table, 'Date');
  const result = await forecast({ series: { dates, values: [co2], names: ['CO2'] }, window: 24, horizon: 1, epochs });
  return { lstm: result.test.lstm.rmse, lastValue: result.test.lastValue.rmse, linear: result.test.linear.rmse, mode: result.mode };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await co2Forecast();
  console.log(`test RMSE (ppm): LSTM ${r.lstm.toFixed(3)} (${r.mode} mode), last value ${r.lastValue.toFixed(3)}, linear ${r.linear.toFixed(3)}`);
}
