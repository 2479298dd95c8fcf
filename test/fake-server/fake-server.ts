/**
 * A small fake Kubernetes API server, for the cases a real one cannot produce on demand.
 * HTTPS + WebSocket (`ws`) on 127.0.0.1, with a certificate from a CA made at start (openssl).
 *
 *   const fake = await startFakeServer({ protocols: ['channel.k8s.io'], onSocket: (s) => s.send(...) });
 *   const conn = fake.connection();            // a ClusterConnection (context "fake", token auth)
 *   const { socket } = await openWebSocket(conn, { path: '/api/v1/namespaces/ns/pods/p/exec', ... });
 *   socket.on('message', ...); socket.on('error', ...);
 *   socket.resume();                           // openWebSocket hands the socket over paused
 *   fake.requests                              // every request seen: path, query, headers, offered protocols
 *   await fake.close();
 *
 * Behaviours (FakeServerBehaviour, all optional):
 *   protocols            subprotocols the server speaks, in its preference order; it picks the first
 *                        of them the client offered. Default: every Kubernetes streaming protocol.
 *                        When none of the offered ones is spoken it answers like the API server and
 *                        the kubelet: 403 with an EMPTY body (the "older than 1.30 / gate off" case).
 *   refuse               { status, body }: refuse every upgrade and GET with this (a metav1.Status
 *                        object is sent as JSON): a Status body on a failed handshake.
 *   misbehave            'choose-unoffered' (answer with a subprotocol nobody offered) or
 *                        'choose-none' (complete the upgrade without any subprotocol).
 *   neverAnswer          accept the TCP/TLS connection, read the request, never answer (timeouts).
 *   requireAuthorization the exact Authorization header to demand; others get 401 with a Status.
 *   requireClientCert    demand a client certificate signed by `fake.ca` (mutual TLS).
 *   serverNames          subjectAltName entries of the server certificate; default
 *                        ['IP:127.0.0.1', 'DNS:localhost'] (tls-server-name and hostname tests).
 *   onSocket(session)    runs for every accepted WebSocket. Default: send the empty first frame.
 *                        session.send(bytes|text)  one message
 *                        session.nextMessage()     the next message from the client
 *                        session.sendTruncated(p, missing)  a binary frame announcing `missing` more
 *                                                  payload bytes than it carries, then the TCP end
 *                        session.sendRaw(bytes)    bytes straight onto the TLS stream (no framing)
 *                        session.stall()           stop reading the connection and stop answering
 *                                                  pings (a dead peer that keeps TCP open)
 *                        session.close(code?, reason?)
 *   onHttp(req, res)     handles plain HTTP GETs (log streams); default 404 with a Status. To stall
 *                        a stream, write some chunks and then nothing.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createClusterConnection, type ConnectionOptions } from '../../main/core/connection/kubeconfig-connection.ts';
import type { ClusterConnection } from '../../main/core/connection/cluster-connection.ts';
import { CoreError } from '../../main/core/errors/core-error.ts';
import { contextEntries } from '../../main/core/kubeconfig/context-entries.ts';
import { mergeKubeconfigs } from '../../main/core/kubeconfig/kubeconfig-merge.ts';
import { base64, createCertificateAuthority, issueCertificate, type CertificateAuthority } from './certificates.ts';

export const ALL_STREAMING_PROTOCOLS = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v4.base64.channel.k8s.io',
  'channel.k8s.io',
  'base64.channel.k8s.io',
  'binary.k8s.io',
  'base64.binary.k8s.io',
] as const;

/** The bearer token fake.kubeconfigFor() puts in its user entry by default. */
export const FAKE_TOKEN = 'fake-server-token';
export const FAKE_CONTEXT = 'fake';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** Sec-WebSocket-Protocol as offered, in order; empty for plain requests. */
  readonly offeredProtocols: readonly string[];
  readonly upgrade: boolean;
}

export interface FakeSocketSession {
  readonly protocol: string;
  readonly request: FakeRequest;
  /** The server side of the WebSocket. */
  readonly socket: WebSocket;
  send(data: Uint8Array | string): void;
  nextMessage(): Promise<{ data: Buffer; isBinary: boolean }>;
  sendTruncated(payload: Uint8Array, missingBytes: number): void;
  sendRaw(bytes: Uint8Array): void;
  stall(): void;
  close(code?: number, reason?: string): void;
}

