/**
 * Inference on onnxruntime-node (an optional peer dependency): the model is exported with our
 * own ONNX exporter into memory, loaded once into an onnxruntime session, and re-exported
 * only when its weights change. Training stays on lstm-ts's kernels; this is for `predict`.
 *
 * Asynchronous by nature: onnxruntime's `session.run` returns a Promise, and there is no
 * honest way to wait for it inside the synchronous `predict` (no blocking of Node's event
 * loop), so there is no `setBackend('onnxruntime')`. Use `onnxPredictor(model)` and
 * `await predictor.predict(x)`, or `await model.predictAsync(x, { backend: 'onnxruntime' })`.
 *
 * Reached only from the Node entries (src/index.node.ts, and ../../platform/installNodeSupport.ts
 * for `predictAsync`): the universal build never imports it.
 */
import { ShapeError, ValueError, assertKnownOptions, formatShape } from '../../tensor/errors.js';
import { Tensor } from '../../tensor/tensor.js';
import type { LayersModel, ModelData } from '../../models/layersModel.js';
import type { Shape } from '../../layers/layer.js';
import { Embedding } from '../../layers/embedding.js';
import { exportOnnxBytes } from './export.js';
import { type OrtModule, type OrtSession, type OrtSessionOptions, type OrtTensor, loadOnnxRuntime } from './runtimeModule.js';
import { WeightSnapshot } from './weightSnapshot.js';

/** A model `exportOnnxBytes` takes (whatever the exporter accepts, this accepts). */
export type OnnxExportableModel = Parameters<typeof exportOnnxBytes>[0];

/** Options of `onnxPredictor`. */
export interface OnnxPredictorOptions {
  /**
   * Passed to onnxruntime's `InferenceSession.create`, e.g. `{ intraOpNumThreads: 1 }`
   * (default: onnxruntime's own defaults, one thread per core).
   */
  sessionOptions?: OrtSessionOptions;
  /** The onnxruntime module to use (default: `import('onnxruntime-node')` on first use). */
  runtime?: OrtModule;
}

/** One exported model loaded in onnxruntime, with the calls that still use it. */
interface LiveSession {
  readonly session: Promise<OrtSession>;
  readonly snapshot: WeightSnapshot;
  inFlight: number;
  retired: boolean;
}

function releaseQuietly(live: LiveSession): void {
  // A replaced or disposed session has no caller left to report a failed release to.
  live.session.then((s) => s.release()).catch(() => undefined);
}

/**
 * `model.predict` on onnxruntime. Create it with `onnxPredictor(model)`.
 * @example
 * const predictor = onnxPredictor(model);
 * const y = await predictor.predict(x); // the same values as model.predict(x), to 1e-5
 * await predictor.dispose();
 */
export class OnnxPredictor {
  /** The model predicted with; its weights are read (and compared) at every call. */
  readonly model: OnnxExportableModel;
  private readonly sessionOptions: OrtSessionOptions;
  private readonly runtime: OrtModule | undefined;
  private current: LiveSession | null = null;
  private disposed = false;
  private exports = 0;

  constructor(model: OnnxExportableModel, options: OnnxPredictorOptions = {}) {
    assertKnownOptions('onnxPredictor', options, ['sessionOptions', 'runtime']);
    if (model === null || typeof model !== 'object' || !Array.isArray((model as { layers?: unknown }).layers)) {
      throw new ValueError(`onnxPredictor: argument 'model' expected a model (sequential or functional), got ${String(model)}`);
    }
    this.model = model;
    this.sessionOptions = { ...options.sessionOptions };
    this.runtime = options.runtime;
  }

  /**
   * How many times the model was exported and loaded: 1 after the first call, one more after
   * each call that found the weights changed.
   * @example await p.predict(x); model.setWeights(w); await p.predict(x); p.exportCount // 2
   */
  get exportCount(): number {
    return this.exports;
  }

