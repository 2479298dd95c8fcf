// A stand-in for the API server's portforward endpoint over plain ws:// on 127.0.0.1, speaking
// v4 as the kubelet does (the 2-byte little-endian port first on the data and error channel, then
// the stream on channel 0, error text on channel 1). Each test scripts what the "pod" does with
// a connection; the server records what it was asked.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClusterConnection } from '../../../../../main/core/connection/cluster-connection.ts';
import type { ErrorContext } from '../../../../../main/core/errors/error-context.ts';

export type PodBehaviour = (socket: WebSocket, request: IncomingMessage, port: number) => void;

export interface Refusal {
  readonly status: number;
  readonly body: string;
}

export interface UpgradeRecord {
  readonly url: string;
  readonly offered: string;
}

export class FakePortForwardServer {
  readonly upgrades: UpgradeRecord[] = [];
  readonly sockets: WebSocket[] = [];
  /** Set to refuse every upgrade with this answer. */
  refusal: Refusal | undefined;
  /** Set to hold every upgrade until this settles. */
  gate: Promise<void> = Promise.resolve();
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  #behaviour: PodBehaviour;

  private constructor(behaviour: PodBehaviour) {
    this.#behaviour = behaviour;
    this.#http = createServer();
    this.#wss = new WebSocketServer({
      noServer: true,
      // As the kubelet: v4.channel.k8s.io (or its base64 twin) only, never bare channel.k8s.io.
      handleProtocols: (protocols) => (protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false),
    });
    this.#http.on('upgrade', (request, socket, head) => {
      this.upgrades.push({ url: request.url ?? '', offered: String(request.headers['sec-websocket-protocol'] ?? '') });
      if (this.refusal !== undefined) {
        const body = Buffer.from(this.refusal.body);
        socket.end(
          `HTTP/1.1 ${this.refusal.status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString()}`,
        );
        return;
      }
      void this.gate.then(() =>
        this.#wss.handleUpgrade(request, socket, head, (ws) => {
          this.sockets.push(ws);
          const port = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('ports'));
          this.#behaviour(ws, request, port);
        }),
      );
    });
  }

  static async start(behaviour: PodBehaviour): Promise<FakePortForwardServer> {
    const server = new FakePortForwardServer(behaviour);
    await new Promise<void>((resolve) => server.#http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  set behaviour(behaviour: PodBehaviour) {
    this.#behaviour = behaviour;
  }

  get url(): URL {
    return new URL(`http://127.0.0.1:${(this.#http.address() as AddressInfo).port}`);
  }

  /** A ClusterConnection to this server with no credentials. */
  connection(): ClusterConnection {
    const server = this.url;
    return {
      context: 'unit',
      user: 'unit-user',
      server,
      requestOptions: () => Promise.resolve({ headers: {} }),
      errorContext: (resource: string, extra?: Partial<ErrorContext>): ErrorContext => ({
        context: 'unit',
        user: 'unit-user',
        server: server.href,
        resource,
        ...extra,
      }),
    };
  }

  async close(): Promise<void> {
    for (const socket of this.#wss.clients) socket.terminate();
    this.#http.closeAllConnections();
    await new Promise<void>((resolve) => this.#http.close(() => resolve()));
  }
}

/** The port prefix the kubelet writes first on both channels of port index 0. */
export function sendPortPrefixes(socket: WebSocket, port: number): void {
  socket.send(Uint8Array.of(0, port & 0xff, port >> 8));
  socket.send(Uint8Array.of(1, port & 0xff, port >> 8));
}

/** A pod port that echoes everything back. */
export const echoPod: PodBehaviour = (socket, _request, port) => {
  sendPortPrefixes(socket, port);
  socket.on('message', (data: Buffer) => {
    if (data[0] === 0) socket.send(Buffer.concat([Buffer.of(0), data.subarray(1)]));
  });
};

/** Bytes arriving on channel 0, the prefix-free stream the client sent. */
export function collectData(socket: WebSocket): { bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  socket.on('message', (data: Buffer) => {
    if (data[0] === 0) chunks.push(data.subarray(1));
  });
  return { bytes: () => Buffer.concat(chunks) };
}

