/**
 * The documented ranges of the numeric options of `lstm`, in one table so that every command
 * (and `--help`) uses the same bounds, and the one check that needs two options at once: the
 * recurrent weights that `--units` and `--layers` allocate.
 *
 * The bounds are there to turn a typo (`--units 100000`, `--layers 1000000`) into a one-line
 * usage error before anything is allocated, not to second-guess reasonable experiments: each
 * one sits well above what these models are used with, below what would exhaust memory or
 * run for days.
 */
import type { NumberRange } from './parse.js';
import { UsageError } from './errors.js';

/** Ranges by option, with why each bound is where it is. */
export const OPTION_RANGES = {
  /** A 4096-unit LSTM layer holds 4·4096·(4096 + inputs) ≈ 67M weights (268 MB, about 1 GB while training). */
  units: { min: 1, max: 4096 },
  /** Deeper stacks than 16 do not train without residual connections, which these models have none of. */
  layers: { min: 1, max: 16 },
  /** Early stopping ends real runs long before; 10,000 passes is days of training on the bundled data. */
  epochs: { min: 1, max: 10_000 },
  /** A batch's activations grow with batch × steps × units; 8192 is past where larger batches help. */
  batchSize: { min: 1, max: 8192 },
  /** Adam and SGD diverge at once above 10; 0 would not train. */
  lr: { min: 0, minExclusive: true, max: 10 },
  /** 1 would drop every input. */
  dropout: { min: 0, max: 1, maxExclusive: true },
  /** The random stream is seeded from 32 bits. */
  seed: { min: 0, max: 2 ** 32 - 1 },
  /** A time budget of at most a day. */
  minutes: { min: 0, minExclusive: true, max: 1440 },
  /** Steps the forecast model sees; the bundled series have at most about 1,500 steps. */
  window: { min: 1, max: 10_000 },
  /** Steps predicted at once; one output unit each. */
  horizon: { min: 1, max: 1000 },
  stride: { min: 1, max: 10_000 },
  /** A forecast head's weight in the total loss: only ratios matter, and 1000:1 already silences a head. */
  lossWeight: { min: 0, max: 1000 },
  /** At least one window must be left to train on, and each held-out part needs windows of its own. */
  splitFraction: { min: 0, minExclusive: true, max: 0.9 },
  /** Tokens per sentence for classify: each one is a recurrent step. */
  maxLen: { min: 1, max: 10_000 },
  /** The embedding holds vocabSize × 64 weights. */
  vocabSize: { min: 2, max: 1_000_000 },
  /** Characters of `explain --sequence`: each is a column of four heatmaps (20 px each). */
  sequenceLength: { min: 1, max: 1000 },
  // textgen train
  /** The tape keeps batch x seqLength x units activations; an LSTM's gradient hardly reaches back that far anyway. */
  seqLength: { min: 1, max: 1000 },
  /** trainLanguageModel's own bound: at least a tenth of the corpus trains; 0 trains without validation. */
  textValidation: { min: 0, max: 0.9 },
  /** Beyond the longest string V8 holds. */
  maxChars: { min: 1, max: 500_000_000 },
  /** A trillion tokens is years of training at this speed. */
  trainTokens: { min: 1, max: 1e12 },
  evalEvery: { min: 1, max: 1e12 },
  // textgen sample
  /** Tokens to generate, one model step each: a million is minutes of generation already. */
  sampleLength: { min: 1, max: 1_000_000 },
  /** Below 0.01 a draw is the greedy choice (p^100 leaves nothing else); above 100 it is uniform noise. */
  temperature: { min: 0.01, max: 100 },
  /** Larger than any vocabulary this trains. */
  topK: { min: 1, max: 1_000_000 },
  topP: { min: 0, max: 1, minExclusive: true },
  // translate
  /** Pairs generated or read: a million character pairs is hours per epoch at this speed. */
  translateSamples: { min: 2, max: 1_000_000 },
  /** Characters per side of a pair: each is an encoder or decoder step. */
  translateMaxLength: { min: 1, max: 1000 },
  /** Hypotheses kept per source; each is a decoder row at every step. */
  beamWidth: { min: 1, max: 64 },
  /** logP / length^a: 0 ranks by probability alone; beyond 10 only length counts. */
  lengthPenalty: { min: 0, max: 10 },
  /** Embedding width of a character: far past what a few dozen characters need. */
  embeddingDim: { min: 1, max: 1024 },
} as const satisfies Record<string, NumberRange>;

/** The most recurrent weights `--units` and `--layers` may ask for: 2^28 floats, 1 GiB, about 4 GiB while training (weights, gradients, Adam's two moments). */
export const MAX_RECURRENT_WEIGHTS = 2 ** 28;

/** The most that `--validation` and `--test` may hold out together, so that training keeps at least a tenth. */
export const MAX_HELD_OUT = 0.9;

/**
 * Estimated weights of `layers` stacked LSTM layers of `units` (each layer's input taken as
 * `units` wide, as it is for every layer after the first), times `directions`.
 */
export function recurrentWeights(units: number, layers: number, directions = 1): number {
  return directions * layers * 4 * units * (2 * units + 1);
}

/**
 * Throws a {@link UsageError} when `--units` and `--layers` together would allocate more than
 * {@link MAX_RECURRENT_WEIGHTS}; `directions` is 2 for a bidirectional model.
 * @example checkModelSize(4096, 16) // throws: "... about 4.3 billion weights ..."
 */
export function checkModelSize(units: number | undefined, layers: number | undefined, directions = 1): void {
  if (units === undefined) return;
  const depth = layers ?? 1;
  const weights = recurrentWeights(units, depth, directions);
  if (weights <= MAX_RECURRENT_WEIGHTS) return;
  const millions = (w: number) => `${Math.round(w / 1e6).toLocaleString('en-US')}M`;
  throw new UsageError(
    `options '--units' ${units} and '--layers' ${depth}${directions > 1 ? ' (bidirectional)' : ''} ask for about ${millions(weights)} recurrent weights; ` +
      `the limit is ${millions(MAX_RECURRENT_WEIGHTS)} (1 GiB, about 4 GiB while training): use fewer units or layers`,
  );
}

/**
 * Throws a {@link UsageError} when the held-out fractions leave too little to train on.
 * @example checkHeldOut({ '--test': 0.5, '--validation': 0.45 }) // throws
 */
export function checkHeldOut(fractions: Readonly<Record<string, number>>): void {
  const total = Object.values(fractions).reduce((a, b) => a + b, 0);
  if (total <= MAX_HELD_OUT + 1e-12) return;
  const named = Object.entries(fractions).map(([flag, v]) => `'${flag}' ${v}`).join(' and ');
  throw new UsageError(`options ${named} hold out ${+total.toFixed(6)} of the data; together they must be at most ${MAX_HELD_OUT} so that training keeps the rest`);
}
