/**
 * Text to integer sequences with the semantics of Keras's `keras.preprocessing.text.Tokenizer`:
 * lower-casing, punctuation filters, splitting, a vocabulary ranked by frequency, index 0
 * reserved for padding, an optional out-of-vocabulary token at index 1 and a `numWords` cut.
 *
 * Differences from Keras, all deliberate:
 * - at character level the `filters` still remove characters (Keras ignores them there);
 *   pass `filters: ''` to keep every character as Keras does;
 * - `sequencesToTexts` joins characters with '' at character level (Keras joins with ' '),
 *   and skips index 0 (padding) instead of turning it into the OOV token;
 * - if the OOV token also occurs in the texts, it keeps index 1 and is not ranked again.
 */
import { ValueError, assertInt, assertKnownOptions } from '../tensor/errors.js';
import { describeValue } from './describe.js';

/** Keras's default filters: punctuation, tab and newline. */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export interface TokenizerOptions {
  /** Keep only the words with index < numWords (the `numWords - 1` most frequent, counting the OOV token). */
  numWords?: number;
  /** Characters removed from the texts (replaced by `split` at word level). */
  filters?: string;
  /** Lower-case the texts first (default true). */
  lower?: boolean;
  /** Word separator (default ' '). */
  split?: string;
  /** Every character is a token (default false). */
  charLevel?: boolean;
  /** Token standing for words outside the vocabulary; it gets index 1. */
  oovToken?: string;
}

/** What `Tokenizer.toJSON` returns and `Tokenizer.fromJSON` reads. */
export interface TokenizerJSON {
  /** Always 'Tokenizer'; `fromJSON` checks it. */
  className: 'Tokenizer';
  /** The constructor options, defaults filled in. */
  config: {
    /** See {@link Tokenizer.numWords}. */
    numWords: number | null;
    /** See {@link Tokenizer.filters}. */
    filters: string;
    /** See {@link Tokenizer.lower}. */
    lower: boolean;
    /** See {@link Tokenizer.split}. */
    split: string;
    /** See {@link Tokenizer.charLevel}. */
    charLevel: boolean;
    /** See {@link Tokenizer.oovToken}. */
    oovToken: string | null;
  };
  /** Number of texts fitted. */
  documentCount: number;
  /** `[word, count]` in first-appearance order. */
  wordCounts: [string, number][];
  /** `[word, number of texts containing it]` in first-appearance order. */
  wordDocs: [string, number][];
  /** `[word, index]` in index order. */
  wordIndex: [string, number][];
}

const OPTION_NAMES = ['numWords', 'filters', 'lower', 'split', 'charLevel', 'oovToken'] as const;

/**
 * Keras's text `Tokenizer`: fit it on training texts, then turn texts into id sequences
 * (for an Embedding) or matrices; see the module comment for where it differs from Keras.
 * @example
 * const tok = new Tokenizer({ numWords: 10_000, oovToken: '<oov>' });
 * tok.fitOnTexts(trainTexts);
 * const x = data.padSequences(tok.textsToSequences(trainTexts), { maxlen: 100 });
 */
export class Tokenizer {
  /** Ids kept when encoding: only those below it (null: all). Keras `num_words`. */
  readonly numWords: number | null;
  /** Characters removed before splitting (default {@link DEFAULT_FILTERS}). */
  readonly filters: string;
  /** Whether texts are lower-cased first (default true). */
  readonly lower: boolean;
  /** Word separator at word level (default ' '). */
  readonly split: string;
  /** Whether every character is a token instead of every word (default false). Keras `char_level`. */
  readonly charLevel: boolean;
  /** Token at index 1 that stands for unknown or cut words, or null to drop them. Keras `oov_token`. */
  readonly oovToken: string | null;
  /** Word to index, 1-based (0 is padding); the OOV token, if any, is 1. */
  wordIndex = new Map<string, number>();
  /** Index to word, the inverse of `wordIndex`. */
  indexWord = new Map<number, string>();
  /** Occurrences of each word over all fitted texts, in first-appearance order. */
  wordCounts = new Map<string, number>();
  /** Number of fitted texts containing each word. */
  wordDocs = new Map<string, number>();
  /** Number of texts fitted so far. */
  documentCount = 0;
  private readonly filterSet: Set<string>;

