// Starts and stops one real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver and
// kwok (as the fake node's kubelet), each on a free port, with data, certificates and logs in
// a fresh temporary directory. Everything it starts is stopped by stop(), and also when the
// owning process exits or receives SIGINT/SIGTERM/SIGHUP. For fault tests, the process that
// started a cluster can also restart its kube-apiserver and stop and start its kwok.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiClient, type ApiClient } from './api-client.ts';
import { ensureBinaries, readVersions, type Binaries, type Versions } from './binaries.ts';
import {
  CONTEXTS,
  KWOK_NODE_ANNOTATION,
  NAMESPACES,
  NODE_NAME,
  PORT_FORWARD_PORTS,
  SEED_PODS,
  STATIC_LOG_LINES,
  USERS,
  namespaceManifest,
  nodeManifest,
  podManifest,
  rbacManifests,
  serviceAccountManifest,
  type SeedPod,
  type SeedPodName,
} from './fixtures.ts';
import { buildKubeconfig } from './kubeconfig.ts';
import { buildKwokConfig, type LogFiles } from './kwok-config.ts';
import { createPki, type ClusterPki } from './pki.ts';
import { freePorts } from './ports.ts';
import { killProcessesWithEnv, startProcess, type ManagedProcess, type StartOptions } from './processes.ts';

const clusterDir = dirname(fileURLToPath(import.meta.url));

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
  node: string;
  pods: Record<SeedPodName, SeedPod>;
  /** The file behind the `seq` pod's log: CRI lines ending in `seq N`, growing while the cluster runs. */
  seqLogPath: string;
  seqIntervalMs: number;
  /** The log file of the (unseeded) bench-log pod, empty at start: see BENCH_LOG_POD. */
  benchLogPath: string;
  /** Working directory of every exec'd command. */
  scratchDir: string;
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
};

export type RunningCluster = ClusterInfo & ClusterFaults & { stop: () => Promise<void> };

