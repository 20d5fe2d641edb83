// The control block in shared memory through which the main thread hands jobs to workers.
// The JS side allocates it (zeroed) and passes its address to every instance.

// Byte offsets from ctrl.
export const DONE: usize = 0; // i32: workers finished with the current job
export const QUIT: usize = 4; // i32: 1 tells workers to leave their loop
export const NT: usize = 8; // i32: participants in the current job, main thread included
export const KIND: usize = 12; // i32: which kernel the job runs
export const NEXT_CHUNK: usize = 16; // i32: the next chunk a chunked job hands out (see jobs.ts)
export const JOIN: usize = 20; // i32: the current job's epoch, whether it is open, and who joined (see threads.ts)
export const EPOCH: usize = 24; // i32: epochs handed out so far
export const OPTIONAL: usize = 28; // i32: 1 when the current job's worker shares are optional (chunked jobs)
export const MAY_BLOCK: usize = 32; // i32: 1 when the calling thread may block in atomic.wait (Node; not a browser's main thread)
const ARGS: usize = 64; // up to 40 i32/u32/f32 arguments, read by the kernel's share function
export const MAILBOXES: usize = 256; // one 64-byte slot per worker: [job counter, ready, share, invited epoch, last epoch run]
export const MAILBOX_BYTES: usize = 64;
export const MAX_WORKERS: i32 = 60;

export let ctrl: usize = 0;

export function useControl(ptr: usize): void {
  ctrl = ptr;
}

/** The job's i-th argument. */
// @ts-ignore: decorator
@inline export function arg(i: i32): u32 {
  return load<u32>(ctrl + ARGS + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline export function setArg(i: i32, v: u32): void {
  store<u32>(ctrl + ARGS + (<usize>i << 2), v);
}
