/**
 * `layers.conv1d`: Keras's Conv1D, y = activation(conv(x, kernel) + bias) over time, on
 * `[batch, time, channels]` (channels last). Weights in Keras order and layout: kernel
 * `[kernelSize, inChannels, filters]`, then bias `[filters]`. Like Keras, it does not pass a
 * mask on.
 *
 * @example
 * const layer = layers.conv1d({ filters: 8, kernelSize: 3, padding: 'causal', activation: 'relu' });
 * layer.apply(tensor(x, [2, 20, 1])).shape // [2, 20, 8]
 */
import { ShapeError, ValueError, assertInt, assertKnownOptions, assertOneOf, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { type InitializerLike, getInitializer } from '../../initializers/initializers.js';
import { type ActivationName, activation, getActivation } from '../../ops/activations.js';
import { conv1d as conv1dOp } from '../../ops/conv/conv1d.js';
import { type Padding1D, windowOutputLength } from '../../ops/conv/padding.js';
import { Layer, type CallArgs, type LayerArgs, type Shape, layerArgKeys } from '../layer.js';
import { type KernelBiasPenalties, type KernelBiasPenaltyArgs, kernelBiasPenalties, kernelBiasPenaltyKeys, penaltyConfig } from '../weightPenalties.js';
import { initializerConfig } from '../dense.js';
import { checkSequenceInput, sizeOption } from './options.js';

export type { Padding1D } from '../../ops/conv/padding.js';

/**
 * Options of `layers.conv1d`, as Keras's Conv1D (channels last).
 * @example layers.conv1d({ filters: 8, kernelSize: 3, padding: 'causal' })
 */
export interface Conv1DArgs extends LayerArgs, KernelBiasPenaltyArgs {
  /** Number of output channels. */
  filters: number;
  /** Window length in steps, `n` or `[n]`. */
  kernelSize: number | number[];
  /** Steps between windows, `n` or `[n]` (default 1). */
  strides?: number | number[];
  /** 'valid' (default: no padding), 'same' (output length ceil(time / strides)) or 'causal' (left padding only). */
  padding?: Padding1D;
  /** Steps between kernel taps, `n` or `[n]` (default 1); Keras forbids it above 1 with strides above 1. */
  dilationRate?: number | number[];
  /** Activation applied after the convolution (default 'linear'). */
  activation?: ActivationName;
  /** Whether the layer has a bias (default true). */
  useBias?: boolean;
  /** Initialiser of `kernel` (default 'glorotUniform', as Keras; tfjs's default is glorotNormal). */
  kernelInitializer?: InitializerLike;
  /** Initialiser of `bias` (default 'zeros'). */
  biasInitializer?: InitializerLike;
}

const conv1dKeys = [
  ...layerArgKeys, 'filters', 'kernelSize', 'strides', 'padding', 'dilationRate', 'activation', 'useBias', 'kernelInitializer', 'biasInitializer',
  ...kernelBiasPenaltyKeys,
];

/**
 * Keras's Conv1D over `[batch, time, channels]`; make it with `layers.conv1d`.
 * @example layers.conv1d({ filters: 4, kernelSize: 3 }).apply(tensor(x, [2, 10, 1])).shape // [2, 8, 4]
 */
export class Conv1D extends Layer {
  readonly className = 'Conv1D';
  /** Penalties and projections of `kernel` and `bias` (null where unset). */
  readonly penalties: KernelBiasPenalties;
  /** Number of output channels. */
  readonly filters: number;
  /** Window length in steps. */
  readonly kernelSize: number;
  /** Steps between windows. */
  readonly strides: number;
  /** How the sequence ends are padded. */
  readonly padding: Padding1D;
  /** Steps between kernel taps. */
  readonly dilationRate: number;
  /** Activation applied after the convolution. */
  readonly activation: ActivationName;
  /** Whether the layer has a bias. */
  readonly useBias: boolean;
  private readonly kernelInitializer: InitializerLike;
  private readonly biasInitializer: InitializerLike;
  /** The kernel once built (null before), `[kernelSize, inChannels, filters]`. */
  kernel: Tensor | null = null;
  /** The bias once built (null before, and without `useBias`). */
  bias: Tensor | null = null;

  constructor(args: Conv1DArgs) {
    const where = 'layers.conv1d';
    assertKnownOptions(where, args, conv1dKeys);
    super(args, 'conv1d');
    assertInt(where, 'filters', args.filters, 1);
    this.filters = args.filters;
    this.kernelSize = sizeOption(where, 'kernelSize', args.kernelSize);
    this.strides = sizeOption(where, 'strides', args.strides ?? 1);
    this.dilationRate = sizeOption(where, 'dilationRate', args.dilationRate ?? 1);
    const padding = args.padding ?? 'valid';
    assertOneOf(where, 'padding', padding, ['valid', 'same', 'causal'] as const);
    this.padding = padding;
    if (this.strides > 1 && this.dilationRate > 1) {
      throw new ValueError(
        `${where}: options 'strides' (${this.strides}) and 'dilationRate' (${this.dilationRate}) cannot both exceed 1, as in Keras`,
      );
    }
    this.activation = getActivation(args.activation ?? 'linear', where, 'activation').name;
    this.useBias = args.useBias ?? true;
    this.kernelInitializer = args.kernelInitializer ?? 'glorotUniform';
    this.biasInitializer = args.biasInitializer ?? 'zeros';
    getInitializer(this.kernelInitializer, where, 'kernelInitializer');
    getInitializer(this.biasInitializer, where, 'biasInitializer');
    this.penalties = kernelBiasPenalties(where, args);
  }

  /** @internal */
  protected override checkInput(x: Tensor): void {
    const channels = this.kernel?.shape[1] ?? this.batchInputShape?.[2] ?? null;
    checkSequenceInput(`${this.name}.apply`, x, channels);
  }

  override build(inputShape: Shape): void {
    const channels = inputShape[2];
    if (inputShape.length !== 3 || typeof channels !== 'number' || channels < 1) {
      throw new ShapeError(`${this.name}.build: expected input shape [batch, time, channels] with known channels, got ${formatShape(inputShape)}`);
    }
    this.kernel = this.addWeight('kernel', [this.kernelSize, channels, this.filters], this.kernelInitializer, true, this.penalties.kernel);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], this.biasInitializer, true, this.penalties.bias);
  }

  override call(x: Tensor, _args: CallArgs): Tensor {
    const y = conv1dOp(x, this.kernel!, this.bias, { strides: this.strides, padding: this.padding, dilationRate: this.dilationRate });
    return activation(y, this.activation);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    if (inputShape.length !== 3) {
      throw new ShapeError(`${this.name}: expected input shape [batch, time, channels], got ${formatShape(inputShape)}`);
    }
    const time = windowOutputLength(inputShape[1] ?? null, this.kernelSize, this.strides, this.dilationRate, this.padding);
    if (time === 0) {
      throw new ShapeError(`${this.name}: input shape ${formatShape(inputShape)} is shorter than the kernel's span ${this.dilationRate * (this.kernelSize - 1) + 1} with padding 'valid'`);
    }
    return [inputShape[0] ?? null, time, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: initializerConfig(this.kernelInitializer),
      biasInitializer: initializerConfig(this.biasInitializer),
      ...penaltyConfig({ kernelRegularizer: this.penalties.kernelRegularizer, biasRegularizer: this.penalties.biasRegularizer, kernelConstraint: this.penalties.kernelConstraint, biasConstraint: this.penalties.biasConstraint }),
    };
  }
}

/**
 * Creates a Conv1D layer (see {@link Conv1DArgs}).
 * @example layers.conv1d({ filters: 16, kernelSize: 3, activation: 'relu' })
 */
export function conv1d(args: Conv1DArgs): Conv1D {
  return new Conv1D(args);
}
