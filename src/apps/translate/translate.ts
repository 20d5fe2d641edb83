/**
 * `translate`: trains a character-level encoder-decoder LSTM twice on the same pairs, with and
 * without attention, and scores both on a held-out test set, decoding greedily and with beam
 * search, next to the copy baseline (each source "translated" into itself).
 *
 * Data: by default dates written in many formats → ISO `YYYY-MM-DD`, generated from the
 * grammar of `grammar.ts` with `seed`; or the caller's `pairs` (e.g. read from a Tatoeba
 * TSV by `pairs.ts`), those longer than `maxLength` characters on either side left out. The
 * pairs are shuffled with `seed` and the last `test` fraction is held out; test pairs whose
 * source also occurs in training are dropped from the test, so every test source is unseen.
 * Vocabularies come from the training pairs only (unseen characters become `<unk>`).
 *
 * Model and training: see `seq2seq.ts` (bidirectional LSTM encoder, LSTM decoder, Luong
 * attention or none), teacher forcing, Adam on sparse categorical cross-entropy with padded
 * steps masked out, a fixed number of epochs. The weights of both models start from `seed`.
 *
 * @example
 * const result = await translate({ epochs: 10 });
 * console.log(result.models.attention.greedy.exact, result.models.plain.greedy.exact, result.copyBaseline.exact);
 */
import { ValueError, assertInt, assertKnownOptions, assertNumber } from '../../tensor/errors.js';
import { setSeed } from '../../tensor/random.js';
import { tensor } from '../../tensor/tensor.js';
import { adam } from '../../optimizers/index.js';
import type { Callback, Logs } from '../../models/callbacks/callback.js';
import { OptionError } from '../optionError.js';
import { type TranslationPair, generateDatePairs } from './grammar.js';
import { CharVocab, END, PAD, START } from './vocab.js';
import { type Seq2Seq, Seq2SeqStepper, buildSeq2Seq, teacherForcing } from './seq2seq.js';
import { type Hypothesis, beamSearch, greedyDecode } from './decode.js';
import { type TranslationScores, scoreTranslations } from './scores.js';

/** The two models `translate` trains. */
export type TranslateVariant = 'attention' | 'plain';

/**
 * Options of {@link translate}; all optional.
 * @example const options: TranslateOptions = { samples: 2000, epochs: 5, beamWidth: 4 };
 */
export interface TranslateOptions {
  /** Parallel text to learn; default: date pairs from the grammar. */
  pairs?: TranslationPair[];
  /** Date pairs to generate, or at most this many of `pairs`, drawn with `seed` (default 5000). */
  samples?: number;
  /** Fraction held out for the test, in (0, 0.9] (default 0.2). */
  test?: number;
  /** Pairs with a side longer than this many characters are left out (default 40; dates are at most 29). */
  maxLength?: number;
  /** LSTM units of the decoder; each encoder direction has half (even, default 64). */
  units?: number;
  /** Width of the character embeddings (default 32). */
  embeddingDim?: number;
  /** Input dropout of the encoder and decoder LSTMs, in [0, 1) (default 0). */
  dropout?: number;
  /** Passes over the training pairs (default 10). */
  epochs?: number;
  /** Pairs per gradient step (default 64). */
  batchSize?: number;
  /** Adam's learning rate (default 0.005). */
  learningRate?: number;
  /** Seed of the date grammar, the split and the weights (default 42). */
  seed?: number;
  /** Beam width K of the beam-search decoding (default 3). */
  beamWidth?: number;
  /** Length normalisation exponent of beam search (default 1, see decode.ts). */
  lengthPenalty?: number;
  /** The models to train, in this order (default both: attention, then plain). */
  variants?: TranslateVariant[];
  /** Called with one line after each epoch of each model (progress). */
  onProgress?: (line: string) => void;
}

/**
 * One figure each for greedy decoding and beam search.
 * @example const seconds: GreedyAndBeam<number> = { greedy: 0.8, beam: 2.4 };
 */
export interface GreedyAndBeam<T> {
  /** For greedy decoding. */
  greedy: T;
  /** For beam search with `beamWidth`. */
  beam: T;
}

