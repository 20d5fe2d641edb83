/**
 * Output length and left padding of a 1-D window sliding over time, with TensorFlow's rules
 * (which Keras and tfjs follow): 'same' pads the extra step on the right, 'causal' pads only
 * on the left so output t sees inputs up to t.
 */
import { ShapeError, ValueError } from '../../tensor/errors.js';

/** How a 1-D window treats the sequence ends: Keras's `padding` option. */
export type Padding1D = 'valid' | 'same' | 'causal';

/** Output length and left padding of a window over time. */
export interface WindowPlan {
  /** Output steps. */
  outLength: number;
  /** Zero (or ignored) steps added before the first input step. */
  padLeft: number;
}

/**
 * Plans a window of `size` taps `dilation` apart, moved by `stride`, over `length` steps.
 * @example planWindow('op', 5, 3, 1, 1, 'same') // { outLength: 5, padLeft: 1 }
 */
export function planWindow(where: string, length: number, size: number, stride: number, dilation: number, padding: Padding1D): WindowPlan {
  for (const [name, v] of [['size', size], ['stride', stride], ['dilation', dilation]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ValueError(`${where}: argument '${name}' expected an integer >= 1, got ${v}`);
  }
  const span = dilation * (size - 1) + 1;
  if (padding === 'valid') {
    if (length < span) {
      throw new ShapeError(
        `${where}: padding 'valid' needs at least ${span} time steps (window ${size}${dilation > 1 ? `, dilation ${dilation}` : ''}), got ${length}`,
      );
    }
    return { outLength: Math.floor((length - span) / stride) + 1, padLeft: 0 };
  }
  if (padding === 'causal') return { outLength: length === 0 ? 0 : Math.floor((length - 1) / stride) + 1, padLeft: span - 1 };
  if (padding === 'same') {
    const outLength = Math.ceil(length / stride);
    const total = Math.max((outLength - 1) * stride + span - length, 0);
    return { outLength, padLeft: Math.floor(total / 2) };
  }
  throw new ValueError(`${where}: argument 'padding' expected 'valid', 'same' or 'causal', got ${JSON.stringify(padding)}`);
}

/**
 * The output length for a possibly unknown input length (null stays null), for shape inference.
 * @example windowOutputLength(null, 3, 1, 1, 'valid') // null
 */
export function windowOutputLength(length: number | null, size: number, stride: number, dilation: number, padding: Padding1D): number | null {
  if (length === null) return null;
  const span = dilation * (size - 1) + 1;
  if (padding === 'valid') return length < span ? 0 : Math.floor((length - span) / stride) + 1;
  if (padding === 'same') return Math.ceil(length / stride);
  return length === 0 ? 0 : Math.floor((length - 1) / stride) + 1;
}
