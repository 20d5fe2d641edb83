/**
 * Choosing the next token from a model's output distribution: greedy (argmax), or a random
 * draw shaped by temperature, top-k and top-p (nucleus) filtering, in that order.
 *
 * Temperature T divides the logits (the log-probabilities when probabilities are given):
 * T < 1 sharpens the distribution towards the argmax, T > 1 flattens it towards uniform.
 * Top-k then keeps the k most likely tokens; top-p keeps the smallest set of most likely
 * tokens whose probability (after temperature and top-k) reaches p. Ties are broken towards
 * the lower id, so greedy, `topK: 1` and a tiny `topP` all pick the same token.
 *
 * @example
 * const random = seededRandom(42);
 * sampleToken([0.1, 0.7, 0.2], { greedy: true });              // 1
 * sampleToken([0.1, 0.7, 0.2], { temperature: 0.8, topK: 2, random });
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { random as libraryRandom } from '../tensor/random.js';

/**
 * Options of {@link sampleToken}: how one token is drawn from a distribution.
 * @example sampleToken(logits, { fromLogits: true, temperature: 0.7, topK: 40, random: seededRandom(1) } satisfies SampleOptions)
 */
export interface SampleOptions {
  /** Divides the logits before the draw; > 0 (default 1: the model's own distribution). */
  temperature?: number;
  /** Keep only the k most likely tokens; an integer >= 1 (default: all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose mass reaches p; in (0, 1] (default 1). */
  topP?: number;
  /** Take the most likely token, no randomness (default false). */
  greedy?: boolean;
  /** The scores are logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * Uniform numbers in [0, 1); default the library's seeded stream (`setSeed`). Use
   * {@link seededRandom} for a stream of your own.
   */
  random?: () => number;
}

const sampleKeys = ['temperature', 'topK', 'topP', 'greedy', 'fromLogits', 'random'];

/** Sampling options as checked by {@link checkSampleOptions} (defaults filled in). */
export interface CheckedSampleOptions {
  /** > 0; 1 when not given. */
  temperature: number;
  /** An integer >= 1, or null for no top-k filter. */
  topK: number | null;
  /** In (0, 1]; 1 (no filter) when not given. */
  topP: number;
  /** Whether to take the argmax. */
  greedy: boolean;
  /** Whether the scores are logits. */
  fromLogits: boolean;
  /** The uniform [0, 1) source of the draws: the given one or the library's stream. */
  random: () => number;
}

/**
 * Validates sampling options and fills in the defaults; errors name the option, what was
 * expected and what was given. `where` prefixes the messages.
 * @example checkSampleOptions('generate', { temperature: 0 }) // throws: option 'temperature' expected a finite number > 0, got 0
 */
export function checkSampleOptions(where: string, options: SampleOptions): CheckedSampleOptions {
  if (options === null || typeof options !== 'object') {
    throw new ValueError(`${where}: argument 'options' expected an object, got ${options === null ? 'null' : typeof options}`);
  }
  assertKnownOptions(where, options, sampleKeys);
  const temperature = options.temperature ?? 1;
  if (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature <= 0) {
    throw new ValueError(`${where}: option 'temperature' expected a finite number > 0, got ${JSON.stringify(temperature)}`);
  }
  const topK = options.topK ?? null;
  if (topK !== null && (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1)) {
    throw new ValueError(`${where}: option 'topK' expected an integer >= 1, got ${JSON.stringify(topK)}`);
  }
  const topP = options.topP ?? 1;
  if (typeof topP !== 'number' || !Number.isFinite(topP) || topP <= 0 || topP > 1) {
    throw new ValueError(`${where}: option 'topP' expected a number in (0, 1], got ${JSON.stringify(topP)}`);
  }
  const greedy = options.greedy ?? false;
  if (typeof greedy !== 'boolean') throw new ValueError(`${where}: option 'greedy' expected a boolean, got ${JSON.stringify(greedy)}`);
  const fromLogits = options.fromLogits ?? false;
  if (typeof fromLogits !== 'boolean') throw new ValueError(`${where}: option 'fromLogits' expected a boolean, got ${JSON.stringify(fromLogits)}`);
  const random = options.random ?? libraryRandom;
  if (typeof random !== 'function') throw new ValueError(`${where}: option 'random' expected a function returning numbers in [0, 1), got ${typeof random}`);
  return { temperature, topK, topP, greedy, fromLogits, random };
}

