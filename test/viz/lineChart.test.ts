/** lineChartSpec / lineChartSvg: series, legend, rules, x types, log y, determinism, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineChartSpec, lineChartSvg, type LineChartArgs } from '../../src/viz/index.js';
import { count, markGroup, size, texts } from './svgHelpers.js';

const x = Array.from({ length: 30 }, (_, i) => i);
const forecast: LineChartArgs = {
  title: 'Actual vs predicted',
  xTitle: 'month',
  yTitle: 'passengers',
  series: [
    { name: 'actual', x, y: x.map((i) => 100 + 10 * Math.sin(i / 3)) },
    { name: 'predicted', x, y: x.map((i) => (i < 20 ? null : 101 + 9 * Math.sin(i / 3))) },
  ],
  rules: [{ x: 19.5, label: 'test starts' }],
};

test('draws one path per series, a legend, the titles and the labelled rule', async () => {
  const svg = await lineChartSvg(forecast);
  assert.match(svg, /^<svg /);
  const { width, height } = size(svg);
  assert.ok(width > 640 && height > 320, `plot area plus axes, got ${width}x${height}`);
  assert.equal(count(svg, 'aria-roledescription="line mark"'), 2, 'one path per series');
  const t = texts(svg);
  for (const s of ['Actual vs predicted', 'month', 'passengers', 'actual', 'predicted', 'test starts']) {
    assert.ok(t.includes(s), `missing text '${s}'`);
  }
  assert.equal(count(markGroup(svg, 'rule'), '<line'), 1);
  assert.equal(count(svg, 'role-legend-symbol'), 2, 'two legend entries');
});

test('the same input gives byte-identical SVG', async () => {
  assert.equal(await lineChartSvg(forecast), await lineChartSvg(forecast));
});

test('a null y breaks the line instead of joining across the gap', async () => {
  const svg = await lineChartSvg({
    series: [{ name: 'a', x: [1, 2, 3, 4, 5], y: [1, 2, null, 4, 5] }],
  });
  const path = markGroup(svg, 'line');
  assert.equal(count(path, '<path'), 1);
  assert.equal(count(/ d="([^"]*)"/.exec(path)![1]!, 'M'), 2, 'two sub-paths');
});

test('series keep their given order in the legend; width and height are the plot size', async () => {
  const spec = lineChartSpec({
    series: [{ name: 'zeta', x: [1, 2], y: [1, 2] }, { name: 'alpha', x: [1, 2], y: [2, 1] }],
    width: 300,
    height: 150,
  });
  const json = JSON.stringify(spec);
  assert.ok(json.includes('"domain":["zeta","alpha"]'));
  assert.equal((spec as { width?: number }).width, 300);
  assert.equal((spec as { height?: number }).height, 150);
  const svg = await lineChartSvg({
    series: [{ name: 'zeta', x: [1, 2], y: [1, 2] }, { name: 'alpha', x: [1, 2], y: [2, 1] }],
  });
  const t = texts(svg);
  assert.ok(t.indexOf('zeta') < t.indexOf('alpha'));
});

test('temporal x from Dates and ISO strings is shown in UTC; ordinal x keeps its order', async () => {
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2020, i, 1)));
  const svg = await lineChartSvg({
    series: [{ name: 'a', x: months, y: months.map((_, i) => i) }],
    rules: [{ x: '2020-07-01', label: 'July' }],
  });
  assert.ok(texts(svg).includes('2020'));
  assert.equal(count(markGroup(svg, 'rule'), '<line'), 1);
  const spec = lineChartSpec({ series: [{ name: 'a', x: months, y: months.map(() => 1) }] });
  assert.ok(JSON.stringify(spec).includes(`"x":${Date.UTC(2020, 0, 1)}`));

  const ord = await lineChartSvg({ series: [{ name: 'a', x: ['mon', 'tue', 'wed'], y: [3, 1, 2] }] });
  const t = texts(ord);
  assert.ok(t.indexOf('mon') < t.indexOf('tue') && t.indexOf('tue') < t.indexOf('wed'));
});

test('logY uses a log scale and rejects values <= 0', async () => {
  const spec = lineChartSpec({ series: [{ name: 'loss', x: [1, 2, 3], y: [1, 0.1, 0.01] }], logY: true });
  assert.ok(JSON.stringify(spec).includes('"scale":{"type":"log"}'));
  assert.throws(
    () => lineChartSpec({ series: [{ name: 'loss', x: [1, 2], y: [1, 0] }], logY: true }),
    { name: 'ValueError', message: "lineChartSpec: argument 'series[0].y[1]' expected a value > 0 because logY is true, got 0" },
  );
});

test('bad arguments name the function, the argument, the expected and the actual value', async () => {
  assert.throws(() => lineChartSpec({ series: [] }), {
    name: 'ValueError',
    message: "lineChartSpec: argument 'series' expected at least one series, got an empty array",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: [1, 2, 3], y: [1, 2] }] }), {
    message: "lineChartSpec: argument 'series[0].y' expected 3 values (the length of series[0].x), got 2",
  });
  await assert.rejects(lineChartSvg({ series: [{ name: 'a', x: [1], y: [1] }, { name: 'b', x: [1, 2], y: [1] }] }), {
    message: "lineChartSvg: argument 'series[1].y' expected 2 values (the length of series[1].x), got 1",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: [], y: [] }] }), {
    message: "lineChartSpec: argument 'series[0].x' expected at least one point, got an empty array",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: [1], y: [NaN] }] }), {
    message: "lineChartSpec: argument 'series[0].y[0]' expected a finite number or null, got NaN",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: [1], y: [1] }, { name: 'a', x: [1], y: [2] }] }), {
    message: "lineChartSpec: argument 'series[1].name' expected a unique name, got 'a' twice",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: ['2020-13-45'], y: [1] }], xType: 'temporal' }), {
    message: "lineChartSpec: argument 'series[0].x[0]' expected a valid Date, date string or epoch milliseconds (xType 'temporal'), got \"2020-13-45\"",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: [1], y: [1] }], xType: 'log' as 'ordinal' }), {
    message: "lineChartSpec: option 'xType' expected one of 'quantitative', 'temporal', 'ordinal', got \"log\"",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: [1], y: [1] }], width: 0 }), {
    message: "lineChartSpec: option 'width' expected an integer in [20, 20000], got 0",
  });
  assert.throws(() => lineChartSpec({ series: [{ name: 'a', x: [1], y: [1] }], colour: 'red' } as LineChartArgs), {
    message: /^lineChartSpec: unknown option 'colour'; expected one of: title, /,
  });
});
