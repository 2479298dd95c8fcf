// One listener on the bridge's session events, handing each event to whoever shows that session
// (a terminal, a log tab, the port-forward list) and every state change to the tab strip.
//
// An open or attach answers before its output arrives, but the pane that will show the output only
// mounts on the next render. Output for a session nobody handles yet is therefore kept, in order,
// and handed over when its handler subscribes. That backlog stays small: nothing acknowledges it,
// so main pauses the session at its high watermark.
import type { Unsubscribe } from '../../../shared/bridge/core-api.ts';
import type { SessionEvent, SessionId, SessionState } from '../../../shared/bridge/sessions.ts';

export type SessionHandler = (event: SessionEvent) => void;
export type StateListener = (id: SessionId, state: SessionState) => void;

export interface SessionEventSource {
  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe;
}

export class SessionRouterError extends Error {
  override readonly name = 'SessionRouterError';
}

export class SessionRouter {
  readonly #handlers = new Map<SessionId, SessionHandler>();
  readonly #backlog = new Map<SessionId, SessionEvent[]>();
  readonly #stateListeners = new Set<StateListener>();
  readonly #unsubscribe: Unsubscribe;

  constructor(source: SessionEventSource) {
    this.#unsubscribe = source.onSessionEvent((event) => this.#dispatch(event));
  }

  /** Every session's state changes (for tab badges), whether or not a pane handles it. */
  onState(listener: StateListener): Unsubscribe {
    this.#stateListeners.add(listener);
    return () => {
      this.#stateListeners.delete(listener);
    };
  }

  /** The one handler of a session's events; first it receives what arrived before it subscribed. */
  subscribe(id: SessionId, handler: SessionHandler): Unsubscribe {
    if (this.#handlers.has(id)) throw new SessionRouterError(`session ${id} already has a handler`);
    this.#handlers.set(id, handler);
    const backlog = this.#backlog.get(id);
    this.#backlog.delete(id);
    for (const event of backlog ?? []) handler(event);
    return () => {
      if (this.#handlers.get(id) === handler) this.#handlers.delete(id);
    };
  }

  /** Events kept for a session nobody handles yet (for tests and diagnostics). */
  pending(id: SessionId): number {
    return this.#backlog.get(id)?.length ?? 0;
  }

  /** The session is gone for this window (tab closed): drop what was kept for it. */
  forget(id: SessionId): void {
    this.#backlog.delete(id);
  }

  dispose(): void {
    this.#unsubscribe();
    this.#handlers.clear();
    this.#backlog.clear();
    this.#stateListeners.clear();
  }

  #dispatch(event: SessionEvent): void {
    if (event.kind === 'state') for (const listener of this.#stateListeners) listener(event.id, event.state);
    const handler = this.#handlers.get(event.id);
    if (handler !== undefined) {
      handler(event);
      return;
    }
    if (event.kind === 'state' && event.state.kind === 'closed') {
      this.#backlog.delete(event.id);
      return;
    }
    const backlog = this.#backlog.get(event.id);
    if (backlog === undefined) this.#backlog.set(event.id, [event]);
    else backlog.push(event);
  }
}