/** Checks the scores a sampler receives: non-empty, finite, and a distribution unless logits. */
function checkScores(where: string, scores: ArrayLike<number>, fromLogits: boolean): void {
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number' || scores.length === 0) {
    throw new ValueError(`${where}: argument 'scores' expected a non-empty array of ${fromLogits ? 'logits' : 'probabilities'}, got ${scores === null ? 'null' : typeof scores === 'object' ? `length ${String(scores.length)}` : typeof scores}`);
  }
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v) || (!fromLogits && v < 0)) {
      throw new ValueError(
        `${where}: argument 'scores' has ${v} at index ${i}; expected ${fromLogits ? 'finite logits' : 'probabilities >= 0 (pass fromLogits: true for logits)'}`,
      );
    }
    sum += v;
  }
  if (!fromLogits && !(sum > 0)) throw new ValueError(`${where}: argument 'scores' sums to ${sum}; expected probabilities with a positive sum`);
}

/** Index of the largest score, the lowest index among ties. */
function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/**
 * The distribution a draw would use, after temperature, top-k and top-p: one probability
 * per token (0 for filtered-out tokens), summing to 1. Greedy gives a one-hot vector.
 * @example sampleDistribution([0.5, 0.3, 0.2], { topK: 2 }) // Float64Array [0.625, 0.375, 0]
 */
export function sampleDistribution(scores: ArrayLike<number>, options: SampleOptions = {}): Float64Array {
  const where = 'sampleDistribution';
  const o = checkSampleOptions(where, options);
  checkScores(where, scores, o.fromLogits);
  return distribution(scores, o);
}

function distribution(scores: ArrayLike<number>, o: CheckedSampleOptions): Float64Array {
  const n = scores.length;
  const p = new Float64Array(n);
  if (o.greedy) {
    p[argmax(scores)] = 1;
    return p;
  }
  // Scaled logits; exp(-Infinity) = 0 takes care of zero probabilities.
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const logit = o.fromLogits ? scores[i]! : Math.log(scores[i]!);
    p[i] = logit / o.temperature;
    if (p[i]! > max) max = p[i]!;
  }
  // A temperature so small that the scaled logits overflow: its limit, greedy, instead of NaN.
  if (!Number.isFinite(max)) {
    p.fill(0);
    p[argmax(scores)] = 1;
    return p;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    p[i] = Math.exp(p[i]! - max);
    total += p[i]!;
  }
  for (let i = 0; i < n; i++) p[i]! /= total;
  const k = o.topK === null ? n : Math.min(o.topK, n);
  if (k === n && o.topP >= 1) return p;
  // Most likely first; a stable sort keeps the lower id first among ties.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[b]! - p[a]!);
  let keep = k;
  if (o.topP < 1) {
    let keptMass = 0;
    for (let r = 0; r < k; r++) keptMass += p[order[r]!]!;
    let mass = 0;
    for (let r = 0; r < k; r++) {
      mass += p[order[r]!]!;
      // Nucleus over the top-k distribution: the smallest prefix whose share reaches topP.
      if (mass >= o.topP * keptMass * (1 - 1e-12)) {
        keep = r + 1;
        break;
      }
    }
  }
  let keptTotal = 0;
  for (let r = 0; r < keep; r++) keptTotal += p[order[r]!]!;
  const out = new Float64Array(n);
  for (let r = 0; r < keep; r++) out[order[r]!] = p[order[r]!]! / keptTotal;
  return out;
}

/**
 * Picks the next token id from probabilities (or logits with `fromLogits: true`).
 * @example sampleToken(probs, { greedy: true })                         // argmax
 * @example sampleToken(probs, { temperature: 0.7, topP: 0.9, random: seededRandom(1) })
 */
export function sampleToken(scores: ArrayLike<number>, options: SampleOptions = {}): number {
  const where = 'sampleToken';
  const o = checkSampleOptions(where, options);
  checkScores(where, scores, o.fromLogits);
  if (o.greedy) return argmax(scores);
  return drawFrom(distribution(scores, o), o.random, where);
}

/** One draw from a normalised distribution by inverting its cumulative sum. */
function drawFrom(p: Float64Array, random: () => number, where: string): number {
  const u = random();
  if (typeof u !== 'number' || !(u >= 0 && u < 1)) {
    throw new ValueError(`${where}: option 'random' returned ${u}; expected a number in [0, 1)`);
  }
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i]! === 0) continue;
    cumulative += p[i]!;
    last = i;
    if (u < cumulative) return i;
  }
  return last; // rounding left the cumulative sum just under u
}

/**
 * A reproducible uniform [0, 1) stream of its own (mulberry32), independent of the library's
 * global stream: the same seed gives the same numbers.
 * @example const random = seededRandom(7); random(); // 0.x, the same on every run
 */
export function seededRandom(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new ValueError(`seededRandom: argument 'seed' expected an integer, got ${JSON.stringify(seed)}`);
  }
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}
