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
 * How deep JSON read from a model file or handed to save/load may nest. Real model files
 * nest about ten levels; the bound keeps every recursive reader (configs, metadata copies,
 * error messages) far from the stack's limit, which a hostile file could otherwise reach.
 */
export const MAX_JSON_DEPTH = 1000;

function depthError(where: string, what: string, at: string): ValueError {
  const shown = at.length > 120 ? `${at.slice(0, 117)}...` : at;
  return new ValueError(
    `${where}: ${what} is nested more than ${MAX_JSON_DEPTH} levels deep (at ${shown}); model files nest a few levels, so it is damaged or hostile`,
  );
}

/**
 * Checks that no path through `value` is longer than `MAX_JSON_DEPTH`, without recursing (the
 * value may be nested far deeper than the stack allows). Shared sub-objects of in-memory
 * values are walked again only when reached at a greater depth, so the walk stays linear in
 * practice and never exponential.
 */
export function assertJsonDepth(value: unknown, where: string, what: string): void {
  const deepest = new Map<object, number>();
  const stack: { v: unknown; depth: number; at: string }[] = [{ v: value, depth: 0, at: '' }];
  while (stack.length > 0) {
    const { v, depth, at } = stack.pop()!;
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) continue;
    if (depth >= MAX_JSON_DEPTH) throw depthError(where, what, at.replace(/^\./, '') || 'the top');
    const seen = deepest.get(v);
    if (seen !== undefined && seen >= depth) continue;
    deepest.set(v, depth);
    // Paths are only spelled out near the top: deeper ones would cost quadratic time to build.
    const label = (key: string): string => (at.length < 200 ? `${at}${key}` : at);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], depth: depth + 1, at: label(`[${i}]`) });
    } else {
      for (const key of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1, at: label(`.${key}`) });
    }
  }
}

/**
 * Checks that `value` survives `JSON.stringify` unchanged (finite numbers, no functions,
 * undefined, cycles, class instances or typed arrays) and returns a deep copy. Errors name the
 * first bad path, e.g. `extra.scaler.mean[3] is NaN`.
 */
export function toJsonCopy(value: unknown, where: string, path: string): JsonValue {
  const seen = new Set<object>();
  const visit = (v: unknown, at: string, depth: number): JsonValue => {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new ValueError(`${where}: ${at} is ${v}; JSON can only hold finite numbers`);
      return v;
    }
    if (typeof v !== 'object') {
      throw new ValueError(`${where}: ${at} is a ${typeof v}; only JSON values (objects, arrays, strings, finite numbers, booleans, null) can be saved`);
    }
    if (seen.has(v)) throw new ValueError(`${where}: ${at} refers back to itself (a cycle); JSON cannot hold cycles`);
    if (depth >= MAX_JSON_DEPTH) throw depthError(where, path, at);
    if (Array.isArray(v)) {
      seen.add(v);
      const out = v.map((item, i) => {
        if (item === undefined) throw new ValueError(`${where}: ${at}[${i}] is undefined; JSON arrays cannot hold undefined`);
        return visit(item, `${at}[${i}]`, depth + 1);
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
      out[key] = visit(item, `${at}.${key}`, depth + 1);
    }
    seen.delete(v);
    return out;
  };
  return visit(value, path, 0);
}
