/**
 * How deeply JSON text nests, found without parsing it. V8's JSON.parse builds any depth, but
 * everything that walks the result afterwards (JSON.stringify in an error message, a recursive
 * config reader) overflows the stack somewhere past a few thousand levels with a RangeError
 * that names nothing. Readers of untrusted files check the depth first and refuse with their
 * own message.
 */

/**
 * The deepest nesting of arrays and objects in `text` (0 for a scalar, 1 for `[1, 2]`). Brackets
 * inside strings do not count. Linear in the text's length; malformed JSON gives some number
 * and is left to JSON.parse to reject.
 * @example jsonDepth('{"a": [[1], "]"]}') // 3
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
