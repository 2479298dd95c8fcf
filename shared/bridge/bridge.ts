// The one API the renderer has. Every host (Electron IPC, the loopback web host) implements it, so
// the renderer never knows or cares which one it runs in.
//
// It is the CoreApi (core-api.ts) as seen from across a process boundary, plus what a window needs
// because sessions belong to main and outlive it:
// - every call answers asynchronously (a Promise), including the commands that are `void` in the
//   core (write, resize, …): main may refuse them (unknown session, malformed arguments);
// - listSessions is asynchronous for the same reason;
// - attachSession / detachSession bind a window to a running session (after a reload, or from
//   another window); output only flows to windows bound to the session, and an attach replays the
//   recent output main keeps for it;
// - onConnection tells the UI when the link to main is down (the web host's WebSocket can drop).
import type { AppInfo } from './app-info.ts';
import type { ContextSummary, KubeconfigFileProblem } from './contexts.ts';
import type { UserError } from './errors.ts';
import type { NamespaceSummary, PodWatchEvent } from './resources.ts';
import type { Unsubscribe } from './core-api.ts';
import type {
  AttachRequest,
  ExecRequest,
  LogsRequest,
  MergedLogsRequest,
  PortForwardRequest,
  SessionEvent,
  SessionId,
  SessionInfo,
  TerminalSize,
} from './sessions.ts';

/**
 * What binding a window to a session gives it. Positions count the session's output in the unit
 * the session acknowledges (see output-amount.ts): bytes for terminals, the `bytes` weight of
 * 'lines' events for logs.
 */
export interface SessionAttachment {
  readonly info: SessionInfo;
  /** Position of the first unit of the replay that follows the answer (as `output`/`lines` events). */
  readonly replayFrom: number;
  /** Position where the replay ends and live output continues. */
  readonly replayTo: number;
  /** How much output before `replayFrom` that was asked for main no longer keeps (its buffer is bounded). */
  readonly dropped: number;
}

/** The state of the link between this renderer and main. */
export type BridgeConnection =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'open' }
  /** The link dropped; calls fail until it is back, then sessions and pod watches re-bind by themselves. */
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly error: UserError }
  /** The link cannot come back (e.g. the web host stopped or the page's token was refused). */
  | { readonly kind: 'failed'; readonly error: UserError };

export interface PortholeBridge {
  appInfo(): Promise<AppInfo>;

  listContexts(): Promise<readonly ContextSummary[]>;
  /** Why a kubeconfig file's contexts are missing, or its current-context names none (see contexts.ts). */
  kubeconfigProblems(): Promise<readonly KubeconfigFileProblem[]>;
  listNamespaces(context: string): Promise<readonly NamespaceSummary[]>;
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

  /** Each open binds the calling window to the new session (see attachSession). */
  openExec(request: ExecRequest): Promise<SessionInfo>;
  openAttach(request: AttachRequest): Promise<SessionInfo>;
  openLogs(request: LogsRequest): Promise<SessionInfo>;
  openMergedLogs(request: MergedLogsRequest): Promise<SessionInfo>;
  openPortForward(request: PortForwardRequest): Promise<SessionInfo>;

  /** Every session main has, whichever window opened it. */
  listSessions(): Promise<readonly SessionInfo[]>;
  /**
   * Binds this window to a running session: its events flow here from now on, after a replay of
   * the output main still keeps from position `from` on (from the oldest kept when absent).
   */
  attachSession(id: SessionId, from?: number): Promise<SessionAttachment>;
  /** Stops this window's share of a session's events; the session keeps running in main. */
  detachSession(id: SessionId): Promise<void>;

  write(id: SessionId, data: Uint8Array): Promise<void>;
  resize(id: SessionId, size: TerminalSize): Promise<void>;
  closeStdin(id: SessionId): Promise<void>;
  /** The renderer has processed this much more of the session's output (outputAmount of its events). */
  acknowledge(id: SessionId, amount: number): Promise<void>;
  close(id: SessionId): Promise<void>;
  /** Events of the sessions this window is bound to. */
  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe;

  /** Calls `listener` with the current state at once, then on every change. */
  onConnection(listener: (state: BridgeConnection) => void): Unsubscribe;
}

/** The name under which a host exposes the bridge on the renderer's global object. */
export const BRIDGE_GLOBAL = 'porthole' as const;
