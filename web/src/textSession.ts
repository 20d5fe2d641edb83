/**
 * The page's handle on the text worker, shared by the Text, Look inside and Models panels:
 * one worker, one model, and the latest state and model summary for any panel that opens
 * later. Panels subscribe to the worker's events here.
 */
import type { EngineInfo, TextCommand, TextEvent, TextMethods, TextModelInfo, TrainState } from './protocol.ts';
import { WorkerClient } from './rpc.ts';

export class TextSession {
  readonly client: WorkerClient<TextMethods, TextCommand, TextEvent>;
  state: TrainState = 'empty';
  info: TextModelInfo | null = null;
  engine: EngineInfo | null = null;
  private readonly listeners = new Set<(event: TextEvent) => void>();

  constructor() {
    const worker = new Worker(new URL('./trainWorker.ts', import.meta.url), { type: 'module' });
    this.client = new WorkerClient<TextMethods, TextCommand, TextEvent>(
      worker,
      (event) => this.dispatch(event),
      (message) => this.dispatch({ type: 'failed', message }),
    );
  }

  on(listener: (event: TextEvent) => void): void {
    this.listeners.add(listener);
  }

  private dispatch(event: TextEvent): void {
    if (event.type === 'state') {
      this.state = event.state;
      this.info = event.info;
    } else if (event.type === 'ready') {
      this.engine = event.engine;
    }
    for (const listener of this.listeners) listener(event);
  }
}
