/**
 * Parallel text for `lstm translate --pairs`: one pair a line, `source<TAB>target`, with an
 * optional third column that is ignored (the Tatoeba / manythings.org `fra.txt` files carry
 * the attribution there). Lines that are empty or hold only spaces are skipped; a `\r` before
 * the newline is dropped. Anything else that is not a pair is an error naming its line.
 *
 * @example
 * parsePairs('Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272\n')
 * // [{ source: 'Go.', target: 'Va !' }]
 */
import { readFileSync } from 'node:fs';
import { fileReadReason } from '../../data/fileReadReason.js';
import { ValueError } from '../../tensor/errors.js';
import type { TranslationPair } from './grammar.js';

/**
 * Parses tab-separated pairs (see the module comment); `name` is what errors call the text.
 * @example parsePairs('cat\tchat\ndog\tchien', 'animals.tsv').length // 2
 */
export function parsePairs(text: string, name = 'pairs'): TranslationPair[] {
  const pairs: TranslationPair[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return;
    const where = `${name} line ${i + 1}`;
    const fields = line.split('\t');
    if (fields.length < 2) {
      throw new ValueError(`${where}: expected source<TAB>target[<TAB>attribution], found no tab in ${JSON.stringify(clip(line))}`);
    }
    if (fields.length > 3) {
      throw new ValueError(`${where}: expected at most 3 tab-separated fields (source, target, attribution), found ${fields.length}`);
    }
    const [source, target] = [fields[0]!.trim(), fields[1]!.trim()];
    if (source.length === 0) throw new ValueError(`${where}: the source (field 1) is empty`);
    if (target.length === 0) throw new ValueError(`${where}: the target (field 2) is empty`);
    pairs.push({ source, target });
  });
  if (pairs.length === 0) throw new ValueError(`${name}: no pairs found; expected lines of source<TAB>target`);
  return pairs;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Reads a UTF-8 file of tab-separated pairs.
 * @example readPairsFile('fra.txt').slice(0, 2)
 */
export function readPairsFile(path: string): TranslationPair[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = fileReadReason(e);
    throw new ValueError(`cannot read pairs file '${path}': ${reason}`);
  }
  return parsePairs(text.startsWith('\uFEFF') ? text.slice(1) : text, path);
}
