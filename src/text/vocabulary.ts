/**
 * A vocabulary for language modelling: text ↔ integer ids, at the level of characters or
 * words. Small and deterministic on purpose: the same corpus always gives the same ids, so a
 * saved model and its saved vocabulary (`toJSON`) stay in step.
 *
 * - `level: 'char'`: every character (Unicode code point) of the corpus gets an id. Id 0 is
 *   the unknown character (default U+FFFD '�'), then the corpus characters sorted by code
 *   point. Characters not in the vocabulary encode to id 0.
 * - `level: 'word'`: words and single punctuation marks are tokens. Id 0 is the unknown token
 *   (default `'<unk>'`), then the tokens by decreasing frequency (ties by code-point order).
 *   Decoding joins tokens with spaces, without a space before `.,;:!?)]}` or after `([{`;
 *   `decodeAfter` applies the same rule between a prompt and what is generated after it.
 *
 * @example
 * const vocab = Vocabulary.fromText('hello world', { level: 'char' });
 * vocab.size;                          // 9: the unknown character and 8 distinct characters
 * vocab.decode(vocab.encode('hello')); // 'hello'
 */
import { ValueError, assertInt, assertKnownOptions, assertOneOf } from '../tensor/errors.js';

/** Whether tokens are characters or words. */
export type VocabularyLevel = 'char' | 'word';

/**
 * Options of `Vocabulary.fromText`.
 * @example Vocabulary.fromText(corpus, { level: 'word', lower: true, maxSize: 20_000 } satisfies VocabularyOptions)
 */
export interface VocabularyOptions {
  /** Characters or words (default 'char'). */
  level?: VocabularyLevel;
  /** Lower-case the text before building and before encoding (default false). */
  lower?: boolean;
  /**
   * Largest vocabulary size, the unknown token included; the most frequent tokens are kept
   * (ties by code-point order). Default: no limit.
   */
  maxSize?: number;
  /**
   * The unknown token, id 0 (default '<unk>' for words; for characters U+FFFD '�', which must
   * be a single character).
   */
  unknown?: string;
}

/** The plain-object form written by `toJSON` and read by `Vocabulary.fromJSON`. */
export interface VocabularyJSON {
  /** Marks the object as a vocabulary; `fromJSON` checks it. */
  format: 'lstm-ts/vocabulary';
  /** Layout version of this object; 1 is the only one. */
  version: 1;
  /** Whether the tokens are characters or words. */
  level: VocabularyLevel;
  /** Whether text is lower-cased before encoding. */
  lower: boolean;
  /** Tokens in id order; `tokens[0]` is the unknown token. */
  tokens: string[];
}

const WHERE = 'Vocabulary.fromText';
/** The default unknown character of a character-level vocabulary. */
export const UNKNOWN_CHAR = '\uFFFD';
/** The default unknown token of a word-level vocabulary. */
export const UNKNOWN_WORD = '<unk>';

// A word is a run of letters, digits, marks, underscores and apostrophes; any other
// non-space character is a token of its own.
const WORD_PATTERN = /[\p{L}\p{N}\p{M}_'’]+|[^\s\p{L}\p{N}\p{M}_'’]/gu;
const NO_SPACE_BEFORE = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}']);
const NO_SPACE_AFTER = new Set(['(', '[', '{']);

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits text into tokens of the given level (code points, or words and punctuation). */
function splitTokens(text: string, level: VocabularyLevel): string[] {
  return level === 'char' ? Array.from(text) : text.match(WORD_PATTERN) ?? [];
}

export class Vocabulary {
  /** Characters or words. */
  readonly level: VocabularyLevel;
  /** Whether text is lower-cased before encoding. */
  readonly lower: boolean;
  /** Tokens in id order; `tokens[0]` is the unknown token. */
  readonly tokens: readonly string[];
  /** The id every token outside the vocabulary encodes to (always 0). */
  readonly unknownId = 0;
  private readonly ids: Map<string, number>;

