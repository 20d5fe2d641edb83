/**
 * Seeded fuzzing of the file readers: mutations of valid files (byte flips, truncation,
 * appended junk, overwritten length fields) must each either load or throw one of our
 * named errors, quickly. Anything else (a TypeError deep in a parser, a RangeError from a
 * huge allocation, a hang) fails the test. Bounded in time: a few seconds per format.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValueError, ShapeError } from '../../src/tensor/errors.js';
import { loadKerasModel } from '../../src/io/keras/index.js';
import { parseSafetensors } from '../../src/io/safetensors/index.js';
import { loadFromModelJson, saveToMemory, modelJsonFromArtifacts } from '../../src/io/index.js';
import { layers, sequential, setSeed } from '../../src/index.js';

const fixture = (p: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url))));

/** A small deterministic generator, so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const kind = Math.floor(random() * 4);
  if (kind === 0) {
    const out = bytes.slice();
    const flips = 1 + Math.floor(random() * 4);
    for (let k = 0; k < flips; k++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
    return out;
  }
  if (kind === 1) return bytes.slice(0, Math.floor(random() * bytes.length));
  if (kind === 2) {
    const out = new Uint8Array(bytes.length + 1 + Math.floor(random() * 64));
    out.set(bytes);
    for (let i = bytes.length; i < out.length; i++) out[i] = Math.floor(random() * 256);
    return out;
  }
  // Overwrite 8 bytes near the start (where lengths and offsets live) with large values.
  const out = bytes.slice();
  const at = Math.floor(random() * Math.min(out.length, 512));
  for (let i = 0; i < 8 && at + i < out.length; i++) out[at + i] = random() < 0.5 ? 0xff : Math.floor(random() * 256);
  return out;
}

async function fuzz(name: string, valid: Uint8Array, read: (bytes: Uint8Array) => Promise<unknown> | unknown, seconds: number, seed: number): Promise<number> {
  const random = rng(seed);
  const deadline = Date.now() + seconds * 1000;
  let cases = 0;
  while (Date.now() < deadline) {
    const bytes = mutate(valid, random);
    const started = Date.now();
    try {
      await read(bytes);
    } catch (error) {
      assert.ok(
        error instanceof ValueError || error instanceof ShapeError,
        `${name} case ${cases} (seed ${seed}): expected a named ValueError/ShapeError, got ${(error as Error)?.name}: ${(error as Error)?.message}`,
      );
    }
    assert.ok(Date.now() - started < 2000, `${name} case ${cases} (seed ${seed}) took ${Date.now() - started} ms`);
    cases++;
  }
  return cases;
}

test('fuzz: mutated Keras HDF5 files load or fail with a named error', async () => {
  const cases = await fuzz('k2_lstm.h5', fixture('keras/k2_lstm.h5'), (b) => loadKerasModel(b), 3, 11);
  assert.ok(cases > 20, `only ${cases} cases ran`);
});

test('fuzz: mutated .keras archives load or fail with a named error', async () => {
  const cases = await fuzz('k3_model.keras', fixture('keras/k3_model.keras'), (b) => loadKerasModel(b), 2, 12);
  assert.ok(cases > 10, `only ${cases} cases ran`);
});

test('fuzz: mutated safetensors files parse or fail with a named error', async () => {
  const cases = await fuzz('lstm_stacked.safetensors', fixture('torch_interop/lstm_stacked.safetensors'), (b) => parseSafetensors(b, { source: 'fuzz' }), 2, 13);
  assert.ok(cases > 100, `only ${cases} cases ran`);
});

test('fuzz: mutated TensorFlow.js model.json and weights load or fail with a named error', async () => {
  setSeed(1);
  const model = sequential({ layers: [layers.lstm({ units: 4, inputShape: [3, 2] }), layers.dense({ units: 2 })] });
  const artifacts = saveToMemory(model);
  const json = new TextEncoder().encode(JSON.stringify(modelJsonFromArtifacts(artifacts, 'weights.bin')));
  const weights = new Uint8Array(artifacts.weightData);
  const jsonCases = await fuzz('model.json', json, (b) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(b));
    } catch {
      return; // not JSON at all: the caller's JSON.parse reports it, not the loader
    }
    return loadFromModelJson(parsed, weights);
  }, 2, 14);
  const weightCases = await fuzz('weights.bin', weights, (b) => loadFromModelJson(JSON.parse(new TextDecoder().decode(json)), b), 1, 15);
  assert.ok(jsonCases > 50 && weightCases > 50, `${jsonCases} / ${weightCases} cases`);
});
