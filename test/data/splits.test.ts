/** chronologicalSplit and trainTestSplit: sizes, order, seeded reproducibility, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chronologicalSplit, trainTestSplit } from '../../src/data/splits.js';
import { random, setSeed } from '../../src/tensor/random.js';

test('chronologicalSplit: train, validation and test in order, sizes rounded', () => {
  assert.deepEqual(chronologicalSplit(10, { validation: 0.2, test: 0.1 }), { train: [0, 7], validation: [7, 9], test: [9, 10] });
  assert.deepEqual(chronologicalSplit(741, { validation: 0.1, test: 0.1 }), { train: [0, 593], validation: [593, 667], test: [667, 741] });
  assert.deepEqual(chronologicalSplit(5, { validation: 0, test: 0 }), { train: [0, 5], validation: [5, 5], test: [5, 5] });
  assert.deepEqual(chronologicalSplit(3, { validation: 0.2, test: 0.2 }), { train: [0, 1], validation: [1, 2], test: [2, 3] });
});

test('chronologicalSplit errors name the option', () => {
  assert.throws(() => chronologicalSplit(3, { validation: 0.5, test: 0.5 }), /chronologicalSplit: options validation 0\.5 and test 0\.5 leave -1 of 3 items for training; expected at least 1/);
  assert.throws(() => chronologicalSplit(0, { validation: 0.1, test: 0.1 }), /chronologicalSplit: argument 'n' expected an integer >= 1, got 0/);
  assert.throws(() => chronologicalSplit(10, { validation: -0.1, test: 0.1 }), /chronologicalSplit: option 'validation' expected a finite number in \[0, 1\], got -0\.1/);
  assert.throws(() => chronologicalSplit(10, { validation: 0.1 } as never), /chronologicalSplit: option 'test' expected a finite number/);
  assert.throws(() => chronologicalSplit(10, { validation: 0.1, test: 0.1, val: 1 } as never), /chronologicalSplit: unknown option 'val'/);
});

const xs = Array.from({ length: 10 }, (_, i) => i * 10);
const ys = Array.from({ length: 10 }, (_, i) => `y${i}`);

test('trainTestSplit: ceil(n * testSize) test samples, pairs kept together, every sample once', () => {
  const s = trainTestSplit(xs, ys, { testSize: 0.25, seed: 3 });
  assert.equal(s.xTest.length, 3);
  assert.equal(s.xTrain.length, 7);
  s.xTrain.forEach((x, i) => assert.equal(s.yTrain[i], `y${x / 10}`));
  s.xTest.forEach((x, i) => assert.equal(s.yTest[i], `y${x / 10}`));
  assert.deepEqual([...s.trainIndex, ...s.testIndex].sort((a, b) => a - b), [...xs.keys()]);
  assert.deepEqual(s.xTest, s.testIndex.map((i) => xs[i]));
  assert.equal(trainTestSplit(xs, ys, { testSize: 2, seed: 3 }).xTest.length, 2);
});

test('trainTestSplit: the same seed gives the same split and leaves the global stream alone', () => {
  const a = trainTestSplit(xs, ys, { testSize: 0.3, seed: 42 });
  const b = trainTestSplit(xs, ys, { testSize: 0.3, seed: 42 });
  assert.deepEqual(a, b);
  const others = [1, 2, 3, 4, 5].map((seed) => trainTestSplit(xs, ys, { testSize: 0.3, seed }).testIndex.join());
  assert.ok(others.some((o) => o !== a.testIndex.join()), 'different seeds should give different splits');
  setSeed(7);
  const expected = random();
  setSeed(7);
  trainTestSplit(xs, ys, { testSize: 0.3, seed: 1 });
  assert.equal(random(), expected);
  // Without a seed the split follows setSeed.
  setSeed(9);
  const c = trainTestSplit(xs, ys, { testSize: 0.3 });
  setSeed(9);
  assert.deepEqual(trainTestSplit(xs, ys, { testSize: 0.3 }), c);
});

test('trainTestSplit without shuffling keeps order and puts the tail in the test part', () => {
  const s = trainTestSplit(xs, ys, { testSize: 0.2, shuffle: false });
  assert.deepEqual(s.xTrain, [0, 10, 20, 30, 40, 50, 60, 70]);
  assert.deepEqual(s.xTest, [80, 90]);
  assert.deepEqual(s.yTest, ['y8', 'y9']);
});

test('trainTestSplit errors name the argument', () => {
  assert.throws(() => trainTestSplit(xs, ys.slice(1), { testSize: 0.2 }), /trainTestSplit: argument 'y' has 9 samples; expected 10 like 'x'/);
  assert.throws(() => trainTestSplit(xs, ys, { testSize: 0 }), /trainTestSplit: option 'testSize' expected a fraction in \(0, 1\) or a whole number of samples, got 0/);
  assert.throws(() => trainTestSplit(xs, ys, { testSize: 1.5 }), /option 'testSize' expected a fraction in \(0, 1\) or a whole number of samples, got 1\.5/);
  assert.throws(() => trainTestSplit(xs, ys, { testSize: 10 }), /trainTestSplit: option 'testSize' 10 gives 10 test and 0 training samples out of 10; expected at least 1 of each/);
  assert.throws(() => trainTestSplit([1], ['a'], { testSize: 0.5 }), /gives 1 test and 0 training samples out of 1/);
  assert.throws(() => trainTestSplit(xs, ys, { testSize: 0.2, seed: NaN }), /trainTestSplit: option 'seed' expected a finite number/);
  assert.throws(() => trainTestSplit(xs, ys, { testSize: 0.2, shuffle: 'no' } as never), /trainTestSplit: option 'shuffle' expected true or false, got "no"/);
  assert.throws(() => trainTestSplit(xs, ys, { test_size: 0.2 } as never), /trainTestSplit: unknown option 'test_size'/);
});
