// Into the terminal, memory: main-process memory while a shell floods (`yes porthole-flood-line`)
// and the page has stalled: its main thread stopped in the debugger (CDP Debugger.pause), so it
// neither reads the WebSocket nor acknowledges output. Flow control must stop reading from the API
// server, so memory stays bounded however long the stall lasts. Afterwards the page resumes, the
// flood is stopped with Ctrl-C, and an echo must come back: a broken session fails the benchmark.
//
// The main process is measured on its own: the real core and web host run in a child process
// (stalled-page-host-child.ts), read from /proc, so the benchmark's playwright client does not
// count. The peer is `kubectl exec -it` (under `script`, standing in for a terminal emulator)
// running the same flood into a reader that stops reading for as long: kubectl's RSS, read the same way.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { activePanel, openShell, treeRow, typeInTerminal, waitFor, waitForTerminalText } from '../test/e2e/harness.ts';
import { RENDERER_DIR, requireBrowser, withBrowserPage } from './browser-app.ts';
import { firstContainer, type BenchContext } from './context.ts';
import { childrenOf, procSample } from './proc-stats.ts';
import { exited, kubectlEnv, shellLine } from './processes.ts';
import { measure, median, type BenchResult } from './results.ts';
import type { HostStats, StalledPageHostPlan } from './stalled-page-host-child.ts';

export interface StalledPageMemorySizes {
  /** How long the page stays stalled while the flood runs. */
  readonly stallSeconds: number;
}

