// The web host: the same app in a browser. It serves the built renderer over http on 127.0.0.1
// (only: never another interface) and carries the bridge over a WebSocket at BRIDGE_PATH. Every
// request passes the Host check (DNS rebinding); the WebSocket handshake also needs this host's
// Origin and a credential (the one-time token of the printed link, or the session secret it was
// exchanged for). Refusals happen at the HTTP level, before any WebSocket exists. A download is
// fetched by the browser from BROWSER_DOWNLOAD_PATH + its one-time secret, which only the page that
// started it was given over the bridge.
//
// No keepalive drops a page that stops answering. Over loopback a closed tab or a dead browser
// closes its socket at once; a page that is only stalled (a long task, a paused debugger, a busy
// machine) stops reading, its ping waits behind the output it has not read, and dropping it
// would unbind its sessions, which then run on without flow control and lose everything but
// their replay's tail. Kept bound, a stalled page's sessions wait at the high watermark and it
// catches up with nothing lost (bench/stalled-page-memory.ts measures main's memory meanwhile).
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { AppInfo } from '../../shared/bridge/app-info.ts';
import type { CoreApi } from '../../shared/bridge/core-api.ts';
import { LIMITS } from '../../shared/bridge/call-schemas.ts';
import { webCodec, type WebFrame } from '../../shared/bridge/web-codec.ts';
import { BRIDGE_PATH, BROWSER_DOWNLOAD_PATH, CLOSE_HOST_STOPPED, LINK_TOKEN_FRAGMENT, SESSION_PARAM, TOKEN_PARAM } from '../../shared/bridge/web-link.ts';
import { BridgeServer, type BridgeServerOptions } from '../bridge/bridge-server.ts';
import type { Transfers } from '../core/files/transfers.ts';
import { downloadResponse } from './download-response.ts';
import { WebCredentials, type CredentialKind } from './credentials.ts';
import { hostProblem, originProblem } from './request-guard.ts';
import { securityHeaders } from './security-headers.ts';
import { StaticFiles } from './static-files.ts';

const LOOPBACK = '127.0.0.1';
/** The largest frame a client may send: one maximal write plus its header. */
const MAX_FRAME_BYTES = LIMITS.writeBytes + 4096;
const CLOSE_GRACE_MS = 1000;

export interface WebHostOptions {
  readonly core: CoreApi;
  readonly appInfo: AppInfo;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** 0 or absent: a random free port. */
  readonly port?: number;
  readonly bridge?: Pick<BridgeServerOptions, 'replay' | 'batching' | 'log'>;
  /** For tests: the source of the token and secret. */
  readonly credentials?: WebCredentials;
  /** The core's transfers, whose browser downloads this host serves; without them, none. */
  readonly downloads?: Pick<Transfers, 'serveBrowserDownload'>;
}

export interface WebHost {
  /** The link to print: this host's address with the one-time token in its fragment. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  /** Pages connected right now. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Answers a refused upgrade on the raw socket: there is no ServerResponse for it. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function frameOf(data: RawData, isBinary: boolean): WebFrame {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  return isBinary ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.toString('utf8');
}

function presentedCredential(query: URLSearchParams): { kind: CredentialKind; value: string } | null {
  const token = query.get(TOKEN_PARAM);
  if (token !== null) return { kind: 'token', value: token };
  const session = query.get(SESSION_PARAM);
  return session === null ? null : { kind: 'session', value: session };
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const files = new StaticFiles(options.rendererDir);
  const credentials = options.credentials ?? new WebCredentials();
  const bridge = new BridgeServer({ core: options.core, appInfo: options.appInfo, ...options.bridge });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  let port = 0;

  function respond(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${text}\n`);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = hostProblem(request.headers.host, port) ?? originProblem(request.headers.origin, port, false);
    if (refusal !== null) return respond(response, 403, `Refused: ${refusal}.`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(response, 405, 'Only GET and HEAD are served.');
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === BRIDGE_PATH) return respond(response, 426, 'The bridge is a WebSocket.');
    if (path.startsWith(BROWSER_DOWNLOAD_PATH)) {
      if (request.method !== 'GET') return respond(response, 405, 'A download is fetched once, with GET.');
      const served = options.downloads?.serveBrowserDownload(path.slice(BROWSER_DOWNLOAD_PATH.length), downloadResponse(response, securityHeaders(port))) ?? false;
      if (!served) respond(response, 404, 'No such download: each download link works once, for a minute after it was made. Start the download again.');
      return;
    }
    const file = files.lookup(path);
    if (file === null) return respond(response, 404, 'Not found.');
    const body = await files.read(file);
    response.writeHead(200, { ...securityHeaders(port), 'Content-Type': file.contentType, 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== BRIDGE_PATH) return refuseUpgrade(socket, 404, 'Not found.');
    const refusal = hostProblem(request.headers.host, port) ?? originProblem(request.headers.origin, port, true);
    if (refusal !== null) return refuseUpgrade(socket, 403, `Refused: ${refusal}.`);
    const credential = presentedCredential(url.searchParams);
    if (credential === null) return refuseUpgrade(socket, 401, 'Refused: no token. Open the link `npm run web` printed.');
    if (!credentials.redeem(credential.kind, credential.value)) {
      return refuseUpgrade(socket, 401, `Refused: wrong or already used ${credential.kind === 'token' ? 'token' : 'session'}.`);
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connect(ws, credential.kind === 'token'));
  }

  function connect(ws: WebSocket, exchangedToken: boolean): void {
    const endpoint = bridge.connect<WebFrame>({
      codec: webCodec,
      send: (frame) => ws.send(frame, { binary: typeof frame !== 'string' }),
      ...(exchangedToken ? { sessionSecret: credentials.sessionSecret } : {}),
    });
    ws.on('message', (data, isBinary) => endpoint.receive(frameOf(data, isBinary)));
    ws.on('close', () => endpoint.close());
    // Oversized or invalid frames: ws closes the connection itself; main carries on.
    ws.on('error', () => ws.terminate());
  }

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      options.bridge?.log?.('serving a file failed', error);
      if (!response.headersSent) respond(response, 500, 'Internal error.');
      else response.destroy();
    });
  });
  server.on('upgrade', upgrade);
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const origin = `http://${LOOPBACK}:${port}`;
  return {
    url: `${origin}/#${LINK_TOKEN_FRAGMENT}=${credentials.token}`,
    origin,
    port,
    get connections() {
      return sockets.clients.size;
    },
    async close() {
      bridge.close();
      // The close code tells pages not to reconnect; a page that does not answer the close
      // handshake in time is cut off.
      const pages = [...sockets.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.close(CLOSE_HOST_STOPPED, 'Porthole web host stopped');
          }),
      );
      const cutOff = setTimeout(() => {
        for (const ws of sockets.clients) ws.terminate();
      }, CLOSE_GRACE_MS);
      await Promise.all(pages);
      clearTimeout(cutOff);
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
