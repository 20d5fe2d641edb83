/**
 * The part of jsfive's API (https://github.com/usnistgov/jsfive, which ships no types) that
 * src/io/keras/hdf5.ts uses. jsfive throws plain strings as well as Errors.
 */
declare module 'jsfive' {
  export class Group {
    readonly name: string;
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    get(path: string): Group | Dataset | null;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
  export class Dataset {
    readonly name: string;
    readonly shape: number[];
    /** '<f4', '>f8', '<i8', ... or an array for compound, reference and string types. */
    readonly dtype: string | unknown[];
    readonly attrs: Record<string, unknown>;
    readonly value: ArrayLike<number | bigint>;
  }
  /** The chunk filters by HDF5 filter id (1: deflate, 2: shuffle, 3: Fletcher-32); replaceable. */
  export const Filters: Map<number, (buffer: ArrayBuffer, itemSize: number, clientData: unknown) => ArrayBuffer>;
}
