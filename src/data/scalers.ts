/**
 * Per-column scalers with scikit-learn's semantics. A `number[]` is one column (one value per
 * row) and comes back as `number[]`; a `number[][]` is rows × columns and comes back as
 * `number[][]`. A constant column gets scale 1 (as scikit-learn does), so it never turns into
 * NaN: MinMaxScaler maps it to `featureRange[0]`, StandardScaler to 0.
 */
import { ValueError, assertKnownOptions } from '../tensor/errors.js';
import { describeValue } from './describe.js';

/** A column (`number[]`) or a table of rows × columns (`number[][]`). */
export type ScalerInput = readonly number[] | readonly (readonly number[])[];

/** What `MinMaxScaler.toJSON` returns. */
export interface MinMaxScalerJSON {
  /** Always 'MinMaxScaler'; `fromJSON` checks it. */
  className: 'MinMaxScaler';
  /** See {@link MinMaxScaler.featureRange}. */
  featureRange: [number, number];
  /** Per-column training minimum; null for an unfitted scaler. */
  dataMin: number[] | null;
  /** Per-column training maximum; null for an unfitted scaler. */
  dataMax: number[] | null;
}

/** What `StandardScaler.toJSON` returns. */
export interface StandardScalerJSON {
  /** Always 'StandardScaler'; `fromJSON` checks it. */
  className: 'StandardScaler';
  /** Per-column training mean; null for an unfitted scaler. */
  mean: number[] | null;
  /** Population variance (ddof 0) per column. */
  variance: number[] | null;
}

interface Matrix {
  rows: number[][];
  /** True when the input was a plain `number[]` column. */
  column: boolean;
}

function toMatrix(where: string, x: unknown, expectedColumns: number | null): Matrix {
  if (!Array.isArray(x)) {
    throw new ValueError(`${where}: argument 'x' expected number[] or number[][], got ${x === null ? 'null' : typeof x}`);
  }
  if (x.length === 0) throw new ValueError(`${where}: argument 'x' is empty; expected at least one row`);
  const column = !Array.isArray(x[0]);
  const rows: number[][] = column ? x.map((v: unknown) => [v as number]) : (x as number[][]);
  const columns = rows[0]!.length;
  if (columns === 0) throw new ValueError(`${where}: argument 'x' rows have no columns; expected at least 1`);
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== columns) {
      throw new ValueError(
        `${where}: argument 'x' expected ${columns} columns per row like row 0, got ${
          Array.isArray(row) ? row.length : describeValue(row)
        } at row ${r}`,
      );
    }
    row.forEach((v: unknown, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new ValueError(`${where}: argument 'x' expected finite numbers, got ${describeValue(v)} at row ${r}, column ${c}`);
      }
    });
  });
  if (expectedColumns !== null && columns !== expectedColumns) {
    throw new ValueError(
      `${where}: argument 'x' has ${columns} column${columns === 1 ? '' : 's'}; expected ${expectedColumns} as in fit`,
    );
  }
  return { rows, column };
}

function mapColumns(m: Matrix, f: (v: number, c: number) => number): number[] | number[][] {
  return m.column ? m.rows.map((row) => f(row[0]!, 0)) : m.rows.map((row) => row.map(f));
}

function notFitted(where: string): ValueError {
  return new ValueError(`${where}: the scaler is not fitted; call fit(x) or fitTransform(x) first`);
}

function readNumbers(where: string, field: string, value: unknown, length: number | null): number[] {
  if (!Array.isArray(value) || (length !== null && value.length !== length) || value.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new ValueError(
      `${where}: field '${field}' expected ${length === null ? 'an array' : `${length}`} finite numbers, got ${describeValue(value)}`,
    );
  }
  return value.slice();
}

/** A fitted per-column map: how many columns it expects and what it does to value v of column c. */
interface ColumnMap {
  columns: number;
  map: (v: number, c: number) => number;
}

/**
 * What both scalers share: input checking and the column/table shapes in and out. A subclass
 * says how to fit and what its forward and inverse maps are once fitted.
 */
abstract class ColumnScaler {
  protected abstract readonly scalerName: string;
  /** The fitted forward map, or null before fit. */
  protected abstract forwardMap(): ColumnMap | null;
  /** The fitted inverse map, or null before fit. */
  protected abstract inverseMap(): ColumnMap | null;
  abstract fit(x: ScalerInput): this;

  private apply(method: string, x: ScalerInput, fitted: ColumnMap | null): number[] | number[][] {
    const where = `${this.scalerName}.${method}`;
    if (!fitted) throw notFitted(where);
    return mapColumns(toMatrix(where, x, fitted.columns), fitted.map);
  }

  /**
   * Applies the fitted scaling.
   * @example new MinMaxScaler().fit([0, 10]).transform([5]) // [0.5]
   * @example new StandardScaler().fit([1, 3]).transform([5]) // [3]
   */
  transform(x: readonly number[]): number[];
  transform(x: readonly (readonly number[])[]): number[][];
  transform(x: ScalerInput): number[] | number[][];
  transform(x: ScalerInput): number[] | number[][] {
    return this.apply('transform', x, this.forwardMap());
  }

