/**
 * Option parsing shared by the 1-D convolution and pooling layers: Keras accepts a size as a
 * number or a one-element list (`kernel_size: [3]` is what Keras and tfjs save), and checks
 * the rank-3 `[batch, time, channels]` input every one of them needs.
 */
import { ShapeError, ValueError, formatShape } from '../../tensor/errors.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * A positive integer given as `n` or `[n]`.
 * @example sizeOption('layers.conv1d', 'kernelSize', [3]) // 3
 */
export function sizeOption(where: string, name: string, value: unknown): number {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ValueError(`${where}: option '${name}' expected an integer >= 1 or a list of one, got ${JSON.stringify(value)}`);
  }
  return v;
}

/** Throws unless x is `[batch, time, channels]` with the expected channel count (when known). */
export function checkSequenceInput(where: string, x: Tensor, channels: number | null): void {
  if (x.rank !== 3) throw new ShapeError(`${where}: argument 'x' expected rank 3 [batch, time, channels], got shape ${formatShape(x.shape)}`);
  if (channels !== null && x.shape[2] !== channels) {
    throw new ShapeError(`${where}: argument 'x' expected ${channels} channels (last axis), got shape ${formatShape(x.shape)}`);
  }
}
