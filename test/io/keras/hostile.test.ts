/**
 * Keras files made to hurt the reader: zip bombs, lying zip headers, flipped bits, duplicate
 * members, HDF5 chunks that inflate far past their size, deeply nested JSON and names that
 * are properties of Object.prototype. Each must end in one ValueError naming the file and the
 * problem, quickly and without a large allocation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resourceUsage } from 'node:process';
import { unzipSync } from 'fflate';
import { layers, sequential, ShapeError, ValueError } from '../../../src/index.js';
import { loadKerasModel, loadKerasWeights } from '../../../src/io/keras/index.js';
import { bombMember, buildZip, compressedRun, member, type HostileMember } from './hostileZip.js';
import { dataset, writeHdf5, type H5Spec } from './hdf5Writer.js';
import { fixturePath } from './helpers.js';

const MB = 1 << 20;
const fixture = unzipSync(new Uint8Array(readFileSync(fixturePath('k3_model.keras'))));
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** The fixture's members in its order, with `replace` swapped in by name. */
function archive(replace: Record<string, HostileMember> = {}, extra: HostileMember[] = []): Uint8Array {
  const names = ['metadata.json', 'config.json', 'model.weights.h5'];
  return buildZip([...names.map((n) => replace[n] ?? member(n, fixture[n]!)), ...extra]);
}

/**
 * Runs `load`, which must reject with a ValueError matching every pattern, and checks that the
 * process's peak memory did not grow by `maxMB` or more beyond where it stood and that it took
 * under `maxMs`.
 */
