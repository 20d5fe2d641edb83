/**
 * Decoding a trained decoder one token at a time: greedy (the likeliest token at each step)
 * and beam search (the K likeliest partial translations at each step). Both work on any
 * {@link StepModel}: the translate app's LSTM (`Seq2SeqStepper`), or a table in a test.
 *
 * Beam search, per source, with a beam that shrinks as hypotheses finish: every step each live
 * hypothesis is extended by every token and the best `K - finished` extensions by total
 * log-probability are kept; those that end in `end` are finished, the others live on. A
 * source is done when K hypotheses have finished, or at `maxLength` (live hypotheses are then
 * taken as they stand, unfinished). The answer is the
 * hypothesis with the best `logP / length^lengthPenalty` (length counts the end token):
 * with `lengthPenalty` 0 the most probable sequence wins, with 1 the best mean log-probability
 * per token, so longer translations are not punished merely for having more factors below 1.
 * With K = 1 this is greedy decoding exactly.
 *
 * @example
 * const best = beamSearch(stepper, stepper.start(sources), { beamWidth: 4, maxLength: 12, end: END, startToken: START });
 * best[0].tokens // ids without the end token
 */
import { ValueError, assertInt, assertNumber } from '../../tensor/errors.js';

/** The decoder's state for a batch of rows (one row per hypothesis). */
export interface DecoderState {
  /** Number of rows. */
  rows: number;
}

/** What one decoding step returns. */
export interface StepOutput<S extends DecoderState> {
  /** Natural-log probabilities of each next token, `[rows][vocab]`. */
  logProbs: number[][];
  /** Attention weights over the source, `[rows][sourceLength]`, or null without attention. */
  attention: number[][] | null;
  /** The state after the step. */
  state: S;
}

/**
 * A decoder that advances token by token.
 * @example
 * const table: StepModel<{ rows: number }> = { step: (tokens, s) => ({ logProbs: tokens.map(() => [0, -1]), attention: null, state: s }), select: (s, rows) => ({ rows: rows.length }) };
 */
export interface StepModel<S extends DecoderState> {
  /** Feeds `tokens[r]` (the previous output) to row r and returns the next-token log-probabilities. */
  step(tokens: readonly number[], state: S): StepOutput<S>;
  /** The state whose row i is row `rows[i]` of `state` (rows may repeat). */
  select(state: S, rows: readonly number[]): S;
}

/** Options of {@link greedyDecode} and {@link beamSearch}. */
export interface DecodeOptions {
  /** Most tokens generated per source, the end token included. */
  maxLength: number;
  /** The token that ends a translation. */
  end: number;
  /** The decoder's first input. */
  startToken: number;
}

/** Options of {@link beamSearch}. */
export interface BeamOptions extends DecodeOptions {
  /** Hypotheses kept per source, K (1 = greedy). */
  beamWidth: number;
  /** Exponent α of the length normalisation `logP / length^α` (default 1). */
  lengthPenalty?: number;
}

/** One decoded translation. */
export interface Hypothesis {
  /** Output ids, without the end token. */
  tokens: number[];
  /** Total natural-log probability, the end token's included when it was produced. */
  logProb: number;
  /** Whether it ended with the end token (false: cut at `maxLength`). */
  finished: boolean;
  /** Attention rows, one per generated token (the end token's included), or null without attention. */
  attention: number[][] | null;
}

