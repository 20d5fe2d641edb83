/**
 * How many forward and backward passes each wasm recurrent driver has run in this process:
 * the way tests (and anyone curious) tell that a call took the wasm kernels rather than the
 * TypeScript ones, which give the same numbers to float32 rounding and so cannot be told apart
 * by their results.
 */

/** The wasm recurrent drivers. */
export type WasmRecurrentKind = 'lstm' | 'gru' | 'simpleRnn';

/** Passes of one driver; `gathered` counts the forward passes that took x as distinct rows (an Embedding's output). */
export interface WasmPassCount {
  forward: number;
  backward: number;
  gathered: number;
}

const counts: Record<WasmRecurrentKind, WasmPassCount> = {
  lstm: { forward: 0, backward: 0, gathered: 0 },
  gru: { forward: 0, backward: 0, gathered: 0 },
  simpleRnn: { forward: 0, backward: 0, gathered: 0 },
};

/** Counts one pass of a wasm driver (the drivers call this). */
export function countWasmPass(kind: WasmRecurrentKind, pass: keyof WasmPassCount): void {
  counts[kind][pass]++;
}

/**
 * A copy of the pass counts so far.
 * @example
 * const before = wasmPassCounts().lstm.forward;
 * model.predict(x);
 * wasmPassCounts().lstm.forward - before // 1 per LSTM layer that ran on wasm
 */
export function wasmPassCounts(): Record<WasmRecurrentKind, WasmPassCount> {
  return {
    lstm: { ...counts.lstm },
    gru: { ...counts.gru },
    simpleRnn: { ...counts.simpleRnn },
  };
}
