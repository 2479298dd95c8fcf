// Namespaces and the pod watch against the real API server: the listed seed pods with their
// containers as the real kubelet reports them, a pod created / relabelled / deleted arriving as
// events (on kwok's node: only the API matters here), a watch whose link breaks resuming from its last resourceVersion without a re-list, and a refusal
// quoted in the server's words. (A real 410 cannot be provoked on demand: the API server's watch
// cache serves old resourceVersions until it evicts, which takes minutes of history; the unit
// tests script both forms of 410.)
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PodSummary, PodWatchEvent } from '../../shared/bridge/resources.ts';
import { CoreError } from '../../main/core/errors/core-error.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { Backoff } from '../../main/core/resources/backoff.ts';
import { listNamespaces } from '../../main/core/resources/namespaces.ts';
import { PodWatch } from '../../main/core/resources/pod-watch.ts';
import { resourceClientFor, type ResourceClient } from '../../main/core/resources/resource-client.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { fakePodManifest, namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { kubectl } from '../cluster/kubectl.ts';
import { Recorder } from '../unit/main/core/resources/scripted-client.ts';

const cluster = inject('cluster');
const WATCH_NAMESPACE = 'porthole-resources-watch';

describe.skipIf(cluster === null)('live resources on the real API server', () => {
  const c = cluster as ClusterInfo;
  let store: KubeconfigStore;
  let admin: ApiClient;
  const watches: PodWatch[] = [];

  beforeAll(async () => {
    store = new KubeconfigStore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
    await admin.ensure('/api/v1/namespaces', namespaceManifest(WATCH_NAMESPACE));
    await admin.ensure(`/api/v1/namespaces/${WATCH_NAMESPACE}/serviceaccounts`, serviceAccountManifest(WATCH_NAMESPACE));
  });
  afterAll(async () => {
    await Promise.all(watches.map((watch) => watch.stop()));
    await admin.raw('DELETE', `/api/v1/namespaces/${WATCH_NAMESPACE}/pods`);
    admin.close();
    store.close();
  });

  function watchPods(client: ResourceClient, namespace: string): Recorder<PodWatchEvent> {
    const events = new Recorder<PodWatchEvent>();
    const watch = new PodWatch({ client, namespace, backoff: new Backoff({ initialMs: 50, maxMs: 500, factor: 2, jitter: 0 }) }, events.push);
    watches.push(watch);
    watch.start();
    return events;
  }

  const snapshotOf = (events: Recorder<PodWatchEvent>, from = 0): Promise<readonly PodSummary[]> =>
    events.until((event) => event.kind === 'snapshot', from).then((event) => (event.kind === 'snapshot' ? event.pods : []));

  /** The first upsert (alone or in a batch) of the named pod satisfying `match`, from index `from` on. */
  async function upserted(events: Recorder<PodWatchEvent>, name: string, match: (pod: PodSummary) => boolean, from = 0): Promise<PodWatchEvent> {
    const matches = (pod: PodSummary): boolean => pod.name === name && match(pod);
    return events.until(
      (event) => (event.kind === 'upsert' && matches(event.pod)) || (event.kind === 'batch' && event.upserts.some(matches)),
      from,
    );
  }

  it('lists namespaces, sorted, with their phase', async () => {
    const namespaces = await listNamespaces(resourceClientFor(store.connection(c.contexts.admin)));
    const names = namespaces.map((namespace) => namespace.name);
    expect(names).toEqual([...names].sort());
    for (const name of ['default', ...c.namespaces]) expect(names).toContain(name);
    expect(namespaces.find((namespace) => namespace.name === c.namespaces[0])?.phase).toBe('Active');
  });

  it("refuses the viewer the namespace list in the server's words", async () => {
    let error: unknown;
    try {
      await listNamespaces(resourceClientFor(store.connection(c.contexts.viewer)));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).userError).toMatchObject({ kind: 'forbidden', httpStatus: 403, context: c.contexts.viewer });
    expect((error as CoreError).userError.detail).toContain(`User "${c.users.viewer}" cannot list resource "namespaces"`);
  });

  it('lists the seed pods with init containers, states, restart counts and previous logs', async () => {
    const client = resourceClientFor(store.connection(c.contexts.admin));
    const podsA = await snapshotOf(watchPods(client, c.pods.multi.namespace));
    const multi = podsA.find((pod) => pod.name === c.pods.multi.name);
    expect(multi).toMatchObject({ namespace: c.pods.multi.namespace, phase: 'Running', nodeName: c.realNode.name, deleting: false });
    expect(multi?.containers.map((container) => [container.kind, container.name, container.state.kind])).toEqual([
      ['init', 'setup', 'terminated'],
      ['main', 'app', 'running'],
      ['main', 'sidecar', 'running'],
    ]);
    expect(multi?.containers[0]?.state).toEqual({ kind: 'terminated', exitCode: 0, reason: 'Completed' });

    const podsB = await snapshotOf(watchPods(client, c.pods.restarted.namespace));
    const restarted = podsB.find((pod) => pod.name === c.pods.restarted.name);
    expect(restarted?.containers).toEqual([expect.objectContaining({ name: 'main', restartCount: 1, hasPreviousLogs: true })]);
    expect(podsA.find((pod) => pod.name === c.pods.single.name)?.containers[0]?.hasPreviousLogs).toBe(false);
  });

  it('sees a pod created, relabelled and deleted', async () => {
    const events = watchPods(resourceClientFor(store.connection(c.contexts.admin)), WATCH_NAMESPACE);
    await events.until((event) => event.kind === 'health' && event.health === 'live');
    const pod = { namespace: WATCH_NAMESPACE, name: 'watched', containers: ['main'], initContainers: [], annotations: {}, node: 'fake' } as const;

    const created = await admin.post<{ metadata: { uid: string } }>(`/api/v1/namespaces/${WATCH_NAMESPACE}/pods`, fakePodManifest(pod));
    await upserted(events, 'watched', (summary) => summary.uid === created.metadata.uid);
    await upserted(events, 'watched', (summary) => summary.phase === 'Running');

    const labelled = await kubectl(c.kubeconfigPath, ['label', 'pod', '-n', WATCH_NAMESPACE, 'watched', 'porthole.test/patched=yes']);
    expect(labelled.stderr).toBe('');
    await upserted(events, 'watched', (summary) => summary.labels['porthole.test/patched'] === 'yes');

    const deleted = await kubectl(c.kubeconfigPath, ['delete', 'pod', '-n', WATCH_NAMESPACE, 'watched', '--wait=false']);
    expect(deleted.stderr).toBe('');
    await events.until(
      (event) =>
        (event.kind === 'delete' && event.uid === created.metadata.uid) ||
        (event.kind === 'batch' && event.deletes.includes(created.metadata.uid)),
    );
  });

  it('after the link breaks, reports it, reconnects and resumes from the last resourceVersion: changes made meanwhile arrive, no re-list', async () => {
    const real = resourceClientFor(store.connection(c.contexts.admin));
    const watchRequests: string[] = [];
    const bodies: Readable[] = [];
    let gate: Promise<void> = Promise.resolve();
    // Passes requests to the real server, but can hold new ones back and cut the open watch.
    const client: ResourceClient = {
      context: real.context,
      describe: (error, resource) => real.describe(error, resource),
      open: async (target, signal) => {
        if (target.query.get('watch') === 'true') {
          await gate;
          watchRequests.push(target.query.get('resourceVersion') ?? '');
        }
        const body = await real.open(target, signal);
        bodies.push(body);
        return body;
      },
    };
    const events = watchPods(client, WATCH_NAMESPACE);
    await events.until((event) => event.kind === 'health' && event.health === 'live');
    const pod = { namespace: WATCH_NAMESPACE, name: 'resumed', containers: ['main'], initContainers: [], annotations: {}, node: 'fake' } as const;
    await admin.post(`/api/v1/namespaces/${WATCH_NAMESPACE}/pods`, fakePodManifest(pod));
    await upserted(events, 'resumed', (summary) => summary.phase === 'Running');

    let openGate: () => void = () => {};
    gate = new Promise<void>((resolve) => (openGate = resolve));
    bodies.at(-1)?.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const lost = await events.until((event) => event.kind === 'health' && event.health === 'reconnecting');
    expect(lost).toMatchObject({ error: { kind: 'network', title: 'Connection reset', context: c.contexts.admin } });

    // Changed while no watch is open.
    const labelled = await kubectl(c.kubeconfigPath, ['label', 'pod', '-n', WATCH_NAMESPACE, 'resumed', 'porthole.test/while-away=yes']);
    expect(labelled.stderr).toBe('');
    const from = events.all.length;
    openGate();
    await upserted(events, 'resumed', (summary) => summary.labels['porthole.test/while-away'] === 'yes', from);
    await events.until((event) => event.kind === 'health' && event.health === 'live', from);
    expect(watchRequests).toHaveLength(2);
    expect(Number(watchRequests[1])).toBeGreaterThan(Number(watchRequests[0]));
    expect(events.all.filter((event) => event.kind === 'snapshot')).toHaveLength(1);
  });
});
