/** `lstm forecast --target a,b`: one run, a head per target, and the errors of the new options. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lines, run } from './fakeIo.js';

interface TargetJson {
  name: string;
  loss: string;
  lossWeight: number;
  test: Record<string, { rmse: number; mae: number } | null>;
  winner: string;
}

test('--target temp_max,precipitation trains one model with two heads and writes a chart per target', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-forecast-multi-'));
  try {
    const r = await run(['forecast', '--data', 'seattle-weather', '--target', 'temp_max,precipitation', '--loss-weights', '1,0.5', '--loss', 'mse,mae', '--window', '8', '--epochs', '2', '--units', '4', '--batch-size', '64', '--out', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(json['target'], ['temp_max', 'precipitation']);
    assert.deepEqual(json['features'], []);
    const settings = json['settings'] as Record<string, unknown>;
    assert.deepEqual(settings['target'], ['temp_max', 'precipitation']);
    assert.deepEqual(settings['lossWeights'], [1, 0.5]);
    assert.deepEqual(settings['loss'], ['meanSquaredError', 'meanAbsoluteError']);
    const targets = json['targets'] as TargetJson[];
    assert.deepEqual(targets.map((t) => [t.name, t.loss, t.lossWeight]), [['temp_max', 'meanSquaredError', 1], ['precipitation', 'meanAbsoluteError', 0.5]]);
    for (const t of targets) {
      for (const k of ['lstm', 'lastValue', 'linear']) assert.ok(Number.isFinite(t.test[k]!.rmse), `${t.name} ${k}`);
    }
    // The last-value baselines are deterministic and differ per column (°C vs mm): each target is scored on its own.
    assert.ok(Math.abs(targets[0]!.test['lastValue']!.rmse - 2.865) < 1e-3, String(targets[0]!.test['lastValue']!.rmse));
    assert.ok(Math.abs(targets[1]!.test['lastValue']!.rmse - 10.629) < 1e-3, String(targets[1]!.test['lastValue']!.rmse));
    assert.equal(json['test'], undefined, 'no top-level scores that would hide the second target');
    for (const f of ['forecast-temp_max.svg', 'forecast-precipitation.svg', 'loss.svg', 'report.html', 'result.json']) assert.ok(existsSync(join(dir, f)), f);
    assert.ok(!existsSync(join(dir, 'forecast.svg')));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /Test scores: temp_max/);
    assert.match(html, /Test scores: precipitation/);
    assert.match(readFileSync(join(dir, 'loss.svg'), 'utf8'), /precipitation_loss/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--target and --loss-weights mistakes are usage errors (exit 2) on one line; a constant target exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-forecast-multi-'));
  try {
    const out = ['--out', join(dir, 'o')];
    const cases: [string[], RegExp][] = [
      [['--target', 'temp_max,temp_max'], /--target names column 'temp_max' twice/],
      [['--target', 'temp_max,snow'], /no column 'snow'; columns are: date, precipitation, temp_max, temp_min, wind, weather/],
      [['--target', 'temp_max,'], /option '--target' expected comma-separated non-empty names/],
      [['--target', 'temp_max,wind', '--loss-weights', '1'], /option '--loss-weights' expected 2 numbers \(one per target: temp_max, wind\), got 1/],
      [['--target', 'temp_max,wind', '--loss-weights', '1,-1'], /option '--loss-weights' expected comma-separated numbers, each in \[0, 1000\]/],
      [['--target', 'temp_max,wind', '--loss-weights', '0,0'], /option '--loss-weights' are all 0/],
      [['--target', 'temp_max', '--loss-weights', '1'], /option '--loss-weights' weighs the losses of several targets/],
      [['--target', 'temp_max,wind', '--loss', 'mse,mae,mae'], /option '--loss' expected 1 name or 2/],
      [['--loss', 'hinge'], /option '--loss' expected comma-separated loss names, each one of 'mse', 'mae', 'huber'/],
    ];
    for (const [args, message] of cases) {
      const r = await run(['forecast', '--data', 'seattle-weather', ...args, ...out]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(lines(r.stderr).length, 1, r.stderr);
      assert.match(r.stderr, message, args.join(' '));
    }
    const rows = ['day,a,b'];
    for (let i = 0; i < 60; i++) rows.push(`${i},${Math.sin(i / 4).toFixed(4)},3`);
    writeFileSync(join(dir, 'flat.csv'), rows.join('\n'));
    const flat = await run(['forecast', '--data', join(dir, 'flat.csv'), '--target', 'a,b', '--window', '4', '--epochs', '1', '--units', '2', ...out]);
    assert.equal(flat.code, 1, flat.stderr);
    assert.match(flat.stderr, /^lstm forecast: forecast: target 'b' is constant \(3\) over all 60 steps/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
