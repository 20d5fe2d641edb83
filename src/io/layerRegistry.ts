/**
 * Layer configs in the Keras / TensorFlow.js layers format (`{ class_name, config }` with
 * snake_case keys, as tfjs's `model.toJSON()` writes them) to and from lstm-ts layers.
 *
 * What is written, per class, is what tfjs-layers 4.x writes (same keys, same order, `null` for
 * unset regularizers and constraints), so a model saved here loads in `tf.loadLayersModel`.
 * Checked against files saved by tfjs 4.22 itself (test/io/fixtures/tfjs); the differences are
 * deliberate and harmless to tfjs: `dtype` is written on every layer (tfjs writes it on the
 * first), `unit_forget_bias` is true/false (tfjs writes null for its unset default, read as
 * false), and LayerNormalization's `axis` stays as given (tfjs writes `[rank - 1]` once built).
 * What is read is that format, plus what the Python Keras 2 converter writes (`InputLayer`,
 * `time_major`, string initializers, the `lstm/lstm_cell/kernel` weight names handled by the
 * model loader), plus the Keras 3 keys that do not change predictions (`seed`, `use_cudnn`,
 * dtype policies, `module`/`registered_name`/`shared_object_id` on nested objects), Keras 3's
 * `OrthogonalInitializer`-style class names, activations serialised as
 * `{ class_name: 'function', config: 'relu' }`, and Keras 3's Bidirectional, which always writes
 * `backward_layer` (accepted when it is the forward layer with go_backwards flipped) and names
 * its forward layer `forward_<name>` (the prefix is dropped). Keras 1 spellings (`output_dim`,
 * `inner_activation`, ...) are translated before they get here, by src/io/keras/kerasConfig.ts.
 *
 * Maps one to one (LSTM, GRU, SimpleRNN and RNN through codecs/recurrent.ts, from their cells'
 * descriptors; the other families through their codecs):
 * - LSTM, GRU (reset_after false and true; tfjs has only false), SimpleRNN: units,
 *   activation, recurrent_activation, use_bias, the three initializers, unit_forget_bias,
 *   dropout, recurrent_dropout, return_sequences, return_state, go_backwards, stateful.
 *   Weight layout is Keras's in both (gates i, f, c, o and z, r, h).
 * - Dense, Embedding (mask_zero, input_length), Dropout (rate, noise_shape, seed), Masking
 *   (mask_value), LayerNormalization (last axis, epsilon, center, scale, initializers),
 *   Activation, Flatten (channels_last), Reshape (target_shape; tfjs's `null` is our -1; a
 *   built Reshape writes its resolved shape, since tfjs cannot infer a free axis),
 *   Bidirectional (merge_mode concat/sum/mul/ave), TimeDistributed.
 * - Initializers as tfjs serialises them: glorotUniform is
 *   `{class_name: 'VarianceScaling', config: {scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null}}`,
 *   and likewise glorotNormal/heUniform/heNormal/lecunUniform/lecunNormal (tfjs's
 *   distribution 'normal' is a truncated normal, which is what ours are); Orthogonal, Zeros,
 *   Ones, Constant, RandomUniform, RandomNormal, TruncatedNormal, Identity by class name.
 *   Python's `GlorotUniform`-style class names and string ids ('glorot_uniform') are read too.
 *   Initializer seeds are dropped on reading: they only affect fresh weights, and a loaded
 *   model's weights come from the file.
 * - Activations by Keras name: 'tanh', 'sigmoid', 'hard_sigmoid' (0.2x + 0.5 clipped, as tfjs
 *   and Keras 2; Keras 3 changed hard_sigmoid to relu6(x + 3) / 6, which the Keras file reader
 *   turns into lstm-ts's 'hardSigmoidKeras3' before calling this registry), 'softmax', 'linear',
 *   'relu', 'relu6', 'elu', 'selu', 'softplus', 'softsign', 'swish' (and Keras 3's 'silu'),
 *   'gelu' (the erf form, Keras's approximate=False), 'exponential'.
 *
 * Does not map (reading fails with one error listing every such layer and option):
 * - any other layer class (Conv1D, Attention, RNN with a custom cell, ...) and functional
 *   models; Bidirectional with merge_mode null or a custom backward_layer (one that is not the
 *   forward layer reversed); time_major true;
 *   Flatten channels_first; LayerNormalization over several axes; dtypes other than
 *   float32/float64 (mixed precision); activations lstm-ts lacks ('log_softmax', 'mish',
 *   'gelu_new', softmax as a recurrent activation: recurrent layers take every other name above);
 *   regularizers and constraints (lstm-ts has none: they would be silently lost in training;
 *   pass `ignoreTrainingOnlyOptions: true` to drop them for inference).
 * - `unroll`, `implementation`, `seed` and `use_cudnn` are read and ignored: they change speed
 *   or the random stream, not the function the layer computes.
 *
 * Writing caveats (the file is still valid Keras JSON, but tfjs itself cannot run it):
 * - GRU with `resetAfter: true` (lstm-ts's default, as Keras 3 / cuDNN / PyTorch) is written
 *   as `reset_after: true` with a `[2, 3*units]` bias; tfjs's GRUCell throws for
 *   reset_after true. Use `resetAfter: false` (and usually `recurrentActivation:
 *   'hardSigmoid'`) for models meant for tfjs.
 * - 'hardSigmoidKeras3' (Keras 3's hard sigmoid) has no name in this format: writing it fails.
 * - 'exponential' and a float64 dtype are not tfjs features; weights are always stored as
 *   float32 (a float64 model is widened back on loading, not bit-identical).
 * - A `varianceScaling` initializer with lstm-ts's untruncated 'normal' distribution is
 *   written as Keras's 'untruncated_normal', which tfjs does not know.
 * Missing keys in a config read take tfjs's defaults (e.g. LSTM recurrent_activation
 * 'hard_sigmoid', GRU reset_after false), since tfjs always writes them all.
 */
