/**
 * The inference models share the trained layers and reproduce the training model: stepping
 * the decoder one token at a time (with padded sources of different lengths) gives the
 * teacher-forced model's probabilities, with and without attention.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../../src/tensor/tensor.js';
import { setSeed } from '../../../src/tensor/random.js';
import { Seq2SeqStepper, buildSeq2Seq, teacherForcing } from '../../../src/apps/translate/seq2seq.js';
import { beamSearch, greedyDecode } from '../../../src/apps/translate/decode.js';
import { CharVocab, END, PAD, START, UNK } from '../../../src/apps/translate/vocab.js';

test('teacher forcing: the decoder reads the target shifted right behind the start token', () => {
  assert.deepEqual(teacherForcing([[7, 8], [9]], 4, END), { decoderInput: [[START, 7, 8, PAD], [START, 9, PAD, PAD]], decoderTarget: [[7, 8, END, PAD], [9, END, PAD, PAD]] });
  assert.throws(() => teacherForcing([[7, 8, 9, 10]], 4, END), /a target of 4 tokens does not fit 'targetLength' 4/);
  const v = CharVocab.fromTexts(['ba', 'c']);
  assert.deepEqual(v.encode('abcz'), [4, 5, 6, UNK]);
  assert.equal(v.decode([START, 4, 5, END, 6]), 'ab');
});

for (const attention of [true, false]) {
  test(`stepping the decoder equals the teacher-forced model (${attention ? 'attention' : 'no attention'}), padded sources included`, () => {
    setSeed(3);
    const sourceLength = 7;
    const targetLength = 5;
    const s2s = buildSeq2Seq({ sourceVocab: 12, targetVocab: 9, sourceLength, targetLength, units: 8, embeddingDim: 5, attention });
    assert.equal(s2s.decoderStep.outputs.length, attention ? 4 : 3);
    // Sources of 7, 4 and 2 ids, padded with 0.
    const sources = [[4, 5, 6, 7, 8, 9, 10], [11, 4, 6, 5, 0, 0, 0], [7, 7, 0, 0, 0, 0, 0]];
    const targets = [[3, 4, 5, 6], [7, 8], [4]];
    const forced = teacherForcing(targets, targetLength, END);
    const probs = s2s.training.predict([tensor(sources), tensor(forced.decoderInput)]) as Tensor;
    const V = 9;
    const stepper = new Seq2SeqStepper(s2s);
    let state = stepper.start(sources);
    for (let t = 0; t < targetLength; t++) {
      const out = stepper.step(forced.decoderInput.map((row) => row[t]!), state);
      state = out.state;
      sources.forEach((src, r) => {
        if (forced.decoderInput[r]![t] === PAD) return;
        for (let k = 0; k < V; k++) {
          const want = probs.data[(r * targetLength + t) * V + k]!;
          const got = Math.exp(out.logProbs[r]![k]!);
          assert.ok(Math.abs(got - want) < 1e-5, `row ${r} step ${t} token ${k}: ${got} vs ${want}`);
        }
        if (attention) {
          const row = out.attention![r]!;
          const real = src.filter((id) => id !== PAD).length;
          // Padded source positions get no attention, and the rest sums to 1.
          assert.ok(row.slice(real).every((w) => w < 1e-6), `row ${r}: ${row}`);
          assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
        } else {
          assert.equal(out.attention, null);
        }
      });
    }
  });
}

test('with the LSTM decoder (attention, padded sources), beam K = 1 equals greedy', () => {
  setSeed(5);
  const s2s = buildSeq2Seq({ sourceVocab: 10, targetVocab: 8, sourceLength: 6, targetLength: 6, units: 6, embeddingDim: 4, attention: true });
  const stepper = new Seq2SeqStepper(s2s);
  const sources = Array.from({ length: 12 }, (_, i) => [4 + (i % 6), 5 + (i % 5), 4 + (i % 3), i % 2 === 0 ? 0 : 6, 0, 0]);
  const options = { maxLength: 6, end: END, startToken: START };
  const greedy = greedyDecode(stepper, stepper.start(sources), options);
  const beam1 = beamSearch(stepper, stepper.start(sources), { ...options, beamWidth: 1 });
  beam1.forEach((b, i) => {
    assert.deepEqual(b.tokens, greedy[i]!.tokens);
    assert.ok(Math.abs(b.logProb - greedy[i]!.logProb) < 1e-9);
    assert.equal(b.attention!.length, greedy[i]!.attention!.length);
  });
});
