/** `lstm forecast` on a tiny budget: exit codes, outputs, files, and the error line for bad data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lines, run } from './fakeIo.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lstm-forecast-'));
}

test('forecast on the bundled CO2 series writes the chart, loss curves, report and JSON', async () => {
  const dir = tempDir();
  try {
    const r = await run(['forecast', '--data', 'co2', '--epochs', '2', '--units', '4', '--out', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(json['target'], 'CO2');
    assert.equal(json['steps'], 741);
    assert.ok(['absolute', 'relative'].includes(json['mode'] as string));
    const test = json['test'] as Record<string, { rmse: number } | null>;
    for (const k of ['lstm', 'lastValue', 'seasonalNaive', 'linear']) assert.ok(Number.isFinite(test[k]!.rmse), k);
    // The last-value baseline is deterministic: RMSE over the 74 test months.
    assert.ok(Math.abs(test['lastValue']!.rmse - 1.439) < 1e-3, String(test['lastValue']!.rmse));
    for (const f of ['forecast.svg', 'loss.svg', 'report.html', 'result.json']) assert.ok(existsSync(join(dir, f)), f);
    assert.match(readFileSync(join(dir, 'forecast.svg'), 'utf8'), /^<svg/);
    assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /linear regression on the lags/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('forecast reads a CSV with features, fills and reports missing cells', async () => {
  const dir = tempDir();
  try {
    const rows = ['day,temp,rain'];
    for (let i = 0; i < 120; i++) rows.push(`2020-01-${String((i % 28) + 1).padStart(2, '0')},${i === 50 ? '' : (10 + Math.sin(i / 5)).toFixed(3)},${(i % 7) / 7}`);
    writeFileSync(join(dir, 'series.csv'), rows.join('\n'));
    const r = await run(['forecast', '--data', join(dir, 'series.csv'), '--date-column', 'day', '--target', 'temp', '--features', 'rain', '--window', '8', '--horizon', '2', '--epochs', '2', '--units', '4', '--out', join(dir, 'out')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Missing values filled by interpolation: temp 1, rain 0/);
    assert.match(r.stdout, /target 'temp', features rain/);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'result.json'), 'utf8')) as { settings: { horizon: number } };
    assert.equal(json.settings.horizon, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad data gets one line naming the problem (exit 1); bad arguments and unknown columns exit 2', async () => {
  const dir = tempDir();
  try {
    writeFileSync(join(dir, 'bad.csv'), 'date,value\n2020-01-01,1\n2020-01-02,abc\n2020-01-03,3\n');
    const bad = await run(['forecast', '--data', join(dir, 'bad.csv'), '--target', 'value', '--out', join(dir, 'o')]);
    assert.equal(bad.code, 1);
    assert.equal(lines(bad.stderr).length, 1);
    assert.match(bad.stderr, /^lstm forecast: .*bad\.csv: column "value", data row 2: expected a number, got "abc"\n$/);

    // A column name that is not in the file is a mistake of the command line: exit 2.
    const missingColumn = await run(['forecast', '--data', 'co2', '--target', 'co3', '--out', join(dir, 'o')]);
    assert.equal(missingColumn.code, 2);
    assert.match(missingColumn.stderr, /^lstm forecast: .*no column 'co3'; columns are: Date, CO2, adjusted CO2\n$/);

    const noFile = await run(['forecast', '--data', join(dir, 'nope.csv'), '--target', 'v', '--out', join(dir, 'o')]);
    assert.equal(noFile.code, 1);
    assert.match(noFile.stderr, /nope\.csv/);

    const badWindow = await run(['forecast', '--window', '0']);
    assert.equal(badWindow.code, 2);
    assert.match(badWindow.stderr, /--window/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