import { ValueError } from '../tensor/errors.js';
import type { DType } from '../tensor/tensor.js';
import { Layer, type LayerArgs } from '../layers/layer.js';
import { RecurrentLayer } from '../layers/recurrent.js';
import { Dense, type DenseArgs } from '../layers/dense.js';
import { Embedding, type EmbeddingArgs } from '../layers/embedding.js';
import { Dropout, type DropoutArgs } from '../layers/dropout.js';
import { Bidirectional, type BidirectionalArgs, type MergeMode } from '../layers/bidirectional.js';
import { TimeDistributed } from '../layers/timeDistributed.js';
import { Masking, type MaskingArgs } from '../layers/masking.js';
import { LayerNormalization, type LayerNormalizationArgs } from '../layers/layerNormalization.js';
import { Activation } from '../layers/activation.js';
import { Flatten } from '../layers/flatten.js';
import { Reshape } from '../layers/reshape.js';
import {
  type InitializerLike, type InitializerName, constant, identity, orthogonal, randomNormal, randomUniform,
  truncatedNormalInit, varianceScaling,
} from '../initializers/initializers.js';
import type { ActivationName } from '../ops/activations.js';
import { type JsonObject, type JsonValue, assertJsonDepth, isJsonObject } from './json.js';

export type { JsonObject, JsonValue } from './json.js';
import { layerCodecs } from './codecs/index.js';
import { type Regularizer, regularizerFromKeras, regularizerToKeras } from '../regularizers/regularizers.js';
import { type Constraint, constraintFromKeras, constraintToKeras } from '../constraints/constraints.js';
import type { LayerWriter } from './codecs/codec.js';

/** A layer as Keras and tfjs serialise it. */
export type KerasLayerConfig = {
  /** The Keras class, e.g. 'LSTM' or 'Dense'. */
  class_name: string;
  /** The layer's options in Keras's snake_case, e.g. `{ name: 'lstm', units: 32, return_sequences: false }`. */
  config: JsonObject;
};

/** Options for reading configs. */
export interface LayerReadOptions {
  /**
   * Drop regularizers and constraints instead of failing on them (default false). They only
   * act during training, so predictions are unchanged, but further training would differ.
   */
  ignoreTrainingOnlyOptions?: boolean;
}

/**
 * The class names of the built-in table below; `layerFromConfig` also reads every class that
 * has a codec (codecs/index.ts: LSTM, GRU, SimpleRNN, RNN, Conv1D, ...).
 */
export const supportedLayerClasses = [
  'Dense', 'Embedding', 'Dropout', 'Bidirectional', 'TimeDistributed',
  'Masking', 'LayerNormalization', 'Activation', 'Flatten', 'Reshape',
] as const;
/** One of {@link supportedLayerClasses}: a Keras class name lstm-ts can read and write. */
export type SupportedLayerClass = (typeof supportedLayerClasses)[number];

/**
 * Thrown when a model or layer uses classes or options lstm-ts cannot represent. `issues`
 * lists every one found (the whole model is checked before anything is thrown).
 * @example
 * try {
 *   await loadKerasModel(bytes);
 * } catch (e) {
 *   if (e instanceof io.UnsupportedModelError) for (const issue of e.issues) console.error(issue);
 * }
 */
export class UnsupportedModelError extends ValueError {
  /** 'UnsupportedModelError', so logs and `catch` blocks can tell it apart without `instanceof`. */
  override name = 'UnsupportedModelError';
  /** Every unsupported class or option found in the whole model, one line each, naming its layer. */
  readonly issues: readonly string[];
  constructor(where: string, issues: readonly string[]) {
    super(
      `${where}: ${issues.length} unsupported ${issues.length === 1 ? 'feature' : 'features'}:\n` +
        issues.map((i) => `  - ${i}`).join('\n'),
    );
    this.issues = [...issues];
  }
}

// ---------------------------------------------------------------------------------------------
// Activations

/** Keras 3's hard_sigmoid (x / 6 + 0.5 clipped); tfjs and Keras 2 have no name for it. */
const KERAS3_HARD_SIGMOID = 'hardSigmoidKeras3';

const activationToKeras: Record<Exclude<ActivationName, typeof KERAS3_HARD_SIGMOID>, string> = {
  linear: 'linear', relu: 'relu', relu6: 'relu6', elu: 'elu', selu: 'selu', sigmoid: 'sigmoid',
  hardSigmoid: 'hard_sigmoid', tanh: 'tanh', softplus: 'softplus', softsign: 'softsign',
  swish: 'swish', gelu: 'gelu', exponential: 'exponential', softmax: 'softmax',
};

const activationFromKeras = new Map<string, ActivationName>();
for (const [ours, keras] of Object.entries(activationToKeras) as [ActivationName, string][]) {
  activationFromKeras.set(keras, ours);
  activationFromKeras.set(ours, ours);
}
activationFromKeras.set('silu', 'swish');
// Not a Keras name: the Keras file reader (src/io/keras) rewrites a Keras 3 'hard_sigmoid' to it.
activationFromKeras.set(KERAS3_HARD_SIGMOID, KERAS3_HARD_SIGMOID);

/** The Keras name of an activation; Keras 3's hard sigmoid has none in tfjs / Keras 2 files. */
function activationNameToKeras(name: ActivationName, label: string, key: string, issues: string[]): string {
  if (name === KERAS3_HARD_SIGMOID) {
    issues.push(
      `${label}: option '${key}' is Keras 3's hard sigmoid (x/6 + 0.5 clipped), which the tfjs / Keras 2 format cannot express ` +
        `(its 'hard_sigmoid' is 0.2x + 0.5 clipped)`,
    );
    return 'hard_sigmoid';
  }
  return activationToKeras[name];
}

// ---------------------------------------------------------------------------------------------
// Initializers

type KerasDistribution = 'uniform' | 'normal' | 'untruncated_normal';
interface VariancePreset { scale: number; mode: 'fan_in' | 'fan_out' | 'fan_avg'; distribution: KerasDistribution }

