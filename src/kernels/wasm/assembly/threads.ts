// A pool of worker threads that share this module's memory. The main thread posts a job
// (a kernel and its arguments) into a control block in shared memory, wakes each ready worker
// through its own mailbox word, does share 0 itself, and spins until the workers have counted
// themselves done. The workers' side of the protocol is JavaScript (serveJobs in
// ../threadPool.ts): it waits with Atomics.wait and calls runShare for each job.
//
// Each worker has its own mailbox, so a worker is only ever woken for a job it takes part in:
// there is no shared "who participates" field that a slow worker could read late.

import { ctrl, DONE, QUIT, NT, KIND, MAILBOXES, MAILBOX_BYTES, MAX_WORKERS } from './control';
import { runShare } from './jobs';

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
 */
export function dispatch(kind: i32, maxThreads: i32): i32 {
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
  atomic.store<i32>(ctrl + DONE, 0);
  let share = 1;
  for (let s = 0; s < MAX_WORKERS && share < count; s++) {
    const box = mailbox(s);
    if (atomic.load<i32>(box + 4) != 1) continue;
    store<i32>(box + 8, share++);
    atomic.add<i32>(box, 1);
    atomic.notify(box, 1);
  }
  runShare(kind, 0, count);
  while (atomic.load<i32>(ctrl + DONE) < count - 1) {
    // Spin: the shares are equal, so the wait is short, and the browser's main thread may
    // not block in atomic.wait.
  }
  return count;
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
