// Many sessions: S tty `sh` shells and F log follows open at once (50 + 50 in the full run).
// Memory (RSS) and CPU, at rest and while every shell runs a short loop: one Node process running
// Porthole's core (core-sessions-child.ts, as a main process would) vs the kubectl processes a
// user would run instead (`kubectl exec -it` under `script` for a terminal, `kubectl logs -f`),
// both read from /proc the same way.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { firstContainer, type BenchContext } from './context.ts';
import { childrenOf, procSample, sumSamples, type ProcSample } from './proc-stats.ts';
import { exited, kubectlEnv, shellLine } from './processes.ts';
import { measure, type BenchResult } from './results.ts';

export interface ManySessionsSizes {
  readonly shells: number;
  readonly follows: number;
  /** Lines each shell's loop prints under load. */
  readonly loopLines: number;
}

const SETTLE_MS = 2000;
const REST_MS = 5000;
const WAIT_TIMEOUT_MS = 120_000;
const PROMPT = 'porthole$ ';
// The shell echoes the typed line, which holds `$((1+1))`; only the loop's end prints `DONE_2`.
export const DONE = 'DONE_2';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function loopCommand(lines: number): string {
  return `i=0; while [ $i -lt ${lines} ]; do echo "load line $i of the many-sessions benchmark"; i=$((i+1)); done; echo DONE_$((1+1))\n`;
}

/** Resolves once every stream has shown `mark` in its output (seen through `tails`). */
export async function allShown(tails: readonly { text: string }[], mark: string, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  while (!tails.every((tail) => tail.text.includes(mark))) {
    if (Date.now() > deadline) throw new Error(`${what}: ${tails.filter((tail) => !tail.text.includes(mark)).length} never showed "${mark}"`);
    await sleep(50);
  }
}

/** Keeps the end of a stream's output, enough to spot a mark across chunk boundaries. */
export function appendTail(tail: { text: string }, bytes: Uint8Array): void {
  tail.text = (tail.text + Buffer.from(bytes).toString('latin1')).slice(-256);
}

interface Figures {
  restRssMB: number;
  restCpuPercent: number;
  loadCpuSeconds: number;
  loadRssMB: number;
}

/** Measures rest and load given how to sample, how to start the load and how to see it end. */
async function measureSessions(sample: () => ProcSample, startLoad: () => void, loadDone: () => Promise<void>): Promise<Figures> {
  await sleep(SETTLE_MS);
  const rest0 = sample();
  const restStart = performance.now();
  await sleep(REST_MS);
  const rest1 = sample();
  const restSeconds = (performance.now() - restStart) / 1000;
  startLoad();
  await loadDone();
  const load = sample();
  return {
    restRssMB: rest1.rssBytes / 1e6,
    restCpuPercent: ((rest1.cpuSeconds - rest0.cpuSeconds) / restSeconds) * 100,
    loadCpuSeconds: load.cpuSeconds - rest1.cpuSeconds,
    loadRssMB: load.rssBytes / 1e6,
  };
}

/** What the child process (core-sessions-child.ts) opens. */
export interface CoreSessionsPlan {
  readonly kubeconfigPath: string;
  readonly context: string;
  readonly shellPod: { readonly namespace: string; readonly pod: string; readonly container: string };
  readonly followPod: { readonly namespace: string; readonly pod: string; readonly container: string };
  readonly shells: number;
  readonly follows: number;
  readonly loopLines: number;
}

const CHILD = fileURLToPath(new URL('./core-sessions-child.ts', import.meta.url));

