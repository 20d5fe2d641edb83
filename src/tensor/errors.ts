/**
 * Errors thrown for bad input. Every message names the argument, what was expected and
 * what was received, so a user can fix the call without reading our source.
 */

/**
 * A value has the wrong shape or rank.
 * @example
 * try {
 *   model.predict(tensor2d([[1, 2]])); // the model expects [batch, 20, 1]
 * } catch (e) {
 *   if (e instanceof ShapeError) console.error(e.message); // names the argument, the expected and the actual shape
 * }
 */
export class ShapeError extends Error {
  /** 'ShapeError', so logs and `catch` blocks can tell it apart without `instanceof`. */
  override name = 'ShapeError';
}

/**
 * A value or option is not allowed (unknown option name, NaN, out-of-range label, ...).
 * @example
 * try {
 *   layers.lstm({ units: 0 });
 * } catch (e) {
 *   if (e instanceof ValueError) console.error(e.message); // "layers.lstm: option 'units' expected an integer >= 1, got 0"
 * }
 */
export class ValueError extends Error {
  /** 'ValueError', so logs and `catch` blocks can tell it apart without `instanceof`. */
  override name = 'ValueError';
}

/** Formats a shape the way Keras prints it: `[2, 5, 3]`, with `null` for free dims. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

/**
 * Checks `actual` against `expected`, where `null` in `expected` matches any size.
 * @example assertShape('lstm.apply', 'x', [2, 5, 4], [null, null, 3]) // throws
 */
export function assertShape(
  where: string,
  argName: string,
  actual: readonly number[],
  expected: readonly (number | null)[],
): void {
  const ok =
    actual.length === expected.length && expected.every((d, i) => d === null || d === actual[i]);
  if (!ok) {
    throw new ShapeError(
      `${where}: argument '${argName}' expected shape ${formatShape(expected)}, got ${formatShape(actual)}`,
    );
  }
}

/** Throws if `options` has keys outside `allowed`: a misspelt option must not be ignored. */
export function assertKnownOptions(where: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new ValueError(
        `${where}: unknown option '${key}'; expected one of: ${allowed.join(', ')}`,
      );
    }
  }
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string>(
  where: string,
  argName: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValueError(
      `${where}: option '${argName}' expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function assertInt(
  where: string,
  argName: string,
  value: unknown,
  min = -Infinity,
  max = Infinity,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ValueError(
      `${where}: option '${argName}' expected an integer ${range}, got ${JSON.stringify(value)}`,
    );
  }
}

/** Throws unless `value` is a finite number in [min, max]. */
export function assertNumber(
  where: string,
  argName: string,
  value: unknown,
  min = -Infinity,
  max = Infinity,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ValueError(
      `${where}: option '${argName}' expected a finite number in [${min}, ${max}], got ${JSON.stringify(value)}`,
    );
  }
}
