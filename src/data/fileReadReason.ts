/**
 * Why a text file could not be read, in words a user acts on ("no such file", "it is a
 * directory"), else the system's own message; shared by the readers of user-named files.
 */

/**
 * The reason `readFileSync` failed, for an error message.
 * @example fileReadReason(Object.assign(new Error('x'), { code: 'ENOENT' })) // 'no such file'
 */
export function fileReadReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
}
