// A throwaway containerd for checking the real node's images without a cluster: everything it
// owns lives in one temporary directory (root, state, socket, runc's state) and one cgroup
// parent, and stop() removes all of it, including what containerd leaves outside that directory.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Binaries } from '../cluster/binaries.ts';
import { startProcess } from '../cluster/processes.ts';

const run = promisify(execFile);

/** runc from Debian's runc package. */
const RUNC = '/usr/sbin/runc';
/** Made by containerd and ctr (shim sockets, stdio fifos) whatever its root and state say. */
const SHARED_RUN_DIR = '/run/containerd';

export type CtrResult = { stdout: string; stderr: string };
export type RunningCtr = { output: () => string; exited: Promise<number | null> };

export type ScratchContainerd = {
  address: string;
  /** `ctr` against this containerd, in the k8s.io namespace (the kubelet's). */
  ctr: (args: string[]) => Promise<CtrResult>;
  /** `ctr run` flags that keep runc's state and the container's cgroup where stop() cleans up. */
  runFlags: (id: string) => string[];
  /** Starts a long-running `ctr <args>` and collects its stdout. */
  spawnCtr: (args: string[]) => RunningCtr;
  stop: () => Promise<void>;
};

/** Resolves once `test` holds, checking every 100 ms; throws after `timeoutMs`. */
export async function poll(what: string, test: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function config(dir: string, address: string): string {
  return `version = 3
root = "${dir}/root"
state = "${dir}/state"
# No CRI (ctr needs none, and it would want CNI), no NRI (its socket is a fixed path under
# /var/run that a real node's containerd may hold), no /opt/containerd.
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.cri.v1.images",
  "io.containerd.cri.v1.runtime",
  "io.containerd.podsandbox.controller.v1.podsandbox",
  "io.containerd.nri.v1.nri",
  "io.containerd.internal.v1.opt",
]

[grpc]
  address = "${address}"

[ttrpc]
  address = "${address}.ttrpc"

[metrics]
  address = ""
`;
}

/** The mount points below `dir`, deepest first. */
function mountsBelow(dir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

/** Pids of processes whose command line names `needle` (the shims carry the socket path). */
function processesNaming(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

function removeCgroupParent(parent: string): void {
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const dir = join('/sys/fs/cgroup', hierarchy, parent);
    if (!existsSync(dir)) continue;
    // A cgroup directory is removed with rmdir, leaves first; its files are not real files.
    for (const child of readdirSync(dir, { withFileTypes: true })) {
      if (child.isDirectory()) rmdirSync(join(dir, child.name));
    }
    rmdirSync(dir);
  }
}

export async function startScratchContainerd(binaries: Pick<Binaries, 'containerd' | 'containerdShim' | 'ctr'>): Promise<ScratchContainerd> {
  const sharedRunDirExisted = existsSync(SHARED_RUN_DIR);
  const dir = await mkdtemp('/tmp/porthole-images-');
  const address = join(dir, 'containerd.sock');
  const cgroupParent = basename(dir);
  await writeFile(join(dir, 'config.toml'), config(dir, address));
  const containerd = startProcess({
    name: 'containerd',
    command: binaries.containerd,
    args: ['--config', join(dir, 'config.toml')],
    logPath: join(dir, 'containerd.log'),
    // containerd starts containerd-shim-runc-v2 from its PATH.
    env: { ...process.env, PATH: `${dirname(binaries.containerdShim)}:${process.env.PATH ?? ''}` },
  });

  const ctr = async (args: string[]): Promise<CtrResult> => {
    const full = ['--address', address, '--namespace', 'k8s.io', ...args];
    return run(binaries.ctr, full).catch((error: Error & { stderr?: string }) => {
      throw new Error(`ctr ${args.join(' ')}: ${error.stderr?.trim() || error.message}`);
    });
  };

  const stop = async (): Promise<void> => {
    // Tasks and containers first, so their shims exit and unmount the root filesystems.
    const listed = async (kind: 'tasks' | 'containers'): Promise<string[]> =>
      (await ctr([kind, 'ls', '--quiet']).catch(() => ({ stdout: '' }))).stdout.split('\n').filter(Boolean);
    for (const id of await listed('tasks')) await ctr(['tasks', 'delete', '--force', id]).catch(() => {});
    for (const id of await listed('containers')) await ctr(['containers', 'delete', id]).catch(() => {});
    await containerd.stop();
    // Shims run in their own process groups and outlive containerd.
    for (const pid of processesNaming(address)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    for (const point of mountsBelow(dir)) await run('umount', ['--lazy', point]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    removeCgroupParent(cgroupParent);
    if (!sharedRunDirExisted) {
      // Only when this run made it, and only what is empty: another containerd may use it.
      for (const path of [join(SHARED_RUN_DIR, 'fifo'), join(SHARED_RUN_DIR, 's'), SHARED_RUN_DIR]) {
        try {
          rmdirSync(path);
        } catch {
          // Not empty or not there.
        }
      }
    }
  };

  try {
    await poll('containerd to answer on its socket', async () => (await ctr(['version']).then(() => true, () => false)) || !containerd.isRunning(), 20_000);
    if (!containerd.isRunning()) throw new Error(`containerd exited: ${containerd.logTail()}`);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    address,
    ctr,
    runFlags: (id) => ['--runc-binary', RUNC, '--runc-root', join(dir, 'runc'), '--cgroup', `/${cgroupParent}/${id}`],
    spawnCtr: (args) => {
      const child = spawn(binaries.ctr, ['--address', address, '--namespace', 'k8s.io', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.resume();
      return { output: () => output, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
    },
    stop,
  };
}