/** What one trained model scored, and how long it took. */
export interface VariantResult {
  /** Whether the decoder attends over the encoder's outputs. */
  attention: boolean;
  /** Test scores of greedy decoding. */
  greedy: TranslationScores;
  /** Test scores of beam search with `beamWidth`. */
  beam: TranslationScores;
  /** Greedy test scores per grammar format (date task only, else null). */
  perFormat: Record<string, TranslationScores> | null;
  /** Seconds of training (wall clock). */
  trainSeconds: number;
  /**
   * CPU seconds of training, all threads of the process (Node's `process.cpuUsage`; null
   * elsewhere). Unlike the wall clock it does not grow when other programs share the cores.
   */
  trainCpuSeconds: number | null;
  /** Seconds to decode the whole test set greedily and with beam search. */
  decodeSeconds: GreedyAndBeam<number>;
  /** Trainable weights of the training model. */
  parameters: number;
  /** Per-epoch training loss (`History.history`). */
  history: Record<string, number[]>;
  /** Greedy and beam outputs of every test pair, in test order. */
  outputs: GreedyAndBeam<string[]>;
  /** The trained models (training, encoder, decoder step). */
  models: Seq2Seq;
  /**
   * Translates new texts with this model (characters never seen in training become `<unk>`;
   * sources longer than the training ones are refused).
   */
  translate(texts: readonly string[], beamWidth?: number): string[];
}

/** Where the attention model looked while translating one test source. */
export interface AttentionMap {
  /** The source characters (columns). */
  source: string[];
  /** The output tokens, `<end>` last when produced (rows). */
  output: string[];
  /** `[output][source]` attention weights; each row sums to 1. */
  weights: number[][];
  /** The expected translation. */
  target: string;
}

/**
 * Pair counts of a {@link translate} run.
 * @example const { train, test } = result.samples;
 */
export interface TranslateSampleCounts {
  /** Pairs used for training. */
  train: number;
  /** Pairs held out for the test (after those repeating a training source were dropped). */
  test: number;
  /** The caller's pairs left out for a side longer than `maxLength` characters. */
  tooLong: number;
  /** Held-out pairs dropped because their source also occurs in training. */
  repeatedInTest: number;
}

/**
 * A size on the source side and one on the target side.
 * @example const { source, target } = result.vocab;
 */
export interface SourceTargetSizes {
  /** On the source (encoder) side. */
  source: number;
  /** On the target (decoder) side. */
  target: number;
}

/**
 * A held-out pair of {@link translate}.
 * @example const first: TranslateTestPair = result.testPairs[0]!;
 */
export interface TranslateTestPair extends TranslationPair {
  /** The grammar format that wrote the source (date task only). */
  format?: string;
}

/**
 * The settings of a {@link translate} run, defaults filled in.
 * @example const { epochs, beamWidth } = result.settings;
 */
export interface TranslateSettings extends Required<Omit<TranslateOptions, 'pairs' | 'onProgress' | 'variants'>> {
  /** The models trained, in order. */
  variants: TranslateVariant[];
}

/** What {@link translate} returns. */
export interface TranslateResult {
  /** 'dates' (the grammar) or 'pairs' (the caller's parallel text). */
  task: 'dates' | 'pairs';
  /** Pair counts: used for training, held out for test, left out as too long, test pairs dropped for repeating a training source. */
  samples: TranslateSampleCounts;
  /** Vocabulary sizes (4 reserved tokens included). */
  vocab: SourceTargetSizes;
  /** Longest source and the training decoder length (longest target + end), in tokens. */
  lengths: SourceTargetSizes;
  /** Scores of outputting each source unchanged. */
  copyBaseline: TranslationScores;
  /** Copy-baseline scores per grammar format (date task only, else null). */
  copyPerFormat: Record<string, TranslationScores> | null;
  /** The trained models by variant (those asked for). */
  models: Partial<Record<TranslateVariant, VariantResult>>;
  /** The held-out test pairs, in test order (with their grammar format on the date task). */
  testPairs: TranslateTestPair[];
  /** The attention map of one test pair (a long one), or null without the attention model. */
  attentionMap: AttentionMap | null;
  /** The settings used, defaults filled in. */
  settings: TranslateSettings;
}

const OPTION_KEYS = [
  'pairs', 'samples', 'test', 'maxLength', 'units', 'embeddingDim', 'dropout', 'epochs', 'batchSize',
  'learningRate', 'seed', 'beamWidth', 'lengthPenalty', 'variants', 'onProgress',
];

/** Sources decoded per batch: bounds the memory of the encoder outputs each step carries. */
const DECODE_BATCH = 256;

/** CPU seconds used by this process so far, or null outside Node. */
function cpuSeconds(): number | null {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1e6 : null;
}

/** Seeded Fisher-Yates shuffle of a copy (mulberry32, independent of the weights' stream). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function groupScores(outputs: readonly string[], pairs: readonly TranslateTestPair[]): Record<string, TranslationScores> {
  const groups = new Map<string, { out: string[]; target: string[] }>();
  pairs.forEach((p, i) => {
    const key = p.format ?? '';
    const g = groups.get(key) ?? { out: [], target: [] };
    g.out.push(outputs[i]!);
    g.target.push(p.target);
    groups.set(key, g);
  });
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => [k, scoreTranslations(g.out, g.target)]));
}

/**
 * Trains and scores; see the module comment.
 * @example
 * const { models, copyBaseline } = await translate({ samples: 3000, epochs: 8 });
 * console.log(models.attention!.greedy.exact, models.plain!.greedy.exact, copyBaseline.exact);
 */
