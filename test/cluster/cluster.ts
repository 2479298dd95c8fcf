// Starts and stops one real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver and
// kwok (as the fake node's kubelet), each on a free port, with data, certificates and logs in
// a fresh temporary directory. Everything it starts is stopped by stop(), and also when the
// owning process exits or receives SIGINT/SIGTERM/SIGHUP. For fault tests, the process that
// started a cluster can also restart its kube-apiserver and stop and start its kwok.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, type ApiClient } from './api-client.ts';
import { ClusterUnavailableError, ensureBinaries, readVersions, type Binaries, type Versions } from './binaries.ts';
import {
  CONTEXTS,
  KWOK_NODE_ANNOTATION,
  NAMESPACES,
  NODE_NAME,
  PORT_FORWARD_HTTP_BODY,
  PORT_FORWARD_PORTS,
  REAL_NODE_NAME,
  SEED_PODS,
  STATIC_LOG_LINES,
  USERS,
  WEB_WORKLOAD,
  fakePodManifest,
  namespaceManifest,
  nodeManifest,
  rbacManifests,
  serviceAccountManifest,
  type SeedPod,
  type SeedPodName,
} from './fixtures.ts';
import { ensureImages, type ImageSet } from './images/images.ts';
import { planRealNode, realNodeUnavailableReason, startRealNode, type PlannedNode } from './real-node/real-node.ts';
import { realSeedPods, webManifests } from './real-node/seed-manifests.ts';
import { buildKubeconfig } from './kubeconfig.ts';
import { kubectl } from './kubectl.ts';
import { buildKwokConfig, type LogFiles } from './kwok-config.ts';
import { createPki, type ClusterPki } from './pki.ts';
import { freePorts } from './ports.ts';
import { startProcess, type ManagedProcess, type StartOptions } from './processes.ts';


/** Everything a test needs to know about a running cluster; plain data, so vitest can provide it. */
export type ClusterInfo = {
  /** Temporary directory holding data, certificates, logs and the kubeconfig. */
  dir: string;
  kubeconfigPath: string;
  /** https://127.0.0.1:<port> */
  server: string;
  caPath: string;
  contexts: typeof CONTEXTS;
  users: typeof USERS;
  namespaces: string[];
  /** kwok's fake node. */
  node: string;
  /** The real node (kubelet + containerd + runc) that runs every seed pod but `fake`. */
  realNode: {
    /** Unique per run; names its footprint (real-node/host-footprint.ts). */
    id: string;
    name: string;
    ip: string;
    kubeletPort: number;
    podLogsDir: string;
    /** What it holds on the host, for tests that check teardown: see real-node/host-footprint.ts. */
    bridge: string;
    cgroupRoot: string;
    containerdSocket: string;
  };
  pods: Record<SeedPodName, SeedPod>;
  /** The references of the locally built images the real node has (imagePullPolicy: Never). */
  images: ImageSet['refs'];
  /** The 3-replica Deployment behind a Service on the real node. */
  web: typeof WEB_WORKLOAD;
  /** The kubelet's file behind the `seq` pod's log: CRI lines ending in `seq N`, growing while the cluster runs. */
  seqLogPath: string;
  seqIntervalMs: number;
  /** The log file of the (unseeded) bench-log pod, empty at start: see BENCH_LOG_POD. */
  benchLogPath: string;
  portForward: { echoPort: number; httpPort: number; httpBody: string };
  versions: Versions;
  /** Process-group leaders, by component, so a state file can outlive its writer. */
  pids: Record<string, number>;
};

/**
 * Faults a test can cause on a cluster it started itself (they act on child processes of the
 * caller, so they are not in ClusterInfo and the shared cluster of the integration tier has none).
 * One at a time; none after stop().
 */
export type ClusterFaults = {
  /**
   * Stops kube-apiserver (SIGTERM to its process group, SIGKILL after a grace) and starts it again
   * with the same arguments, so on the same port and with the same certificates; resolves once
   * /readyz answers 200. Every connection to it drops meanwhile, and new ones are refused.
   */
  restartApiServer: () => Promise<void>;
  /**
   * Stops kwok, the node's kubelet, the same way. This also ends the non-tty commands it was
   * running for exec (they are in its process group). The API server stays up; exec, attach, logs
   * and port-forward fail there until startKwok().
   */
  stopKwok: () => Promise<void>;
  /** Starts kwok again with the same arguments and kubelet port; resolves once the API server reads a pod's log through it. */
  startKwok: () => Promise<void>;
  /** Stops the real node's kubelet (its containers run on under containerd). */
  stopKubelet: () => Promise<void>;
  /** Starts the real node's kubelet again; resolves once the API server reads a real pod's log through it. */
  startKubelet: () => Promise<void>;
  /** Stops containerd and starts it again; resolves once the kubelet runs a new exec through it. */
  restartContainerd: () => Promise<void>;
};

