// Where the time goes: runs a function under V8's CPU profiler (the same profile `node --cpu-prof`
// writes, taken through the inspector so only the measured part is profiled) and summarises it as
// the busy share of the wall time and the functions with the most self time.
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { relative } from 'node:path';
import type { ClusterInfo } from '../test/cluster/cluster.ts';
import { procSample } from './proc-stats.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

const TOP = 8;

function where(frame: ProfileNode['callFrame']): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  const path = frame.url.startsWith('file://') ? relative(process.cwd(), new URL(frame.url).pathname) : frame.url;
  return `${name} (${path}:${frame.lineNumber + 1})`;
}

/**
 * Runs `body` under the profiler; returns one paragraph of where this process spent its time, and
 * how busy the cluster's own processes (`others`, by name) were meanwhile.
 */
export async function profileSummary(body: () => Promise<void>, others: Readonly<Record<string, number>> = {}): Promise<string> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const othersStart = Object.entries(others).map(([name, pid]) => ({ name, pid, cpu: procSample(pid).cpuSeconds }));
    await body();
    const cpu = process.cpuUsage(cpuStart);
    const wallMs = performance.now() - started;
    const othersBusy = othersStart.map(({ name, pid, cpu: before }) => {
      const share = ((procSample(pid).cpuSeconds - before) / (wallMs / 1000)) * 100;
      return `${name} ${share.toFixed(0)}%`;
    });
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    const selfMs = new Map<string, number>();
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    let total = 0;
    samples.forEach((id, index) => {
      const node = byId.get(id);
      const ms = (deltas[index] ?? 0) / 1000;
      if (node === undefined) return;
      const key = where(node.callFrame);
      selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
      total += ms;
    });
    const busy = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    const top = [...selfMs.entries()]
      // The profiler's own call (node:inspector) is not the measured code's time.
      .filter(([key]) => key !== '(idle)' && !key.includes('(node:inspector:'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([key, ms]) => `${key} ${((ms / total) * 100).toFixed(1)}%`);
    const idle = ((selfMs.get('(idle)') ?? 0) / Math.max(total, 1)) * 100;
    return (
      `this process was on a CPU ${busy.toFixed(0)}% of the ${(wallMs / 1000).toFixed(1)} s wall time ` +
      `(profiler: ${idle.toFixed(0)}% idle, waiting for the network)` +
      (othersBusy.length === 0 ? '' : `; meanwhile, CPU use of one core: ${othersBusy.join(', ')}`) +
      `; top self time in this process: ${top.join('; ')}`
    );
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}

/** The cluster's server-side processes, whose CPU use a profile summary reports beside ours. */
export function clusterPids(cluster: ClusterInfo): Record<string, number> {
  const pick = ['kube-apiserver', 'kwok', 'etcd', 'kubelet', 'containerd'].filter((name) => cluster.pids[name] !== undefined);
  return Object.fromEntries(pick.map((name) => [name, cluster.pids[name] as number]));
}
