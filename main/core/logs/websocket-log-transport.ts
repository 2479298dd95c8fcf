// Logs over WebSocket, as the classic browser consoles read them (some proxies buffer chunked
// HTTP; a WebSocket is passed through as it comes). The API server streams the log as messages
// of subprotocol binary.k8s.io (raw bytes) or base64.binary.k8s.io (base64 text); we offer both,
// binary first, and decode whichever it picks. No channels: each message is a piece of the log.
//
// The server closes with a normal close (1000) when the log ends; any other close, a socket
// error, or a ping left unanswered (keepalive) is a drop, which the stream above resumes.
import type WebSocket from 'ws';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { decodeLogMessage } from '../../../shared/protocol/log-frame.ts';
import { SUBPROTOCOL, describeSubprotocol } from '../../../shared/protocol/subprotocols.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { KEEPALIVE_DEFAULTS, startKeepalive, type KeepaliveOptions } from '../connection/keepalive.ts';
import { openWebSocket } from '../connection/open-websocket.ts';
import { CoreError } from '../errors/core-error.ts';
import { quoteExternal } from '../errors/describe.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';
import type { LogConnection, LogConnectionSink, LogTransport } from './log-transport.ts';

/** Offered in one handshake, preferred first (the server takes the first it supports). */
export const LOG_SUBPROTOCOLS: readonly string[] = [SUBPROTOCOL.logBinary, SUBPROTOCOL.logBase64];

const NORMAL_CLOSURE = 1000;
/**
 * Close codes of a log that ended: 1000 is what the API server sends (golang.org/x/net/websocket
 * closes normally); 1005 means the peer sent a close frame without a code, which is a deliberate
 * close too. A vanished peer shows as 1006 (no close frame at all).
 */
const CLEAN_CLOSE_CODES: ReadonlySet<number> = new Set([NORMAL_CLOSURE, 1005]);

export interface WebSocketLogTransportOptions {
  /** Override the offer (tests use it to make the server pick base64.binary.k8s.io). */
  readonly protocols?: readonly string[];
  readonly keepalive?: Pick<KeepaliveOptions, 'intervalMs' | 'timeoutMs'>;
}

export function webSocketLogTransport(conn: ClusterConnection, options: WebSocketLogTransportOptions = {}): LogTransport {
  const protocols = options.protocols ?? LOG_SUBPROTOCOLS;
  const keepalive = options.keepalive ?? KEEPALIVE_DEFAULTS;
  return async (target, sink, signal) => {
    const { socket, protocol } = await openWebSocket(
      conn,
      { path: target.path, query: target.query, protocols, resource: target.resource },
      { signal },
    );
    const ctx = conn.errorContext(target.resource, { namespace: target.namespace, name: target.pod });
    // openWebSocket only resolves with a protocol we offered, and we offer only log protocols.
    const described = describeSubprotocol('log', protocol);
    if (described === null) {
      socket.terminate();
      throw new CoreError(protocolError(ctx, protocol, `"${protocol}" is not a log subprotocol`));
    }
    return attachSocket(socket, protocol, described.encoding, sink, ctx, { ...keepalive, context: conn.context });
  };
}

function attachSocket(
  socket: WebSocket,
  protocol: string,
  encoding: 'binary' | 'base64',
  sink: LogConnectionSink,
  ctx: ErrorContext,
  keepalive: KeepaliveOptions,
): LogConnection {
  let done = false;
  const finish = (outcome: { error: UserError } | 'end'): void => {
    if (done) return;
    done = true;
    stopKeepalive();
    if (outcome === 'end') sink.end();
    else sink.error(outcome.error);
    if (socket.readyState !== socket.CLOSED) socket.terminate();
  };
  const onMessage = (data: Buffer, isBinary: boolean): void => {
    if (done) return;
    try {
      // A text message is handed over as a string, so binary.k8s.io rejects it by type.
      const decoded = decodeLogMessage(isBinary ? data : data.toString('latin1'), encoding);
      if (decoded.kind === 'data') sink.data(decoded.payload);
    } catch (error) {
      finish({ error: protocolError(ctx, protocol, error) });
    }
  };
  const onClose = (code: number, reason: Buffer): void => {
    if (CLEAN_CLOSE_CODES.has(code)) finish('end');
    else finish({ error: abnormalClose(ctx, code, reason.toString('utf8')) });
  };
  const onError = (error: Error): void => finish({ error: errorFromNetwork(error, ctx) });

  socket.on('message', onMessage);
  socket.on('close', onClose);
  socket.on('error', onError);
  const stopKeepalive = startKeepalive(socket, keepalive, (error) => finish({ error }));
  // openWebSocket hands the socket over paused, so nothing that came with the handshake answer
  // was emitted before these listeners existed.
  socket.resume();

  return {
    protocol,
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => {
      done = true;
      stopKeepalive();
      socket.close(NORMAL_CLOSURE);
      // A peer that never answers the close handshake must not keep the socket open.
      setTimeout(() => socket.terminate(), 1000).unref();
    },
  };
}

function protocolError(ctx: ErrorContext, protocol: string, error: unknown): UserError {
  const detail = quoteExternal(error instanceof Error ? error.message : String(error));
  return {
    kind: 'protocol',
    title: 'Malformed log message',
    detail: `The server sent ${ctx.resource} a message that is not valid ${protocol}: ${detail}`,
    context: ctx.context,
  };
}

function abnormalClose(ctx: ErrorContext, code: number, reason: string): UserError {
  const why = reason === '' ? '' : ` ("${quoteExternal(reason)}")`;
  return {
    kind: 'connection-lost',
    title: 'Log stream cut',
    detail: `The WebSocket for ${ctx.resource} (server ${ctx.server}) closed with code ${code}${why} before the log ended.`,
    context: ctx.context,
  };
}
