// What every session (exec, attach, logs, port-forward) has in common: an id, a kind, a title, a
// state that only moves forward, and one sink through which all its events leave.
//
// State machine:
//
//   connecting ──► live ──► exited | ended | failed | connection-lost | closed   (final)
//        │           ▲ │
//        │           │ ▼
//        │         resuming (logs only: the stream dropped and is being resumed)
//        └──────────────► any final state (the handshake failed, or close() came first)
//
// A final state is final: once reached, later transitions are ignored (a socket that closes after
// the exit status arrived must not turn "exited 3" into "connection lost") and no further event
// leaves the session, so a consumer never sees output after the end.
import type {
  SessionEvent,
  SessionId,
  SessionInfo,
  SessionKind,
  SessionState,
} from '../../../shared/bridge/sessions.ts';

export type SessionSink = (event: SessionEvent) => void;

export type FinalState = Extract<
  SessionState,
  { kind: 'exited' | 'ended' | 'failed' | 'connection-lost' | 'closed' }
>;

const FINAL_KINDS: ReadonlySet<SessionState['kind']> = new Set([
  'exited',
  'ended',
  'failed',
  'connection-lost',
  'closed',
]);

export function isFinalState(state: SessionState): state is FinalState {
  return FINAL_KINDS.has(state.kind);
}

/** Which non-final states may follow which; any final state may follow any non-final one. */
const NEXT_STATES: Readonly<Record<'connecting' | 'live' | 'resuming', ReadonlySet<SessionState['kind']>>> = {
  connecting: new Set(['live']),
  live: new Set(['resuming']),
  resuming: new Set(['live', 'resuming']),
};

export interface SessionInit {
  readonly id: SessionId;
  readonly kind: SessionKind;
  readonly title: string;
  readonly emit: SessionSink;
}

export abstract class Session {
  readonly id: SessionId;
  readonly kind: SessionKind;
  readonly title: string;
  readonly #sink: SessionSink;
  #state: SessionState = { kind: 'connecting' };

  constructor(init: SessionInit) {
    this.id = init.id;
    this.kind = init.kind;
    this.title = init.title;
    this.#sink = init.emit;
  }

  get state(): SessionState {
    return this.#state;
  }

  get ended(): boolean {
    return isFinalState(this.#state);
  }

  info(): SessionInfo {
    return { id: this.id, kind: this.kind, title: this.title, state: this.#state };
  }

  /** Ends the session from the user's side: the state becomes `closed` unless it already ended. */
  abstract close(): void;

  /**
   * Moves to `next` and announces it. Returns false, changing nothing, when the session already
   * ended. A move the state machine does not allow (say live → connecting) is a bug in the
   * session and throws.
   */
  protected transition(next: SessionState): boolean {
    const current = this.#state;
    if (isFinalState(current)) return false;
    if (!isFinalState(next) && !NEXT_STATES[current.kind].has(next.kind)) {
      throw new Error(`session ${this.id}: no transition from ${current.kind} to ${next.kind}`);
    }
    this.#state = next;
    this.#sink({ kind: 'state', id: this.id, state: next });
    return true;
  }

  /** Sends a data or notice event; dropped once the session has ended. */
  protected emit(event: Exclude<SessionEvent, { kind: 'state' }>): void {
    if (isFinalState(this.#state)) return;
    this.#sink(event);
  }
}
