/** lossChartSvg: loss and val_loss (and other keys) against the epoch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lossChartSvg } from '../../src/viz/index.js';
import { count, texts } from './svgHelpers.js';

const history = { loss: [0.9, 0.6, 0.45, 0.4], val_loss: [1.0, 0.7, 0.6, 0.62] };

test('plots loss and val_loss against the epoch with titles and a legend', async () => {
  const svg = await lossChartSvg(history, { title: 'LSTM training' });
  assert.match(svg, /^<svg /);
  assert.equal(count(svg, 'aria-roledescription="line mark"'), 2);
  const t = texts(svg);
  for (const s of ['LSTM training', 'epoch', 'loss', 'val_loss']) assert.ok(t.includes(s), `missing text '${s}'`);
  // Epochs are 1-based; a short history also gets a dot per epoch.
  assert.match(svg, /aria-label="epoch: 1; loss: 0\.9; series: loss"/);
  assert.equal(count(svg, 'aria-roledescription="point"'), 8);
  assert.equal(await lossChartSvg(history, { title: 'LSTM training' }), svg);
});

test('loss and val_loss come first, other keys follow; keys picks and orders', async () => {
  const svg = await lossChartSvg({ acc: [0.5, 0.7], val_loss: [1, 0.8], loss: [0.9, 0.7] });
  const t = texts(svg);
  assert.ok(t.indexOf('loss') < t.indexOf('val_loss') && t.indexOf('val_loss') < t.indexOf('acc'));
  assert.ok(t.includes('value'), 'y title is "value" when not every key is a loss');
  const picked = await lossChartSvg({ acc: [0.5, 0.7], loss: [0.9, 0.7] }, { keys: ['acc'] });
  assert.equal(count(picked, 'aria-roledescription="line mark"'), 1);
  assert.ok(!texts(picked).includes('loss'));
});

test('a non-finite value leaves a gap instead of failing', async () => {
  const svg = await lossChartSvg({ loss: [1, 0.5, NaN, 0.3, 0.2] });
  const d = / aria-roledescription="line mark" d="([^"]*)"/.exec(svg)![1]!;
  assert.equal(count(d, 'M'), 2);
});

test('bad arguments name the function, the argument, the expected and the actual value', async () => {
  await assert.rejects(lossChartSvg({}), {
    name: 'ValueError',
    message: "lossChartSvg: argument 'history' expected at least one key such as 'loss', got an empty object",
  });
  await assert.rejects(lossChartSvg({ loss: [] }), {
    message: "lossChartSvg: argument 'history.loss' expected a non-empty array of numbers (one per epoch), got []",
  });
  await assert.rejects(lossChartSvg(history, { keys: ['accuracy'] }), {
    message: 'lossChartSvg: option \'keys\' expected keys of the history (loss, val_loss), got "accuracy"',
  });
  await assert.rejects(lossChartSvg({ loss: [1, 0] }, { logY: true }), {
    message: "lossChartSvg: argument 'history.loss[1]' expected a value > 0 because logY is true, got 0",
  });
  await assert.rejects(lossChartSvg(history, { width: 1.5 }), {
    message: "lossChartSvg: option 'width' expected an integer in [20, 20000], got 1.5",
  });
});
