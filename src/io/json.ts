/**
 * JSON value types and checks shared by the save/load code: configs and metadata are plain
 * JSON, so a model file written here parses anywhere (tfjs, Python, a text editor).
 */
import { ValueError } from '../tensor/errors.js';

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that `value` survives `JSON.stringify` unchanged (finite numbers, no functions,
 * undefined, cycles, class instances or typed arrays) and returns a deep copy. Errors name the
 * first bad path, e.g. `extra.scaler.mean[3] is NaN`.
 */
export function toJsonCopy(value: unknown, where: string, path: string): JsonValue {
  const seen = new Set<object>();
  const visit = (v: unknown, at: string): JsonValue => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new ValueError(`${where}: ${at} is ${v}; JSON can only hold finite numbers`);
      return v;
    }
    if (typeof v !== 'object') {
      throw new ValueError(`${where}: ${at} is a ${typeof v}; only JSON values (objects, arrays, strings, finite numbers, booleans, null) can be saved`);
    }
    if (seen.has(v)) throw new ValueError(`${where}: ${at} refers back to itself (a cycle); JSON cannot hold cycles`);
    if (Array.isArray(v)) {
      seen.add(v);
      const out = v.map((item, i) => {
        if (item === undefined) throw new ValueError(`${where}: ${at}[${i}] is undefined; JSON arrays cannot hold undefined`);
        return visit(item, `${at}[${i}]`);
      });
      seen.delete(v);
      return out;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new ValueError(`${where}: ${at} is a ${name}; only plain objects and arrays can be saved (convert it, e.g. Array.from for typed arrays)`);
    }
    seen.add(v);
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(v)) {
      if (item === undefined) continue; // JSON.stringify drops undefined properties too
      out[key] = visit(item, `${at}.${key}`);
    }
    seen.delete(v);
    return out;
  };
  return visit(value, path);
}
