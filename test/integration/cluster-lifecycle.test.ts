// The harness's promise that nothing outlives a cluster: stop() ends every component and every
// container, and removes the real node's bridge, cgroups, mounts and the run directory; a
// SIGKILLed owner takes its components along, and what its containers left on the host is swept
// by the next start; `cluster:up` survives its command and `cluster:down` ends it. Each test
// starts its own cluster next to the shared one (random ports, names and subnets keep them apart).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { cacheRoot } from '../cluster/binaries.ts';
import { startCluster, type ClusterInfo } from '../cluster/cluster.ts';
import { isRunning } from '../cluster/processes.ts';
import { reapOrphans } from '../cluster/real-node/host-footprint.ts';
import { kubectl } from '../cluster/kubectl.ts';

const cluster = inject('cluster');
const clusterDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'cluster');

/** Waits for the pids to end; gives up after a while so the assertion after it reports who did not. */
async function untilGone(pids: number[]): Promise<void> {
  const giveUpAt = Date.now() + 20_000;
  while (pids.some(isRunning) && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Host processes of the node's containers: every pid in its cgroups (the pids hierarchy). */
function containerPids(node: ClusterInfo['realNode']): number[] {
  const pids: number[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (line !== '') pids.push(Number(line));
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(join('/sys/fs/cgroup/pids', node.cgroupRoot));
  return pids;
}

/** What of the node is still on the host; empty when it was all removed. */
function leftovers(node: ClusterInfo['realNode'], dir: string): string[] {
  const found: string[] = [];
  if (spawnSync('ip', ['link', 'show', node.bridge], { stdio: 'ignore' }).status === 0) found.push(`bridge ${node.bridge}`);
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    if (existsSync(join('/sys/fs/cgroup', hierarchy, node.cgroupRoot))) found.push(`cgroup ${hierarchy}/${node.cgroupRoot}`);
  }
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(node.containerdSocket) && isRunning(Number(entry))) found.push(`process ${entry}`);
    } catch {
      // Gone meanwhile.
    }
  }
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const point = line.split(' ')[4];
    if (point !== undefined && point.startsWith(`${dir}/`)) found.push(`mount ${point}`);
  }
  if (existsSync(dir)) found.push(`directory ${dir}`);
  return found;
}

describe.skipIf(cluster === null)('cluster lifecycle', () => {
  it('stop() ends the components and every container, and removes all the real node made on the host', async () => {
    const own = await startCluster();
    const containers = containerPids(own.realNode);
    // At least the seed pods' sandboxes and containers, and the web replicas'.
    expect(containers.length).toBeGreaterThan(10);
    const components = Object.values(own.pids);
    expect(components.every(isRunning)).toBe(true);
    expect(leftovers(own.realNode, own.dir).length).toBeGreaterThan(0);
    await own.stop();
    await untilGone([...components, ...containers]);
    expect(components.filter(isRunning)).toEqual([]);
    expect(containers.filter(isRunning)).toEqual([]);
    expect(leftovers(own.realNode, own.dir)).toEqual([]);
  });

  it('takes the components along when its owner is SIGKILLed', async () => {
    const script = [
      `const { startCluster } = await import(${JSON.stringify(join(clusterDir, 'cluster.ts'))});`,
      'const c = await startCluster();',
      'console.log(JSON.stringify({ pids: Object.values(c.pids), dir: c.dir, realNode: c.realNode }));',
    ].join('\n');
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    type Started = { pids: number[]; dir: string; realNode: ClusterInfo['realNode'] };
    const started = await new Promise<Started>((resolve, reject) => {
      let text = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('\n')) resolve(JSON.parse(text) as Started);
      });
      owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    try {
      expect(started.pids.every(isRunning)).toBe(true);
      const containers = containerPids(started.realNode);
      expect(containers.length).toBeGreaterThan(0);
      owner.kill('SIGKILL');
      // The kernel delivers the parent-death signal (setpriv --pdeathsig); nothing else would.
      await untilGone(started.pids);
      expect(started.pids.filter(isRunning)).toEqual([]);
      // The containers outlive containerd under their shims, with their mounts, bridge and cgroups,
      // until the next start sweeps what a dead owner registered.
      expect(containers.some(isRunning)).toBe(true);
      expect(reapOrphans()).toContain(started.realNode.id);
      await untilGone(containers);
      expect(containers.filter(isRunning)).toEqual([]);
      expect(leftovers(started.realNode, join(started.dir, 'node'))).toEqual([]);
    } finally {
      rmSync(started.dir, { recursive: true, force: true }); // a SIGKILLed owner cannot clean its files
    }
  });

  it('keeps `cli.ts up` running after the command returns, and `cli.ts down` stops it', async () => {
    // A private run directory (state file), sharing the built binaries.
    const cache = mkdtempSync(join(tmpdir(), 'porthole-cli-test-'));
    for (const built of ['cluster', 'images']) symlinkSync(join(cacheRoot(), built), join(cache, built));
    const cli = (command: string): Promise<{ code: number | null; stdout: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [join(clusterDir, 'cli.ts'), command], {
          env: { ...process.env, PORTHOLE_CACHE: cache },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.on('exit', (code) => resolve({ code, stdout }));
      });
    try {
      const up = await cli('up');
      expect(up.code).toBe(0);
      const kubeconfig = /^kubeconfig: (.+)$/m.exec(up.stdout)?.[1];
      expect(kubeconfig).toBeDefined();
      const pods = await kubectl(kubeconfig ?? '', ['get', 'pods', '-A', '-o', 'name']);
      expect(pods.stdout).toContain('pod/single');
      expect((await cli('status')).code).toBe(0);
      const again = await cli('up');
      expect(again.code).toBe(0);
      expect(/^kubeconfig: (.+)$/m.exec(again.stdout)?.[1]).toBe(kubeconfig); // the running one, not a second

      // kill -9 of the supervisor mid-run: the next `up` clears what it left and starts afresh.
      const killed = JSON.parse(readFileSync(join(cache, 'run', 'cluster.json'), 'utf8')) as ClusterInfo & { supervisorPid: number };
      process.kill(killed.supervisorPid, 'SIGKILL');
      await untilGone([killed.supervisorPid, ...Object.values(killed.pids)]);
      const restarted = await cli('up');
      expect(restarted.code).toBe(0);
      expect(restarted.stdout).toMatch(new RegExp(`^nodes: +${killed.realNode.name} \\(real: .*\\) Ready`, 'm'));
      expect(leftovers(killed.realNode, join(killed.dir, 'node'))).toEqual([]);
      const down = await cli('down');
      expect(down.code).toBe(0);
      expect(existsSync(/^kubeconfig: (.+)$/m.exec(restarted.stdout)?.[1] ?? '')).toBe(false);
      expect((await cli('status')).code).toBe(1);
    } finally {
      await cli('down');
      rmSync(cache, { recursive: true, force: true });
    }
  }, 180_000);
});
