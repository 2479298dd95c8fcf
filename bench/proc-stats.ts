// Memory and CPU of processes from /proc (Linux): RSS and user+system CPU time, for this process
// and for the peer's processes (kubectl children).
import { readFileSync } from 'node:fs';

// USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on every Linux architecture Node runs on.
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcSample {
  readonly rssBytes: number;
  readonly cpuSeconds: number;
}

export function procSample(pid: number): ProcSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: rssKiB * 1024, cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND };
}

export function sumSamples(pids: readonly number[]): ProcSample {
  let rssBytes = 0;
  let cpuSeconds = 0;
  for (const pid of pids) {
    const sample = procSample(pid);
    rssBytes += sample.rssBytes;
    cpuSeconds += sample.cpuSeconds;
  }
  return { rssBytes, cpuSeconds };
}

/** The direct children of a process (kubectl under `script`). */
export function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(' ').map(Number);
}
