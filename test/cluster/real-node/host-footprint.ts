// What a real node leaves on the host outside its own directory, and how to take it all away.
//
// containerd and the kubelet reach beyond the run's directory: the pod bridge, the pods' network
// namespaces (/run/netns/cni-*), cgroups (under the run's own cgroup root), mounts (overlay
// rootfs, shm, volumes), containerd-shim processes (which double-fork away from containerd and
// survive it) and the containers they run. Every piece is identified by something unique to the
// run (its directory, its containerd socket, its bridge, its subnet, its cgroup root), never by a
// broad name, so a sweep cannot touch another run's node or anything else on the machine.
//
// Each live node registers its footprint in a file under ${cacheRoot}/real-nodes/. A run that died
// (kill -9 of the supervisor) leaves its file behind; the next start sweeps every footprint whose
// owner is gone before it creates its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../binaries.ts';
import { runningSince } from '../processes.ts';
import type { NodeLayout } from './node-config.ts';

export type Footprint = Pick<NodeLayout, 'id' | 'dir' | 'bridge' | 'podSubnet' | 'cgroupRoot' | 'containerdSocket' | 'podLogsDir'> & {
  ownerPid: number;
  /** The owner's start time (/proc/<pid>/stat field 22), so a recycled pid is not taken for the owner. */
  ownerStart: string;
};

const registryDir = (): string => join(cacheRoot(), 'real-nodes');
const CGROUP_MOUNT = '/sys/fs/cgroup';

export function footprintOf(layout: NodeLayout): Footprint {
  return {
    id: layout.id,
    dir: layout.dir,
    bridge: layout.bridge,
    podSubnet: layout.podSubnet,
    cgroupRoot: layout.cgroupRoot,
    containerdSocket: layout.containerdSocket,
    podLogsDir: layout.podLogsDir,
    ownerPid: process.pid,
    ownerStart: runningSince(process.pid) ?? '',
  };
}

export function register(footprint: Footprint): void {
  mkdirSync(registryDir(), { recursive: true });
  writeFileSync(join(registryDir(), `${footprint.id}.json`), JSON.stringify(footprint, null, 2));
}

/** Sweeps the footprint of every registered node whose owner has died; returns their ids. */
export function reapOrphans(): string[] {
  let files: string[];
  try {
    files = readdirSync(registryDir()).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const reaped: string[] = [];
  for (const file of files) {
    let footprint: Footprint;
    try {
      footprint = JSON.parse(readFileSync(join(registryDir(), file), 'utf8')) as Footprint;
    } catch {
      rmSync(join(registryDir(), file), { force: true });
      continue;
    }
    if (runningSince(footprint.ownerPid) === footprint.ownerStart) continue; // alive
    sweep(footprint);
    reaped.push(footprint.id);
  }
  return reaped;
}

/**
 * Removes everything the node made, synchronously (it also runs from 'exit' handlers):
 * processes first (nothing may hold a mount or a namespace), then mounts, network namespaces,
 * the bridge, cgroups, and the directory and registration last.
 */
export function sweep(footprint: Footprint): void {
  killMarkedProcesses(footprint);
  for (const netns of ownNetworkNamespaces(footprint)) {
    spawnSync('umount', ['-l', netns], { stdio: 'ignore' });
    rmSync(netns, { force: true });
  }
  for (const mountPoint of mountsUnder(footprint.dir)) spawnSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  spawnSync('ip', ['link', 'delete', footprint.bridge], { stdio: 'ignore' });
  removeCgroups(footprint.cgroupRoot);
  removeContainerLogLinks(footprint.podLogsDir);
  rmSync(footprint.dir, { recursive: true, force: true, maxRetries: 3 });
  rmSync(join(registryDir(), `${footprint.id}.json`), { force: true });
}

/**
 * SIGKILLs the node's processes: every process in its cgroups (the containers), and every
 * process whose command line names its directory or its containerd socket (containerd, the
 * kubelet, and the shims, which are started with `-address <socket>`). Repeats until none is
 * left, since a dying shim's children are reparented, not killed.
 */
function killMarkedProcesses(footprint: Footprint): void {
  for (let round = 0; round < 20; round++) {
    const pids = new Set([...cgroupPids(footprint.cgroupRoot), ...pidsNaming([footprint.dir, footprint.containerdSocket])]);
    pids.delete(process.pid);
    if (pids.size === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    spawnSync('sleep', ['0.1']);
  }
}

function pidsNaming(marks: string[]): number[] {
  const found: number[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (marks.some((mark) => commandLine.includes(mark))) found.push(Number(entry));
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

/** The cgroup directories of `root` in every hierarchy, deepest first. */
function cgroupDirs(root: string): string[] {
  const dirs: string[] = [];
  const walk = (dir: string): void => {
    for (const name of safeSubdirs(dir)) walk(join(dir, name));
    dirs.push(dir);
  };
  for (const hierarchy of safeReaddir(CGROUP_MOUNT)) {
    const top = join(CGROUP_MOUNT, hierarchy, root);
    if (existsSync(top)) walk(top);
  }
  // cgroup2 mounted at the top (a pure v2 machine) keeps the root directly under the mount.
  const unifiedTop = join(CGROUP_MOUNT, root);
  if (existsSync(join(unifiedTop, 'cgroup.procs'))) walk(unifiedTop);
  return dirs;
}

function cgroupPids(root: string): number[] {
  const pids: number[] = [];
  for (const dir of cgroupDirs(root)) {
    try {
      for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (line !== '') pids.push(Number(line));
    } catch {
      // Removed meanwhile.
    }
  }
  return pids;
}

function removeCgroups(root: string): void {
  for (const dir of cgroupDirs(root)) {
    try {
      rmdirSync(dir);
    } catch {
      // A cgroup still populated (a process in D state) stays; the next sweep takes it.
    }
  }
}

/** Mount points at or under `dir`, deepest first. */
function mountsUnder(dir: string): string[] {
  let mountInfo: string;
  try {
    mountInfo = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const points = mountInfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => point !== undefined && (point === dir || point.startsWith(`${dir}/`)))
    .map(unescapeMountPath);
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * The pods' network namespaces that containerd pinned under /run/netns: ours are those whose
 * interfaces hold an address in this node's pod subnet (a namespace whose processes are gone
 * still has its interfaces while pinned).
 */
function ownNetworkNamespaces(footprint: Footprint): string[] {
  const prefix = footprint.podSubnet.replace(/0\/24$/, '');
  return safeReaddir('/run/netns')
    .filter((name) => name.startsWith('cni-'))
    .filter((name) => {
      const result = spawnSync('ip', ['-n', name, '-4', '-o', 'addr', 'show'], { encoding: 'utf8' });
      return result.status === 0 && result.stdout.includes(` ${prefix}`);
    })
    .map((name) => join('/run/netns', name));
}

/** The kubelet links each container's log into /var/log/containers; drop the links into our logs. */
function removeContainerLogLinks(podLogsDir: string): void {
  const linkDir = '/var/log/containers';
  for (const name of safeReaddir(linkDir)) {
    const path = join(linkDir, name);
    try {
      if (readlinkSync(path).startsWith(`${podLogsDir}/`)) unlinkSync(path);
    } catch {
      // Not a link, or gone.
    }
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function safeSubdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
