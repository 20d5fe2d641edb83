/** Greedy decoding and beam search on table-driven decoders: K = 1 is greedy, and beam finds what greedy misses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type DecoderState, type StepModel, beamSearch, greedyDecode } from '../../../src/apps/translate/decode.js';

/** A decoder whose next-token distribution is a function of (source row, tokens so far). */
interface TableState extends DecoderState {
  source: number[];
  prefix: number[][];
}

const START = 99;

function tableModel(dist: (source: number, prefix: readonly number[]) => number[]): StepModel<TableState> {
  return {
    step(tokens, state) {
      const prefix = state.prefix.map((p, r) => (tokens[r] === START ? p : [...p, tokens[r]!]));
      const logProbs = prefix.map((p, r) => dist(state.source[r]!, p).map(Math.log));
      return { logProbs, attention: null, state: { rows: state.rows, source: state.source, prefix } };
    },
    select(state, rows) {
      return { rows: rows.length, source: rows.map((r) => state.source[r]!), prefix: rows.map((r) => state.prefix[r]!) };
    },
  };
}

const startState = (n: number): TableState => ({ rows: n, source: Array.from({ length: n }, (_, i) => i), prefix: Array.from({ length: n }, () => []) });

/** A deterministic pseudo-random distribution over 5 tokens (0 ends), different per source and prefix. */
function hashed(source: number, prefix: readonly number[]): number[] {
  let h = 2166136261 ^ source;
  for (const t of [source, ...prefix, prefix.length]) h = Math.imul(h ^ (t + 7), 16777619) >>> 0;
  const raw = Array.from({ length: 5 }, (_, k) => {
    h = Math.imul(h ^ (h >>> 13), 2654435761) >>> 0;
    const base = 0.05 + (h % 1000) / 1000;
    return k === 0 ? 0.7 * base + 0.1 * prefix.length : base;
  });
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / sum);
}

test('beam search with K = 1 is greedy decoding: same tokens, same log-probability', () => {
  const model = tableModel(hashed);
  const options = { maxLength: 5, end: 0, startToken: START };
  const greedy = greedyDecode(model, startState(40), options);
  for (const lengthPenalty of [0, 1]) {
    const beam = beamSearch(model, startState(40), { ...options, beamWidth: 1, lengthPenalty });
    beam.forEach((b, i) => {
      assert.deepEqual(b.tokens, greedy[i]!.tokens, `row ${i}`);
      assert.equal(b.finished, greedy[i]!.finished, `row ${i}`);
      assert.ok(Math.abs(b.logProb - greedy[i]!.logProb) < 1e-12, `row ${i}`);
    });
  }
  // Some rows end early and some are cut at maxLength, so both paths are exercised.
  assert.ok(greedy.some((h) => h.finished) && greedy.some((h) => !h.finished));
  assert.ok(greedy.some((h) => h.tokens.length < 4));
});

test('beam search finds a more probable translation than greedy on a constructed case', () => {
  // Tokens: 0 ends, 1 = 'a', 2 = 'b'. Greedy takes 'a' (0.6) and then ends (0.45): p = 0.27.
  // 'b' (0.4) then the end (0.95) is more probable: p = 0.38.
  const table: Record<string, number[]> = {
    '': [0.0, 0.6, 0.4],
    '1': [0.45, 0.35, 0.2],
    '2': [0.95, 0.03, 0.02],
  };
  const model = tableModel((_, prefix) => table[prefix.join(',')] ?? [1, 1e-9, 1e-9]);
  const options = { maxLength: 5, end: 0, startToken: START };
  const [greedy] = greedyDecode(model, startState(1), options);
  assert.deepEqual(greedy!.tokens, [1]);
  assert.ok(Math.abs(greedy!.logProb - Math.log(0.6 * 0.45)) < 1e-12);
  for (const beamWidth of [2, 3]) {
    const [beam] = beamSearch(model, startState(1), { ...options, beamWidth });
    assert.deepEqual(beam!.tokens, [2], `K=${beamWidth}`);
    assert.ok(Math.abs(beam!.logProb - Math.log(0.4 * 0.95)) < 1e-12);
    assert.ok(beam!.finished);
  }
});

test('the length penalty decides between a short and a long finished hypothesis', () => {
  // 'a' then end: p = 0.5 · 0.5 = 0.25 (2 tokens). 'b b b' then end: 0.5 · 0.9³ ≈ 0.36 over 4 tokens;
  // total probability prefers 'bbb', and so does per-token probability; make the short one
  // better in total but worse per token: 'a' end = 0.5 · 0.6 = 0.3 > 0.5 · 0.8³ · 0.9 ≈ 0.23.
  const table: Record<string, number[]> = {
    '': [1e-9, 0.5, 0.5],
    '1': [0.6, 0.2, 0.2],
    '2': [0.1, 0.1, 0.8],
    '2,2': [0.1, 0.1, 0.8],
    '2,2,2': [0.9, 0.05, 0.05],
  };
  const model = tableModel((_, prefix) => table[prefix.join(',')] ?? [1, 1e-9, 1e-9]);
  const options = { maxLength: 6, end: 0, startToken: START, beamWidth: 2 };
  const [byProbability] = beamSearch(model, startState(1), { ...options, lengthPenalty: 0 });
  const [perToken] = beamSearch(model, startState(1), { ...options, lengthPenalty: 1 });
  assert.deepEqual(byProbability!.tokens, [1]);
  assert.deepEqual(perToken!.tokens, [2, 2, 2]);
});

test('decoding options are checked', () => {
  const model = tableModel(hashed);
  assert.throws(() => beamSearch(model, startState(1), { maxLength: 3, end: 0, startToken: START, beamWidth: 0 }), /beamSearch.*'beamWidth'/);
  assert.throws(() => greedyDecode(model, startState(1), { maxLength: 0, end: 0, startToken: START }), /greedyDecode.*'maxLength'/);
});
