/** StackedRNNCells keeps the cell contract like any cell (gradients, masks, states, clone). */
import { test } from 'node:test';
import { stackedRNNCells } from '../../../src/layers/stackedRnnCells.js';
import { lstmCell } from '../../../src/layers/cells/lstmCell.js';
import { gruCell } from '../../../src/layers/cells/gruCell.js';
import { simpleRNNCell } from '../../../src/layers/cells/simpleRnnCell.js';
import { PeepholeLSTMCell } from '../../../examples/peepholeLstm.js';
import { checkCellContract } from '../../helpers/cellContract.js';

test('StackedRNNCells of built-in and user cells keeps the cell contract', () => {
  checkCellContract({
    label: 'StackedRNNCells(LSTMCell, GRUCell)',
    make: () => stackedRNNCells({ cells: [lstmCell({ units: 3, dtype: 'float64' }), gruCell({ units: 2, dtype: 'float64', resetAfter: false })], dtype: 'float64' }),
  });
  checkCellContract({
    label: 'StackedRNNCells(SimpleRNNCell, PeepholeLSTMCell)',
    make: () => stackedRNNCells({ cells: [simpleRNNCell({ units: 2, dtype: 'float64' }), new PeepholeLSTMCell({ units: 2, dtype: 'float64' })], dtype: 'float64' }),
  });
});