/** The plain data of a running cluster, without its functions (for vitest's provide, a state file). */
export function clusterInfoOf(cluster: RunningCluster): ClusterInfo {
  const { stop: _stop, restartApiServer: _restart, stopKwok: _stopKwok, startKwok: _startKwok, ...info } = cluster;
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

const HTTP_TARGET_BODY = 'porthole port-forward target\n';
/** Environment variable marking every command kwok execs for a run; its value is the run's directory. */
export const EXEC_MARK_VARIABLE = 'PORTHOLE_TEST_CLUSTER';
const ATTEMPTS = 3;
/** How long a component stopped by a fault gets to exit after SIGTERM before SIGKILL. */
const FAULT_STOP_GRACE_MS = 5000;

export async function startCluster(options: StartClusterOptions = {}): Promise<RunningCluster> {
  const progress = options.onProgress ?? (() => {});
  const binaries = await ensureBinaries((chunk) => {
    for (const line of chunk.split('\n')) if (line.trim() !== '') progress(`build: ${line}`);
  });
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, options, progress);
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
  let httpTarget: Server | undefined;
  let admin: ApiClient | undefined;
  let stopping: Promise<void> | undefined;

  // Idempotent: a signal handler and the owner may both call it; both wait for the same end.
  const stop = (): Promise<void> => (stopping ??= stopAll());
  const stopAll = async (): Promise<void> => {
    liveClusters.delete(handle);
    admin?.close();
    // Reverse start order: kwok and the generator before the API server, etcd last.
    for (const child of [...processes].reverse()) await child.stop();
    killProcessesWithEnv(EXEC_MARK_VARIABLE, dir);
    await new Promise<void>((resolve) => (httpTarget ? httpTarget.close(() => resolve()) : resolve()));
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  const handle: LiveCluster = {
    stop,
    killNow: () => {
      for (const child of processes) child.killNow();
      killProcessesWithEnv(EXEC_MARK_VARIABLE, dir);
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

    httpTarget = await startHttpTarget();
    const httpTargetAddress = httpTarget.address();
    if (httpTargetAddress === null || typeof httpTargetAddress !== 'object') throw new ClusterStartError('HTTP target has no port');

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

    progress(`starting kwok (kubelet endpoint 127.0.0.1:${kubeletPort})`);
    await writeFile(paths.kwokKubeconfig, JSON.stringify(kwokKubeconfig(server, pki)));
    await writeFile(
      paths.kwokConfig,
      await buildKwokConfig({
        scratchDir: paths.scratchDir,
        execMark: { name: EXEC_MARK_VARIABLE, value: dir },
        logs: paths.logs,
        httpTargetPort: httpTargetAddress.port,
      }),
    );
    const kwok = launch(processes, launched, dir, 'kwok', binaries.kwok, kwokArgs(paths, pki, kubeletPort), {
      ...process.env,
      // kwok also loads ~/.kwok/kwok.yaml when it exists; a private HOME keeps the run isolated.
      HOME: paths.kwokHome,
      // kwok resolves exec commands on its own PATH: `sh` and `bash` go through ctty-shim.sh.
      PATH: `${paths.shimDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    });
    await waitFor(kwok, 'marked the node Ready and opened its kubelet port', 60_000, async () => {
      const node = await client.get<NodeStatus>(`/api/v1/nodes/${NODE_NAME}`);
      const ready = node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
      return ready && (await portOpen(kubeletPort));
    });

    launch(processes, launched, dir, 'seq-writer', process.execPath, [join(clusterDir, 'seq-writer.ts'), paths.logs.seq, String(seqIntervalMs)]);

    progress('creating the seed pods');
    for (const pod of Object.values(SEED_PODS)) {
      await client.ensure(`/api/v1/namespaces/${pod.namespace}/pods`, podManifest(pod));
    }
    await waitFor(kwok, 'made the seed pods Running', 60_000, async () => {
      const phases = await Promise.all(
        Object.values(SEED_PODS).map(async (pod) => {
          const got = await client.get<{ status?: { phase?: string } }>(`/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`);
          return got.status?.phase;
        }),
      );
      return phases.every((phase) => phase === 'Running');
    });

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
      pods: SEED_PODS,
      seqLogPath: paths.logs.seq,
      seqIntervalMs,
      benchLogPath: paths.logs.benchLog,
      scratchDir: paths.scratchDir,
      portForward: { echoPort: PORT_FORWARD_PORTS.echo, httpPort: PORT_FORWARD_PORTS.http, httpBody: HTTP_TARGET_BODY },
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
    const singleLog = `/api/v1/namespaces/${SEED_PODS.single.namespace}/pods/${SEED_PODS.single.name}/log`;
    const faults: ClusterFaults = {
      restartApiServer: async () => {
        await stopComponent('kube-apiserver');
        await waitFor(startComponent('kube-apiserver'), 'became ready again', 90_000, apiServerReady);
      },
      stopKwok: () => stopComponent('kwok'),
      startKwok: async () => {
        // An open port is not enough: the API server must reach kwok and kwok must know the pods.
        await waitFor(startComponent('kwok'), 'served pod logs again', 60_000, async () => {
          return (await client.raw('GET', singleLog).catch(() => undefined))?.status === 200;
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

type NodeStatus = { status?: { conditions?: { type: string; status: string }[] } };

type RunPaths = {
  kubeconfig: string;
  kwokKubeconfig: string;
  kwokConfig: string;
  kwokHome: string;
  /** `sh` and `bash` for kwok's exec: see kwok/ctty-shim.sh. */
  shimDir: string;
  tokenAuthFile: string;
  pluginTokenFile: string;
  scratchDir: string;
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
    kwokKubeconfig: join(dir, 'kwok-kubeconfig.yaml'),
    kwokConfig: join(dir, 'kwok.yaml'),
    kwokHome: join(dir, 'kwok-home'),
    shimDir: join(dir, 'kwok-bin'),
    tokenAuthFile: join(dir, 'tokens.csv'),
    pluginTokenFile: join(dir, 'plugin-token'),
    scratchDir: join(dir, 'scratch'),
    logs: {
      default: join(logsDir, 'default.log'),
      multiApp: join(logsDir, 'multi-app.log'),
      multiSidecar: join(logsDir, 'multi-sidecar.log'),
      multiSetup: join(logsDir, 'multi-setup.log'),
      seq: join(logsDir, 'seq.log'),
      restartedCurrent: join(logsDir, 'restarted-current.log'),
      restartedPrevious: join(logsDir, 'restarted-previous.log'),
      benchLog: join(logsDir, 'bench.log'),
    },
  };
  await Promise.all(
    [logsDir, paths.kwokHome, paths.shimDir, paths.scratchDir, join(dir, 'logs')].map((d) => mkdir(d, { recursive: true })),
  );
  const shim = join(clusterDir, 'kwok', 'ctty-shim.sh');
  await Promise.all(['sh', 'bash'].map((shell) => symlink(shim, join(paths.shimDir, shell))));
  await Promise.all([
    writeFile(paths.logs.default, criLines(STATIC_LOG_LINES.default)),
    writeFile(paths.logs.multiApp, criLines(STATIC_LOG_LINES.multiApp)),
    writeFile(paths.logs.multiSidecar, criLines(STATIC_LOG_LINES.multiSidecar)),
    writeFile(paths.logs.multiSetup, criLines(STATIC_LOG_LINES.multiSetup)),
    writeFile(paths.logs.restartedCurrent, criLines(STATIC_LOG_LINES.restartedCurrent)),
    writeFile(paths.logs.restartedPrevious, criLines(STATIC_LOG_LINES.restartedPrevious)),
    writeFile(paths.logs.seq, ''),
    writeFile(paths.logs.benchLog, ''),
  ]);
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

function kwokArgs(paths: RunPaths, pki: ClusterPki, kubeletPort: number): string[] {
  return [
    `--kubeconfig=${paths.kwokKubeconfig}`,
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

function kwokKubeconfig(server: string, pki: ClusterPki): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'porthole', cluster: { server, 'certificate-authority': pki.ca.cert } }],
    users: [{ name: 'kwok', user: { 'client-certificate': pki.admin.cert, 'client-key': pki.admin.key } }],
    contexts: [{ name: 'kwok', context: { cluster: 'porthole', user: 'kwok' } }],
    'current-context': 'kwok',
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

function startHttpTarget(): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end(HTTP_TARGET_BODY);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(server);
    });
  });
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
