/** Paths and small readers shared by the Keras import tests. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** test/fixtures/keras/<name> (written by generate_keras_fixtures.py). */
export function fixturePath(name: string): string {
  return `${repoRoot}test/fixtures/keras/${name}`;
}

/**
 * Real Keras files whose licences let the repository carry them: copied with their SOURCE.md and
 * LICENSE into test/fixtures/keras-models/. The other folders (whis-sentiment-keras2.11,
 * weather-keras3.12) state no licence, so they stay in ../shared/keras-models beside the
 * repository, and their tests skip when it is absent (a fresh clone, CI).
 */
const COPIED_FOLDERS = new Set(['eco-keras1-char-lstm', 'dotres-ecg-keras2.2.4', 'komei-housing-keras3.3.3']);
const SHARED_MODELS = fileURLToPath(new URL('../shared/keras-models/', new URL(`file://${repoRoot}`)));

/** The message the tests of unlicensed folders skip with when ../shared is not beside the repository. */
export const SHARED_ABSENT = 'skipped: ../shared/keras-models not present';

/**
 * `<folder>/<file>` of a real Keras model: from test/fixtures/keras-models/ for the licensed
 * folders, else from ../shared/keras-models/. Fails loudly if missing (guard the tests of the
 * shared folders with {@link sharedSkip}).
 */
export function sharedPath(name: string): string {
  const folder = name.split('/')[0]!;
  const path = COPIED_FOLDERS.has(folder) ? `${repoRoot}test/fixtures/keras-models/${name}` : SHARED_MODELS + name;
  assert.ok(existsSync(path), `Keras model file missing: ${path}`);
  return path;
}

/**
 * For node:test's `skip` option: false when the folder can be read, else the reason, so the
 * runner reports the test as skipped. Licensed folders travel with the repository and never skip.
 */
export function sharedSkip(folder: string): false | string {
  if (COPIED_FOLDERS.has(folder)) return false;
  if (!existsSync(SHARED_MODELS)) return SHARED_ABSENT;
  return existsSync(SHARED_MODELS + folder) ? false : `skipped: ../shared/keras-models/${folder} not present`;
}

export interface FixtureModel {
  files: string[];
  layout: string;
  keras_major: number;
  input: unknown;
  output: unknown;
  output_shape: number[];
}

/** test/fixtures/keras/expected.json. */
export function expectedModels(): Record<string, FixtureModel> {
  return (JSON.parse(readFileSync(fixturePath('expected.json'), 'utf8')) as { models: Record<string, FixtureModel> }).models;
}

/** test/fixtures/keras/shared-references.json. */
export function sharedReferences<T = Record<string, unknown>>(key: string): T {
  const all = JSON.parse(readFileSync(fixturePath('shared-references.json'), 'utf8')) as { models: Record<string, T> };
  const ref = all.models[key];
  assert.ok(ref, `no reference for ${key} in shared-references.json`);
  return ref;
}

/** A little-endian float32 .npy file. */
export function readNpy(path: string): { shape: number[]; data: Float32Array } {
  const b = readFileSync(path);
  assert.equal(b.subarray(1, 6).toString('latin1'), 'NUMPY', `${path}: not a .npy file`);
  const headerLength = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + headerLength).toString('latin1');
  assert.match(header, /'descr': '<f4'/, `${path}: expected little-endian float32`);
  assert.match(header, /'fortran_order': False/);
  const shape = /'shape': \(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const start = 10 + headerLength;
  const data = new Float32Array(b.buffer.slice(b.byteOffset + start, b.byteOffset + b.length));
  assert.equal(data.length, shape.reduce((a, c) => a * c, 1));
  return { shape, data };
}

/** The lines `model.summary()` prints. */
export function summaryLines(model: { summary(lineLength?: number, printFn?: (line: string) => void): void }): string[] {
  const lines: string[] = [];
  model.summary(80, (l) => lines.push(l));
  return lines;
}

/** Keras 2.2 binary_crossentropy on probabilities (mean over samples and outputs, clipped at 1e-7). */
export function binaryCrossentropy(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i]!, 1e-7), 1 - 1e-7);
    s += -(y[i]! * Math.log(q) + (1 - y[i]!) * Math.log(1 - q));
  }
  return s / y.length;
}

/** Share of rows whose argmax agrees, for [n, k] row-major arrays. */
export function argmaxAccuracy(p: ArrayLike<number>, y: ArrayLike<number>, k: number): number {
  let hits = 0;
  const n = y.length / k;
  for (let r = 0; r < n; r++) {
    let a = 0;
    let b = 0;
    for (let j = 1; j < k; j++) {
      if (p[r * k + j]! > p[r * k + a]!) a = j;
      if (y[r * k + j]! > y[r * k + b]!) b = j;
    }
    if (a === b) hits++;
  }
  return hits / n;
}
