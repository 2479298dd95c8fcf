import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PodSummary, PodWatchEvent } from '../../../../../shared/bridge/resources.ts';
import type { PortForwardRequest, SessionEvent } from '../../../../../shared/bridge/sessions.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import type { WatchPods } from '../../../../../main/core/port-forward/pod-follower.ts';
import { PortForwardSession, type PortForwardSessionInit } from '../../../../../main/core/port-forward/port-forward-session.ts';
import { Recorder } from '../resources/scripted-client.ts';
import { collectData, echoPod, FakePortForwardServer, sendPortPrefixes } from './fake-port-forward-server.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fakeServer(behaviour = echoPod): Promise<FakePortForwardServer> {
  const server = await FakePortForwardServer.start(behaviour);
  cleanups.push(() => server.close());
  return server;
}

const podRequest: PortForwardRequest = { context: 'unit', namespace: 'shop', target: { kind: 'pod', name: 'web-0' }, remotePort: 8080 };

function runningPod(name: string, fields: Partial<PodSummary> = {}): PodSummary {
  return { uid: `uid-${name}`, name, namespace: 'shop', phase: 'Running', labels: { app: 'web' }, containers: [], deleting: false, ready: true, ...fields };
}

/** The shared pod watch as the forward sees it: a snapshot of `pods` first, then what the test sends. */
class FakePodWatch {
  readonly selectors: string[] = [];
  readonly #listeners = new Set<(event: PodWatchEvent) => void>();
  readonly #pods: readonly PodSummary[];

  constructor(pods: readonly PodSummary[]) {
    this.#pods = pods;
  }

