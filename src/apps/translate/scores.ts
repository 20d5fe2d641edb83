/**
 * How translations are scored: exact-sequence accuracy (the whole output equals the target)
 * and token accuracy, compared position by position, with every position of the longer of
 * the two strings counted (`matches / max(|output|, |target|)`, summed over the test pairs),
 * so that a missing or an extra character costs as much as a wrong one. The copy baseline
 * "translates" each source into itself.
 *
 * @example
 * scoreTranslations(['2021-03-03', '2021-03-0'], ['2021-03-03', '2021-03-04'])
 * // { exact: 0.5, token: 19 / 20, count: 2 }
 */
import { ValueError } from '../../tensor/errors.js';

/** Accuracy figures of a set of translations. */
export interface TranslationScores {
  /** Fraction of outputs equal to their target. */
  exact: number;
  /** Matching positions over the longer length, summed over pairs (see the module comment). */
  token: number;
  /** Pairs scored. */
  count: number;
}

/**
 * Scores `outputs` against `targets` (character tokens; see the module comment).
 * @example scoreTranslations(['abc'], ['abd']).token // 2 / 3
 */
export function scoreTranslations(outputs: readonly string[], targets: readonly string[]): TranslationScores {
  if (outputs.length !== targets.length) {
    throw new ValueError(`scoreTranslations: ${outputs.length} outputs for ${targets.length} targets; expected one output per target`);
  }
  let exact = 0;
  let matches = 0;
  let positions = 0;
  outputs.forEach((out, i) => {
    const o = Array.from(out);
    const t = Array.from(targets[i]!);
    if (out === targets[i]) exact++;
    for (let k = 0; k < Math.min(o.length, t.length); k++) if (o[k] === t[k]) matches++;
    positions += Math.max(o.length, t.length);
  });
  const n = targets.length;
  return { exact: n === 0 ? 0 : exact / n, token: positions === 0 ? 1 : matches / positions, count: n };
}
