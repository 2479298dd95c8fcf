// The API of the streaming core, which the bridge carries to the renderer (over Electron IPC or the
// loopback web host). No Electron type and no credential appears in it.
import type { ContextSummary, KubeconfigFileProblem } from './contexts.ts';
import type { NamespaceSummary, PodWatchEvent } from './resources.ts';
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

export type Unsubscribe = () => void;

export interface CoreApi {
  listContexts(): Promise<readonly ContextSummary[]>;
  /** Problems of whole kubeconfig files (as of the latest reload), which no context can carry. */
  kubeconfigProblems(): Promise<readonly KubeconfigFileProblem[]>;
  listNamespaces(context: string): Promise<readonly NamespaceSummary[]>;
  /** Live pods of one namespace: a snapshot, then changes; health reports reconnects. */
  watchPods(context: string, namespace: string, onEvent: (event: PodWatchEvent) => void): Unsubscribe;

  openExec(request: ExecRequest): Promise<SessionInfo>;
  openAttach(request: AttachRequest): Promise<SessionInfo>;
  openLogs(request: LogsRequest): Promise<SessionInfo>;
  openMergedLogs(request: MergedLogsRequest): Promise<SessionInfo>;
  openPortForward(request: PortForwardRequest): Promise<SessionInfo>;

  listSessions(): readonly SessionInfo[];
  write(id: SessionId, data: Uint8Array): void;
  resize(id: SessionId, size: TerminalSize): void;
  closeStdin(id: SessionId): void;
  /** The consumer has processed this many more bytes of the session's output (logs: the `bytes` of 'lines' events). */
  acknowledge(id: SessionId, amount: number): void;
  close(id: SessionId): void;
  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe;
}
