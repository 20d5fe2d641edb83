/**
 * One fuzz run, in a process of its own (fuzz.test.ts starts it with a deadline and a small
 * heap): `tsx test/io/fuzzRunner.ts <target> <seed> <cases>`. Each case mutates a real model
 * file (byte flips, truncation, appended junk, size fields overwritten with huge values, and
 * for zip archives duplicated members and inflated declared sizes; for model.json, numbers
 * blown up, manifest entries repeated, dtype names taken from Object's prototype) and loads
 * it. A case passes when the load throws one of our named errors, or loads; for a .keras
 * archive (every member CRC-checked) a load must give exactly the original weights. Anything
 * else ends the run with exit 1 and the case's seed and number. On success the last line of
 * stdout is a JSON summary with the peak resident memory (process.resourceUsage().maxRSS).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ShapeError, ValueError } from '../../src/tensor/errors.js';
import { loadKerasModel } from '../../src/io/keras/index.js';
import { parseSafetensors } from '../../src/io/safetensors/index.js';
import { loadModel, saveModel } from '../../src/io/node.js';
import { layers, sequential, setSeed } from '../../src/index.js';
import type { LayersModel } from '../../src/models/layersModel.js';
import { type HostileMember, buildZip } from './keras/hostileZip.js';

const fixture = (p: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url))));

/** A small deterministic generator, so a failure names a reproducible case. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}
type Random = () => number;
const pick = (random: Random, n: number): number => Math.floor(random() * n);

const HUGE = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000, 0xfffffff0];

/** Byte-level mutations that apply to any file. */
function mutateBytes(bytes: Uint8Array, random: Random): { bytes: Uint8Array; how: string } {
  const kind = pick(random, 5);
  if (kind === 0) {
    const out = bytes.slice();
    const flips = 1 + pick(random, 4);
    for (let k = 0; k < flips; k++) out[pick(random, out.length)] ^= 1 << pick(random, 8);
    return { bytes: out, how: `${flips} bit flip(s)` };
  }
  if (kind === 1) {
    const at = pick(random, bytes.length);
    return { bytes: bytes.slice(0, at), how: `truncated to ${at} bytes` };
  }
  if (kind === 2) {
    const out = new Uint8Array(bytes.length + 1 + pick(random, 64));
    out.set(bytes);
    for (let i = bytes.length; i < out.length; i++) out[i] = pick(random, 256);
    return { bytes: out, how: `${out.length - bytes.length} junk bytes appended` };
  }
  // A 4- or 8-byte little-endian field overwritten with a huge value: where lengths, sizes,
  // dimensions and offsets live, this is an "inflated size". Biased towards the headers.
  const out = bytes.slice();
  const at = pick(random, kind === 3 ? Math.min(out.length, 2048) : out.length);
  const view = new DataView(out.buffer);
  const value = HUGE[pick(random, HUGE.length)]!;
  if (at + 4 <= out.length) view.setUint32(at, value, true);
  if (random() < 0.5 && at + 8 <= out.length) view.setUint32(at + 4, pick(random, 2) ? 0 : value, true);
  return { bytes: out, how: `size field at ${at} set to 0x${value.toString(16)}` };
}

interface RawMember extends HostileMember {
  central: number;
  local: number;
}

/** The members of a zip as its central directory lists them (stored bytes, sizes, CRCs). */
function zipMembers(zip: Uint8Array): RawMember[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const members: RawMember[] = [];
  for (let i = 0; i < count; i++) {
    const method = view.getUint16(at + 10, true) as 0 | 8;
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    members.push({ name, method, crc, size, stored: zip.slice(dataAt, dataAt + compressed), central: at, local });
    at += 46 + nameLength + extra + comment;
  }
  return members;
}

/** Zip-aware mutations: a member twice, a declared size blown up, or any byte mutation. */
function mutateZip(zip: Uint8Array, random: Random): { bytes: Uint8Array; how: string } {
  const members = zipMembers(zip);
  const kind = pick(random, 4);
  if (kind === 0) {
    const k = pick(random, members.length);
    const twice = [...members.slice(0, k + 1), members[k]!, ...members.slice(k + 1)];
    return { bytes: buildZip(twice), how: `member '${members[k]!.name}' listed twice` };
  }
  if (kind === 1) {
    const m = members[pick(random, members.length)]!;
    const out = zip.slice();
    const view = new DataView(out.buffer);
    const value = HUGE[pick(random, HUGE.length)]!;
    // Uncompressed size in the central and the local header alike, so neither contradicts.
    view.setUint32(m.central + 24, value, true);
    view.setUint32(m.local + 22, value, true);
    return { bytes: out, how: `member '${m.name}' declared 0x${value.toString(16)} bytes inflated` };
  }
  return mutateBytes(zip, random);
}

/** model.json mutations that keep it JSON: numbers blown up, manifest paths repeated, prototype dtypes. */
function mutateModelJson(text: string, random: Random): { bytes: Uint8Array; how: string } {
  const json = JSON.parse(text) as { weightsManifest: { paths: string[]; weights: { dtype: string }[] }[] };
  const kind = pick(random, 4);
  let how: string;
  if (kind === 0) {
    const numbers = [...text.matchAll(/(?<=[:[,] ?)\d+(?=[,\]}])/g)];
    const m = numbers[pick(random, numbers.length)]!;
    const value = [1e9, 3e8, 2 ** 53, 1e300, 0, -3, 1.5][pick(random, 7)]!;
    const out = text.slice(0, m.index) + String(value) + text.slice(m.index! + m[0].length);
    return { bytes: new TextEncoder().encode(out), how: `number ${m[0]} at ${m.index} set to ${value}` };
  }
  if (kind === 1) {
    const times = [2, 100, 2000][pick(random, 3)]!;
    json.weightsManifest[0]!.paths = Array.from({ length: times }, () => json.weightsManifest[0]!.paths[0]!);
    how = `weights file listed ${times} times`;
  } else if (kind === 2) {
    const weights = json.weightsManifest[0]!.weights;
    const name = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'float64'][pick(random, 5)]!;
    weights[pick(random, weights.length)]!.dtype = name;
    how = `a dtype set to '${name}'`;
  } else {
    return mutateBytes(new TextEncoder().encode(text), random);
  }
  return { bytes: new TextEncoder().encode(JSON.stringify(json)), how };
}

