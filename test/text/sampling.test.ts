/** Sampling: greedy, temperature, top-k, top-p, seeded reproducibility and option errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setSeed } from '../../src/index.js';
import { sampleDistribution, sampleToken, seededRandom, type SampleOptions } from '../../src/text/index.js';

/** Fraction of `draws` samples that picked each id. */
function frequencies(probs: number[], options: SampleOptions, draws: number): number[] {
  const counts = new Array<number>(probs.length).fill(0);
  for (let i = 0; i < draws; i++) counts[sampleToken(probs, options)]!++;
  return counts.map((c) => c / draws);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tol, `${what}: index ${i} is ${actual[i]}, expected ${expected[i]} ± ${tol}`);
  }
}

/** Random distributions over `n` ids from a seeded stream. */
function randomDistributions(count: number, n: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const raw = Array.from({ length: n }, () => random() ** 3);
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / sum);
  });
}

const argmax = (v: number[]) => v.indexOf(Math.max(...v));

test('greedy is the argmax, for probabilities and logits, the lower id among ties', () => {
  assert.equal(sampleToken([0.1, 0.7, 0.2], { greedy: true }), 1);
  assert.equal(sampleToken([2, -1, 3.5, 0], { greedy: true, fromLogits: true }), 2);
  assert.equal(sampleToken([0.4, 0.1, 0.4, 0.1], { greedy: true }), 0);
  // Greedy ignores temperature and needs no random numbers.
  assert.equal(sampleToken([0.1, 0.7, 0.2], { greedy: true, temperature: 50, random: () => { throw new Error('drew'); } }), 1);
  for (const p of randomDistributions(50, 7, 1)) assert.equal(sampleToken(p, { greedy: true }), argmax(p));
});

test('topK: 1 and a tiny topP are greedy whatever the random numbers', () => {
  const random = seededRandom(2);
  for (const p of randomDistributions(100, 9, 3)) {
    const greedy = sampleToken(p, { greedy: true });
    assert.equal(sampleToken(p, { topK: 1, random }), greedy);
    assert.equal(sampleToken(p, { topK: 1, temperature: 3, random }), greedy);
    assert.equal(sampleToken(p, { topP: 1e-6, random }), greedy);
    assert.equal(sampleToken(p, { topP: 1e-6, temperature: 5, random }), greedy);
  }
  // Ties: topK 1 keeps the lower id, as greedy does.
  assert.equal(sampleToken([0.25, 0.5, 0.5 - 0.25], { topK: 1, random: () => 0.99 }), 1);
  assert.equal(sampleToken([0.4, 0.1, 0.4, 0.1], { topK: 1, random: () => 0.99 }), 0);
});

test('temperature 1 draws with the given probabilities', () => {
  const probs = [0.5, 0.3, 0.15, 0.05];
  assertClose(frequencies(probs, { random: seededRandom(10) }, 20000), probs, 0.015, 'T=1 frequencies');
  assertClose(sampleDistribution(probs), probs, 1e-12, 'T=1 distribution');
  // Logits give the same distribution as their softmax.
  const logits = [1.2, -0.3, 0.4, 2.0];
  const soft = logits.map((l) => Math.exp(l));
  const z = soft.reduce((a, b) => a + b, 0);
  assertClose(sampleDistribution(logits, { fromLogits: true }), soft.map((v) => v / z), 1e-12, 'softmax of logits');
  assertClose(sampleDistribution(logits, { fromLogits: true, temperature: 0.5 }), sampleDistribution(soft.map((v) => v / z), { temperature: 0.5 }), 1e-12, 'logits vs probabilities at T=0.5');
});

test('temperature divides the log-probabilities: p^(1/T), renormalised', () => {
  const probs = [0.6, 0.3, 0.1];
  const sq = probs.map((p) => p * p);
  const z = sq.reduce((a, b) => a + b, 0);
  assertClose(sampleDistribution(probs, { temperature: 0.5 }), sq.map((v) => v / z), 1e-12, 'T=0.5');
});

