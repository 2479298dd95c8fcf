// The API of the streaming core, which the bridge carries to the renderer (over Electron IPC or the
// loopback web host). No Electron type and no credential appears in it.
//
// The methods that answer bridge calls come from the call table (call-schemas.ts: every call not
// routed to 'bridge'), so a new call there is a method the core, and every fake of it, must have.
// Declared here are the ones main's bridge uses in ways of its own: the pod watch and the session
// events are subscriptions, and acknowledgements reach the core through the SessionHub, which paces
// a session for every window bound to it.
import type { CoreCalls } from './call-schemas.ts';
import type { ContextsEvent } from './contexts.ts';
import type { PodDetailsEvent } from './pod-details.ts';
import type { PodWatchEvent } from './resources.ts';
import type { SessionEvent, SessionId } from './sessions.ts';
import type { TransferEvent } from './transfers.ts';

export type Unsubscribe = () => void;

export interface CoreApi extends CoreCalls {
  /** Live pods of one namespace: a snapshot, then changes; health reports reconnects. */
  watchPods(context: string, namespace: string, onEvent: (event: PodWatchEvent) => void): Unsubscribe;
  /** One pod and its events: 'pod' (null when it does not exist), 'events' newest first, 'health'. */
  watchPodDetails(context: string, namespace: string, pod: string, onEvent: (event: PodDetailsEvent) => void): Unsubscribe;
  /** The contexts now, then after every kubeconfig change that altered them. */
  watchContexts(onEvent: (event: ContextsEvent) => void): Unsubscribe;
  /** The consumer has processed this many more bytes of the session's output (logs: the `bytes` of 'lines' events). */
  acknowledge(id: SessionId, amount: number): void;
  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe;
  /** Every transfer's progress and end, for every client. */
  onTransferEvent(listener: (event: TransferEvent) => void): Unsubscribe;
}
