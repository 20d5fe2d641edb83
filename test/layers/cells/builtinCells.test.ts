/**
 * The three built-in cells keep the cell contract (test/helpers/cellContract.ts): shapes,
 * their per-step form against their fused kernels, gradients, masks, states, configs.
 */
import { test } from 'node:test';
import { lstmCell } from '../../../src/layers/cells/lstmCell.js';
import { gruCell } from '../../../src/layers/cells/gruCell.js';
import { simpleRNNCell } from '../../../src/layers/cells/simpleRnnCell.js';
import { checkCellContract } from '../../helpers/cellContract.js';

// Random biases so a bias read from the wrong place shows.
const common = { dtype: 'float64' as const, biasInitializer: 'randomNormal' as const, recurrentInitializer: 'glorotUniform' as const };

test('LSTMCell keeps the cell contract (sigmoid gates; hard-sigmoid gates without bias)', () => {
  checkCellContract({ label: 'LSTMCell', make: () => lstmCell({ units: 3, ...common }) });
  checkCellContract({ label: 'LSTMCell hardSigmoid', make: () => lstmCell({ units: 2, ...common, recurrentActivation: 'hardSigmoid', useBias: false }) });
});

test('GRUCell keeps the cell contract (resetAfter true and false)', () => {
  checkCellContract({ label: 'GRUCell resetAfter', make: () => gruCell({ units: 3, ...common }) });
  checkCellContract({ label: 'GRUCell resetBefore', make: () => gruCell({ units: 3, ...common, resetAfter: false }) });
});

test('SimpleRNNCell keeps the cell contract (tanh and relu)', () => {
  checkCellContract({ label: 'SimpleRNNCell', make: () => simpleRNNCell({ units: 3, ...common }) });
  checkCellContract({ label: 'SimpleRNNCell relu', make: () => simpleRNNCell({ units: 2, ...common, activation: 'relu' }) });
});
