/**
 * The statistics of TensorBoard's `HistogramProto` for a list of numbers: equal-width
 * buckets between the smallest and largest value, as TensorFlow 2's `tf.summary.histogram`
 * draws them (30 by default).
 */
import { ValueError } from '../../tensor/errors.js';

/**
 * One histogram in `HistogramProto`'s terms. Bucket `i` counts the values in
 * `[bucketLimit[i-1], bucketLimit[i])` (from `min` for the first); the last bucket also holds `max`.
 * @example const h: HistogramData = histogramOf([0, 1, 1, 2], 2); // bucket [1, 3], bucketLimit [1, 2]
 */
export interface HistogramData {
  min: number;
  max: number;
  /** How many values were counted (the finite ones). */
  num: number;
  sum: number;
  sumSquares: number;
  /** Right edge of each bucket. */
  bucketLimit: number[];
  /** Count of each bucket. */
  bucket: number[];
}

/**
 * Summarises `values` into `bucketCount` equal-width buckets. Non-finite values (NaN, ±Infinity)
 * are left out: they have no place on the axis, and one of them would make every edge NaN.
 * All-equal values make one bucket; no finite values make none.
 * @example histogramOf(model.weights[0].value.data)
 */
export function histogramOf(values: ArrayLike<number>, bucketCount = 30): HistogramData {
  if (!Number.isInteger(bucketCount) || bucketCount < 1) {
    throw new ValueError(`histogramOf: argument 'bucketCount' expected an integer >= 1, got ${bucketCount}`);
  }
  let min = Infinity;
  let max = -Infinity;
  let num = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    num += 1;
    sum += v;
    sumSquares += v * v;
  }
  if (num === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  if (min === max) return { min, max, num, sum, sumSquares, bucketLimit: [max], bucket: [num] };
  const width = (max - min) / bucketCount;
  const bucketLimit = Array.from({ length: bucketCount }, (_, i) => (i === bucketCount - 1 ? max : min + (i + 1) * width));
  const bucket = new Array<number>(bucketCount).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    // The edges are the ones written, so a value is placed against them rather than by (v - min) / width alone,
    // whose rounding could put a value on the wrong side of an edge by one ulp.
    let b = Math.min(bucketCount - 1, Math.floor((v - min) / width));
    while (b > 0 && v < bucketLimit[b - 1]!) b -= 1;
    while (b < bucketCount - 1 && v >= bucketLimit[b]!) b += 1;
    bucket[b]! += 1;
  }
  return { min, max, num, sum, sumSquares, bucketLimit, bucket };
}