export interface FakeServerBehaviour {
  protocols?: readonly string[];
  refuse?: { status: number; body?: string | object };
  misbehave?: 'choose-unoffered' | 'choose-none';
  neverAnswer?: boolean;
  requireAuthorization?: string;
  requireClientCert?: boolean;
  serverNames?: readonly string[];
  onSocket?: (session: FakeSocketSession) => void;
  onHttp?: (request: http.IncomingMessage, response: http.ServerResponse) => void;
}

export interface KubeconfigOptions {
  /** The user entry body; default { token: FAKE_TOKEN }. */
  user?: Record<string, unknown>;
  /** Extra cluster fields (proxy-url, tls-server-name, …); they override the defaults. */
  cluster?: Record<string, unknown>;
  namespace?: string;
}

export interface FakeServer {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** The CA that signed the server's certificate (PEM); trust it to connect. */
  readonly caPem: string;
  /** The CA itself, to issue client certificates the server accepts. */
  readonly ca: CertificateAuthority;
  readonly requests: FakeRequest[];
  /** A kubeconfig (JSON) with one context, FAKE_CONTEXT, pointing at this server. */
  kubeconfigFor(options?: KubeconfigOptions): string;
  /** The ClusterConnection of that kubeconfig, built the way the store builds it. */
  connection(options?: KubeconfigOptions, connectionOptions?: ConnectionOptions): ClusterConnection;
  close(): Promise<void>;
}

export async function startFakeServer(behaviour: FakeServerBehaviour = {}): Promise<FakeServer> {
  const ca = createCertificateAuthority('porthole-fake-server-ca');
  const leaf = issueCertificate(ca, { commonName: '127.0.0.1', altNames: behaviour.serverNames ?? ['IP:127.0.0.1', 'DNS:localhost'] });
  const requests: FakeRequest[] = [];
  const rawSockets = new Set<Duplex>();
  const server = https.createServer({
    cert: leaf.certPem,
    key: leaf.keyPem,
    ca: ca.certPem,
    requestCert: behaviour.requireClientCert === true,
    rejectUnauthorized: behaviour.requireClientCert === true,
  });
  const speaks = behaviour.protocols ?? ALL_STREAMING_PROTOCOLS;
  const wss = new WebSocketServer({
    noServer: true,
    // Pongs are answered by hand, so that a stalled session can stop answering them.
    autoPong: false,
    perMessageDeflate: false,
    handleProtocols: (offered: Set<string>) => {
      if (behaviour.misbehave === 'choose-none') return false;
      if (behaviour.misbehave === 'choose-unoffered') return 'v99.not-offered.k8s.io';
      return speaks.find((name) => offered.has(name)) ?? false;
    },
  });

  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const seen = record(request, false);
    requests.push(seen);
    const refusal = refusalFor(behaviour, request);
    if (refusal !== null) {
      response.writeHead(refusal.status, { 'content-type': 'application/json' }).end(refusal.body);
    } else if (behaviour.onHttp !== undefined) {
      behaviour.onHttp(request, response);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify(status(404, 'NotFound', `the fake server has no ${seen.path}`)));
    }
  });

  server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    rawSockets.add(socket);
    socket.on('close', () => rawSockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const seen = record(request, true);
    requests.push(seen);
    if (behaviour.neverAnswer === true) return;
    const refusal = refusalFor(behaviour, request);
    if (refusal !== null) {
      writeRawResponse(socket, refusal.status, refusal.body);
      return;
    }
    const chosen = speaks.find((name) => seen.offeredProtocols.includes(name));
    if (chosen === undefined) {
      // What the API server and the kubelet do when no offered subprotocol is acceptable.
      writeRawResponse(socket, 403, '');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const session = socketSession(ws, socket, seen, ws.protocol);
      (behaviour.onSocket ?? ((s: FakeSocketSession) => s.send(new Uint8Array(0))))(session);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const kubeconfigFor = (options: KubeconfigOptions = {}): string =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': FAKE_CONTEXT,
      clusters: [{ name: 'fake-cluster', cluster: { server: url, 'certificate-authority-data': base64(ca.certPem), ...options.cluster } }],
      users: [{ name: 'fake-user', user: options.user ?? { token: FAKE_TOKEN } }],
      contexts: [{ name: FAKE_CONTEXT, context: { cluster: 'fake-cluster', user: 'fake-user', namespace: options.namespace ?? 'default' } }],
    });

  return {
    url,
    port,
    caPem: ca.certPem,
    ca,
    requests,
    kubeconfigFor,
    connection: (options, connectionOptions) => connectionFromKubeconfig(kubeconfigFor(options), connectionOptions),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const socket of rawSockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ca.dispose();
    },
  };
}