/** tfjs's helpers that serialise as VarianceScaling ('normal' there is a truncated normal). */
const variancePresets = {
  glorotUniform: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
  glorotNormal: { scale: 1, mode: 'fan_avg', distribution: 'normal' },
  heUniform: { scale: 2, mode: 'fan_in', distribution: 'uniform' },
  heNormal: { scale: 2, mode: 'fan_in', distribution: 'normal' },
  lecunUniform: { scale: 1, mode: 'fan_in', distribution: 'uniform' },
  lecunNormal: { scale: 1, mode: 'fan_in', distribution: 'normal' },
} as const satisfies Record<string, VariancePreset>;
type PresetName = keyof typeof variancePresets;

const presetClassNames: Record<string, PresetName> = {
  glorotuniform: 'glorotUniform', glorotnormal: 'glorotNormal', heuniform: 'heUniform',
  henormal: 'heNormal', lecununiform: 'lecunUniform', lecunnormal: 'lecunNormal',
};

const initializerNames: readonly InitializerName[] = [
  'zeros', 'ones', 'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal',
  'orthogonal', 'randomUniform', 'randomNormal', 'truncatedNormal', 'identity',
];

/**
 * `table[key]` when `key` is the table's own entry. Names in files are untrusted: a plain
 * `table[key]` or `key in table` would find Object's prototype ('constructor', 'toString').
 */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** 'glorot_uniform', 'GlorotUniform', 'glorotUniform' all become 'glorotuniform'. */
