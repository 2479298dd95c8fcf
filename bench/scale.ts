// Scale in the core: N pods in a namespace (10,000 in the full run, made by create-pods.ts). Time
// from watchPods() to the first snapshot through a fresh core vs `kubectl get pods -o json` to
// /dev/null; and the time from a label change written to the API server (PUT) to the core's event
// carrying it, vs @kubernetes/client-node's Watch seeing the MODIFIED event.
import { performance } from 'node:perf_hooks';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { createCore } from '../main/core/create-core.ts';
import { DEFAULT_COALESCE_MS } from '../main/core/resources/pod-change-batcher.ts';
import type { PodSummary, PodWatchEvent } from '../shared/bridge/resources.ts';
import { createApiClient, type ApiClient } from '../test/cluster/api-client.ts';
import { adminCredentials, bulkPodName, createPods } from '../test/cluster/create-pods.ts';
import type { BenchContext } from './context.ts';
import { kubectlEnv, timeCommand } from './processes.ts';
import { measure, median, type BenchResult } from './results.ts';

export interface ScaleSizes {
  readonly pods: number;
  readonly labelChanges: number;
}

export const SCALE_NAMESPACE = 'porthole-bench-scale';
const LABEL = 'porthole.bench/change';
const EVENT_TIMEOUT_MS = 60_000;

export class ScaleTimeoutError extends Error {
  override readonly name = 'ScaleTimeoutError';
}

