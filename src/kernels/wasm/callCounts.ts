/**
 * How many forward and backward passes each wasm recurrent driver has run in this process:
 * the way tests (and anyone curious) tell that a call took the wasm kernels rather than the
 * TypeScript ones, which give the same numbers to float32 rounding and so cannot be told apart
 * by their results.
 */

/** The wasm recurrent drivers. */
export type WasmRecurrentKind = 'lstm' | 'gru' | 'simpleRnn';

const counts: Record<WasmRecurrentKind, { forward: number; backward: number }> = {
  lstm: { forward: 0, backward: 0 },
  gru: { forward: 0, backward: 0 },
  simpleRnn: { forward: 0, backward: 0 },
};

/** Counts one pass of a wasm driver (the drivers call this). */
export function countWasmPass(kind: WasmRecurrentKind, pass: 'forward' | 'backward'): void {
  counts[kind][pass]++;
}

/**
 * A copy of the pass counts so far.
 * @example
 * const before = wasmPassCounts().lstm.forward;
 * model.predict(x);
 * wasmPassCounts().lstm.forward - before // 1 per LSTM layer that ran on wasm
 */
export function wasmPassCounts(): Record<WasmRecurrentKind, { forward: number; backward: number }> {
  return {
    lstm: { ...counts.lstm },
    gru: { ...counts.gru },
    simpleRnn: { ...counts.simpleRnn },
  };
}