const CHILD = fileURLToPath(new URL('./stalled-page-host-child.ts', import.meta.url));
const FLOOD_COMMAND = 'yes porthole-flood-line';
/** The flood must be flowing before the stall starts: this much output first. */
const FLOWING_BYTES = 1_000_000;
const SAMPLE_MS = 1000;
const SETTLE_MS = 2000;
const WAIT_TIMEOUT_MS = 60_000;
const TARGET_MB = 50;
/** Live memory growth above this after catching up means something keeps the flood's output. */
const RETAINED_MB = 10;
const MB = 1e6;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeout = WAIT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`stalled-page memory: timed out after ${timeout} ms waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * How far the largest of `samples` rose above `baseline`; 0 when none did (an RSS that shrank, the
 * allocator returning pages, is no growth).
 */
function growthOver(baseline: number, samples: readonly number[]): number {
  return Math.max(0, ...samples.map((sample) => sample - baseline));
}

/** What one round measured for one tool, in bytes. */
interface Figures {
  /** RSS just before the flood. */
  baselineRss: number;
  /** Largest RSS during the stall over the baseline (growthOver). */
  stallGrowth: number;
}

interface PortholeFigures extends Figures {
  /** RSS once the flood is stopped and an echo came back. */
  afterRss: number;
  /** How far the second half of the stall rose above the first half's peak: near 0 once memory levelled off. */
  lateGrowth: number;
  /** Output the core read from the pod while the page was stalled. */
  producedInStall: number;
  /** Largest growth of the JS heap and of ArrayBuffer memory during the stall. */
  heapGrowth: number;
  arrayBuffersGrowth: number;
  /** Live heap + ArrayBuffers after a full collection, once the page caught up, over the same before the flood. */
  liveGrowth: number;
  /** Samples during the stall with no page connected (the web host dropped it). */
  disconnectedSamples: number;
}

/** Samples `sample` every second for `seconds`, returning each value. */
async function sampleFor<T>(seconds: number, sample: () => Promise<T> | T): Promise<T[]> {
  const samples: T[] = [];
  const started = Date.now();
  for (let index = 1; index <= seconds; index++) {
    await sleep(Math.max(0, started + index * SAMPLE_MS - Date.now()));
    samples.push(await sample());
  }
  return samples;
}

/** The core + web host child: its link, its stats on request, its pid for /proc. */
class HostChild {
  readonly process: ChildProcessWithoutNullStreams;
  readonly #lines: AsyncIterator<string>;
  readonly #finished: Promise<void>;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.process = child;
    this.#finished = exited(child, 'stalled-page-host-child.ts');
    // Kept for the end: it carries the child's stderr if it failed.
    this.#finished.catch(() => {});
    this.#lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static async start(plan: StalledPageHostPlan): Promise<{ child: HostChild; url: string }> {
    const child = new HostChild(spawn(process.execPath, [CHILD, JSON.stringify(plan)], { stdio: ['pipe', 'pipe', 'pipe'] }));
    const { url } = (await child.#next()) as { url: string };
    return { child, url };
  }

  get pid(): number {
    return this.process.pid as number;
  }

  async stats(): Promise<HostStats> {
    this.process.stdin.write('stats\n');
    return (await this.#next()) as HostStats;
  }

  /** Live JS heap + ArrayBuffer bytes after a full collection in the child. */
  async live(): Promise<number> {
    this.process.stdin.write('live\n');
    return ((await this.#next()) as { liveBytes: number }).liveBytes;
  }

  async stop(): Promise<void> {
    this.process.stdin.end('exit\n');
    await this.#finished;
  }

  async #next(): Promise<unknown> {
    const next = await this.#lines.next();
    if (next.done === true) {
      await this.#finished;
      throw new Error('stalled-page-host-child.ts ended without answering');
    }
    return JSON.parse(next.value) as unknown;
  }
}

/** Stops the page's main thread in the debugger until `resume`: no task, no message, no frame runs. */
async function stallPage(page: Page): Promise<{ resume(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Debugger.enable');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const paused = new Promise<void>((resolve, reject) => {
    cdp.once('Debugger.paused', () => resolve());
    timer = setTimeout(() => reject(new Error('stalled-page memory: the page never paused in the debugger')), WAIT_TIMEOUT_MS);
  });
  await cdp.send('Debugger.pause');
  // The pause takes effect at the next JavaScript the page runs: the flood's next message.
  await paused.finally(() => clearTimeout(timer));
  return {
    async resume() {
      await cdp.send('Debugger.resume');
      await cdp.send('Debugger.disable');
      await cdp.detach();
    },
  };
}

async function portholeRound(context: BenchContext, sizes: StalledPageMemorySizes, host: HostChild, page: Page, round: number): Promise<PortholeFigures> {
  // The baseline follows a full collection: growth then counts every byte the flood left, garbage too.
  const baseLive = await host.live();
  await sleep(SETTLE_MS);
  const baseline = procSample(host.pid).rssBytes;
  const baseStats = await host.stats();
  await typeInTerminal(page, `${FLOOD_COMMAND}\n`);
  await until('the flood to flow into the page', async () => (await host.stats()).produced - baseStats.produced >= FLOWING_BYTES);

  const stall = await stallPage(page);
  const atStall = await host.stats();
  const samples = await sampleFor(sizes.stallSeconds, async () => ({ rssBytes: procSample(host.pid).rssBytes, stats: await host.stats() }));
  await stall.resume();
  const last = samples.at(-1)?.stats ?? atStall;

  // Ctrl-C to the flood (xterm's textarea still has the focus), then an echo must come back.
  await activePanel(page).locator('.xterm').click();
  await page.keyboard.press('Control+C');
  await typeInTerminal(page, `echo stall-round-${round}-$((6*7))\n`);
  try {
    await waitForTerminalText(page, `stall-round-${round}-42`, 1, WAIT_TIMEOUT_MS);
  } catch (error) {
    throw new Error(`stalled-page memory: the shell did not answer an echo after the page resumed (the session broke): ${String(error)}`, { cause: error });
  }
  const after = procSample(host.pid).rssBytes;
  const rss = samples.map((sample) => sample.rssBytes);
  const half = Math.ceil(rss.length / 2);
  const afterLive = await host.live();
  const figures: PortholeFigures = {
    baselineRss: baseline,
    stallGrowth: growthOver(baseline, rss),
    afterRss: after,
    lateGrowth: growthOver(Math.max(...rss.slice(0, half)), rss.slice(half)),
    liveGrowth: afterLive - baseLive,
    producedInStall: last.produced - atStall.produced,
    heapGrowth: growthOver(baseStats.heapUsedBytes, samples.map((sample) => sample.stats.heapUsedBytes)),
    arrayBuffersGrowth: growthOver(baseStats.arrayBuffersBytes, samples.map((sample) => sample.stats.arrayBuffersBytes)),
    disconnectedSamples: samples.filter((sample) => sample.stats.connections === 0).length,
  };
  context.progress(
    `stalled-page memory: Porthole main process grew ${(figures.stallGrowth / MB).toFixed(1)} MB during the stall, ` +
      `read ${(figures.producedInStall / 1024).toFixed(0)} KiB from the pod meanwhile`,
  );
  return figures;
}

/** The peer's round: kubectl's session may end at the stall (its own read deadline), which is a result too. */
interface PeerFigures extends Figures {
  /** Null when kubectl's session ended before answering the echo. */
  afterRss: number | null;
  /** kubectl's own last error line, when its session ended. */
  ended: string | null;
}

async function kubectlRound(context: BenchContext, sizes: StalledPageMemorySizes, round: number): Promise<PeerFigures> {
  const pod = context.cluster.pods.single;
  const line = shellLine(['kubectl', 'exec', '-it', '-n', pod.namespace, pod.name, '-c', firstContainer(pod), '--', 'sh']);
  const terminal = spawn('script', ['-qfc', `stty cols 120 rows 40; exec ${line}`, '/dev/null'], { env: kubectlEnv(context.cluster.kubeconfigPath) });
  const finished = exited(terminal, 'kubectl exec -it under script');
  finished.catch(() => {});
  // The terminal emulator's side: it counts and keeps the end of what it reads.
  const seen = { bytes: 0, tail: '' };
  terminal.stdout.on('data', (chunk: Buffer) => {
    seen.bytes += chunk.length;
    seen.tail = (seen.tail + chunk.toString('latin1')).slice(-1024);
  });
  /** Resolves true once the echo came back, false if kubectl ended first. */
  const echoes = async (marker: string, what: string): Promise<boolean> => {
    terminal.stdin.write(`echo ${marker}-$((6*7))\n`);
    await until(what, () => seen.tail.includes(`${marker}-42`) || terminal.exitCode !== null);
    return seen.tail.includes(`${marker}-42`);
  };
  try {
    if (!(await echoes(`kubectl-ready-${round}`, 'kubectl exec to start a shell'))) {
      throw new Error(`stalled-page memory: kubectl exec ended before its shell started: ${JSON.stringify(seen.tail)}`);
    }
    const [kubectl] = childrenOf(terminal.pid as number);
    if (kubectl === undefined) throw new Error('stalled-page memory: no kubectl process under script');
    await sleep(SETTLE_MS);
    const baseline = procSample(kubectl).rssBytes;
    const before = seen.bytes;
    terminal.stdin.write(`${FLOOD_COMMAND}\n`);
    await until('the flood to flow through kubectl', () => seen.bytes - before >= FLOWING_BYTES);

    // The stalled reader: nothing reads script's output, so the pipe, the pty and kubectl fill up.
    terminal.stdout.pause();
    const samples = await sampleFor(sizes.stallSeconds, () => (existsSync(`/proc/${kubectl}`) ? procSample(kubectl).rssBytes : Number.NaN));
    terminal.stdout.resume();
    const alive = samples.filter((value) => Number.isFinite(value));
    if (alive.length === 0) throw new Error(`stalled-page memory: kubectl exited as soon as its reader stalled: ${JSON.stringify(seen.tail)}`);
    const stallGrowth = growthOver(baseline, alive);
    context.progress(`stalled-page memory: kubectl grew ${(stallGrowth / MB).toFixed(1)} MB during the stall`);
    terminal.stdin.write('\x03');
    if (!(await echoes(`kubectl-round-${round}`, 'the kubectl shell to answer an echo after the stall'))) {
      const errors = seen.tail.match(/error: [^\r\n]*/g) ?? [];
      const ended = errors.at(-1) ?? `exit code ${terminal.exitCode}`;
      context.progress(`stalled-page memory: kubectl's session ended after the stall: ${ended}`);
      return { baselineRss: baseline, stallGrowth, afterRss: null, ended };
    }
    return { baselineRss: baseline, stallGrowth, afterRss: procSample(kubectl).rssBytes, ended: null };
  } finally {
    if (terminal.exitCode === null) terminal.stdin.end('exit\n');
    await Promise.race([finished, sleep(2000)]);
    if (terminal.exitCode === null) terminal.kill('SIGTERM');
  }
}

