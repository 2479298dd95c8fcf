// The harness's promise that nothing outlives a cluster: stop() ends every component and every
// exec'd process and removes the run directory; a SIGKILLed owner takes its components along;
// `cluster:up` survives its command and `cluster:down` ends it. Each test starts its own
// cluster next to the shared one (random ports keep them apart).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { cacheRoot } from '../cluster/binaries.ts';
import { startCluster, type ClusterInfo } from '../cluster/cluster.ts';
import { kubectl } from '../cluster/kubectl.ts';

const cluster = inject('cluster');
const clusterDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'cluster');

/** Running, as opposed to gone or a zombie that only waits for its (new) parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Waits for the pids to end; gives up after a while so the assertion after it reports who did not. */
async function untilGone(pids: number[]): Promise<void> {
  const giveUpAt = Date.now() + 20_000;
  while (pids.some(alive) && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Starts `kubectl exec` of a command whose background child lives in a session of its own, out
 * of reach of both kwok (which kills only its direct child) and the process-group kill, and
 * returns that child's pid.
 */
async function strayProcess(info: ClusterInfo): Promise<{ pid: number; kubectl: ChildProcess }> {
  const { namespace, name } = info.pods.single;
  const child = spawn('kubectl', [
    '--kubeconfig', info.kubeconfigPath, 'exec', '-n', namespace, name, '--', 'setsid', 'sh', '-c', 'sleep 600 & echo $!',
  ]);
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())));
    child.once('exit', (code) => reject(new Error(`kubectl exec ended early (${code})`)));
  });
  return { pid, kubectl: child };
}

describe.skipIf(cluster === null)('cluster lifecycle', () => {
  it('stop() ends the components and exec\'d processes outside their groups, and removes the directory', async () => {
    const own = await startCluster();
    const stray = await strayProcess(own);
    expect(alive(stray.pid)).toBe(true);
    const components = Object.values(own.pids);
    expect(components.every(alive)).toBe(true);
    await own.stop();
    stray.kubectl.kill();
    await untilGone([...components, stray.pid]);
    expect(components.filter(alive)).toEqual([]);
    expect(alive(stray.pid)).toBe(false);
    expect(existsSync(own.dir)).toBe(false);
  });

  it('takes the components along when its owner is SIGKILLed', async () => {
    const script = [
      `const { startCluster } = await import(${JSON.stringify(join(clusterDir, 'cluster.ts'))});`,
      'const c = await startCluster();',
      'console.log(JSON.stringify({ pids: Object.values(c.pids), dir: c.dir }));',
    ].join('\n');
    const owner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ pids: number[]; dir: string }>((resolve, reject) => {
      let text = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (text.includes('\n')) resolve(JSON.parse(text) as { pids: number[]; dir: string });
      });
      owner.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    try {
      expect(started.pids.every(alive)).toBe(true);
      owner.kill('SIGKILL');
      // The kernel delivers the parent-death signal (setpriv --pdeathsig); nothing else would.
      await untilGone(started.pids);
      expect(started.pids.filter(alive)).toEqual([]);
    } finally {
      rmSync(started.dir, { recursive: true, force: true }); // a SIGKILLed owner cannot clean its files
    }
  });

  it('keeps `cli.ts up` running after the command returns, and `cli.ts down` stops it', async () => {
    // A private run directory (state file), sharing the built binaries.
    const cache = mkdtempSync(join(tmpdir(), 'porthole-cli-test-'));
    symlinkSync(join(cacheRoot(), 'cluster'), join(cache, 'cluster'));
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
      const down = await cli('down');
      expect(down.code).toBe(0);
      expect(existsSync(kubeconfig ?? '')).toBe(false);
      expect((await cli('status')).code).toBe(1);
    } finally {
      await cli('down');
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
