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
import { createApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { echoPodManifest } from '../cluster/real-node/seed-manifests.ts';
import { Recorder } from '../unit/main/core/resources/scripted-client.ts';

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

  async function forward(
    remotePort: number,
    context: string = c.contexts.admin,
    pod: { namespace: string; name: string } = c.pods.single,
  ): Promise<{ session: PortForwardSession; events: Recorder<SessionEvent>; port: number }> {
    const events = new Recorder<SessionEvent>();
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

  function connectTo(port: number): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
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

  it('a pod deleted under a forward: its open connection ends, and the forward fails with the server\'s words, freeing the port', async () => {
    const admin = createApiClient(adminCredentials(c.kubeconfigPath));
    const target = { namespace: 'porthole-forward', name: 'forward-target' };
    const port = 9000;
    try {
      await admin.ensure('/api/v1/namespaces', namespaceManifest(target.namespace));
      await admin.ensure(`/api/v1/namespaces/${target.namespace}/serviceaccounts`, serviceAccountManifest(target.namespace));
      await admin.ensure(`/api/v1/namespaces/${target.namespace}/pods`, echoPodManifest(target, port, c.images));
      const podPath = `/api/v1/namespaces/${target.namespace}/pods/${target.name}`;
      type PodStatus = { status?: { conditions?: { type: string; status: string }[] } };
      const ready = async (): Promise<boolean> =>
        (await admin.get<PodStatus>(podPath)).status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') === true;
      while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 200));

      const { session, events, port: local } = await forward(port, c.contexts.admin, target);
      const socket = await connectTo(local);
      socket.write('before\n');
      await new Promise<void>((resolve) => socket.once('data', () => resolve()));
      const closed = new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
      socket.on('error', () => {});

      await admin.raw('DELETE', `${podPath}?gracePeriodSeconds=0`);
      await closed;
      // Until the pod is gone from the API, a new connection is refused by the kubelet (a notice);
      // once it is, the server's 404 ends the forward: the reason is shown and the port freed.
      while (session.state.kind === 'live') {
        const again = await connectTo(local);
        again.on('error', () => {});
        again.resume();
        await new Promise<void>((resolve) => again.once('close', () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(session.state).toMatchObject({ kind: 'failed', error: { kind: 'not-found', httpStatus: 404 } });
      expect(session.state.kind === 'failed' && session.state.error.detail).toContain(`pods "${target.name}" not found`);
      await expect(connectTo(local)).rejects.toThrow(/ECONNREFUSED/);
      expect(events.all.filter((event) => event.kind === 'state').at(-1)).toMatchObject({ state: { kind: 'failed' } });
    } finally {
      await admin.raw('DELETE', `/api/v1/namespaces/${target.namespace}`);
      admin.close();
    }
  });
});