export async function stalledPageMemory(context: BenchContext, sizes: StalledPageMemorySizes): Promise<BenchResult[]> {
  requireBrowser();
  const { child: host, url } = await HostChild.start({ kubeconfigPath: context.cluster.kubeconfigPath, rendererDir: RENDERER_DIR });
  const porthole: PortholeFigures[] = [];
  const kubectl: PeerFigures[] = [];
  try {
    await withBrowserPage(async (page) => {
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(url);
      const single = context.cluster.pods.single;
      // The current context opens by itself; on a busy machine its namespaces take a while to list.
      await waitFor('the sidebar to list the shell pod\'s namespace', () => treeRow(page, `${context.cluster.contexts.admin}/${single.namespace}`).isVisible(), Boolean, WAIT_TIMEOUT_MS);
      await openShell(page, context.cluster.contexts.admin, single.namespace, single.name);
      for (let round = 0; round < context.repetitions; round++) {
        context.progress(`stalled-page memory: round ${round + 1} of ${context.repetitions}`);
        porthole.push(await portholeRound(context, sizes, host, page, round));
        kubectl.push(await kubectlRound(context, sizes, round));
      }
      if (pageErrors.length > 0) throw new Error(`stalled-page memory: the page threw: ${pageErrors.join('; ')}`);
    });
  } finally {
    await host.stop();
  }

  const inMB = (values: readonly number[]): number[] => values.map((value) => value / MB);
  const portholeTool = 'Porthole main process (core + web host, one Node process)';
  const peerTool = 'kubectl exec -it (one process)';
  const stall = `a ${sizes.stallSeconds} s flood (${FLOOD_COMMAND}) into a stalled page`;
  const growth = inMB(porthole.map((figures) => figures.stallGrowth));
  const met = growth.every((value) => value < TARGET_MB);
  const disconnected = porthole.reduce((sum, figures) => sum + figures.disconnectedSamples, 0);
  // Unbound, its sessions would run on unpaced into their bounded replay and lose output: the web
  // host keeps a stalled page bound (web-host.ts), so a drop is a fault, not a figure.
  if (disconnected > 0) throw new Error(`stalled-page memory: the stalled page was disconnected in ${disconnected} of ${sizes.stallSeconds * porthole.length} samples`);
  const breakdown =
    `while stalled, the core read a median ${(median(porthole.map((f) => f.producedInStall)) / 1024).toFixed(0)} KiB from the pod; ` +
    `JS heap grew at most ${median(inMB(porthole.map((f) => f.heapGrowth))).toFixed(1)} MB and ArrayBuffers ${median(inMB(porthole.map((f) => f.arrayBuffersGrowth))).toFixed(1)} MB (median over rounds); the stall's second half peaked ${median(inMB(porthole.map((f) => f.lateGrowth))).toFixed(1)} MB above its first half`;
  const liveGrowth = median(inMB(porthole.map((f) => f.liveGrowth)));
  const retained =
    liveGrowth < RETAINED_MB
      ? `live JS heap + ArrayBuffers after a full collection once the page caught up: ${liveGrowth.toFixed(1)} MB over the baseline, so the growth was garbage awaiting collection (V8 collects ArrayBuffer memory in large steps) and allocator retention, not kept output`
      : `live JS heap + ArrayBuffers after a full collection once the page caught up: ${liveGrowth.toFixed(1)} MB over the baseline: output is being kept; take a heap snapshot of the child`;
  const peerAfter = kubectl.map((figures) => figures.afterRss).filter((value) => value !== null);
  const peerEnded = kubectl.map((figures) => figures.ended).filter((value) => value !== null);
  const survival =
    peerEnded.length === 0
      ? 'both sessions answered an echo after the stall'
      : `Porthole's session answered an echo after every stall; kubectl's session ended after ${peerEnded.length} of ${kubectl.length} (${peerEnded[0] ?? ''}), so its figure here is missing`;
  return [
    {
      benchmark: 'Into the terminal, memory',
      case: `main-process RSS growth during ${stall}`,
      unit: 'MB',
      higherIsBetter: false,
      porthole: measure(portholeTool, growth),
      peer: measure(peerTool, inMB(kubectl.map((figures) => figures.stallGrowth))),
      target: { text: `bounded, growth under ${TARGET_MB} MB`, met },
      command:
        `shell tab: ${FLOOD_COMMAND}; once 1 MB flowed, CDP Debugger.pause stops the page for ${sizes.stallSeconds} s; ` +
        'largest RSS (/proc/<pid>/status, each second) of bench/stalled-page-host-child.ts minus its RSS before the flood (taken after a full GC; 0 if never above); ' +
        `peer: the same flood in kubectl exec -it under script, script's output unread for ${sizes.stallSeconds} s, kubectl's RSS`,
      note: `${breakdown}; ${survival}`,
      ...(met ? {} : { finding: `${breakdown}; ${retained}` }),
    },
    {
      benchmark: 'Into the terminal, memory',
      case: `main-process RSS after ${stall}, once the page resumed, Ctrl-C stopped it and an echo came back`,
      unit: 'MB',
      higherIsBetter: false,
      porthole: measure(portholeTool, inMB(porthole.map((figures) => figures.afterRss))),
      ...(peerEnded.length === 0 ? { peer: measure(peerTool, inMB(peerAfter)) } : {}),
      command: 'RSS as above, read after the echo `stall-round-N-42` showed in the terminal (kubectl: after its echo came back)',
      note:
        `before the flood: ${median(inMB(porthole.map((f) => f.baselineRss))).toFixed(1)} MB (kubectl ${median(inMB(kubectl.map((f) => f.baselineRss))).toFixed(1)} MB); ` +
        `live JS heap + ArrayBuffers after a full collection changed by ${liveGrowth.toFixed(1)} MB over the same before the flood ` +
        `(the rest of the RSS is collectable garbage and freed memory the allocator keeps); ${survival}`,
    },
    {
      benchmark: 'Into the terminal, memory',
      case: `terminal output the core read from the pod during ${stall}`,
      unit: 'KiB',
      higherIsBetter: false,
      porthole: measure('Porthole core', porthole.map((figures) => figures.producedInStall / 1024)),
      command: "output bytes of the core's session events (core.onSessionEvent) from the pause to the resume",
      note: 'flow control stops reading once the page stops acknowledging: what the pod writes meanwhile waits in the pod',
    },
  ];
}