  /**
   * Makes a vocabulary from its tokens in id order (`tokens[0]` is the unknown token); most
   * code wants {@link Vocabulary.fromText} or {@link Vocabulary.fromJSON} instead.
   * @example new Vocabulary(['\uFFFD', 'a', 'b'], { level: 'char' }).encode('abc') // Int32Array [1, 2, 0]
   */
  constructor(tokens: readonly string[], options: { level?: VocabularyLevel; lower?: boolean } = {}) {
    const where = 'new Vocabulary';
    assertKnownOptions(where, options, ['level', 'lower']);
    const level = options.level ?? 'char';
    assertOneOf(where, 'level', level, ['char', 'word'] as const);
    const lower = options.lower ?? false;
    if (typeof lower !== 'boolean') throw new ValueError(`${where}: option 'lower' expected a boolean, got ${JSON.stringify(lower)}`);
    if (!Array.isArray(tokens) || tokens.length === 0) {
      throw new ValueError(`${where}: argument 'tokens' expected a non-empty array of strings (tokens[0] is the unknown token), got ${JSON.stringify(tokens)}`);
    }
    const ids = new Map<string, number>();
    tokens.forEach((t, i) => {
      if (typeof t !== 'string' || t.length === 0) {
        throw new ValueError(`${where}: argument 'tokens[${i}]' expected a non-empty string, got ${JSON.stringify(t)}`);
      }
      if (level === 'char' && Array.from(t).length !== 1) {
        throw new ValueError(`${where}: argument 'tokens[${i}]' expected a single character for a character-level vocabulary, got ${JSON.stringify(t)}`);
      }
      if (ids.has(t)) throw new ValueError(`${where}: argument 'tokens' has ${JSON.stringify(t)} twice (ids ${ids.get(t)} and ${i}); tokens must be unique`);
      ids.set(t, i);
    });
    this.level = level;
    this.lower = lower;
    this.tokens = Object.freeze([...tokens]);
    this.ids = ids;
  }

