// The one API the renderer has. Every host (Electron IPC, the loopback web host) implements it, so
// the renderer never knows or cares which one it runs in.
//
// It is the CoreApi (core-api.ts) as seen from across a process boundary, plus what a window needs
// because sessions belong to main and outlive it:
// - every call answers asynchronously (a Promise), including the commands that are `void` in the
//   core (resize, close, …): main may refuse them (unknown session, malformed arguments); a one-way
//   call (write, acknowledge) is done once sent, and main logs its refusal (call-schemas.ts);
// - listSessions is asynchronous for the same reason;
// - attachSession / detachSession bind a window to a running session (after a reload, or from
//   another window); output only flows to windows bound to the session, and an attach replays the
//   recent output main keeps for it;
// - onConnection tells the UI when the link to main is down (the web host's WebSocket can drop).
import type { BridgeCalls } from './call-schemas.ts';
import type { UserError } from './errors.ts';
import type { ContextsEvent } from './contexts.ts';
import type { PodDetailsEvent } from './pod-details.ts';
import type { PodWatchEvent } from './resources.ts';
import type { Unsubscribe } from './core-api.ts';
import type { SessionEvent } from './sessions.ts';
import type { TransferEvent } from './transfers.ts';

/** The state of the link between this renderer and main. */
export type BridgeConnection =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  /** The link dropped; calls fail until it is back, then sessions and pod watches re-bind by themselves. */
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly error: UserError }
  /** The link cannot come back (e.g. the web host stopped or the page's token was refused). */
  | { readonly kind: 'failed'; readonly error: UserError };

/**
 * The exposed calls of the call table (call-schemas.ts), each answering a Promise, plus three
 * subscriptions: the pod watch (whose watchPods and unwatchPods calls the client makes itself),
 * the session events and the state of the link.
 */
export interface PortholeBridge extends BridgeCalls {
  /**
   * Live pods of one namespace: a snapshot, then changes; health reports reconnects (also of the
   * bridge itself). `onError` hears of a watch main refused to start (e.g. malformed arguments).
   */
  watchPods(
    context: string,
    namespace: string,
    onEvent: (event: PodWatchEvent) => void,
    onError: (error: UserError) => void,
  ): Unsubscribe;

  /** One pod and its events, live: 'pod', 'events' and 'health' events until unsubscribed. */
  watchPodDetails(
    context: string,
    namespace: string,
    pod: string,
    onEvent: (event: PodDetailsEvent) => void,
    onError: (error: UserError) => void,
  ): Unsubscribe;

  /** The contexts and file problems now, then again each time the kubeconfig files change them. */
  watchContexts(onEvent: (event: ContextsEvent) => void, onError: (error: UserError) => void): Unsubscribe;

  /** Events of the sessions this window is bound to. */
  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe;

  /** Progress and ends of every transfer main runs (listTransfers gives those before the subscription). */
  onTransferEvent(listener: (event: TransferEvent) => void): Unsubscribe;

  /** Calls `listener` with the current state at once, then on every change. */
  onConnection(listener: (state: BridgeConnection) => void): Unsubscribe;
}

/** The name under which a host exposes the bridge on the renderer's global object. */
export const BRIDGE_GLOBAL = 'porthole' as const;