test('temperature towards 0 approaches greedy', () => {
  const probs = [0.2, 0.45, 0.35];
  let previous = 0;
  for (const t of [1, 0.5, 0.2, 0.1, 0.05, 0.01]) {
    const top = sampleDistribution(probs, { temperature: t })[1]!;
    assert.ok(top > previous, `P(argmax) grows as T falls: ${top} at T=${t} after ${previous}`);
    previous = top;
  }
  assert.ok(previous > 1 - 1e-9, `T=0.01 is one-hot up to ${1 - previous}`);
  const freq = frequencies(probs, { temperature: 0.05, random: seededRandom(4) }, 5000);
  assert.ok(freq[1]! > 0.98, `argmax drawn ${freq[1]} of the time at T=0.05`);
  // Extreme but valid temperatures stay finite.
  assert.equal(sampleToken(probs, { temperature: 1e-6, random: seededRandom(5) }), 1);
  // A subnormal temperature overflows the scaled logits: the limit, greedy, not NaN.
  for (const fromLogits of [false, true]) {
    const scores = fromLogits ? [0.5, 3, -1] : probs;
    assert.deepEqual(Array.from(sampleDistribution(scores, { temperature: 1e-320, fromLogits })), [0, 1, 0]);
    assert.equal(sampleToken(scores, { temperature: 5e-324, fromLogits, random: seededRandom(5) }), 1);
  }
});

test('a high temperature flattens the distribution towards uniform', () => {
  const probs = [0.7, 0.2, 0.1];
  const freq = frequencies(probs, { temperature: 100, random: seededRandom(6) }, 30000);
  assertClose(freq, [1 / 3, 1 / 3, 1 / 3], 0.02, 'T=100 frequencies');
  const spread = (d: ArrayLike<number>) => Math.max(...Array.from(d)) - Math.min(...Array.from(d));
  assert.ok(spread(sampleDistribution(probs, { temperature: 2 })) < spread(probs));
  assert.ok(spread(sampleDistribution(probs, { temperature: 10 })) < spread(sampleDistribution(probs, { temperature: 2 })));
  // A zero probability stays zero at any temperature (log 0 = -Infinity).
  assert.equal(sampleDistribution([0.5, 0, 0.5], { temperature: 1000 })[1], 0);
});

test('topK keeps the k most likely tokens, renormalised', () => {
  const probs = [0.1, 0.4, 0.05, 0.3, 0.15];
  assertClose(sampleDistribution(probs, { topK: 2 }), [0, 0.4 / 0.7, 0, 0.3 / 0.7, 0], 1e-12, 'topK 2');
  assertClose(sampleDistribution(probs, { topK: 99 }), probs, 1e-12, 'topK larger than the vocabulary');
  const freq = frequencies(probs, { topK: 3, random: seededRandom(7) }, 20000);
  assertClose(freq, [0, 0.4 / 0.85, 0, 0.3 / 0.85, 0.15 / 0.85], 0.015, 'topK 3 frequencies');
  assert.equal(freq[0], 0);
  assert.equal(freq[2], 0);
});

