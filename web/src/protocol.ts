/**
 * The messages between the page and its two workers. Every worker speaks the same small RPC:
 * the page sends `call` (answered by exactly one `reply` with the same id) or `command`
 * (fire and forget: start, stop, resume), and the worker pushes `event`s (progress) at any
 * time. The method and event types below are the whole contract; both sides import them.
 */
import type { GateTrace, ForecastScores, ModelArtifacts, LstmCellConfig } from './libTypes.ts';

/** What the page knows about the engine a worker runs on. */
export interface EngineInfo {
  /** The library's backend in that worker (`getBackend()`). */
  backend: 'js' | 'wasm';
  /** Threads the wasm backend uses there, the worker's own included. */
  threads: number;
  /** Whether the browser runs the library's WebAssembly SIMD kernels. */
  wasmSimd: boolean;
  /** Whether it runs the relaxed-SIMD build (fused multiply-add). */
  relaxedSimd: boolean;
  /** Whether SharedArrayBuffer is usable (needs a cross-origin isolated page). */
  sharedMemory: boolean;
  /** Logical processors the browser reports. */
  hardwareConcurrency: number;
}

// ---------------------------------------------------------------------------------------
// Text worker

/** The model and training settings the Text panel chooses. */
export interface TextSettings {
  units: number;
  layers: number;
  seqLength: number;
  batchSize: number;
  embeddingDim: number;
  learningRate: number;
  /** Passes over the training text; sets the progress bar's end. */
  epochs: number;
  lower: boolean;
  seed: number;
}

/** A summary of the model the text worker holds. */
export interface TextModelInfo {
  /** Where it came from: 'trained here', 'indexeddb://name', an uploaded file name. */
  source: string;
  vocabSize: number;
  units: number;
  layers: number;
  embeddingDim: number;
  parameters: number;
  lower: boolean;
  /** Whether the worker has training data for it (a loaded model cannot resume). */
  trainable: boolean;
}

export type TrainState = 'empty' | 'training' | 'stopped' | 'done' | 'loaded';

/** One training batch, as the loss chart and progress bar need it. */
export interface TextProgress {
  /** The training run (one per press of Train) this batch belongs to. */
  run: number;
  batch: number;
  tokens: number;
  totalTokens: number;
  loss: number;
  /** Cross-entropy on the held-out tail, computed every few seconds (null in between). */
  validationLoss: number | null;
  /** Predicting each held-out character from its training frequency: the line to beat. */
  unigramBaseline: number;
  /** Training tokens per second over the current run (pauses excluded). */
  tokensPerSecond: number;
  seconds: number;
}

/** Everything the gate view draws, and what the step-through view needs to redo a step. */
export interface GateView {
  tokens: string[];
  /** The embedded inputs `[time][embeddingDim]` fed to the first LSTM layer. */
  inputs: number[][];
  trace: GateTrace;
  /** The first LSTM layer's weights and gate activation. */
  cell: LstmCellConfig;
  units: number;
}

export interface GenerateArgs {
  prompt: string;
  length: number;
  temperature: number;
  seed: number;
}

export type TextMethods = {
  generate: { args: GenerateArgs; result: { text: string; tokens: number } };
  trace: { args: { text: string }; result: GateView };
  saveIndexedDb: { args: { name: string }; result: { url: string; weightBytes: number } };
  loadIndexedDb: { args: { name: string }; result: TextModelInfo };
  exportArtifacts: { args: Record<string, never>; result: { artifacts: ModelArtifacts } };
  importArtifacts: { args: { artifacts: ModelArtifacts; source: string }; result: TextModelInfo };
};

export type TextCommand =
  | { type: 'start'; run: number; text: string; corpusName: string; settings: TextSettings }
  | { type: 'stop' }
  | { type: 'resume' };

export type TextEvent =
  | { type: 'ready'; engine: EngineInfo }
  | { type: 'progress'; progress: TextProgress }
  | { type: 'state'; state: TrainState; info: TextModelInfo | null; message: string }
  | { type: 'failed'; message: string };

// ---------------------------------------------------------------------------------------
// Forecast worker

export interface ForecastSeriesData {
  dates: string[];
  values: number[];
  name: string;
}

export interface ForecastSettings {
  window: number;
  horizon: number;
  units: number;
  epochs: number;
  seed: number;
}

export interface ForecastOutcome {
  mode: 'absolute' | 'relative';
  winner: 'lstm' | 'lastValue' | 'seasonalNaive' | 'linear';
  seasonPeriod: number | null;
  scores: { lstm: ForecastScores; lastValue: ForecastScores; seasonalNaive: ForecastScores | null; linear: ForecastScores };
  /** Series index of each test target (first step ahead), and the LSTM's predictions `[n][horizon]`. */
  testIndex: number[];
  testPredictions: number[][];
  validationEnd: number;
  trainEnd: number;
  samples: { train: number; validation: number; test: number };
  seconds: number;
}

export type ForecastMethods = {
  run: { args: { series: ForecastSeriesData; settings: ForecastSettings }; result: ForecastOutcome };
};

export type ForecastCommand = { type: 'stop' };

export type ForecastEvent =
  | { type: 'ready'; engine: EngineInfo }
  | { type: 'epoch'; mode: string; epoch: number; epochs: number; modeIndex: number; modes: number; loss: number; valLoss: number };

// ---------------------------------------------------------------------------------------
// The wire format shared by both workers

/** Any method table: name → argument and result types. */
export type MethodTable = { [name: string]: { args: unknown; result: unknown } };

export type CallMessage<M extends MethodTable> = {
  [K in keyof M & string]: { kind: 'call'; id: number; method: K; args: M[K]['args'] };
}[keyof M & string];

export type ToWorker<M extends MethodTable, C> = CallMessage<M> | { kind: 'command'; command: C };

export type FromWorker<E> =
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; message: string }
  | { kind: 'event'; event: E };
