/**
 * Reading LSTM weights for `lstm explain --weights <file.json>`. Two forms are accepted:
 *
 * - an object `{ "kernel": [[...]], "recurrentKernel": [[...]], "bias": [...] }` in Keras
 *   layout (`recurrent_kernel` is accepted too; `"bias": null` means a layer without bias);
 * - an array in Keras `get_weights()` order: `[kernel, recurrentKernel, bias]`, or
 *   `[kernel, recurrentKernel]` for a layer without bias. In Python:
 *   `json.dump([w.tolist() for w in layer.get_weights()], f)`.
 *
 * Shapes are checked by `checkLstmWeights`, with errors naming the field, the expected and
 * the actual shape.
 */
import { readFile } from 'node:fs/promises';
import { ValueError } from '../tensor/errors.js';
import { type LstmCellWeights, checkLstmWeights } from './workedCell.js';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Turns parsed JSON into checked LSTM weights; `where` prefixes error messages. */
export function lstmWeightsFromJson(value: unknown, where: string): LstmCellWeights {
  let weights: LstmCellWeights;
  if (Array.isArray(value)) {
    if (value.length !== 2 && value.length !== 3) {
      throw new ValueError(
        `${where}: expected [kernel, recurrentKernel, bias] (Keras get_weights() order, 3 arrays, or 2 without bias), got ${describe(value)}`,
      );
    }
    weights = {
      kernel: value[0] as LstmCellWeights['kernel'],
      recurrentKernel: value[1] as LstmCellWeights['recurrentKernel'],
      bias: value.length === 3 ? (value[2] as LstmCellWeights['bias']) : null,
    };
  } else if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const recurrent = obj['recurrentKernel'] ?? obj['recurrent_kernel'];
    for (const [field, v] of [['kernel', obj['kernel']], ['recurrentKernel', recurrent]] as const) {
      if (v === undefined) throw new ValueError(`${where}: field '${field}' is missing (expected keys kernel, recurrentKernel, bias)`);
    }
    if (!('bias' in obj)) {
      throw new ValueError(`${where}: field 'bias' is missing (expected an array [4*units], or null for a layer without bias)`);
    }
    weights = {
      kernel: obj['kernel'] as LstmCellWeights['kernel'],
      recurrentKernel: recurrent as LstmCellWeights['recurrentKernel'],
      bias: obj['bias'] as LstmCellWeights['bias'],
    };
  } else {
    throw new ValueError(
      `${where}: expected an object {kernel, recurrentKernel, bias} or an array [kernel, recurrentKernel, bias], got ${describe(value)}`,
    );
  }
  checkLstmWeights(weights, where);
  return weights;
}

/** Reads and checks a weights file. Errors start with `--weights <path>:` unless `where` says otherwise. */
export async function loadLstmWeightsFile(path: string, displayPath = path, where = `--weights ${displayPath}`): Promise<LstmCellWeights> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? String(error);
    throw new Error(`${where}: cannot read the file (${reason})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return lstmWeightsFromJson(json, where);
}
