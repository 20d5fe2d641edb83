/**
 * Character tokens for the translate app. Ids 0–3 are reserved: 0 pads (the embedding masks
 * it), 1 starts the decoder's input, 2 ends a translation, 3 stands for a character the
 * training pairs never showed; the characters follow in code-point order, so the same pairs
 * always give the same ids.
 *
 * @example
 * const v = CharVocab.fromTexts(['2021-03-03']);
 * v.tokens.slice(4) // ['-', '0', '1', '2', '3']
 * v.encode('2021') // [7, 5, 7, 6]
 * v.decode(v.encode('2021')) // '2021'
 */

/** Padding id: masked by the embedding, never predicted. */
export const PAD = 0;
/** The decoder's first input: "start translating". */
export const START = 1;
/** The token that ends a translation. */
export const END = 2;
/** A character outside the vocabulary. */
export const UNK = 3;
const RESERVED = ['<pad>', '<start>', '<end>', '<unk>'];

/** Characters ↔ ids (see the module comment). */
export class CharVocab {
  /** Token strings by id: the four reserved tokens, then the characters. */
  readonly tokens: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  private constructor(chars: readonly string[]) {
    this.tokens = [...RESERVED, ...chars];
    this.ids = new Map(chars.map((c, i) => [c, i + RESERVED.length]));
  }

  /**
   * The vocabulary of every character in `texts`.
   * @example CharVocab.fromTexts(['ab', 'bc']).size // 7: 4 reserved + a, b, c
   */
  static fromTexts(texts: Iterable<string>): CharVocab {
    const set = new Set<string>();
    for (const t of texts) for (const ch of t) set.add(ch);
    return new CharVocab([...set].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!));
  }

  /**
   * Number of ids (the embedding's `inputDim`, the softmax's width).
   * @example CharVocab.fromTexts(['0123456789-']).size // 15
   */
  get size(): number {
    return this.tokens.length;
  }

  /**
   * Ids of the characters of `text` ({@link UNK} for unseen ones), without start or end.
   * @example CharVocab.fromTexts(['ab']).encode('abz') // [4, 5, 3]
   */
  encode(text: string): number[] {
    return Array.from(text, (ch) => this.ids.get(ch) ?? UNK);
  }

  /**
   * The text of `ids`, stopping at {@link END}, skipping padding and start; unknown ids print as '�'.
   * @example v.decode([...v.encode('ab'), END, 4]) // 'ab'
   */
  decode(ids: readonly number[]): string {
    let out = '';
    for (const id of ids) {
      if (id === END) break;
      if (id === PAD || id === START) continue;
      out += id === UNK || id >= this.tokens.length ? '\uFFFD' : this.tokens[id]!;
    }
    return out;
  }

  /**
   * The printable label of one id, for heatmap axes.
   * @example v.label(END) // '<end>'
   */
  label(id: number): string {
    return this.tokens[id] ?? '?';
  }
}
