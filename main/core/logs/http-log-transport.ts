// Logs over plain HTTP, as kubectl reads them: one GET whose chunked body is the log.
//
// A clean end is the body's end (the terminating chunk). Anything else — a reset, the server
// going away, the socket closing mid-body — is a drop, which the stream above resumes.
// The only liveness check plain HTTP has is TCP keepalive, which we switch on; a stalled server
// that keeps its TCP connection alive is indistinguishable from a quiet log (the WebSocket
// transport pings, see websocket-log-transport.ts).
import type { IncomingMessage } from 'node:http';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { openHttpStream } from '../connection/open-http-stream.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';
import type { LogConnection, LogConnectionSink, LogTransport } from './log-transport.ts';

/** The protocol name a chunked-HTTP log connection reports. */
export const HTTP_LOG_PROTOCOL = 'http';

/** Idle time before the first TCP keepalive probe on a log response's socket. */
const TCP_KEEPALIVE_MS = 15_000;

export function httpLogTransport(conn: ClusterConnection): LogTransport {
  return async (target, sink, signal) => {
    const response = await openHttpStream(conn, { path: target.path, query: target.query, resource: target.resource }, { signal });
    return attachResponse(response, sink, conn.errorContext(target.resource, { namespace: target.namespace, name: target.pod }));
  };
}

function attachResponse(
  response: IncomingMessage,
  sink: LogConnectionSink,
  ctx: ErrorContext,
): LogConnection {
  let done = false;
  const finish = (outcome: { error: UserError } | 'end'): void => {
    if (done) return;
    done = true;
    if (outcome === 'end') sink.end();
    else sink.error(outcome.error);
  };
  response.socket?.setKeepAlive(true, TCP_KEEPALIVE_MS);
  response.on('data', (chunk: Buffer) => {
    if (!done) sink.data(chunk);
  });
  response.on('end', () => finish('end'));
  response.on('error', (error) => finish({ error: errorFromNetwork(error, ctx) }));
  response.on('close', () => {
    // 'close' without 'end' (and without 'error'): the body was cut short.
    if (!response.complete) finish({ error: cutShort(ctx) });
  });
  return {
    protocol: HTTP_LOG_PROTOCOL,
    pause: () => response.pause(),
    resume: () => {
      if (!done) response.resume();
    },
    close: () => {
      done = true;
      response.destroy();
    },
  };
}

function cutShort(ctx: ErrorContext): UserError {
  return {
    kind: 'connection-lost',
    title: 'Log stream cut',
    detail: `The connection for ${ctx.resource} (server ${ctx.server}) closed before the log ended.`,
    context: ctx.context,
  };
}
