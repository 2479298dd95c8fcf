// What every session (exec, attach, logs, port-forward) has in common: an id, a kind, a title, a
// state that only moves forward, one sink through which all its events leave, and flow control
// over the output it delivers (flow-control.ts): deliver() counts output, then emits it.
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
import type { Watermarks } from '../../../shared/flow/flow-budget.ts';
import { acknowledgeFromConsumer, FlowController } from './flow-control.ts';

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
  /** The kubeconfig context, which names the session's requests in errors. */
  readonly context: string;
  readonly watermarks?: Partial<Watermarks>;
}

/** Output a session hands to its consumer, who acknowledges it. */
export type OutputEvent = Extract<SessionEvent, { kind: 'output' | 'lines' }>;

export abstract class Session {
  readonly id: SessionId;
  readonly kind: SessionKind;
  readonly title: string;
  readonly #sink: SessionSink;
  readonly #context: string;
  readonly #flow: FlowController;
  #state: SessionState = { kind: 'connecting' };

  constructor(init: SessionInit) {
    this.id = init.id;
    this.kind = init.kind;
    this.title = init.title;
    this.#sink = init.emit;
    this.#context = init.context;
    this.#flow = new FlowController({ pause: () => this.pauseOutput(), resume: () => this.resumeOutput() }, init.watermarks);
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

  /** The consumer processed `amount` more units of the delivered output. */
  acknowledge(amount: number): void {
    acknowledgeFromConsumer(this.#flow, amount, this.#context);
  }

  /** Units delivered and not yet acknowledged. */
  get unacknowledged(): number {
    return this.#flow.unacknowledged;
  }

  /** Whether the session stopped reading its output's source until the consumer catches up. */
  protected get outputPaused(): boolean {
    return this.#flow.paused;
  }

  /** Stop reading the output's source: too much is unacknowledged. Sessions with output override both. */
  protected pauseOutput(): void {}

  /** Read the output's source again. */
  protected resumeOutput(): void {}

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

  /**
   * Hands output to the consumer: counted as `amount` units outstanding, then emitted, in that
   * order, so a consumer that acknowledges from inside the event finds it outstanding. The consumer
   * holds at most the high watermark plus the one event that crossed it: crossing pauses the
   * source. Dropped, and not counted, once the session has ended.
   */
  protected deliver(event: OutputEvent, amount: number): void {
    if (isFinalState(this.#state)) return;
    this.#flow.delivered(amount);
    this.#sink(event);
  }

  /** Sends a notice (or a port-forward's status); dropped once the session has ended. */
  protected emit(event: Extract<SessionEvent, { kind: 'notice' | 'forward' }>): void {
    if (isFinalState(this.#state)) return;
    this.#sink(event);
  }
}