// Any model kind: a mutation may turn one into the other, and only the weights are compared.
function weightsOf(model: LayersModel): Float32Array[] {
  return model.getWeights().map((t) => Float32Array.from(t.data));
}

function sameWeights(a: Float32Array[], b: Float32Array[]): boolean {
  return a.length === b.length && a.every((w, i) => w.length === b[i]!.length && w.every((v, j) => Object.is(v, b[i]![j])));
}

interface Target {
  mutate(random: Random): { bytes: Uint8Array; how: string };
  /** Loads the mutated bytes; returns the weights when a model came out. */
  load(bytes: Uint8Array): Promise<Float32Array[] | null>;
  /** The original's weights, when every load must reproduce them exactly. */
  identical?: Float32Array[];
}

async function makeTarget(name: string): Promise<Target> {
  if (name === 'keras3-komei') {
    const zip = fixture('keras-models/komei-housing-keras3.3.3/lstm_model.keras');
    const load = async (b: Uint8Array) => weightsOf(await loadKerasModel(b));
    return { mutate: (r) => mutateZip(zip, r), load, identical: await load(zip) };
  }
  if (name === 'keras2-dotres') {
    const h5 = fixture('keras-models/dotres-ecg-keras2.2.4/lstm.h5');
    return { mutate: (r) => mutateBytes(h5, r), load: async (b) => weightsOf(await loadKerasModel(b)) };
  }
  if (name === 'keras1-eco') {
    const dir = 'keras-models/eco-keras1-char-lstm/jean_baudrillard-seduction_i03e10s2';
    const json = fixture(`${dir}.h5.json`);
    const h5 = fixture(`${dir}.h5`);
    let jsonNext = false;
    return {
      // The weights file most of the time; now and then the JSON architecture.
      mutate: (r) => {
        jsonNext = r() < 0.2;
        if (!jsonNext) return mutateBytes(h5, r);
        const m = mutateBytes(json, r);
        return { ...m, how: `json: ${m.how}` };
      },
      load: async (b) => weightsOf(await loadKerasModel(jsonNext ? b : json, { weights: jsonNext ? h5 : b })),
    };
  }
  if (name === 'safetensors') {
    const file = fixture('torch_interop/lstm_stacked.safetensors');
    return { mutate: (r) => mutateBytes(file, r), load: async (b) => (parseSafetensors(b, { source: 'fuzz' }), null) };
  }
  if (name === 'tfjs') {
    setSeed(1);
    const model = sequential({ layers: [layers.embedding({ inputDim: 30, outputDim: 8, inputShape: [12] }), layers.lstm({ units: 16 }), layers.dense({ units: 3 })] });
    const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-fuzz-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    await saveModel(model, dir);
    const modelJson = readFileSync(join(dir, 'model.json'), 'utf8');
    const weights = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
    let jsonNext = false;
    return {
      mutate: (r) => {
        jsonNext = r() < 0.6;
        return jsonNext ? mutateModelJson(modelJson, r) : mutateBytes(weights, r);
      },
      // Through the disk, as a user loads a download: model.json or weights.bin replaced.
      load: async (b) => {
        writeFileSync(join(dir, 'model.json'), jsonNext ? b : modelJson);
        writeFileSync(join(dir, 'weights.bin'), jsonNext ? weights : b);
        return weightsOf((await loadModel(dir)).model);
      },
    };
  }
  throw new Error(`fuzzRunner: unknown target '${name}'`);
}

async function main(): Promise<void> {
  const [name = '', seedText = '1', casesText = '10'] = process.argv.slice(2);
  const seed = Number(seedText);
  const cases = Number(casesText);
  const target = await makeTarget(name);
  const random = rng(seed);
  const summary = { target: name, seed, cases: 0, loaded: 0, refused: 0, slowestMs: 0, maxRssMb: 0 };
  for (let k = 0; k < cases; k++) {
    const { bytes, how } = target.mutate(random);
    const started = performance.now();
    let weights: Float32Array[] | null = null;
    let failure: string | null = null;
    try {
      weights = await target.load(bytes);
      summary.loaded++;
      if (target.identical && weights && !sameWeights(weights, target.identical)) failure = 'loaded with weights that differ from the original';
    } catch (error) {
      summary.refused++;
      if (!(error instanceof ValueError || error instanceof ShapeError)) {
        failure = `expected a named ValueError/ShapeError, got ${(error as Error)?.name}: ${(error as Error)?.message}\n${(error as Error)?.stack ?? ''}`;
      }
    }
    summary.slowestMs = Math.max(summary.slowestMs, Math.round(performance.now() - started));
    summary.cases++;
    if (failure) {
      console.error(`fuzz ${name} seed ${seed} case ${k} (${how}): ${failure}`);
      process.exit(1);
    }
  }
  summary.maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(summary));
}

await main();
