/**
 * Safetensors files and PyTorch state dicts, browser-safe: `importPyTorchState(bytes, model)`,
 * `exportSafetensors(model)`, and the format itself (`parseSafetensors`, `encodeSafetensors`).
 * File helpers are in `./node.ts`.
 */
export {
  parseSafetensors, encodeSafetensors, SafetensorsError, MAX_HEADER_BYTES,
  type ParsedSafetensors, type SafetensorsEntry, type SafetensorsInput, type SafetensorsFloatDType, type ParseOptions,
} from './format.js';
export {
  importPyTorchState, exportSafetensors,
  type ImportPyTorchOptions, type ExportSafetensorsOptions, type ImportPyTorchResult, type PyTorchNameOptions, type PyTorchModuleRef,
} from './pytorch.js';
