// Records a session's events so a test can wait for one and inspect them all.
import type { SessionEvent } from '../../shared/bridge/sessions.ts';

export interface EventLogOptions {
  /**
   * How long until() and finalState() wait before they reject with what the session said so far
   * (states and output), so a stuck wait explains itself instead of ending in a bare test timeout.
   * Unset: they wait for ever, and the test's own timeout ends them.
   */
  readonly timeoutMs?: number;
}

/** The end of a long output is what shows where a session got stuck. */
const SHOWN_OUTPUT_CHARS = 2000;

export class EventLog {
  readonly events: SessionEvent[] = [];
  readonly #timeoutMs: number | undefined;
  /** Pending waits; each returns true once it has settled. */
  readonly #checks = new Set<() => boolean>();
  #observers: ((event: SessionEvent) => void)[] = [];

  constructor(options: EventLogOptions = {}) {
    this.#timeoutMs = options.timeoutMs;
  }

  /** Calls `observer` with every later event, synchronously, as the session emits it. */
  observe(observer: (event: SessionEvent) => void): void {
    this.#observers.push(observer);
  }

  readonly sink = (event: SessionEvent): void => {
    for (const observer of this.#observers) observer(event);
    this.events.push(event);
    for (const check of this.#checks) if (check()) this.#checks.delete(check);
  };

  /** Resolves with the first event matching `predicate`; rejects after `timeoutMs` (see EventLogOptions). */
  until<T extends SessionEvent>(predicate: (event: SessionEvent) => event is T, timeoutMs?: number): Promise<T>;
  until(predicate: (event: SessionEvent) => boolean, timeoutMs?: number): Promise<SessionEvent>;
  until(predicate: (event: SessionEvent) => boolean, timeoutMs = this.#timeoutMs): Promise<SessionEvent> {
    return new Promise((resolve, reject) => {
      const found = this.events.find(predicate);
      if (found !== undefined) {
        resolve(found);
        return;
      }
      // Run once per new event, on that event only: the ones before it were tried already. (Trying
      // them all again made a wait whose predicate reads the whole log cubic in its events.)
      const check = (): boolean => {
        const latest = this.events.at(-1);
        if (latest === undefined || !predicate(latest)) return false;
        clearTimeout(timer);
        resolve(latest);
        return true;
      };
      const giveUp = (): void => {
        this.#checks.delete(check);
        reject(new Error(`No event matched within ${timeoutMs} ms: ${predicate.toString()}\n${this.describe()}`));
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(giveUp, timeoutMs);
      this.#checks.add(check);
    });
  }

  /** Resolves with the first final state. */
  async finalState(timeoutMs?: number): Promise<SessionEvent & { kind: 'state' }> {
    return this.until(
      (event): event is SessionEvent & { kind: 'state' } =>
        event.kind === 'state' && !['connecting', 'live', 'resuming'].includes(event.state.kind),
      timeoutMs ?? this.#timeoutMs,
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

  /** What the session said so far: every state (errors included), notices, the end of its output, how many log lines. */
  describe(): string {
    const shown = (text: string): string =>
      JSON.stringify(text.length > SHOWN_OUTPUT_CHARS ? `…${text.slice(-SHOWN_OUTPUT_CHARS)}` : text);
    const lines = this.events.flatMap((event) => {
      if (event.kind === 'state') return [`state: ${JSON.stringify(event.state)}`];
      if (event.kind === 'notice') return [`notice: ${event.message}`];
      return [];
    });
    const logLines = this.events.reduce((count, event) => count + (event.kind === 'lines' ? event.lines.length : 0), 0);
    return [
      ...lines,
      `stdout: ${shown(this.outputText('stdout'))}`,
      `stderr: ${shown(this.outputText('stderr'))}`,
      `log lines: ${logLines}`,
    ].join('\n');
  }
}