function squash(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

function kerasObject(className: string, config: JsonObject): JsonObject {
  return { class_name: className, config };
}

const fanModeToKeras: Record<string, 'fan_in' | 'fan_out' | 'fan_avg'> = { fanIn: 'fan_in', fanOut: 'fan_out', fanAvg: 'fan_avg' };
const distributionToKeras: Record<string, KerasDistribution> = {
  uniform: 'uniform', truncatedNormal: 'normal', normal: 'untruncated_normal',
};

function numberOr(config: Record<string, unknown>, key: string, fallback: number): number {
  const v = config[key];
  return typeof v === 'number' ? v : fallback;
}

/**
 * An lstm-ts initializer (a name, or `{ className, config }` from a layer's `getConfig`) as
 * tfjs writes it. Pushes an issue for classes tfjs does not have.
 * @example
 * const issues: string[] = [];
 * io.initializerToKeras('glorotUniform', 'kernelInitializer', issues);
 * // { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } }
 */
export function initializerToKeras(value: unknown, where: string, issues: string[]): JsonValue {
  if (typeof value === 'string') {
    const p: VariancePreset | undefined = own(variancePresets, value);
    if (p) {
      return kerasObject('VarianceScaling', { scale: p.scale, mode: p.mode, distribution: p.distribution, seed: null });
    }
    switch (value) {
      case 'zeros': return kerasObject('Zeros', {});
      case 'ones': return kerasObject('Ones', {});
      case 'orthogonal': return kerasObject('Orthogonal', { gain: 1, seed: null });
      case 'randomUniform': return kerasObject('RandomUniform', { minval: -0.05, maxval: 0.05, seed: null });
      case 'randomNormal': return kerasObject('RandomNormal', { mean: 0, stddev: 0.05, seed: null });
      case 'truncatedNormal': return kerasObject('TruncatedNormal', { mean: 0, stddev: 0.05, seed: null });
      case 'identity': return kerasObject('Identity', { gain: 1 });
    }
    issues.push(`${where}: initializer '${value}' has no Keras equivalent`);
    return null;
  }
  if (isRecord(value) && typeof value['className'] === 'string' && isRecord(value['config'])) {
    const cls = value['className'];
    const cfg = value['config'];
    if (cls === 'VarianceScaling' || own(presetClassNames, squash(cls))) {
      const mode = own(fanModeToKeras, String(cfg['mode']));
      const distribution = own(distributionToKeras, String(cfg['distribution']));
      if (mode && distribution) {
        return kerasObject('VarianceScaling', { scale: numberOr(cfg, 'scale', 1), mode, distribution, seed: null });
      }
    }
    switch (cls) {
      case 'Zeros': return kerasObject('Zeros', {});
      case 'Ones': return kerasObject('Ones', {});
      case 'Constant': return kerasObject('Constant', { value: numberOr(cfg, 'value', 0) });
      case 'Orthogonal': return kerasObject('Orthogonal', { gain: numberOr(cfg, 'gain', 1), seed: null });
      case 'Identity': return kerasObject('Identity', { gain: numberOr(cfg, 'gain', 1) });
      case 'RandomUniform':
        return kerasObject('RandomUniform', { minval: numberOr(cfg, 'minval', -0.05), maxval: numberOr(cfg, 'maxval', 0.05), seed: null });
      case 'RandomNormal':
      case 'TruncatedNormal':
        return kerasObject(cls, { mean: numberOr(cfg, 'mean', 0), stddev: numberOr(cfg, 'stddev', 0.05), seed: null });
    }
    issues.push(`${where}: initializer class '${cls}' is not one lstm-ts can save (use a built-in initializer)`);
    return null;
  }
  issues.push(`${where}: cannot serialise initializer ${describe(value)}`);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading configs

interface ReadContext {
  issues: string[];
  options: LayerReadOptions;
}

/** A shape entry: null (any size), a positive safe integer, or with `free` a negative one. */
export function isShapeDim(d: unknown, free = false): boolean {
  return d === null || (typeof d === 'number' && Number.isSafeInteger(d) && (d >= 1 || (free && d < 0)));
}

/** Reads one layer config, remembering which keys were used so leftovers can be reported. */
export class ConfigReader {
  private readonly used = new Set<string>();

  constructor(
    private readonly config: JsonObject,
    readonly label: string,
    readonly ctx: ReadContext,
  ) {}

  issue(message: string): void {
    this.ctx.issues.push(`${this.label}: ${message}`);
  }

  private bad(key: string, expected: string, value: JsonValue): void {
    this.issue(`option '${key}' expected ${expected}, got ${describe(value)}`);
  }

  /** The raw value; `undefined` when absent. Marks the key as used. */
  raw(key: string): JsonValue | undefined {
    this.used.add(key);
    return Object.hasOwn(this.config, key) ? this.config[key] : undefined;
  }

  /** Marks keys that are understood but do not change what the layer computes. */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /**
   * A finite number; with `integer`, a safe integer (sizes beyond 2^53 cannot be counted
   * exactly); with `positive`, at least 1. Sizes are bounded here so that no constructor sees
   * units of 1e300; what they may allocate is bounded later by the weights present.
   */
  number(key: string, opts: { required?: boolean; integer?: boolean; positive?: boolean } = {}): number | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (opts.required) this.issue(`option '${key}' is required`);
      return undefined;
    }
    const ok = typeof v === 'number' && Number.isFinite(v) && (!opts.integer || Number.isSafeInteger(v)) && (!opts.positive || v >= 1);
    if (!ok) {
      this.bad(key, opts.integer ? (opts.positive ? 'a positive integer' : 'an integer') : 'a finite number', v);
      return undefined;
    }
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.bad(key, 'true or false', v);
      return undefined;
    }
    return v;
  }

  /** A shape of positive integers and nulls; with `free`, negative entries (Keras's -1) too. */
  shape(key: string, free = false): (number | null)[] | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((d) => isShapeDim(d, free))) {
      this.bad(key, free ? 'an array of positive integers, -1 and nulls' : 'an array of positive integers and nulls', v);
      return undefined;
    }
    return v as (number | null)[];
  }

  activation(key: string, fallback: ActivationName): ActivationName | undefined {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (v === null) return 'linear';
    if (isJsonObject(v) && typeof v['class_name'] === 'string') {
      // Keras 3 may serialise a built-in activation as an object naming the function, e.g.
      // { module: 'keras.activations', class_name: 'function', config: 'relu', registered_name: 'function' }.
      const inner = v['config'];
      const name = isJsonObject(inner) && typeof inner['name'] === 'string' ? inner['name'] : typeof inner === 'string' ? inner : v['class_name'];
      return this.activationName(key, name);
    }
    if (typeof v !== 'string') {
      this.bad(key, 'an activation name', v);
      return undefined;
    }
    return this.activationName(key, v);
  }

  private activationName(key: string, name: string): ActivationName | undefined {
    const found = activationFromKeras.get(name);
    if (!found) {
      this.issue(`option '${key}' = '${name}' is an activation lstm-ts does not have (it has ${Object.values(activationToKeras).map((n) => `'${n}'`).join(', ')})`);
    }
    return found;
  }

  initializer(key: string, fallback: InitializerLike): InitializerLike | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'string') {
      const name = initializerNames.find((n) => squash(n) === squash(v));
      if (!name) this.issue(`option '${key}' = '${v}' is an initializer lstm-ts does not have`);
      return name;
    }
    if (!isJsonObject(v) || typeof v['class_name'] !== 'string') {
      this.bad(key, "an initializer ({ class_name, config })", v);
      return undefined;
    }
    const cls = v['class_name'];
    const cfg = isJsonObject(v['config']) ? v['config'] : {};
    const num = (k: string, fallbackValue: number): number | undefined => {
      const x = cfg[k];
      if (x === undefined || x === null) return fallbackValue;
      if (typeof x === 'number' && Number.isFinite(x)) return x;
      this.issue(`option '${key}' (${cls}): '${k}' expected a finite number, got ${describe(x)}`);
      return undefined;
    };
    // Keras 3 names some classes with a suffix ('OrthogonalInitializer', 'IdentityInitializer').
    const squashed = squash(cls).replace(/(?<=.)initializer$/, '');
    const preset = own(presetClassNames, squashed);
    if (preset) return preset;
    switch (squashed) {
      case 'variancescaling': {
        const scale = num('scale', 1);
        const mode = own({ fanin: 'fanIn', fanout: 'fanOut', fanavg: 'fanAvg' } as const, squash(String(cfg['mode'] ?? 'fan_in')));
        const distribution = own(
          { uniform: 'uniform', normal: 'truncatedNormal', truncatednormal: 'truncatedNormal', untruncatednormal: 'normal' } as const,
          squash(String(cfg['distribution'] ?? 'normal')),
        );
        if (!mode) this.issue(`option '${key}' (VarianceScaling): mode ${describe(cfg['mode'])} is not fan_in, fan_out or fan_avg`);
        if (!distribution) this.issue(`option '${key}' (VarianceScaling): distribution ${describe(cfg['distribution'])} is not uniform, normal, truncated_normal or untruncated_normal`);
        if (scale === undefined || !mode || !distribution) return undefined;
        const kerasMode = fanModeToKeras[mode]!;
        const kerasDistribution = distributionToKeras[distribution]!;
        for (const [name, p] of Object.entries(variancePresets) as [PresetName, VariancePreset][]) {
          if (p.scale === scale && p.mode === kerasMode && p.distribution === kerasDistribution) return name;
        }
        return varianceScaling({ scale, mode, distribution });
      }
      case 'zeros': return 'zeros';
      case 'ones': return 'ones';
      case 'constant': {
        const value = num('value', 0);
        return value === undefined ? undefined : constant({ value });
      }
      case 'orthogonal': {
        const gain = num('gain', 1);
        return gain === undefined ? undefined : gain === 1 ? 'orthogonal' : orthogonal({ gain });
      }
      case 'identity': {
        const gain = num('gain', 1);
        return gain === undefined ? undefined : gain === 1 ? 'identity' : identity({ gain });
      }
      case 'randomuniform': {
        const minval = num('minval', -0.05);
        const maxval = num('maxval', 0.05);
        if (minval === undefined || maxval === undefined) return undefined;
        return minval === -0.05 && maxval === 0.05 ? 'randomUniform' : randomUniform({ minval, maxval });
      }
      case 'randomnormal':
      case 'truncatednormal': {
        const mean = num('mean', 0);
        const stddev = num('stddev', 0.05);
        if (mean === undefined || stddev === undefined) return undefined;
        const truncated = squashed === 'truncatednormal';
        if (mean === 0 && stddev === 0.05) return truncated ? 'truncatedNormal' : 'randomNormal';
        return truncated ? truncatedNormalInit({ mean, stddev }) : randomNormal({ mean, stddev });
      }
    }
    this.issue(`option '${key}' uses initializer class '${cls}', which lstm-ts does not have`);
    return undefined;
  }

  /** A regularizer as Keras/tfjs write it (`{ class_name: 'L1L2', config }`); undefined when unset. */
  regularizer(key: string): Regularizer | undefined {
    return this.trainingObject(key, regularizerFromKeras);
  }

  /** A constraint as Keras/tfjs write it (`{ class_name: 'MaxNorm', config }`); undefined when unset. */
  constraint(key: string): Constraint | undefined {
    return this.trainingObject(key, constraintFromKeras);
  }

  /** A training-only object read by `fromKeras`; one lstm-ts lacks is an issue, or dropped with ignoreTrainingOnlyOptions. */
  private trainingObject<T>(key: string, fromKeras: (value: unknown) => T): T | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    try {
      return fromKeras(v);
    } catch (e) {
      // It only changes training: loading for inference may drop it on request.
      if (this.ctx.options.ignoreTrainingOnlyOptions) return undefined;
      this.issue(`option '${key}': ${e instanceof Error ? e.message : String(e)} (pass ignoreTrainingOnlyOptions: true to load for inference without it)`);
      return undefined;
    }
  }

  /** Options lstm-ts has no equivalent for; only `null` (unset) is accepted. */
  trainingOnly(...keys: string[]): void {
    for (const key of keys) {
      const v = this.raw(key);
      if (v === undefined || v === null || this.ctx.options.ignoreTrainingOnlyOptions) continue;
      this.issue(
        `option '${key}' = ${describe(v)} is not supported (this layer holds no regularizers or constraints in lstm-ts; ` +
          `pass ignoreTrainingOnlyOptions: true to load for inference without it)`,
      );
    }
  }

  /** Options whose only supported values are `allowed` (absent is fine too). */
  only(key: string, allowed: readonly JsonValue[], why: string): void {
    const v = this.raw(key);
    if (v === undefined || allowed.some((a) => a === v)) return;
    this.issue(`option '${key}' = ${describe(v)} is not supported (${why})`);
  }

  /** The options every layer has. */
  base(): LayerArgs {
    const args: LayerArgs = {};
    const name = this.raw('name');
    if (typeof name === 'string') args.name = name;
    else if (name !== undefined && name !== null) this.bad('name', 'a string', name);
    const trainable = this.bool('trainable');
    if (trainable !== undefined) args.trainable = trainable;
    const dtype = this.dtype();
    if (dtype !== undefined) args.dtype = dtype;
    const shape = this.shape('batch_input_shape');
    if (shape) args.batchInputShape = shape;
    // Not written by tfjs or Keras, but accepted by tfjs's constructors in hand-written files.
    const inputShape = this.shape('input_shape');
    if (inputShape && !shape) args.inputShape = inputShape;
    const batchSize = this.number('batch_size', { integer: true, positive: true });
    if (batchSize !== undefined && !shape) args.batchSize = batchSize;
    const activity = this.regularizer('activity_regularizer');
    if (activity) args.activityRegularizer = activity;
    return args;
  }

  private dtype(): DType | undefined {
    const v = this.raw('dtype');
    if (v === undefined || v === null) return undefined;
    let name: JsonValue = v;
    // Keras 3: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } }.
    if (isJsonObject(v) && isJsonObject(v['config'])) name = v['config']['name'] ?? null;
    if (name === 'float32' || name === 'float64') return name;
    this.issue(`option 'dtype' = ${describe(v)} is not supported (only float32 and float64)`);
    return undefined;
  }

  /** Reports every key that no reader call looked at. */
  finish(): void {
    for (const key of Object.keys(this.config)) {
      if (!this.used.has(key)) this.issue(`unknown option '${key}' = ${describe(this.config[key]!)}`);
    }
  }
}