async function refusedWithin(load: () => Promise<unknown>, maxMB: number, maxMs: number, ...patterns: RegExp[]): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const peakBefore = resourceUsage().maxRSS * 1024;
  const started = performance.now();
  let caught: unknown = null;
  try {
    await load();
  } catch (e) {
    caught = e;
  }
  const ms = performance.now() - started;
  const peakAfter = resourceUsage().maxRSS * 1024;
  assert.ok(caught instanceof ValueError, `expected a ValueError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
  for (const re of patterns) assert.match(caught.message, re);
  assert.ok(!/native code|undefined|NaN/.test(caught.message), caught.message);
  const grew = (peakAfter - Math.max(peakBefore, rssBefore)) / MB;
  assert.ok(peakAfter <= Math.max(peakBefore, rssBefore + maxMB * MB), `peak memory grew by ${grew.toFixed(0)} MB (limit ${maxMB} MB)`);
  assert.ok(ms < maxMs, `took ${ms.toFixed(0)} ms (limit ${maxMs} ms)`);
}

test('a config.json zip bomb (200 MB of spaces in 1.3 MB) is refused from its declared size', async () => {
  const bomb = bombMember('config.json', 200 * MB);
  assert.ok(bomb.stored.length < 2 * MB);
  await refusedWithin(() => loadKerasModel(archive({ 'config.json': bomb })), 48, 2000,
    /'Keras data \(\d+ bytes\)'/, /config\.json/, /209715200 bytes/, /16777216/);
});

test('a config.json whose header understates its size stops inflating at the stated size', async () => {
  for (const declared of [fixture['config.json']!.length, 4 * MB]) {
    const bomb = bombMember('config.json', 64 * MB, { declaredSize: declared });
    await refusedWithin(() => loadKerasModel(archive({ 'config.json': bomb })), 64, 2000,
      /config\.json/, new RegExp(`inflates to more than the ${declared} bytes its header states`));
  }
});

test('a model.weights.h5 bomb is refused before inflating: the model bounds what its weights can take', async () => {
  const bomb = bombMember('model.weights.h5', 300 * MB, { fill: 0 });
  await refusedWithin(() => loadKerasModel(archive({ 'model.weights.h5': bomb })), 48, 2000,
    /model\.weights\.h5/, /314572800 bytes/, /the \d+ bytes that a model of 268 weights can need at most/);
  // Understated: the header says it fits; the inflation stops there.
  const liar = bombMember('model.weights.h5', 300 * MB, { fill: 0, declaredSize: fixture['model.weights.h5']!.length });
  await refusedWithin(() => loadKerasModel(archive({ 'model.weights.h5': liar })), 64, 2000,
    /model\.weights\.h5/, /inflates to more than the 37000 bytes its header states/);
});

test('a flipped bit in a stored member fails its CRC-32 instead of loading a changed weight', async () => {
  const weights = fixture['model.weights.h5']!;
  const good = archive();
  const model = await loadKerasModel(good);
  // Find the first kernel value's bytes in the archive and change one bit of it.
  const first = model.layers.find((l) => l.weights.length > 0)!.weights[0]!.value.data[0]!;
  const needle = new Uint8Array(Float32Array.of(first).buffer);
  const inWeights = weights.findIndex((_, i) => needle.every((b, k) => weights[i + k] === b));
  assert.ok(inWeights > 0);
  const at = good.findIndex((_, i) => needle.every((b, k) => good[i + k] === b));
  const flipped = good.slice();
  flipped[at + 3] ^= 0x01;
  await refusedWithin(() => loadKerasModel(flipped), 64, 2000,
    /damaged \.keras archive/, /member 'model\.weights\.h5'/, /CRC-32/, /0x[0-9a-f]{8}/);
  // A deflated member with a wrong stored CRC-32 is refused too.
  const config = member('config.json', fixture['config.json']!, 8);
  await refusedWithin(() => loadKerasModel(archive({ 'config.json': { ...config, crc: config.crc ^ 1 } })), 64, 2000,
    /member 'config\.json'/, /CRC-32/);
});

test('duplicate member names are refused, whichever member', async () => {
  const empty = json({ class_name: 'Sequential', config: { name: 'empty', layers: [] } });
  await refusedWithin(() => loadKerasModel(archive({}, [member('config.json', empty)])), 64, 2000,
    /damaged \.keras archive/, /member 'config\.json' appears 2 times/);
  await refusedWithin(() => loadKerasModel(archive({}, [member('assets/a.txt', json(1)), member('assets/a.txt', json(2))])), 64, 2000,
    /member 'assets\/a\.txt' appears 2 times/);
});

test('a member whose local header names another file, or that lies outside the archive, is refused', async () => {
  const good = archive();
  const renamed = good.slice();
  // The first local header's name (metadata.json) becomes xetadata.json; the directory keeps it.
  renamed[30] = 0x78;
  await refusedWithin(() => loadKerasModel(renamed), 64, 2000, /member 'metadata\.json'/, /local header/);
});

// ---------------------------------------------------------------------------------------------
// HDF5 inside: compressed chunks

const denseModel = () => sequential({ layers: [layers.dense({ units: 64, inputShape: [64] })] });
const kernel = Float32Array.from({ length: 64 * 64 }, (_, i) => (i % 7) / 7);
const bias = new Float32Array(64).fill(0.25);
const weightsFile = (k: H5Spec): Uint8Array => writeHdf5({ layers: { dense: { vars: { '0': k, '1': dataset([64], bias) } } } });

test('an honest deflated, chunked dataset loads (the reader of chunks works)', async () => {
  for (const chunkShape of [[64, 64], [16, 32], [50, 7]]) {
    const model = denseModel();
    await loadKerasWeights(model, weightsFile(dataset([64, 64], kernel, { chunkShape, deflate: true })));
    assert.deepEqual(model.layers[0]!.weights[0]!.value.data, kernel, `chunks ${chunkShape}`);
    assert.deepEqual(model.layers[0]!.weights[1]!.value.data, bias);
  }
});

test('an HDF5 chunk that inflates far past its size is refused, bounded in memory', async () => {
  // 16 kB of kernel in one chunk, whose stored zlib stream inflates to 300 MB.
  const stored = compressedRun(300 * MB, 'zlib', 0);
  assert.ok(stored.length < 2 * MB);
  const file = weightsFile(dataset([64, 64], kernel, { chunkShape: [64, 64], deflate: true, storedChunk: stored }));
  await refusedWithin(() => loadKerasWeights(denseModel(), file), 64, 3000,
    /dataset '\/layers\/dense\/vars\/0'/, /chunk/, /inflates to more than 16384 bytes/);
});

test('an HDF5 chunk B-tree that lists one chunk many times, or chunks larger than the dataset, is refused', async () => {
  const repeated = weightsFile(dataset([64, 64], kernel, { chunkShape: [64, 64], deflate: true, repeat: 500 }));
  await refusedWithin(() => loadKerasWeights(denseModel(), repeated), 64, 3000,
    /dataset '\/layers\/dense\/vars\/0'/, /500 chunks/, /needs 1/);
  const huge = weightsFile(dataset([64, 64], kernel, { chunkShape: [64, 64], deflate: false, repeat: 1 }));
  // Rewrite the layout's chunk shape from [64, 64] to [65536, 65536]: 16 GB per chunk.
  const layout = findLayout(huge);
  new DataView(huge.buffer).setUint32(layout, 65536, true);
  new DataView(huge.buffer).setUint32(layout + 4, 65536, true);
  await refusedWithin(() => loadKerasWeights(denseModel(), huge), 64, 3000,
    /dataset '\/layers\/dense\/vars\/0'/, /chunks of \[65536, 65536\]/);
});

test('a compressed dataset whose shape is not the weight it fills is refused before a byte is inflated', async () => {
  // 40 GB of float32 by its shape, in one "chunk" that is a bomb: the model's kernel is [64, 64].
  const file = weightsFile(dataset([100000, 100000], kernel, { chunkShape: [100000, 100000], deflate: true, storedChunk: compressedRun(300 * MB, 'zlib', 0) }));
  let caught: unknown = null;
  const started = performance.now();
  try {
    await loadKerasWeights(denseModel(), file);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ShapeError, String(caught));
  assert.match(caught.message, /weight 'layers\/dense\/vars\/0' has shape \[100000, 100000\], but .* needs \[64, 64\]/);
  assert.ok(performance.now() - started < 1000);
});

/** The byte offset of the chunk shape in the first chunked layout message (version 3, class 2, rank 3). */
function findLayout(bytes: Uint8Array): number {
  for (let i = 0; i + 16 < bytes.length; i++) {
    // message header: type 8, then body: version 3, class 2, dimensionality 3
    if (bytes[i] === 8 && bytes[i + 1] === 0 && bytes[i + 8] === 3 && bytes[i + 9] === 2 && bytes[i + 10] === 3) return i + 8 + 11;
  }
  throw new Error('no chunked layout message');
}

// ---------------------------------------------------------------------------------------------
// JSON

test('a deeply nested JSON architecture is refused without overflowing the stack', async () => {
  const deep = `{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"units": 2, "x": ${'['.repeat(200000)}${']'.repeat(200000)}}}]}}`;
  await refusedWithin(() => loadKerasModel(new TextEncoder().encode(deep)), 64, 2000, /nests 200005 levels deep, more than the 100 levels a Keras config may use/);
  // The same as config.json of a .keras archive.
  await refusedWithin(() => loadKerasModel(archive({ 'config.json': member('config.json', new TextEncoder().encode(deep)) })), 64, 2000,
    /config\.json/, /nest/);
});

test("names of Object.prototype's properties in a config are treated as the plain unknown names they are", async () => {
  const k1 = (layer: Record<string, unknown>) => json({ class_name: 'Sequential', keras_version: '1.2.2', config: [layer] });
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const cases = [
      { class_name: name, config: { name: 'x', output_dim: 2, input_dim: 3 } },
      { class_name: 'Dense', config: { name: 'x', output_dim: 2, input_dim: 3, init: name } },
      { class_name: 'Dense', config: { name: 'x', output_dim: 2, batch_input_shape: [null, 3], activation: name } },
      { class_name: 'Dense', config: { name: 'x', output_dim: 2, input_dim: 3, init: { class_name: name, config: {} } } },
      { class_name: 'Dense', config: { name: 'x', output_dim: 2, input_dim: 3, init: { class_name: 'VarianceScaling', config: { mode: name, distribution: 'uniform', scale: 1 } } } },
      { class_name: 'Dense', config: { name: 'x', output_dim: 2, input_dim: 3, init: { class_name: 'VarianceScaling', config: { mode: 'fan_in', distribution: name, scale: 1 } } } },
    ];
    for (const layer of cases) {
      let caught: unknown = null;
      try {
        await loadKerasModel(k1(layer));
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof ValueError, `${name}: ${String(caught)}`);
      assert.ok(!/native code|\[object|function /.test(caught.message), caught.message);
      assert.match(caught.message, new RegExp(name.replace(/_/g, '_')));
    }
  }
});
