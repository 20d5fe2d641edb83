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
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
}

/** The session options lstm-ts passes through (a subset of onnxruntime's own). */
export interface OrtSessionOptions {
  /** Threads inside one operator (onnxruntime's default: one per core). */
  intraOpNumThreads?: number;
  /** Threads across operators (used only with `executionMode: 'parallel'`). */
  interOpNumThreads?: number;
  executionMode?: 'sequential' | 'parallel';
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

/** An onnxruntime `InferenceSession`. */
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

/**
 * The onnxruntime module: `import * as ort from 'onnxruntime-node'` fits it (so does
 * `onnxruntime-web`, for whoever passes it as `onnxPredictor`'s `runtime` option).
 */
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtSession> };
  Tensor: new (type: 'float32' | 'int64', data: Float32Array | BigInt64Array, dims: readonly number[]) => OrtTensor;
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
