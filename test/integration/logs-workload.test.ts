// Workload logs on the real node: a Deployment of our own (never the seed `web`) rolled out while a
// merged log follows it, a container that exits and restarts, and one the kernel kills for memory.
// Every writer prints `<pod> <n>` with n counting from 1, so a gap or a duplicate shows per pod.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LogLine } from '../../shared/bridge/sessions.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { scriptPodManifest } from '../cluster/real-node/seed-manifests.ts';
import { deploymentsPath, writerDeploymentManifest, type TemplateAnnotations } from '../cluster/real-node/writer-deployment.ts';
import { RealLogs, linesOf, waitFor } from './logs-harness.ts';

const cluster = inject('cluster');
const NAMESPACE = 'porthole-logs-workload';
const WRITER = 'writer';

/** The numbers of each pod's lines, in the order they arrived. */
function numbersByPod(lines: readonly LogLine[]): Map<string, number[]> {
  const byPod = new Map<string, number[]>();
  for (const line of lines) {
    if (line.marker !== undefined) continue;
    const match = /^(\S+) (\d+)$/.exec(line.text);
    if (match === null) throw new Error(`not a writer line: ${JSON.stringify(line)}`);
    const [, pod, n] = match as unknown as [string, string, string];
    expect(pod).toBe(line.pod);
    byPod.set(pod, [...(byPod.get(pod) ?? []), Number(n)]);
  }
  return byPod;
}

const markers = (lines: readonly LogLine[], kind: LogLine['marker']): LogLine[] => lines.filter((line) => line.marker === kind);

