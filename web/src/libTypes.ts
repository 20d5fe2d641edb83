/**
 * Library types the playground passes between threads, taken from the public entry where it
 * exports them and derived from exported functions where it does not (so the page never
 * depends on internal module paths for its types).
 */
import type { ForecastResult, io, traceLstmGates } from '../../src/index.ts';
import type { lstmCellWeightsFromLayer } from '../../src/explain/gateTrace.ts';

/** i, f, g, o, c, h per step and unit, `[time][units]`. */
export type GateTrace = ReturnType<typeof traceLstmGates>;
/** RMSE, MAE and MAPE of one method. */
export type ForecastScores = ForecastResult['test']['lstm'];
/** model.json content plus weight bytes, as `model.save(handler)` hands them out. */
export type ModelArtifacts = io.ModelArtifacts;
/** An LSTM layer's kernel, recurrent kernel, bias and gate activation as nested arrays. */
export type LstmCellConfig = ReturnType<typeof lstmCellWeightsFromLayer>;