async function coreRound(context: BenchContext, sizes: ManySessionsSizes, baseRssMB: number[]): Promise<Figures> {
  const { cluster } = context;
  const podOf = (pod: { namespace: string; name: string; containers: readonly string[] }): CoreSessionsPlan['shellPod'] => ({
    namespace: pod.namespace,
    pod: pod.name,
    container: firstContainer(pod),
  });
  const plan: CoreSessionsPlan = {
    kubeconfigPath: cluster.kubeconfigPath,
    context: cluster.contexts.admin,
    shellPod: podOf(cluster.pods.single),
    followPod: podOf(cluster.pods.seq),
    ...sizes,
  };
  const child = spawn(process.execPath, [CHILD, JSON.stringify(plan)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const finished = exited(child, 'core-sessions-child.ts');
  // Keep the rejection for the end: it carries the child's stderr if it failed.
  finished.catch(() => {});
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const expectLine = async (wanted: string): Promise<void> => {
    const next = await lines.next();
    if (next.done === true || next.value !== wanted) {
      await finished;
      throw new Error(`core-sessions-child.ts said ${JSON.stringify(next.value)} instead of "${wanted}"`);
    }
  };
  try {
    await expectLine('base');
    const base = procSample(child.pid as number);
    await expectLine('open');
    const figures = await measureSessions(
      () => procSample(child.pid as number),
      () => child.stdin.write('load\n'),
      () => expectLine('done'),
    );
    baseRssMB.push(base.rssBytes / 1e6);
    return figures;
  } finally {
    child.stdin.end('exit\n');
    await finished;
  }
}

async function kubectlRound(context: BenchContext, sizes: ManySessionsSizes): Promise<Figures> {
  const { cluster } = context;
  const env = kubectlEnv(cluster.kubeconfigPath);
  const shell = cluster.pods.single;
  const seq = cluster.pods.seq;
  const children: ChildProcessWithoutNullStreams[] = [];
  const spawnChild = (file: string, args: string[]): ChildProcessWithoutNullStreams => {
    const child = spawn(file, args, { env });
    // A child may exit between our check and our `exit` line: that EPIPE is expected, not a failure.
    child.stdin.on('error', () => {});
    children.push(child);
    return child;
  };
  try {
    const tails = Array.from({ length: sizes.shells }, () => {
      const line = shellLine(['kubectl', 'exec', '-it', '-n', shell.namespace, shell.name, '-c', firstContainer(shell), '--', 'sh']);
      const child = spawnChild('script', ['-qfc', `stty cols 120 rows 40; exec ${line}`, '/dev/null']);
      const tail = { text: '', child };
      child.stdout.on('data', (chunk: Buffer) => appendTail(tail, chunk));
      return tail;
    });
    const follows = Array.from({ length: sizes.follows }, () =>
      spawnChild('kubectl', ['logs', '-f', '--tail', '100', '-n', seq.namespace, seq.name, '-c', firstContainer(seq)]),
    );
    for (const follow of follows) follow.stdout.resume();
    await allShown(tails, PROMPT, 'kubectl shells');
    // The kubectl processes themselves; `script` stands in for the user's terminal emulator.
    const pids = [...tails.flatMap((tail) => childrenOf(tail.child.pid as number)), ...follows.map((child) => child.pid as number)];
    if (pids.length !== sizes.shells + sizes.follows) throw new Error(`found ${pids.length} kubectl processes, expected ${sizes.shells + sizes.follows}`);
    return await measureSessions(
      () => sumSamples(pids),
      () => tails.forEach((tail) => tail.child.stdin.write(loopCommand(sizes.loopLines))),
      () => allShown(tails, DONE, 'kubectl shells'),
    );
  } finally {
    for (const child of children) {
      if (child.exitCode === null) child.stdin.write('exit\n');
    }
    await sleep(500);
    for (const child of children) {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
  }
}

export async function manySessions(context: BenchContext, sizes: ManySessionsSizes): Promise<BenchResult[]> {
  const core_: Figures[] = [];
  const kubectl: Figures[] = [];
  const baseRssMB: number[] = [];
  const rounds = context.repetitions;
  for (let round = 0; round < rounds; round++) {
    context.progress(`many sessions: round ${round + 1} of ${rounds}`);
    core_.push(await coreRound(context, sizes, baseRssMB));
    kubectl.push(await kubectlRound(context, sizes));
  }
  const what = `${sizes.shells} tty shells + ${sizes.follows} log follows`;
  const portholeTool = 'Porthole core (one Node process)';
  const peerTool = `${sizes.shells + sizes.follows} kubectl processes (summed)`;
  const row = (kase: string, unit: string, key: keyof Figures, command: string): BenchResult => ({
    benchmark: 'Many sessions',
    case: `${what}: ${kase}`,
    unit,
    higherIsBetter: false,
    porthole: measure(portholeTool, core_.map((figures) => figures[key])),
    peer: measure(peerTool, kubectl.map((figures) => figures[key])),
    command,
  });
  const loop = `each shell runs a ${sizes.loopLines}-line echo loop`;
  return [
    {
      benchmark: 'Many sessions',
      case: 'memory of the Node process with a core and no session yet (the baseline of the rows below)',
      unit: 'MB',
      higherIsBetter: false,
      porthole: measure(portholeTool, baseRssMB),
      command: 'RSS (/proc/<pid>/status) of bench/core-sessions-child.ts after createCore()',
    },
    row('memory at rest', 'MB', 'restRssMB', 'RSS (/proc/<pid>/status) of the Node process running the core (bench/core-sessions-child.ts) vs the kubectl processes\' summed'),
    row(`CPU at rest (${REST_MS / 1000} s window)`, '% of one core', 'restCpuPercent', '/proc/<pid>/stat utime+stime over the window'),
    row(`CPU for the load (${loop})`, 'CPU s', 'loadCpuSeconds', `/proc/<pid>/stat utime+stime from the load's start until every shell printed ${DONE}`),
    row('memory after the load', 'MB', 'loadRssMB', 'RSS, as at rest'),
  ];
}
