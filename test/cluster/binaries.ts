// Where the cluster's binaries live and how they get there: build.sh builds each one from the
// Go module proxy into the per-version cache directory; this module finds them, and runs
// build.sh when one is missing.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const clusterDir = dirname(fileURLToPath(import.meta.url));

export type Versions = { etcd: string; kubernetes: string; kwok: string; containerd: string };
export type Binaries = {
  etcd: string;
  kubeApiserver: string;
  kwok: string;
  // The real node's parts (real-node/): the same Kubernetes version as the API server.
  kubelet: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  containerd: string;
  /** containerd-shim-runc-v2: containerd finds it on its PATH, next to containerd. */
  containerdShim: string;
  ctr: string;
};

/** The cause of a cluster that cannot exist on this machine (as opposed to one that broke). */
export class ClusterUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterUnavailableError';
  }
}

export class BuildFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildFailedError';
  }
}

export function cacheRoot(): string {
  return process.env.PORTHOLE_CACHE ?? join(homedir(), '.cache', 'porthole');
}

export function readVersions(): Versions {
  const raw: unknown = JSON.parse(readFileSync(join(clusterDir, 'versions.json'), 'utf8'));
  const versions = raw as Partial<Record<keyof Versions, unknown>>;
  for (const key of ['etcd', 'kubernetes', 'kwok', 'containerd'] as const) {
    const value = versions[key];
    if (typeof value !== 'string' || !/^v\d+\.\d+\.\d+$/.test(value)) {
      throw new Error(`test/cluster/versions.json: "${key}" must be a version like v1.2.3, got ${JSON.stringify(value)}`);
    }
  }
  return versions as Versions;
}

export function binaryPaths(versions: Versions = readVersions()): Binaries {
  const root = join(cacheRoot(), 'cluster');
  // build.sh's layout: <component>-<version>/<binary>.
  const kubernetes = (command: string): string => join(root, `${command}-${versions.kubernetes}`, command);
  const containerd = (binary: string): string => join(root, `containerd-${versions.containerd}`, binary);
  return {
    etcd: join(root, `etcd-${versions.etcd}`, 'etcd'),
    kubeApiserver: kubernetes('kube-apiserver'),
    kwok: join(root, `kwok-${versions.kwok}`, 'kwok'),
    kubelet: kubernetes('kubelet'),
    kubeControllerManager: kubernetes('kube-controller-manager'),
    kubeScheduler: kubernetes('kube-scheduler'),
    containerd: containerd('containerd'),
    containerdShim: containerd('containerd-shim-runc-v2'),
    ctr: containerd('ctr'),
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns the binaries, building the missing ones first. `onOutput` receives build.sh's output
 * as it comes (a cold build takes many minutes; silence would look like a hang).
 */
export async function ensureBinaries(onOutput: (chunk: string) => void = () => {}): Promise<Binaries> {
  const paths = binaryPaths();
  if (Object.values(paths).every(isExecutable)) return paths;
  if (!goAvailable()) {
    throw new ClusterUnavailableError(
      `'go' is not on PATH and the cluster binaries are not cached under ${join(cacheRoot(), 'cluster')}`,
    );
  }
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [join(clusterDir, 'build.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output.push(text);
      onOutput(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    throw new BuildFailedError(`test/cluster/build.sh exited with ${code}:\n${output.join('').split('\n').slice(-30).join('\n')}`);
  }
  for (const path of Object.values(paths)) {
    if (!isExecutable(path)) throw new BuildFailedError(`build.sh succeeded but ${path} is missing`);
  }
  return paths;
}