/** The ClusterConnection of the first context of an in-memory kubeconfig, as the store builds it. */
export function connectionFromKubeconfig(text: string, options?: ConnectionOptions, file = '/fake/kubeconfig'): ClusterConnection {
  const [entry] = contextEntries(mergeKubeconfigs([{ path: file, text }]));
  if (entry === undefined) throw new Error('the kubeconfig has no context');
  if (entry.document === undefined) throw new CoreError(entry.summary.problem ?? { kind: 'kubeconfig', title: 'unusable', detail: '' });
  return createClusterConnection(
    {
      context: entry.summary.name,
      user: entry.summary.user,
      server: entry.summary.server,
      document: entry.document,
      userBody: entry.userBody,
      ...(entry.proxy === undefined ? {} : { proxy: entry.proxy }),
    },
    options,
  );
}

function record(request: http.IncomingMessage, upgrade: boolean): FakeRequest {
  const url = new URL(request.url ?? '/', 'https://fake');
  const offered = request.headers['sec-websocket-protocol'];
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    offeredProtocols: offered === undefined ? [] : offered.split(',').map((name) => name.trim()).filter((name) => name !== ''),
    upgrade,
  };
}

function refusalFor(behaviour: FakeServerBehaviour, request: http.IncomingMessage): { status: number; body: string } | null {
  if (behaviour.requireAuthorization !== undefined && request.headers.authorization !== behaviour.requireAuthorization) {
    return { status: 401, body: JSON.stringify(status(401, 'Unauthorized', 'Unauthorized')) };
  }
  if (behaviour.refuse === undefined) return null;
  const { body } = behaviour.refuse;
  return { status: behaviour.refuse.status, body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body) };
}

/** A metav1.Status as the API server writes it. */
export function status(code: number, reason: string, message: string, details?: object): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code, ...(details === undefined ? {} : { details }) };
}

function writeRawResponse(socket: Duplex, code: number, body: string): void {
  socket.end(
    `HTTP/1.1 ${code} ${http.STATUS_CODES[code] ?? ''}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function socketSession(ws: WebSocket, raw: Duplex, request: FakeRequest, protocol: string): FakeSocketSession {
  let stalled = false;
  const inbox: { data: Buffer; isBinary: boolean }[] = [];
  const waiting: ((message: { data: Buffer; isBinary: boolean }) => void)[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const message = { data, isBinary };
    const waiter = waiting.shift();
    if (waiter !== undefined) waiter(message);
    else inbox.push(message);
  });
  ws.on('ping', (data: Buffer) => {
    if (!stalled) ws.pong(data);
  });
  ws.on('error', () => ws.terminate());
  return {
    protocol,
    request,
    socket: ws,
    send: (data) => ws.send(data, { binary: typeof data !== 'string' }),
    nextMessage: () => {
      const queued = inbox.shift();
      return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => waiting.push(resolve));
    },
    sendTruncated: (payload, missingBytes) => {
      raw.write(binaryFrameHeader(payload.length + missingBytes));
      raw.write(payload);
      raw.end();
    },
    sendRaw: (bytes) => {
      raw.write(bytes);
    },
    stall: () => {
      stalled = true;
      (raw as Socket).pause();
    },
    close: (code, reason) => ws.close(code, reason),
  };
}

/** The header of one unmasked, final, binary WebSocket frame (RFC 6455 5.2) of `length` bytes. */
export function binaryFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x82, length]);
  if (length < 65536) {
    const header = Buffer.alloc(4);
    header[0] = 0x82;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = 0x82;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}
