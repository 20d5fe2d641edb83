/** Argument checks shared by the chart builders; every message names the function and argument. */
import { ValueError } from '../tensor/errors.js';

/**
 * Returns `value` if it is a string or undefined, else throws naming `where` and `name`.
 * @example const title = optionalString('lineChartSvg', 'title', args.title);
 */
export function optionalString(where: string, name: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new ValueError(`${where}: option '${name}' expected a string, got ${show(value)}`);
}

/**
 * Returns `value` if it is a boolean or undefined, else throws naming `where` and `name`.
 * @example const logY = optionalBoolean('lineChartSvg', 'logY', args.logY) ?? false;
 */
export function optionalBoolean(where: string, name: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new ValueError(`${where}: option '${name}' expected a boolean, got ${show(value)}`);
}

/**
 * A short, readable rendering of a bad value for error messages.
 * @example show([1, 2, 3]) // '[1,2,3]'; show(new Array(10).fill(0)) // 'an array of length 10'
 */
export function show(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value) && value.length > 6) return `an array of length ${value.length}`;
  try {
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return typeof value;
  }
}
