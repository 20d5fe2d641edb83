/**
 * saveModel in a real process killed with SIGKILL at random instants while it saves over its
 * previous model: every time the directory loads one whole save (its metadata and weights from
 * the same save), the user's own file is untouched, and the next save, in another process,
 * takes over the dead one's lock and leaves only model.json and weights.bin beside that file.
 * (saveModelFailures.test.ts stops a save at each of its steps; this checks that a real kill,
 * with the lock held by a dead process, is what that simulates.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel, saveModel } from '../../src/io/node.js';
import { checkpointModel } from './fixtures/checkpointModel.js';
import { killDuringSaves, tempDir } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const childScript = join(here, 'fixtures', 'saveModelLoop.ts');

test('saveModel killed with SIGKILL while saving over a model: the directory loads one whole save; the next save cleans up', async (t) => {
  const dir = join(tempDir(), 'model');
  const { model, weightsFor } = checkpointModel();
  const seen: number[] = [];
  for (let round = 0; round < 2; round++) {
    if (round === 0) {
      model.setWeights(weightsFor(1));
      await saveModel(model, dir);
      writeFileSync(join(dir, 'vocabulary.json'), '["a","b"]');
    }
    await killDuringSaves(childScript, dir, Math.floor(Math.random() * 30));
    const { model: loaded, extra } = await loadModel(dir);
    const k = extra?.['k'] as number;
    assert.equal(loaded.getWeights()[0]!.data[0], k, `model.json says save ${k}; the weights are from save ${loaded.getWeights()[0]!.data[0]}`);
    seen.push(k);
    assert.equal(readFileSync(join(dir, 'vocabulary.json'), 'utf8'), '["a","b"]');
  }
  model.setWeights(weightsFor(-1));
  await saveModel(model, dir, { extra: { k: -1 } });
  assert.equal((await loadModel(dir)).extra?.['k'], -1);
  assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'vocabulary.json', 'weights.bin']);
  t.diagnostic(`saves reached at the kills: ${seen.join(', ')}`);
});
