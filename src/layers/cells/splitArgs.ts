/**
 * Splits a built-in recurrent layer's options into its cell's and its loop's: LSTM, GRU and
 * SimpleRNN take both in one object, as Keras and tfjs do.
 */

/**
 * `{ cellArgs, loopArgs }`: the keys in `cellKeys` go to the cell, the rest to the layer.
 * @example splitCellArgs({ units: 4, returnSequences: true }, ['units']) // { cellArgs: { units: 4 }, loopArgs: { returnSequences: true } }
 */
export function splitCellArgs<T extends object>(args: T, cellKeys: readonly string[]): { cellArgs: Record<string, unknown>; loopArgs: Record<string, unknown> } {
  const cellArgs: Record<string, unknown> = {};
  const loopArgs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) (cellKeys.includes(k) ? cellArgs : loopArgs)[k] = v;
  return { cellArgs, loopArgs };
}
