// Raw clients for the web host tests: plain http requests, hand-written request lines (for what
// an http client library would not send), and WebSocket handshakes with chosen Host and Origin.
import { request } from 'node:http';
import { connect } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import { webCodec } from '../../../../shared/bridge/web-codec.ts';
import type { ServerMessage } from '../../../../shared/bridge/wire.ts';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export function httpRequest(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends `text` as it is and returns the status line of the answer. */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8').split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

export interface BridgeSocketOptions {
  readonly query?: string;
  readonly path?: string;
  readonly origin?: string | null;
  readonly host?: string;
  readonly autoPong?: boolean;
}

export type Handshake =
  | { readonly kind: 'refused'; readonly status: number; readonly body: string }
  | { readonly kind: 'open'; readonly socket: BridgeSocket };

/** An open bridge WebSocket whose messages are decoded with the web codec and queued. */
export class BridgeSocket {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[] = [];
  readonly binaryFrames: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: Array<() => void> = [];

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: RawData, isBinary) => {
      const bytes = data as Buffer;
      if (isBinary) this.binaryFrames.push(new Uint8Array(bytes));
      this.messages.push(webCodec.decodeServer(isBinary ? new Uint8Array(bytes) : bytes.toString('utf8')));
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
  }

  /** Waits until a message matching `match` has arrived (or the socket closed). */
  async next(match: (message: ServerMessage) => boolean): Promise<ServerMessage> {
    for (;;) {
      const found = this.messages.find(match);
      if (found !== undefined) return found;
      if (this.ws.readyState !== WebSocket.OPEN) throw new Error('socket closed while waiting for a message');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async call(id: number, method: string, ...args: unknown[]): Promise<ServerMessage> {
    this.ws.send(webCodec.encodeClient({ t: 'call', id, method, args }));
    return this.next((message) => (message.t === 'result' || message.t === 'error') && message.id === id);
  }
}

export function openBridgeSocket(port: number, options: BridgeSocketOptions = {}): Promise<Handshake> {
  const origin = options.origin === undefined ? `http://127.0.0.1:${port}` : options.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? '/bridge'}${options.query ?? ''}`, {
    ...(origin === null ? {} : { origin }),
    headers: { host: options.host ?? `127.0.0.1:${port}` },
    autoPong: options.autoPong ?? true,
  });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    const socket = new BridgeSocket(ws);
    ws.once('open', () => resolve({ kind: 'open', socket }));
    ws.once('error', (error) => reject(error));
  });
}
