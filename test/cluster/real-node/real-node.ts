// One real node beside kwok's fake one: containerd + runc running real containers from images
// built on this machine, and a kubelet registered to the run's API server. Everything it puts on
// the host is registered as a footprint (host-footprint.ts) before it is made, and swept on stop,
// on the owner's exit, and by the next run if the owner was killed.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Binaries } from '../binaries.ts';
import { REAL_NODE_NAME } from '../fixtures.ts';
import { importImages, type ImageSet } from '../images/images.ts';
import { createNodePki, type ClusterPki } from '../pki.ts';
import { freePorts } from '../ports.ts';
import type { ManagedProcess } from '../processes.ts';
import { footprintOf, reapOrphans, register, sweep } from './host-footprint.ts';
import { CNI_BIN_DIR, RUNC, cniConfig, containerdConfig, kubeletConfig, nodeLayout, type NodeLayout } from './node-config.ts';

/** A label on the real node, so a person can tell the two nodes apart at a glance (`kubectl get nodes -L`). */
const REAL_NODE_LABEL = 'porthole.test/node';

/** Starts a component of the cluster and tracks it (cluster.ts owns the process list). */
export type Launch = (name: string, command: string, args: string[], env?: NodeJS.ProcessEnv) => ManagedProcess;

/** A node whose host footprint is registered and can be swept, before anything is made. */
export type PlannedNode = {
  layout: NodeLayout;
  /** Removes what the node left on the host; its processes must have been stopped first. Idempotent. */
  sweep: () => void;
};

export type RealNode = PlannedNode & { containerd: ManagedProcess; kubelet: ManagedProcess };

/**
 * Why this machine cannot run a real node, or undefined when it can. cluster.ts checks it before
 * anything is built or made, so the tier can say it in one line.
 */
export function realNodeUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `a real node needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'a real node needs root (containerd and the kubelet mount, make cgroups and network namespaces)';
  if (!readFileSync('/proc/filesystems', 'utf8').includes('\toverlay')) return 'the kernel has no overlay filesystem for containerd';
  if (!existsSync('/sys/fs/cgroup') || readdirSync('/sys/fs/cgroup').length === 0) return 'no cgroup filesystem at /sys/fs/cgroup';
  for (const [path, pkg] of [
    [RUNC, 'runc'],
    [join(CNI_BIN_DIR, 'bridge'), 'containernetworking-plugins'],
    [join(CNI_BIN_DIR, 'host-local'), 'containernetworking-plugins'],
    [join(CNI_BIN_DIR, 'loopback'), 'containernetworking-plugins'],
  ] as const) {
    if (!existsSync(path)) return `${path} is missing (Debian package ${pkg})`;
  }
  if (spawnSync('ip', ['-V'], { stdio: 'ignore' }).status !== 0) return "the 'ip' command is missing (Debian package iproute2)";
  return undefined;
}

/**
 * Chooses the node's names, ports and subnet and registers its footprint. The caller puts
 * `sweep` on its stop path at once: from here on, a failure at any point is cleaned up.
 */
export async function planRealNode(input: { clusterDir: string; images: ImageSet; progress: (line: string) => void }): Promise<PlannedNode> {
  const reaped = reapOrphans();
  if (reaped.length > 0) input.progress(`swept the host footprint of ${reaped.length} node(s) left by killed runs`);
  const [kubeletPort, healthzPort] = (await freePorts(2)) as [number, number];
  const layout = nodeLayout({
    id: randomBytes(3).toString('hex'),
    nodeName: REAL_NODE_NAME,
    dir: join(input.clusterDir, 'node'),
    subnetIndex: freeSubnetIndex(),
    kubeletPort,
    healthzPort,
    sandboxImage: input.images.refs.pause,
  });
  const footprint = footprintOf(layout);
  register(footprint);
  let swept = false;
  return {
    layout,
    sweep: () => {
      if (swept) return;
      swept = true;
      sweep(footprint);
    },
  };
}

export type StartRealNodeOptions = {
  server: string;
  pki: ClusterPki;
  binaries: Binaries;
  images: ImageSet;
  launch: Launch;
  progress: (line: string) => void;
  /** Resolves once the API server reports the node Ready; rejects if `kubelet` dies first. */
  waitReady: (kubelet: ManagedProcess) => Promise<void>;
  waitFor: (component: ManagedProcess, what: string, timeoutMs: number, ready: () => Promise<boolean>) => Promise<void>;
};

/** Makes the bridge and cgroup root, writes the configuration, starts containerd and the kubelet. */
export async function startRealNode(node: PlannedNode, options: StartRealNodeOptions): Promise<RealNode> {
  const { layout } = node;
  await Promise.all(
    [layout.cniConfDir, layout.cniIpamDir, layout.kubeletRoot, layout.podLogsDir, join(layout.dir, 'containerd')].map((d) =>
      mkdir(d, { recursive: true }),
    ),
  );
  makeCgroupRoot(layout.cgroupRoot);
  makeBridge(layout);

  const pki = await createNodePki(options.pki, layout.nodeName, layout.nodeIp);
  const files = {
    containerd: join(layout.dir, 'containerd.toml'),
    cni: join(layout.cniConfDir, '10-porthole.conflist'),
    kubelet: join(layout.dir, 'kubelet.json'),
    kubeconfig: join(layout.dir, 'kubelet-kubeconfig.json'),
  };
  await writeFile(files.containerd, containerdConfig(layout));
  await writeFile(files.cni, cniConfig(layout));
  await writeFile(files.kubelet, kubeletConfig(layout, { clientCa: options.pki.ca.cert, servingCert: pki.serving.cert, servingKey: pki.serving.key }));
  await writeFile(files.kubeconfig, JSON.stringify(kubeletKubeconfig(options.server, options.pki.ca.cert, pki.client)));

  options.progress(`starting containerd (${layout.containerdSocket})`);
  const containerd = options.launch('containerd', options.binaries.containerd, ['--config', files.containerd], {
    ...process.env,
    // containerd starts containerd-shim-runc-v2 from its PATH.
    PATH: `${dirname(options.binaries.containerdShim)}:${process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'}`,
  });
  await options.waitFor(containerd, 'answered on its socket', 30_000, async () => {
    return spawnSync(options.binaries.ctr, ['--address', layout.containerdSocket, 'version'], { stdio: 'ignore' }).status === 0;
  });
  options.progress('importing the locally built images');
  await importImages(options.images, options.binaries.ctr, layout.containerdSocket);

  options.progress(`starting the kubelet for ${layout.nodeName} on ${layout.nodeIp}:${layout.kubeletPort}`);
  const kubelet = options.launch('kubelet', options.binaries.kubelet, [
    `--config=${files.kubelet}`,
    `--kubeconfig=${files.kubeconfig}`,
    `--root-dir=${layout.kubeletRoot}`,
    `--hostname-override=${layout.nodeName}`,
    `--node-ip=${layout.nodeIp}`,
    `--node-labels=${REAL_NODE_LABEL}=real`,
    '--v=1',
  ]);
  await options.waitReady(kubelet);
  return { ...node, containerd, kubelet };
}

