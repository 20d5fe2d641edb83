/**
 * Small DOM helpers shared by the panels: typed lookups that fail loudly when the markup and
 * the code disagree, HTML escaping for text that came from the user (file names, CSV
 * columns), and number formatting.
 */

/** The element with `id` inside `root`, checked to be of the expected class. */
export function byId<T extends Element>(root: ParentNode, id: string, type: new () => T): T {
  const found = root.querySelector(`#${CSS.escape(id)}`);
  if (!(found instanceof type)) throw new Error(`playground markup: #${id} is missing or not a ${type.name}`);
  return found;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML and SVG markup. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A number with `digits` significant decimals, '—' for NaN or infinities. */
export function fmt(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** 12,345 */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Reads a whole number from an input, clamped to the input's min and max. */
export function intValue(input: HTMLInputElement): number {
  return Math.round(numberValue(input));
}

/** Reads a number from an input, clamped to its min and max; the default when empty. */
export function numberValue(input: HTMLInputElement): number {
  const raw = Number(input.value);
  const fallback = Number(input.defaultValue);
  let v = Number.isFinite(raw) && input.value.trim() !== '' ? raw : fallback;
  if (input.min !== '') v = Math.max(v, Number(input.min));
  if (input.max !== '') v = Math.min(v, Number(input.max));
  return v;
}

/** A visible label for a character: spaces and newlines drawn as symbols. */
export function showChar(token: string): string {
  return token === ' ' ? '␣' : token === '\n' ? '⏎' : token === '\t' ? '⇥' : token;
}