function compact<T extends object>(args: T): T {
  for (const key of Object.keys(args) as (keyof T)[]) if (args[key] === undefined) delete args[key];
  return args;
}

type Builder = (r: ConfigReader) => (() => Layer) | null;

/**
 * Each builder reads its keys and returns a constructor thunk (run after `finish`). LSTM, GRU and
 * SimpleRNN are read by their codecs (codecs/recurrent.ts), from their cells' descriptors.
 */
const builders: Record<SupportedLayerClass, Builder> = {
  Dense: (r) => {
    const args: DenseArgs = {
      ...r.base(),
      units: r.number('units', { required: true, integer: true, positive: true }) ?? 1,
      activation: r.activation('activation', 'linear'),
      useBias: r.bool('use_bias'),
      kernelInitializer: r.initializer('kernel_initializer', 'glorotNormal'),
      biasInitializer: r.initializer('bias_initializer', 'zeros'),
      inputDim: r.number('input_dim', { integer: true, positive: true }),
      kernelRegularizer: r.regularizer('kernel_regularizer'),
      biasRegularizer: r.regularizer('bias_regularizer'),
      kernelConstraint: r.constraint('kernel_constraint'),
      biasConstraint: r.constraint('bias_constraint'),
    };
    r.only('lora_rank', [null], 'LoRA is not implemented');
    r.only('quantization_config', [null], 'quantized layers are not implemented');
    return () => new Dense(compact(args));
  },
  Embedding: (r) => {
    const args: EmbeddingArgs = {
      ...r.base(),
      inputDim: r.number('input_dim', { required: true, integer: true, positive: true }) ?? 1,
      outputDim: r.number('output_dim', { required: true, integer: true, positive: true }) ?? 1,
      maskZero: r.bool('mask_zero'),
      embeddingsInitializer: r.initializer('embeddings_initializer', 'randomUniform'),
      embeddingsRegularizer: r.regularizer('embeddings_regularizer'),
      embeddingsConstraint: r.constraint('embeddings_constraint'),
    };
    const inputLength = r.raw('input_length');
    if (isShapeDim(inputLength) && inputLength !== null) args.inputLength = inputLength as number;
    else if (Array.isArray(inputLength) && inputLength.length === 1 && isShapeDim(inputLength[0]) && inputLength[0] !== null) args.inputLength = inputLength[0] as number;
    else if (inputLength !== undefined && inputLength !== null) r.issue(`option 'input_length' = ${describe(inputLength)} is not supported (a single integer or null)`);
    r.only('sparse', [false], 'sparse gradients are not implemented');
    r.only('lora_rank', [null], 'LoRA is not implemented');
    return () => new Embedding(compact(args));
  },
  Dropout: (r) => {
    const args: DropoutArgs = { ...r.base(), rate: r.number('rate', { required: true }) ?? 0 };
    const noise = r.shape('noise_shape');
    if (noise) args.noiseShape = noise;
    const seed = r.number('seed', { integer: true });
    if (seed !== undefined) args.seed = seed;
    return () => new Dropout(compact(args));
  },
  Masking: (r) => {
    const args: MaskingArgs = { ...r.base(), maskValue: r.number('mask_value') };
    return () => new Masking(compact(args));
  },
  LayerNormalization: (r) => {
    const args: LayerNormalizationArgs = {
      ...r.base(),
      epsilon: r.number('epsilon'),
      center: r.bool('center'),
      scale: r.bool('scale'),
      betaInitializer: r.initializer('beta_initializer', 'zeros'),
      gammaInitializer: r.initializer('gamma_initializer', 'ones'),
    };
    const axis = r.raw('axis');
    if (typeof axis === 'number' && Number.isInteger(axis)) args.axis = axis;
    else if (Array.isArray(axis) && axis.length === 1 && typeof axis[0] === 'number') args.axis = axis[0];
    else if (axis !== undefined && axis !== null) r.issue(`option 'axis' = ${describe(axis)} is not supported (only the last axis)`);
    r.trainingOnly('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint');
    r.only('rms_scaling', [false], 'RMS scaling is not implemented');
    return () => new LayerNormalization(compact(args));
  },
  Activation: (r) => {
    const base = r.base();
    const act = r.activation('activation', 'linear');
    if (r.raw('activation') === undefined) r.issue(`option 'activation' is required`);
    return act ? () => new Activation({ ...base, activation: act }) : null;
  },
  Flatten: (r) => {
    const base = r.base();
    r.only('data_format', [null, 'channels_last', 'channelsLast'], 'only channels_last');
    return () => new Flatten(compact(base));
  },
  Reshape: (r) => {
    const base = r.base();
    const target = r.shape('target_shape', true);
    if (!target) {
      if (r.raw('target_shape') === undefined) r.issue(`option 'target_shape' is required`);
      return null;
    }
    // tfjs writes an inferred axis as null, Keras as -1; lstm-ts uses -1.
    return () => new Reshape({ ...compact(base), targetShape: target.map((d) => (d === null || d < 0 ? -1 : d)) });
  },
  Bidirectional: (r) => {
    const base = r.base();
    const mergeRaw = r.raw('merge_mode');
    let mergeMode: MergeMode | undefined;
    if (mergeRaw === undefined || mergeRaw === 'concat' || mergeRaw === 'sum' || mergeRaw === 'mul' || mergeRaw === 'ave') {
      mergeMode = mergeRaw ?? 'concat';
    } else {
      r.issue(`option 'merge_mode' = ${describe(mergeRaw)} is not supported (concat, sum, mul or ave; null would return two outputs)`);
    }
    r.only('num_constants', [null], 'RNN constants are not implemented');
    const layerSpec = r.raw('layer');
    const backward = r.raw('backward_layer');
    // Keras 3 always writes the backward layer; accepted when it is the forward layer reversed.
    if (backward !== undefined && backward !== null && !isMirrorLayer(layerSpec, backward)) {
      r.issue(
        `option 'backward_layer' is a custom backward layer, which is not supported ` +
          `(lstm-ts's backward layer is always a copy of the forward one with go_backwards flipped)`,
      );
    }
    const inner = readWrapped(r, 'layer', backward !== undefined && backward !== null ? forwardName : undefined);
    if (!inner) return null;
    return () => {
      const layer = inner();
      if (!(layer instanceof RecurrentLayer)) {
        throw new ValueError(`the wrapped layer must be a recurrent layer (LSTM, GRU, SimpleRNN, RNN), got ${layer.className}`);
      }
      // An input shape on the inner layer (where Keras users often put it) reaches the wrapper
      // through lstm-ts's Bidirectional constructor.
      const args: BidirectionalArgs = { ...compact(base), layer, ...(mergeMode ? { mergeMode } : {}) };
      return new Bidirectional(args);
    };
  },
  TimeDistributed: (r) => {
    const base = r.base();
    const inner = readWrapped(r, 'layer');
    if (!inner) return null;
    return () => new TimeDistributed({ ...compact(base), layer: inner() });
  },
};

