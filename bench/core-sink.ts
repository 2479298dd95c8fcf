// The fastest consumer the core can have: it counts each session's output bytes and log lines and
// acknowledges them at once, so the flow controller never holds the stream back on our account.
import type { PortholeCore } from '../main/core/core.ts';
import type { SessionEvent, SessionId, SessionState } from '../shared/bridge/sessions.ts';

const FINAL_STATES = new Set<SessionState['kind']>(['exited', 'ended', 'failed', 'connection-lost', 'closed']);

export class SessionTally {
  bytes = 0;
  lines = 0;
  /** Called with every output chunk after it is counted (latency probes listen here). */
  onOutput: ((bytes: Uint8Array) => void) | undefined;
  readonly done: Promise<SessionState>;
  #finish!: (state: SessionState) => void;

  constructor() {
    this.done = new Promise((resolve) => {
      this.#finish = resolve;
    });
  }

  settle(state: SessionState): void {
    this.#finish(state);
  }
}

export class BenchSessionError extends Error {
  override readonly name = 'BenchSessionError';
}

export class CoreSink {
  readonly #core: PortholeCore;
  readonly #tallies = new Map<SessionId, SessionTally>();

  constructor(core: PortholeCore) {
    this.#core = core;
    core.onSessionEvent((event) => this.#take(event));
  }

  /** The session's tally; events that arrive before the caller asks are kept in it too. */
  of(id: SessionId): SessionTally {
    let tally = this.#tallies.get(id);
    if (tally === undefined) {
      tally = new SessionTally();
      this.#tallies.set(id, tally);
    }
    return tally;
  }

  /** Waits for the session to end normally (exit 0 or end of stream); anything else is an error. */
  async ended(id: SessionId): Promise<SessionTally> {
    const tally = this.of(id);
    const state = await tally.done;
    if (state.kind === 'exited' && state.exitCode === 0) return tally;
    if (state.kind === 'ended') return tally;
    throw new BenchSessionError(`session ${id} ended as ${JSON.stringify(state)}`);
  }

  #take(event: SessionEvent): void {
    const tally = this.of(event.id);
    switch (event.kind) {
      case 'output':
        tally.bytes += event.bytes.length;
        this.#core.acknowledge(event.id, event.bytes.length);
        tally.onOutput?.(event.bytes);
        break;
      case 'lines':
        tally.lines += event.lines.length;
        this.#core.acknowledge(event.id, event.bytes);
        break;
      case 'state':
        if (FINAL_STATES.has(event.state.kind)) tally.settle(event.state);
        break;
      case 'notice':
        break;
    }
  }
}