  /**
   * @example
   * const tok = new Tokenizer({ oovToken: '<oov>' });
   * tok.fitOnTexts(['The cat sat.', 'The dog!']);
   * tok.textsToSequences(['the bird sat']); // [[2, 1, 4]]
   */
  constructor(options: TokenizerOptions = {}) {
    const where = 'Tokenizer';
    if (typeof options !== 'object' || options === null) {
      throw new ValueError(`${where}: argument 'options' expected an object, got ${describeValue(options)}`);
    }
    assertKnownOptions(where, options, OPTION_NAMES);
    const { numWords, filters = DEFAULT_FILTERS, lower = true, split = ' ', charLevel = false, oovToken } = options;
    if (numWords !== undefined && numWords !== null) assertInt(where, 'numWords', numWords, 1);
    checkString(where, 'filters', filters, true);
    checkString(where, 'split', split, false);
    checkBoolean(where, 'lower', lower);
    checkBoolean(where, 'charLevel', charLevel);
    if (oovToken !== undefined && oovToken !== null) checkString(where, 'oovToken', oovToken, false);
    this.numWords = numWords ?? null;
    this.filters = filters;
    this.lower = lower;
    this.split = split;
    this.charLevel = charLevel;
    this.oovToken = oovToken ?? null;
    this.filterSet = new Set(filters);
  }

  /**
   * Splits one text into tokens exactly as fitting and encoding do.
   * @example new Tokenizer().tokenize('Hello, World!') // ['hello', 'world']
   */
  tokenize(text: string): string[] {
    const lowered = this.lower ? text.toLowerCase() : text;
    if (this.charLevel) {
      const out: string[] = [];
      for (const ch of lowered) if (!this.filterSet.has(ch)) out.push(ch);
      return out;
    }
    let replaced = '';
    for (const ch of lowered) replaced += this.filterSet.has(ch) ? this.split : ch;
    return replaced.split(this.split).filter((w) => w.length > 0);
  }

