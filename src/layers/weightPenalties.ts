/**
 * The kernel/bias regularizer and constraint options that Dense, Conv1D (and Keras's other
 * weighted layers) share: read once here so every layer names, checks and reports them alike.
 */
import { type Regularizer, type RegularizerLike, getRegularizer } from '../regularizers/regularizers.js';
import { type Constraint, type ConstraintLike, getConstraint } from '../constraints/constraints.js';
import type { WeightOptions } from './layer.js';

/** Options of a layer with a kernel and a bias. */
export interface KernelBiasPenaltyArgs {
  /** Penalty on `kernel` added to the loss, e.g. `regularizers.l2()`. */
  kernelRegularizer?: RegularizerLike | null;
  /** Penalty on `bias` added to the loss. */
  biasRegularizer?: RegularizerLike | null;
  /** Projection of `kernel` after each optimizer step, e.g. `constraints.maxNorm({ maxValue: 3 })`. */
  kernelConstraint?: ConstraintLike | null;
  /** Projection of `bias` after each optimizer step. */
  biasConstraint?: ConstraintLike | null;
}

export const kernelBiasPenaltyKeys = ['kernelRegularizer', 'biasRegularizer', 'kernelConstraint', 'biasConstraint'] as const;

/** A regularizer option resolved (null when unset); a bad value names the option. */
export function optionalRegularizer(where: string, argName: string, value: RegularizerLike | null | undefined): Regularizer | null {
  return value == null ? null : getRegularizer(value, where, argName);
}

/** A constraint option resolved (null when unset); a bad value names the option. */
export function optionalConstraint(where: string, argName: string, value: ConstraintLike | null | undefined): Constraint | null {
  return value == null ? null : getConstraint(value, where, argName);
}

/**
 * The resolved kernel and bias penalties of a layer (its `penalties`), ready for `addWeight`.
 * @example layers.dense({ units: 4, kernelRegularizer: 'l2' }).penalties.kernelRegularizer?.l2 // 0.01
 */
export interface KernelBiasPenalties {
  /** The `kernelRegularizer` option resolved, or null when unset. */
  kernelRegularizer: Regularizer | null;
  /** The `biasRegularizer` option resolved, or null when unset. */
  biasRegularizer: Regularizer | null;
  /** The `kernelConstraint` option resolved, or null when unset. */
  kernelConstraint: Constraint | null;
  /** The `biasConstraint` option resolved, or null when unset. */
  biasConstraint: Constraint | null;
  /** The kernel's regularizer and constraint, as `addWeight` takes them. */
  kernel: WeightOptions;
  /** The bias's regularizer and constraint, as `addWeight` takes them. */
  bias: WeightOptions;
}

/** Resolves the four options of `args` for the layer made at `where`. */
export function kernelBiasPenalties(where: string, args: KernelBiasPenaltyArgs): KernelBiasPenalties {
  const kernelRegularizer = optionalRegularizer(where, 'kernelRegularizer', args.kernelRegularizer);
  const biasRegularizer = optionalRegularizer(where, 'biasRegularizer', args.biasRegularizer);
  const kernelConstraint = optionalConstraint(where, 'kernelConstraint', args.kernelConstraint);
  const biasConstraint = optionalConstraint(where, 'biasConstraint', args.biasConstraint);
  return {
    kernelRegularizer, biasRegularizer, kernelConstraint, biasConstraint,
    kernel: { regularizer: kernelRegularizer, constraint: kernelConstraint },
    bias: { regularizer: biasRegularizer, constraint: biasConstraint },
  };
}

/** The set options as `getConfig` entries (unset ones left out). */
export function penaltyConfig(p: Record<string, Regularizer | Constraint | null>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null));
}
