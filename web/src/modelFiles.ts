/**
 * Model files chosen with a file input, read into model artifacts: model.json (the
 * TensorFlow.js layers format the library writes with `file://` and `downloads://`) plus the
 * weight files its manifest lists, matched by file name. A browser cannot read paths, so
 * the visitor selects all files at once.
 */
import { io } from '../../src/index.ts';
import type { ModelArtifacts } from './libTypes.ts';

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export async function artifactsFromFiles(files: readonly File[]): Promise<{ artifacts: ModelArtifacts; source: string }> {
  const jsonFiles = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsonFiles.length !== 1) {
    throw new Error(`choose one model .json file and its weights file together; got ${jsonFiles.length} .json files among ${files.length}`);
  }
  const jsonFile = jsonFiles[0]!;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await jsonFile.text());
  } catch (error) {
    throw new Error(`${jsonFile.name} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json = io.parseModelJson(parsed, 'upload', jsonFile.name);
  const others = files.filter((f) => f !== jsonFile);
  const paths = io.manifestPaths(json);
  const buffers: ArrayBuffer[] = [];
  for (const path of paths) {
    // Downloads may be renamed by the browser ("model.weights (1).bin"): with one weights
    // file listed and one chosen, take it whatever its name.
    const file = others.find((f) => f.name === baseName(path)) ?? (paths.length === 1 && others.length === 1 ? others[0] : undefined);
    if (!file) throw new Error(`${jsonFile.name} lists the weights file '${baseName(path)}'; choose it together with the .json file`);
    buffers.push(await file.arrayBuffer());
  }
  return { artifacts: io.artifactsFromModelJson(json, buffers, 'upload'), source: jsonFile.name };
}
