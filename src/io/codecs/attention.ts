/**
 * The attention family in the Keras layers format: Attention, AdditiveAttention and
 * MultiHeadAttention. tfjs 4.22 has none of them, so the keys are Keras 3's `get_config`
 * keys (after name, trainable, batch_input_shape when set, and dtype). Keras 3 passes
 * `use_causal_mask` and `return_attention_scores` at call time; lstm-ts makes them layer
 * options and writes them under those names only when true. Keras 2's `causal` (Attention
 * and AdditiveAttention up to Keras 2.9) is read as `useCausalMask`.
 */
import { ShapeError, formatShape } from '../../tensor/errors.js';
import type { Shape } from '../../layers/layer.js';
import { Attention, type AttentionArgs } from '../../layers/attention/attention.js';
import { AdditiveAttention, type AdditiveAttentionArgs } from '../../layers/attention/additiveAttention.js';
import { MultiHeadAttention, type MultiHeadAttentionArgs } from '../../layers/attention/multiHeadAttention.js';
import { attentionShapes } from '../../layers/attention/attentionInputs.js';
import type { BaseAttentionArgs } from '../../layers/attention/baseAttention.js';
import type { JsonObject } from '../json.js';
import type { ConfigReader } from '../layerRegistry.js';
import type { LayerCodec, LayerWriter } from './codec.js';

function compact<T extends object>(args: T): T {
  for (const key of Object.keys(args) as (keyof T)[]) if (args[key] === undefined) delete args[key];
  return args;
}

/** `seed`: an integer or null. */
function seedOption(r: ConfigReader): number | undefined {
  const v = r.raw('seed');
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  r.issue(`option 'seed' expected an integer or null, got ${JSON.stringify(v)}`);
  return undefined;
}

/** The causal flag under Keras 3's call-argument name or Keras 2's option name. */
function causalFlag(r: ConfigReader): boolean | undefined {
  const modern = r.bool('use_causal_mask');
  const legacy = r.bool('causal');
  if (modern !== undefined && legacy !== undefined && modern !== legacy) {
    r.issue(`options 'use_causal_mask' (${String(modern)}) and 'causal' (${String(legacy)}) disagree`);
    return undefined;
  }
  return modern ?? legacy;
}

/** The options Attention and AdditiveAttention share. */
function readBase(r: ConfigReader): BaseAttentionArgs {
  return compact({
    ...r.base(),
    dropout: r.number('dropout'),
    seed: seedOption(r),
    useCausalMask: causalFlag(r),
    returnAttentionScores: r.bool('return_attention_scores'),
  });
}

/** The call options lstm-ts keeps on the layer, written only when set. */
function callOptions(layer: { useCausalMask: boolean; returnAttentionScores: boolean; seed: number | null }): JsonObject {
  const out: JsonObject = {};
  if (layer.seed !== null) out['seed'] = layer.seed;
  if (layer.useCausalMask) out['use_causal_mask'] = true;
  if (layer.returnAttentionScores) out['return_attention_scores'] = true;
  return out;
}

/** Attention: `use_scale`, `score_mode`, `dropout`; weights `scale` `[]`, `concat_score_weight` `[]`. */
export const attentionCodec: LayerCodec = {
  className: 'Attention',
  handles: (layer) => layer instanceof Attention,
  read(r) {
    const base = readBase(r);
    const mode = r.raw('score_mode');
    if (mode !== undefined && mode !== null && mode !== 'dot' && mode !== 'concat') {
      r.issue(`option 'score_mode' expected 'dot' or 'concat', got ${JSON.stringify(mode)}`);
    }
    const args: AttentionArgs = compact({
      ...base,
      useScale: r.bool('use_scale'),
      scoreMode: mode === 'dot' || mode === 'concat' ? mode : undefined,
    });
    return () => new Attention(args);
  },
  write(layer, w: LayerWriter) {
    const l = layer as Attention;
    return { ...w.base(), use_scale: l.useScale, score_mode: l.scoreMode, dropout: l.dropout, ...callOptions(l) };
  },
  plannedWeights(layer) {
    const l = layer as Attention;
    const plan: [string, number[]][] = [];
    if (l.useScale) plan.push(['scale', []]);
    if (l.scoreMode === 'concat') plan.push(['concat_score_weight', []]);
    return plan;
  },
};

