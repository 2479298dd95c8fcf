// Keystroke echo latency: single bytes sent one at a time through a tty running `cat` (the pod's
// terminal in raw mode, so the echo comes back through the process as a shell's line editor
// does), each timed from send to its echo. Porthole's core vs kubectl exec -it, which needs a
// terminal on its stdin: `script` gives it a pty, driven here through pipes.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { PortholeCore } from '../main/core/core.ts';
import { firstContainer, type BenchContext } from './context.ts';
import { CoreSink } from './core-sink.ts';
import { clusterPids, profileSummary } from './profile.ts';
import { kubectlEnv, shellLine } from './processes.ts';
import { measure, percentile, type BenchResult } from './results.ts';

export interface EchoLatencySizes {
  readonly roundTrips: number;
}

const READY = 'READY';
// Raw mode without echo, so each byte comes back once, written by cat itself.
const COMMAND = ['sh', '-c', `stty raw -echo && echo ${READY} && exec cat`];
const READY_TIMEOUT_MS = 30_000;
const ROUND_TRIP_TIMEOUT_MS = 10_000;

export class EchoTimeoutError extends Error {
  override readonly name = 'EchoTimeoutError';
}

/** Feeds a terminal's output in; hands out round trips once the ready mark has been seen. */
class EchoProbe {
  #seen = '';
  #ready = false;
  #waiting: { byte: number; resolve: () => void } | undefined;
  #onReady: (() => void) | undefined;

  received(bytes: Uint8Array): void {
    if (!this.#ready) {
      this.#seen += Buffer.from(bytes).toString('latin1');
      if (this.#seen.includes(READY)) {
        this.#ready = true;
        this.#onReady?.();
      }
      return;
    }
    const waiting = this.#waiting;
    if (waiting !== undefined && bytes.includes(waiting.byte)) {
      this.#waiting = undefined;
      waiting.resolve();
    }
  }

  ready(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    return withTimeout(new Promise((resolve) => (this.#onReady = resolve)), READY_TIMEOUT_MS, `no "${READY}" from the pod`);
  }

  /** Milliseconds from send(byte) to the byte's echo. */
  async roundTrip(byte: number, send: (bytes: Uint8Array) => void): Promise<number> {
    const echoed = new Promise<void>((resolve) => (this.#waiting = { byte, resolve }));
    const started = performance.now();
    send(Uint8Array.of(byte));
    await withTimeout(echoed, ROUND_TRIP_TIMEOUT_MS, `byte ${byte} was not echoed`);
    return performance.now() - started;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EchoTimeoutError(`${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function roundTrips(probe: EchoProbe, count: number, send: (bytes: Uint8Array) => void): Promise<number[]> {
  await probe.ready();
  const samples: number[] = [];
  // Letters only: no byte the terminal or kubectl could take as a control key.
  for (let i = 0; i < count; i++) samples.push(await probe.roundTrip(0x61 + (i % 26), send));
  return samples;
}

async function coreSamples(context: BenchContext, core: PortholeCore, count: number): Promise<number[]> {
  const pod = context.cluster.pods.single;
  const sink = new CoreSink(core);
  const probe = new EchoProbe();
  const info = await core.openExec({
    context: context.cluster.contexts.admin,
    namespace: pod.namespace,
    pod: pod.name,
    container: firstContainer(pod),
    command: { kind: 'argv', argv: COMMAND },
    tty: true,
    stdin: true,
    size: { cols: 80, rows: 24 },
  });
  sink.of(info.id).onOutput = (bytes) => probe.received(bytes);
  try {
    return await roundTrips(probe, count, (bytes) => core.write(info.id, bytes));
  } finally {
    core.close(info.id);
  }
}

async function kubectlSamples(context: BenchContext, count: number): Promise<number[]> {
  const pod = context.cluster.pods.single;
  const args = ['kubectl', 'exec', '-it', '-n', pod.namespace, pod.name, '-c', firstContainer(pod), '--', ...COMMAND];
  const child = spawn('script', ['-qfc', shellLine(args), '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: kubectlEnv(context.cluster.kubeconfigPath) });
  const probe = new EchoProbe();
  child.stdout.on('data', (chunk: Buffer) => probe.received(chunk));
  try {
    return await roundTrips(probe, count, (bytes) => child.stdin.write(bytes));
  } finally {
    child.kill('SIGTERM');
  }
}

export async function echoLatency(context: BenchContext, core: PortholeCore, sizes: EchoLatencySizes): Promise<BenchResult[]> {
  const p50 = { core: [] as number[], kubectl: [] as number[] };
  const p99 = { core: [] as number[], kubectl: [] as number[] };
  for (let round = 0; round < context.repetitions; round++) {
    context.progress(`echo latency: round ${round + 1} of ${context.repetitions}`);
    const core_ = await coreSamples(context, core, sizes.roundTrips);
    const kubectl = await kubectlSamples(context, sizes.roundTrips);
    p50.core.push(percentile(core_, 50));
    p50.kubectl.push(percentile(kubectl, 50));
    p99.core.push(percentile(core_, 99));
    p99.kubectl.push(percentile(kubectl, 99));
  }
  const command =
    `core.openExec({tty: true, stdin: true, argv: ${JSON.stringify(COMMAND)}}) + core.write(1 byte) vs ` +
    `script -qfc "kubectl exec -it ... -- ${COMMAND.slice(0, 2).join(' ')} '...'" /dev/null driven through pipes; ${sizes.roundTrips} round trips per round`;
  const results: BenchResult[] = [];
  for (const [name, samples] of [['p50', p50], ['p99', p99]] as const) {
    const porthole = measure('Porthole core', samples.core);
    const peer = measure('kubectl exec -it (through script\'s pty)', samples.kubectl);
    results.push({
      benchmark: 'Keystroke echo latency',
      case: `${name} of ${sizes.roundTrips} round trips (median over rounds)`,
      unit: 'ms',
      higherIsBetter: false,
      porthole,
      peer,
      ...(name === 'p99' ? { target: { text: 'p99 within 1 ms of kubectl', met: porthole.median <= peer.median + 1 } } : {}),
      ...(name === 'p99' && porthole.median > peer.median + 1
        ? { finding: 'One more Porthole round under the profiler: ' + (await profileSummary(async () => void (await coreSamples(context, core, sizes.roundTrips)), clusterPids(context.cluster))) }
        : {}),
      command,
    });
  }
  return results;
}
