// A pool of worker threads that share this module's memory. The main thread posts a job
// (a kernel and its arguments) into a control block in shared memory, wakes each ready worker
// through its own mailbox word, does share 0 itself, and spins until the workers have counted
// themselves done. The workers' side of the protocol is JavaScript (serveJobs in
// ../threadPool.ts): it waits with Atomics.wait and calls runShare for each job.
//
// Each worker has its own mailbox, so a worker is only ever woken for a job it takes part in:
// there is no shared "who participates" field that a slow worker could read late.

import { ctrl, DONE, QUIT, NT, KIND, JOIN, EPOCH, OPTIONAL, MAY_BLOCK, NEXT_CHUNK, MAILBOXES, MAILBOX_BYTES, MAX_WORKERS } from './control';
import { runShare } from './jobs';

// A job's JOIN word: its epoch in the top bits, OPEN while workers may still join, and the
// number that joined in the low bits. Workers join with a compare-and-swap, so a worker can
// never join a job that was closed, nor one it was not invited to (the epoch must match).
const OPEN: i32 = 1 << 11;
const JOINED_MASK: i32 = OPEN - 1;
const EPOCH_SHIFT: i32 = 12;

// Mailbox fields (byte offsets): the counter a worker waits on, its ready flag, its share,
// the epoch of the job it was last invited to, and the epoch of the job it last ran.
const BOX_SHARE: usize = 8;
const BOX_INVITED: usize = 12;
const BOX_RAN: usize = 16;

// @ts-ignore: decorator
@inline function mailbox(slot: i32): usize {
  return ctrl + MAILBOXES + <usize>slot * MAILBOX_BYTES;
}

/** Workers that have started and are waiting for jobs. */
export function readyWorkers(): i32 {
  if (!ASC_FEATURE_THREADS) return 0;
  let n = 0;
  for (let s = 0; s < MAX_WORKERS; s++) if (atomic.load<i32>(mailbox(s) + 4) == 1) n++;
  return n;
}

/**
 * Runs `runShare(kind, share, count)` for share = 0..count-1, share 0 on this thread and the
 * others on ready workers, where count = min(maxThreads, 1 + ready workers). Returns count.
 *
 * With `optional`, the job hands its work out in chunks from a counter (jobs.ts), so the
 * workers' shares are optional: once this thread has done what it could take, it closes the
 * job to workers that have not joined yet and waits only for those that did. A worker the
 * system has descheduled (beside a busy process) then costs nothing, where a fixed share
 * would hold up the call until the worker runs again.
 */
export function dispatch(kind: i32, maxThreads: i32, optional: bool = false): i32 {
  // A chunked job's threads take their chunks from a counter (jobs.ts) that starts at zero.
  if (optional) {
    if (ASC_FEATURE_THREADS) atomic.store<i32>(ctrl + NEXT_CHUNK, 0);
    else store<i32>(ctrl + NEXT_CHUNK, 0);
  }
  let count = 1;
  if (!ASC_FEATURE_THREADS) {
    // The build for pages without shared memory: everything on the calling thread.
    runShare(kind, 0, 1);
    return 1;
  }
  if (maxThreads > 1 && ctrl != 0) {
    for (let s = 0; s < MAX_WORKERS && count < maxThreads; s++) {
      if (atomic.load<i32>(mailbox(s) + 4) == 1) count++;
    }
  }
  if (count == 1) {
    runShare(kind, 0, 1);
    return 1;
  }
  store<i32>(ctrl + KIND, kind);
  store<i32>(ctrl + NT, count);
  store<i32>(ctrl + OPTIONAL, optional ? 1 : 0);
  atomic.store<i32>(ctrl + DONE, 0);
  let epoch = (atomic.add<i32>(ctrl + EPOCH, 1) + 1) & ((1 << (32 - EPOCH_SHIFT)) - 1);
  if (epoch == 0) epoch = 1; // 0 is what a mailbox's "last epoch run" starts as

  atomic.store<i32>(ctrl + JOIN, (epoch << EPOCH_SHIFT) | OPEN);
  let share = 1;
  for (let s = 0; s < MAX_WORKERS && share < count; s++) {
    const box = mailbox(s);
    if (atomic.load<i32>(box + 4) != 1) continue;
    store<i32>(box + BOX_SHARE, share++);
    atomic.store<i32>(box + BOX_INVITED, epoch);
    atomic.add<i32>(box, 1);
    atomic.notify(box, 1);
  }
  runShare(kind, 0, count);
  let wait = count - 1;
  if (optional) {
    // Close the job; whoever joined before this is counted and waited for.
    let state = atomic.load<i32>(ctrl + JOIN);
    for (;;) {
      const seen = atomic.cmpxchg<i32>(ctrl + JOIN, state, state & ~OPEN);
      if (seen == state) break;
      state = seen;
    }
    wait = state & JOINED_MASK;
  }
  waitDone(wait);
  return count;
}

