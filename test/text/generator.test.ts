/**
 * TextGenerator: the stateful one-step twin computes exactly what the full model computes,
 * one timestep per token, reproducible draws, and a trained model's greedy text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, optimizers, sequential, setSeed, tensor, type Sequential, type Tensor } from '../../src/index.js';
import { RecurrentLayer } from '../../src/layers/recurrent.js';
import { TextGenerator, Vocabulary, buildCharLanguageModel, languageModelBatches, seededRandom } from '../../src/text/index.js';

const VOCAB = Vocabulary.fromText('abcdefghij klmnop');

/** Scales every weight up so the outputs are far from uniform and differences would show. */
function sharpen(model: Sequential, seed: number, scale = 1.5): void {
  const random = seededRandom(seed);
  model.setWeights(model.getWeights().map((w) => {
    const d = w.data.slice();
    for (let i = 0; i < d.length; i++) d[i] = d[i]! * 3 + (random() - 0.5) * scale;
    return tensor(d, w.shape);
  }));
}

/** Step-by-step twin outputs for `ids` versus the full model's predict at every position. */
function maxStepDifference(model: Sequential, ids: Int32Array): number {
  const generator = new TextGenerator(model, VOCAB);
  const full = model.predict([Array.from(ids)]);
  const V = VOCAB.size;
  generator.reset();
  let worst = 0;
  ids.forEach((id, t) => {
    const step = generator.step(id);
    assert.equal(step.length, V);
    for (let k = 0; k < V; k++) worst = Math.max(worst, Math.abs(step[k]! - full.data[t * V + k]!));
  });
  return worst;
}

test('stateful one-step outputs equal the full-sequence predict at every position (LSTM, GRU, stacks, dropout, logits)', () => {
  const prompt = VOCAB.encode('hello jack, the big fine dog ate a cake');
  const cases: [string, () => Sequential][] = [
    ['1 × LSTM', () => buildCharLanguageModel({ vocabSize: VOCAB.size, embeddingDim: 6, units: 12 })],
    ['2 × GRU + dropout', () => buildCharLanguageModel({ vocabSize: VOCAB.size, embeddingDim: 5, units: 9, layers: 2, dropout: 0.3, cell: 'gru' })],
    ['fixed seqLength', () => buildCharLanguageModel({ vocabSize: VOCAB.size, embeddingDim: 4, units: 7, seqLength: prompt.length })],
    ['GRU resetAfter false, SimpleRNN, Dense logits on rank 3', () => sequential({
      layers: [
        layers.embedding({ inputDim: VOCAB.size, outputDim: 4, inputShape: [null] }),
        layers.gru({ units: 6, returnSequences: true, resetAfter: false, recurrentActivation: 'hardSigmoid' }),
        layers.simpleRNN({ units: 5, returnSequences: true }),
        layers.dense({ units: VOCAB.size }),
      ],
    })],
  ];
  cases.forEach(([name, make], i) => {
    setSeed(10 + i);
    const model = make();
    sharpen(model, 20 + i);
    const diff = maxStepDifference(model, prompt);
    assert.ok(diff < 1e-5, `${name}: max |step - predict| = ${diff}`);
    if (i === 0) {
      // The check has teeth: forgetting the state between steps changes the outputs a lot.
      const generator = new TextGenerator(model, VOCAB);
      const full = model.predict([Array.from(prompt)]);
      let stateless = 0;
      prompt.forEach((id, t) => {
        generator.reset();
        const step = generator.step(id);
        for (let k = 0; k < VOCAB.size; k++) stateless = Math.max(stateless, Math.abs(step[k]! - full.data[t * VOCAB.size + k]!));
      });
      assert.ok(stateless > 0.05, `without carried state the difference is ${stateless}`);
    }
  });
});

test('a many-to-one model (last LSTM without returnSequences) generates from its sequence twin', () => {
  setSeed(4);
  const model = sequential({
    layers: [
      layers.embedding({ inputDim: VOCAB.size, outputDim: 4, inputShape: [6] }),
      layers.lstm({ units: 8 }),
      layers.dense({ units: VOCAB.size, activation: 'softmax' }),
    ],
  });
  sharpen(model, 5);
  const ids = VOCAB.encode('abcdef');
  const generator = new TextGenerator(model, VOCAB);
  generator.reset();
  let last: ArrayLike<number> = [];
  for (const id of ids) last = generator.step(id);
  const full = model.predict([Array.from(ids)]);
  for (let k = 0; k < VOCAB.size; k++) assert.ok(Math.abs(last[k]! - full.data[k]!) < 1e-5);
});

