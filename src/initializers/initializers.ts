/**
 * Weight initialisers with TensorFlow.js names and Keras's formulas. Each draws from the
 * library's seeded stream (`setSeed`), so the same seed gives the same weights.
 */
import { ValueError } from '../tensor/errors.js';
import { normal, truncatedNormal, uniform } from '../tensor/random.js';
import { allocate, type DType, type FloatArray, shapeSize } from '../tensor/tensor.js';

/**
 * Draws a weight's starting values; what every initialiser factory here returns and what the
 * layers' `kernelInitializer`-style options accept.
 * @example
 * const init: Initializer = glorotUniform();
 * const values = init.apply([10, 4]); // 40 values in ±sqrt(6 / (10 + 4))
 */
export interface Initializer {
  /** The Keras/tfjs class name, e.g. 'GlorotUniform'; saved in model configs. */
  readonly className: string;
  /** Fresh values for a weight of `shape`. */
  apply(shape: readonly number[], dtype?: DType): FloatArray;
  /** The options that rebuild it, e.g. `{ mean, stddev }` for RandomNormal (camelCase; the model writer converts them for Keras). */
  getConfig(): Record<string, unknown>;
}

/**
 * fanIn and fanOut as Keras computes them (last two dims; leading dims are receptive field).
 * @example computeFans([3, 5, 8]) // { fanIn: 15, fanOut: 24 }
 */
export function computeFans(shape: readonly number[]): {
  /** Inputs feeding each unit: the second-to-last dim times the receptive field. */
  fanIn: number;
  /** Units each input feeds: the last dim times the receptive field. */
  fanOut: number;
} {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i]!;
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

function make(
  className: string,
  config: Record<string, unknown>,
  draw: (shape: readonly number[], out: FloatArray) => void,
): Initializer {
  return {
    className,
    apply(shape, dtype = 'float32') {
      const out = allocate(dtype, shapeSize(shape));
      draw(shape, out);
      return out;
    },
    getConfig: () => ({ ...config }),
  };
}

/**
 * All zeros.
 * @example layers.dense({ units: 4, biasInitializer: initializers.zeros() })
 */
export function zeros(): Initializer {
  return make('Zeros', {}, () => {});
}

/**
 * All ones.
 * @example layers.layerNormalization({ gammaInitializer: initializers.ones() })
 */
export function ones(): Initializer {
  return make('Ones', {}, (_s, out) => out.fill(1));
}

/** Every entry `value`. @example initializers.constant({ value: 0.5 }) */
export function constant(args: { value: number }): Initializer {
  return make('Constant', { value: args.value }, (_s, out) => out.fill(args.value));
}

/**
 * Uniform in [minval, maxval) (tfjs defaults -0.05, 0.05).
 * @example layers.embedding({ inputDim: 100, outputDim: 8, embeddingsInitializer: initializers.randomUniform({ minval: -0.1, maxval: 0.1 }) })
 */
export function randomUniform(args: { minval?: number; maxval?: number } = {}): Initializer {
  const minval = args.minval ?? -0.05;
  const maxval = args.maxval ?? 0.05;
  return make('RandomUniform', { minval, maxval }, (_s, out) => {
    for (let i = 0; i < out.length; i++) out[i] = uniform(minval, maxval);
  });
}

/**
 * Normal with `mean`, `stddev` (tfjs defaults 0, 0.05).
 * @example initializers.randomNormal({ stddev: 1 }) // PyTorch's nn.Embedding default
 */
export function randomNormal(args: { mean?: number; stddev?: number } = {}): Initializer {
  const mean = args.mean ?? 0;
  const stddev = args.stddev ?? 0.05;
  return make('RandomNormal', { mean, stddev }, (_s, out) => {
    for (let i = 0; i < out.length; i++) out[i] = normal(mean, stddev);
  });
}