/**
 * Reads a wrapper's `layer` entry; `rename` may change the inner layer's name (a Keras 3
 * Bidirectional names its forward layer `forward_<name>`).
 */
function readWrapped(r: ConfigReader, key: string, rename?: (spec: JsonObject) => JsonObject): (() => Layer) | null {
  const spec = r.raw(key);
  if (!isJsonObject(spec)) {
    r.issue(`option '${key}' expected a layer ({ class_name, config }), got ${describe(spec ?? null)}`);
    return null;
  }
  return readLayer(rename ? rename(spec) : spec, r.ctx, `${r.label} > `);
}

/**
 * Keras 3 writes a Bidirectional's forward layer as `forward_<name>` (its weights then live
 * under `forward_<name>`, as in tfjs and Keras 2 where the config keeps `<name>`); the prefix is
 * dropped so that lstm-ts names the two directions `forward_<name>` and `backward_<name>` too.
 */
function forwardName(spec: JsonObject): JsonObject {
  const config = spec['config'];
  if (!isJsonObject(config) || typeof config['name'] !== 'string' || !config['name'].startsWith('forward_')) return spec;
  return { ...spec, config: { ...config, name: config['name'].slice('forward_'.length) } };
}

/** JSON equality, ignoring Keras 3's `shared_object_id` bookkeeping. */
function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    keys.delete('shared_object_id');
    return [...keys].every((k) => sameJson(a[k], b[k]));
  }
  return false;
}

