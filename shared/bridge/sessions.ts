// Sessions: exec, attach, logs and port-forwards. They belong to main and are named by id, so a
// reloaded or new window can re-bind to them.
import type { UserError } from './errors.ts';

export type SessionId = string;

/** A terminal being recorded (recordings.ts), as its SessionInfo and 'recording' events carry it. */
export interface RecordingMark {
  /** The recording's file name in main's recordings directory. */
  readonly name: string;
  /** Whether keystrokes are recorded too. */
  readonly input: boolean;
}

export interface PodRef {
  readonly context: string;
  readonly namespace: string;
  readonly pod: string;
  /** Required by the server for a multi-container pod. */
  readonly container?: string;
}

export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

/** "A shell" means: try bash, then sh (powershell, cmd on Windows nodes), keeping keystrokes typed meanwhile. */
export type ExecCommand =
  | { readonly kind: 'argv'; readonly argv: readonly string[] }
  /** `nodeOs` (the node's kubernetes.io/os label) narrows the shells tried; without it Linux's come first. */
  | { readonly kind: 'shell'; readonly nodeOs?: 'linux' | 'windows' };

export interface ExecRequest extends PodRef {
  readonly command: ExecCommand;
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly size?: TerminalSize;
}

export interface AttachRequest extends PodRef {
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly size?: TerminalSize;
}

export type LogTransport = 'http' | 'websocket';

export interface LogOptions {
  readonly follow: boolean;
  readonly previous?: boolean;
  /** Show timestamps to the user. They are always requested internally, to resume without gaps. */
  readonly timestamps?: boolean;
  readonly tailLines?: number;
  readonly sinceSeconds?: number;
  /** RFC 3339. Not together with sinceSeconds. */
  readonly sinceTime?: string;
  readonly limitBytes?: number;
  readonly transport?: LogTransport;
}

export interface LogsRequest extends PodRef, LogOptions {}

/**
 * Logs of every pod a label selector matches, merged in timestamp order as pods come and go; or,
 * with `pod` instead of `selector`, every container of that one pod merged the same way.
 */
export interface MergedLogsRequest extends LogOptions {
  readonly context: string;
  readonly namespace: string;
  /** The pods to follow: exactly one of `selector` and `pod`. */
  readonly selector?: string;
  /** One pod by name (and a pod of that name that replaces it). */
  readonly pod?: string;
  /** One container name for all pods, or every container when absent. */
  readonly container?: string;
  /** More contexts to follow the same selector in (the same namespace): each line is tagged with its context. */
  readonly extraContexts?: readonly string[];
  /** Leave out init and ephemeral containers (a workload tab's default; its `i` key brings them in). */
  readonly mainContainersOnly?: boolean;
}

/** The workloads a forward can follow: their pods come and go, the forward moves with them. */
export type ForwardWorkloadKind = 'deployment' | 'statefulset' | 'daemonset';

/** What a port-forward reaches: one pod, or any ready pod behind a Service, a workload or a label selector. */
export type ForwardTarget =
  | { readonly kind: 'pod' | 'service' | ForwardWorkloadKind; readonly name: string }
  | { readonly kind: 'selector'; readonly selector: string };

export interface PortForwardRequest {
  readonly context: string;
  readonly namespace: string;
  readonly target: ForwardTarget;
  /** The container's port; for a Service, the Service's port (resolved to its target port on the pod). */
  readonly remotePort: number;
  /** 0 or absent: any free port on 127.0.0.1. */
  readonly localPort?: number;
}

/** What a port-forward is doing, beside its session state ('forward' events carry it as it changes). */
export interface ForwardStatus {
  /** The pod new connections go to, and its port; absent while no ready pod is known. */
  readonly pod?: string;
  readonly podPort?: number;
  /** Connections being forwarded now, and since the start. */
  readonly openConnections: number;
  readonly totalConnections: number;
  /** Bytes from local clients to the pod, and back. */
  readonly bytesToPod: number;
  readonly bytesFromPod: number;
  /** The latest problem (a connection refused, no ready pod), as a sentence. */
  readonly lastError?: string;
  /** The port speaks HTTP (by its name, its number, or a first answer that looked like HTTP). */
  readonly http: boolean;
}

/** A forward the user keeps: it starts again whenever the app starts. */
export interface SavedForward {
  readonly id: string;
  readonly request: PortForwardRequest;
}

export type SessionKind = 'exec' | 'attach' | 'logs' | 'merged-logs' | 'port-forward';

export type SessionState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'live'; readonly protocol: string }
  /** Logs only: the stream dropped and is being resumed from the last line delivered. */
  | { readonly kind: 'resuming'; readonly attempt: number; readonly error: UserError }
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'ended' }
  | { readonly kind: 'failed'; readonly error: UserError }
  | { readonly kind: 'connection-lost'; readonly error: UserError }
  | { readonly kind: 'closed' };

export interface SessionInfo {
  readonly id: SessionId;
  readonly kind: SessionKind;
  readonly title: string;
  readonly state: SessionState;
  /** Port-forwards: the local address that is listening. */
  readonly localAddress?: string;
  /** Port-forwards: where it forwards to and its traffic. */
  readonly forward?: ForwardStatus;
  /** Port-forwards: what it was asked to do (to keep it, or start it again). */
  readonly forwardRequest?: PortForwardRequest;
  /** Terminals being recorded; 'recording' events say when that changes. */
  readonly recording?: RecordingMark;
}

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

export type OutputChannel = 'stdout' | 'stderr';

/** One log line, split and with its timestamp parsed off. */
export interface LogLine {
  /** RFC 3339 with nanoseconds, as the server sent it. */
  readonly timestamp: string;
  readonly text: string;
  /** Merged logs: which pod and container the line came from. */
  readonly pod?: string;
  readonly container?: string;
  /** Merged logs over several contexts: which context the line came from. */
  readonly context?: string;
  /**
   * Not a line of the log but something that happened to the followed pods, told in `text`
   * (merged logs only): a pod joined or left, a container restarted, a context failed.
   */
  readonly marker?: LogMarkerKind;
}

export type LogMarkerKind = 'joined' | 'left' | 'restarted' | 'context-failed';

export type SessionEvent =
  | { readonly kind: 'output'; readonly id: SessionId; readonly channel: OutputChannel; readonly bytes: Uint8Array }
  /**
   * Log lines. `bytes` is their flow-control weight (the bytes they occupy as received): the
   * amount to acknowledge once they are processed.
   */
  | { readonly kind: 'lines'; readonly id: SessionId; readonly lines: readonly LogLine[]; readonly bytes: number }
  /**
   * A terminal's screen as main keeps it, sent instead of its raw output to a window that binds
   * afresh: escape sequences that draw it (scrollback, screen, cursor, modes) in a terminal that
   * was reset first. It stands for all output up to the attachment's `replayTo`: it carries no
   * output amount, is not acknowledged, and moves no position.
   */
  | { readonly kind: 'screen'; readonly id: SessionId; readonly data: string }
  | { readonly kind: 'state'; readonly id: SessionId; readonly state: SessionState }
  /** Exec under a protocol without half-close: stdin EOF needs the session closed. */
  | { readonly kind: 'notice'; readonly id: SessionId; readonly message: string }
  /** A terminal's recording started (its mark) or stopped (null): the one way a window learns it after binding. */
  | { readonly kind: 'recording'; readonly id: SessionId; readonly recording: RecordingMark | null }
  /** A port-forward's pod, connections, traffic or last error changed (traffic at most a few times a second). */
  | { readonly kind: 'forward'; readonly id: SessionId; readonly status: ForwardStatus };
