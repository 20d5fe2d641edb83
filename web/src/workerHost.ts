/**
 * The worker side of the RPC in `protocol.ts`. A worker lists its method handlers and its
 * command handler; this file does the message plumbing and turns thrown errors into failed
 * replies (with the library's own message, which names the argument and the value).
 */
import type { FromWorker, MethodTable, ToWorker } from './protocol.ts';

/** The parts of a dedicated worker's global scope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;

export type Handlers<M extends MethodTable> = {
  [K in keyof M]: (args: M[K]['args']) => Promise<M[K]['result']> | M[K]['result'];
};


export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Starts answering messages. Returns the function that sends events to the page. */
export function serve<M extends MethodTable, C, E>(
  handlers: Handlers<M>,
  onCommand: (command: C) => void,
  transferOf: (result: unknown) => Transferable[] = () => [],
): (event: E) => void {
  const send = (message: FromWorker<E>, transfer: Transferable[] = []): void => scope.postMessage(message, transfer);
  scope.addEventListener('message', (e) => {
    const msg = e.data as ToWorker<M, C>;
    if (msg.kind === 'command') {
      onCommand(msg.command);
      return;
    }
    const handler = handlers[msg.method] as (args: unknown) => unknown;
    Promise.resolve()
      .then(() => handler(msg.args))
      .then(
        (result) => send({ kind: 'reply', id: msg.id, ok: true, result }, transferOf(result)),
        (error: unknown) => send({ kind: 'reply', id: msg.id, ok: false, message: errorMessage(error) }),
      );
  });
  return (event) => send({ kind: 'event', event });
}

/** Yields to the worker's event loop so queued messages (Stop, Generate) run between batches. */
export function nextTask(): Promise<void> {
  // A MessageChannel round trip is not clamped to 4 ms as nested setTimeout calls are.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