function checkDecodeOptions(where: string, o: DecodeOptions): void {
  assertInt(where, 'maxLength', o.maxLength, 1);
  assertInt(where, 'end', o.end, 0);
  assertInt(where, 'startToken', o.startToken, 0);
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/**
 * Greedy decoding of every row of `state` at once: the likeliest token at each step.
 * @example greedyDecode(stepper, stepper.start(sources), { maxLength: 11, end: END, startToken: START })[0].tokens
 */
export function greedyDecode<S extends DecoderState>(model: StepModel<S>, state: S, options: DecodeOptions): Hypothesis[] {
  checkDecodeOptions('greedyDecode', options);
  const n = state.rows;
  const out: Hypothesis[] = Array.from({ length: n }, () => ({ tokens: [], logProb: 0, finished: false, attention: null }));
  let live = Array.from({ length: n }, (_, i) => i);
  let tokens = live.map(() => options.startToken);
  let current = state;
  for (let t = 0; t < options.maxLength && live.length > 0; t++) {
    const { logProbs, attention, state: next } = model.step(tokens, current);
    const keep: number[] = [];
    const nextTokens: number[] = [];
    live.forEach((src, r) => {
      const h = out[src]!;
      const id = argmax(logProbs[r]!);
      h.logProb += logProbs[r]![id]!;
      if (attention) (h.attention ??= []).push(attention[r]!);
      if (id === options.end) {
        h.finished = true;
        return;
      }
      h.tokens.push(id);
      keep.push(r);
      nextTokens.push(id);
    });
    live = keep.map((r) => live[r]!);
    tokens = nextTokens;
    // Finished rows leave the batch, so later steps only pay for the rows still decoding.
    current = keep.length === next.rows ? next : model.select(next, keep);
  }
  return out;
}

interface Beam {
  /** Row of this beam in the current state. */
  row: number;
  tokens: number[];
  logProb: number;
  attention: number[][] | null;
}

/**
 * Beam search (see the module comment) for every row of `state`; returns the best hypothesis per row.
 * @example beamSearch(stepper, stepper.start(sources), { beamWidth: 4, maxLength: 11, end: END, startToken: START })[0].tokens
 */
export function beamSearch<S extends DecoderState>(model: StepModel<S>, state: S, options: BeamOptions): Hypothesis[] {
  const where = 'beamSearch';
  checkDecodeOptions(where, options);
  assertInt(where, 'beamWidth', options.beamWidth, 1);
  const alpha = options.lengthPenalty ?? 1;
  assertNumber(where, 'lengthPenalty', alpha, 0, 10);
  const K = options.beamWidth;
  const n = state.rows;
  const normalised = (h: Hypothesis) => h.logProb / Math.pow(Math.max(h.tokens.length + (h.finished ? 1 : 0), 1), alpha);
  const finished: Hypothesis[][] = Array.from({ length: n }, () => []);
  // Start with one beam per source: K copies of the same start would fill the beam with duplicates.
  let beams: Beam[][] = Array.from({ length: n }, (_, i) => [{ row: i, tokens: [], logProb: 0, attention: null }]);
  let current = state;
  for (let t = 0; t < options.maxLength; t++) {
    const rows = beams.flat();
    if (rows.length === 0) break;
    const inputs = rows.map((b) => b.tokens.at(-1) ?? options.startToken);
    const { logProbs, attention, state: next } = model.step(inputs, current);
    const rowOf = new Map(rows.map((b, i) => [b, i]));
    const nextBeams: Beam[][] = [];
    const selected: number[] = [];
    beams.forEach((sourceBeams, src) => {
      // Every finished hypothesis takes one place of the beam for good.
      const width = K - finished[src]!.length;
      const candidates: { beam: Beam; row: number; id: number; logProb: number }[] = [];
      for (const beam of sourceBeams) {
        const r = rowOf.get(beam)!;
        const lp = logProbs[r]!;
        // Only a beam's `width` best tokens can be among the `width` best extensions overall.
        const ids = topIndices(lp, width);
        for (const id of ids) candidates.push({ beam, row: r, id, logProb: beam.logProb + lp[id]! });
      }
      candidates.sort((a, b) => b.logProb - a.logProb);
      const live: Beam[] = [];
      for (const cand of candidates.slice(0, width)) {
        const att = attention ? [...(cand.beam.attention ?? []), attention[cand.row]!] : null;
        if (cand.id === options.end) {
          finished[src]!.push({ tokens: cand.beam.tokens, logProb: cand.logProb, finished: true, attention: att });
        } else {
          live.push({ row: selected.length, tokens: [...cand.beam.tokens, cand.id], logProb: cand.logProb, attention: att });
          selected.push(cand.row);
        }
      }
      nextBeams.push(live);
    });
    // Drop the rows of sources that are done, renumbering the rest.
    const kept: number[] = [];
    for (const sourceBeams of nextBeams) for (const b of sourceBeams) { kept.push(selected[b.row]!); b.row = kept.length - 1; }
    beams = nextBeams;
    if (kept.length === 0) break;
    current = model.select(next, kept);
  }
  return finished.map((done, src) => {
    const cut = beams[src]!.map((b): Hypothesis => ({ tokens: b.tokens, logProb: b.logProb, finished: false, attention: b.attention }));
    // A translation cut at maxLength only counts when none finished.
    const all = done.length > 0 ? done : cut;
    if (all.length === 0) throw new ValueError(`${where}: no hypothesis for row ${src}`);
    return all.reduce((best, h) => (normalised(h) > normalised(best) ? h : best));
  });
}

/** Indices of the `k` largest values, largest first. */
function topIndices(values: readonly number[], k: number): number[] {
  const idx = Array.from(values.keys());
  idx.sort((a, b) => values[b]! - values[a]!);
  return idx.slice(0, k);
}
