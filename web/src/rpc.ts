/**
 * The page side of the worker RPC in `protocol.ts`: `call` returns a promise for the reply,
 * `command` fires and forgets, events go to one listener. A worker that fails to load or
 * throws outside a call rejects every pending call, so no button waits forever.
 */
import type { FromWorker, MethodTable, ToWorker } from './protocol.ts';

export class WorkerClient<M extends MethodTable, C, E> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly worker: Worker,
    onEvent: (event: E) => void,
    onCrash: (message: string) => void,
  ) {
    worker.addEventListener('message', (e: MessageEvent<FromWorker<E>>) => {
      const msg = e.data;
      if (msg.kind === 'event') {
        onEvent(msg.event);
        return;
      }
      const waiting = this.pending.get(msg.id);
      if (!waiting) return;
      this.pending.delete(msg.id);
      if (msg.ok) waiting.resolve(msg.result);
      else waiting.reject(new Error(msg.message));
    });
    worker.addEventListener('error', (e: ErrorEvent) => {
      // Keep the page's console clean of uncaught worker errors: report them in the UI.
      e.preventDefault();
      const message = `worker error: ${e.message || 'the worker failed to load'}`;
      for (const w of this.pending.values()) w.reject(new Error(message));
      this.pending.clear();
      onCrash(message);
    });
  }

  /** Calls `method` in the worker; `transfer` hands buffers over without copying. */
  call<K extends keyof M & string>(method: K, args: M[K]['args'], transfer: Transferable[] = []): Promise<M[K]['result']> {
    const id = this.nextId++;
    const message = { kind: 'call', id, method, args } as ToWorker<M, C>;
    return new Promise<M[K]['result']>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(message, transfer);
    });
  }

  command(command: C, transfer: Transferable[] = []): void {
    const message: ToWorker<M, C> = { kind: 'command', command };
    this.worker.postMessage(message, transfer);
  }
}
