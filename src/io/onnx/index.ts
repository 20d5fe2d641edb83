/**
 * ONNX export, browser-safe: `exportOnnxBytes(model)` returns the bytes of a standard ONNX
 * file (opset 14, ONNX's LSTM/GRU/RNN operators). `exportOnnx(model, path)`, which writes
 * the file, is in `./node.ts`.
 */
export { exportOnnxBytes, onnxExportIssues, ONNX_OPSET_VERSION, ONNX_IR_VERSION, type OnnxExportOptions } from './export.js';
