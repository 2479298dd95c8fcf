// Port-forward through the real API server and the real node (the kubelet hands the connection
// to containerd, which dials inside the pod's network namespace): an HTTP request carried to
// busybox httpd on port 8081, bytes echoed by `nc -e cat` on port 8080, a port nothing listens on
// reported from the error channel, and RBAC refusing the viewer.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionEvent } from '../../shared/bridge/sessions.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { PortForwardSession } from '../../main/core/port-forward/port-forward-session.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { Recorder } from '../unit/core/resources/scripted-client.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('port-forward through the real API server', () => {
  const c = cluster as ClusterInfo;
  let store: KubeconfigStore;
  const sessions: PortForwardSession[] = [];

  beforeAll(() => {
    store = new KubeconfigStore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.close();
  });
  afterAll(() => store.close());

  async function forward(remotePort: number, context: string = c.contexts.admin): Promise<{ session: PortForwardSession; events: Recorder<SessionEvent>; port: number }> {
    const events = new Recorder<SessionEvent>();
    const pod = c.pods.single;
    const session = new PortForwardSession({
      id: `pf-${remotePort}`,
      emit: events.push,
      connection: store.connection(context),
      request: { context, namespace: pod.namespace, pod: pod.name, remotePort },
    });
    sessions.push(session);
    await session.start();
    expect(session.state.kind).toBe('live');
    return { session, events, port: Number(session.localAddress?.split(':')[1]) };
  }

  function httpGet(port: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('carries an HTTP request to the pod port and its answer back', async () => {
    const { port } = await forward(c.portForward.httpPort);
    expect(await httpGet(port)).toEqual({ status: 200, body: c.portForward.httpBody });
    // Each request is its own connection and its own WebSocket.
    expect(await httpGet(port)).toEqual({ status: 200, body: c.portForward.httpBody });
  });

  it('carries a byte stream both ways (echoed by cat), several connections at once', async () => {
    const { port } = await forward(c.portForward.echoPort);
    const payloads = ['first connection\n', 'second connection, a bit longer\n'];
    const echoed = await Promise.all(
      payloads.map(async (payload) => {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => resolve(s));
          s.once('error', reject);
        });
        socket.write(payload);
        const got = await new Promise<string>((resolve, reject) => {
          let text = '';
          socket.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            if (text.length >= payload.length) resolve(text);
          });
          socket.once('close', () => reject(new Error(`closed after ${JSON.stringify(text)}`)));
        });
        socket.destroy();
        return got;
      }),
    );
    expect(echoed).toEqual(payloads);
  });

  it('reports what the error channel says for a port nothing forwards, and closes that connection', async () => {
    const { session, events, port } = await forward(9);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    socket.resume();
    const notice = await events.until((event) => event.kind === 'notice');
    // containerd's words: the text is relayed, not made up.
    expect(notice.kind === 'notice' && notice.message).toMatch(
      /^Forwarding 127\.0\.0\.1:\d+ to single:9 failed; the server said: error forwarding port 9 to pod .*connection refused/,
    );
    await new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
    expect(session.state.kind).toBe('live');
  });

  it("fails for the viewer with the server's RBAC refusal and frees the port", async () => {
    const { session, events, port } = await forward(c.portForward.httpPort, c.contexts.viewer);
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    const failed = await events.until((event) => event.kind === 'state' && event.state.kind === 'failed');
    expect(failed).toMatchObject({ state: { error: { kind: 'forbidden', httpStatus: 403 } } });
    expect(session.state.kind === 'failed' && session.state.error.detail).toContain(`User "${c.users.viewer}" cannot`);
    expect(session.state.kind === 'failed' && session.state.error.detail).toContain('pods/portforward');
  });
});