function kubeletKubeconfig(server: string, caPath: string, client: { cert: string; key: string }): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'porthole', cluster: { server, 'certificate-authority': caPath } }],
    users: [{ name: 'kubelet', user: { 'client-certificate': client.cert, 'client-key': client.key } }],
    contexts: [{ name: 'kubelet', context: { cluster: 'porthole', user: 'kubelet' } }],
    'current-context': 'kubelet',
  };
}

/** A /24 in 10.251.0.0/16 that no interface on this machine uses yet. */
function freeSubnetIndex(): number {
  const used = spawnSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' }).stdout ?? '';
  const start = randomBytes(1)[0] as number;
  for (let offset = 0; offset < 256; offset++) {
    const index = (start + offset) % 256;
    if (!used.includes(` 10.251.${index}.`)) return index;
  }
  throw new Error('every /24 of 10.251.0.0/16 is in use on this machine');
}

function makeBridge(layout: NodeLayout): void {
  const steps = [
    ['link', 'add', layout.bridge, 'type', 'bridge'],
    ['addr', 'add', `${layout.nodeIp}/24`, 'dev', layout.bridge],
    ['link', 'set', layout.bridge, 'up'],
  ];
  for (const step of steps) {
    const result = spawnSync('ip', step, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`ip ${step.join(' ')} failed: ${result.stderr.trim()}`);
  }
}

/**
 * The kubelet refuses a cgroup root that does not exist in every hierarchy it uses. On cgroup
 * v1 a new cpuset cgroup starts with no CPUs and no memory nodes: copy its parent's.
 */
function makeCgroupRoot(name: string): void {
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const parent = join('/sys/fs/cgroup', hierarchy);
    if (!existsSync(join(parent, 'cgroup.procs'))) continue;
    const dir = join(parent, name);
    mkdirSync(dir, { recursive: true });
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      if (existsSync(join(parent, file))) writeFileSync(join(dir, file), readFileSync(join(parent, file)));
    }
  }
}

