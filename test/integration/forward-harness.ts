// A workload of a forward test's own (never the seed `web`, which every file shares): a Deployment
// of the web image (busybox httpd) with `replicas` pods on the real node, ready by a TCP probe, and a
// Service whose port 80 targets the container port by NAME ('http'), as `kubectl port-forward
// svc/x` must resolve it. Pods of it may be deleted by the test that made it; `remove()` deletes it.
import { request } from 'node:http';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { WEB_WORKLOAD } from '../cluster/fixtures.ts';
import { webManifests } from '../cluster/real-node/seed-manifests.ts';

export interface ForwardWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly servicePort: number;
  readonly containerPort: number;
  /** Names of the workload's pods that are Ready and not being deleted, oldest first. */
  readyPods(): Promise<string[]>;
  /** Deletes one pod at once (grace 0): its ReplicaSet makes another. */
  deletePod(name: string): Promise<void>;
  remove(): Promise<void>;
}

interface PodList {
  items: { metadata: { name: string; creationTimestamp: string; deletionTimestamp?: string }; status?: { conditions?: { type: string; status: string }[] } }[];
}

export async function createForwardWorkload(cluster: ClusterInfo, name: string, replicas = 2): Promise<ForwardWorkload> {
  const api: ApiClient = createApiClient(adminCredentials(cluster.kubeconfigPath));
  const { namespace, containerPort } = WEB_WORKLOAD;
  const base = `/apis/apps/v1/namespaces/${namespace}/deployments`;
  const manifests = webManifests({ refs: cluster.images }, { name, replicas });
  await api.post(base, manifests.deployment);
  await api.post(`/api/v1/namespaces/${namespace}/services`, manifests.service);

  const readyPods = async (): Promise<string[]> => {
    const list = await api.get<PodList>(`/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(`app=${name}`)}`);
    return list.items
      .filter((pod) => pod.metadata.deletionTimestamp === undefined && pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || a.metadata.name.localeCompare(b.metadata.name))
      .map((pod) => pod.metadata.name);
  };
  // Ready within a minute on a loaded machine (the image is local; the probe runs every second).
  const deadline = Date.now() + 60_000;
  while ((await readyPods()).length < replicas) {
    if (Date.now() > deadline) throw new Error(`deployment ${name}: ${replicas} pods not ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    namespace,
    name,
    servicePort: 80,
    containerPort,
    readyPods,
    deletePod: async (pod) => {
      await api.raw('DELETE', `/api/v1/namespaces/${namespace}/pods/${pod}`, { gracePeriodSeconds: 0 });
    },
    remove: async () => {
      await api.raw('DELETE', `${base}/${name}`, { propagationPolicy: 'Background', gracePeriodSeconds: 0 });
      await api.raw('DELETE', `/api/v1/namespaces/${namespace}/services/${name}`);
      api.close();
    },
  };
}

/** One GET of / through a forward's local port, on a connection of its own. */
export function httpGet(port: number): Promise<{ status: number; body: string }> {
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
