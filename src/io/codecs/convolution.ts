/**
 * Conv1D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling1D, GlobalMaxPooling1D and
 * BatchNormalization in the Keras / tfjs layers format. `write` gives the keys tfjs 4.22's
 * `getConfig` gives, in its order (sizes as one-element lists, `null` for the regularizers and
 * constraints lstm-ts does not apply yet); `read` also takes what Python Keras 2 and 3 write
 * (`data_format` channels_last, Keras 3's `groups` 1 and `synchronized` false, Keras 2's
 * `fused`, `renorm` false, `virtual_batch_size`/`adjustment` null). Weights are Keras's:
 * Conv1D kernel `[kernelSize, inChannels, filters]` then bias; BatchNormalization gamma, beta,
 * moving_mean, moving_variance (the Keras files' order, so positional loading needs no map).
 *
 * Deliberate differences: GlobalPooling1D writes `keepdims` only when true (tfjs has no such
 * option); a config without `kernel_initializer` reads as tfjs's default glorotNormal (as every
 * missing key here takes tfjs's default), while `layers.conv1d` defaults to Keras's glorotUniform.
 */
import { ValueError, formatShape } from '../../tensor/errors.js';
import type { Layer, Shape } from '../../layers/layer.js';
import { Conv1D, type Conv1DArgs } from '../../layers/conv/conv1d.js';
import { AveragePooling1D, MaxPooling1D, Pooling1D, type Pooling1DArgs } from '../../layers/conv/pooling1d.js';
import { GlobalAveragePooling1D, GlobalMaxPooling1D, GlobalPooling1D, type GlobalPooling1DArgs } from '../../layers/conv/globalPooling1d.js';
import { BatchNormalization, type BatchNormalizationArgs } from '../../layers/batchNormalization.js';
import type { ConfigReader } from '../layerRegistry.js';
import type { LayerCodec } from './codec.js';

const CHANNELS_LAST = [null, 'channels_last', 'channelsLast'];

