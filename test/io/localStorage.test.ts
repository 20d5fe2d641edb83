/**
 * `localstorage://name` with an in-memory Storage: save then load gives identical predictions
 * and the extra; tfjs's keys and base64 weights; a save over the quota fails with the sizes
 * and leaves the previous model in place; errors for missing, incomplete and corrupt models;
 * tfjs reads what lstm-ts saved and the other way round.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, sequential, setSeed, type Sequential } from '../../src/index.js';
import { saveToMemory } from '../../src/io/index.js';
import { loadModel } from '../../src/io/router.js';
import {
  type StorageLike, base64ToBytes, browserLocalStorage, bytesToBase64, loadFromLocalStorage, localStorageKeys, removeFromLocalStorage, saveToLocalStorage,
} from '../../src/io/localStorage.js';
import { input } from './helpers.js';
import { asSequential } from '../helpers/models.js';

/** A Storage in memory that throws QuotaExceededError, as browsers do, past `quota` characters. */
class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  constructor(readonly quota = Infinity) {}
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    let used = key.length + value.length;
    for (const [k, v] of this.items) if (k !== key) used += k.length + v.length;
    if (used > this.quota) throw new DOMException(`Setting the value of '${key}' exceeded the quota.`, 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
}

const x = input([2, 6, 3], 61);

function build(units = 4): Sequential {
  setSeed(units);
  return sequential({ layers: [layers.lstm({ units, inputShape: [6, 3] }), layers.dense({ units: 2 })] });
}

function withGlobalStorage<T>(storage: StorageLike, fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { localStorage?: StorageLike };
  const before = g.localStorage;
  g.localStorage = storage;
  return fn().finally(() => {
    if (before === undefined) delete g.localStorage;
    else g.localStorage = before;
  });
}

test('base64 of every byte value and across the chunk size round-trips', () => {
  const bytes = new Uint8Array(0x8000 * 2 + 7).map((_, i) => (i * 7919) % 256);
  const text = bytesToBase64(bytes);
  assert.equal(text, Buffer.from(bytes).toString('base64'));
  assert.deepEqual(base64ToBytes(text, 'w'), bytes);
  assert.equal(bytesToBase64(new Uint8Array(0)), '');
  assert.throws(() => base64ToBytes('not base64!', 'the weights'), /^ValueError: the weights is not valid base64$/);
});

test('model.save("localstorage://name") then loadModel gives identical predictions and the extra, under tfjs keys', async () => {
  const storage = new MemoryStorage();
  const model = build();
  await withGlobalStorage(storage, async () => {
    const result = await model.save('localstorage://tagger', { extra: { labels: ['a', 'b'] } });
    assert.equal(result.url, 'localstorage://tagger');
    const { model: loaded, extra } = await loadModel('localstorage://tagger');
    assert.deepEqual(Array.from(asSequential(loaded).predict(x).data), Array.from(model.predict(x).data));
    assert.deepEqual(extra, { labels: ['a', 'b'] });
  });
  const keys = localStorageKeys('tagger');
  assert.deepEqual([...storage.items.keys()].sort(), Object.values(keys).sort());
  assert.deepEqual(Object.values(keys).sort(), [
    'tensorflowjs_models/tagger/info', 'tensorflowjs_models/tagger/model_metadata', 'tensorflowjs_models/tagger/model_topology',
    'tensorflowjs_models/tagger/weight_data', 'tensorflowjs_models/tagger/weight_specs',
  ]);
  assert.equal(storage.getItem(keys.weightData), Buffer.from(saveToMemory(model).weightData).toString('base64'));
  assert.equal(JSON.parse(storage.getItem(keys.info)!).weightDataBytes, model.countParams() * 4);
});

test('a save over the quota fails with the sizes, leaves the previous model loadable and nothing partial', async () => {
  const small = build(2);
  const big = build(40);
  const smallChars = (() => {
    const s = new MemoryStorage();
    saveToLocalStorage('m', saveToMemory(small), s);
    return [...s.items].reduce((n, [k, v]) => n + k.length + v.length, 0);
  })();
  const storage = new MemoryStorage(smallChars + 2000);
  saveToLocalStorage('m', saveToMemory(small), storage);
  const before = new Map(storage.items);
  await withGlobalStorage(storage, async () => {
    await assert.rejects(big.save('localstorage://m'), (e: Error) => {
      assert.equal(e.name, 'ValueError');
      const bytes = big.countParams() * 4;
      assert.match(
        e.message,
        new RegExp(
          `^sequential(_\\d+)?\\.save: 'localstorage://m' does not fit in localStorage: the storage quota \\(about 5 million characters per origin in most browsers\\) was exceeded while writing ` +
            `topology \\d+ bytes, weight specs \\d+ bytes, weights ${bytes} bytes \\(${Math.ceil(bytes / 3) * 4} characters of base64\\); \\d+ characters in all\\. ` +
            `Save to 'indexeddb://m' instead, or free space with removeFromLocalStorage$`,
        ),
      );
      assert.equal((e.cause as DOMException).name, 'QuotaExceededError');
      return true;
    });
    assert.deepEqual(storage.items, before, 'the previous model is untouched');
    const { model } = await loadModel('localstorage://m');
    assert.deepEqual(Array.from(asSequential(model).predict(x).data), Array.from(small.predict(x).data));
    // A new name that does not fit leaves no keys behind.
    await assert.rejects(big.save('localstorage://other'), /does not fit in localStorage/);
    assert.deepEqual(storage.items, before);
  });
});

