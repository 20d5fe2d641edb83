/**
 * onnxruntime as lstm-ts uses it: the few members of the `onnxruntime-node` module that
 * `onnxPredictor` calls, declared here so that our published types never name the optional
 * package (an app without it still typechecks), and the loader that imports it on first use.
 *
 * Node only in practice (the Node entries reach this file); nothing here imports `node:*`.
 */
import { MissingPackageError, type OptionalPackageRole, isPackageNotFound } from '../../data/optionalPackage.js';

/** An onnxruntime tensor, as `session.run` takes and returns them. */
export interface OrtTensor {
  /** The shape. */
  readonly dims: readonly number[];
  /** The element type, e.g. 'float32'. */
  readonly type: string;
  /** The values (a typed array for numeric types). */
  readonly data: unknown;
}

/** The session options lstm-ts passes through (a subset of onnxruntime's own). */
export interface OrtSessionOptions {
  /** Threads inside one operator (onnxruntime's default: one per core). */
  intraOpNumThreads?: number;
  /** Threads across operators (used only with `executionMode: 'parallel'`). */
  interOpNumThreads?: number;
  /** Run operators one after another (default) or in parallel. */
  executionMode?: 'sequential' | 'parallel';
  /** How much onnxruntime rewrites the graph before running it (default 'all'). */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

/** An onnxruntime `InferenceSession`. */
export interface OrtSession {
  /** The graph's input names. */
  readonly inputNames: readonly string[];
  /** The graph's output names. */
  readonly outputNames: readonly string[];
  /** Runs the graph on one tensor per input name; resolves to one tensor per output name. */
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  /** Frees the session's native memory. */
  release(): Promise<void>;
}

/**
 * onnxruntime's `InferenceSession` class, as far as lstm-ts uses it: its static `create`.
 * @example const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
 */
export interface OrtSessionFactory {
  /** Makes a session from ONNX bytes; rejects when onnxruntime cannot load the model. */
  create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession>;
}

/**
 * onnxruntime's `Tensor` class, as far as lstm-ts uses it: its constructor.
 * @example const x = new ort.Tensor('float32', new Float32Array(6), [1, 3, 2]);
 */
export interface OrtTensorConstructor {
  /** Wraps `data` as a tensor of element type `type` and shape `dims`. */
  new (type: 'float32' | 'int64', data: Float32Array | BigInt64Array, dims: readonly number[]): OrtTensor;
}

/**
 * The onnxruntime module: `import * as ort from 'onnxruntime-node'` fits it (so does
 * `onnxruntime-web`, for whoever passes it as `onnxPredictor`'s `runtime` option).
 */
export interface OrtModule {
  /** Makes a session from ONNX bytes. */
  InferenceSession: OrtSessionFactory;
  /** Wraps values as an onnxruntime tensor. */
  Tensor: OrtTensorConstructor;
}

/** The package name, in one place for the loader and its error. */
export const ORT_PACKAGE = 'onnxruntime-node';

// The role names what the package is for in MissingPackageError's message ("needs the inference
// runtime package ...").
const ROLE: OptionalPackageRole = 'inference runtime';

let loading: Promise<OrtModule> | null = null;

/**
 * onnxruntime-node, imported once; a MissingPackageError (with `npm install onnxruntime-node`)
 * when it is not installed. A failed load is not cached, so installing it mid-session works.
 * @example const ort = await loadOnnxRuntime('onnxPredictor');
 */
export function loadOnnxRuntime(where: string): Promise<OrtModule> {
  loading ??= import('onnxruntime-node').then(
    (m): OrtModule => m,
    (error: unknown) => {
      loading = null;
      if (isPackageNotFound(error, ORT_PACKAGE)) throw new MissingPackageError(where, ORT_PACKAGE, ROLE, { cause: error });
      throw error;
    },
  );
  return loading;
}
