import { afterEach, describe, expect, it } from 'vitest';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { startFakeServer, status, type FakeServer, type FakeServerBehaviour } from '../../../../fake-server/fake-server.ts';
import { rejection, until } from './helpers.ts';

const EXEC_OFFER = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'];
const target = (protocols: readonly string[] = EXEC_OFFER) => ({
  path: '/api/v1/namespaces/shop/pods/web-0/exec',
  query: new URLSearchParams([['command', 'sh'], ['stdout', '1']]),
  protocols,
  resource: 'exec in pod web-0',
});

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});
async function serve(behaviour: FakeServerBehaviour = {}): Promise<FakeServer> {
  fake = await startFakeServer(behaviour);
  return fake;
}

describe('openWebSocket', () => {
  it('offers every protocol in one handshake, in order, and resolves with the server’s choice', async () => {
    const server = await serve();
    const { socket, protocol } = await openWebSocket(server.connection(), target());
    expect(protocol).toBe('v5.channel.k8s.io');
    expect(socket.protocol).toBe('v5.channel.k8s.io');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.offeredProtocols).toEqual(EXEC_OFFER);
    expect(server.requests[0]?.path).toBe('/api/v1/namespaces/shop/pods/web-0/exec');
    expect(server.requests[0]?.query.getAll('command')).toEqual(['sh']);
    socket.terminate();
  });

  it('hands the socket over paused: frames sent with the handshake answer wait for the caller’s listener', async () => {
    const server = await serve({
      onSocket: (session) => {
        session.send(new Uint8Array([1, 104, 105]));
        session.send(new Uint8Array([2, 33]));
        // Answered only when asked, so its arrival proves everything sent before it was delivered.
        void session.nextMessage().then(() => session.send(new Uint8Array([3])));
      },
    });
    const { socket } = await openWebSocket(server.connection(), target());
    // A macrotask later: a socket left flowing would have emitted both frames to no listener by now.
    await new Promise((resolve) => setImmediate(resolve));
    const received: number[][] = [];
    const lastArrived = new Promise<void>((resolve) =>
      socket.on('message', (data: Buffer) => {
        received.push([...data]);
        if (data[0] === 3) resolve();
      }),
    );
    socket.resume();
    socket.send(new Uint8Array([0]));
    await lastArrived;
    expect(received).toEqual([[1, 104, 105], [2, 33], [3]]);
    socket.terminate();
  });

  it('hands over the connection under the socket: what is written to it while corked leaves as frames', async () => {
    const server = await serve({
      onSocket: (session) => {
        void session.nextMessage().then((first) =>
          session.nextMessage().then((second) => session.send(new Uint8Array([1, ...first.data, ...second.data]))),
        );
      },
    });
    const { socket, transport } = await openWebSocket(server.connection(), target());
    expect(transport.remotePort).toBe(Number(new URL(server.connection().server).port));
    const echoed = new Promise<number[]>((resolve) => socket.on('message', (data: Buffer) => resolve([...data])));
    socket.resume();
    transport.cork();
    socket.send(new Uint8Array([0, 7]));
    socket.send(new Uint8Array([0, 8]));
    expect(transport.writableLength).toBeGreaterThan(0); // held back by the cork
    transport.uncork();
    expect(await echoed).toEqual([1, 0, 7, 0, 8]);
    socket.terminate();
  });

  it('takes whatever offered protocol an older server speaks (channel.k8s.io only)', async () => {
    const server = await serve({ protocols: ['channel.k8s.io', 'base64.channel.k8s.io'] });
    const { socket, protocol } = await openWebSocket(server.connection(), target());
    expect(protocol).toBe('channel.k8s.io');
    socket.terminate();
  });

  it('an empty-body 403 after offering protocols is "protocol-refused" listing the offer', async () => {
    const server = await serve({ protocols: ['v4.channel.k8s.io'] });
    const error = await rejection(openWebSocket(server.connection(), target(['v5.channel.k8s.io'])));
    expect(error.userError).toMatchObject({ kind: 'protocol-refused', httpStatus: 403, context: 'fake' });
    expect(error.userError.detail).toContain('v5.channel.k8s.io');
    expect(error.userError.detail).toContain('1.30');
  });

  it('a refused upgrade with a Status body is mapped from the status AND the body', async () => {
    const message = 'pods "web-0" is forbidden: User "viewer" cannot create resource "pods/exec" in API group "" in the namespace "shop"';
    const server = await serve({ refuse: { status: 403, body: status(403, 'Forbidden', message, { name: 'web-0', kind: 'pods' }) } });
    const error = await rejection(openWebSocket(server.connection(), target()));
    expect(error.userError).toMatchObject({ kind: 'forbidden', title: 'Denied by RBAC', httpStatus: 403 });
    expect(error.userError.detail).toContain(message);
  });

  it('reads a huge refusal body only up to its bound and still reports the status', async () => {
    const server = await serve({ refuse: { status: 500, body: 'e'.repeat(5 * 1024 * 1024) } });
    const error = await rejection(openWebSocket(server.connection(), target()));
    expect(error.userError).toMatchObject({ kind: 'server-error', httpStatus: 500 });
    expect(error.userError.detail.length).toBeLessThan(2000);
  });

  it.each([
    ['choose-none', 'without choosing any subprotocol'],
    ['choose-unoffered', 'v99.not-offered.k8s.io'],
  ] as const)('a server that answers %s is a protocol error', async (misbehave, says) => {
    const server = await serve({ misbehave });
    const error = await rejection(openWebSocket(server.connection(), target()));
    expect(error.userError.kind).toBe('protocol');
    expect(error.userError.detail).toContain(says);
  });

  it('a server that never answers the upgrade hits the handshake timeout', async () => {
    const server = await serve({ neverAnswer: true });
    const error = await rejection(openWebSocket(server.connection(), target(), { handshakeTimeoutMs: 200 }));
    expect(error.userError).toMatchObject({ kind: 'network', title: 'Connection timed out' });
    expect(error.userError.detail).toContain('0.2 s');
  });

  it('aborting rejects with the signal’s reason and leaves no connection behind', async () => {
    const server = await serve({ neverAnswer: true });
    const controller = new AbortController();
    const opening = openWebSocket(server.connection(), target(), { signal: controller.signal });
    await until(() => server.requests.length === 1);
    const reason = new Error('user closed the tab');
    controller.abort(reason);
    await expect(opening).rejects.toBe(reason);
  });

  it('an already aborted signal rejects before connecting', async () => {
    const server = await serve();
    const reason = new Error('never mind');
    await expect(openWebSocket(server.connection(), target(), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests).toHaveLength(0);
  });

  it('offering nothing is refused before any request', async () => {
    const server = await serve();
    const error = await rejection(openWebSocket(server.connection(), target([])));
    expect(error.userError.kind).toBe('invalid-request');
    expect(server.requests).toHaveLength(0);
  });

  it('a refused connection is a network error naming the address', async () => {
    const server = await serve();
    const connection = server.connection();
    await server.close();
    fake = undefined;
    const error = await rejection(openWebSocket(connection, target()));
    expect(error).toBeInstanceOf(CoreError);
    expect(error.userError).toMatchObject({ kind: 'network', title: 'Connection refused' });
    expect(error.userError.detail).toContain(`127.0.0.1:${server.port}`);
  });

  it('keeps a path prefix of the server URL (clusters behind a path-routing proxy)', async () => {
    const server = await serve();
    const { connectionFromKubeconfig } = await import('../../../../fake-server/fake-server.ts');
    const prefixed = connectionFromKubeconfig(server.kubeconfigFor({ cluster: { server: `${server.url}/k8s/clusters/c-1` } }));
    const { socket } = await openWebSocket(prefixed, target());
    expect(server.requests[0]?.path).toBe('/k8s/clusters/c-1/api/v1/namespaces/shop/pods/web-0/exec');
    socket.terminate();
  });
});
