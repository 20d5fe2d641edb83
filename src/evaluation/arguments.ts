/**
 * Argument checks shared by the report metrics: both arrays present, non-empty, equally long
 * and made of finite numbers. Messages name the function, the argument and the bad value.
 */
import { ValueError } from '../tensor/errors.js';
import { describeValue } from '../data/describe.js';

/** Numbers a metric accepts: a plain array or a typed array. */
export type Values = readonly number[] | ArrayLike<number>;

function checkOne(where: string, name: string, values: unknown, integers: boolean): ArrayLike<number> {
  if (typeof values !== 'object' || values === null || typeof (values as ArrayLike<number>).length !== 'number') {
    throw new ValueError(`${where}: argument '${name}' expected an array of numbers, got ${values === null ? 'null' : typeof values}`);
  }
  const v = values as ArrayLike<number>;
  if (v.length === 0) throw new ValueError(`${where}: argument '${name}' is empty; expected at least one value`);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || (integers && !Number.isInteger(x))) {
      throw new ValueError(
        `${where}: argument '${name}' expected ${integers ? 'integer labels' : 'finite numbers'}, got ${describeValue(x)} at index ${i}`,
      );
    }
  }
  return v;
}

/** Checks `yTrue` and `yPred` and returns them as array-likes of numbers. */
export function checkPair(
  where: string,
  yTrue: unknown,
  yPred: unknown,
  integers = false,
): { yTrue: ArrayLike<number>; yPred: ArrayLike<number> } {
  const t = checkOne(where, 'yTrue', yTrue, integers);
  const p = checkOne(where, 'yPred', yPred, integers);
  if (t.length !== p.length) {
    throw new ValueError(`${where}: argument 'yPred' has ${p.length} values; expected ${t.length} like 'yTrue'`);
  }
  return { yTrue: t, yPred: p };
}
