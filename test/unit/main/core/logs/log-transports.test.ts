// The two transports against small local servers, for what a real API server does not do on
// demand: cut a response mid-body, vanish without a close frame, stop answering pings, send a
// malformed message. (That they read real logs is shown against the real cluster, in
// test/integration/logs-*.test.ts.)
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import type { ClusterConnection } from '../../../../../main/core/connection/cluster-connection.ts';
import { httpLogTransport } from '../../../../../main/core/logs/http-log-transport.ts';
import type { LogConnection, LogConnectionTarget, LogTransport } from '../../../../../main/core/logs/log-transport.ts';
import { LOG_SUBPROTOCOLS, webSocketLogTransport } from '../../../../../main/core/logs/websocket-log-transport.ts';
import { bytesOf } from '../../../../support/bytes.ts';

function localConnection(server: Server): ClusterConnection {
  const { port } = server.address() as AddressInfo;
  const url = new URL(`http://127.0.0.1:${port}`);
  return {
    context: 'local',
    user: 'tester',
    server: url,
    requestOptions: async () => ({ headers: {} }),
    errorContext: (resource, extra) => ({ context: 'local', user: 'tester', server: url.href, resource, ...extra }),
  };
}

const TARGET: LogConnectionTarget = {
  path: '/api/v1/namespaces/shop/pods/web-0/log',
  query: new URLSearchParams({ follow: 'true', timestamps: 'true' }),
  resource: 'logs of pod web-0',
  namespace: 'shop',
  pod: 'web-0',
};

type Outcome = { kind: 'end'; text: string } | { kind: 'error'; text: string; error: UserError };

/** Opens one connection and collects what it delivers until it ends or errs. */
async function collect(transport: LogTransport): Promise<{ connection: LogConnection; outcome: Promise<Outcome> }> {
  const decoder = new TextDecoder();
  let text = '';
  let settle: (outcome: Outcome) => void = () => {};
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const connection = await transport(
    TARGET,
    {
      data: (chunk) => (text += decoder.decode(chunk, { stream: true })),
      end: () => settle({ kind: 'end', text }),
      error: (error) => settle({ kind: 'error', text, error }),
    },
    new AbortController().signal,
  );
  return { connection, outcome };
}

const servers: Server[] = [];
const serverSockets: WebSocket[] = [];
afterEach(async () => {
  // An upgraded socket is no longer the HTTP server's; a paused one would keep close() waiting.
  for (const socket of serverSockets.splice(0)) socket.terminate();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(handler?: (response: ServerResponse, url: string) => void): Promise<Server> {
  const server = createServer((request, response) => handler?.(response, request.url ?? ''));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('httpLogTransport', () => {
  it('delivers the chunked body and ends cleanly with it', async () => {
    let seenUrl = '';
    const server = await listen((response, url) => {
      seenUrl = url;
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('first line\nsec');
      setImmediate(() => response.end('ond line\n'));
    });
    const { connection, outcome } = await collect(httpLogTransport(localConnection(server)));
    expect(connection.protocol).toBe('http');
    expect(await outcome).toEqual({ kind: 'end', text: 'first line\nsecond line\n' });
    expect(seenUrl).toBe('/api/v1/namespaces/shop/pods/web-0/log?follow=true&timestamps=true');
  });

  it('reports a body cut short as a drop, not as the end of the log', async () => {
    const server = await listen((response) => {
      response.writeHead(200);
      response.write('partial\n', () => response.socket?.destroy());
    });
    const { outcome } = await collect(httpLogTransport(localConnection(server)));
    const result = await outcome;
    expect(result).toMatchObject({ kind: 'error', text: 'partial\n' });
    if (result.kind !== 'error') throw new Error('expected an error');
    expect(['connection-lost', 'network']).toContain(result.error.kind);
  });
});

describe('webSocketLogTransport', () => {
  async function wsServer(onConnection: (socket: WebSocket) => void, pick?: (offered: Set<string>) => string): Promise<{ server: Server; offered: () => string[] }> {
    const server = await listen();
    let offered: string[] = [];
    const wss = new WebSocketServer({
      server,
      handleProtocols: (protocols) => {
        offered = [...protocols];
        return pick === undefined ? [...protocols][0] ?? false : pick(protocols);
      },
    });
    wss.on('connection', (socket) => {
      serverSockets.push(socket);
      onConnection(socket);
    });
    server.once('close', () => wss.close());
    return { server, offered: () => offered };
  }

  it('offers binary.k8s.io then base64.binary.k8s.io and reads binary messages until a normal close', async () => {
    const { server, offered } = await wsServer((socket) => {
      const bytes = bytesOf('é split\n');
      socket.send(new Uint8Array(0)); // the server's empty first message
      socket.send(bytes.subarray(0, 1)); // half of é: the transport passes bytes, not text
      socket.send(bytes.subarray(1));
      socket.close(1000);
    });
    const { connection, outcome } = await collect(webSocketLogTransport(localConnection(server)));
    expect(offered()).toEqual([...LOG_SUBPROTOCOLS]);
    expect(offered()).toEqual(['binary.k8s.io', 'base64.binary.k8s.io']);
    expect(connection.protocol).toBe('binary.k8s.io');
    expect(await outcome).toEqual({ kind: 'end', text: 'é split\n' });
  });

  it('decodes base64.binary.k8s.io text messages', async () => {
    const { server } = await wsServer(
      (socket) => {
        socket.send('');
        socket.send(Buffer.from('héllo\nwor').toString('base64'));
        socket.send(Buffer.from('ld\n').toString('base64'));
        socket.close(1000);
      },
      () => 'base64.binary.k8s.io',
    );
    const { connection, outcome } = await collect(webSocketLogTransport(localConnection(server)));
    expect(connection.protocol).toBe('base64.binary.k8s.io');
    expect(await outcome).toEqual({ kind: 'end', text: 'héllo\nworld\n' });
  });

  it('reports a vanished server (no close frame) as a drop', async () => {
    const { server } = await wsServer((socket) => {
      socket.send(bytesOf('line\n'));
      setImmediate(() => socket.terminate());
    });
    const { outcome } = await collect(webSocketLogTransport(localConnection(server)));
    expect(await outcome).toMatchObject({ kind: 'error', text: 'line\n', error: { kind: 'connection-lost', detail: expect.stringMatching(/code 1006/) } });
  });

  it('reports a text message under binary.k8s.io as a protocol error', async () => {
    const { server } = await wsServer((socket) => socket.send('not binary'));
    const { outcome } = await collect(webSocketLogTransport(localConnection(server)));
    expect(await outcome).toMatchObject({ kind: 'error', error: { kind: 'protocol', title: 'Malformed log message' } });
  });

  it('reports malformed base64 as a protocol error', async () => {
    const { server } = await wsServer((socket) => socket.send('@@@@'), () => 'base64.binary.k8s.io');
    const { outcome } = await collect(webSocketLogTransport(localConnection(server)));
    expect(await outcome).toMatchObject({ kind: 'error', error: { kind: 'protocol', detail: expect.stringMatching(/base64/) } });
  });

  it('reports a server that stops answering pings as connection lost', async () => {
    const { server } = await wsServer((socket) => {
      socket.send(bytesOf('then silence\n'));
      // Stop reading: pings are never seen, so no pong ever comes back.
      (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    });
    const transport = webSocketLogTransport(localConnection(server), { keepalive: { intervalMs: 20, timeoutMs: 60 } });
    const { outcome } = await collect(transport);
    expect(await outcome).toMatchObject({ kind: 'error', text: 'then silence\n', error: { kind: 'connection-lost', title: 'Connection lost' } });
  });
});
