/**
 * Run-time choice between one thread and all threads for the wasm kernels, used while the
 * user has not fixed the count with setNumThreads.
 *
 * Why: a recurrent layer synchronises its threads at every time step. On a quiet machine that
 * costs microseconds, but beside another CPU-bound process one of our threads is regularly
 * descheduled, and every step then waits for it: 2 threads ran 2-4x slower than 1 there.
 * Neither choice is right everywhere, and results are bit-identical for any thread count, so
 * the choice can follow the machine.
 *
 * How: each call site (a driver and its shape, e.g. the LSTM forward at batch 64, 64 units) is
 * timed per unit of work. The site runs its current choice and now and then probes the other
 * for a few calls; the faster median wins, with a margin so noise does not make it flap. The
 * time spent probing is kept to a small, shrinking fraction of the time spent on the current
 * choice: the pause before the next probe is `backoff` times what the last probe cost, and the
 * backoff doubles each time a probe confirms the current choice (and starts again after a
 * switch). A multi-thread call several times slower than the recent median (a descheduled
 * thread, typically) brings the next probe forward to a few probe-lengths away.
 *
 * Measured with `npx tsx bench/run.ts --busy --rounds 3` on the 2-core machine: beside one
 * CPU-bound process the default went from 0.38x (W2), 0.58x (W4) and 0.77x (W1) of its own
 * 1-thread speed to 0.98-1.0x; on the quiet machine it stays within noise of 2 fixed threads
 * where those win (W1) and takes the faster single thread where it does not (W4).
 */

/** Call sites remembered at most (all are forgotten when more arrive). */
const MAX_SITES = 512;
/** Calls of a site that are never timed (JIT and first-touch costs). */
const WARMUP_CALLS = 1;
/** Timed calls of the current choice before the first probe. */
const FIRST_SAMPLES = 3;
/** Calls in one probe of the other choice. */
const PROBE_CALLS = 3;
/** Recent samples of the current choice that its median is taken over. */
const WINDOW = 9;
/** The other choice must be this much faster (median per unit of work) to take over. */
const SWITCH_RATIO = 0.9;
/** Pause before the next probe, as a multiple of what the last probe cost: first and largest
 *  (it doubles from the first to the largest while probes confirm the current choice). */
const BACKOFF_START = 4;
const BACKOFF_MAX = 128;
/** A call this many times the current median counts as a stall and brings the next probe forward. */
const STALL_RATIO = 2.5;
/** After a stall, the next probe comes once this many times the last probe's cost has passed. */
const STALL_BACKOFF = 4;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One call site's state; `threads` is what its current call runs with. */
export class ThreadSite {
  /** Threads for the call in progress (set by begin). */
  threads = 1;
  /** The choice the site settled on (1 or the most threads available). */
  current: number;
  calls = 0;
  start = 0;
  probing = false;
  probeSamples: number[] = [];
  probeCostMs = 0;
  lastProbeCostMs = 0;
  samples: number[] = [];
  /** Time spent on the current choice since the last probe. */
  spentMs = 0;
  /** Pause before the next probe, in ms (NaN: after FIRST_SAMPLES samples). */
  nextProbeMs = Number.NaN;
  backoff = BACKOFF_START;
  switches = 0;

  constructor(public max: number) {
    this.current = max;
  }
}

export class AdaptiveThreads {
  private readonly sites = new Map<string, ThreadSite>();
  /** Threads the most recent call ran with (0 before any call). */
  lastThreads = 0;

  /** The clock, in ms (tests replace it). */
  constructor(public now: () => number = () => performance.now()) {}

  /** The site for `key` with up to `max` threads; its `threads` is what this call uses. */
  begin(key: string, max: number): ThreadSite {
    let site = this.sites.get(key);
    if (!site || site.max !== max) {
      // Shapes that vary without end (e.g. a last, smaller batch) must not grow the map forever.
      if (this.sites.size >= MAX_SITES) this.sites.clear();
      site = new ThreadSite(max);
      this.sites.set(key, site);
    }
    const other = site.current === 1 ? site.max : 1;
    site.threads = site.probing ? other : site.current;
    this.lastThreads = site.threads;
    site.start = this.now();
    return site;
  }

  /** Records the call begun with `site`, which did `work` units (e.g. time steps). */
  end(site: ThreadSite, work: number): void {
    const dt = this.now() - site.start;
    if (site.max <= 1 || !(work > 0)) return;
    if (++site.calls <= WARMUP_CALLS) return;
    const per = dt / work;
    if (site.probing) {
      site.probeSamples.push(per);
      site.probeCostMs += dt;
      if (site.probeSamples.length < PROBE_CALLS) return;
      site.probing = false;
      if (median(site.probeSamples) < SWITCH_RATIO * median(site.samples)) {
        site.current = site.current === 1 ? site.max : 1;
        site.samples = site.probeSamples;
        site.backoff = BACKOFF_START;
        site.switches++;
      } else {
        site.backoff = Math.min(BACKOFF_MAX, site.backoff * 2);
      }
      site.nextProbeMs = site.probeCostMs * site.backoff;
      site.lastProbeCostMs = site.probeCostMs;
      site.probeSamples = [];
      site.probeCostMs = 0;
      site.spentMs = 0;
      return;
    }
    const stalled = site.samples.length >= FIRST_SAMPLES && site.current > 1 && per > STALL_RATIO * median(site.samples);
    site.samples.push(per);
    if (site.samples.length > WINDOW) site.samples.shift();
    site.spentMs += dt;
    if (Number.isNaN(site.nextProbeMs)) {
      if (site.samples.length >= FIRST_SAMPLES) site.probing = true;
      return;
    }
    if (stalled) {
      // A thread was probably descheduled: look at one thread soon, not after the long pause.
      site.backoff = BACKOFF_START;
      site.nextProbeMs = Math.min(site.nextProbeMs, site.lastProbeCostMs * STALL_BACKOFF);
    }
    if (site.spentMs >= site.nextProbeMs) site.probing = true;
  }

  /** Forgets every site (after setNumThreads, or for tests). */
  reset(): void {
    this.sites.clear();
    this.lastThreads = 0;
  }

  /** The state of `key`'s site, for tests. */
  site(key: string): ThreadSite | undefined {
    return this.sites.get(key);
  }
}

/** Whether the thread count adapts (the default), or the user fixed it with setNumThreads. */
let adaptive = true;
export const threadChooser = new AdaptiveThreads();

/** Called by setNumThreads: a count the user chose is used as it is. */
export function setAdaptiveThreads(on: boolean): void {
  adaptive = on;
  threadChooser.reset();
}

export function adaptiveThreadsOn(): boolean {
  return adaptive;
}

/**
 * Starts a timed call at `key` when adapting (returns the site; its `threads` is the count to
 * use), or returns null when the count is fixed (use `threads` as given).
 */
export function beginThreads(key: string, threads: number): ThreadSite | null {
  if (!adaptive || threads <= 1) {
    threadChooser.lastThreads = threads;
    return null;
  }
  return threadChooser.begin(key, threads);
}

/** Ends a call started by beginThreads; `work` is its size in the site's unit (time steps). */
export function endThreads(site: ThreadSite | null, work: number): void {
  if (site) threadChooser.end(site, work);
}

/**
 * Runs one call at site `key` with the thread count the site chooses (or `threads` as given
 * when the count is fixed), timing it as `work` units (time steps, or 1 for a product).
 */
export function withThreads<T>(key: string, threads: number, work: number, run: (threads: number) => T): T {
  const site = beginThreads(key, threads);
  const out = run(site ? site.threads : threads);
  endThreads(site, work);
  return out;
}
