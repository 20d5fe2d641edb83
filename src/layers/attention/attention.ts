/**
 * `layers.attention`: Keras's `Attention` (Luong-style dot-product attention). Inputs
 * `[query, value]` or `[query, value, key]`, each `[batch, time, features]`; the output is
 * `[batch, Tq, valueDim]`. Weights (Keras order): `scale` `[]` with `useScale`, then
 * `concat_score_weight` `[]` in 'concat' mode, both initialised to 1.
 *
 * @example
 * const att = layers.attention({ useScale: true });
 * att.apply([query, value]).shape // [batch, Tq, valueDim]
 */
import { assertOneOf } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { AttendOptions, AttentionResult } from '../../ops/attention/attend.js';
import { dotAttention } from '../../ops/attention/dotAttention.js';
import type { Shape } from '../layer.js';
import { BaseAttention, type BaseAttentionArgs, baseAttentionKeys } from './baseAttention.js';

/** How Attention scores a query against a key. */
export type AttentionScoreMode = 'dot' | 'concat';

export interface AttentionArgs extends BaseAttentionArgs {
  /** Learn a scalar that multiplies the scores ('dot') or query + key inside the tanh ('concat') (default false). */
  useScale?: boolean;
  /** 'dot' (default): query . key; 'concat': `concat_score_weight * sum(tanh(query + key))`. */
  scoreMode?: AttentionScoreMode;
}

const attentionKeys = [...baseAttentionKeys, 'useScale', 'scoreMode'];

export class Attention extends BaseAttention {
  readonly className = 'Attention';
  /** Whether a learnt scalar scales the scores. */
  readonly useScale: boolean;
  /** 'dot' or 'concat'. */
  readonly scoreMode: AttentionScoreMode;
  /** The `[]` scale weight once built (null without `useScale`). */
  scale: Tensor | null = null;
  /** The `[]` concat_score_weight once built ('concat' mode only). */
  concatScoreWeight: Tensor | null = null;
  protected readonly sameKeyDim = true;
  protected readonly weightsFixFeatures = false;

  constructor(args: AttentionArgs = {}) {
    const where = 'layers.attention';
    super(args, 'attention', where, attentionKeys);
    const mode = args.scoreMode ?? 'dot';
    assertOneOf(where, 'scoreMode', mode, ['dot', 'concat'] as const);
    this.scoreMode = mode;
    this.useScale = args.useScale ?? false;
  }

  override build(inputShape: Shape | Shape[]): void {
    this.checkBuildShape(inputShape);
    if (this.useScale) this.scale = this.addWeight('scale', [], 'ones');
    if (this.scoreMode === 'concat') this.concatScoreWeight = this.addWeight('concat_score_weight', [], 'ones');
  }

  protected attendOp(query: Tensor, value: Tensor, key: Tensor | null, opts: AttendOptions): AttentionResult {
    return dotAttention(query, value, key, { ...opts, scoreMode: this.scoreMode, scale: this.scale, concatScoreWeight: this.concatScoreWeight });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), useScale: this.useScale, scoreMode: this.scoreMode };
  }
}

/**
 * Creates an Attention layer (see {@link AttentionArgs}).
 * @example layers.attention({ useScale: true, returnAttentionScores: true })
 */
export function attention(args: AttentionArgs = {}): Attention {
  return new Attention(args);
}
