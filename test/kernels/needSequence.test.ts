/**
 * needSequence: false (a layer without returnSequences) makes the fast and wasm kernels skip
 * the output sequence; everything else they compute must be the same bits as with the
 * sequence. LSTM, GRU (both bias layouts) and SimpleRNN, float32 on wasm (1 and 2 threads) and
 * on the fast TypeScript kernels, float64 on the fast kernels, with masks (zero or repeated
 * output), goBackwards, recurrent dropout, initial states, a missing bias and a non-default
 * activation pair. The backward runs as the op runs it then: dSequence absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstmArgs, gruArgs, simpleRnnArgs, B, U } from '../helpers/wasmRecurrentCases.js';
import { lstmForwardWasm, lstmBackwardWasm } from '../../src/kernels/wasm/lstm.js';
import { gruForwardWasm, gruBackwardWasm } from '../../src/kernels/wasm/gru.js';
import { simpleRnnForwardWasm, simpleRnnBackwardWasm } from '../../src/kernels/wasm/simpleRnn.js';
import { lstmForwardFast, lstmBackwardFast } from '../../src/kernels/fast/lstm.js';
import { gruForwardFast, gruBackwardFast } from '../../src/kernels/fast/gru.js';
import { simpleRnnForwardFast, simpleRnnBackwardFast } from '../../src/kernels/fast/simpleRnn.js';
import { wasmRuntime } from '../../src/kernels/wasm/runtime.js';
import { setNumThreads, whenThreadsReady, backendInfo } from '../../src/kernels/backend.js';
import { getRecurrentActivation } from '../../src/ops/activations.js';
import type { RecurrentBackwardArgs, RecurrentForwardArgs, RecurrentForwardResult, RecurrentGradients } from '../../src/kernels/recurrentTypes.js';
import { setSeed } from '../../src/tensor/random.js';
import type { FloatArray } from '../../src/tensor/tensor.js';
import { randArray } from '../helpers/kernelCases.js';

const rt = wasmRuntime()!;
const tanh = getRecurrentActivation('tanh', 'test', 'activation');
const sigmoid = getRecurrentActivation('sigmoid', 'test', 'recurrentActivation');
const hardSigmoid = getRecurrentActivation('hardSigmoid', 'test', 'recurrentActivation');
const relu = getRecurrentActivation('relu', 'test', 'activation');
/** k picks the options (see wasmRecurrentCases.ts): mask on 1, 4, 7; goBackwards on 2, 6; dropout on 2, 5; zero output on odd k. */
const OPTIONS = [0, 1, 2, 3, 4, 5, 6, 7];

type Forward<A> = (args: A) => RecurrentForwardResult;
type Backward<A extends RecurrentForwardArgs> = (args: RecurrentBackwardArgs<A> & Record<string, unknown>) => RecurrentGradients;

/** Every float array of `args` as float64 (the fast kernels' other dtype). */
function asFloat64<A extends object>(args: A): A {
  const out = { ...args } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (v instanceof Float32Array) out[k] = Float64Array.from(v);
  return out as A;
}

const bits = (a: FloatArray | null | undefined): number[] | null => (a ? Array.from(a) : null);

/**
 * Runs `args` with needSequence true and false and asserts: no sequence when false, a full one
 * when true, every other forward output and every gradient the same bits.
 */