/**
 * Normal re-drawn beyond two standard deviations (exported as `initializers.truncatedNormal`).
 * @example layers.dense({ units: 8, kernelInitializer: initializers.truncatedNormal({ stddev: 0.02 }) })
 */
export function truncatedNormalInit(args: { mean?: number; stddev?: number } = {}): Initializer {
  const mean = args.mean ?? 0;
  const stddev = args.stddev ?? 0.05;
  return make('TruncatedNormal', { mean, stddev }, (_s, out) => {
    for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(mean, stddev);
  });
}

/** Which fan a variance-scaling initializer divides by: inputs, outputs or their mean. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
/** The distribution a variance-scaling initializer draws from. */
export type Distribution = 'uniform' | 'normal' | 'truncatedNormal';

/**
 * Keras's VarianceScaling: the family behind glorot, he and lecun. Variance `scale / n`, where
 * n is fanIn, fanOut or their mean (`mode`, default fanIn; default scale 1, truncatedNormal).
 * @example initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'normal' })
 */
export function varianceScaling(
  args: { scale?: number; mode?: FanMode; distribution?: Distribution } = {},
  className = 'VarianceScaling',
): Initializer {
  const scale = args.scale ?? 1;
  const mode = args.mode ?? 'fanIn';
  const distribution = args.distribution ?? 'truncatedNormal';
  return make(className, { scale, mode, distribution }, (shape, out) => {
    const { fanIn, fanOut } = computeFans(shape);
    const n = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      for (let i = 0; i < out.length; i++) out[i] = uniform(-limit, limit);
    } else if (distribution === 'normal') {
      const std = Math.sqrt(variance);
      for (let i = 0; i < out.length; i++) out[i] = normal(0, std);
    } else {
      // 0.8796... is the stddev of a unit normal truncated at +-2, as Keras corrects for.
      const std = Math.sqrt(variance) / 0.87962566103423978;
      for (let i = 0; i < out.length; i++) out[i] = truncatedNormal(0, std);
    }
  });
}

/**
 * Uniform in +-sqrt(6 / (fanIn + fanOut)): the Keras default kernel initialiser.
 * @example layers.lstm({ units: 32, kernelInitializer: initializers.glorotUniform() })
 */
export function glorotUniform(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'uniform' }, 'GlorotUniform');
}
/**
 * Truncated normal with variance 2 / (fanIn + fanOut).
 * @example layers.dense({ units: 16, kernelInitializer: initializers.glorotNormal() })
 */
export function glorotNormal(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal' }, 'GlorotNormal');
}
/**
 * Uniform with variance 2 / fanIn.
 * @example layers.dense({ units: 64, activation: 'relu', kernelInitializer: initializers.heUniform() })
 */
export function heUniform(): Initializer {
  return varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' }, 'HeUniform');
}
/**
 * Truncated normal with variance 2 / fanIn.
 * @example layers.dense({ units: 64, activation: 'relu', kernelInitializer: initializers.heNormal() })
 */
export function heNormal(): Initializer {
  return varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'truncatedNormal' }, 'HeNormal');
}
/**
 * Uniform with variance 1 / fanIn.
 * @example layers.dense({ units: 32, kernelInitializer: initializers.lecunUniform() })
 */
export function lecunUniform(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'uniform' }, 'LeCunUniform');
}
/**
 * Truncated normal with variance 1 / fanIn.
 * @example layers.dense({ units: 32, kernelInitializer: initializers.lecunNormal() })
 */
export function lecunNormal(): Initializer {
  return varianceScaling({ scale: 1, mode: 'fanIn', distribution: 'truncatedNormal' }, 'LeCunNormal');
}

/**
 * Identity matrix times `gain` (2-D square or rectangular weights only).
 * @example layers.simpleRNN({ units: 8, activation: 'relu', recurrentInitializer: initializers.identity() }) // an IRNN
 */
