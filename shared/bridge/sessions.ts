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

/** Logs of every pod a label selector matches, merged in timestamp order as pods come and go. */
export interface MergedLogsRequest extends LogOptions {
  readonly context: string;
  readonly namespace: string;
  readonly selector: string;
  /** One container name for all pods, or every container when absent. */
  readonly container?: string;
}

export interface PortForwardRequest {
  readonly context: string;
  readonly namespace: string;
  readonly pod: string;
  readonly remotePort: number;
  /** 0 or absent: any free port on 127.0.0.1. */
  readonly localPort?: number;
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
}

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
  | { readonly kind: 'recording'; readonly id: SessionId; readonly recording: RecordingMark | null };
