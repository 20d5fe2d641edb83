/**
 * examples/peepholeLstm.ts's cell, a user cell built from the public ops, keeps the cell
 * contract: gradients by float64 finite differences through layers.rnn, masks, states,
 * statefulness, clone. (Its learning test is in test/examples.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeepholeLSTMCell } from '../../../examples/peepholeLstm.js';
import { rnn } from '../../../src/layers/rnn.js';
import { checkCellContract } from '../../helpers/cellContract.js';

test('the peephole LSTM cell of examples/ keeps the cell contract (float64 finite-difference gradients included)', () => {
  checkCellContract({ label: 'PeepholeLSTMCell', make: () => new PeepholeLSTMCell({ units: 3, dtype: 'float64' }) });
});

test('a user cell gets its weights named under the layer and runs in the generic loop', () => {
  const layer = rnn({ cell: new PeepholeLSTMCell({ units: 2 }), returnState: true, inputShape: [4, 3] });
  layer.ensureBuilt([null, 4, 3]);
  assert.deepEqual(layer.weights.map((w) => `${w.name}:${w.value.shape}`), [
    `${layer.name}/kernel:3,8`, `${layer.name}/recurrent_kernel:2,8`, `${layer.name}/bias:8`,
    `${layer.name}/peephole_i:2`, `${layer.name}/peephole_f:2`, `${layer.name}/peephole_o:2`,
  ]);
  assert.deepEqual(layer.computeOutputShape([null, 4, 3]), [[null, 2], [null, 2], [null, 2]]);
  assert.throws(() => rnn({ cell: new PeepholeLSTMCell({ units: 2 }), dropout: 0.5 }), /apply to built-in cells/);
});
