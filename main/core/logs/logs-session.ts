// A logs session: one container's log as LogLines, with flow control and transparent resume.
//
// States: connecting → live → (resuming ⇄ live)* → ended | failed | closed.
// Flow control counts the bytes of delivered lines ('lines' events carry their weight); when the
// consumer stops acknowledging, the stream stops reading its socket until it catches up, so the
// session never holds more than one chunk's lines beyond the high watermark.
import type { LogsRequest, SessionId } from '../../../shared/bridge/sessions.ts';
import { LOG_SESSION_WATERMARKS, type Watermarks } from '../../../shared/flow/flow-budget.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { Session, type SessionSink } from '../sessions/session.ts';
import type { BackoffPolicy } from '../resources/backoff.ts';
import { checkLogOptions, checkLogSource, describeLogSource } from './log-request.ts';
import { LogStream, type LogStreamEnd, type LogStreamStatus } from './log-stream.ts';
import type { LogTransport } from './log-transport.ts';
import { pickDefined } from './pick-defined.ts';
import { logTransportFor } from './transport-choice.ts';

export interface LogsSessionInit {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly request: LogsRequest;
  /** How to reach the log: logTransportFor(connection, request.transport) outside of tests. */
  readonly transport: LogTransport;
  readonly watermarks?: Partial<Watermarks>;
  readonly maxLineBytes?: number;
  readonly backoff?: BackoffPolicy;
  readonly maxResumeAttempts?: number;
}

export class LogsSession extends Session {
  readonly #stream: LogStream;
  readonly #settled: Promise<void>;
  #settle: () => void = () => {};

  /** Throws CoreError 'invalid-request' when the request cannot be sent as given. */
  constructor(init: LogsSessionInit) {
    const { request } = init;
    checkLogSource(request, request.context);
    checkLogOptions(request, request.context);
    super({
      id: init.id,
      kind: 'logs',
      title: logsTitle(request),
      emit: init.emit,
      context: request.context,
      watermarks: init.watermarks ?? LOG_SESSION_WATERMARKS,
    });

    this.#settled = new Promise((resolve) => (this.#settle = resolve));
    this.#stream = new LogStream(
      init.transport,
      { namespace: request.namespace, pod: request.pod, ...(request.container === undefined ? {} : { container: request.container }) },
      {
        context: request.context,
        follow: request.follow,
        ...pickDefined(request, ['previous', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes']),
        ...pickDefined(init, ['maxLineBytes', 'backoff', 'maxResumeAttempts']),
      },
      {
        lines: (lines, _weights, bytes) => this.deliver({ kind: 'lines', id: this.id, lines, bytes }, bytes),
        status: (status) => this.#onStatus(status),
        end: (end) => this.#onEnd(end),
      },
    );
  }

  /**
   * Opens the first connection. Resolves once it is live or the session has ended (the reason is
   * in the state); never rejects.
   */
  start(): Promise<void> {
    this.#stream.start();
    return this.#settled;
  }

  protected override pauseOutput(): void {
    this.#stream.pause();
  }

  protected override resumeOutput(): void {
    this.#stream.resume();
  }

  close(): void {
    this.#stream.close();
    this.transition({ kind: 'closed' });
    this.#settle();
  }

  #onStatus(status: LogStreamStatus): void {
    this.transition(status);
    if (status.kind === 'live') this.#settle();
  }

  #onEnd(end: LogStreamEnd): void {
    this.transition(end);
    this.#settle();
  }
}

/** A logs session over the transport the request names (HTTP unless it says websocket). */
export function createLogsSession(
  init: Omit<LogsSessionInit, 'transport'> & { readonly connection: ClusterConnection },
): LogsSession {
  const { connection, ...rest } = init;
  return new LogsSession({ ...rest, transport: logTransportFor(connection, init.request.transport) });
}

function logsTitle(request: LogsRequest): string {
  return `${describeLogSource(request, request.previous)} (${request.namespace})`;
}
