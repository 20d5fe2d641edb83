/**
 * loadTextGenerator needs a layer stack (the generator steps it one token at a time), so a
 * functional model under textgen metadata is refused with a message that says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { input, layers, model, sequential, ValueError, type SymbolicTensor } from '../../../src/index.js';
import { saveModel } from '../../../src/io/node.js';
import { loadTextGenerator } from '../../../src/apps/textgen/sample.js';
import { Vocabulary } from '../../../src/text/vocabulary.js';

const textgenExtra = (vocabulary: Vocabulary) => ({ lstmTs: { kind: 'textgen', vocabulary: vocabulary.toJSON(), settings: { lower: true } } });

test('loadTextGenerator refuses a functional model saved with textgen metadata, and loads the same layers as a Sequential', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-ts-textgen-sample-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const vocabulary = Vocabulary.fromText('the whale the sea');
  const size = vocabulary.size;

  // Two branches joined: a graph, which the loader keeps as a functional model.
  const x = input({ shape: [4] });
  const emb = layers.embedding({ inputDim: size, outputDim: 3 }).apply(x) as SymbolicTensor;
  const a = layers.lstm({ units: 4 }).apply(emb) as SymbolicTensor;
  const b = layers.gru({ units: 4 }).apply(emb) as SymbolicTensor;
  const joined = layers.concatenate().apply([a, b]) as SymbolicTensor;
  const functional = model({ inputs: x, outputs: layers.dense({ units: size, activation: 'softmax' }).apply(joined) as SymbolicTensor });
  await saveModel(functional, join(dir, 'functional'), { extra: textgenExtra(vocabulary) });
  await assert.rejects(
    loadTextGenerator(join(dir, 'functional')),
    (e: Error) => e instanceof ValueError && /argument 'dir'.*expected a sequential model saved by textgen, got a functional model/.test(e.message),
  );

  // Negative control: a Sequential with the same metadata loads.
  const stack = sequential({ layers: [layers.embedding({ inputDim: size, outputDim: 3, inputShape: [4] }), layers.lstm({ units: 4 }), layers.dense({ units: size, activation: 'softmax' })] });
  await saveModel(stack, join(dir, 'sequential'), { extra: textgenExtra(vocabulary) });
  const loaded = await loadTextGenerator(join(dir, 'sequential'));
  assert.equal(loaded.vocabulary.size, size);
});