/** True when `backward` is `forward` with go_backwards flipped (names may differ). */
function isMirrorLayer(forward: JsonValue | undefined, backward: JsonValue): boolean {
  if (!isJsonObject(forward) || !isJsonObject(backward)) return false;
  const f = forward['config'];
  const b = backward['config'];
  if (!isJsonObject(f) || !isJsonObject(b)) return false;
  if (forward['class_name'] !== backward['class_name']) return false;
  if ((f['go_backwards'] ?? false) === (b['go_backwards'] ?? false)) return false;
  const strip = (c: JsonObject): JsonObject => {
    const { name: _name, go_backwards: _gb, ...rest } = c;
    return rest;
  };
  return sameJson(strip(f), strip(b));
}

/**
 * Reads one `{ class_name, config }` and returns a thunk that constructs the layer, or null
 * when issues were recorded. Nothing is constructed until every layer of a model was read.
 */
function readLayer(spec: JsonObject, ctx: ReadContext, prefix = ''): (() => Layer) | null {
  const className = spec['class_name'] ?? spec['className'];
  const config = spec['config'] ?? {};
  const name = isJsonObject(config) && typeof config['name'] === 'string' ? config['name'] : '?';
  const label = `${prefix}layer '${name}' (${typeof className === 'string' ? className : '?'})`;
  if (typeof className !== 'string') {
    ctx.issues.push(`${label}: missing 'class_name'`);
    return null;
  }
  if (!isJsonObject(config)) {
    ctx.issues.push(`${label}: 'config' expected an object, got ${describe(config)}`);
    return null;
  }
  const codec = layerCodecs.find((c) => c.className === className);
  if (!codec && !(supportedLayerClasses as readonly string[]).includes(className)) {
    ctx.issues.push(`${label}: unknown layer class '${className}' (lstm-ts reads ${readableClassNames().join(', ')})`);
    return null;
  }
  const before = ctx.issues.length;
  const r = new ConfigReader(config, label, ctx);
  const thunk = codec ? codec.read(r) : builders[className as SupportedLayerClass](r);
  r.finish();
  if (!thunk || ctx.issues.length > before) return null;
  return () => {
    try {
      return thunk();
    } catch (e) {
      throw new ValueError(`${label}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/**
 * Reads a list of layer configs, collecting every problem before throwing one
 * `UnsupportedModelError`; then constructs the layers (a constructor's own validation error,
 * e.g. a dropout rate of 1.5, is also collected).
 * @internal used by the model loader.
 */
export function layersFromConfigs(specs: readonly JsonObject[], where: string, options: LayerReadOptions = {}, issues: string[] = []): Layer[] {
  // Wrappers are read recursively: a config nested deeper than any real one is refused first.
  assertJsonDepth(specs, where, 'the layer configs');
  const ctx: ReadContext = { issues, options };
  const thunks = specs.map((spec) => readLayer(spec, ctx));
  if (issues.length) throw new UnsupportedModelError(where, issues);
  const out: Layer[] = [];
  for (const thunk of thunks) {
    try {
      out.push(thunk!());
    } catch (e) {
      issues.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (issues.length) throw new UnsupportedModelError(where, issues);
  return out;
}

/**
 * Builds an lstm-ts layer from a Keras / tfjs layer config. Unknown classes and unsupported
 * options throw one `UnsupportedModelError` listing all of them.
 * @example layerFromConfig({ class_name: 'Dense', config: { units: 3, activation: 'relu' } })
 */
export function layerFromConfig(spec: KerasLayerConfig | JsonObject, options: LayerReadOptions = {}): Layer {
  if (!isJsonObject(spec)) throw new ValueError(`layerFromConfig: argument 'spec' expected { class_name, config }, got ${describe(spec)}`);
  return layersFromConfigs([spec as JsonObject], 'layerFromConfig', options)[0]!;
}

// ---------------------------------------------------------------------------------------------
// Writing configs

type ShapeOrNull = (number | null)[] | null;

/** name, trainable, batch_input_shape (when set), dtype: the tail tfjs's Layer.getConfig adds. */
function baseConfig(layer: Layer, shape: ShapeOrNull): JsonObject {
  const out: JsonObject = { name: layer.name, trainable: layer.trainable };
  if (shape) out['batch_input_shape'] = [...shape];
  out['dtype'] = layer.dtype;
  return out;
}

const nullOptions = (...keys: string[]): JsonObject => Object.fromEntries(keys.map((k) => [k, null]));

interface WriteContext {
  issues: string[];
}

/**
 * One layer's config. `shape` is the batch_input_shape to write: the layer's own, or the
 * inferred one of a first layer built from data; null writes none (a Bidirectional's inner
 * layer, whose shape lives on the wrapper).
 */
function writeLayer(layer: Layer, ctx: WriteContext, shape: ShapeOrNull): KerasLayerConfig | null {
  const written = writeLayerConfig(layer, ctx, shape);
  // Saving must not drop what changes training: a class whose config has no place for it refuses.
  if (written && layer.activityRegularizer && !Object.hasOwn(written.config, 'activity_regularizer')) {
    ctx.issues.push(`layer '${layer.name}' (${layer.className}): its activityRegularizer has no place in a ${written.class_name} config; remove it before saving`);
    return null;
  }
  return written;
}

function regularizerOrNull(r: Regularizer | null): JsonValue {
  return r ? regularizerToKeras(r) : null;
}

function constraintOrNull(c: Constraint | null): JsonValue {
  return c ? (constraintToKeras(c) as unknown as JsonValue) : null;
}

function writeLayerConfig(layer: Layer, ctx: WriteContext, shape: ShapeOrNull): KerasLayerConfig | null {
  const label = `layer '${layer.name}' (${layer.className})`;
  const cfg = layer.getConfig();
  const init = (key: string): JsonValue => initializerToKeras(cfg[key], `${label}: option '${key}'`, ctx.issues);
  const act = (key: string, name: ActivationName): string => activationNameToKeras(name, label, key, ctx.issues);
  const base = (): JsonObject => baseConfig(layer, shape);

  if (layer instanceof Dense) {
    return {
      class_name: 'Dense',
      config: {
        units: layer.units,
        activation: act('activation', layer.activation),
        use_bias: layer.useBias,
        kernel_initializer: init('kernelInitializer'),
        bias_initializer: init('biasInitializer'),
        kernel_regularizer: regularizerOrNull(layer.kernelRegularizer),
        bias_regularizer: regularizerOrNull(layer.biasRegularizer),
        activity_regularizer: regularizerOrNull(layer.activityRegularizer),
        kernel_constraint: constraintOrNull(layer.kernelConstraint),
        bias_constraint: constraintOrNull(layer.biasConstraint),
        ...base(),
      },
    };
  }
  if (layer instanceof Embedding) {
    return {
      class_name: 'Embedding',
      config: {
        input_dim: layer.inputDim,
        output_dim: layer.outputDim,
        embeddings_initializer: init('embeddingsInitializer'),
        embeddings_regularizer: regularizerOrNull(layer.embeddingsRegularizer),
        activity_regularizer: regularizerOrNull(layer.activityRegularizer),
        embeddings_constraint: constraintOrNull(layer.embeddingsConstraint),
        mask_zero: layer.maskZero,
        input_length: layer.inputLength,
        ...base(),
      },
    };
  }
  if (layer instanceof Dropout) {
    return {
      class_name: 'Dropout',
      config: { rate: layer.rate, noise_shape: layer.noiseShape ? [...layer.noiseShape] : null, seed: layer.seed, ...base() },
    };
  }
  if (layer instanceof Masking) {
    return { class_name: 'Masking', config: { mask_value: layer.maskValue, ...base() } };
  }
  if (layer instanceof LayerNormalization) {
    return {
      class_name: 'LayerNormalization',
      config: {
        axis: layer.axis,
        epsilon: layer.epsilon,
        center: layer.center,
        scale: layer.scale,
        beta_initializer: init('betaInitializer'),
        gamma_initializer: init('gammaInitializer'),
        beta_regularizer: null,
        gamma_regularizer: null,
        ...base(),
      },
    };
  }
  if (layer instanceof Activation) {
    return { class_name: 'Activation', config: { activation: act('activation', layer.activation), ...base() } };
  }
  if (layer instanceof Flatten) {
    return { class_name: 'Flatten', config: base() }; // tfjs 4.x writes no data_format
  }
  if (layer instanceof Reshape) {
    // tfjs cannot infer a free (-1) axis while the batch axis is unknown (its Reshape then
    // reports an undefined shape downstream), so a built layer writes the resolved shape.
    const input = layer.builtInputShape;
    const resolved = input && input.slice(1).every((d) => d !== null) ? (layer.computeOutputShape(input).slice(1) as number[]) : null;
    const target = resolved ?? layer.targetShape.map((d) => (d === -1 ? null : d));
    return { class_name: 'Reshape', config: { target_shape: target, ...base() } };
  }
  if (layer instanceof Bidirectional) {
    const inner = writeLayer(layer.forwardLayer, ctx, null);
    if (!inner) return null;
    return { class_name: 'Bidirectional', config: { merge_mode: layer.mergeMode, layer: { ...inner }, ...base() } };
  }
  if (layer instanceof TimeDistributed) {
    const inner = writeLayer(layer.layer, ctx, layer.layer.batchInputShape);
    if (!inner) return null;
    return { class_name: 'TimeDistributed', config: { layer: { ...inner }, ...base() } };
  }
  const codec = layerCodecs.find((c) => c.handles(layer));
  if (codec) {
    const writer: LayerWriter = {
      base,
      initializer: init,
      activation: act,
      issue: (message) => ctx.issues.push(`${label}: ${message}`),
      inner: (innerLayer, innerShape) => writeLayer(innerLayer, ctx, innerShape),
      regularizer: regularizerOrNull,
      constraint: constraintOrNull,
    };
    const config = codec.write(layer, writer);
    return config ? { class_name: codec.className, config } : null;
  }
  ctx.issues.push(`${label}: lstm-ts cannot save layers of class '${layer.className}' (it saves ${readableClassNames().join(', ')})`);
  return null;
}

/** Every class name this registry reads and writes: the built-in table's and the codecs'. */
function readableClassNames(): string[] {
  return [...supportedLayerClasses, ...layerCodecs.map((c) => c.className)];
}

/**
 * The layer as tfjs's `toJSON` writes it: `{ class_name, config }` with snake_case keys.
 * `batchInputShape` fills in `batch_input_shape` for a first layer whose shape was inferred.
 * @internal the `batchInputShape` argument is for the model writer.
 */
export function layersToConfigs(
  layers: readonly Layer[],
  where: string,
  firstBatchInputShape: (number | null)[] | null = null,
): KerasLayerConfig[] {
  const ctx: WriteContext = { issues: [] };
  const out = layers.map((layer, i) =>
    writeLayer(layer, ctx, layer.batchInputShape ?? (i === 0 ? firstBatchInputShape : null)),
  );
  if (ctx.issues.length) throw new UnsupportedModelError(where, ctx.issues);
  return out as KerasLayerConfig[];
}

/**
 * A layer's Keras / tfjs config, e.g. `{ class_name: 'LSTM', config: { units: 8, ... } }`.
 * Throws one `UnsupportedModelError` for layer classes or initializers tfjs cannot express.
 * @example io.layerToConfig(layers.lstm({ units: 8 })).config.return_sequences // false
 */
export function layerToConfig(layer: Layer): KerasLayerConfig {
  return layersToConfigs([layer], 'layerToConfig')[0]!;
}