export function identity(args: { gain?: number } = {}): Initializer {
  const gain = args.gain ?? 1;
  return make('Identity', { gain }, (shape, out) => {
    if (shape.length !== 2) throw new ValueError(`initializers.identity: expected a 2-D weight, got rank ${shape.length}`);
    const [r, c] = shape as [number, number];
    for (let i = 0; i < Math.min(r, c); i++) out[i * c + i] = gain;
  });
}

/**
 * A random orthogonal matrix (Keras's default recurrent initialiser): QR of a normal matrix,
 * with the signs of R's diagonal folded into Q so the distribution is uniform (Haar).
 * @example layers.gru({ units: 32, recurrentInitializer: initializers.orthogonal({ gain: 1 }) })
 */
export function orthogonal(args: { gain?: number } = {}): Initializer {
  const gain = args.gain ?? 1;
  return make('Orthogonal', { gain }, (shape, out) => {
    if (shape.length < 2) throw new ValueError(`initializers.orthogonal: expected a weight of rank >= 2, got rank ${shape.length}`);
    const cols = shape[shape.length - 1]!;
    const rows = out.length / cols;
    // Work on the tall orientation: n >= m, producing n x m with orthonormal columns.
    const n = Math.max(rows, cols);
    const m = Math.min(rows, cols);
    const a = new Float64Array(n * m); // column-major: column j at a[j*n ...]
    for (let i = 0; i < a.length; i++) a[i] = normal();
    // Modified Gram-Schmidt gives Q with R's diagonal positive, i.e. Q * sign(diag(R)) of a
    // Householder QR, which is exactly the sign correction Keras applies.
    for (let j = 0; j < m; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += a[k * n + i]! * a[j * n + i]!;
        for (let i = 0; i < n; i++) a[j * n + i]! -= dot * a[k * n + i]!;
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += a[j * n + i]! ** 2;
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) a[j * n + i]! /= norm;
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // rows >= cols: Q[r][c] is column c entry r; otherwise the transpose.
        out[r * cols + c] = gain * (rows >= cols ? a[c * n + r]! : a[r * n + c]!);
      }
    }
  });
}

/** The tfjs names of the built-in initialisers, accepted wherever an initialiser is. */
export type InitializerName =
  | 'zeros' | 'ones' | 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal'
  | 'lecunUniform' | 'lecunNormal' | 'orthogonal' | 'randomUniform' | 'randomNormal'
  | 'truncatedNormal' | 'identity';

/** An initialiser object or its tfjs name. */
export type InitializerLike = Initializer | InitializerName;

const byName: Record<InitializerName, () => Initializer> = {
  zeros, ones, glorotUniform, glorotNormal, heUniform, heNormal, lecunUniform, lecunNormal,
  orthogonal, randomUniform, randomNormal, truncatedNormal: truncatedNormalInit, identity,
};

/** Above 0 while `withoutInitialization` runs: weights are then created as zeros. */
let skipping = 0;

/**
 * Runs `fn` (synchronously) with every weight created inside it left at zero instead of
 * drawn. For loaders that overwrite every weight right after building: drawing them first
 * would be wasted work, and an orthogonal matrix for a large LSTM takes seconds.
 */
export function withoutInitialization<T>(fn: () => T): T {
  skipping++;
  try {
    return fn();
  } finally {
    skipping--;
  }
}

/**
 * Resolves a name or passes an initialiser through; unknown names throw naming the option.
 * @example getInitializer('heNormal', 'myLayer', 'kernelInitializer').apply([4, 8])
 */
export function getInitializer(value: InitializerLike, where: string, argName: string): Initializer {
  if (skipping > 0) return zeros();
  if (typeof value === 'object' && value !== null && typeof value.apply === 'function') return value;
  if (typeof value === 'string' && value in byName) return byName[value as InitializerName]();
  throw new ValueError(
    `${where}: option '${argName}' expected an initializer or one of ${Object.keys(byName).map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(value)}`,
  );
}