  /**
   * The model's output for `x` (one input, batch first: `[batch, time, features]` floats, or
   * `[batch, time]` token ids for an Embedding model), computed by onnxruntime with the
   * weights the model holds at the moment of the call. The result has the model's dtype.
   * Rejects with an UnsupportedModelError (listing every reason) when the model has a part
   * the ONNX exporter refuses, and a MissingPackageError when onnxruntime-node is missing.
   * @example const y = await predictor.predict([[[0.1], [0.2]]]); y.toArray()
   */
  async predict(x: ModelData): Promise<Tensor> {
    const where = `${this.model.name}.predict (onnxruntime)`;
    // A Sequential has one input and one output, and may have no graph before its first run.
    const inputs = this.model.isChain ? 1 : this.model.inputNames.length;
    const outputs = this.model.isChain ? 1 : this.model.outputNames.length;
    if (inputs !== 1 || outputs !== 1) {
      throw new ValueError(`${where}: model '${this.model.name}' has ${inputs} inputs and ${outputs} outputs (several inputs or outputs); use predictMany(xs), which takes one array per input and returns one tensor per output`);
    }
    const input = this.prepare(x, where);
    const live = this.acquire(where);
    live.inFlight++;
    try {
      const ort = this.runtime ?? (await loadOnnxRuntime(where));
      const session = await live.session;
      const ids = this.model.layers.find((l) => l.className !== 'InputLayer') instanceof Embedding;
      const feed = toOrtTensor(ort, input, ids, where);
      const results = await session.run({ [session.inputNames[0]!]: feed });
      const out = results[session.outputNames[0]!];
      if (!out || !(out.data instanceof Float32Array)) {
        throw new ValueError(`${where}: onnxruntime returned no float32 output '${session.outputNames[0]}'`);
      }
      // predict answers in the input dtype (float64 models compute in float64; ONNX in float32).
      return new Tensor(input.dtype === 'float64' ? Float64Array.from(out.data) : out.data, [...out.dims]);
    } finally {
      live.inFlight--;
      if (live.retired && live.inFlight === 0) releaseQuietly(live);
    }
  }

  /**
   * The model's outputs for a model with several inputs or outputs (any model works): `xs`
   * holds one array per input, in `model.inputNames` order (or an object keyed by those names),
   * and the result one tensor per output, in `model.outputNames` order, as `model.predict`
   * returns them. Rejects as `predict` does.
   * @example const [temperature, rain] = await predictor.predictMany([series, calendar]);
   */
  async predictMany(xs: ModelData): Promise<Tensor[]> {
    const where = `${this.model.name}.predictMany (onnxruntime)`;
    if (this.disposed) throw new ValueError(`${where}: this predictor was disposed; create a new one with onnxPredictor(model)`);
    const inputs = this.model.isChain || this.model.inputNames.length === 1 ? [this.prepare(xs, where)] : this.model.prepareInputs(xs, 'xs', where);
    const live = this.acquire(where);
    live.inFlight++;
    try {
      const ort = this.runtime ?? (await loadOnnxRuntime(where));
      const session = await live.session;
      const ids = idInputs(this.model);
      const feeds: Record<string, OrtTensor> = {};
      // The exporter declares the graph inputs in model.inputNames order.
      session.inputNames.forEach((name, k) => {
        feeds[name] = toOrtTensor(ort, inputs[k]!, ids[k]!, where);
      });
      const results = await session.run(feeds);
      return session.outputNames.map((name) => {
        const out = results[name];
        if (!out || !(out.data instanceof Float32Array)) throw new ValueError(`${where}: onnxruntime returned no float32 output '${name}'`);
        return new Tensor(inputs[0]!.dtype === 'float64' ? Float64Array.from(out.data) : out.data, [...out.dims]);
      });
    } finally {
      live.inFlight--;
      if (live.retired && live.inFlight === 0) releaseQuietly(live);
    }
  }

