// A scripted exec/attach peer on 127.0.0.1 for the session unit tests: each test says what the
// "server" answers on each connection and then inspects what it received. Sessions reach it
// through the real openWebSocket, with a ClusterConnection pointing at plain http://.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClusterConnection } from '../../../../../main/core/connection/cluster-connection.ts';

export interface ServerOptions {
  /** Which offered subprotocol to accept; default the first. */
  choose?: (offered: readonly string[]) => string;
  /** Refuse the upgrade with this HTTP answer instead. */
  refuse?: (url: URL) => { status: number; body: string } | undefined;
  /** Answer pings (default true); false makes a peer whose pongs never come. */
  autoPong?: boolean;
  /** Accept the upgrade only once this resolves (a slow handshake). */
  gate?: (url: URL) => Promise<void>;
}

/** One accepted WebSocket, as the server sees it. */
export class PeerConnection {
  readonly socket: WebSocket;
  readonly url: URL;
  readonly offered: readonly string[];
  readonly received: Buffer[] = [];
  closeCode: number | undefined;
  #waiters: (() => void)[] = [];

  constructor(socket: WebSocket, url: URL, offered: readonly string[]) {
    this.socket = socket;
    this.url = url;
    this.offered = offered;
    socket.on('message', (data: Buffer) => {
      this.received.push(data);
      this.#wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.#wake();
    });
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  /** Payloads received on `channel`, in order. */
  payloads(channel: number): Buffer[] {
    return this.received.filter((message) => message[0] === channel).map((message) => message.subarray(1));
  }

  /** Everything received on stdin (channel 0), concatenated, as text. */
  stdinText(): string {
    return Buffer.concat(this.payloads(0)).toString('utf8');
  }

  /** Resolves once `condition` holds (checked on every message and on close). */
  async until(condition: () => boolean): Promise<void> {
    while (!condition()) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  send(channel: number, payload: string | Uint8Array): void {
    this.socket.send(frame(channel, payload));
  }

  sendStatus(status: object): void {
    this.send(3, JSON.stringify(status));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

export class ScriptedServer {
  readonly connections: PeerConnection[] = [];
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  #onConnection: (peer: PeerConnection) => void = () => {};
  #waiters: (() => void)[] = [];

  private constructor(http: Server, wss: WebSocketServer) {
    this.#http = http;
    this.#wss = wss;
  }

  static async start(options: ServerOptions = {}): Promise<ScriptedServer> {
    const choose = options.choose ?? ((offered) => offered[0] ?? '');
    const wss = new WebSocketServer({
      noServer: true,
      autoPong: options.autoPong ?? true,
      handleProtocols: (protocols) => choose([...protocols]),
    });
    const http = createServer();
    const server = new ScriptedServer(http, wss);
    http.on('upgrade', async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      await options.gate?.(url);
      const refusal = options.refuse?.(url);
      if (refusal !== undefined) {
        socket.end(
          `HTTP/1.1 ${refusal.status} Refused\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n\r\n${refusal.body}`,
        );
        return;
      }
      const offered = String(request.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '');
      wss.handleUpgrade(request, socket, head, (ws) => {
        const peer = new PeerConnection(ws, url, offered);
        server.connections.push(peer);
        // Like the real servers: one empty frame on stdout right after the handshake.
        ws.send(Buffer.of(1));
        server.#onConnection(peer);
        const waiters = server.#waiters;
        server.#waiters = [];
        for (const wake of waiters) wake();
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** What the server does with each new connection (set before the session connects). */
  onConnection(handler: (peer: PeerConnection) => void): void {
    this.#onConnection = handler;
  }

  /** The index-th connection (0-based), once it exists. */
  async connection(index: number): Promise<PeerConnection> {
    for (;;) {
      const peer = this.connections[index];
      if (peer !== undefined) return peer;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  get url(): URL {
    const { port } = this.#http.address() as AddressInfo;
    return new URL(`http://127.0.0.1:${port}`);
  }

  connectionFor(context = 'test-context'): ClusterConnection {
    const server = this.url;
    return {
      context,
      user: 'test-user',
      server,
      requestOptions: async () => ({ headers: {} }),
      errorContext: (resource, extra) => ({ context, user: 'test-user', server: server.href, resource, ...extra }),
    };
  }

  async close(): Promise<void> {
    for (const peer of this.connections) peer.socket.terminate();
    this.#wss.close();
    this.#http.closeAllConnections();
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }
}

export function frame(channel: number, payload: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(channel), typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload]);
}

export const SUCCESS = { metadata: {}, status: 'Success' };

export function exitStatus(code: number): object {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

export function internalError(message: string): object {
  return { metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 };
}

/** kwok's answer (through the kubelet streaming server) for a command missing on the node. */
export function notFoundStatus(command: string): object {
  return internalError(
    `Internal error occurred: error executing command in container: cmd start: ${command} : exec: "${command}": executable file not found in $PATH`,
  );
}
