/**
 * What saving to and loading from disk share: the directory layout and how a path or
 * 'file://' URL names it.
 */
import { stat } from 'node:fs/promises';
import { ValueError } from '../tensor/errors.js';

export const MODEL_JSON = 'model.json';


/** 'file://dir', 'file:///abs/dir' or a plain path, without the scheme. */
export function stripScheme(pathOrUrl: unknown, where: string): string {
  if (typeof pathOrUrl !== 'string' || pathOrUrl.trim() === '') {
    throw new ValueError(`${where}: argument 'path' expected a directory path or 'file://' URL, got ${JSON.stringify(pathOrUrl)}`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathOrUrl) && !pathOrUrl.toLowerCase().startsWith('file://')) {
    throw new ValueError(`${where}: argument 'path' has scheme '${pathOrUrl.slice(0, pathOrUrl.indexOf('://'))}://'; only 'file://' URLs and plain paths are handled here (use loadFromModelJson for fetched files)`);
  }
  return pathOrUrl.toLowerCase().startsWith('file://') ? pathOrUrl.slice('file://'.length) : pathOrUrl;
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