export type RunningCluster = ClusterInfo & ClusterFaults & { stop: () => Promise<void> };

/** The plain data of a running cluster, without its functions (for vitest's provide, a state file). */
export function clusterInfoOf(cluster: RunningCluster): ClusterInfo {
  const {
    stop: _stop,
    restartApiServer: _restart,
    stopKwok: _stopKwok,
    startKwok: _startKwok,
    stopKubelet: _stopKubelet,
    startKubelet: _startKubelet,
    restartContainerd: _restartContainerd,
    ...info
  } = cluster;
  return info;
}

export type StartClusterOptions = {
  /** Progress lines (building, starting ...); default: silent. */
  onProgress?: (line: string) => void;
  /** Milliseconds between two `seq N` lines of the `seq` pod. */
  seqIntervalMs?: number;
  /** Keep the temporary directory after stop(), for a post-mortem. */
  keepDir?: boolean;
};

export class ClusterStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClusterStartError';
  }
}

/** A component died or never became ready; carries the end of its log. */
class ComponentFailedError extends ClusterStartError {
  readonly addressInUse: boolean;
  constructor(component: ManagedProcess, what: string) {
    const tail = component.logTail(25);
    super(`${component.name} ${what}; last lines of ${component.logPath}:\n${tail}`);
    this.addressInUse = /address already in use/i.test(tail);
  }
}

const ATTEMPTS = 3;
/** How long a component stopped by a fault gets to exit after SIGTERM before SIGKILL. */
const FAULT_STOP_GRACE_MS = 5000;

export async function startCluster(options: StartClusterOptions = {}): Promise<RunningCluster> {
  const progress = options.onProgress ?? (() => {});
  const binaries = await ensureBinaries((chunk) => {
    for (const line of chunk.split('\n')) if (line.trim() !== '') progress(`build: ${line}`);
  });
  const unavailable = realNodeUnavailableReason();
  if (unavailable !== undefined) throw new ClusterUnavailableError(unavailable);
  const images = await ensureImages((line) => progress(`images: ${line}`));
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, images, options, progress);
    } catch (error) {
      // Ports are picked free but bound later; another process may win the race.
      if (error instanceof ComponentFailedError && error.addressInUse && attempt < ATTEMPTS) {
        progress(`a port was taken meanwhile; retrying (${attempt}/${ATTEMPTS - 1})`);
        continue;
      }
      throw error;
    }
  }
}