test('topP keeps the smallest set of most likely tokens whose mass reaches p', () => {
  const probs = [0.15, 0.5, 0.05, 0.3];
  assertClose(sampleDistribution(probs, { topP: 0.5 }), [0, 1, 0, 0], 1e-12, 'topP 0.5: the top token alone reaches it');
  assertClose(sampleDistribution(probs, { topP: 0.75 }), [0, 0.5 / 0.8, 0, 0.3 / 0.8], 1e-12, 'topP 0.75');
  assertClose(sampleDistribution(probs, { topP: 0.8 }), [0, 0.5 / 0.8, 0, 0.3 / 0.8], 1e-12, 'topP 0.8 reached exactly');
  assertClose(sampleDistribution(probs, { topP: 0.9 }), [0.15 / 0.95, 0.5 / 0.95, 0, 0.3 / 0.95], 1e-12, 'topP 0.9');
  assertClose(sampleDistribution(probs, { topP: 1 }), probs, 1e-12, 'topP 1 keeps all');
  // After topK, topP applies to the renormalised top-k distribution: top 2 are 0.625/0.375.
  assertClose(sampleDistribution(probs, { topK: 2, topP: 0.6 }), [0, 1, 0, 0], 1e-12, 'topK then topP');
  assertClose(sampleDistribution(probs, { topK: 2, topP: 0.7 }), [0, 0.625, 0, 0.375], 1e-12, 'topK then topP 0.7');
  const freq = frequencies(probs, { topP: 0.75, random: seededRandom(8) }, 20000);
  assertClose(freq, [0, 0.625, 0, 0.375], 0.015, 'topP frequencies');
});

test('the same seed gives the same draws; the library stream follows setSeed', () => {
  const probs = [0.3, 0.3, 0.2, 0.2];
  const draw = (random: () => number) => Array.from({ length: 200 }, () => sampleToken(probs, { temperature: 0.9, topP: 0.95, random }));
  assert.deepEqual(draw(seededRandom(42)), draw(seededRandom(42)));
  assert.notDeepEqual(draw(seededRandom(42)), draw(seededRandom(43)));
  setSeed(9);
  const a = Array.from({ length: 100 }, () => sampleToken(probs));
  setSeed(9);
  const b = Array.from({ length: 100 }, () => sampleToken(probs));
  assert.deepEqual(a, b);
  const r = seededRandom(1);
  for (let i = 0; i < 1000; i++) {
    const u = r();
    assert.ok(u >= 0 && u < 1);
  }
});

test('errors name the option, the expected and the actual value', () => {
  const p = [0.5, 0.5];
  assert.throws(() => sampleToken(p, { temperature: 0 }), /sampleToken: option 'temperature' expected a finite number > 0, got 0/);
  assert.throws(() => sampleToken(p, { temperature: -1 }), /option 'temperature' expected a finite number > 0, got -1/);
  assert.throws(() => sampleToken(p, { temperature: Number.NaN }), /option 'temperature' expected a finite number > 0, got null/);
  assert.throws(() => sampleToken(p, { topP: 0 }), /option 'topP' expected a number in \(0, 1\], got 0/);
  assert.throws(() => sampleToken(p, { topP: 1.5 }), /option 'topP' expected a number in \(0, 1\], got 1.5/);
  assert.throws(() => sampleToken(p, { topK: 0 }), /option 'topK' expected an integer >= 1, got 0/);
  assert.throws(() => sampleToken(p, { topK: 2.5 }), /option 'topK' expected an integer >= 1, got 2.5/);
  assert.throws(() => sampleToken(p, { greedy: 1 as unknown as boolean }), /option 'greedy' expected a boolean, got 1/);
  assert.throws(() => sampleToken(p, { temprature: 1 } as SampleOptions), /unknown option 'temprature'/);
  assert.throws(() => sampleToken([], {}), /argument 'scores' expected a non-empty array of probabilities, got length 0/);
  assert.throws(() => sampleToken([0.5, -0.1], {}), /argument 'scores' has -0.1 at index 1; expected probabilities >= 0/);
  assert.throws(() => sampleToken([0, 0], {}), /argument 'scores' sums to 0/);
  assert.throws(() => sampleToken([1, Number.NaN], { fromLogits: true }), /argument 'scores' has NaN at index 1; expected finite logits/);
  assert.throws(() => sampleToken(p, { random: () => 1 }), /option 'random' returned 1; expected a number in \[0, 1\)/);
  assert.throws(() => seededRandom(1.5), /argument 'seed' expected an integer, got 1.5/);
});
