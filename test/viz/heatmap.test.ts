/** heatmapSpec / heatmapSvg: one cell per value, labels by index, printed values, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heatmapSpec, heatmapSvg } from '../../src/viz/index.js';
import { count, markGroup, size, texts } from './svgHelpers.js';

const text = 'hello';
const gates = {
  title: 'Input gate over "hello"',
  rows: ['input gate unit 0', 'input gate unit 1', 'input gate unit 2'],
  columns: [...text],
  values: [0, 1, 2].map((u) => [...text].map((_, t) => 0.5 + 0.5 * Math.sin(u + t))),
  domain: [0, 1] as [number, number],
  xTitle: 'character',
  yTitle: 'unit',
};

test('draws rows x columns cells, keeps repeated column labels apart, prints titles and labels', async () => {
  const svg = await heatmapSvg(gates);
  assert.match(svg, /^<svg /);
  const { width, height } = size(svg);
  assert.ok(width > 5 * 20 && height > 3 * 20, `size ${width}x${height}`);
  assert.equal(count(markGroup(svg, 'rect'), '<path'), 3 * 5);
  const t = texts(svg);
  for (const s of ['Input gate over "hello"', 'character', 'unit', 'input gate unit 2']) {
    assert.ok(t.includes(s), `missing text '${s}'`);
  }
  // The two l's of "hello" are two columns, both labelled.
  assert.equal(t.filter((s) => s === 'l').length, 2);
  assert.equal(count(svg, 'role-mark layer_1_marks'), 0, 'no value text layer by default');
});

test('the same input gives byte-identical SVG', async () => {
  assert.equal(await heatmapSvg(gates), await heatmapSvg(gates));
});

test('showValues prints every value in its cell, integers as integers, in readable ink', async () => {
  const svg = await heatmapSvg({
    title: 'Confusion matrix',
    rows: ['neg', 'pos'],
    columns: ['neg', 'pos'],
    values: [[50, 3], [7, 61]],
    colorScheme: 'blues',
    showValues: true,
  });
  const cellTexts = texts(markGroup(svg, 'text'));
  assert.deepEqual(cellTexts, ['50', '3', '7', '61']);
  // Dark cells (high counts on 'blues') get white text, light cells black text.
  assert.match(svg, /fill="#ffffff"[^>]*>61</);
  assert.match(svg, /fill="#000000"[^>]*>3</);

  const floats = await heatmapSvg({ rows: ['a'], columns: ['x', 'y'], values: [[0.123, -0.5]], showValues: true });
  assert.deepEqual(texts(markGroup(floats, 'text')), ['0.12', '-0.50']);
  const three = await heatmapSvg({ rows: ['a'], columns: ['x'], values: [[0.12345]], showValues: true, decimals: 3 });
  assert.deepEqual(texts(markGroup(three, 'text')), ['0.123']);
});

test('colour scheme and domain reach the spec', () => {
  const spec = JSON.stringify(heatmapSpec({ ...gates, colorScheme: 'redblue', domain: [-1, 1] }));
  assert.ok(spec.includes('"scheme":"redblue","domain":[-1,1]'));
  const auto = JSON.stringify(heatmapSpec({ rows: ['a'], columns: ['x', 'y'], values: [[2, 5]] }));
  assert.ok(auto.includes('"scheme":"viridis","domain":[2,5]'));
});

test('bad arguments name the function, the argument, the expected and the actual value', async () => {
  await assert.rejects(heatmapSvg({ rows: ['a', 'b'], columns: ['x', 'y'], values: [[1, 2], [3]] }), {
    name: 'ValueError',
    message: "heatmapSvg: argument 'values[1]' expected 2 values (one per label in 'columns'), got 1",
  });
  assert.throws(() => heatmapSpec({ rows: ['a', 'b'], columns: ['x'], values: [[1]] }), {
    message: "heatmapSpec: argument 'values' expected 2 rows (one per label in 'rows'), got 1 rows",
  });
  assert.throws(() => heatmapSpec({ rows: [], columns: ['x'], values: [] }), {
    message: "heatmapSpec: argument 'rows' expected at least one label, got an empty array",
  });
  assert.throws(() => heatmapSpec({ rows: ['a'], columns: ['x'], values: [[NaN]] }), {
    message: "heatmapSpec: argument 'values[0][0]' expected a finite number, got NaN",
  });
  // Vega's scheme list is known once vega is loaded, i.e. when rendering; a spec only needs a name.
  await assert.rejects(heatmapSvg({ rows: ['a'], columns: ['x'], values: [[1]], colorScheme: 'rainbowz' }), {
    message: /^heatmapSvg: option 'colorScheme' expected a Vega colour scheme name such as 'viridis', 'blues' or 'redblue', got "rainbowz"$/,
  });
  assert.throws(() => heatmapSpec({ rows: ['a'], columns: ['x'], values: [[1]], colorScheme: 3 } as never), {
    message: /^heatmapSpec: option 'colorScheme' expected a Vega colour scheme name such as 'viridis', 'blues' or 'redblue', got 3$/,
  });
  assert.throws(() => heatmapSpec({ rows: ['a'], columns: ['x'], values: [[1]], domain: [1, 0] }), {
    message: "heatmapSpec: option 'domain' expected [min, max] with finite min < max, got [1,0]",
  });
  assert.throws(() => heatmapSpec({ rows: ['a'], columns: ['x'], values: [[1]], showvalues: true } as never), {
    message: /^heatmapSpec: unknown option 'showvalues'; expected one of: title, rows, /,
  });
});
