import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, fill, tensor } from '../../src/tensor/tensor.js';
import { random, setSeed } from '../../src/tensor/random.js';
import { backward, record } from '../../src/autograd/tape.js';
import { Dropout, dropout } from '../../src/layers/dropout.js';
import { linearLoss, randomTensor } from '../helpers/gradcheck.js';

const out = (y: Tensor | Tensor[]): Tensor => (Array.isArray(y) ? y[0]! : y);

test('dropout is the identity when not training', () => {
  const layer = dropout({ rate: 0.5 });
  assert.ok(layer instanceof Dropout);
  assert.equal(layer.className, 'Dropout');
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(out(layer.apply(x)).toArray(), x.toArray());
  assert.deepEqual(out(layer.apply(x, { training: false })).toArray(), x.toArray());
  assert.deepEqual(out(dropout({ rate: 0 }).apply(x, { training: true })).toArray(), x.toArray());
});

test('training drops about rate of the entries and scales survivors by 1/(1-rate)', () => {
  setSeed(21);
  const rate = 0.3;
  const n = 20000;
  const y = out(dropout({ rate }).apply(fill([4, n / 4], 2), { training: true }));
  let dropped = 0;
  for (const v of y.data) {
    if (v === 0) dropped++;
    else assert.ok(Math.abs(v - 2 / (1 - rate)) < 1e-6, `kept value ${v}`);
  }
  // Binomial(n, 0.3): standard deviation sqrt(n * 0.21) ~ 65, so 5 sigma is ~ 325.
  assert.ok(Math.abs(dropped - rate * n) < 325, `dropped ${dropped} of ${n}`);
});

test('masks come from the seeded stream; a layer seed gives a private stream', () => {
  const x = fill([3, 50], 1);
  setSeed(5);
  const a = out(dropout({ rate: 0.5 }).apply(x, { training: true }));
  setSeed(5);
  const b = out(dropout({ rate: 0.5 }).apply(x, { training: true }));
  assert.deepEqual(a.toArray(), b.toArray());

  setSeed(99);
  const before = random();
  setSeed(99);
  const seeded = dropout({ rate: 0.5, seed: 7 });
  const s1 = out(seeded.apply(x, { training: true }));
  assert.equal(random(), before, 'a seeded layer leaves the global stream alone');
  const s2 = out(seeded.apply(x, { training: true }));
  assert.notDeepEqual(s1.toArray(), s2.toArray(), 'its own stream advances between calls');
  setSeed(1234);
  const other = dropout({ rate: 0.5, seed: 7 });
  assert.deepEqual(out(other.apply(x, { training: true })).toArray(), s1.toArray(), 'same seed, same first mask');
});

test('noiseShape shares one draw along axes of size 1', () => {
  setSeed(22);
  const layer = dropout({ rate: 0.5, noiseShape: [null, 1, null] });
  const y = out(layer.apply(fill([3, 5, 8], 1), { training: true }));
  for (let b = 0; b < 3; b++) {
    for (let f = 0; f < 8; f++) {
      const first = y.data[(b * 5) * 8 + f];
      for (let t = 1; t < 5; t++) assert.equal(y.data[(b * 5 + t) * 8 + f], first, `b=${b} t=${t} f=${f}`);
    }
  }
  assert.throws(
    () => dropout({ rate: 0.5, noiseShape: [null, 2, null] }).apply(fill([3, 5, 8], 1), { training: true }),
    /option 'noiseShape' \[null, 2, null\] must have x's rank with each entry null, 1 or x's size, but x has shape \[3, 5, 8\]/,
  );
});

test('the gradient through dropout is the applied mask', () => {
  setSeed(23);
  const layer = dropout({ rate: 0.4, dtype: 'float64' });
  const x = randomTensor([3, 6]);
  const y = record(() => out(layer.apply(x, { training: true })));
  backward(record(() => linearLoss([y])));
  // linearLoss's weights depend only on the shape, so x2's gradient is exactly those weights.
  const x2 = randomTensor([3, 6]);
  backward(record(() => linearLoss([x2])));
  const mask = layer.lastMask!;
  for (let i = 0; i < x.size; i++) assert.ok(Math.abs(x.grad![i]! - x2.grad![i]! * mask.data[i]!) < 1e-15);
});

test('dropout passes masks through and checks its options', () => {
  const layer = dropout({ rate: 0.2 });
  const mask = tensor([[1, 0]]);
  assert.equal(layer.computeMask(tensor([[[1], [2]]]), mask), mask);
  assert.throws(() => dropout({ rate: 1 }), /layers.dropout: option 'rate' expected a number in \[0, 1\), got 1/);
  assert.throws(() => dropout({ rate: -0.1 }), /option 'rate' expected a finite number in \[0, 1\], got -0.1/);
  assert.throws(() => dropout({ rate: 0.1, noise_shape: [1] } as never), /unknown option 'noise_shape'/);
  assert.deepEqual(dropout({ rate: 0.25, seed: 3 }).getConfig()['seed'], 3);
});