test('constant work per token: every step is one timestep of a [1, 1] stateful twin', () => {
  setSeed(5);
  const model = buildCharLanguageModel({ vocabSize: VOCAB.size, embeddingDim: 4, units: 8, seqLength: 16 });
  const generator = new TextGenerator(model, VOCAB);
  const twin = generator.inferenceModel;
  assert.deepEqual(twin.inputShape, [1, 1]);
  for (const layer of twin.layers) {
    if (layer instanceof RecurrentLayer) {
      assert.equal(layer.stateful, true);
      assert.equal(layer.returnSequences, true);
    }
  }
  assert.equal(model.layers[1] instanceof RecurrentLayer && model.layers[1].stateful, false, 'the trained model is left as it was');
  const shapes: string[] = [];
  const forward = twin.forward.bind(twin);
  twin.forward = (x: Tensor, training: boolean) => {
    shapes.push(JSON.stringify(x.shape));
    return forward(x, training);
  };
  const prompt = 'abc';
  for (const length of [10, 200]) {
    shapes.length = 0;
    const text = generator.generate({ prompt, length, seed: 1 });
    assert.equal(Array.from(text).length, length);
    assert.equal(shapes.length, prompt.length + length - 1, 'one call per prompt token and per fed-back token');
    assert.ok(shapes.every((s) => s === '[1,1]'), 'each call processes one timestep of one sequence');
  }
});

test('the same seed gives the same text; states start empty on every call', () => {
  setSeed(6);
  const model = buildCharLanguageModel({ vocabSize: VOCAB.size, embeddingDim: 4, units: 8 });
  sharpen(model, 7, 1);
  const generator = new TextGenerator(model, VOCAB);
  const a = generator.generate({ prompt: 'hello', length: 40, temperature: 0.9, topK: 5, seed: 11 });
  const b = generator.generate({ prompt: 'hello', length: 40, temperature: 0.9, topK: 5, seed: 11 });
  const c = generator.generate({ prompt: 'hello', length: 40, temperature: 0.9, topK: 5, seed: 12 });
  assert.equal(a, b);
  assert.notEqual(a, c);
  const random = seededRandom(11);
  assert.equal(generator.generate({ prompt: 'hello', length: 40, temperature: 0.9, topK: 5, random }), a, 'seed n is seededRandom(n)');
  const greedy = generator.generate({ prompt: 'hello', length: 30, greedy: true });
  assert.equal(generator.generate({ prompt: 'hello', length: 30, topK: 1, seed: 3 }), greedy);
  assert.equal(generator.generate({ prompt: 'hello', length: 0 }), '');
  assert.deepEqual(Array.from(generator.generateIds({ prompt: 'hello', length: 30, greedy: true })), Array.from(VOCAB.encode(greedy)));
});

test('generate picks up weights changed after the generator was made', () => {
  setSeed(8);
  const model = buildCharLanguageModel({ vocabSize: VOCAB.size, embeddingDim: 4, units: 8 });
  const generator = new TextGenerator(model, VOCAB);
  sharpen(model, 9);
  const ids = VOCAB.encode('dog');
  generator.generate({ prompt: 'x', length: 1, greedy: true }); // syncs the weights
  generator.reset();
  let last: ArrayLike<number> = [];
  for (const id of ids) last = generator.step(id);
  const full = model.predict([Array.from(ids)]);
  const V = VOCAB.size;
  for (let k = 0; k < V; k++) assert.ok(Math.abs(last[k]! - full.data[2 * V + k]!) < 1e-5);
});

