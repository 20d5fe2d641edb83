/**
 * Compares the event files of a run directory, read by ./tensorBoardReader.ts, with what the
 * run logged through other channels (test/fixtures/tensorboard/expected.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExpectedEvents } from '../fixtures/tensorboard/expected.js';
import { type ReadEvent, type ReadHistogram, byTag, readEventFile } from './tensorBoardReader.js';

/** The one event file of `<logDir>/<run>`, read. */
export function readRun(logDir: string, run: string): { name: string; events: ReadEvent[] } {
  const names = readdirSync(join(logDir, run));
  assert.equal(names.length, 1, `${run}: one event file, got ${names.join(', ')}`);
  const name = names[0]!;
  assert.match(name, /^events\.out\.tfevents\.\d+\.[^.]+(\.[^.]+)*\.\d+\.\d+$/);
  return { name, events: readEventFile(readFileSync(join(logDir, run, name))) };
}

/** Checks a histogram against the raw values it summarises (30 equal-width buckets, left-closed, last closed). */
export function assertHistogramOf(where: string, h: ReadHistogram, values: number[]): void {
  const min = Math.min(...values);
  const max = Math.max(...values);
  assert.equal(h.min, min, `${where}: min`);
  assert.equal(h.max, max, `${where}: max`);
  assert.equal(h.num, values.length, `${where}: num`);
  const sum = values.reduce((s, v) => s + v, 0);
  const sumSquares = values.reduce((s, v) => s + v * v, 0);
  assert.ok(Math.abs(h.sum - sum) <= 1e-12 * Math.max(1, Math.abs(sum)), `${where}: sum ${h.sum} vs ${sum}`);
  assert.ok(Math.abs(h.sumSquares - sumSquares) <= 1e-12 * Math.max(1, sumSquares), `${where}: sumSquares`);
  if (min === max) {
    assert.deepEqual([h.bucketLimit, h.bucket], [[max], [values.length]], `${where}: one bucket`);
    return;
  }
  assert.equal(h.bucketLimit.length, 30, `${where}: 30 buckets`);
  assert.equal(h.bucket.length, 30);
  h.bucketLimit.forEach((limit, i) => {
    assert.ok(Math.abs(limit - (min + ((i + 1) * (max - min)) / 30)) <= 1e-12 * Math.max(1, Math.abs(max - min)), `${where}: edge ${i}`);
  });
  assert.equal(h.bucketLimit[29], max);
  const counts = h.bucketLimit.map((right, i) => {
    const left = i === 0 ? -Infinity : h.bucketLimit[i - 1]!;
    return values.filter((v) => v >= left && (i === 29 ? v <= right : v < right)).length;
  });
  assert.deepEqual(h.bucket, counts, `${where}: bucket counts`);
}

/** Every expected tag with its steps and values, and no other tag, in each run's event file. */
export function assertMatchesExpected(logDir: string, expected: ExpectedEvents): void {
  for (const run of ['train', 'validation'] as const) {
    const { events } = readRun(logDir, run);
    assert.equal(events[0]!.fileVersion, 'brain.Event:2', `${run}: the first record is the file version`);
    assert.equal(events.filter((e) => e.fileVersion !== undefined).length, 1);
    const tags = byTag(events);
    assert.deepEqual([...tags.keys()].sort(), Object.keys(expected[run]).sort(), `${run}: tags`);
    for (const [tag, points] of Object.entries(expected[run])) {
      const got = tags.get(tag)!;
      assert.deepEqual(got.map((e) => e.step), points.map((p) => p.step), `${run}/${tag}: steps`);
      got.forEach((e, i) => {
        const p = points[i]!;
        if ('value' in p) assert.equal(e.scalar, Math.fround(p.value), `${run}/${tag} step ${e.step}: float32 of the logged value`);
        else assertHistogramOf(`${run}/${tag} step ${e.step}`, e.histogram!, p.values);
      });
    }
  }
}
