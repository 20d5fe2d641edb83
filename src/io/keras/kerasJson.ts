/**
 * Parsing the JSON of Keras files (a JSON architecture, `config.json` and `metadata.json` of a
 * .keras archive, the `model_config` attribute of an .h5 file) with a bound on nesting: the
 * config readers and their error messages walk the parsed value recursively, and a file that
 * nests arrays a million deep would end in a RangeError naming nothing.
 */
import { ValueError } from '../../tensor/errors.js';
import type { JsonValue } from '../json.js';
import { jsonDepth } from '../jsonDepth.js';

/** The deepest nesting accepted; Keras's own configs nest about ten levels. */
export const MAX_KERAS_JSON_DEPTH = 100;

/**
 * Parses `text`. Errors start with `label` (the file) and name `subject` when given (e.g.
 * 'config.json in the archive').
 */
export function parseKerasJson(text: string, label: string, subject?: string): JsonValue {
  const where = subject ? `${label}: ${subject}` : label;
  const depth = jsonDepth(text);
  if (depth > MAX_KERAS_JSON_DEPTH) {
    throw new ValueError(`${where}${subject ? '' : ':'} nests ${depth} levels deep, more than the ${MAX_KERAS_JSON_DEPTH} levels a Keras config may use`);
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ValueError(subject ? `${where} is not valid JSON (${why})` : `${label}: not valid JSON (${why})`, { cause: e });
  }
}