export async function translate(options: TranslateOptions = {}): Promise<TranslateResult> {
  const where = 'translate';
  assertKnownOptions(where, options, OPTION_KEYS);
  const settings = {
    samples: options.samples ?? 5000,
    test: options.test ?? 0.2,
    maxLength: options.maxLength ?? 40,
    units: options.units ?? 64,
    embeddingDim: options.embeddingDim ?? 32,
    dropout: options.dropout ?? 0,
    epochs: options.epochs ?? 10,
    batchSize: options.batchSize ?? 64,
    learningRate: options.learningRate ?? 0.005,
    seed: options.seed ?? 42,
    beamWidth: options.beamWidth ?? 3,
    lengthPenalty: options.lengthPenalty ?? 1,
    variants: options.variants ?? (['attention', 'plain'] as TranslateVariant[]),
  };
  assertInt(where, 'samples', settings.samples, 2);
  assertNumber(where, 'test', settings.test, 0, 0.9);
  if (settings.test === 0) throw new ValueError(`${where}: option 'test' expected a fraction in (0, 0.9], got 0`);
  assertInt(where, 'maxLength', settings.maxLength, 1);
  assertInt(where, 'units', settings.units, 2);
  if (settings.units % 2 !== 0) throw new OptionError(`${where}: option 'units' expected an even number (each direction of the encoder gets half), got ${settings.units}`);
  assertInt(where, 'embeddingDim', settings.embeddingDim, 1);
  assertNumber(where, 'dropout', settings.dropout, 0, 1);
  assertInt(where, 'epochs', settings.epochs, 1);
  assertInt(where, 'batchSize', settings.batchSize, 1);
  assertNumber(where, 'learningRate', settings.learningRate, 0, 10);
  assertInt(where, 'beamWidth', settings.beamWidth, 1);
  assertNumber(where, 'lengthPenalty', settings.lengthPenalty, 0, 10);
  if (!Array.isArray(settings.variants) || settings.variants.length === 0 || settings.variants.some((v) => v !== 'attention' && v !== 'plain')) {
    throw new ValueError(`${where}: option 'variants' expected a non-empty list of 'attention' and 'plain', got ${JSON.stringify(settings.variants)}`);
  }

  // Data.
  const task: TranslateResult['task'] = options.pairs ? 'pairs' : 'dates';
  let all: TranslateTestPair[];
  let tooLong = 0;
  if (options.pairs) {
    const fitting = options.pairs.filter((p) => Array.from(p.source).length <= settings.maxLength && Array.from(p.target).length <= settings.maxLength);
    tooLong = options.pairs.length - fitting.length;
    all = shuffled(fitting, settings.seed).slice(0, settings.samples);
  } else {
    all = generateDatePairs(settings.samples, settings.seed);
  }
  const testCount = Math.round(all.length * settings.test);
  if (all.length - testCount < 1 || testCount < 1) {
    throw new OptionError(
      `${where}: ${all.length} pairs${tooLong > 0 ? ` (${tooLong} longer than ${settings.maxLength} characters left out)` : ''} leave ${all.length - testCount} for training and ${testCount} for the test; need at least one each (more pairs, another --test, or a larger --max-length)`,
    );
  }
  const train = all.slice(0, all.length - testCount);
  const trainSources = new Set(train.map((p) => p.source));
  const heldOut = all.slice(all.length - testCount);
  const testPairs = heldOut.filter((p) => !trainSources.has(p.source));
  if (testPairs.length === 0) throw new OptionError(`${where}: every test source also occurs in training; there is nothing unseen to test on (more or more varied pairs)`);
  const sourceVocab = CharVocab.fromTexts(train.map((p) => p.source));
  const targetVocab = CharVocab.fromTexts(train.map((p) => p.target));
  const sourceLength = Math.max(...all.map((p) => Array.from(p.source).length));
  const targetLength = Math.max(...train.map((p) => Array.from(p.target).length)) + 1;
  const decodeLength = Math.ceil(targetLength * 1.5);
  const padSource = (text: string): number[] => {
    const ids = sourceVocab.encode(text);
    if (ids.length > sourceLength) throw new ValueError(`${where}: a source of ${ids.length} characters is longer than the ${sourceLength} the model was built for: ${JSON.stringify(text.slice(0, 40))}`);
    return [...ids, ...new Array<number>(sourceLength - ids.length).fill(PAD)];
  };
  const trainX = tensor(train.map((p) => padSource(p.source)));
  const forced = teacherForcing(train.map((p) => targetVocab.encode(p.target)), targetLength, END);
  const decoderX = tensor(forced.decoderInput);
  const decoderY = tensor(forced.decoderTarget);
  const testSources = testPairs.map((p) => padSource(p.source));
  const testTargets = testPairs.map((p) => p.target);

  const decodeAll = (stepper: Seq2SeqStepper, sources: number[][], beamWidth: number | null): Hypothesis[] => {
    const out: Hypothesis[] = [];
    for (let i = 0; i < sources.length; i += DECODE_BATCH) {
      const state = stepper.start(sources.slice(i, i + DECODE_BATCH));
      const base = { maxLength: decodeLength, end: END, startToken: START };
      out.push(...(beamWidth === null ? greedyDecode(stepper, state, base) : beamSearch(stepper, state, { ...base, beamWidth, lengthPenalty: settings.lengthPenalty })));
    }
    return out;
  };

  const models: TranslateResult['models'] = {};
  for (const variant of settings.variants) {
    setSeed(settings.seed);
    const s2s = buildSeq2Seq({
      sourceVocab: sourceVocab.size, targetVocab: targetVocab.size, sourceLength, targetLength,
      units: settings.units, embeddingDim: settings.embeddingDim, attention: variant === 'attention', dropout: settings.dropout,
    });
    s2s.training.compile({ optimizer: adam({ learningRate: settings.learningRate }), loss: 'sparseCategoricalCrossentropy' });
    const progress: Callback = {
      onEpochEnd: (epoch: number, logs?: Logs) => options.onProgress?.(`${variant}: epoch ${epoch + 1}/${settings.epochs} loss ${logs?.['loss']?.toFixed(4)}`),
    };
    const cpu0 = cpuSeconds();
    const t0 = performance.now();
    const history = await s2s.training.fit([trainX, decoderX], decoderY, { epochs: settings.epochs, batchSize: settings.batchSize, verbose: 0, callbacks: [progress] });
    const trainSeconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuSeconds();
    const trainCpuSeconds = cpu0 === null || cpu1 === null ? null : cpu1 - cpu0;
    const stepper = new Seq2SeqStepper(s2s);
    const t1 = performance.now();
    const greedy = decodeAll(stepper, testSources, null);
    const t2 = performance.now();
    const beam = decodeAll(stepper, testSources, settings.beamWidth);
    const t3 = performance.now();
    const greedyText = greedy.map((h) => targetVocab.decode(h.tokens));
    const beamText = beam.map((h) => targetVocab.decode(h.tokens));
    models[variant] = {
      attention: variant === 'attention',
      greedy: scoreTranslations(greedyText, testTargets),
      beam: scoreTranslations(beamText, testTargets),
      perFormat: task === 'dates' ? groupScores(greedyText, testPairs) : null,
      trainSeconds,
      trainCpuSeconds,
      decodeSeconds: { greedy: (t2 - t1) / 1000, beam: (t3 - t2) / 1000 },
      parameters: s2s.training.countParams(),
      history: history.history,
      outputs: { greedy: greedyText, beam: beamText },
      models: s2s,
      translate: (texts, beamWidth = 1) => decodeAll(stepper, texts.map(padSource), beamWidth === 1 ? null : beamWidth).map((h) => targetVocab.decode(h.tokens)),
    };
    options.onProgress?.(`${variant}: trained in ${trainSeconds.toFixed(1)} s; test exact ${(models[variant]!.greedy.exact * 100).toFixed(1)}% greedy, ${(models[variant]!.beam.exact * 100).toFixed(1)}% beam`);
  }

  const copyOutputs = testPairs.map((p) => p.source);
  let attentionMap: AttentionMap | null = null;
  const attended = models.attention;
  if (attended) {
    // The longest test source makes the most telling picture (weekday, month name, ordinal...).
    let pick = 0;
    testPairs.forEach((p, i) => {
      if (p.source.length > testPairs[pick]!.source.length) pick = i;
    });
    const stepper = new Seq2SeqStepper(attended.models);
    const [h] = greedyDecode(stepper, stepper.start([testSources[pick]!]), { maxLength: decodeLength, end: END, startToken: START });
    const chars = Array.from(testPairs[pick]!.source);
    const output = [...h!.tokens.map((id) => targetVocab.label(id)), ...(h!.finished ? ['<end>'] : [])];
    attentionMap = { source: chars, output, weights: (h!.attention ?? []).map((row) => row.slice(0, chars.length)), target: testPairs[pick]!.target };
  }
  return {
    task,
    samples: { train: train.length, test: testPairs.length, tooLong, repeatedInTest: heldOut.length - testPairs.length },
    vocab: { source: sourceVocab.size, target: targetVocab.size },
    lengths: { source: sourceLength, target: targetLength },
    copyBaseline: scoreTranslations(copyOutputs, testTargets),
    copyPerFormat: task === 'dates' ? groupScores(copyOutputs, testPairs) : null,
    models,
    testPairs,
    attentionMap,
    settings,
  };
}