  /**
   * Releases the onnxruntime session (after the calls still running). The predictor cannot
   * be used afterwards.
   * @example await predictor.dispose();
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    const live = this.current;
    this.current = null;
    if (!live) return;
    live.retired = true;
    if (live.inFlight === 0) await live.session.then((s) => s.release(), () => undefined);
  }

  /** Checks and converts `x` as `model.predict` does, plus the declared axes the export fixed. */
  private prepare(x: ModelData, where: string): Tensor {
    if (this.disposed) throw new ValueError(`${where}: this predictor was disposed; create a new one with onnxPredictor(model)`);
    const model = this.model;
    const [t] = model.prepareInputs(x, 'x', where);
    // prepareInputs checks against the graph, which a Sequential model makes at its first run.
    const declared = (model as { builtInputShape?: Shape | null }).builtInputShape;
    if (declared) {
      const ok = t!.rank === declared.length && declared.every((d, i) => i === 0 || d === null || d === t!.shape[i]);
      if (!ok) throw new ShapeError(`${where}: argument 'x' expected shape ${formatShape(declared)}, got ${formatShape(t!.shape)}`);
    }
    return t!;
  }

  /** The session for the weights as they are now: the cached one, or a fresh export. */
  private acquire(where: string): LiveSession {
    const model = this.model;
    const old = this.current;
    if (old && !old.snapshot.changed(model.layers)) return old;
    // Both synchronous, so the snapshot and the exported bytes hold the same weights.
    const snapshot = new WeightSnapshot(model.layers);
    const bytes = exportOnnxBytes(model);
    this.exports++;
    const options = this.sessionOptions;
    const session = (this.runtime ? Promise.resolve(this.runtime) : loadOnnxRuntime(where)).then((ort) =>
      ort.InferenceSession.create(bytes, options),
    );
    const live: LiveSession = { session, snapshot, inFlight: 0, retired: false };
    // A session that failed to load is dropped, so the next call tries again.
    session.catch(() => {
      if (this.current === live) this.current = null;
    });
    this.current = live;
    if (old) {
      old.retired = true;
      if (old.inFlight === 0) releaseQuietly(old);
    }
    return live;
  }
}

/** Per model input, whether the export declares it int64 token ids (an Embedding reads it). */
function idInputs(model: OnnxExportableModel): boolean[] {
  if (model.isChain) return [model.layers.find((l) => l.className !== 'InputLayer') instanceof Embedding];
  const graph = model.graph('onnxPredictor');
  return graph.inputs.map((s) => graph.nodes.some((n) => n.layer instanceof Embedding && n.inputs[0] === s));
}

/** Float32 features, or int64 token ids for a model that starts with an Embedding. */
function toOrtTensor(ort: OrtModule, t: Tensor, ids: boolean, where: string): OrtTensor {
  if (!ids) {
    const data = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
    return new ort.Tensor('float32', data, t.shape);
  }
  const out = new BigInt64Array(t.size);
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i]!;
    if (!Number.isInteger(v)) {
      throw new ValueError(`${where}: argument 'x' has ${v} at flat index ${i} (shape ${formatShape(t.shape)}); expected integer token ids for the Embedding`);
    }
    out[i] = BigInt(v);
  }
  return new ort.Tensor('int64', out, t.shape);
}

/**
 * `model.predict(x)` computed by onnxruntime-node: exports the model into memory with our
 * ONNX exporter and caches the session; weights are compared at every call and a change
 * re-exports. See `OnnxPredictor`.
 * @example
 * import { onnxPredictor } from 'lstm-ts'; // Node; needs `npm install onnxruntime-node`
 * const predictor = onnxPredictor(model, { sessionOptions: { intraOpNumThreads: 1 } });
 * const y = await predictor.predict(x);
 */
export function onnxPredictor(model: OnnxExportableModel, options: OnnxPredictorOptions = {}): OnnxPredictor {
  return new OnnxPredictor(model, options);
}

const cached = new WeakMap<LayersModel, OnnxPredictor>();

/**
 * What `model.predictAsync(x, { backend: 'onnxruntime' })` runs (installed through
 * ../../platform/onnxRuntimeSupport.ts): one predictor per model, kept while the model lives.
 */
export function predictOnOnnxRuntime(model: LayersModel, x: ModelData, where: string): Promise<Tensor> {
  let predictor = cached.get(model);
  if (!predictor) {
    predictor = onnxPredictor(model);
    cached.set(model, predictor);
  }
  return predictor.predict(x);
}