async function startOnce(
  binaries: Binaries,
  images: ImageSet,
  options: StartClusterOptions,
  progress: (line: string) => void,
): Promise<RunningCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'porthole-cluster-'));
  const seqIntervalMs = options.seqIntervalMs ?? 100;
  const processes: ManagedProcess[] = [];
  /** How each component was started, so a fault can start it again exactly so. */
  const launched = new Map<string, StartOptions>();
  /** Filled once all have started; kept current when a fault replaces a process. */
  const pids: Record<string, number> = {};
  let admin: ApiClient | undefined;
  let realNode: PlannedNode | undefined;
  let stopping: Promise<void> | undefined;

  // Idempotent: a signal handler and the owner may both call it; both wait for the same end.
  const stop = (): Promise<void> => (stopping ??= stopAll());
  const stopAll = async (): Promise<void> => {
    liveClusters.delete(handle);
    admin?.close();
    // Reverse start order: the nodes and the generator before the API server, etcd last.
    for (const child of [...processes].reverse()) await child.stop();
    realNode?.sweep();
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  const handle: LiveCluster = {
    stop,
    killNow: () => {
      for (const child of processes) child.killNow();
      realNode?.sweep();
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  liveClusters.add(handle);
  installExitHandlers();

  try {
    const paths = await prepareFiles(dir);
    progress('generating certificates');
    const pki = await createPki(join(dir, 'pki'));
    const viewerToken = randomBytes(24).toString('hex');
    const pluginToken = randomBytes(24).toString('hex');
    await writeFile(paths.pluginTokenFile, pluginToken + '\n', { mode: 0o600 });
    await writeFile(
      paths.tokenAuthFile,
      [`${viewerToken},${USERS.viewer},${USERS.viewer}`, `${pluginToken},${USERS.plugin},${USERS.plugin}`].join('\n') + '\n',
      { mode: 0o600 },
    );

    const [etcdClientPort, etcdPeerPort, apiPort, kubeletPort] = (await freePorts(4)) as [number, number, number, number];
    const server = `https://127.0.0.1:${apiPort}`;

    progress(`starting etcd on 127.0.0.1:${etcdClientPort}`);
    const etcd = launch(processes, launched, dir, 'etcd', binaries.etcd, etcdArgs(dir, etcdClientPort, etcdPeerPort));
    await waitFor(etcd, 'became healthy', 30_000, async () => {
      const response = await fetch(`http://127.0.0.1:${etcdClientPort}/health`).catch(() => undefined);
      return response?.ok === true && ((await response.json()) as { health?: string }).health === 'true';
    });

    progress(`starting kube-apiserver on ${server}`);
    const apiServer = launch(
      processes,
      launched,
      dir,
      'kube-apiserver',
      binaries.kubeApiserver,
      apiServerArgs(pki, paths.tokenAuthFile, apiPort, etcdClientPort),
    );
    const client = createApiClient({
      server,
      ca: await readFile(pki.ca.cert, 'utf8'),
      cert: await readFile(pki.admin.cert, 'utf8'),
      key: await readFile(pki.admin.key, 'utf8'),
    });
    admin = client;
    const apiServerReady = async (): Promise<boolean> => (await client.raw('GET', '/readyz').catch(() => undefined))?.status === 200;
    await waitFor(apiServer, 'became ready', 90_000, apiServerReady);

    progress('creating namespaces, service accounts, RBAC and the node');
    await seed(client);

    progress('starting kube-controller-manager and kube-scheduler (the web Deployment needs them)');
    await writeFile(paths.componentKubeconfig, JSON.stringify(componentKubeconfig(server, pki)));
    launch(processes, launched, dir, 'kube-controller-manager', binaries.kubeControllerManager, controllerManagerArgs(paths, pki));
    launch(processes, launched, dir, 'kube-scheduler', binaries.kubeScheduler, schedulerArgs(paths));

    realNode = await planRealNode({ clusterDir: dir, images, progress });
    const nodeReady = (name: string) => async (): Promise<boolean> => {
      const node = await client.get<NodeStatus>(`/api/v1/nodes/${name}`);
      return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
    };
    const started = await startRealNode(realNode, {
      server,
      pki,
      binaries,
      images,
      progress,
      waitFor,
      launch: (name, command, args, env) => launch(processes, launched, dir, name, command, args, env),
      waitReady: (kubelet) => waitFor(kubelet, `registered ${REAL_NODE_NAME} and reported it Ready`, 60_000, nodeReady(REAL_NODE_NAME)),
    });
    const { layout } = started;

    progress(`starting kwok (kubelet endpoint 127.0.0.1:${kubeletPort})`);
    await writeFile(paths.kwokConfig, await buildKwokConfig(paths.logs));
    const kwok = launch(processes, launched, dir, 'kwok', binaries.kwok, kwokArgs(paths, pki, kubeletPort), {
      ...process.env,
      // kwok also loads ~/.kwok/kwok.yaml when it exists; a private HOME keeps the run isolated.
      HOME: paths.kwokHome,
    });
    await waitFor(kwok, 'marked the node Ready and opened its kubelet port', 60_000, async () => {
      return (await nodeReady(NODE_NAME)()) && (await portOpen(kubeletPort));
    });

    progress('creating the seed pods and the web Deployment');
    const real = realSeedPods(images, seqIntervalMs);
    for (const { pod, manifest } of real) await client.ensure(`/api/v1/namespaces/${pod.namespace}/pods`, manifest);
    await client.ensure(`/api/v1/namespaces/${SEED_PODS.fake.namespace}/pods`, fakePodManifest(SEED_PODS.fake));
    const web = webManifests(images);
    await client.ensure(`/apis/apps/v1/namespaces/${WEB_WORKLOAD.namespace}/deployments`, web.deployment);
    await client.ensure(`/api/v1/namespaces/${WEB_WORKLOAD.namespace}/services`, web.service);
    await waitFor(started.kubelet, 'ran the seed pods', 90_000, async () => {
      const seeds = [...real.map(({ pod }) => pod), SEED_PODS.fake];
      const pods = await Promise.all(seeds.map((pod) => readPod(client, pod)));
      const webPods = await client.get<{ items: PodObject[] }>(
        `/api/v1/namespaces/${WEB_WORKLOAD.namespace}/pods?labelSelector=${encodeURIComponent(`app=${WEB_WORKLOAD.name}`)}`,
      );
      return seeds.every((seed, i) => seedPodSettled(seed, pods[i] as PodObject)) && webPods.items.filter(podReady).length === WEB_WORKLOAD.replicas;
    });
    const seqPod = await readPod(client, SEED_PODS.seq);
    const seqLogPath = join(layout.podLogsDir, `${SEED_PODS.seq.namespace}_${SEED_PODS.seq.name}_${seqPod.metadata.uid}`, SEED_PODS.seq.containers[0], '0.log');

    await writeFile(
      paths.kubeconfig,
      JSON.stringify(
        await buildKubeconfig({ server, pki, viewerToken, pluginTokenFile: paths.pluginTokenFile, nodeBinary: process.execPath }),
        null,
        2,
      ),
      { mode: 0o600 },
    );
    progress(`cluster ready: ${server}`);

    const info: ClusterInfo = {
      dir,
      kubeconfigPath: paths.kubeconfig,
      server,
      caPath: pki.ca.cert,
      contexts: CONTEXTS,
      users: USERS,
      namespaces: [...NAMESPACES],
      node: NODE_NAME,
      realNode: {
        id: layout.id,
        name: REAL_NODE_NAME,
        ip: layout.nodeIp,
        kubeletPort: layout.kubeletPort,
        podLogsDir: layout.podLogsDir,
        bridge: layout.bridge,
        cgroupRoot: layout.cgroupRoot,
        containerdSocket: layout.containerdSocket,
      },
      pods: SEED_PODS,
      images: images.refs,
      web: WEB_WORKLOAD,
      seqLogPath,
      seqIntervalMs,
      benchLogPath: paths.logs.benchLog,
      portForward: { echoPort: PORT_FORWARD_PORTS.echo, httpPort: PORT_FORWARD_PORTS.http, httpBody: PORT_FORWARD_HTTP_BODY },
      versions: readVersions(),
      pids: Object.assign(pids, Object.fromEntries(processes.map((child) => [child.name, child.pid]))),
    };

    // Stops a component (the one in `processes`, so stop() and the exit handlers always reach the
    // current one), or starts it again in the same slot with the options it was first started with.
    const stopComponent = async (name: string): Promise<void> => {
      if (stopping !== undefined) throw new Error(`cannot stop ${name}: the cluster is stopping`);
      await component(processes, name).stop(FAULT_STOP_GRACE_MS);
    };
    const startComponent = (name: string): ManagedProcess => {
      if (stopping !== undefined) throw new Error(`cannot start ${name}: the cluster is stopping`);
      const current = component(processes, name);
      if (current.isRunning()) throw new Error(`${name} is already running`);
      const child = startProcess(launched.get(name) as StartOptions);
      processes[processes.indexOf(current)] = child;
      pids[name] = child.pid;
      return child;
    };
    const podLogReadable = (pod: SeedPod) => async (): Promise<boolean> => {
      return (await client.raw('GET', `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}/log`).catch(() => undefined))?.status === 200;
    };
    const faults: ClusterFaults = {
      restartApiServer: async () => {
        await stopComponent('kube-apiserver');
        await waitFor(startComponent('kube-apiserver'), 'became ready again', 90_000, apiServerReady);
      },
      stopKwok: () => stopComponent('kwok'),
      startKwok: async () => {
        // An open port is not enough: the API server must reach kwok and kwok must know the pods.
        await waitFor(startComponent('kwok'), 'served pod logs again', 60_000, podLogReadable(SEED_PODS.fake));
      },
      stopKubelet: () => stopComponent('kubelet'),
      startKubelet: async () => {
        await waitFor(startComponent('kubelet'), 'served pod logs again', 60_000, podLogReadable(SEED_PODS.single));
      },
      restartContainerd: async () => {
        await stopComponent('containerd');
        // Answering on its socket is not enough: the kubelet must have reconnected, which an exec
        // through the API server proves.
        const { namespace, name } = SEED_PODS.single;
        await waitFor(startComponent('containerd'), 'ran an exec through the kubelet again', 60_000, async () => {
          return (await kubectl(paths.kubeconfig, ['exec', '-n', namespace, name, '--', 'true'], { timeoutMs: 10_000 })).code === 0;
        });
      },
    };
    return { ...info, ...faults, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error instanceof ClusterStartError
      ? error
      : new ClusterStartError(`the test cluster did not start: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
  }
}

type PodObject = {
  metadata: { uid: string };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { restartCount: number; ready: boolean }[];
  };
};

function readPod(client: ApiClient, pod: SeedPod): Promise<PodObject> {
  return client.get<PodObject>(`/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`);
}

function podReady(pod: PodObject): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
}

/** Ready; `restarted` only once its second container runs; `crashloop` once it has crashed at least once. */
function seedPodSettled(seed: SeedPod, pod: PodObject): boolean {
  const restarts = pod.status?.containerStatuses?.[0]?.restartCount ?? 0;
  if (seed === SEED_PODS.crashloop) return restarts > 0;
  if (seed === SEED_PODS.restarted && restarts === 0) return false;
  return podReady(pod);
}

type NodeStatus = { status?: { conditions?: { type: string; status: string }[] } };

type RunPaths = {
  kubeconfig: string;
  /** Admin credentials by file, for kwok, the controller-manager and the scheduler. */
  componentKubeconfig: string;
  kwokConfig: string;
  kwokHome: string;
  tokenAuthFile: string;
  pluginTokenFile: string;
  logs: LogFiles;
};

function criLines(lines: readonly string[]): string {
  const now = new Date().toISOString();
  return lines.map((line) => `${now} stdout F ${line}\n`).join('');
}

async function prepareFiles(dir: string): Promise<RunPaths> {
  const logsDir = join(dir, 'pod-logs');
  const paths: RunPaths = {
    kubeconfig: join(dir, 'kubeconfig.yaml'),
    componentKubeconfig: join(dir, 'component-kubeconfig.yaml'),
    kwokConfig: join(dir, 'kwok.yaml'),
    kwokHome: join(dir, 'kwok-home'),
    tokenAuthFile: join(dir, 'tokens.csv'),
    pluginTokenFile: join(dir, 'plugin-token'),
    logs: { default: join(logsDir, 'default.log'), benchLog: join(logsDir, 'bench.log') },
  };
  await Promise.all([logsDir, paths.kwokHome, join(dir, 'logs')].map((d) => mkdir(d, { recursive: true })));
  await Promise.all([writeFile(paths.logs.default, criLines(STATIC_LOG_LINES.default)), writeFile(paths.logs.benchLog, '')]);
  return paths;
}

function launch(
  processes: ManagedProcess[],
  launched: Map<string, StartOptions>,
  dir: string,
  name: string,
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): ManagedProcess {
  // A restart appends to the same log file.
  const options: StartOptions = { name, command, args, env, logPath: join(dir, 'logs', `${name}.log`) };
  const child = startProcess(options);
  processes.push(child);
  launched.set(name, options);
  return child;
}

function component(processes: readonly ManagedProcess[], name: string): ManagedProcess {
  const found = processes.find((child) => child.name === name);
  if (found === undefined) throw new Error(`the cluster has no component named ${name}`);
  return found;
}

function etcdArgs(dir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=porthole',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=porthole=${peer}`,
    '--initial-cluster-state=new',
    // Test data: durability buys nothing and fsync on every write costs seconds at 10,000 pods.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

function apiServerArgs(pki: ClusterPki, tokenAuthFile: string, port: number, etcdPort: number): string[] {
  return [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    `--tls-cert-file=${pki.apiServer.cert}`,
    `--tls-private-key-file=${pki.apiServer.key}`,
    `--client-ca-file=${pki.ca.cert}`,
    `--token-auth-file=${tokenAuthFile}`,
    '--authorization-mode=Node,RBAC',
    // Node shells are privileged pods (Pod Security admission still refuses them per namespace).
    '--allow-privileged=true',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${pki.serviceAccount.publicKey}`,
    `--service-account-signing-key-file=${pki.serviceAccount.privateKey}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    // The default reconciler publishes the advertise address in the `kubernetes` Endpoints,
    // which rejects loopback addresses and would log an error every few seconds.
    '--endpoint-reconciler-type=none',
    // Exec, attach, logs and port-forward go to kwok's kubelet endpoint on 127.0.0.1, whose
    // certificate this run's CA signed; the node's only dialable address is its InternalIP.
    '--kubelet-preferred-address-types=InternalIP',
    `--kubelet-certificate-authority=${pki.ca.cert}`,
    `--kubelet-client-certificate=${pki.apiServerKubeletClient.cert}`,
    `--kubelet-client-key=${pki.apiServerKubeletClient.key}`,
    '--profiling=false',
    '--v=1',
  ];
}

function controllerManagerArgs(paths: RunPaths, pki: ClusterPki): string[] {
  return [
    `--kubeconfig=${paths.componentKubeconfig}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--secure-port=0',
    // The node lifecycle controller lifts the not-ready taint a kubelet registers with, so it
    // stays; taint-based eviction does not: fault tests stop kubelets on purpose, and the seed
    // pods must not be evicted from a node that comes back.
    '--controllers=*,-taint-eviction-controller',
    `--root-ca-file=${pki.ca.cert}`,
    `--service-account-private-key-file=${pki.serviceAccount.privateKey}`,
    '--use-service-account-credentials=false',
    '--profiling=false',
    '--v=1',
  ];
}

function schedulerArgs(paths: RunPaths): string[] {
  return [
    `--kubeconfig=${paths.componentKubeconfig}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    '--secure-port=0',
    '--profiling=false',
    '--v=1',
  ];
}

function kwokArgs(paths: RunPaths, pki: ClusterPki, kubeletPort: number): string[] {
  return [
    `--kubeconfig=${paths.componentKubeconfig}`,
    `--config=${paths.kwokConfig}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
    '--node-ip=127.0.0.1',
    `--node-port=${kubeletPort}`,
    // Without it kwok listens on 0.0.0.0.
    `--server-address=127.0.0.1:${kubeletPort}`,
    `--tls-cert-file=${pki.kubelet.cert}`,
    `--tls-private-key-file=${pki.kubelet.key}`,
    // Room for the 10,000-pod benchmark (the default /24 has 256 pod IPs).
    '--cidr=10.244.0.0/16',
  ];
}

function componentKubeconfig(server: string, pki: ClusterPki): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'porthole', cluster: { server, 'certificate-authority': pki.ca.cert } }],
    users: [{ name: 'admin', user: { 'client-certificate': pki.admin.cert, 'client-key': pki.admin.key } }],
    contexts: [{ name: 'admin', context: { cluster: 'porthole', user: 'admin' } }],
    'current-context': 'admin',
  };
}

async function seed(client: ApiClient): Promise<void> {
  const rbac = rbacManifests();
  for (const role of rbac.clusterRoles) await client.ensure('/apis/rbac.authorization.k8s.io/v1/clusterroles', role);
  for (const binding of rbac.clusterRoleBindings) {
    await client.ensure('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', binding);
  }
  for (const namespace of NAMESPACES) await client.ensure('/api/v1/namespaces', namespaceManifest(namespace));
  // No controller-manager runs, so nobody else creates the `default` service accounts that
  // the ServiceAccount admission plugin requires before it admits a pod.
  for (const namespace of ['default', ...NAMESPACES]) {
    await client.ensure(`/api/v1/namespaces/${namespace}/serviceaccounts`, serviceAccountManifest(namespace));
  }
  await client.ensure('/api/v1/nodes', nodeManifest());
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `ready` until it holds; fails at once if `component` exits, or after `timeoutMs`. */
async function waitFor(component: ManagedProcess, what: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!component.isRunning()) throw new ComponentFailedError(component, `exited (${await component.exited}) before it ${what}`);
    try {
      if (await ready()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new ComponentFailedError(component, `had not ${what} after ${timeoutMs / 1000}s${detail}`);
}

type LiveCluster = { stop: () => Promise<void>; killNow: () => void };
const liveClusters = new Set<LiveCluster>();
let exitHandlersInstalled = false;

function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  // 'exit' handlers cannot wait: SIGKILL the groups and remove the directories synchronously.
  process.on('exit', () => {
    for (const cluster of liveClusters) cluster.killNow();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      void Promise.allSettled([...liveClusters].map((cluster) => cluster.stop())).then(() => {
        // Alone on this signal: behave as if we had never listened (die by it).
        if (process.listenerCount(signal) === 1) {
          process.removeListener(signal, onSignal);
          process.kill(process.pid, signal);
        }
      });
    };
    process.on(signal, onSignal);
  }
}