  readonly watch: WatchPods = (_context, _namespace, listener, selector) => {
    this.selectors.push(selector);
    this.#listeners.add(listener);
    listener({ kind: 'snapshot', pods: this.#pods });
    return () => this.#listeners.delete(listener);
  };

  send(event: PodWatchEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  get subscribers(): number {
    return this.#listeners.size;
  }
}

function startSession(server: FakePortForwardServer, extra: Partial<PortForwardSessionInit> = {}): { session: PortForwardSession; events: Recorder<SessionEvent> } {
  const events = new Recorder<SessionEvent>();
  const session = new PortForwardSession({
    id: 'pf-1',
    emit: events.push,
    connection: server.connection(),
    request: podRequest,
    watchPods: new FakePodWatch([runningPod('web-0')]).watch,
    ...extra,
  });
  cleanups.push(() => session.close());
  return { session, events };
}

async function liveSession(
  server: FakePortForwardServer,
  extra: Partial<PortForwardSessionInit> = {},
): Promise<{ session: PortForwardSession; events: Recorder<SessionEvent>; port: number }> {
  const { session, events } = startSession(server, extra);
  await session.start();
  expect(session.state).toEqual({ kind: 'live', protocol: 'v4.channel.k8s.io' });
  // The probe that made it live is not a forwarded connection: the tests count only those.
  server.upgrades.splice(0);
  server.sockets.splice(0);
  const port = Number(session.localAddress?.split(':')[1]);
  return { session, events, port };
}

function connectLocal(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
    cleanups.push(() => void socket.destroy());
  });
}

/** Everything the socket receives until the other side ends it. */
function readToEnd(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

/** Reads exactly `length` bytes. */
function readBytes(socket: Socket, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      got += chunk.length;
      if (got >= length) {
        socket.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed after ${got} of ${length} bytes`)));
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
}

function connectionRefused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const isNotice = (event: SessionEvent): event is Extract<SessionEvent, { kind: 'notice' }> => event.kind === 'notice';
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('PortForwardSession', () => {
  it('listens on 127.0.0.1, goes live, and reports its local address', async () => {
    const server = await fakeServer();
    const { session, events } = await liveSession(server);
    expect(session.localAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(session.info()).toMatchObject({ id: 'pf-1', kind: 'port-forward', title: 'web-0:8080', localAddress: session.localAddress });
    expect(events.all.filter((event) => event.kind === 'state')).toEqual([{ kind: 'state', id: 'pf-1', state: { kind: 'live', protocol: 'v4.channel.k8s.io' } }]);
  });

  it('forwards a connection both ways over the portforward endpoint, offering v4 only', async () => {
    const server = await fakeServer();
    const { port } = await liveSession(server);
    const local = await connectLocal(port);
    local.write('hello pod');
    expect((await readBytes(local, 9)).toString()).toBe('hello pod');
    expect(server.upgrades).toEqual([{ url: '/api/v1/namespaces/shop/pods/web-0/portforward?ports=8080', offered: 'v4.channel.k8s.io' }]);
  });

  it('gives every accepted connection its own WebSocket, and keeps their streams apart', async () => {
    const server = await fakeServer();
    const { port } = await liveSession(server);
    const locals = await Promise.all([1, 2, 3].map(() => connectLocal(port)));
    const sent = locals.map((local) => {
      const payload = randomBytes(200_000);
      local.write(payload);
      return { local, payload };
    });
    for (const { local, payload } of sent) expect(sha(await readBytes(local, payload.length))).toBe(sha(payload));
    expect(server.sockets).toHaveLength(3);
  });

  it('reads nothing from the local client before its WebSocket is open, and loses nothing either', async () => {
    const server = await fakeServer();
    const { session, port } = await liveSession(server);
    let release: () => void = () => {};
    server.gate = new Promise<void>((resolve) => (release = resolve));
    const local = await connectLocal(port);
    local.write('GET / HTTP/1.0\r\n\r\n');
    // The upgrade is held: the bytes wait unread in the kernel, not in our memory.
    await vi.waitFor(() => expect(server.upgrades).toHaveLength(1));
    expect(session.connections[0]?.buffered).toEqual({ toPod: 0, toLocal: 0, localPaused: true, socketPaused: false });
    release();
    expect((await readBytes(local, 18)).toString()).toBe('GET / HTTP/1.0\r\n\r\n');
  });

  it('strips the port prefix: the pod data arrives without it, and the client sends none', async () => {
    const server = await fakeServer((socket, _request, port) => {
      const received = collectData(socket);
      // Prefix and first data in one frame, as a server may send them.
      socket.send(Buffer.concat([Buffer.of(0, port & 0xff, port >> 8), Buffer.from('banner\n')]));
      socket.send(Uint8Array.of(1, port & 0xff, port >> 8));
      socket.on('message', () => {
        if (received.bytes().toString() === 'ping') socket.send(Buffer.concat([Buffer.of(0), received.bytes()]));
      });
    });
    const { port } = await liveSession(server);
    const local = await connectLocal(port);
    expect((await readBytes(local, 7)).toString()).toBe('banner\n');
    local.write('ping');
    expect((await readBytes(local, 4)).toString()).toBe('ping');
  });

  it('reports text on the error channel as a notice and closes that connection only', async () => {
    const server = await fakeServer((socket, _request, port) => {
      sendPortPrefixes(socket, port);
      // The kubelet's wording; split mid-message across two frames.
      socket.send(Buffer.concat([Buffer.of(1), Buffer.from('error forwarding port 8080 to pod web-0: dial tcp ')]));
      socket.send(Buffer.concat([Buffer.of(1), Buffer.from('127.0.0.1:8080: connect: connection refused')]));
      socket.close();
    });
    const { session, events, port } = await liveSession(server);
    const local = await connectLocal(port);
    const notice = await events.until(isNotice);
    expect(notice.message).toContain(
      'web-0:8080 failed; the server said: error forwarding port 8080 to pod web-0: dial tcp 127.0.0.1:8080: connect: connection refused',
    );
    await closed(local);
    expect(session.state.kind).toBe('live');

    server.behaviour = echoPod;
    const next = await connectLocal(port);
    next.write('still works');
    expect((await readBytes(next, 11)).toString()).toBe('still works');
  });

  it('closes a connection whose server announces the wrong port, saying why', async () => {
    const server = await fakeServer((socket) => sendPortPrefixes(socket, 9090));
    const { events, port } = await liveSession(server);
    const local = await connectLocal(port);
    const notice = await events.until(isNotice);
    expect(notice.message).toMatch(/Port-forward protocol error.*began with port 9090.*expected 8080/);
    await closed(local);
  });

  it('ends the local connection gracefully, after all data, when the pod side closes', async () => {
    const body = randomBytes(300_000);
    const server = await fakeServer((socket, _request, port) => {
      sendPortPrefixes(socket, port);
      socket.send(Buffer.concat([Buffer.of(0), body]), () => socket.close());
    });
    const { events, port } = await liveSession(server);
    const local = await connectLocal(port);
    expect(sha(await readToEnd(local))).toBe(sha(body));
    expect(events.all.filter(isNotice)).toEqual([]);
  });

  it('ends the connection when the local client ends its side, after forwarding all it sent (v4 has no half-close)', async () => {
    let podSide: { bytes: () => Buffer } | undefined;
    const server = await fakeServer((socket, request, port) => {
      sendPortPrefixes(socket, port);
      podSide = collectData(socket);
    });
    const { session, events, port } = await liveSession(server);
    const local = await connectLocal(port);
    const payload = randomBytes(500_000);
    local.end(payload);
    // CLOSED: the close handshake is complete, so every data frame before it has arrived.
    await vi.waitFor(() => expect(server.sockets[0]?.readyState).toBe(3), { timeout: 4000 });
    expect(sha(podSide?.bytes() ?? Buffer.alloc(0))).toBe(sha(payload));
    local.resume();
    await closed(local);
    await vi.waitFor(() => expect(session.connections).toHaveLength(0));
    expect(events.all.filter(isNotice)).toEqual([]);
  });

  it('closes the pod side when the local client closes, without a notice', async () => {
    const server = await fakeServer();
    const { session, events, port } = await liveSession(server);
    const local = await connectLocal(port);
    local.write('x');
    await readBytes(local, 1);
    const podSide = server.sockets[0];
    const podSideClosed = new Promise<void>((resolve) => podSide?.once('close', () => resolve()));
    local.destroy();
    await podSideClosed;
    await vi.waitFor(() => expect(session.connections).toHaveLength(0));
    expect(events.all.filter(isNotice)).toEqual([]);
  });

  it('ends a connection whose server stops answering pings, saying so', async () => {
    const server = await fakeServer((socket, request, port) => {
      echoPod(socket, request, port);
      // The link dies silently: nothing is read any more, so no pong comes back.
      socket.once('message', () => (socket as unknown as { _socket: { pause: () => void } })._socket.pause());
    });
    const { session, events, port } = await liveSession(server, { keepalive: { intervalMs: 10, timeoutMs: 50 } });
    const local = await connectLocal(port);
    local.resume();
    local.write('x');
    const notice = await events.until(isNotice);
    expect(notice.message).toMatch(/failed: Connection lost\. The API server did not answer a keepalive ping/);
    await closed(local);
    expect(session.state.kind).toBe('live');
  });

  it('fails the session and frees the port when the server refuses the upgrade (pod not found)', async () => {
    const server = await fakeServer();
    const { session, events, port } = await liveSession(server);
    server.refusal = {
      status: 404,
      body: JSON.stringify({ kind: 'Status', status: 'Failure', message: 'pods "web-0" not found', reason: 'NotFound', code: 404, details: { name: 'web-0', kind: 'pods' } }),
    };
    const local = await connectLocal(port);
    const failed = await events.until((event) => event.kind === 'state' && event.state.kind === 'failed');
    expect(failed).toMatchObject({ state: { error: { kind: 'not-found', httpStatus: 404, detail: expect.stringContaining('pods "web-0" not found') as string } } });
    expect(session.state.kind).toBe('failed');
    await closed(local);
    expect(await connectionRefused(port)).toBe('ECONNREFUSED');
  });

  it('reports a server error on one upgrade as a notice and stays live', async () => {
    const server = await fakeServer();
    const { session, events, port } = await liveSession(server);
    server.refusal = { status: 500, body: JSON.stringify({ kind: 'Status', status: 'Failure', message: 'kubelet unreachable', code: 500 }) };
    const local = await connectLocal(port);
    expect((await events.until(isNotice)).message).toContain('kubelet unreachable');
    await closed(local);
    expect(session.state.kind).toBe('live');
  });

  it('on close stops listening and closes every connection', async () => {
    const server = await fakeServer();
    const { session, events, port } = await liveSession(server);
    const locals = await Promise.all([connectLocal(port), connectLocal(port)]);
    locals.forEach((local) => local.write('x'));
    await Promise.all(locals.map((local) => readBytes(local, 1)));
    expect(session.connections).toHaveLength(2);

    const podSidesClosed = server.sockets.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
    session.close();
    await Promise.all(locals.map(closed));
    await Promise.all(podSidesClosed);
    expect(session.connections).toHaveLength(0);
    expect(await connectionRefused(port)).toBe('ECONNREFUSED');
    expect(events.all.at(-1)).toEqual({ kind: 'state', id: 'pf-1', state: { kind: 'closed' } });
  });

  it('fails with a clear error when the local port is taken', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const localPort = (taken.address() as { port: number }).port;
    const server = await fakeServer();
    const { session } = startSession(server, { request: { ...podRequest, localPort } });
    await session.start();
    // This test's own process holds the port, and /proc says so.
    expect(session.state).toMatchObject({
      kind: 'failed',
      error: { kind: 'network', title: `Local port ${localPort} in use`, detail: expect.stringContaining(`127.0.0.1:${localPort} is already in use by `) as string },
    });
    if (process.platform === 'linux') expect(session.state).toMatchObject({ error: { detail: expect.stringContaining(`(pid ${process.pid})`) as string } });
    expect(server.upgrades).toEqual([]);
  });

  it.each([
    [{ remotePort: 0 }, 'request.remotePort must be an integer from 1 to 65535'],
    [{ remotePort: 65536 }, 'request.remotePort must be an integer from 1 to 65535'],
    [{ remotePort: 80.5 }, 'request.remotePort must be an integer from 1 to 65535'],
    [{ remotePort: 80, localPort: -1 }, 'request.localPort must be an integer from 0 to 65535'],
    [{ remotePort: 80, target: { kind: 'pod', name: '' } }, 'request.target.name must'],
    [{ remotePort: 80, target: { kind: 'cronjob', name: 'x' } }, 'request.target.kind must be one of'],
  ])('refuses an invalid request %j', async (fields, problem) => {
    const server = await fakeServer();
    const create = (): PortForwardSession =>
      new PortForwardSession({
        id: 'pf-3',
        emit: () => {},
        connection: server.connection(),
        request: { ...podRequest, ...fields } as PortForwardRequest,
        watchPods: new FakePodWatch([]).watch,
      });
    expect(create).toThrow(CoreError);
    expect(create).toThrow(problem);
  });

  it('is never live when the server refuses the probe: failed at once with the reason, the port released', async () => {
    const server = await fakeServer();
    server.refusal = { status: 403, body: JSON.stringify({ kind: 'Status', status: 'Failure', message: 'pods "web-0" is forbidden: cannot create pods/portforward', reason: 'Forbidden', code: 403 }) };
    const { session, events } = startSession(server);
    await session.start();
    expect(session.state).toMatchObject({ kind: 'failed', error: { kind: 'forbidden', detail: expect.stringContaining('cannot create pods/portforward') as string } });
    expect(events.all.some((event) => event.kind === 'state' && event.state.kind === 'live')).toBe(false);
    expect(await connectionRefused(Number(session.localAddress?.split(':')[1]))).toBe('ECONNREFUSED');
  });

  it('is never live for a pod that does not exist, and says so without asking the server to forward', async () => {
    const server = await fakeServer();
    const { session, events } = startSession(server, { watchPods: new FakePodWatch([runningPod('web-1')]).watch });
    await session.start();
    expect(session.state).toMatchObject({ kind: 'failed', error: { title: 'No pod to forward to', detail: 'Pod web-0 does not exist.' } });
    expect(events.all.some((event) => event.kind === 'state' && event.state.kind === 'live')).toBe(false);
    expect(server.upgrades).toEqual([]);
  });

  it('fails at once when the pods cannot even be watched (an unusable context)', async () => {
    const server = await fakeServer();
    const watchPods: WatchPods = (_context, _namespace, listener) => {
      listener({ kind: 'health', health: 'connecting', error: { kind: 'tls', title: 'Certificate not trusted', detail: 'self-signed certificate in chain' } });
      return () => {};
    };
    const { session } = startSession(server, { watchPods });
    await session.start();
    expect(session.state).toMatchObject({ kind: 'failed', error: { kind: 'tls', title: 'Certificate not trusted' } });
  });

  it('moves to another ready pod when its pod goes, ending the old connections and saying so', async () => {
    const server = await fakeServer();
    const pods = new FakePodWatch([runningPod('web-b', { createdAt: '2026-01-02T00:00:00Z' }), runningPod('web-a', { createdAt: '2026-01-01T00:00:00Z' })]);
    const request: PortForwardRequest = { ...podRequest, target: { kind: 'selector', selector: 'app=web' } };
    const { session, events, port } = await liveSession(server, { request, watchPods: pods.watch });
    expect(pods.selectors).toEqual(['app=web']);
    expect(session.info()).toMatchObject({ title: 'app=web:8080', forward: { pod: 'web-a', podPort: 8080 } });
    const old = await connectLocal(port);
    old.write('x');
    await readBytes(old, 1);
    expect(server.upgrades[0]?.url).toBe('/api/v1/namespaces/shop/pods/web-a/portforward?ports=8080');

    pods.send({ kind: 'upsert', pod: runningPod('web-a', { deleting: true }) });
    expect((await events.until(isNotice)).message).toBe('Now via web-b');
    await closed(old);
    const next = await connectLocal(port);
    next.write('y');
    expect((await readBytes(next, 1)).toString()).toBe('y');
    expect(server.upgrades[1]?.url).toBe('/api/v1/namespaces/shop/pods/web-b/portforward?ports=8080');
    expect(session.info().forward).toMatchObject({ pod: 'web-b', openConnections: 1, totalConnections: 2 });
    expect(session.state.kind).toBe('live');
  });

  it('is not live while no pod serves (connections refused), and live again once one does', async () => {
    const server = await fakeServer();
    const pods = new FakePodWatch([runningPod('web-a')]);
    const request: PortForwardRequest = { ...podRequest, target: { kind: 'selector', selector: 'app=web' } };
    const { session, events, port } = await liveSession(server, { request, watchPods: pods.watch });

    pods.send({ kind: 'delete', uid: 'uid-web-a' });
    expect(session.state).toMatchObject({ kind: 'resuming', error: { title: 'No pod to forward to', detail: 'pods with app=web has no pods.' } });
    expect(session.info().forward).toMatchObject({ lastError: 'pods with app=web has no pods.' });
    const refused = await connectLocal(port);
    await closed(refused);

    pods.send({ kind: 'upsert', pod: runningPod('web-c', { ready: false }) });
    expect(session.state.kind).toBe('resuming');
    pods.send({ kind: 'upsert', pod: runningPod('web-c') });
    expect(session.state.kind).toBe('live');
    expect(events.all.filter(isNotice).map((notice) => notice.message)).toEqual(['Now via web-c']);
  });

  it('counts connections and bytes both ways, and takes an HTTP answer as an HTTP port', async () => {
    const server = await fakeServer((socket, _request, port) => {
      sendPortPrefixes(socket, port);
      socket.on('message', () => socket.send(Buffer.concat([Buffer.of(0), Buffer.from('HTTP/1.0 200 OK\r\n\r\n')]), () => socket.close()));
    });
    const { session, events, port } = await liveSession(server, { request: { ...podRequest, remotePort: 7000 } });
    expect(session.info().forward).toMatchObject({ http: false, totalConnections: 0 });
    const local = await connectLocal(port);
    local.write('GET / HTTP/1.0\r\n\r\n');
    await readToEnd(local);
    await vi.waitFor(() => expect(session.connections).toHaveLength(0));
    const last = events.all.filter((event) => event.kind === 'forward').at(-1);
    expect(last).toMatchObject({ status: { openConnections: 0, totalConnections: 1, bytesToPod: 18, bytesFromPod: 19, http: true } });
  });

  it('stops reading the local client while the WebSocket holds more than the high watermark', async () => {
    let podReader: { pause: () => void; resume: () => void } | undefined;
    let received: { bytes: () => Buffer } | undefined;
    const server = await fakeServer((socket, _request, port) => {
      sendPortPrefixes(socket, port);
      received = collectData(socket);
      // The pod stops reading: TCP fills up between us and it.
      const raw = (socket as unknown as { _socket: { pause: () => void; resume: () => void } })._socket;
      raw.pause();
      podReader = raw;
    });
    const watermarks = { high: 256 * 1024, low: 64 * 1024 };
    const { session, port } = await liveSession(server, { watermarks });
    const local = await connectLocal(port);
    const payload = randomBytes(48 * 1024 * 1024);
    local.write(payload);

    // Paused by backpressure (not merely not started yet): the WebSocket holds a backlog.
    await vi.waitFor(
      () => {
        const buffered = session.connections[0]?.buffered;
        expect(buffered?.localPaused && buffered.toPod > watermarks.low).toBe(true);
      },
      { timeout: 20_000, interval: 5 },
    );
    // One chunk read from the local socket (64 KiB at most) may land after the watermark.
    expect(session.connections[0]?.buffered.toPod).toBeLessThanOrEqual(watermarks.high + 64 * 1024 + 16);

    podReader?.resume();
    await vi.waitFor(() => expect(received?.bytes().length).toBe(payload.length), { timeout: 30_000, interval: 20 });
    expect(sha(received?.bytes() ?? Buffer.alloc(0))).toBe(sha(payload));
  }, 60_000);

  it('stops reading the WebSocket while the local client does not take the data', async () => {
    const payload = randomBytes(48 * 1024 * 1024);
    const server = await fakeServer((socket, _request, port) => {
      sendPortPrefixes(socket, port);
      // Send in 64 KiB frames, each once the last was handed to the kernel (the pod's own TCP backpressure).
      let offset = 0;
      const sendNext = (): void => {
        if (offset >= payload.length) {
          socket.close();
          return;
        }
        const piece = payload.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        socket.send(Buffer.concat([Buffer.of(0), piece]), sendNext);
      };
      sendNext();
    });
    const { session, port } = await liveSession(server);
    const local = await connectLocal(port);
    local.pause();

    await vi.waitFor(() => expect(session.connections[0]?.buffered.socketPaused).toBe(true), { timeout: 20_000, interval: 5 });
    // What waits in our local socket is bounded by one received message past its high-water mark.
    expect(session.connections[0]?.buffered.toLocal).toBeLessThanOrEqual(1024 * 1024);

    const all = readToEnd(local);
    local.resume();
    expect(sha(await all)).toBe(sha(payload));
  }, 60_000);
});