/** A size written as `n` or `[n]` (Keras and tfjs save `[n]`). */
function size(r: ConfigReader, key: string, required = false): number | undefined {
  const v = r.raw(key);
  if (v === undefined || v === null) {
    if (required) r.issue(`option '${key}' is required`);
    return undefined;
  }
  const n = Array.isArray(v) && v.length === 1 ? v[0] : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    r.issue(`option '${key}' expected a positive integer or a list of one, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return n;
}

function oneOf<T extends string>(r: ConfigReader, key: string, allowed: readonly T[]): T | undefined {
  const v = r.raw(key);
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  r.issue(`option '${key}' = ${JSON.stringify(v)} is not supported (expected ${allowed.map((a) => `'${a}'`).join(', ')})`);
  return undefined;
}

function compact<T extends object>(args: T): T {
  for (const key of Object.keys(args) as (keyof T)[]) if (args[key] === undefined) delete args[key];
  return args;
}

function lastAxis(layer: Layer, inputShape: Shape | Shape[]): number {
  const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
  const last = shape[shape.length - 1];
  if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 1) {
    throw new ValueError(`layer '${layer.name}' (${layer.className}) gets input shape ${formatShape(shape)}; its last axis must be a known positive size to hold weights`);
  }
  return last;
}

/** Conv1D: filters, kernel_size, strides, padding (valid/same/causal), dilation_rate, activation, use_bias, initializers. */
export const conv1dCodec: LayerCodec = {
  className: 'Conv1D',
  handles: (layer) => layer instanceof Conv1D,
  read(r) {
    const filters = r.number('filters', { required: true, integer: true, positive: true });
    const kernelSize = size(r, 'kernel_size', true);
    const args: Partial<Conv1DArgs> = {
      ...r.base(),
      strides: size(r, 'strides'),
      padding: oneOf(r, 'padding', ['valid', 'same', 'causal'] as const),
      dilationRate: size(r, 'dilation_rate'),
      activation: r.activation('activation', 'linear'),
      useBias: r.bool('use_bias'),
      kernelInitializer: r.initializer('kernel_initializer', 'glorotNormal'),
      biasInitializer: r.initializer('bias_initializer', 'zeros'),
      kernelRegularizer: r.regularizer('kernel_regularizer'),
      biasRegularizer: r.regularizer('bias_regularizer'),
      kernelConstraint: r.constraint('kernel_constraint'),
      biasConstraint: r.constraint('bias_constraint'),
    };
    r.only('data_format', CHANNELS_LAST, 'only channels_last');
    r.only('groups', [null, 1], 'grouped convolution is not implemented');
    if (filters === undefined || kernelSize === undefined) return null;
    return () => new Conv1D(compact({ ...args, filters, kernelSize }));
  },
  write(layer, w) {
    const l = layer as Conv1D;
    return {
      filters: l.filters,
      kernel_initializer: w.initializer('kernelInitializer'),
      kernel_regularizer: w.regularizer(l.penalties.kernelRegularizer),
      kernel_constraint: w.constraint(l.penalties.kernelConstraint),
      kernel_size: [l.kernelSize],
      strides: [l.strides],
      padding: l.padding,
      dilation_rate: [l.dilationRate],
      activation: w.activation('activation', l.activation),
      use_bias: l.useBias,
      bias_initializer: w.initializer('biasInitializer'),
      bias_regularizer: w.regularizer(l.penalties.biasRegularizer),
      activity_regularizer: w.regularizer(l.activityRegularizer),
      bias_constraint: w.constraint(l.penalties.biasConstraint),
      ...w.base(),
    };
  },
  plannedWeights(layer, inputShape) {
    const l = layer as Conv1D;
    const out: [string, number[]][] = [['kernel', [l.kernelSize, lastAxis(layer, inputShape), l.filters]]];
    if (l.useBias) out.push(['bias', [l.filters]]);
    return out;
  },
};

function poolingCodec(className: string, make: (args: Pooling1DArgs) => Pooling1D, cls: typeof MaxPooling1D | typeof AveragePooling1D): LayerCodec {
  return {
    className,
    handles: (layer) => layer instanceof cls,
    read(r) {
      const args: Pooling1DArgs = {
        ...r.base(),
        poolSize: size(r, 'pool_size'),
        strides: size(r, 'strides'),
        padding: oneOf(r, 'padding', ['valid', 'same'] as const),
      };
      r.only('data_format', CHANNELS_LAST, 'only channels_last');
      return () => make(compact(args));
    },
    write(layer, w) {
      const l = layer as Pooling1D;
      return { pool_size: [l.poolSize], padding: l.padding, strides: [l.strides], ...w.base() };
    },
    plannedWeights: () => [],
  };
}

/** MaxPooling1D: pool_size, strides, padding (valid/same). */
export const maxPooling1dCodec = poolingCodec('MaxPooling1D', (a) => new MaxPooling1D(a), MaxPooling1D);
/** AveragePooling1D: pool_size, strides, padding (valid/same). */
export const averagePooling1dCodec = poolingCodec('AveragePooling1D', (a) => new AveragePooling1D(a), AveragePooling1D);

function globalPoolingCodec(
  className: string, make: (args: GlobalPooling1DArgs) => GlobalPooling1D, cls: typeof GlobalAveragePooling1D | typeof GlobalMaxPooling1D,
): LayerCodec {
  return {
    className,
    handles: (layer) => layer instanceof cls,
    read(r) {
      const args: GlobalPooling1DArgs = { ...r.base(), keepdims: r.bool('keepdims') };
      r.only('data_format', CHANNELS_LAST, 'only channels_last');
      return () => make(compact(args));
    },
    write(layer, w) {
      const l = layer as GlobalPooling1D;
      return l.keepdims ? { keepdims: true, ...w.base() } : w.base();
    },
    plannedWeights: () => [],
  };
}

/** GlobalAveragePooling1D: keepdims (Keras; tfjs has none). */
export const globalAveragePooling1dCodec = globalPoolingCodec('GlobalAveragePooling1D', (a) => new GlobalAveragePooling1D(a), GlobalAveragePooling1D);
/** GlobalMaxPooling1D: keepdims (Keras; tfjs has none). */
export const globalMaxPooling1dCodec = globalPoolingCodec('GlobalMaxPooling1D', (a) => new GlobalMaxPooling1D(a), GlobalMaxPooling1D);

/** BatchNormalization over the last axis: momentum, epsilon, center, scale, four initializers. */
export const batchNormalizationCodec: LayerCodec = {
  className: 'BatchNormalization',
  handles: (layer) => layer instanceof BatchNormalization,
  read(r) {
    const args: BatchNormalizationArgs = {
      ...r.base(),
      momentum: r.number('momentum'),
      epsilon: r.number('epsilon'),
      center: r.bool('center'),
      scale: r.bool('scale'),
      betaInitializer: r.initializer('beta_initializer', 'zeros'),
      gammaInitializer: r.initializer('gamma_initializer', 'ones'),
      movingMeanInitializer: r.initializer('moving_mean_initializer', 'zeros'),
      movingVarianceInitializer: r.initializer('moving_variance_initializer', 'ones'),
    };
    const axis = r.raw('axis');
    if (typeof axis === 'number' && Number.isInteger(axis)) args.axis = axis;
    else if (Array.isArray(axis) && axis.length === 1 && typeof axis[0] === 'number' && Number.isInteger(axis[0])) args.axis = axis[0];
    else if (axis !== undefined && axis !== null) r.issue(`option 'axis' = ${JSON.stringify(axis)} is not supported (only the last axis)`);
    r.trainingOnly('beta_regularizer', 'gamma_regularizer', 'beta_constraint', 'gamma_constraint');
    r.only('synchronized', [false], 'cross-replica statistics do not apply to one process');
    r.only('renorm', [false], 'batch renormalization is not implemented');
    r.only('virtual_batch_size', [null], 'ghost batch normalization is not implemented');
    r.only('adjustment', [null], 'adjustment functions cannot be read from a file');
    r.ignore('fused', 'renorm_clipping', 'renorm_momentum');
    return () => new BatchNormalization(compact(args));
  },
  write(layer, w) {
    const l = layer as BatchNormalization;
    return {
      axis: l.axis,
      momentum: l.momentum,
      epsilon: l.epsilon,
      center: l.center,
      scale: l.scale,
      beta_initializer: w.initializer('betaInitializer'),
      gamma_initializer: w.initializer('gammaInitializer'),
      moving_mean_initializer: w.initializer('movingMeanInitializer'),
      moving_variance_initializer: w.initializer('movingVarianceInitializer'),
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
      ...w.base(),
    };
  },
  plannedWeights(layer, inputShape) {
    const l = layer as BatchNormalization;
    const n = lastAxis(layer, inputShape);
    const out: [string, number[]][] = [];
    if (l.scale) out.push(['gamma', [n]]);
    if (l.center) out.push(['beta', [n]]);
    out.push(['moving_mean', [n]], ['moving_variance', [n]]);
    return out;
  },
};

/** Every codec of this family, in the order `codecs/index.ts` lists them. */
export const convolutionCodecs: readonly LayerCodec[] = [
  conv1dCodec, maxPooling1dCodec, averagePooling1dCodec, globalAveragePooling1dCodec, globalMaxPooling1dCodec, batchNormalizationCodec,
];
