/** MinMaxScaler and StandardScaler: per-column statistics, round trips, constant columns, JSON, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinMaxScaler, StandardScaler } from '../../src/data/scalers.js';

function close(actual: number[] | number[][], expected: number[] | number[][], tol = 1e-12): void {
  const a = actual.flat();
  const e = expected.flat();
  assert.equal(a.length, e.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]!) <= tol, `index ${i}: ${v} vs ${e[i]}`));
}

const table = [
  [1, 10, 5],
  [3, 20, 5],
  [2, 15, 5],
];

test('MinMaxScaler maps each column to [0, 1]; a constant column maps to the range start', () => {
  const s = new MinMaxScaler();
  const out = s.fitTransform(table);
  assert.deepEqual(out, [[0, 0, 0], [1, 1, 0], [0.5, 0.5, 0]]);
  assert.deepEqual(s.dataMin, [1, 10, 5]);
  assert.deepEqual(s.dataMax, [3, 20, 5]);
  assert.deepEqual(s.scale, [0.5, 0.1, 1]);
  close(s.inverseTransform(out), table);
  // Values outside the training range extrapolate linearly, as scikit-learn.
  assert.deepEqual(s.transform([[5, 0, 6]]), [[2, -1, 1]]);
});

test('MinMaxScaler with featureRange [-1, 1], and a plain number[] as one column', () => {
  const s = new MinMaxScaler({ featureRange: [-1, 1] });
  const out = s.fitTransform([2, 4, 6]);
  assert.deepEqual(out, [-1, 0, 1]);
  assert.deepEqual(s.inverseTransform([0.5]), [5]);
  const constant = new MinMaxScaler({ featureRange: [-1, 1] });
  assert.deepEqual(constant.fitTransform([7, 7]), [-1, -1]);
  assert.deepEqual(constant.inverseTransform([-1]), [7]);
  // A fitted single column also accepts rows of one value.
  assert.deepEqual(s.transform([[4]]), [[0]]);
});

test('StandardScaler centres and divides by the population standard deviation', () => {
  const s = new StandardScaler();
  assert.deepEqual(s.fitTransform([1, 3]), [-1, 1]);
  assert.deepEqual(s.mean, [2]);
  assert.deepEqual(s.variance, [1]);
  const t = new StandardScaler();
  const out = t.fitTransform(table);
  const sd = Math.sqrt(2 / 3); // column 0: values 1, 3, 2 around 2
  close(out.map((r) => r[0]!), [-1 / sd, 1 / sd, 0]);
  close(out.map((r) => r[2]!), [0, 0, 0]); // constant column: scale 1, no NaN
  assert.deepEqual(t.scale![2], 1);
  close(t.inverseTransform(out), table);
});

test('toJSON / fromJSON round trips, including unfitted scalers', () => {
  const m = new MinMaxScaler({ featureRange: [0, 10] }).fit(table);
  const m2 = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(m.toJSON())));
  assert.deepEqual(m2.toJSON(), m.toJSON());
  assert.deepEqual(m2.transform(table), m.transform(table));
  const s = new StandardScaler().fit(table);
  const s2 = StandardScaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
  assert.deepEqual(s2.transform(table), s.transform(table));
  assert.equal(StandardScaler.fromJSON(new StandardScaler().toJSON()).mean, null);
  assert.throws(() => MinMaxScaler.fromJSON(s.toJSON() as never), /MinMaxScaler\.fromJSON: argument 'json' expected an object with className 'MinMaxScaler', got className "StandardScaler"/);
  assert.throws(
    () => MinMaxScaler.fromJSON({ className: 'MinMaxScaler', featureRange: [0, 1], dataMin: [0, 1], dataMax: [1] }),
    /MinMaxScaler\.fromJSON: field 'dataMax' expected 2 finite numbers, got \[1\]/,
  );
  assert.throws(
    () => StandardScaler.fromJSON({ className: 'StandardScaler', mean: [0], variance: [-1] }),
    /StandardScaler\.fromJSON: field 'variance' expected numbers >= 0, got \[-1\]/,
  );
});

test('transform before fit, column mismatch and bad values are named', () => {
  assert.throws(() => new MinMaxScaler().transform([1]), /MinMaxScaler\.transform: the scaler is not fitted; call fit\(x\) or fitTransform\(x\) first/);
  assert.throws(() => new StandardScaler().inverseTransform([1]), /StandardScaler\.inverseTransform: the scaler is not fitted/);
  const s = new MinMaxScaler().fit(table);
  assert.throws(() => s.transform([[1, 2]]), /MinMaxScaler\.transform: argument 'x' has 2 columns; expected 3 as in fit/);
  assert.throws(() => s.transform([1, 2]), /MinMaxScaler\.transform: argument 'x' has 1 column; expected 3 as in fit/);
  assert.throws(() => new StandardScaler().fit([]), /StandardScaler\.fit: argument 'x' is empty; expected at least one row/);
  assert.throws(() => new StandardScaler().fit([[1, 2], [3]]), /StandardScaler\.fit: argument 'x' expected 2 columns per row like row 0, got 1 at row 1/);
  assert.throws(() => new MinMaxScaler().fit([1, NaN]), /MinMaxScaler\.fit: argument 'x' expected finite numbers, got NaN at row 1, column 0/);
  assert.throws(() => new MinMaxScaler({ featureRange: [1, 0] }), /MinMaxScaler: option 'featureRange' expected \[min, max\] with finite min < max, got \[1,0\]/);
  assert.throws(() => new MinMaxScaler({ range: [0, 1] } as never), /MinMaxScaler: unknown option 'range'/);
});
