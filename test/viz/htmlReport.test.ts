/** htmlReport: standalone page, escaped text, inline SVGs with unique ids, no external resources. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, heatmapSvg, htmlReport, lineChartSvg, type HtmlReportArgs } from '../../src/viz/index.js';
import { count } from './svgHelpers.js';

const evil = '<script>alert("x")</script>';

async function report(): Promise<string> {
  const line = await lineChartSvg({
    title: 'Forecast',
    series: [{ name: 'actual', x: [1, 2, 3], y: [1, 3, 2] }],
    rules: [{ x: 2, label: 'test starts' }],
  });
  const heat = await heatmapSvg({ title: 'Gates', rows: ['u0'], columns: ['a', 'b'], values: [[0, 1]] });
  return htmlReport({
    title: `Run ${evil}`,
    subtitle: 'LSTM & GRU',
    sections: [
      { heading: 'Forecast', svg: line, text: `First paragraph ${evil}.\n\nSecond paragraph.` },
      { heading: 'Gates', svg: heat },
      { heading: 'Metrics', table: { columns: ['model', 'RMSE', 'note'], rows: [['LSTM', 21.31234567, evil], ['naive', 48, 'x']] } },
      { heading: 'Model', pre: 'Layer (type)   Output\n<lstm>         (None, 8)' },
    ],
  });
}

test('is a standalone HTML page with the title, subtitle and sections', async () => {
  const html = await report();
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.ok(html.includes('<meta charset="utf-8">'));
  assert.ok(html.includes('<style>'));
  assert.ok(html.includes('<h1>Run &lt;script&gt;'));
  assert.ok(html.includes('<p class="subtitle">LSTM &amp; GRU</p>'));
  assert.equal(count(html, '<section '), 4);
  assert.ok(html.includes('<p>Second paragraph.</p>'));
  assert.ok(html.includes('<td class="num">21.3123</td>'));
  assert.ok(html.includes('<td class="num">48</td>'));
  assert.ok(html.includes('<pre>Layer (type)   Output\n&lt;lstm&gt;         (None, 8)</pre>'));
  assert.ok(html.trimEnd().endsWith('</html>'));
});

test('escapes <script> in every text: title, paragraphs and table cells; has no scripts', async () => {
  const html = await report();
  assert.equal(count(html, '<script'), 0);
  assert.equal(count(html, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 4); // <title>, h1, p, td
  assert.equal(escapeHtml(`a&b<c>"d"'e`), 'a&amp;b&lt;c&gt;&quot;d&quot;&#39;e');
});

test('embeds the SVGs inline, with no http resource links and section-unique ids', async () => {
  const html = await report();
  assert.equal(count(html, '<svg '), 2);
  assert.equal(count(html, '</svg>'), 2);
  assert.ok(html.includes('>test starts</text>'));
  assert.ok(!/(?:src|href)\s*=\s*["']?https?:/i.test(html), 'no src/href to http');
  assert.ok(!/url\(\s*["']?https?:/i.test(html), 'no css url() to http');
  assert.ok(!/<link\b|<img\b|<iframe\b|@import/i.test(html));
  assert.ok(!html.includes('http'), 'not even an xmlns URL');
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
});

test('prefixes SVG ids and their references per section', () => {
  const svg = '<svg width="10" height="10"><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"/><use href="#clip1"/></svg>';
  const html = htmlReport({ title: 't', sections: [{ heading: 'a', svg }, { heading: 'b', svg }] });
  assert.ok(html.includes('id="s1-clip1"') && html.includes('url(#s1-clip1)') && html.includes('href="#s1-clip1"'));
  assert.ok(html.includes('id="s2-clip1"') && html.includes('url(#s2-clip1)') && html.includes('href="#s2-clip1"'));
});

test('the same input gives the same bytes; generatedAt is printed only when given', async () => {
  assert.equal(await report(), await report());
  const a = htmlReport({ title: 't', sections: [] });
  assert.ok(!a.includes('<footer>'));
  const b = htmlReport({ title: 't', sections: [], generatedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) });
  assert.ok(b.includes('<footer>Generated 2025-01-02T03:04:05.000Z</footer>'));
});

test('refuses SVGs with scripts, handlers or external links, and bad arguments, naming them', () => {
  const bad = (svg: string) => htmlReport({ title: 't', sections: [{ heading: 'h', svg }] });
  assert.throws(() => bad('<svg><script>alert(1)</script></svg>'), {
    name: 'ValueError',
    message: "htmlReport: argument 'sections[0].svg' expected an SVG without scripts, event handlers or foreignObject",
  });
  assert.throws(() => bad('<svg onload="alert(1)"></svg>'), /without scripts, event handlers/);
  assert.throws(() => bad('<svg><image href="https://example.com/x.png"/></svg>'), {
    message: "htmlReport: argument 'sections[0].svg' expected an SVG without links to external resources",
  });
  assert.throws(() => bad('<div></div>'), /^ValueError: htmlReport: argument 'sections\[0\]\.svg' expected an SVG string starting with <svg and ending with <\/svg>, got "<div><\/div>"$/);
  assert.throws(
    () => htmlReport({ title: 't', sections: [{ heading: 'h', table: { columns: ['a', 'b'], rows: [['x']] } }] }),
    { message: "htmlReport: argument 'sections[0].table.rows[0]' expected 2 cells (one per column), got 1" },
  );
  assert.throws(() => htmlReport({ title: 't', sections: [{ heading: 'h', image: 'x' }] } as unknown as HtmlReportArgs), {
    message: "htmlReport: sections[0]: unknown option 'image'; expected one of: heading, text, svg, pre, table",
  });
  assert.throws(() => htmlReport({ title: 1 } as unknown as HtmlReportArgs), {
    message: "htmlReport: argument 'title' expected a string, got 1",
  });
});
