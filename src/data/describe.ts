/**
 * Formats a bad value for an error message: NaN and Infinity as themselves (JSON would print
 * `null`), strings quoted, long values cut.
 * @example describeValue(NaN) // 'NaN'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
