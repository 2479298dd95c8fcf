// The pod's own story on the real node: the seed `crashloop` pod's details and live events (read
// only: it is shared), and the pod actions on objects of this file's own: rollout restart of a
// Deployment (new pods replace the old), delete of one of its pods, YAML with and without
// managedFields, and a lone pod that has no workload to restart.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PodDetails, PodDetailsEvent } from '../../shared/bridge/pod-details.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { createCore } from '../../main/core/create-core.ts';
import { RESTARTED_AT_ANNOTATION } from '../../main/core/actions/rollout-restart.ts';
import { createApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { Recorder } from '../unit/main/core/resources/scripted-client.ts';
import { createForwardWorkload, type ForwardWorkload } from './forward-harness.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('pod details and actions on the real node', () => {
  const c = cluster as ClusterInfo;
  let core: PortholeCore;
  let workload: ForwardWorkload;
  const admin = (): string => c.contexts.admin;

  beforeAll(async () => {
    core = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
    workload = await createForwardWorkload(c, 'details-restart', 1);
  }, 90_000);
  afterAll(async () => {
    await workload?.remove();
    await core?.dispose();
  });

  // Its next restart may be minutes away (CrashLoopBackOff doubles the wait): that the watch follows
  // changes is shown on a pod of this file's own, deleted below.
  it('shows the crash-looping pod: its container, exit code 3, restarts, and its events, newest first, the watches live', async () => {
    const { namespace, name } = c.pods.crashloop;
    const seen = new Recorder<PodDetailsEvent>();
    const stop = core.watchPodDetails(admin(), namespace, name, seen.push);
    try {
      const first = await seen.until((event): event is Extract<PodDetailsEvent, { kind: 'pod' }> => event.kind === 'pod' && event.pod !== null);
      const pod = first.pod as PodDetails;
      expect(pod).toMatchObject({ name, namespace, nodeName: c.realNode.name, qosClass: expect.any(String) as unknown });
      const [main] = pod.containers;
      expect(main).toMatchObject({ name: 'main', kind: 'main' });
      const restarts = main?.restartCount ?? 0;
      expect(restarts).toBeGreaterThan(0);
      expect(main?.lastTermination?.exitCode).toBe(3);
      const events = await seen.until((event) => event.kind === 'events' && event.events.length > 0);
      const list = events.kind === 'events' ? events.events : [];
      expect(list.some((event) => event.reason === 'BackOff' || event.reason === 'Started' || event.reason === 'Pulled' || event.reason === 'Created')).toBe(true);
      const times = list.map((event) => Date.parse(event.lastSeen ?? '')).filter((time) => !Number.isNaN(time));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(await seen.until((event) => event.kind === 'health' && event.health === 'live')).toEqual({ kind: 'health', health: 'live' });
    } finally {
      stop();
    }
  }, 60_000);

  it('names the workload of a ReplicaSet pod as its Deployment, and restarts it as kubectl rollout restart does', async () => {
    const [before] = await workload.readyPods();
    expect(before).toBeDefined();
    expect(await core.workloadOf(admin(), workload.namespace, before ?? '')).toEqual({ kind: 'Deployment', name: workload.name });
    expect(await core.restartWorkload(admin(), workload.namespace, before ?? '')).toEqual({ kind: 'Deployment', name: workload.name });

    const api = createApiClient(adminCredentials(c.kubeconfigPath));
    const deployment = await api.get<{ spec: { template: { metadata: { annotations?: Record<string, string> } } } }>(
      `/apis/apps/v1/namespaces/${workload.namespace}/deployments/${workload.name}`,
    );
    expect(Date.parse(deployment.spec.template.metadata.annotations?.[RESTARTED_AT_ANNOTATION] ?? '')).not.toBeNaN();
    // The rollout replaces the pod: a ready pod of another name, the old one gone.
    const deadline = Date.now() + 60_000;
    let pods = await workload.readyPods();
    while (pods.includes(before ?? '') || pods.length === 0) {
      if (Date.now() > deadline) throw new Error(`the rollout did not replace ${before}: ${pods.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      pods = await workload.readyPods();
    }
  }, 90_000);

  it('deletes a pod of its own: the details watch hears it end', async () => {
    const [victim] = await workload.readyPods();
    const seen = new Recorder<PodDetailsEvent>();
    const stop = core.watchPodDetails(admin(), workload.namespace, victim ?? '', seen.push);
    try {
      await seen.until((event) => event.kind === 'pod' && event.pod !== null);
      await core.deletePod(admin(), workload.namespace, victim ?? '');
      const gone = await seen.until((event) => event.kind === 'pod' && (event.pod === null || event.pod.deleting));
      expect(gone.kind).toBe('pod');
    } finally {
      stop();
    }
  }, 60_000);

  it('gives a pod as YAML, managedFields only when asked', async () => {
    const { namespace, name } = c.pods.single;
    const plain = await core.podYaml(admin(), namespace, name, false);
    expect(plain).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    expect(plain).toContain(`  name: ${name}\n`);
    expect(plain).not.toContain('managedFields');
    expect(await core.podYaml(admin(), namespace, name, true)).toContain('managedFields:');
  });

  it('refuses a rollout restart of a lone pod, saying why, and a delete of a pod that does not exist', async () => {
    const { namespace, name } = c.pods.single;
    await expect(core.restartWorkload(admin(), namespace, name)).rejects.toMatchObject({ userError: { title: 'Nothing to restart' } });
    await expect(core.deletePod(admin(), namespace, 'no-such-pod')).rejects.toMatchObject({ userError: { kind: 'not-found' } });
  });
});