test('errors name the argument or option, the expected and the actual value', () => {
  setSeed(9);
  const model = buildCharLanguageModel({ vocabSize: VOCAB.size, embeddingDim: 4, units: 4 });
  const generator = new TextGenerator(model, VOCAB);
  assert.throws(() => generator.generate({ prompt: 'ab', length: 5, temperature: 0 }), /TextGenerator.generate: option 'temperature' expected a finite number > 0, got 0/);
  assert.throws(() => generator.generate({ prompt: 'ab', length: 5, topP: 2 }), /option 'topP' expected a number in \(0, 1\], got 2/);
  assert.throws(() => generator.generate({ prompt: 'ab', length: 5, topK: 0 }), /option 'topK' expected an integer >= 1, got 0/);
  assert.throws(() => generator.generate({ prompt: 'ab', length: -1 }), /option 'length' expected an integer >= 0, got -1/);
  assert.throws(() => generator.generate({ prompt: '', length: 5 }), /option 'prompt' expected text with at least one token, got ""/);
  assert.throws(() => generator.generate({ prompt: 'a', length: 5, seed: 1, random: Math.random }), /options 'seed' and 'random' both given/);
  assert.throws(() => generator.generate({ prompt: 'a', length: 5, temprature: 1 } as { prompt: string; length: number }), /unknown option 'temprature'/);
  assert.throws(() => generator.step(VOCAB.size), new RegExp(`argument 'id' expected an integer in \\[0, ${VOCAB.size}\\), got ${VOCAB.size}`));
  assert.throws(() => new TextGenerator(model, Vocabulary.fromText('ab')), /argument 'vocab' has 3 tokens but the model's Embedding .* reads 18 ids/);
  const noEmbedding = sequential({ layers: [layers.lstm({ units: 3, inputShape: [4, 2], returnSequences: true }), layers.dense({ units: 18, activation: 'softmax' })] });
  assert.throws(() => new TextGenerator(noEmbedding, VOCAB), /first layer must be an Embedding .* got LSTM/);
  const backwards = sequential({ layers: [layers.embedding({ inputDim: 18, outputDim: 2, inputShape: [4] }), layers.lstm({ units: 3, goBackwards: true }), layers.dense({ units: 18, activation: 'softmax' })] });
  assert.throws(() => new TextGenerator(backwards, VOCAB), /has goBackwards: true/);
  const bidirectional = sequential({ layers: [layers.embedding({ inputDim: 18, outputDim: 2, inputShape: [4] }), layers.bidirectional({ layer: layers.lstm({ units: 3 }) }), layers.dense({ units: 18, activation: 'softmax' })] });
  assert.throws(() => new TextGenerator(bidirectional, VOCAB), /\(Bidirectional\) is not supported/);
  const sigmoidOut = sequential({ layers: [layers.embedding({ inputDim: 18, outputDim: 2, inputShape: [4] }), layers.lstm({ units: 3 }), layers.dense({ units: 18, activation: 'sigmoid' })] });
  assert.throws(() => new TextGenerator(sigmoidOut, VOCAB), /has activation 'sigmoid'; expected 'softmax' \(probabilities\) or 'linear' \(logits\)/);
});

test('end to end: a small char LSTM trained on "hello world " repeats it greedily', async () => {
  setSeed(1);
  const text = 'hello world '.repeat(40);
  const vocab = Vocabulary.fromText(text);
  const { x, y } = languageModelBatches(vocab.encode(text), { seqLength: 16, stride: 4 });
  const model = buildCharLanguageModel({ vocabSize: vocab.size, embeddingDim: 8, units: 32, seqLength: 16 });
  model.compile({ optimizer: optimizers.adam({ learningRate: 0.02 }), loss: 'sparseCategoricalCrossentropy' });
  const history = await model.fit(x, y, { epochs: 15, batchSize: 16, verbose: 0 });
  assert.ok(history.history['loss']!.at(-1)! < 0.05, `final loss ${history.history['loss']!.at(-1)}`);
  const generator = new TextGenerator(model, vocab);
  const continuation = (prompt: string, length: number) => text.slice(prompt.length, prompt.length + length);
  assert.equal(generator.generate({ prompt: 'hel', length: 45, greedy: true }), continuation('hel', 45));
  assert.equal(generator.generate({ prompt: 'hello wor', length: 30, greedy: true }), continuation('hello wor', 30));
  // Well trained, low-temperature sampling stays on the pattern too.
  assert.equal(generator.generate({ prompt: 'hello', length: 36, temperature: 0.5, seed: 2 }), continuation('hello', 36));
});
