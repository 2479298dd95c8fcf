// Port-forward through the real API server and the real node (the kubelet hands the connection
// to containerd, which dials inside the pod's network namespace): an HTTP request carried to
// busybox httpd on port 8081, bytes echoed by `nc -e cat` on port 8080, a port nothing listens on
// reported from the error channel, and RBAC refusing the viewer. Forwards to a workload and a
// Service of the test's own (forward-harness.ts): a pod deleted under a forward while a client
// loops requests through it, a named target port, kept forwards across a restart of the core,
// a taken local port, and forwards that must never be live (a missing pod, an unusable context).
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { PortForwardRequest, SessionEvent } from '../../shared/bridge/sessions.ts';
import { createCore } from '../../main/core/create-core.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { PortForwardSession } from '../../main/core/port-forward/port-forward-session.ts';
import { PodWatchHub } from '../../main/core/resources/pod-watch-hub.ts';
import { resourceClientFor } from '../../main/core/resources/resource-client.ts';
import { createApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { echoPodManifest } from '../cluster/real-node/seed-manifests.ts';
import { Recorder } from '../unit/main/core/resources/scripted-client.ts';
import { createForwardWorkload, httpGet, type ForwardWorkload } from './forward-harness.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('port-forward through the real API server', () => {
  const c = cluster as ClusterInfo;
  let store: KubeconfigStore;
  let pods: PodWatchHub;
  const sessions: PortForwardSession[] = [];

  beforeAll(() => {
    store = new KubeconfigStore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
    pods = new PodWatchHub((context) => resourceClientFor(store.connection(context)));
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.close();
  });
  afterAll(async () => {
    await pods.close();
    store.close();
  });

  async function startForward(request: PortForwardRequest): Promise<{ session: PortForwardSession; events: Recorder<SessionEvent> }> {
    const events = new Recorder<SessionEvent>();
    const session = new PortForwardSession({
      id: `pf-${sessions.length}`,
      emit: events.push,
      connection: store.connection(request.context),
      request,
      watchPods: (context, namespace, listener, selector) => pods.watch(context, namespace, listener, selector),
    });
    sessions.push(session);
    await session.start();
    return { session, events };
  }

  async function forward(
    remotePort: number,
    context: string = c.contexts.admin,
    pod: { namespace: string; name: string } = c.pods.single,
  ): Promise<{ session: PortForwardSession; events: Recorder<SessionEvent>; port: number }> {
    const { session, events } = await startForward({ context, namespace: pod.namespace, target: { kind: 'pod', name: pod.name }, remotePort });
    expect(session.state.kind).toBe('live');
    return { session, events, port: Number(session.localAddress?.split(':')[1]) };
  }

  const wasLive = (events: Recorder<SessionEvent>): boolean => events.all.some((event) => event.kind === 'state' && event.state.kind === 'live');

  function connectTo(port: number): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
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

  it("fails for the viewer with the server's RBAC refusal, never live, and frees the port", async () => {
    const { session, events } = await startForward({ context: c.contexts.viewer, namespace: c.pods.single.namespace, target: { kind: 'pod', name: c.pods.single.name }, remotePort: c.portForward.httpPort });
    expect(session.state).toMatchObject({ kind: 'failed', error: { kind: 'forbidden', httpStatus: 403 } });
    expect(session.state.kind === 'failed' && session.state.error.detail).toContain(`User "${c.users.viewer}" cannot`);
    expect(session.state.kind === 'failed' && session.state.error.detail).toContain('pods/portforward');
    expect(wasLive(events)).toBe(false);
    await expect(connectTo(Number(session.localAddress?.split(':')[1]))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a forward to a missing pod is never live, and says the pod does not exist', async () => {
    const { session, events } = await startForward({ context: c.contexts.admin, namespace: c.pods.single.namespace, target: { kind: 'pod', name: 'no-such-pod' }, remotePort: 80 });
    expect(session.state).toMatchObject({ kind: 'failed', error: { title: 'No pod to forward to', detail: 'Pod no-such-pod does not exist.' } });
    expect(wasLive(events)).toBe(false);
  });

  it('a forward through an unusable context (an untrusted CA) is never live, and says why', async () => {
    const { session, events } = await startForward({ context: c.contexts.badCa, namespace: c.pods.single.namespace, target: { kind: 'pod', name: c.pods.single.name }, remotePort: c.portForward.httpPort });
    expect(session.state).toMatchObject({ kind: 'failed', error: { kind: 'tls' } });
    expect(wasLive(events)).toBe(false);
  });

  it('a taken local port is a clear error naming the port and the process holding it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const localPort = (taken.address() as { port: number }).port;
    try {
      const { session } = await startForward({ context: c.contexts.admin, namespace: c.pods.single.namespace, target: { kind: 'pod', name: c.pods.single.name }, remotePort: c.portForward.httpPort, localPort });
      expect(session.state).toMatchObject({ kind: 'failed', error: { title: `Local port ${localPort} in use` } });
      expect(session.state.kind === 'failed' && session.state.error.detail).toContain(`127.0.0.1:${localPort} is already in use by `);
      expect(session.state.kind === 'failed' && session.state.error.detail).toContain(`(pid ${process.pid})`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  describe('to a workload and a Service of its own', () => {
    let workload: ForwardWorkload;
    beforeAll(async () => {
      workload = await createForwardWorkload(c, `pf-move-${process.pid}`);
    }, 90_000);
    afterAll(async () => {
      await workload.remove();
    });

    it('moves to another ready pod when its pod is deleted: a client looping requests succeeds again within 5 s, and the forward names the new pod', async () => {
      const { session, events } = await startForward({ context: c.contexts.admin, namespace: workload.namespace, target: { kind: 'deployment', name: workload.name }, remotePort: workload.containerPort });
      expect(session.state.kind).toBe('live');
      const port = Number(session.localAddress?.split(':')[1]);
      const first = session.info().forward?.pod;
      expect(first).toBeDefined();
      expect(await httpGet(port)).toEqual({ status: 200, body: c.web.body });

      await workload.deletePod(first ?? '');
      // Requests keep coming, as a user's client would send them; after the move one succeeds
      // through another pod before 5 s have passed since the delete.
      const deadline = Date.now() + 5000;
      let served: { status: number; body: string } | null = null;
      while (Date.now() < deadline) {
        const answer = await httpGet(port).catch(() => null);
        if (answer !== null && session.info().forward?.pod !== first) {
          served = answer;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(served).toEqual({ status: 200, body: c.web.body });
      const now = session.info().forward?.pod;
      expect(now).not.toBe(first);
      expect(events.all.filter((event) => event.kind === 'notice').map((event) => event.kind === 'notice' && event.message)).toContain(`Now via ${now}`);
      expect(session.state.kind).toBe('live');
    }, 30_000);

    it("forwards to a Service, resolving its port to the pods' named target port", async () => {
      const { session } = await startForward({ context: c.contexts.admin, namespace: workload.namespace, target: { kind: 'service', name: workload.name }, remotePort: workload.servicePort });
      expect(session.state.kind).toBe('live');
      expect(session.info()).toMatchObject({ title: `svc/${workload.name}:80`, forward: { podPort: workload.containerPort, http: true } });
      expect(await httpGet(Number(session.localAddress?.split(':')[1]))).toEqual({ status: 200, body: c.web.body });
      // The client has its answer; the connection's WebSocket closes just after.
      await vi.waitFor(() => expect(session.info().forward).toMatchObject({ totalConnections: 1, openConnections: 0 }));
      expect(session.info().forward?.bytesFromPod).toBeGreaterThan(c.web.body.length);
    });

    it('a Service port the Service does not have is refused with the ports it has', async () => {
      const { session, events } = await startForward({ context: c.contexts.admin, namespace: workload.namespace, target: { kind: 'service', name: workload.name }, remotePort: 81 });
      expect(session.state).toMatchObject({ kind: 'failed', error: { title: 'No such Service port', detail: `Service ${workload.name} has no port 81; its ports are 80 (http).` } });
      expect(wasLive(events)).toBe(false);
    });

    it('kept forwards start again when the app starts with the same state directory', async () => {
      const stateDirectory = mkdtempSync(join(tmpdir(), 'porthole-forwards-'));
      const request: PortForwardRequest = { context: c.contexts.admin, namespace: workload.namespace, target: { kind: 'service', name: workload.name }, remotePort: workload.servicePort };
      try {
        const before = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false, stateDirectory });
        const kept = await before.keepForward(request);
        expect(await before.listSavedForwards()).toEqual([kept]);
        await before.dispose();

        const after = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false, stateDirectory });
        try {
          expect(await after.listSavedForwards()).toEqual([kept]);
          const started = after.listSessions().filter((info) => info.kind === 'port-forward');
          expect(started.map((info) => info.forwardRequest)).toEqual([request]);
          // Started in the background: live once its probe was accepted.
          const deadline = Date.now() + 10_000;
          while (after.listSessions()[0]?.state.kind === 'connecting' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
          const info = after.listSessions()[0];
          expect(info?.state.kind).toBe('live');
          expect(await httpGet(Number(info?.localAddress?.split(':')[1]))).toEqual({ status: 200, body: c.web.body });
        } finally {
          await after.dispose();
        }
      } finally {
        rmSync(stateDirectory, { recursive: true, force: true });
      }
    }, 30_000);
  });

  it('a pod deleted under a forward: its open connection ends, and the forward is no longer live, saying why', async () => {
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
      // The pod watch says it is going: the forward is no longer live (a pod of that name may come
      // back, as a StatefulSet's does), and says why.
      const waiting = await events.until((event) => event.kind === 'state' && event.state.kind === 'resuming');
      expect(waiting).toMatchObject({ state: { error: { title: 'No pod to forward to', detail: expect.stringMatching(new RegExp(`^Pod ${target.name} (is being deleted|does not exist)\\.$`)) as string } } });
      expect(session.info().forward?.lastError).toMatch(new RegExp(`^Pod ${target.name} `));
    } finally {
      await admin.raw('DELETE', `/api/v1/namespaces/${target.namespace}`);
      admin.close();
    }
  });
});