  /**
   * `fit(x)` then `transform(x)`.
   * @example new MinMaxScaler().fitTransform([2, 4, 6]) // [0, 0.5, 1]
   * @example new StandardScaler().fitTransform([[1, 5], [3, 5]]) // [[-1, 0], [1, 0]]
   */
  fitTransform(x: readonly number[]): number[];
  fitTransform(x: readonly (readonly number[])[]): number[][];
  fitTransform(x: ScalerInput): number[] | number[][];
  fitTransform(x: ScalerInput): number[] | number[][] {
    return this.fit(x).transform(x);
  }

  /**
   * Maps scaled values back to the original units.
   * @example new MinMaxScaler().fit([0, 10]).inverseTransform([0.5]) // [5]
   * @example new StandardScaler().fit([1, 3]).inverseTransform([1]) // [3]
   */
  inverseTransform(x: readonly number[]): number[];
  inverseTransform(x: readonly (readonly number[])[]): number[][];
  inverseTransform(x: ScalerInput): number[] | number[][];
  inverseTransform(x: ScalerInput): number[] | number[][] {
    return this.apply('inverseTransform', x, this.inverseMap());
  }
}

/**
 * Options of {@link MinMaxScaler} (scikit-learn's `feature_range`).
 * @example new MinMaxScaler({ featureRange: [-1, 1] } satisfies MinMaxScalerOptions)
 */
export interface MinMaxScalerOptions {
  /** Target range of every column (default [0, 1]). */
  featureRange?: [number, number];
}

/**
 * Rescales each column linearly so that its training minimum and maximum map to `featureRange`.
 * @example
 * const s = new MinMaxScaler();
 * s.fitTransform([[1, 10], [3, 10]]); // [[0, 0], [1, 0]]
 * s.inverseTransform([[0.5, 0]]);     // [[2, 10]]
 */
export class MinMaxScaler extends ColumnScaler {
  protected readonly scalerName = 'MinMaxScaler';
  /** `[min, max]` the training minimum and maximum of each column map to (default [0, 1]). */
  readonly featureRange: [number, number];
  /** Per-column training minimum, null before fit. */
  dataMin: number[] | null = null;
  /** Per-column training maximum, null before fit. */
  dataMax: number[] | null = null;

  /** @example new MinMaxScaler({ featureRange: [-1, 1] }) */
  constructor(options: MinMaxScalerOptions = {}) {
    super();
    const where = 'MinMaxScaler';
    assertKnownOptions(where, options, ['featureRange']);
    const range = options.featureRange ?? [0, 1];
    if (
      !Array.isArray(range) || range.length !== 2 ||
      !range.every((v) => typeof v === 'number' && Number.isFinite(v)) || !(range[0] < range[1])
    ) {
      throw new ValueError(`${where}: option 'featureRange' expected [min, max] with finite min < max, got ${describeValue(range)}`);
    }
    this.featureRange = [range[0], range[1]];
  }

  /** Per-column multiplier (1 for constant columns). */
  get scale(): number[] | null {
    if (!this.dataMin || !this.dataMax) return null;
    const span = this.featureRange[1] - this.featureRange[0];
    return this.dataMin.map((lo, c) => span / (this.dataMax![c]! - lo || 1));
  }

  /**
   * Learns each column's minimum and maximum.
   * @example new MinMaxScaler().fit([1, 5]).dataMax // [5]
   */
  fit(x: ScalerInput): this {
    const m = toMatrix('MinMaxScaler.fit', x, null);
    const columns = m.rows[0]!.length;
    const lo = new Array<number>(columns).fill(Infinity);
    const hi = new Array<number>(columns).fill(-Infinity);
    for (const row of m.rows) {
      row.forEach((v, c) => {
        if (v < lo[c]!) lo[c] = v;
        if (v > hi[c]!) hi[c] = v;
      });
    }
    this.dataMin = lo;
    this.dataMax = hi;
    return this;
  }

  protected forwardMap(): ColumnMap | null {
    const scale = this.scale;
    if (!scale) return null;
    const lo = this.featureRange[0];
    const min = this.dataMin!;
    return { columns: scale.length, map: (v, c) => lo + (v - min[c]!) * scale[c]! };
  }

  protected inverseMap(): ColumnMap | null {
    const scale = this.scale;
    if (!scale) return null;
    const lo = this.featureRange[0];
    const min = this.dataMin!;
    return { columns: scale.length, map: (v, c) => min[c]! + (v - lo) / scale[c]! };
  }

  /** @example JSON.stringify(new MinMaxScaler().fit([1, 2]).toJSON()) */
  toJSON(): MinMaxScalerJSON {
    return {
      className: 'MinMaxScaler',
      featureRange: [...this.featureRange],
      dataMin: this.dataMin ? this.dataMin.slice() : null,
      dataMax: this.dataMax ? this.dataMax.slice() : null,
    };
  }

