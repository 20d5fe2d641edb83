/**
 * The contract every cell keeps, checked once here and called from each cell's test (as
 * Keras's `run_layer_test`): shapes from `stateSize`, the per-step form against the fused
 * kernels (built-in cells), finite-difference gradients through `layers.rnn` in float64, masks
 * carrying states, initial states, statefulness, dropout masks that change training only, and
 * the config that remakes the cell.
 */
import assert from 'node:assert/strict';
import { Tensor, tensor } from '../../src/tensor/tensor.js';
import { noGrad } from '../../src/autograd/tape.js';
import { setSeed } from '../../src/tensor/random.js';
import { rnn } from '../../src/layers/rnn.js';
import type { RNNCell } from '../../src/layers/cells/cell.js';
import { BuiltinCell } from '../../src/layers/cells/builtinCell.js';
import { runCellLoop } from '../../src/ops/cellLoop.js';
import { checkGradients, linearLoss, randomTensor } from './gradcheck.js';

export interface CellContractOptions {
  /** Makes a fresh float64 cell (called several times; must give the same options each time). */
  make: () => RNNCell;
  /** Label for failure messages. */
  label: string;
  /** Gradient tolerance (default 1e-6 absolute, 1e-5 relative). */
  atol?: number;
}

const B = 2;
const T = 4;
const F = 3;
const MASK = [[1, 1, 1, 0], [1, 1, 0, 0]];