  /**
   * Counts the tokens of `texts` and (re)builds the vocabulary; may be called repeatedly.
   * Words are ranked by descending count, ties by first appearance.
   * @example
   * const tok = new Tokenizer();
   * tok.fitOnTexts(['b a b', 'c']);
   * tok.wordIndex; // Map { 'b' => 1, 'a' => 2, 'c' => 3 }
   */
  fitOnTexts(texts: readonly string[]): void {
    checkTexts('Tokenizer.fitOnTexts', texts);
    for (const text of texts) {
      this.documentCount++;
      const seq = this.tokenize(text);
      for (const w of seq) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
      for (const w of new Set(seq)) this.wordDocs.set(w, (this.wordDocs.get(w) ?? 0) + 1);
    }
    // Array.prototype.sort is stable: ties keep first-appearance order, as Python's sort does.
    const ranked = [...this.wordCounts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    const vocabulary = this.oovToken === null ? ranked : [this.oovToken, ...ranked.filter((w) => w !== this.oovToken)];
    this.wordIndex = new Map(vocabulary.map((w, i) => [w, i + 1]));
    this.indexWord = new Map(vocabulary.map((w, i) => [i + 1, w]));
  }

  /**
   * Encodes each text as token indices. Unknown words, and words with index >= numWords,
   * become the OOV index when there is an OOV token and are dropped otherwise.
   * @example
   * const tok = new Tokenizer({ numWords: 3 });
   * tok.fitOnTexts(['a a a b b c']);
   * tok.textsToSequences(['a b c d']); // [[1, 2]]
   */
  textsToSequences(texts: readonly string[]): number[][] {
    checkTexts('Tokenizer.textsToSequences', texts);
    const oovIndex = this.oovToken === null ? undefined : this.wordIndex.get(this.oovToken);
    return texts.map((text) => {
      const out: number[] = [];
      for (const w of this.tokenize(text)) {
        const i = this.wordIndex.get(w);
        if (i !== undefined && (this.numWords === null || i < this.numWords)) out.push(i);
        else if (oovIndex !== undefined) out.push(oovIndex);
      }
      return out;
    });
  }

  /**
   * Decodes index sequences back to text (words joined by ' ', characters by ''). Index 0
   * (padding) is skipped; unknown indices and indices >= numWords become the OOV token when
   * there is one and are dropped otherwise.
   * @example
   * const tok = new Tokenizer();
   * tok.fitOnTexts(['hello world']);
   * tok.sequencesToTexts([[0, 0, 1, 2]]); // ['hello world']
   */
  sequencesToTexts(sequences: readonly (readonly number[])[]): string[] {
    const where = 'Tokenizer.sequencesToTexts';
    if (!Array.isArray(sequences)) {
      throw new ValueError(`${where}: argument 'sequences' expected an array of number arrays, got ${typeof sequences}`);
    }
    const oovIndex = this.oovToken === null ? undefined : this.wordIndex.get(this.oovToken);
    return sequences.map((seq, s) => {
      if (!Array.isArray(seq)) {
        throw new ValueError(`${where}: argument 'sequences[${s}]' expected an array of integers, got ${typeof seq}`);
      }
      const words: string[] = [];
      seq.forEach((num, k) => {
        if (typeof num !== 'number' || !Number.isInteger(num)) {
          throw new ValueError(`${where}: argument 'sequences[${s}][${k}]' expected an integer, got ${describeValue(num)}`);
        }
        if (num === 0) return;
        const word = this.indexWord.get(num);
        if (word !== undefined && (this.numWords === null || num < this.numWords)) words.push(word);
        else if (oovIndex !== undefined) words.push(this.oovToken!);
      });
      return words.join(this.charLevel ? '' : ' ');
    });
  }

  /**
   * A JSON-safe snapshot: configuration, counts and vocabulary.
   * @example const copy = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
   */
  toJSON(): TokenizerJSON {
    return {
      className: 'Tokenizer',
      config: {
        numWords: this.numWords,
        filters: this.filters,
        lower: this.lower,
        split: this.split,
        charLevel: this.charLevel,
        oovToken: this.oovToken,
      },
      documentCount: this.documentCount,
      wordCounts: [...this.wordCounts.entries()],
      wordDocs: [...this.wordDocs.entries()],
      wordIndex: [...this.wordIndex.entries()],
    };
  }

  /**
   * Restores a tokenizer saved with `toJSON`.
   * @example const tok = Tokenizer.fromJSON(JSON.parse(savedText));
   */
  static fromJSON(json: TokenizerJSON): Tokenizer {
    const where = 'Tokenizer.fromJSON';
    if (typeof json !== 'object' || json === null || json.className !== 'Tokenizer') {
      throw new ValueError(
        `${where}: argument 'json' expected an object with className 'Tokenizer', got ${
          typeof json === 'object' && json !== null ? `className ${describeValue((json as { className?: unknown }).className)}` : describeValue(json)
        }`,
      );
    }
    const c = json.config;
    if (typeof c !== 'object' || c === null) {
      throw new ValueError(`${where}: field 'config' expected an object, got ${describeValue(c)}`);
    }
    const tok = new Tokenizer({
      numWords: c.numWords ?? undefined,
      filters: c.filters,
      lower: c.lower,
      split: c.split,
      charLevel: c.charLevel,
      oovToken: c.oovToken ?? undefined,
    });
    assertInt(where, 'documentCount', json.documentCount, 0);
    tok.documentCount = json.documentCount;
    tok.wordCounts = readPairs(where, 'wordCounts', json.wordCounts);
    tok.wordDocs = readPairs(where, 'wordDocs', json.wordDocs);
    tok.wordIndex = readPairs(where, 'wordIndex', json.wordIndex);
    tok.indexWord = new Map([...tok.wordIndex].map(([w, i]) => [i, w]));
    return tok;
  }
}

function readPairs(where: string, field: string, pairs: unknown): Map<string, number> {
  if (!Array.isArray(pairs)) {
    throw new ValueError(`${where}: field '${field}' expected an array of [string, number] pairs, got ${typeof pairs}`);
  }
  const out = new Map<string, number>();
  pairs.forEach((p: unknown, i) => {
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'number' || !Number.isInteger(p[1])) {
      throw new ValueError(`${where}: field '${field}[${i}]' expected a [string, integer] pair, got ${describeValue(p)}`);
    }
    out.set(p[0], p[1]);
  });
  return out;
}

function checkTexts(where: string, texts: unknown): asserts texts is readonly string[] {
  if (!Array.isArray(texts)) {
    throw new ValueError(`${where}: argument 'texts' expected an array of strings, got ${typeof texts}`);
  }
  texts.forEach((t: unknown, i) => {
    if (typeof t !== 'string') {
      throw new ValueError(`${where}: argument 'texts[${i}]' expected a string, got ${t === null ? 'null' : typeof t}`);
    }
  });
}

function checkString(where: string, name: string, value: unknown, allowEmpty: boolean): void {
  if (typeof value !== 'string' || (!allowEmpty && value.length === 0)) {
    throw new ValueError(
      `${where}: option '${name}' expected a ${allowEmpty ? '' : 'non-empty '}string, got ${describeValue(value)}`,
    );
  }
}

function checkBoolean(where: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new ValueError(`${where}: option '${name}' expected true or false, got ${describeValue(value)}`);
  }
}
