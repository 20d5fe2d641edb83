#!/usr/bin/env -S npx tsx
/**
 * Milliseconds per training step (forward + backward) of one recurrent op at W1's shape
 * (batch 32, 64 steps, input 64, 256 units) for a few activation pairs: the check that every
 * activation runs on the fused wasm kernels, not only the defaults. Median of `--runs` (default 5).
 *
 * @example npx tsx scripts/bench-activations.ts --cell lstm --activation relu --runs 5
 */
import { record, backward } from '../src/autograd/tape.js';
import { Tensor } from '../src/tensor/tensor.js';
import { lstmSequence } from '../src/ops/lstm.js';
import { gruSequence } from '../src/ops/gru.js';
import { simpleRnnSequence } from '../src/ops/simpleRnn.js';
import { getRecurrentActivation } from '../src/ops/activations.js';
import { backendInfo, whenThreadsReady } from '../src/kernels/backend.js';

const USAGE = `Usage: npx tsx scripts/bench-activations.ts [options]
  --cell lstm|gru|simpleRnn        the recurrent op (default lstm)
  --activation NAME                its activation (default tanh)
  --recurrent-activation NAME      its recurrent activation (default sigmoid; not SimpleRNN)
  --reset-after true|false         GRU bias layout (default true)
  --runs N                         timed training steps; the median is printed (default 5)`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const CELLS = ['lstm', 'gru', 'simpleRnn'];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const cell = option('cell', 'lstm');
if (!CELLS.includes(cell)) {
  console.error(`bench-activations: --cell expected one of ${CELLS.join(', ')}, got '${cell}'\n${USAGE}`);
  process.exit(2);
}
const act = getRecurrentActivation(option('activation', 'tanh'), 'bench-activations', '--activation');
const rec = getRecurrentActivation(option('recurrent-activation', 'sigmoid'), 'bench-activations', '--recurrent-activation');
const resetAfter = option('reset-after', 'true') === 'true';
const runs = Number(option('runs', '5'));
const [B, T, I, U] = [32, 64, 64, 256];
const gates = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;

let seed = 1;
const rand = (n: number, scale: number): Float32Array => {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    a[i] = (seed / 2147483648 - 0.5) * 2 * scale;
  }
  return a;
};
const param = (data: Float32Array, shape: number[]): Tensor => {
  const t = new Tensor(data, shape);
  t.requiresGrad = true;
  return t;
};
const x = param(rand(B * T * I, 1), [B, T, I]);
const kernel = param(rand(I * gates * U, 1 / Math.sqrt(I)), [I, gates * U]);
const recurrentKernel = param(rand(U * gates * U, 1 / Math.sqrt(U)), [U, gates * U]);
const biasSize = cell === 'gru' && resetAfter ? 2 * gates * U : gates * U;
const bias = param(rand(biasSize, 0.1), cell === 'gru' && resetAfter ? [2, gates * U] : [biasSize]);
const seed1 = new Float32Array(B * T * U).fill(1);
const common = { h0: null, mask: null, goBackwards: false, recurrentDropoutMask: null, zeroOutputForMask: false, activation: act };

function step(): void {
  const sequence = record(() => {
    const out = cell === 'lstm'
      ? lstmSequence(x, kernel, recurrentKernel, bias, { ...common, c0: null, recurrentActivation: rec })
      : cell === 'gru'
        ? gruSequence(x, kernel, recurrentKernel, bias, { ...common, resetAfter, recurrentActivation: rec })
        : simpleRnnSequence(x, kernel, recurrentKernel, bias, common);
    return out.sequence!;
  });
  backward(sequence, seed1);
  for (const t of [x, kernel, recurrentKernel, bias]) t.grad = null;
}

await whenThreadsReady();
step(); // warm-up: compiles, starts the pool, settles the thread choice
const times: number[] = [];
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  step();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const info = backendInfo();
console.log(
  `${cell}${cell === 'gru' ? ` resetAfter=${resetAfter}` : ''} activation=${act.name}` +
  `${cell === 'simpleRnn' ? '' : ` recurrentActivation=${rec.name}`} [B ${B}, T ${T}, I ${I}, U ${U}] ` +
  `backend ${info.backend}, threads ${info.threadsInUse}/${info.threads}: median ${median.toFixed(2)} ms per step ` +
  `(forward + backward, ${runs} runs: ${times.map((t) => t.toFixed(1)).join(', ')})`,
);
