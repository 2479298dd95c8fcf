// The seam between how log bytes travel (chunked HTTP, or WebSocket binary.k8s.io) and the one
// code path that turns them into lines (log-stream.ts). A transport opens one connection and
// reports byte chunks, then exactly one of end (the server finished the log) or error (the
// connection failed or dropped); nothing after close().
import type { UserError } from '../../../shared/bridge/errors.ts';

export interface LogConnectionTarget {
  /** /api/v1/namespaces/{ns}/pods/{pod}/log */
  readonly path: string;
  readonly query: URLSearchParams;
  /** For error messages: "logs of pod web-0". */
  readonly resource: string;
  readonly namespace: string;
  readonly pod: string;
}

export interface LogConnectionSink {
  /** A piece of the log, cut anywhere (mid-line, mid-character). */
  data(chunk: Uint8Array): void;
  /** The server ended the log cleanly (not follow and all sent, or the container stopped). */
  end(): void;
  /** The connection failed or was cut before the log ended. */
  error(error: UserError): void;
}

export interface LogConnection {
  /** 'http' for chunked HTTP, else the negotiated WebSocket subprotocol. */
  readonly protocol: string;
  /** Stop reading the socket (flow control): TCP pushes back to the server. */
  pause(): void;
  resume(): void;
  /** Ends the connection; the sink hears nothing more. */
  close(): void;
}

/**
 * Opens one connection. Rejects with a CoreError when the request is refused or cannot be sent
 * (HTTP status + body, TLS, network), or with the signal's reason when aborted.
 */
export type LogTransport = (
  target: LogConnectionTarget,
  sink: LogConnectionSink,
  signal: AbortSignal,
) => Promise<LogConnection>;