describe.skipIf(cluster === null)('workload logs on the real node', () => {
  const c = cluster as ClusterInfo;
  let logs: RealLogs;
  let admin: ApiClient;

  beforeAll(async () => {
    logs = new RealLogs(c);
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
    await admin.ensure('/api/v1/namespaces', namespaceManifest(NAMESPACE));
    await admin.ensure(`/api/v1/namespaces/${NAMESPACE}/serviceaccounts`, serviceAccountManifest(NAMESPACE));
  });
  afterAll(async () => {
    await logs.close();
    await admin.raw('DELETE', `${deploymentsPath(NAMESPACE)}/${WRITER}`);
    await admin.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods`);
    admin.close();
  });

  async function runningPods(selector: string): Promise<string[]> {
    const list = await admin.get<{ items: { metadata: { name: string; deletionTimestamp?: string }; status: { phase: string } }[] }>(
      `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=${encodeURIComponent(selector)}`,
    );
    return list.items.filter((pod) => pod.status.phase === 'Running' && pod.metadata.deletionTimestamp === undefined).map((pod) => pod.metadata.name);
  }

  it('follows a Deployment through a rollout: every line of every pod once, joins and leaves marked', async () => {
    const path = deploymentsPath(NAMESPACE);
    // One line every 10 ms per pod.
    await admin.post(path, writerDeploymentManifest({ namespace: NAMESPACE, name: WRITER, replicas: 3, intervalSeconds: 0.01 }, c.images));
    await waitFor(async () => (await runningPods(`app=${WRITER}`)).length === 3, 200);
    const before = await runningPods(`app=${WRITER}`);

    const { log } = logs.merged({ namespace: NAMESPACE, selector: `app=${WRITER}`, follow: true, mainContainersOnly: true });
    await waitFor(() => new Set(linesOf(log).map((line) => line.pod)).size === 3, 100);

    // A template change rolls it out: three new pods, the three old ones deleted.
    const deployment = await admin.get<TemplateAnnotations>(`${path}/${WRITER}`);
    deployment.spec.template.metadata.annotations = { 'porthole.test/rollout': String(Date.now()) };
    const put = await admin.raw('PUT', `${path}/${WRITER}`, deployment);
    expect(put.status).toBe(200);
    await waitFor(() => markers(linesOf(log), 'left').length === 3 && markers(linesOf(log), 'joined').length === 3, 100);
    const after = await runningPods(`app=${WRITER}`);
    // The new pods have written a while: their lines keep arriving.
    await waitFor(() => after.every((pod) => (numbersByPod(linesOf(log)).get(pod)?.length ?? 0) >= 50), 100);

    const lines = linesOf(log);
    const byPod = numbersByPod(lines);
    expect([...byPod.keys()].sort()).toEqual([...before, ...after].sort());
    for (const [pod, numbers] of byPod) {
      // From the pod's first line on, none missing and none twice.
      expect(numbers, pod).toEqual(numbers.map((_, index) => index + 1));
    }
    expect(markers(lines, 'left').map((line) => line.text).sort()).toEqual(before.map((pod) => `pod ${pod} deleted`).sort());
    expect(markers(lines, 'joined').map((line) => line.text).sort()).toEqual(after.map((pod) => `pod ${pod} joined`).sort());
    // A pod's leaving comes after its last line, its joining before its first.
    const indexOf = (predicate: (line: LogLine) => boolean): number => lines.findIndex(predicate);
    const lastIndexOf = (predicate: (line: LogLine) => boolean): number => lines.findLastIndex(predicate);
    for (const pod of before) {
      expect(indexOf((line) => line.marker === 'left' && line.pod === pod)).toBeGreaterThan(lastIndexOf((line) => line.marker === undefined && line.pod === pod));
    }
    for (const pod of after) {
      expect(indexOf((line) => line.marker === 'joined' && line.pod === pod)).toBeLessThan(indexOf((line) => line.marker === undefined && line.pod === pod));
    }
  });

  it('marks a restarted container with its exit, and shows the previous instance in full before the new one', async () => {
    const name = 'exits-after-40';
    // Each run prints its number and 40 lines, then exits 1; the emptyDir keeps the run count.
    const script = 'r=$(($(cat /state/runs 2>/dev/null || echo 0) + 1)); echo $r > /state/runs; i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo "run$r $i"; sleep 0.01; done; exit 1';
    await admin.post(`/api/v1/namespaces/${NAMESPACE}/pods`, scriptPodManifest({ namespace: NAMESPACE, name, labels: { 'porthole.test/restart': 'yes' } }, script, c.images));
    const { log } = logs.merged({ namespace: NAMESPACE, selector: 'porthole.test/restart=yes', follow: true });
    await waitFor(() => linesOf(log).some((line) => line.text === 'run2 40'), 100);

    const lines = linesOf(log).filter((line) => line.pod === name);
    const texts = lines.map((line) => (line.marker === undefined ? line.text : `[${line.marker}] ${line.text}`));
    const run = (r: number): string[] => Array.from({ length: 40 }, (_, i) => `run${r} ${i + 1}`);
    expect(texts.slice(0, 82)).toEqual([...run(1), '[restarted] container main restarted: exit 1, Error', ...run(2)]);
  });

  it('marks a container the kernel killed for memory as OOMKilled, exit 137', async () => {
    const name = 'out-of-memory';
    // A shell variable of 64 MiB in a 16 MiB container: the kernel kills it; then it sleeps.
    const script = 'r=$(($(cat /state/runs 2>/dev/null || echo 0) + 1)); echo $r > /state/runs; echo "run $r"; if [ $r -eq 1 ]; then x=$(head -c 67108864 /dev/zero | tr "\\0" a); fi; sleep 3600';
    const manifest = scriptPodManifest({ namespace: NAMESPACE, name, labels: { 'porthole.test/oom': 'yes' } }, script, c.images) as {
      spec: { containers: { resources?: object }[] };
    };
    for (const container of manifest.spec.containers) container.resources = { limits: { memory: '16Mi' } };
    await admin.post(`/api/v1/namespaces/${NAMESPACE}/pods`, manifest);
    const { log } = logs.merged({ namespace: NAMESPACE, selector: 'porthole.test/oom=yes', follow: true });
    await waitFor(() => linesOf(log).some((line) => line.text === 'run 2'), 100);
    const texts = linesOf(log).map((line) => (line.marker === undefined ? line.text : `[${line.marker}] ${line.text}`));
    expect(texts).toEqual(['run 1', '[restarted] container main restarted: exit 137, OOMKilled', 'run 2']);
  });
});
