// Opens a WebSocket to a streaming endpoint (exec, attach, port-forward, logs over binary.k8s.io)
// with `ws` directly, so that a refused upgrade is read in full: `ws` alone reports only
// "Unexpected server response: 403", while the body holds the metav1.Status that says why.
import type http from 'node:http';
import type { Socket } from 'node:net';
import WebSocket from 'ws';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { CoreError } from '../errors/core-error.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { errorFromResponse } from '../errors/http-errors.ts';
import { errorFromNetwork, timeoutError } from '../errors/network-errors.ts';
import { abortable } from './abortable.ts';
import type { ClusterConnection } from './cluster-connection.ts';
import { readBoundedBody } from './read-body.ts';
import { targetUrl } from './target-url.ts';

export interface WebSocketTarget {
  /** The API path, e.g. /api/v1/namespaces/ns/pods/web-0/exec. */
  path: string;
  query: URLSearchParams;
  /** Offered in one handshake, preferred first. */
  protocols: readonly string[];
  /** What is being opened, in words, for error messages: "exec in pod web-0". */
  resource: string;
}

export interface OpenWebSocketOptions {
  /** Aborting rejects with the signal's reason (not a CoreError) and tears the attempt down. */
  signal?: AbortSignal;
  /** From sending the upgrade request to the server's answer. */
  handshakeTimeoutMs?: number;
}

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 30_000;

// `ws`'s own wording when the answer's Sec-WebSocket-Protocol does not fit what was offered.
const SUBPROTOCOL_FAILURES = new Set([
  'Server sent no subprotocol',
  'Server sent an invalid subprotocol',
  'Server sent a subprotocol but none was requested',
]);
const UPGRADE_FAILURES = new Set(['Invalid Upgrade header', 'Invalid Sec-WebSocket-Accept header']);

export interface OpenedWebSocket {
  readonly socket: WebSocket;
  readonly protocol: string;
  /**
   * The TCP (or TLS) stream the WebSocket runs on, to batch writes with cork(); reading and
   * writing stay the WebSocket's.
   */
  readonly transport: Socket;
}

/**
 * Resolves once the upgrade succeeded with a subprotocol we offered. The socket is then the
 * caller's, PAUSED: frames that arrived together with the handshake answer would otherwise be
 * emitted before the caller's `await` resumes, and be lost. Attach 'message' and 'error'
 * listeners, then call `socket.resume()`. Rejects with a CoreError otherwise.
 */
export async function openWebSocket(
  conn: ClusterConnection,
  target: WebSocketTarget,
  options: OpenWebSocketOptions = {},
): Promise<OpenedWebSocket> {
  const ctx = conn.errorContext(target.resource, { offeredProtocols: target.protocols });
  if (target.protocols.length === 0) {
    throw new CoreError({
      kind: 'invalid-request',
      title: 'No subprotocol offered',
      detail: `Opening ${target.resource} needs at least one WebSocket subprotocol to offer.`,
      context: ctx.context,
    });
  }
  const requestOptions = await abortable(conn.requestOptions(), options.signal);
  const url = targetUrl(conn.server, target.path, target.query);
  const timeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;

  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [...target.protocols], {
      ...(requestOptions as WebSocket.ClientOptions),
      // The API server does not negotiate compression; offering it only adds a header.
      perMessageDeflate: false,
      followRedirects: false,
    });
    let chosenProtocol: string | undefined;
    let transport: Socket | undefined;
    let stopBody: (() => void) | undefined;
    let settled = false;

    const settle = (outcome: { error: unknown } | { protocol: string; transport: Socket }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.off('upgrade', onUpgrade);
      socket.off('open', onOpen);
      socket.off('unexpected-response', onUnexpectedResponse);
      if ('protocol' in outcome) {
        socket.off('error', onError);
        resolve({ socket, protocol: outcome.protocol, transport: outcome.transport });
        return;
      }
      // Keep swallowing: terminate() during the handshake emits one more 'error'.
      socket.on('error', () => {});
      socket.terminate();
      reject(outcome.error);
    };
    const fail = (error: UserError): void => settle({ error: new CoreError(error) });

    const onUpgrade = (response: http.IncomingMessage): void => {
      const header = response.headers['sec-websocket-protocol'];
      chosenProtocol = Array.isArray(header) ? header.join(', ') : header;
      // The answer's socket is the one `ws` goes on to frame messages over.
      transport = response.socket;
    };
    const onOpen = (): void => {
      const protocol = socket.protocol;
      // `ws` checks this too; checking here keeps the promise true whatever `ws` does.
      if (protocol === '' || !target.protocols.includes(protocol)) {
        fail(subprotocolError(ctx, protocol));
        return;
      }
      if (transport === undefined) {
        fail(upgradeError(ctx, 'no connection came with the answer'));
        return;
      }
      socket.pause();
      settle({ protocol, transport });
    };
    const onUnexpectedResponse = (_request: unknown, response: http.IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      const reading = readBoundedBody(response);
      stopBody = reading.stop;
      void reading.body.then((body) => fail(errorFromResponse(status, body, ctx)));
    };
    const onError = (error: Error): void => {
      if (SUBPROTOCOL_FAILURES.has(error.message)) fail(subprotocolError(ctx, chosenProtocol));
      else if (UPGRADE_FAILURES.has(error.message)) fail(upgradeError(ctx, error.message));
      else fail(errorFromNetwork(error, ctx));
    };
    const onAbort = (): void => settle({ error: options.signal?.reason as unknown });

    const timer = setTimeout(() => {
      // A refusal whose body stalls is still a refusal: report it with what has arrived.
      if (stopBody !== undefined) stopBody();
      else fail(timeoutError(ctx, 'answer to the WebSocket upgrade', timeoutMs));
    }, timeoutMs);

    socket.on('upgrade', onUpgrade);
    socket.on('open', onOpen);
    socket.on('unexpected-response', onUnexpectedResponse);
    socket.on('error', onError);
    if (options.signal?.aborted === true) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function subprotocolError(ctx: ErrorContext, chosen: string | undefined): UserError {
  const offered = (ctx.offeredProtocols ?? []).join(', ');
  const what =
    chosen === undefined || chosen === ''
      ? 'accepted the upgrade without choosing any subprotocol'
      : `chose the subprotocol "${chosen}", which was not offered`;
  return {
    kind: 'protocol',
    title: 'Subprotocol negotiation failed',
    detail:
      `For ${ctx.resource} the server ${what} (offered: ${offered}). ` +
      'A proxy between here and the API server may be rewriting the Sec-WebSocket-Protocol header.',
    context: ctx.context,
  };
}

function upgradeError(ctx: ErrorContext, reason: string): UserError {
  return {
    kind: 'protocol',
    title: 'WebSocket upgrade failed',
    detail: `For ${ctx.resource} the answer to the upgrade request was not a valid WebSocket handshake (${reason}); something between here and ${ctx.server} is not passing WebSockets through.`,
    context: ctx.context,
  };
}