  /**
   * Builds the vocabulary of a corpus (see the file comment for the id order).
   * @example Vocabulary.fromText('the cat. the dog.', { level: 'word' }).tokens // ['<unk>', '.', 'the', 'cat', 'dog']
   * @example Vocabulary.fromText('abracadabra', { maxSize: 3 }).tokens          // ['\uFFFD', 'a', 'b']
   */
  static fromText(text: string, options: VocabularyOptions = {}): Vocabulary {
    assertKnownOptions(WHERE, options, ['level', 'lower', 'maxSize', 'unknown']);
    if (typeof text !== 'string') throw new ValueError(`${WHERE}: argument 'text' expected a string, got ${typeof text}`);
    const level = options.level ?? 'char';
    assertOneOf(WHERE, 'level', level, ['char', 'word'] as const);
    const lower = options.lower ?? false;
    if (typeof lower !== 'boolean') throw new ValueError(`${WHERE}: option 'lower' expected a boolean, got ${JSON.stringify(lower)}`);
    if (options.maxSize !== undefined) assertInt(WHERE, 'maxSize', options.maxSize, 1);
    const unknown = options.unknown ?? (level === 'char' ? UNKNOWN_CHAR : UNKNOWN_WORD);
    if (typeof unknown !== 'string' || unknown.length === 0 || (level === 'char' && Array.from(unknown).length !== 1)) {
      throw new ValueError(
        `${WHERE}: option 'unknown' expected ${level === 'char' ? 'a single character for a character-level vocabulary' : 'a non-empty string'}, got ${JSON.stringify(unknown)}`,
      );
    }
    const counts = new Map<string, number>();
    for (const token of splitTokens(lower ? text.toLowerCase() : text, level)) {
      if (token !== unknown) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    const byFrequency = [...counts.entries()].sort((a, b) => b[1] - a[1] || compareCodePoints(a[0], b[0])).map(([t]) => t);
    const kept = options.maxSize === undefined ? byFrequency : byFrequency.slice(0, options.maxSize - 1);
    // Characters are listed in code-point order; words stay in frequency order as in Keras.
    if (level === 'char') kept.sort(compareCodePoints);
    return new Vocabulary([unknown, ...kept], { level, lower });
  }

  /**
   * Reads what `toJSON` wrote, checking every field.
   * @example Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab))).size === vocab.size // true
   */
  static fromJSON(json: unknown): Vocabulary {
    const where = 'Vocabulary.fromJSON';
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new ValueError(`${where}: argument 'json' expected an object written by Vocabulary.toJSON, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
    }
    const o = json as Record<string, unknown>;
    if (o['format'] !== 'lstm-ts/vocabulary') {
      throw new ValueError(`${where}: field 'format' expected 'lstm-ts/vocabulary', got ${JSON.stringify(o['format'])}`);
    }
    if (o['version'] !== 1) throw new ValueError(`${where}: field 'version' expected 1, got ${JSON.stringify(o['version'])}`);
    if (o['level'] !== 'char' && o['level'] !== 'word') {
      throw new ValueError(`${where}: field 'level' expected 'char' or 'word', got ${JSON.stringify(o['level'])}`);
    }
    if (typeof o['lower'] !== 'boolean') throw new ValueError(`${where}: field 'lower' expected a boolean, got ${JSON.stringify(o['lower'])}`);
    const tokens = o['tokens'];
    if (!Array.isArray(tokens) || !tokens.every((t): t is string => typeof t === 'string')) {
      throw new ValueError(`${where}: field 'tokens' expected an array of strings, got ${JSON.stringify(tokens)?.slice(0, 80)}`);
    }
    return new Vocabulary(tokens, { level: o['level'], lower: o['lower'] });
  }

  /** Number of ids, the unknown token included (the model's `vocabSize`). */
  get size(): number {
    return this.tokens.length;
  }

  /** The unknown token (`tokens[0]`). */
  get unknown(): string {
    return this.tokens[0]!;
  }

  /**
   * The id of one token (after lower-casing when `lower`), or `unknownId` when it is not in
   * the vocabulary.
   * @example vocab.idOf('e')
   */
  idOf(token: string): number {
    return this.ids.get(this.lower ? token.toLowerCase() : token) ?? this.unknownId;
  }

  /**
   * The token of one id; throws for an id outside [0, size).
   * @example vocab.tokenOf(0) // the unknown token
   */
  tokenOf(id: number): string {
    const t = Number.isInteger(id) ? this.tokens[id] : undefined;
    if (t === undefined) throw new ValueError(`Vocabulary.tokenOf: argument 'id' expected an integer in [0, ${this.size}), got ${id}`);
    return t;
  }

  /**
   * Splits text into this vocabulary's tokens (characters, or words and punctuation), after
   * lower-casing when `lower`. Tokens outside the vocabulary are kept as they are.
   * @example Vocabulary.fromText('a b', { level: 'word' }).tokenize('Hi, you!') // ['Hi', ',', 'you', '!']
   */
  tokenize(text: string): string[] {
    if (typeof text !== 'string') throw new ValueError(`Vocabulary.tokenize: argument 'text' expected a string, got ${typeof text}`);
    return splitTokens(this.lower ? text.toLowerCase() : text, this.level);
  }

  /**
   * Text to ids; tokens outside the vocabulary become `unknownId` (0).
   * @example vocab.encode('hello') // Int32Array of 5 ids
   */
  encode(text: string): Int32Array {
    if (typeof text !== 'string') throw new ValueError(`Vocabulary.encode: argument 'text' expected a string, got ${typeof text}`);
    const tokens = this.tokenize(text);
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.ids.get(tokens[i]!) ?? this.unknownId;
    return out;
  }

  /**
   * Ids to text: characters are concatenated; words are joined with spaces, without a space
   * before closing punctuation `.,;:!?)]}` or after an opening bracket `([{`.
   * @example vocab.decode(vocab.encode('hello')) // 'hello'
   */
  decode(ids: ArrayLike<number>): string {
    const where = 'Vocabulary.decode';
    if (ids === null || typeof ids !== 'object' || typeof ids.length !== 'number') {
      throw new ValueError(`${where}: argument 'ids' expected an array of integer ids, got ${ids === null ? 'null' : typeof ids}`);
    }
    const parts: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const t = Number.isInteger(id) ? this.tokens[id] : undefined;
      if (t === undefined) {
        throw new ValueError(`${where}: argument 'ids' has ${id} at index ${i}; expected integer ids in [0, ${this.size})`);
      }
      parts.push(t);
    }
    if (this.level === 'char') return parts.join('');
    let text = '';
    parts.forEach((t, i) => {
      if (i > 0 && !NO_SPACE_BEFORE.has(t) && !NO_SPACE_AFTER.has(parts[i - 1]!)) text += ' ';
      text += t;
    });
    return text;
  }

  /**
   * Ids decoded as the continuation of `before` (a prompt): what `decode` would write after
   * the prompt's last token, so `before + decodeAfter(before, ids)` reads as one text.
   * Characters concatenate; a word gets a leading space unless `before` is empty or ends in
   * whitespace, its last token opens a bracket, or the first id is closing punctuation.
   * @example words.decodeAfter('the lazy', words.encode('dog')) // ' dog'
   */
  decodeAfter(before: string, ids: ArrayLike<number>): string {
    if (typeof before !== 'string') throw new ValueError(`Vocabulary.decodeAfter: argument 'before' expected a string, got ${typeof before}`);
    const text = this.decode(ids);
    if (this.level === 'char' || text === '' || before === '' || /\s$/u.test(before)) return text;
    const last = this.tokenize(before).at(-1);
    if (last === undefined || NO_SPACE_AFTER.has(last) || NO_SPACE_BEFORE.has(this.tokens[ids[0]!]!)) return text;
    return ` ${text}`;
  }

  /**
   * The distinct tokens of `text` (after lower-casing when `lower`) that encode to
   * `unknownId`, in order of first appearance: what a prompt loses when it is encoded.
   * @example Vocabulary.fromText('abc').unknownTokens('a@b#@') // ['@', '#']
   */
  unknownTokens(text: string): string[] {
    const unknown = new Set<string>();
    for (const token of this.tokenize(text)) {
      if ((this.ids.get(token) ?? this.unknownId) === this.unknownId) unknown.add(token);
    }
    return [...unknown];
  }

  /**
   * A plain object for `JSON.stringify`; `Vocabulary.fromJSON` reads it back.
   * @example writeFileSync('vocab.json', JSON.stringify(vocab))
   */
  toJSON(): VocabularyJSON {
    return { format: 'lstm-ts/vocabulary', version: 1, level: this.level, lower: this.lower, tokens: [...this.tokens] };
  }
}
