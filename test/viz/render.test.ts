/** renderVegaLite: headless SVG, the shared look, deterministic bytes, no loading. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderVegaLite, CHART_FONT, type TopLevelSpec } from '../../src/viz/index.js';
import { count, size, texts } from './svgHelpers.js';

const spec: TopLevelSpec = {
  title: 'Two points',
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
  mark: 'line',
  encoding: {
    x: { field: 'x', type: 'quantitative', title: 'step' },
    y: { field: 'y', type: 'quantitative', title: 'value' },
  },
};

test('renders a standalone SVG with a white background, the fixed font and the titles', async () => {
  const svg = await renderVegaLite(spec);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.endsWith('</svg>'));
  const { width, height } = size(svg);
  assert.ok(width > 100 && height > 100, `size ${width}x${height}`);
  assert.match(svg, /<rect width="[\d.]+" height="[\d.]+" fill="white"\/>/);
  assert.ok(svg.includes(`font-family="${CHART_FONT}"`));
  const t = texts(svg);
  for (const s of ['Two points', 'step', 'value']) assert.ok(t.includes(s), `missing text ${s}`);
});

test('the same spec gives byte-identical SVG, also for specs that use clip paths and gradients', async () => {
  const clipped: TopLevelSpec = {
    data: { values: [{ x: 1, y: 2 }, { x: 2, y: 30 }] },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative', scale: { domain: [0, 10] } },
      color: { field: 'y', type: 'quantitative' },
    },
  };
  const a = await renderVegaLite(clipped);
  const b = await renderVegaLite(clipped);
  assert.ok(count(a, 'clip-path=') > 0, 'expected a clip path in this chart');
  assert.equal(a, b);
  // Concurrent renders are serialised and stay identical too.
  const [c, d] = await Promise.all([renderVegaLite(clipped), renderVegaLite(clipped)]);
  assert.equal(c, a);
  assert.equal(d, a);
});

test('refuses to load data from a URL', async () => {
  await assert.rejects(
    renderVegaLite({ data: { url: 'https://example.com/data.json' }, mark: 'point' }),
    { name: 'ValueError', message: "renderVegaLite: argument 'spec' must carry its data inline; refusing to load 'https://example.com/data.json'" },
  );
});

test('rejects a non-object spec, naming the argument', async () => {
  await assert.rejects(
    renderVegaLite(null as unknown as TopLevelSpec),
    { name: 'ValueError', message: "renderVegaLite: argument 'spec' expected a Vega-Lite spec object, got null" },
  );
});
