/**
 * Pads (or truncates) integer sequences to one length, with the semantics of Keras's
 * `pad_sequences`: `maxlen` defaults to the longest sequence, 'pre' padding and truncation
 * by default, and an empty sequence becomes a row made only of `value`.
 */
import { ValueError, assertInt, assertKnownOptions, assertNumber, assertOneOf } from '../tensor/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { describeValue } from './describe.js';

/**
 * Options of {@link padSequences}: Keras's `maxlen`, `padding`, `truncating` and `value`.
 * @example padSequences(sequences, { maxlen: 100, padding: 'post' } satisfies PadSequencesOptions)
 */
export interface PadSequencesOptions {
  /** Length of every output row (default: the longest sequence). */
  maxlen?: number;
  /** Where the padding goes: 'pre' (default, before the sequence) or 'post'. */
  padding?: 'pre' | 'post';
  /** Which end is cut from a sequence longer than maxlen: 'pre' (default, the beginning) or 'post'. */
  truncating?: 'pre' | 'post';
  /** Padding value (default 0). */
  value?: number;
}

/**
 * Returns a float32 tensor `[sequences.length, maxlen]`.
 * @example padSequences([[1, 2, 3], [4]], { maxlen: 2 }).toArray() // [[2, 3], [0, 4]]
 * @example padSequences([[1], [2, 3]], { padding: 'post' }).toArray() // [[1, 0], [2, 3]]
 */
export function padSequences(sequences: readonly (readonly number[])[], options: PadSequencesOptions = {}): Tensor {
  const where = 'padSequences';
  if (!Array.isArray(sequences)) {
    throw new ValueError(`${where}: argument 'sequences' expected an array of number arrays, got ${typeof sequences}`);
  }
  assertKnownOptions(where, options, ['maxlen', 'padding', 'truncating', 'value']);
  const { padding = 'pre', truncating = 'pre', value = 0 } = options;
  assertOneOf(where, 'padding', padding, ['pre', 'post'] as const);
  assertOneOf(where, 'truncating', truncating, ['pre', 'post'] as const);
  assertNumber(where, 'value', value);
  let longest = 0;
  sequences.forEach((seq, s) => {
    if (!Array.isArray(seq)) {
      throw new ValueError(`${where}: argument 'sequences[${s}]' expected an array of numbers, got ${seq === null ? 'null' : typeof seq}`);
    }
    seq.forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValueError(`${where}: argument 'sequences[${s}][${k}]' expected a finite number, got ${describeValue(v)}`);
      }
    });
    longest = Math.max(longest, seq.length);
  });
  const maxlen = options.maxlen ?? longest;
  if (options.maxlen !== undefined) assertInt(where, 'maxlen', maxlen, 0);
  const out = new Float32Array(sequences.length * maxlen).fill(value);
  sequences.forEach((seq, s) => {
    const keep = Math.min(seq.length, maxlen);
    if (keep === 0) return;
    const from = truncating === 'pre' ? seq.length - keep : 0;
    const to = padding === 'pre' ? maxlen - keep : 0;
    for (let k = 0; k < keep; k++) out[s * maxlen + to + k] = seq[from + k]!;
  });
  return new Tensor(out, [sequences.length, maxlen]);
}
