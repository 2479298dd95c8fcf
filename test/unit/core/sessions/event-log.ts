// Records a session's events so a test can wait for one and inspect them all.
import type { SessionEvent } from '../../../../shared/bridge/sessions.ts';

export class EventLog {
  readonly events: SessionEvent[] = [];
  #waiters: (() => void)[] = [];
  #observers: ((event: SessionEvent) => void)[] = [];

  /** Calls `observer` with every later event, synchronously, as the session emits it. */
  observe(observer: (event: SessionEvent) => void): void {
    this.#observers.push(observer);
  }

  readonly sink = (event: SessionEvent): void => {
    for (const observer of this.#observers) observer(event);
    this.events.push(event);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  };

  async until<T extends SessionEvent>(predicate: (event: SessionEvent) => event is T): Promise<T>;
  async until(predicate: (event: SessionEvent) => boolean): Promise<SessionEvent>;
  async until(predicate: (event: SessionEvent) => boolean): Promise<SessionEvent> {
    for (;;) {
      const found = this.events.find(predicate);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Resolves with the first final state. */
  async finalState(): Promise<SessionEvent & { kind: 'state' }> {
    return this.until(
      (event): event is SessionEvent & { kind: 'state' } =>
        event.kind === 'state' && !['connecting', 'live', 'resuming'].includes(event.state.kind),
    );
  }

  states(): string[] {
    return this.events.flatMap((event) => (event.kind === 'state' ? [event.state.kind] : []));
  }

  outputText(channel: 'stdout' | 'stderr' = 'stdout'): string {
    return Buffer.concat(
      this.events.flatMap((event) => (event.kind === 'output' && event.channel === channel ? [event.bytes] : [])),
    ).toString('utf8');
  }
}
