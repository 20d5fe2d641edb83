/**
 * One seeded random stream for the whole library: weight initialisation, dropout masks and
 * shuffling all draw from it, so `setSeed(n)` makes a training run reproducible bit for bit.
 *
 * The generator is xoshiro128** (small state, good statistics, 32-bit integer arithmetic that
 * behaves the same in every JavaScript engine).
 */

let state = new Uint32Array(4);

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Makes initialisation, dropout and shuffling reproducible. @example setSeed(42) */
export function setSeed(seed: number): void {
  if (!Number.isFinite(seed)) throw new RangeError(`setSeed: argument 'seed' expected a finite number, got ${seed}`);
  const next = splitmix32(Math.floor(seed));
  state = new Uint32Array([next(), next(), next(), next()]);
  if (state.every((v) => v === 0)) state[0] = 1;
  spareNormal = null;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Next raw 32-bit unsigned integer. */
export function nextUint32(): number {
  const s = state;
  const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
  const t = (s[1]! << 9) >>> 0;
  s[2]! ^= s[0]!;
  s[3]! ^= s[1]!;
  s[1]! ^= s[2]!;
  s[0]! ^= s[3]!;
  s[2]! ^= t;
  s[3] = rotl(s[3]!, 11);
  return result;
}

/** Uniform float in [0, 1) with 32 bits of randomness. */
export function random(): number {
  return nextUint32() / 4294967296;
}

/** Uniform float in [low, high). */
export function uniform(low: number, high: number): number {
  return low + (high - low) * random();
}

let spareNormal: number | null = null;

/** Standard normal draw (Box-Muller, keeping the second value for the next call). */
export function normal(mean = 0, stddev = 1): number {
  if (spareNormal !== null) {
    const v = spareNormal;
    spareNormal = null;
    return mean + stddev * v;
  }
  let u = 0;
  while (u === 0) u = random();
  const v = random();
  const r = Math.sqrt(-2 * Math.log(u));
  spareNormal = r * Math.sin(2 * Math.PI * v);
  return mean + stddev * r * Math.cos(2 * Math.PI * v);
}

/** Normal draw re-drawn until within two standard deviations (Keras's truncated normal). */
export function truncatedNormal(mean = 0, stddev = 1): number {
  for (;;) {
    const z = normal();
    if (Math.abs(z) <= 2) return mean + stddev * z;
  }
}

/** Integer in [0, n). */
export function randInt(n: number): number {
  return Math.floor(random() * n);
}

/** A seeded Fisher-Yates permutation of 0..n-1. */
export function permutation(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randInt(i + 1);
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  return p;
}

/** Snapshot of the generator, for checkpoints that must resume to the same result. */
export interface RandomState {
  /** The generator's four 32-bit words. */
  readonly words: number[];
  /** A normal draw made in a pair and not used yet (Box-Muller gives two). */
  readonly spareNormal: number | null;
}

/**
 * Returns the generator state (see {@link setRandomState}).
 * @example
 * const saved = getRandomState();
 * const a = layers.dense({ units: 4, inputShape: [3] }).getWeights();
 * setRandomState(saved);
 * const b = layers.dense({ units: 4, inputShape: [3] }).getWeights(); // same values as a
 */
export function getRandomState(): RandomState {
  return { words: Array.from(state), spareNormal };
}

/**
 * Restores a state captured by {@link getRandomState}.
 * @example
 * const saved = getRandomState();
 * await model.fit(x, y, { epochs: 1 });
 * setRandomState(saved); // shuffling and dropout repeat from here
 */
export function setRandomState(s: RandomState): void {
  state = new Uint32Array(s.words);
  spareNormal = s.spareNormal;
}

// Unseeded runs still need a starting point.
setSeed(Math.floor(Math.random() * 2 ** 31));