/** AdditiveAttention: `use_scale`, `dropout`; weight `scale` `[queryDim]`. */
export const additiveAttentionCodec: LayerCodec = {
  className: 'AdditiveAttention',
  handles: (layer) => layer instanceof AdditiveAttention,
  read(r) {
    const args: AdditiveAttentionArgs = compact({ ...readBase(r), useScale: r.bool('use_scale') });
    return () => new AdditiveAttention(args);
  },
  write(layer, w) {
    const l = layer as AdditiveAttention;
    return { ...w.base(), use_scale: l.useScale, dropout: l.dropout, ...callOptions(l) };
  },
  plannedWeights(layer, inputShape: Shape | Shape[]) {
    const l = layer as AdditiveAttention;
    if (!l.useScale) return [];
    const { query } = attentionShapes(`${layer.name}.build`, inputShape, true);
    const dim = query[2];
    if (typeof dim !== 'number') throw new ShapeError(`${layer.name}.build: the query's last axis must be known to size 'scale', got ${formatShape(query)}`);
    return [['scale', [dim]]];
  },
};

/** `output_shape`: null, a positive integer or a list of them. */
function outputShapeOption(r: ConfigReader): number | number[] | undefined {
  const v = r.raw('output_shape');
  if (v === undefined || v === null) return undefined;
  const ok = (d: unknown): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 1;
  if (ok(v)) return v;
  if (Array.isArray(v) && v.length > 0 && v.every(ok)) return v as number[];
  r.issue(`option 'output_shape' expected null, a positive integer or a list of them, got ${JSON.stringify(v)}`);
  return undefined;
}

/** `attention_axes`: null, or the time axis of rank-3 inputs (1 or -2), alone or in a list. */
function attentionAxesOption(r: ConfigReader): void {
  const v = r.raw('attention_axes');
  if (v === undefined || v === null) return;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 1 && (list[0] === 1 || list[0] === -2)) return;
  r.issue(`option 'attention_axes' = ${JSON.stringify(v)} is not supported (lstm-ts attends over the time axis of [batch, time, features] inputs: null, 1 or -2)`);
}

/** MultiHeadAttention: Keras 3's keys; weights query/key/value/attention_output kernel and bias. */
export const multiHeadAttentionCodec: LayerCodec = {
  className: 'MultiHeadAttention',
  handles: (layer) => layer instanceof MultiHeadAttention,
  read(r) {
    attentionAxesOption(r);
    // Keras 2 stored the build shapes in the config; flash_attention only picks a kernel.
    r.ignore('query_shape', 'key_shape', 'value_shape', 'flash_attention');
    r.trainingOnly('kernel_regularizer', 'bias_regularizer', 'activity_regularizer', 'kernel_constraint', 'bias_constraint');
    const args: MultiHeadAttentionArgs = compact({
      ...r.base(),
      numHeads: r.number('num_heads', { required: true, integer: true, positive: true }) ?? 1,
      keyDim: r.number('key_dim', { required: true, integer: true, positive: true }) ?? 1,
      valueDim: r.number('value_dim', { integer: true, positive: true }),
      dropout: r.number('dropout'),
      useBias: r.bool('use_bias'),
      outputShape: outputShapeOption(r),
      kernelInitializer: r.initializer('kernel_initializer', 'glorotUniform'),
      biasInitializer: r.initializer('bias_initializer', 'zeros'),
      seed: seedOption(r),
      useCausalMask: r.bool('use_causal_mask'),
      returnAttentionScores: r.bool('return_attention_scores'),
    });
    return () => new MultiHeadAttention(args);
  },
  write(layer, w) {
    const l = layer as MultiHeadAttention;
    const out: JsonObject = {
      ...w.base(),
      num_heads: l.numHeads,
      key_dim: l.keyDim,
      value_dim: l.valueDim,
      dropout: l.dropout,
      use_bias: l.useBias,
      output_shape: l.outputShape ? [...l.outputShape] : null,
      attention_axes: null,
      kernel_initializer: w.initializer('kernelInitializer'),
      bias_initializer: w.initializer('biasInitializer'),
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      seed: l.seed,
    };
    if (l.useCausalMask) out['use_causal_mask'] = true;
    if (l.returnAttentionScores) out['return_attention_scores'] = true;
    return out;
  },
  plannedWeights: (layer, inputShape) => (layer as MultiHeadAttention).plannedWeights(inputShape),
};

/** The attention codecs, for `codecs/index.ts`. */
export const attentionCodecs: readonly LayerCodec[] = [attentionCodec, additiveAttentionCodec, multiHeadAttentionCodec];