function waitFor<T>(what: string, subscribe: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ScaleTimeoutError(`${what}: nothing after ${EVENT_TIMEOUT_MS} ms`)), EVENT_TIMEOUT_MS);
    subscribe((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function carries(pods: readonly PodSummary[], name: string, value: string): boolean {
  return pods.some((pod) => pod.name === name && pod.labels[LABEL] === value);
}

/** Changes the pod's label with a read-modify-write PUT; resolves once the API server answered. */
async function relabel(client: ApiClient, name: string, value: string): Promise<void> {
  const path = `/api/v1/namespaces/${SCALE_NAMESPACE}/pods/${name}`;
  const pod = await client.get<{ metadata: { labels?: Record<string, string> } }>(path);
  pod.metadata.labels = { ...pod.metadata.labels, [LABEL]: value };
  const answer = await client.raw('PUT', path, pod);
  if (answer.status !== 200) throw new Error(`PUT ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
}

/** Milliseconds from PUT to `seen(value)` resolving, for each of `count` changes of pod `name`. */
async function changeLatencies(client: ApiClient, name: string, count: number, tag: string, seen: (value: string) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = `${tag}-${i}`;
    const arrived = seen(value);
    const started = performance.now();
    await relabel(client, name, value);
    await arrived;
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * How many pods the namespace holds (only createPods's bulk pods live there), and whether any is
 * not Running yet. Without a selector: the API server counts the rest of a list
 * (remainingItemCount) only for lists that have none.
 */
async function bulkPods(client: ApiClient): Promise<{ count: number; allRunning: boolean }> {
  const path = `/api/v1/namespaces/${SCALE_NAMESPACE}/pods?limit=1`;
  const list = await client.get<{ items: unknown[]; metadata: { remainingItemCount?: number } }>(path);
  const pending = await client.get<{ items: unknown[] }>(`${path}&fieldSelector=${encodeURIComponent('status.phase!=Running')}`);
  return { count: list.items.length + (list.metadata.remainingItemCount ?? 0), allRunning: pending.items.length === 0 };
}

/**
 * The namespace's `count` pods, all Running: created when missing. The scale benchmarks share
 * them (10,000 pods take minutes to create), so the second one finds them made.
 */
export async function ensureScalePods(context: BenchContext, count: number): Promise<void> {
  const credentials = adminCredentials(context.cluster.kubeconfigPath);
  const client = createApiClient(credentials);
  try {
    const existing = await bulkPods(client);
    if (existing.count === count && existing.allRunning) return;
  } finally {
    client.close();
  }
  context.progress(`scale: creating ${count} pods`);
  const created = await createPods(credentials, { count, namespace: SCALE_NAMESPACE, waitRunning: true });
  context.progress(`scale: created in ${created.createMs} ms, Running after ${created.runningMs} ms`);
}

export async function scale(context: BenchContext, sizes: ScaleSizes): Promise<BenchResult[]> {
  const { cluster } = context;
  await ensureScalePods(context, sizes.pods);
  const client = createApiClient(adminCredentials(cluster.kubeconfigPath));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  const target = bulkPodName(Math.floor(sizes.pods / 2));
  const snapshot = { core: [] as number[], kubectl: [] as number[] };
  const change = { core: [] as number[], clientNode: [] as number[] };
  try {
    for (let round = 0; round < context.repetitions; round++) {
      context.progress(`scale: round ${round + 1} of ${context.repetitions}`);
      // A fresh core each round: the pod watch hub would otherwise answer from its cache.
      const core = await createCore({ kubeconfigEnv: cluster.kubeconfigPath, watch: false });
      let listener: (event: PodWatchEvent) => void = () => {};
      const started = performance.now();
      const first = waitFor<readonly PodSummary[]>('core snapshot', (resolve) => {
        listener = (event) => {
          if (event.kind === 'snapshot') resolve(event.pods);
        };
      });
      const stop = core.watchPods(cluster.contexts.admin, SCALE_NAMESPACE, (event) => listener(event));
      try {
        const pods = await first;
        snapshot.core.push(performance.now() - started);
        if (pods.length !== sizes.pods) throw new Error(`the snapshot held ${pods.length} of ${sizes.pods} pods`);
        const coreChanges = await changeLatencies(client, target, sizes.labelChanges, `core-${round}`, (value) =>
          waitFor<void>(`core event for ${value}`, (resolve) => {
            listener = (event) => {
              if ((event.kind === 'upsert' && carries([event.pod], target, value)) || (event.kind === 'batch' && carries(event.upserts, target, value))) resolve();
            };
          }),
        );
        change.core.push(median(coreChanges));
      } finally {
        stop();
        await core.dispose();
      }
      snapshot.kubectl.push(await timeCommand('kubectl', ['get', 'pods', '-n', SCALE_NAMESPACE, '-o', 'json'], kubectlEnv(cluster.kubeconfigPath)));

      let onModified: (labels: Record<string, string>) => void = () => {};
      const watching = await new Watch(kubeConfig).watch(
        `/api/v1/namespaces/${SCALE_NAMESPACE}/pods`,
        { fieldSelector: `metadata.name=${target}` },
        (phase, object: { metadata?: { labels?: Record<string, string> } }) => {
          if (phase === 'MODIFIED') onModified(object.metadata?.labels ?? {});
        },
        () => {},
      );
      try {
        const peerChanges = await changeLatencies(client, target, sizes.labelChanges, `watch-${round}`, (value) =>
          waitFor<void>(`client-node event for ${value}`, (resolve) => {
            onModified = (labels) => {
              if (labels[LABEL] === value) resolve();
            };
          }),
        );
        change.clientNode.push(median(peerChanges));
      } finally {
        watching.abort();
      }
    }
  } finally {
    client.close();
  }
  const count = sizes.pods.toLocaleString('en-US');
  return [
    {
      benchmark: 'Scale',
      case: `first snapshot of ${count} pods in a namespace`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: measure('Porthole core (watchPods, fresh core)', snapshot.core),
      peer: measure('kubectl get pods -o json to /dev/null', snapshot.kubectl),
      command: `core.watchPods(admin, '${SCALE_NAMESPACE}', ...) until 'snapshot' vs kubectl get pods -n ${SCALE_NAMESPACE} -o json >/dev/null`,
    },
    {
      benchmark: 'Scale',
      case: `label change (PUT) to its event, ${count} pods watched (median of ${sizes.labelChanges} changes per round)`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: measure('Porthole core (upsert or batch event)', change.core),
      peer: measure('@kubernetes/client-node Watch (MODIFIED)', change.clientNode),
      command: `PUT pods/${target} with a new label, timed to core.watchPods's upsert vs new Watch(kc).watch(pods?fieldSelector=metadata.name=${target})`,
      note: `the peer watches one pod; the core watches the whole namespace and coalesces changes for ${DEFAULT_COALESCE_MS} ms (DEFAULT_COALESCE_MS, main/core/resources/pod-change-batcher.ts)`,
    },
  ];
}
