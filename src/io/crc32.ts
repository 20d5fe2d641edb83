/**
 * CRC-32 as zip archives store it (polynomial 0xEDB88320, reflected, initial and final value
 * 0xFFFFFFFF). fflate computes it when writing but exports no function to check it on read.
 */

let table: Uint32Array | null = null;

function crcTable(): Uint32Array {
  if (table) return table;
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return (table = t);
}

/**
 * Continues a CRC-32 over `bytes` from `previous` (the value for the bytes before them; 0 to
 * start), so data arriving in pieces gives the same value as all of it at once.
 * @example crc32(new TextEncoder().encode('123456789')) // 0xcbf43926
 */
export function crc32(bytes: Uint8Array, previous = 0): number {
  const t = crcTable();
  let c = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