/** Spins before blocking while waiting for workers: about the time a short share takes. */
const SPINS_BEFORE_BLOCKING: i32 = 1000000;

/**
 * Waits until `n` workers have counted themselves done. Spins first (shares are about equal,
 * so the wait is usually short), then, where the calling thread may block, sleeps in
 * atomic.wait: beside a busy process the worker being waited for may be the one the system
 * descheduled, and a spinning caller would take the core it needs. A browser's main thread
 * may not block, so there the wait only spins.
 */
function waitDone(n: i32): void {
  for (let spins = 0; spins < SPINS_BEFORE_BLOCKING; spins++) {
    if (atomic.load<i32>(ctrl + DONE) >= n) return;
  }
  const mayBlock = load<i32>(ctrl + MAY_BLOCK) != 0;
  for (;;) {
    const done = atomic.load<i32>(ctrl + DONE);
    if (done >= n) return;
    // Woken by the worker that counts itself done; the timeout (1 ms) only bounds a missed wake-up.
    if (mayBlock) memory.atomic.wait32(ctrl + DONE, done, 1000000);
  }
}

/** Whether the calling thread may block in atomic.wait while workers finish (set once by the JS side). */
export function setCallerMayBlock(may: bool): void {
  if (!ASC_FEATURE_THREADS) return;
  store<i32>(ctrl + MAY_BLOCK, may ? 1 : 0);
}

/**
 * A worker's part in the job it was last invited to, if it may still take part: joins it
 * (refused once the job is closed or another has begun), runs its share and counts itself done.
 * Called by the worker loop (../threadPool.ts) each time its mailbox counter moves; a worker
 * that wakes late may find several invitations behind it and takes part only in the newest.
 */
export function workerShare(slot: i32): void {
  if (!ASC_FEATURE_THREADS) return;
  const box = mailbox(slot);
  const invited = atomic.load<i32>(box + BOX_INVITED);
  if (invited == load<i32>(box + BOX_RAN)) return;
  for (;;) {
    const state = atomic.load<i32>(ctrl + JOIN);
    if (state >>> EPOCH_SHIFT != invited || (state & OPEN) == 0) return;
    if (atomic.cmpxchg<i32>(ctrl + JOIN, state, state + 1) == state) break;
  }
  store<i32>(box + BOX_RAN, invited);
  runShare(load<i32>(ctrl + KIND), load<i32>(box + BOX_SHARE), load<i32>(ctrl + NT));
  atomic.add<i32>(ctrl + DONE, 1);
  atomic.notify(ctrl + DONE, 1);
}

/** Tells every worker to leave its loop (the JS side then waits for them to exit). */
export function stopWorkers(): void {
  if (!ASC_FEATURE_THREADS) return;
  atomic.store<i32>(ctrl + QUIT, 1);
  for (let s = 0; s < MAX_WORKERS; s++) {
    const box = mailbox(s);
    if (atomic.load<i32>(box + 4) != 1) continue;
    atomic.add<i32>(box, 1);
    atomic.notify(box, 1);
  }
}

/** Clears the quit flag so a new pool can start. */
export function resetWorkers(): void {
  if (!ASC_FEATURE_THREADS) return;
  atomic.store<i32>(ctrl + QUIT, 0);
}