test('missing, incomplete and corrupt models are reported with the name and the key', async () => {
  const storage = new MemoryStorage();
  const keys = localStorageKeys('m');
  assert.throws(() => loadFromLocalStorage('m', storage), /^ValueError: loadModel: no model named 'm' in localStorage \(key 'tensorflowjs_models\/m\/info' is missing\); save one first with model\.save\('localstorage:\/\/m'\)$/);
  saveToLocalStorage('m', saveToMemory(build()), storage);
  const weights = storage.getItem(keys.weightData)!;
  storage.removeItem(keys.weightData);
  assert.throws(() => loadFromLocalStorage('m', storage), /localStorage has the info of 'localstorage:\/\/m' but not its weights \(key 'tensorflowjs_models\/m\/weight_data'\); the save was incomplete/);
  storage.setItem(keys.weightData, '%%%');
  assert.throws(() => loadFromLocalStorage('m', storage), /the weights of 'localstorage:\/\/m' \(key 'tensorflowjs_models\/m\/weight_data'\) is not valid base64/);
  storage.setItem(keys.weightData, weights.slice(0, 40));
  await withGlobalStorage(storage, () => assert.rejects(loadModel('localstorage://m'), /the weight data has 30 bytes, but the manifest's \d+ weights need \d+/));
  storage.setItem(keys.weightData, weights);
  storage.setItem(keys.topology, '{"class_name": "Seq');
  assert.throws(() => loadFromLocalStorage('m', storage), /the topology of 'localstorage:\/\/m' \(key 'tensorflowjs_models\/m\/model_topology'\) is not valid JSON/);
  assert.equal(removeFromLocalStorage('m', storage), true);
  assert.equal(storage.items.size, 0);
  assert.equal(removeFromLocalStorage('m', storage), false);
});

test('without localStorage the error says what is missing; handlers take their own Storage', async () => {
  await assert.rejects(build().save('localstorage://m'), /'localstorage:\/\/m' needs localStorage, which this environment does not have \(browser pages do; workers and Node do not: use 'indexeddb:\/\/' or 'file:\/\/'\)/);
  await assert.rejects(loadModel('localstorage://m'), /loadModel: 'localstorage:\/\/m' needs localStorage/);
  await assert.rejects(loadModel('localstorage://'), /a 'localstorage:\/\/' URL needs a model name after the scheme/);
  const storage = new MemoryStorage();
  const model = build();
  await model.save(browserLocalStorage('h', storage));
  const { model: loaded } = await loadModel(browserLocalStorage('h', storage));
  assert.deepEqual(Array.from(asSequential(loaded).predict(x).data), Array.from(model.predict(x).data));
});

test('TensorFlow.js reads what lstm-ts saved to localStorage, and the other way round', async () => {
  const tf = await import('@tensorflow/tfjs');
  const storage = new MemoryStorage();
  const g = globalThis as { window?: unknown };
  g.window = { localStorage: storage };
  tf.env().set('IS_BROWSER', true);
  try {
    await tf.setBackend('cpu');
    const model = build();
    saveToLocalStorage('shared', saveToMemory(model, { extra: { v: 1 } }), storage);
    const theirs = await tf.loadLayersModel('localstorage://shared');
    const ours = Array.from(model.predict(x).data);
    const fromTfjs = Array.from((theirs.predict(tf.tensor(x.toArray() as number[][][])) as { dataSync(): Float32Array }).dataSync());
    fromTfjs.forEach((v, i) => assert.ok(Math.abs(v - ours[i]!) < 1e-6, `tfjs ${v} vs lstm-ts ${ours[i]}`));
    await theirs.save('localstorage://from-tfjs');
    await withGlobalStorage(storage, async () => {
      const { model: back, extra } = await loadModel('localstorage://from-tfjs');
      assert.deepEqual(Array.from(asSequential(back).predict(x).data), ours);
      assert.deepEqual(extra, { v: 1 });
    });
  } finally {
    tf.env().set('IS_BROWSER', false);
    delete g.window;
  }
});
