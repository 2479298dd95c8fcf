// Where a browser benchmark's CPU goes, by process: this process (core, web host and the
// Playwright client), each Chromium process by its role (renderer, browser, GPU, network), and named
// others (the cluster's). A pipeline that ends in a page competes with itself for the machine's
// cores; this shows how much each stage took while the page was being fed.
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { procSample } from './proc-stats.ts';

/** Chromium's --type of a process (its --utility-sub-type's last part for utilities), 'browser' without one. */
function chromiumRole(pid: number): string {
  // Zygote-forked processes rewrite their command line into one space-separated string: search it whole.
  const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  const type = /--type=([a-z-]+)/.exec(commandLine)?.[1];
  if (type === undefined) return 'browser';
  const sub = /--utility-sub-type=([\w.]+)/.exec(commandLine)?.[1]?.split('.').at(-1);
  return type === 'utility' && sub !== undefined ? sub : type;
}

/** Every live descendant of `root` (not `root`), from /proc's parent links. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while the table was read.
    }
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** CPU seconds of each Chromium process under this one, by role (several processes of a role add up). */
function chromiumCpu(): Map<string, number> {
  const byRole = new Map<string, number>();
  for (const pid of descendants(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('chrom')) continue;
      const role = `Chromium ${chromiumRole(pid)}`;
      byRole.set(role, (byRole.get(role) ?? 0) + procSample(pid).cpuSeconds);
    } catch {
      // Ended meanwhile.
    }
  }
  return byRole;
}

/**
 * Runs `body`; returns one sentence: the CPU each process took meanwhile as a share of one core,
 * largest first, and the total against the machine's cores.
 */
export async function cpuByProcess(body: () => Promise<void>, others: Readonly<Record<string, number>> = {}): Promise<string> {
  const ownStart = process.cpuUsage();
  const chromiumStart = chromiumCpu();
  const othersStart = Object.entries(others).map(([name, pid]) => ({ name, pid, cpu: procSample(pid).cpuSeconds }));
  const started = performance.now();
  await body();
  const seconds = (performance.now() - started) / 1000;
  const own = process.cpuUsage(ownStart);
  const used = new Map<string, number>([['this process (core, web host, Playwright)', (own.user + own.system) / 1e6]]);
  for (const [role, cpu] of chromiumCpu()) used.set(role, cpu - (chromiumStart.get(role) ?? 0));
  for (const { name, pid, cpu } of othersStart) used.set(name, procSample(pid).cpuSeconds - cpu);
  const shares = [...used].map(([name, cpu]) => ({ name, percent: (100 * cpu) / seconds })).sort((a, b) => b.percent - a.percent);
  const total = shares.reduce((sum, share) => sum + share.percent, 0);
  const listed = shares.filter((share) => share.percent >= 1).map((share) => `${share.name} ${share.percent.toFixed(0)}%`);
  return `in ${seconds.toFixed(2)} s, CPU as a share of one core: ${listed.join(', ')}; ${total.toFixed(0)}% in all, of the machine's ${availableParallelism() * 100}%`;
}