/** Runs every check of the contract on the cells `opts.make` makes. */
export function checkCellContract(opts: CellContractOptions): void {
  const { make, label } = opts;
  const probe = make();
  const sizes = probe.stateSizes;
  assert.ok(sizes.length >= 1 && sizes.every((s) => Number.isInteger(s) && s >= 1), `${label}: stateSize ${JSON.stringify(probe.stateSize)}`);
  const U = probe.outputSize;

  // Shapes of every output form, from stateSize alone.
  setSeed(3);
  const x = randomTensor([B, T, F], -1, 1, false);
  const layer = rnn({ cell: make(), returnSequences: true, returnState: true, dtype: 'float64' });
  const [seq, ...states] = layer.apply(x) as Tensor[];
  assert.deepEqual(seq!.shape, [B, T, U], `${label}: sequence shape`);
  assert.deepEqual(states.map((s) => s.shape), sizes.map((s) => [B, s]), `${label}: state shapes`);
  assert.deepEqual(layer.computeOutputShape([null, T, F]), [[null, T, U], ...sizes.map((s) => [null, s])], `${label}: computeOutputShape`);
  assert.ok(layer.weights.length > 0 && layer.weights.every((w) => w.name.startsWith(`${layer.name}/`)), `${label}: weights adopted under the layer's name`);
  const last = rnn({ cell: shareWeights(make(), layer), dtype: 'float64' }).apply(x) as Tensor;
  for (let b = 0; b < B; b++) {
    assert.deepEqual([...last.data.slice(b * U, (b + 1) * U)], [...seq!.data.slice((b * T + T - 1) * U, (b * T + T) * U)], `${label}: last output = the sequence's last step`);
  }

  // Built-in cells: the per-step form computes what the fused kernels compute.
  if (probe instanceof BuiltinCell) {
    for (const goBackwards of [false, true]) {
      for (const masked of [false, true]) {
        const l = rnn({ cell: make(), returnSequences: true, returnState: true, goBackwards, dtype: 'float64' });
        const mask = masked ? tensor(MASK, undefined, 'float64') : null;
        const init = sizes.map((s) => randomTensor([B, s], -0.5, 0.5, false));
        const fused = l.apply(x, { initialState: init, ...(mask ? { mask } : {}) }) as Tensor[];
        const cell = l.cell;
        const steps = runCellLoop((i, s) => cell.call(i, s, { training: false }), x, init, {
          mask, goBackwards, zeroOutputForMask: false, stateSizes: sizes, outputSize: U, where: label,
        });
        const pairs: [Tensor, Tensor][] = [[fused[0]!, steps.sequence!], ...steps.states.map((s, i): [Tensor, Tensor] => [fused[i + 1]!, s])];
        for (const [a, b] of pairs) {
          a.data.forEach((v, i) => assert.ok(Math.abs(v - b.data[i]!) < 1e-12, `${label}: fused vs per-step (goBackwards ${goBackwards}, mask ${masked}) entry ${i}: ${v} vs ${b.data[i]}`));
        }
      }
    }
  }

  // Gradients through the layer (the generic loop for user cells, the fused op for built-ins).
  for (const masked of [false, true]) {
    setSeed(11);
    const l = rnn({ cell: make(), returnSequences: true, returnState: true, dtype: 'float64' });
    l.ensureBuilt([null, T, F]);
    // Away from the initialisers' zeros (biases, peepholes), where a wrong term could vanish.
    for (const w of l.weights) {
      const noise = randomTensor([...w.value.shape], -0.3, 0.3, false);
      w.value.data.forEach((v, i, a) => (a[i] = v + noise.data[i]!));
    }
    const xg = randomTensor([B, T, F]);
    const init = sizes.map((s) => randomTensor([B, s], -0.5, 0.5));
    const mask = masked ? tensor(MASK, undefined, 'float64') : null;
    checkGradients(
      () => linearLoss(l.call(xg, { training: false, mask, initialState: init }) as Tensor[]),
      [xg, ...init, ...l.weights.map((w) => w.value)],
      { label: `${label} gradients (mask ${masked})`, ...(opts.atol ? { atol: opts.atol } : {}) },
    );
  }

  // A masked step keeps every state: trailing padding leaves the final states as they were.
  {
    const l = rnn({ cell: make(), returnState: true, dtype: 'float64' });
    const full = noGrad(() => l.apply(x, { mask: tensor([[1, 1, 0, 0], [1, 1, 0, 0]], undefined, 'float64') })) as Tensor[];
    const short = noGrad(() => l.apply(firstSteps(x, 2))) as Tensor[];
    full.forEach((t, k) => t.data.forEach((v, i) => assert.ok(Math.abs(v - short[k]!.data[i]!) < 1e-12, `${label}: masked tail changed output ${k}`)));
  }

  // Stateful: two halves in a row give what one pass gives.
  {
    const whole = rnn({ cell: make(), returnState: true, dtype: 'float64' });
    const halves = rnn({ cell: shareWeights(make(), whole, x), stateful: true, returnState: true, dtype: 'float64' });
    const one = whole.apply(x) as Tensor[];
    halves.apply(firstSteps(x, 2));
    const two = halves.apply(lastSteps(x, 2)) as Tensor[];
    one.forEach((t, k) => t.data.forEach((v, i) => assert.ok(Math.abs(v - two[k]!.data[i]!) < 1e-12, `${label}: stateful halves differ at output ${k}`)));
    halves.resetStates();
    assert.equal(halves.states, null);
  }

  // The config remakes an equal cell.
  const config = probe.getConfig();
  assert.equal(typeof config['name'], 'string', `${label}: config names the cell`);
  try {
    const copy = probe.clone();
    const { name: _a, ...mine } = config;
    const { name: _b, ...theirs } = copy.getConfig();
    assert.deepEqual(theirs, mine, `${label}: clone() keeps the options`);
    assert.notEqual(copy, probe);
  } catch (e) {
    assert.match(String(e), /cannot be copied/, `${label}: clone() either copies or says it cannot`);
  }
}

/** x's first `n` steps. */
function firstSteps(x: Tensor, n: number): Tensor {
  const [b, t, f] = x.shape as [number, number, number];
  const out = new Float64Array(b * n * f);
  for (let i = 0; i < b; i++) out.set(x.data.subarray(i * t * f, i * t * f + n * f), i * n * f);
  return new Tensor(out, [b, n, f]);
}

/** x's last `n` steps. */
function lastSteps(x: Tensor, n: number): Tensor {
  const [b, t, f] = x.shape as [number, number, number];
  const out = new Float64Array(b * n * f);
  for (let i = 0; i < b; i++) out.set(x.data.subarray(i * t * f + (t - n) * f, (i + 1) * t * f), i * n * f);
  return new Tensor(out, [b, n, f]);
}

/** Builds `cell` for `from`'s input and copies `from`'s weights into it. */
function shareWeights(cell: RNNCell, from: ReturnType<typeof rnn>, x?: Tensor): RNNCell {
  if (!from.built && x) from.apply(x);
  cell.dtype = from.dtype;
  cell.ensureBuilt([null, from.builtInputShape![2]!]);
  cell.weights.forEach((w, i) => w.value.data.set(from.weights[i]!.value.data));
  return cell;
}
