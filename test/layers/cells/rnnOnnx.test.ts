/**
 * The ONNX exporter reads a recurrent layer's cell descriptor, so rnn({ cell }) exports like
 * its layer: onnxruntime agrees with predict for every built-in cell (masked and backwards too),
 * a user cell is refused naming the cell classes that export.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../../src/tensor/tensor.js';
import { setSeed } from '../../../src/tensor/random.js';
import { sequential } from '../../../src/models/sequential.js';
import { rnn } from '../../../src/layers/rnn.js';
import { dense } from '../../../src/layers/dense.js';
import { masking } from '../../../src/layers/masking.js';
import { bidirectional } from '../../../src/layers/bidirectional.js';
import { lstmCell } from '../../../src/layers/cells/lstmCell.js';
import { gruCell } from '../../../src/layers/cells/gruCell.js';
import { simpleRNNCell } from '../../../src/layers/cells/simpleRnnCell.js';
import { onnxExportIssues } from '../../../src/io/onnx/export.js';
import { PeepholeLSTMCell } from '../../../examples/peepholeLstm.js';
import { compareWithOrt, randomizeWeights, values } from '../../io/onnx/helpers.js';

test('rnn with LSTMCell / GRUCell (both resets) / SimpleRNNCell exports to ONNX and onnxruntime agrees with predict', async () => {
  setSeed(9);
  const x = tensor(values(2 * 5 * 3, 4), [2, 5, 3]);
  const padded = tensor(values(2 * 5 * 3, 5).map((v, i) => (i >= 9 && i < 15 ? 0 : v)), [2, 5, 3]);
  const models = {
    lstm_cell: sequential({ layers: [rnn({ cell: lstmCell({ units: 4, recurrentActivation: 'hardSigmoid' }), returnSequences: true, inputShape: [5, 3] }), rnn({ cell: lstmCell({ units: 3 }), goBackwards: true }), dense({ units: 2 })] }),
    gru_cell: sequential({ layers: [rnn({ cell: gruCell({ units: 4 }), returnSequences: true, inputShape: [5, 3] }), rnn({ cell: gruCell({ units: 2, resetAfter: false }) })] }),
    simple_rnn_cell_masked: sequential({ layers: [masking({ inputShape: [5, 3] }), rnn({ cell: simpleRNNCell({ units: 3, activation: 'relu' }), returnSequences: true })] }),
    bidirectional_gru_cell: sequential({ layers: [bidirectional({ layer: rnn({ cell: gruCell({ units: 3 }) }), inputShape: [5, 3] })] }),
  };
  for (const [label, model] of Object.entries(models)) {
    randomizeWeights(model, 17);
    await compareWithOrt(label, model, label.includes('masked') ? padded : x);
  }
});

test('an rnn with a user cell is refused by the ONNX exporter, naming the cells that export', () => {
  const model = sequential({ layers: [rnn({ cell: new PeepholeLSTMCell({ units: 2 }), inputShape: [4, 1] })] });
  const issues = onnxExportIssues(model);
  assert.equal(issues.length, 1);
  assert.match(issues[0]!, /recurrent class RNN has no ONNX operator \(layers whose cell is LSTMCell, GRUCell, SimpleRNNCell do/);
});