function assertSameWithoutSequence<A extends RecurrentForwardArgs>(
  label: string, args: A, forward: Forward<A>, backward: Backward<A>, extraStates: string[],
): void {
  const f64 = args.x instanceof Float64Array;
  const withSeq = forward({ ...args, needSequence: true });
  const without = forward({ ...args, needSequence: false });
  assert.equal(without.sequence, null, `${label}: no sequence`);
  assert.equal(withSeq.sequence?.length, args.batch * args.timesteps * args.units, `${label}: the sequence when asked`);
  for (const key of ['lastOutput', 'hT', ...extraStates]) {
    const field = (r: RecurrentForwardResult) => bits((r as unknown as Record<string, FloatArray>)[key]);
    assert.deepEqual(field(without), field(withSeq), `${label} ${key}`);
  }
  const seeds: Record<string, FloatArray> = { dLastOutput: randArray(B * U, f64), dhT: randArray(B * U, f64) };
  for (const s of extraStates) seeds[`d${s}`] = randArray(B * U, f64);
  const gradsWith = backward({ forward: { ...args, needSequence: true }, cache: withSeq.cache, dSequence: null, dLastOutput: null, dhT: null, ...seeds });
  const gradsWithout = backward({ forward: { ...args, needSequence: false }, cache: without.cache, dSequence: null, dLastOutput: null, dhT: null, ...seeds });
  for (const [key, g] of Object.entries(gradsWith)) {
    assert.deepEqual(bits((gradsWithout as unknown as Record<string, FloatArray>)[key]), bits(g as FloatArray), `${label} ${key}`);
  }
}

interface Family {
  name: string;
  args(k: number, nonDefault: boolean): RecurrentForwardArgs;
  extra: string[];
  wasm: [Forward<RecurrentForwardArgs>, Backward<RecurrentForwardArgs>];
  fast: [Forward<RecurrentForwardArgs>, Backward<RecurrentForwardArgs>];
}

// The kernels' own argument types are the common ones plus fields these args carry.
const cast = <F>(f: unknown): F => f as F;
const families: Family[] = [
  {
    name: 'LSTM', extra: ['cT'],
    args: (k, nd) => lstmArgs(k, nd ? relu : tanh, nd ? hardSigmoid : sigmoid),
    wasm: [cast((a: never) => lstmForwardWasm(rt, threadsNow, a)), cast((a: never) => lstmBackwardWasm(rt, threadsNow, a))],
    fast: [cast(lstmForwardFast), cast(lstmBackwardFast)],
  },
  ...[true, false].map((resetAfter): Family => ({
    name: `GRU resetAfter=${resetAfter}`, extra: [],
    args: (k, nd) => gruArgs(k, nd ? relu : tanh, nd ? hardSigmoid : sigmoid, resetAfter),
    wasm: [cast((a: never) => gruForwardWasm(rt, threadsNow, a)), cast((a: never) => gruBackwardWasm(rt, threadsNow, a))],
    fast: [cast(gruForwardFast), cast(gruBackwardFast)],
  })),
  {
    name: 'SimpleRNN', extra: [],
    args: (k, nd) => simpleRnnArgs(k, nd ? relu : tanh),
    wasm: [cast((a: never) => simpleRnnForwardWasm(rt, threadsNow, a)), cast((a: never) => simpleRnnBackwardWasm(rt, threadsNow, a))],
    fast: [cast(simpleRnnForwardFast), cast(simpleRnnBackwardFast)],
  },
];

let threadsNow = 1;

for (const fam of families) {
  test(`${fam.name}: needSequence false gives the same bits on the wasm kernels, 1 and 2 threads`, async () => {
    for (const threads of [1, 2]) {
      setNumThreads(threads);
      assert.equal(await whenThreadsReady(), threads, `${threads} threads started`);
      threadsNow = threads;
      for (const k of OPTIONS) {
        for (const nonDefault of [false, true]) {
          setSeed(100 + k);
          assertSameWithoutSequence(`${fam.name} wasm ${threads} threads k=${k} nonDefault=${nonDefault}`, fam.args(k, nonDefault), ...fam.wasm, fam.extra);
        }
      }
    }
    threadsNow = 1;
    setNumThreads(backendInfo().threads);
  });

  test(`${fam.name}: needSequence false gives the same bits on the fast kernels, float32 and float64`, () => {
    for (const f64 of [false, true]) {
      for (const k of OPTIONS) {
        for (const nonDefault of [false, true]) {
          setSeed(200 + k);
          const args = fam.args(k, nonDefault);
          assertSameWithoutSequence(`${fam.name} fast ${f64 ? 'float64' : 'float32'} k=${k} nonDefault=${nonDefault}`, f64 ? asFloat64(args) : args, ...fam.fast, fam.extra);
        }
      }
    }
  });
}
