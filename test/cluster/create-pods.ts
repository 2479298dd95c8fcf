// Creates N pods on the test cluster's fake node, many requests in flight at once; kwok then
// marks them Running. Used by the scale benchmark (10,000 pods).
//
//   node test/cluster/create-pods.ts <count> [--namespace NS] [--concurrency C] [--kubeconfig PATH] [--wait]
//
// Without --kubeconfig it uses the cluster started by `npm run cluster:up`. --wait returns only
// once kwok reports every created pod Running.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiClient, type ApiClient, type ClientCredentials } from './api-client.ts';
import { cacheRoot } from './binaries.ts';
import { CONTEXTS, namespaceManifest, fakePodManifest, serviceAccountManifest } from './fixtures.ts';

export const BULK_LABEL = 'porthole.test/bulk';

export type CreatePodsOptions = {
  count: number;
  namespace: string;
  concurrency?: number;
  /** Resolve only once every created pod is Running. */
  waitRunning?: boolean;
  /** Give up waiting for Running after this long. */
  waitTimeoutMs?: number;
};

export type CreatePodsResult = { created: number; createMs: number; runningMs?: number };

export function bulkPodName(index: number): string {
  return `bulk-${String(index).padStart(5, '0')}`;
}

export async function createPods(credentials: ClientCredentials, options: CreatePodsOptions): Promise<CreatePodsResult> {
  if (!Number.isInteger(options.count) || options.count < 0 || options.count > 99_999) {
    throw new RangeError(`count must be an integer from 0 to 99999, got ${options.count}`);
  }
  const concurrency = options.concurrency ?? 64;
  const client = createApiClient(credentials, concurrency);
  try {
    await client.ensure('/api/v1/namespaces', namespaceManifest(options.namespace));
    await client.ensure(`/api/v1/namespaces/${options.namespace}/serviceaccounts`, serviceAccountManifest(options.namespace));
    const started = Date.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < options.count) {
        const index = next++;
        const pod = { namespace: options.namespace, name: bulkPodName(index), containers: ['main'], initContainers: [], annotations: {}, node: 'fake' } as const;
        await client.ensure(`/api/v1/namespaces/${options.namespace}/pods`, fakePodManifest(pod, { [BULK_LABEL]: 'true' }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, options.count) }, worker));
    const createMs = Date.now() - started;
    if (!options.waitRunning) return { created: options.count, createMs };
    await waitAllRunning(client, options.namespace, options.waitTimeoutMs ?? 600_000);
    return { created: options.count, createMs, runningMs: Date.now() - started };
  } finally {
    client.close();
  }
}

async function waitAllRunning(client: ApiClient, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const notRunning = `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(`${BULK_LABEL}=true`)}` +
    `&fieldSelector=${encodeURIComponent('status.phase!=Running')}&limit=1`;
  while (Date.now() < deadline) {
    const list = await client.get<{ items: unknown[] }>(notRunning);
    if (list.items.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`pods in ${namespace} were not all Running after ${timeoutMs / 1000}s`);
}

type KubeconfigFile = {
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { 'client-certificate-data'?: string; 'client-key-data'?: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
};

/** The admin credentials from a kubeconfig written by this harness (JSON, embedded data). */
export function adminCredentials(kubeconfigPath: string): ClientCredentials {
  const config = JSON.parse(readFileSync(kubeconfigPath, 'utf8')) as KubeconfigFile;
  const context = config.contexts.find((c) => c.name === CONTEXTS.admin)?.context;
  const cluster = config.clusters.find((c) => c.name === context?.cluster)?.cluster;
  const user = config.users.find((u) => u.name === context?.user)?.user;
  if (cluster === undefined || user?.['client-certificate-data'] === undefined || user['client-key-data'] === undefined) {
    throw new Error(`${kubeconfigPath} has no '${CONTEXTS.admin}' context with a client certificate`);
  }
  const decode = (data: string): string => Buffer.from(data, 'base64').toString('utf8');
  return {
    server: cluster.server,
    ca: decode(cluster['certificate-authority-data']),
    cert: decode(user['client-certificate-data']),
    key: decode(user['client-key-data']),
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      namespace: { type: 'string', default: 'porthole-scale' },
      concurrency: { type: 'string', default: '64' },
      kubeconfig: { type: 'string' },
      wait: { type: 'boolean', default: false },
    },
  });
  const count = Number(positionals[0]);
  const concurrency = Number(values.concurrency);
  if (positionals.length !== 1 || !Number.isInteger(count) || !Number.isInteger(concurrency) || concurrency < 1) {
    console.error('usage: node test/cluster/create-pods.ts <count> [--namespace NS] [--concurrency C] [--kubeconfig PATH] [--wait]');
    process.exit(2);
  }
  let kubeconfigPath = values.kubeconfig;
  if (kubeconfigPath === undefined) {
    const stateFile = join(cacheRoot(), 'run', 'cluster.json');
    try {
      kubeconfigPath = (JSON.parse(readFileSync(stateFile, 'utf8')) as { kubeconfigPath: string }).kubeconfigPath;
    } catch {
      console.error(`no --kubeconfig given and no cluster state at ${stateFile}; run npm run cluster:up first`);
      process.exit(2);
    }
  }
  const result = await createPods(adminCredentials(kubeconfigPath), {
    count,
    namespace: values.namespace,
    concurrency,
    waitRunning: values.wait,
  });
  const rate = result.createMs > 0 ? Math.round((result.created / result.createMs) * 1000) : result.created;
  console.log(`created ${result.created} pods in ${values.namespace} in ${(result.createMs / 1000).toFixed(1)}s (${rate}/s)`);
  if (result.runningMs !== undefined) console.log(`all Running after ${(result.runningMs / 1000).toFixed(1)}s`);
}

if (import.meta.main) await main();
