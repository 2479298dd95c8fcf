// The benchmark's loopback exec proxy, against a plain-http stand-in for the API server: it
// forwards exec upgrades with their path and subprotocol, relays bytes both ways untouched, passes
// the server's refusal on, and refuses every other path itself.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startExecProxy, type ExecProxy } from '../../../bench/direct-websocket-proxy.ts';

const EXEC = '/api/v1/namespaces/porthole-a/pods/shell/exec?command=sh&stdin=true&stdout=true&tty=true';

let upstream: Server;
let sockets: WebSocketServer;
let proxy: ExecProxy;
const seen: { path: string; protocol: string }[] = [];

beforeEach(async () => {
  seen.length = 0;
  upstream = createServer((_request, response) => response.writeHead(500).end());
  sockets = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false) });
  upstream.on('upgrade', (request: IncomingMessage, socket, head) => {
    if ((request.url ?? '').includes('pods/missing/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 21\r\n\r\npods "missing" absent');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      seen.push({ path: request.url ?? '', protocol: ws.protocol });
      // An echo with a channel byte in front, as stdout (1) answers stdin (0).
      ws.on('message', (data: Buffer) => ws.send(Buffer.concat([Buffer.of(1), data.subarray(1)])));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  proxy = await startExecProxy({ server: new URL(`http://127.0.0.1:${port}`), tls: {} });
});

afterEach(async () => {
  await proxy.close();
  sockets.close();
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

function connect(path: string): WebSocket {
  return new WebSocket(proxy.url + path, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
}

function refusal(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('open', () => reject(new Error('the upgrade was accepted')));
  });
}

describe('startExecProxy', () => {
  it('forwards an exec upgrade with its path and subprotocol and relays frames both ways', async () => {
    const ws = connect(EXEC);
    await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
    const reply = new Promise<Buffer>((resolve) => ws.once('message', (data: Buffer) => resolve(data)));
    ws.send(Buffer.from('\x00echo hi\r'));
    expect([...(await reply)]).toEqual([...Buffer.from('\x01echo hi\r')]);
    expect(seen).toEqual([{ path: EXEC, protocol: 'v5.channel.k8s.io' }]);
    expect(ws.protocol).toBe('v5.channel.k8s.io');
    ws.close();
  });

  it("passes the API server's refusal on to the page", async () => {
    expect(await refusal(connect('/api/v1/namespaces/porthole-a/pods/missing/exec?command=sh'))).toBe(404);
  });

  it('refuses anything but a pod exec path without asking the API server', async () => {
    expect(await refusal(connect('/api/v1/namespaces/porthole-a/secrets?watch=1'))).toBe(403);
    expect(seen).toEqual([]);
  });

  it('ends relayed connections when it closes', async () => {
    const ws = connect(EXEC);
    await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
    const closed = new Promise((resolve) => ws.on('close', resolve));
    await proxy.close();
    await closed;
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });
});