  /** @example const s = MinMaxScaler.fromJSON(JSON.parse(saved)); */
  static fromJSON(json: MinMaxScalerJSON): MinMaxScaler {
    const where = 'MinMaxScaler.fromJSON';
    if (typeof json !== 'object' || json === null || json.className !== 'MinMaxScaler') {
      throw new ValueError(`${where}: argument 'json' expected an object with className 'MinMaxScaler', got ${describeClass(json)}`);
    }
    const s = new MinMaxScaler({ featureRange: json.featureRange });
    if ((json.dataMin === null) !== (json.dataMax === null)) {
      throw new ValueError(`${where}: fields 'dataMin' and 'dataMax' must both be arrays or both null, got ${describeValue([json.dataMin, json.dataMax])}`);
    }
    if (json.dataMin !== null) {
      s.dataMin = readNumbers(where, 'dataMin', json.dataMin, null);
      s.dataMax = readNumbers(where, 'dataMax', json.dataMax, s.dataMin.length);
    }
    return s;
  }
}

/**
 * Centres each column on its training mean and divides by its training standard deviation
 * (population, ddof 0, as scikit-learn).
 * @example
 * const s = new StandardScaler();
 * s.fitTransform([1, 3]);      // [-1, 1]
 * s.inverseTransform([0]);     // [2]
 */
export class StandardScaler extends ColumnScaler {
  protected readonly scalerName = 'StandardScaler';
  /** Per-column training mean, null before fit. */
  mean: number[] | null = null;
  /** Per-column training variance (ddof 0), null before fit. */
  variance: number[] | null = null;

  /** Per-column divisor: the standard deviation, or 1 for a constant column. */
  get scale(): number[] | null {
    return this.variance ? this.variance.map((v) => Math.sqrt(v) || 1) : null;
  }

  /**
   * Learns each column's mean and variance.
   * @example new StandardScaler().fit([1, 3]).mean // [2]
   */
  fit(x: ScalerInput): this {
    const m = toMatrix('StandardScaler.fit', x, null);
    const columns = m.rows[0]!.length;
    const n = m.rows.length;
    const mean = new Array<number>(columns).fill(0);
    for (const row of m.rows) row.forEach((v, c) => (mean[c]! += v));
    for (let c = 0; c < columns; c++) mean[c]! /= n;
    const variance = new Array<number>(columns).fill(0);
    for (const row of m.rows) row.forEach((v, c) => (variance[c]! += (v - mean[c]!) ** 2));
    for (let c = 0; c < columns; c++) variance[c]! /= n;
    this.mean = mean;
    this.variance = variance;
    return this;
  }

  /** transform applies `(x - mean) / scale`. */
  protected forwardMap(): ColumnMap | null {
    const scale = this.scale;
    if (!scale) return null;
    const mean = this.mean!;
    return { columns: scale.length, map: (v, c) => (v - mean[c]!) / scale[c]! };
  }

  /** inverseTransform applies `x * scale + mean`. */
  protected inverseMap(): ColumnMap | null {
    const scale = this.scale;
    if (!scale) return null;
    const mean = this.mean!;
    return { columns: scale.length, map: (v, c) => v * scale[c]! + mean[c]! };
  }

  /** @example JSON.stringify(new StandardScaler().fit([1, 2]).toJSON()) */
  toJSON(): StandardScalerJSON {
    return {
      className: 'StandardScaler',
      mean: this.mean ? this.mean.slice() : null,
      variance: this.variance ? this.variance.slice() : null,
    };
  }

  /** @example const s = StandardScaler.fromJSON(JSON.parse(saved)); */
  static fromJSON(json: StandardScalerJSON): StandardScaler {
    const where = 'StandardScaler.fromJSON';
    if (typeof json !== 'object' || json === null || json.className !== 'StandardScaler') {
      throw new ValueError(`${where}: argument 'json' expected an object with className 'StandardScaler', got ${describeClass(json)}`);
    }
    const s = new StandardScaler();
    if ((json.mean === null) !== (json.variance === null)) {
      throw new ValueError(`${where}: fields 'mean' and 'variance' must both be arrays or both null, got ${describeValue([json.mean, json.variance])}`);
    }
    if (json.mean !== null) {
      s.mean = readNumbers(where, 'mean', json.mean, null);
      s.variance = readNumbers(where, 'variance', json.variance, s.mean.length);
      if (s.variance.some((v) => v < 0)) {
        throw new ValueError(`${where}: field 'variance' expected numbers >= 0, got ${describeValue(json.variance)}`);
      }
    }
    return s;
  }
}

function describeClass(json: unknown): string {
  return typeof json === 'object' && json !== null
    ? `className ${describeValue((json as { className?: unknown }).className)}`
    : describeValue(json);
}
