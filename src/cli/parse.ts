/**
 * Parsers for option values, for commander's `argParser`. Each one throws commander's
 * `InvalidArgumentError` whose message says what was expected (`expected an integer >= 1`);
 * `main.ts` turns commander's wording into one line naming the option, the expected and the
 * actual value: `option '--epochs' expected an integer >= 1, got "abc"`.
 */
import { InvalidArgumentError } from 'commander';

/** A bound of a numeric range. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** Exclude `min` itself (e.g. a learning rate > 0). */
  minExclusive?: boolean;
  /** Exclude `max` itself (e.g. a dropout rate < 1). */
  maxExclusive?: boolean;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

/** `a number in [0, 1)`, `a number > 0`, `an integer >= 1`, ... */
export function describeRange(kind: 'an integer' | 'a number', range: NumberRange): string {
  const { min, max, minExclusive = false, maxExclusive = false } = range;
  if (min !== undefined && max !== undefined) {
    return `${kind} in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
  }
  if (min !== undefined) return `${kind} ${minExclusive ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} ${maxExclusive ? '<' : '<='} ${max}`;
  return kind === 'an integer' ? 'an integer' : 'a finite number';
}

function inRange(v: number, r: NumberRange): boolean {
  if (r.min !== undefined && (r.minExclusive ? v <= r.min : v < r.min)) return false;
  if (r.max !== undefined && (r.maxExclusive ? v >= r.max : v > r.max)) return false;
  return true;
}

/** Strict decimal number: rejects '', '1,5', '0x10', 'Infinity', 'NaN'. Returns null when not one. */
export function parseDecimal(text: string): number | null {
  const s = text.trim();
  if (!DECIMAL.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** Parser of an integer option, e.g. `integer({ min: 1 })` for `--epochs`. */
export function integer(range: NumberRange = {}): (value: string) => number {
  const expected = describeRange('an integer', range);
  return (value) => {
    const s = value.trim();
    const v = INTEGER.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(v) || !inRange(v, range)) throw new InvalidArgumentError(`expected ${expected}`);
    return v;
  };
}

/** Parser of a real-valued option, e.g. `real({ min: 0, max: 1, maxExclusive: true })` for `--dropout`. */
export function real(range: NumberRange = {}): (value: string) => number {
  const expected = describeRange('a number', range);
  return (value) => {
    const v = parseDecimal(value);
    if (v === null || !inRange(v, range)) throw new InvalidArgumentError(`expected ${expected}`);
    return v;
  };
}

/** Parser of a fraction in [0, 1) (validation and test splits, dropout). */
export const fraction = (): ((value: string) => number) => real({ min: 0, max: 1, maxExclusive: true });

/** Parser of comma-separated numbers, e.g. `--input 0.5,-1`. */
export function numberList(): (value: string) => number[] {
  return (value) => {
    const parts = value.split(',');
    const nums = parts.map(parseDecimal);
    if (value.trim() === '' || nums.some((v) => v === null)) {
      throw new InvalidArgumentError('expected comma-separated finite numbers (like 0.5,-1)');
    }
    return nums as number[];
  };
}

/** Parser of comma-separated non-empty names, e.g. `--features temp_max,precipitation`. */
export function nameList(): (value: string) => string[] {
  return (value) => {
    const names = value.split(',').map((s) => s.trim());
    if (names.some((s) => s.length === 0)) {
      throw new InvalidArgumentError('expected comma-separated non-empty names (like a,b)');
    }
    return names;
  };
}

/** Parser that accepts only the given words. */
export function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
    }
    return value as T;
  };
}

/** Parser of a non-empty string (paths, column names). */
export function nonEmpty(): (value: string) => string {
  return (value) => {
    if (value.trim().length === 0) throw new InvalidArgumentError('expected a non-empty value');
    return value;
  };
}

const OPTION_INVALID = /^error: option '([^']*)' argument '([\s\S]*)' is invalid\. ([\s\S]*)$/;
const ARGUMENT_INVALID = /^error: command-argument value '([\s\S]*)' is invalid for argument '([^']*)'\. ([\s\S]*)$/;

/** The long flag of commander's flags string: `-e, --epochs <n>` → `--epochs`. */
export function longFlag(flags: string): string {
  return /--[A-Za-z0-9][\w-]*/.exec(flags)?.[0] ?? flags.split(/[ ,|]+/)[0] ?? flags;
}

/**
 * Rewrites commander's message for a value a parser rejected into the library's style;
 * any other message loses only its `error: ` prefix.
 * @example reformatCommanderMessage("error: option '--epochs <n>' argument 'abc' is invalid. expected an integer >= 1")
 *   // "option '--epochs' expected an integer >= 1, got \"abc\""
 */
export function reformatCommanderMessage(message: string): string {
  const opt = OPTION_INVALID.exec(message);
  if (opt) return `option '${longFlag(opt[1]!)}' ${opt[3]!.trim()}, got ${JSON.stringify(opt[2])}`;
  const arg = ARGUMENT_INVALID.exec(message);
  if (arg) return `argument '${arg[2]}' ${arg[3]!.trim()}, got ${JSON.stringify(arg[1])}`;
  return message.replace(/^error: /, '');
}
