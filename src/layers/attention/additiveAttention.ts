/**
 * `layers.additiveAttention`: Keras's `AdditiveAttention` (Bahdanau-style). Scores are
 * `sum(scale * tanh(query + key))` over the features; inputs and outputs as
 * `layers.attention`. Weight (Keras): `scale` `[dim]` (glorot uniform) with `useScale`, the
 * default.
 *
 * @example
 * const att = layers.additiveAttention();
 * att.apply([decoderStates, encoderStates]).shape // [batch, Tq, dim]
 */
import type { Tensor } from '../../tensor/tensor.js';
import type { AttendOptions, AttentionResult } from '../../ops/attention/attend.js';
import { additiveAttention as additiveAttentionOp } from '../../ops/attention/additiveAttention.js';
import { ShapeError, formatShape } from '../../tensor/errors.js';
import type { Shape } from '../layer.js';
import { BaseAttention, type BaseAttentionArgs, baseAttentionKeys } from './baseAttention.js';

export interface AdditiveAttentionArgs extends BaseAttentionArgs {
  /** Learn a per-feature weight of the tanh terms (default true, as in Keras). */
  useScale?: boolean;
}

const additiveKeys = [...baseAttentionKeys, 'useScale'];

export class AdditiveAttention extends BaseAttention {
  readonly className = 'AdditiveAttention';
  /** Whether a learnt `[dim]` weight scales the tanh terms. */
  readonly useScale: boolean;
  /** The `[dim]` scale once built (null without `useScale`). */
  scale: Tensor | null = null;
  protected readonly sameKeyDim = true;
  protected readonly weightsFixFeatures = true;

  constructor(args: AdditiveAttentionArgs = {}) {
    super(args, 'additive_attention', 'layers.additiveAttention', additiveKeys);
    this.useScale = args.useScale ?? true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const [query] = this.checkBuildShape(inputShape);
    const dim = query![2];
    if (typeof dim !== 'number') {
      throw new ShapeError(`${this.name}.build: the query's last axis must be known to size 'scale', got ${formatShape(query!)}`);
    }
    if (this.useScale) this.scale = this.addWeight('scale', [dim], 'glorotUniform');
  }

  protected attendOp(query: Tensor, value: Tensor, key: Tensor | null, opts: AttendOptions): AttentionResult {
    return additiveAttentionOp(query, value, key, { ...opts, scale: this.scale });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), useScale: this.useScale };
  }
}

/**
 * Creates an AdditiveAttention layer (see {@link AdditiveAttentionArgs}).
 * @example layers.additiveAttention({ useScale: true })
 */
export function additiveAttention(args: AdditiveAttentionArgs = {}): AdditiveAttention {
  return new AdditiveAttention(args);
}
