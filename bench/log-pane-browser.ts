// The log pane in the browser: the real app (web host, real core) in Chromium, reading the bench-log
// pod's N-line file (1,000,000 lines of ~120 bytes in the full run).
//  - Time to show N lines: from choosing Tail → All in an open log tab until the line count reads N
//    and the last line is the bottom row (the tab follows), timed inside the page; beside
//    `kubectl logs` of the same log to /dev/null, in the same round.
//  - Memory: the page's JS heap plus ArrayBuffer backing stores (the LogBuffer's bytes live there),
//    after a forced GC, with the N lines loaded.
//  - Frame time while following 10,000 lines/s: this process appends lines to the pod's log file
//    (kwok follows it) while the page records requestAnimationFrame deltas. Beside it, the same tab
//    in the same page, following, with the same N lines loaded, at rest (no stream) for as long,
//    just before: that is what Chromium gives this page when our code has nothing to do (headless
//    Chromium paces frames at 60 Hz), so any difference is the stream's cost in our code.
//    Afterwards the pane must show every written line (what was in flight arrives: drain time).
// With PORTHOLE_LOG_PANE_PROFILE=<file.cpuprofile>, one more round (not measured) shows the lines
// under the page's profiler and a trace (page-profile.ts).
import { open } from 'node:fs/promises';
import type { CdpPage } from './cdp-page.ts';
import { LOG_SESSION_WATERMARKS } from '../shared/flow/flow-budget.ts';
import { DEFAULT_SETTINGS, SETTINGS_STORAGE_KEY, type Settings } from '../renderer/src/app/settings.ts';
import { BENCH_LOG_POD } from '../test/cluster/fixtures.ts';
import { openLogs, STEP_TIMEOUT_MS, tabIdOf, tabOf, treeRow, waitFor } from '../test/e2e/harness.ts';
import { requireBrowser, withDetachableBrowserApp } from './browser-app.ts';
import { BenchSetupError, firstContainer, type BenchContext } from './context.ts';
import { criLine } from './log-lines.ts';
import { ensureBenchLogPod, writeLogFile } from './logs-ingest.ts';
import { profilePage } from './page-profile.ts';
import { kubectlEnv, timeCommand } from './processes.ts';
import { measure, percentile, type BenchResult } from './results.ts';

export interface LogPaneBrowserSizes {
  readonly lines: number;
  /** How long the page is watched at rest and then while following the stream. */
  readonly followSeconds: number;
}

const STREAM_LINES_PER_SECOND = 10_000;
/** The stream is appended in batches this often (about 100 lines each). */
const STREAM_INTERVAL_MS = 10;
/**
 * The log tab's buffer for this run: 1M lines of ~120 bytes are ~121 MB of text, more than the
 * default 64 MiB keeps, so the tab would drop the oldest half. 128 MiB is the setting a user who
 * wants a million lines picks.
 */
const BUFFER_MIB = 128;
const MEMORY_TARGET_MB = 200;
/** The issue's targets (memory, and showing as fast as kubectl reads) are for a million lines. */
const TARGET_LINES = 1_000_000;
/** 30 s plus half a millisecond a line: 530 s for the full run's million, 31 s at smoke sizes (under the smoke test's 120 s). */
function showTimeoutMs(lines: number): number {
  return 30_000 + lines / 2;
}
const DRAIN_TIMEOUT_MS = 60_000;
const MB = 1_000_000;
const PROFILE_ENV = 'PORTHOLE_LOG_PANE_PROFILE';
const PROFILE_CATEGORIES = 'devtools.timeline,v8,disabled-by-default-v8.gc,blink';

/** The text only line `index` of the bench log carries (its request id, see log-lines.ts). */
function markerOf(index: number): string {
  return `req=${index.toString(16).padStart(8, '0')} `;
}

interface Shown {
  /** From the Tail change to the frame that shows N lines with the last one at the bottom. */
  readonly ms: number;
  /** The buffer sequence number of line 0 of the file: rows carry sequence numbers (data-seq). */
  readonly firstSeq: number;
}

/** In the visible log tab: Tail → All, then waits (every frame) until all `lines` are shown. */
function showAll(cdp: CdpPage, lines: number): Promise<Shown> {
  return cdp.evaluate(
    ({ lines, marker, timeoutMs }) =>
      new Promise<Shown>((resolve, reject) => {
        const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
        const select = panel?.querySelector('select[aria-label="Tail"]');
        const count = panel?.querySelector('[role="status"][aria-label="Loaded lines"]');
        if (!panel || !(select instanceof HTMLSelectElement) || !count) throw new Error('the visible tab is not a log tab with a Tail choice');
        const lastRow = (): Element | null => panel.querySelector('[role="log"] .row:last-child');
        // Sequence numbers keep counting across the reopen, so the new lines start after the old ones.
        const firstSeq = Number(lastRow()?.getAttribute('data-seq') ?? -1) + 1;
        const want = `${lines.toLocaleString('en-US')} ${lines === 1 ? 'line' : 'lines'}`;
        const started = performance.now();
        select.value = '';
        select.dispatchEvent(new Event('change', { bubbles: true }));
        const check = (): void => {
          const row = lastRow();
          if (count.textContent?.trim() === want && Number(row?.getAttribute('data-seq')) === firstSeq + lines - 1 && row?.textContent?.includes(marker)) {
            resolve({ ms: performance.now() - started, firstSeq });
          } else if (performance.now() - started > timeoutMs) {
            reject(new Error(`the pane did not show ${want} in ${timeoutMs} ms; it reads "${count.textContent}"`));
          } else {
            requestAnimationFrame(check);
          }
        };
        requestAnimationFrame(check);
      }),
    { lines, marker: markerOf(lines - 1), timeoutMs: showTimeoutMs(lines) },
  );
}

export interface Frames {
  /** Milliseconds between consecutive animation frames. */
  readonly deltas: number[];
  /** Per frame: [Date.now(), sequence number of the bottom row]. */
  readonly bottom: Array<[number, number]>;
}

const RECORDER = '__portholeLogPaneFrames';

/** Records requestAnimationFrame deltas (and the visible log tab's bottom row) until stopFrames. */
export async function startFrames(cdp: CdpPage): Promise<void> {
  await cdp.evaluate((key) => {
    const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
    const recorder = { deltas: [] as number[], bottom: [] as Array<[number, number]>, stop: false, last: 0 };
    (globalThis as Record<string, unknown>)[key] = recorder;
    const tick = (now: number): void => {
      if (recorder.last !== 0) recorder.deltas.push(now - recorder.last);
      recorder.last = now;
      const row = panel?.querySelector('[role="log"] .row:last-child');
      recorder.bottom.push([Date.now(), Number(row?.getAttribute('data-seq') ?? -1)]);
      if (!recorder.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, RECORDER);
}

export function stopFrames(cdp: CdpPage): Promise<Frames> {
  return cdp.evaluate((key) => {
    const recorder = (globalThis as Record<string, unknown>)[key] as Frames & { stop: boolean };
    recorder.stop = true;
    return { deltas: recorder.deltas, bottom: recorder.bottom };
  }, RECORDER);
}

interface Stream {
  readonly lines: number;
  /** Date.now() when the first batch was due. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/**
 * Appends lines first..first+rate×seconds to the log file at a steady rate: every interval, the
 * lines that are due by the clock (so a late timer catches up instead of slowing the stream).
 */
async function appendStream(path: string, first: number, seconds: number): Promise<Stream> {
  const total = Math.round(STREAM_LINES_PER_SECOND * seconds);
  const file = await open(path, 'a');
  try {
    const startedAt = Date.now();
    let written = 0;
    while (written < total) {
      await new Promise((resolve) => setTimeout(resolve, STREAM_INTERVAL_MS));
      const due = Math.min(total, Math.floor(((Date.now() - startedAt) / 1000) * STREAM_LINES_PER_SECOND));
      let batch = '';
      for (let index = written; index < due; index++) batch += criLine(first + index);
      if (batch !== '') await file.write(batch);
      written = Math.max(written, due);
    }
    return { lines: total, startedAt, endedAt: Date.now() };
  } finally {
    await file.close();
  }
}

/** Bytes of the page's JS heap and of its ArrayBuffers' backing stores, after a full GC. */
async function pageMemory(cdp: CdpPage): Promise<number> {
  await cdp.command('HeapProfiler.collectGarbage');
  const usage = await cdp.command<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
  if (usage.backingStorageSize === undefined) throw new BenchSetupError('this Chromium does not report ArrayBuffer memory (Runtime.getHeapUsage.backingStorageSize)');
  return usage.usedSize + usage.backingStorageSize;
}

/** The visible log tab's loaded line count and dropped line count, as the page shows them. */
async function shownCounts(cdp: CdpPage): Promise<{ loaded: number; dropped: number }> {
  return cdp.evaluate(() => {
    const panel = document.querySelector('[role="tabpanel"]:not([hidden])');
    const digits = (text: string | null | undefined): number => Number((text ?? '').replace(/[^0-9]/g, '') || '0');
    const loaded = digits(panel?.querySelector('[role="status"][aria-label="Loaded lines"]')?.textContent);
    const dropped = digits(panel?.querySelector('.dropped')?.textContent);
    return { loaded, dropped };
  });
}

/**
 * Seconds of CPU the page's main thread has used so far (CDP Performance.getMetrics ThreadTime).
 * Unlike frame times, this does not grow when other processes on the machine take the CPU away.
 */
async function mainThreadSeconds(cdp: CdpPage): Promise<number> {
  const { metrics } = await cdp.command<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics');
  const thread = metrics.find((metric) => metric.name === 'ThreadTime');
  if (thread === undefined) throw new BenchSetupError('this Chromium does not report the main thread\'s CPU time (Performance.getMetrics ThreadTime)');
  return thread.value;
}

/** Runs `body`, returning its result with the main thread's CPU use meanwhile, as a share of one core. */
export async function withCpuShare<T>(cdp: CdpPage, body: () => Promise<T>): Promise<{ result: T; cpuPercent: number; cpuSeconds: number }> {
  const cpuBefore = await mainThreadSeconds(cdp);
  const started = performance.now();
  const result = await body();
  const cpuSeconds = (await mainThreadSeconds(cdp)) - cpuBefore;
  return { result, cpuSeconds, cpuPercent: (cpuSeconds / ((performance.now() - started) / 1000)) * 100 };
}

function bottomSeq(cdp: CdpPage): Promise<number> {
  return cdp.evaluate(() => Number(document.querySelector('[role="tabpanel"]:not([hidden]) [role="log"] .row:last-child')?.getAttribute('data-seq') ?? -1));
}

interface Round {
  showSeconds: number;
  /** The page's main-thread CPU during those seconds. */
  showCpuSeconds: number;
  kubectlSeconds: number;
  memoryMB: number;
  baselineMB: number;
  rest: { p50: number; p99: number };
  follow: { p50: number; p99: number };
  /** Main-thread CPU as a share of one core, at rest and while following. */
  restCpuPercent: number;
  followCpuPercent: number;
  /** Stream lines written but not yet at the bottom row, per frame while streaming: the 99th percentile. */
  lagP99: number;
  drainMs: number;
}

export async function logPaneBrowser(context: BenchContext, sizes: LogPaneBrowserSizes): Promise<BenchResult[]> {
  requireBrowser();
  const { cluster } = context;
  const pod = BENCH_LOG_POD;
  const container = firstContainer(pod);
  const kubectlArgs = ['logs', '-n', pod.namespace, pod.name, '-c', container];
  // Before the app starts: its sidebar lists the pods there are when it loads.
  await ensureBenchLogPod(cluster.kubeconfigPath);
  return withDetachableBrowserApp(cluster, async (app, detachable) => {
    let { page } = app;
    const { cdp } = detachable;
    // The reload below must find the session secret the page got for its one-time token: a page
    // reloaded before the host's hello arrived has neither and asks for a new link.
    await waitFor('the sidebar to list the admin context', () => treeRow(page, cluster.contexts.admin).isVisible(), Boolean);
    const settings: Settings = { ...DEFAULT_SETTINGS, logBufferMiB: BUFFER_MIB };
    await page.evaluate(({ key, value }) => localStorage.setItem(key, value), { key: SETTINGS_STORAGE_KEY, value: JSON.stringify(settings) });
    await page.reload();
    await cdp.command('Performance.enable');

    // Playwright opens and closes the tab; what is timed and counted in between runs with it away
    // (bench/cdp-page.ts: it would copy every line's frame too, which kubectl never pays).
    // `profile`: the show runs under the page's profiler, written there (an extra round, not measured).
    const round = async (profile?: string): Promise<Round> => {
      await writeLogFile(cluster.benchLogPath, sizes.lines);
      const baseline = await pageMemory(cdp);
      await openLogs(page, cluster.contexts.admin, pod.namespace, pod.name);
      // The tab opens on the default tail. Its lines must all be in before Tail → All: one arriving
      // later would move the sequence numbers the new session's lines get, and showAll would wait
      // for a line number that never comes (CI's loaded machine hit this: 120 s, no message).
      const tailChoice = await page.locator('[role="tabpanel"]:not([hidden]) select[aria-label="Tail"]').inputValue();
      const tail = tailChoice === '' ? sizes.lines : Math.min(Number(tailChoice), sizes.lines);
      await waitFor(`the default tail of ${tail} lines loaded`, () => shownCounts(cdp), (counts) => counts.loaded === tail);
      await detachable.detach();
      const showLines = (): Promise<Shown> => showAll(cdp, sizes.lines);
      const { result: shown, cpuSeconds: showCpuSeconds } = await withCpuShare(cdp, profile === undefined ? showLines : () => profilePage(cdp, profile, PROFILE_CATEGORIES, showLines));
      context.progress(`log pane: ${sizes.lines} lines shown in ${(shown.ms / 1000).toFixed(2)} s`);
      const kubectlMs = await timeCommand('kubectl', kubectlArgs, kubectlEnv(cluster.kubeconfigPath));
      const memory = await pageMemory(cdp);

      const restMs = sizes.followSeconds * 1000;
      const { result: rest, cpuPercent: restCpuPercent } = await withCpuShare(cdp, async () => {
        await startFrames(cdp);
        await new Promise((resolve) => setTimeout(resolve, restMs));
        return stopFrames(cdp);
      });
      const following = await withCpuShare(cdp, async () => {
        await startFrames(cdp);
        const stream = await appendStream(cluster.benchLogPath, sizes.lines, sizes.followSeconds);
        return { stream, frames: await stopFrames(cdp) };
      });
      const { stream, frames: follow } = following.result;
      const lastSeq = shown.firstSeq + sizes.lines + stream.lines - 1;
      await waitFor('the last streamed line at the bottom of the pane', () => bottomSeq(cdp), (seq) => seq === lastSeq, DRAIN_TIMEOUT_MS);
      const drainMs = Date.now() - stream.endedAt;
      const counts = await shownCounts(cdp);
      if (counts.loaded + counts.dropped !== sizes.lines + stream.lines) {
        throw new Error(`the pane holds ${counts.loaded} lines and dropped ${counts.dropped}; ${sizes.lines + stream.lines} were written`);
      }
      const lags = follow.bottom
        .filter(([at]) => at >= stream.startedAt)
        .map(([at, seq]) => {
          const due = Math.min(stream.lines, Math.floor(((at - stream.startedAt) / 1000) * STREAM_LINES_PER_SECOND));
          return due - Math.max(0, seq - (shown.firstSeq + sizes.lines) + 1);
        });

      // Tail → All moved the tab to a new session: find it again.
      page = await detachable.attach();
      const tab = tabOf(page, await tabIdOf(page.getByRole('tab', { selected: true })));
      await tab.getByRole('button', { name: /^Close / }).click();
      await waitFor('the log tab closed', () => tab.count(), (count) => count === 0, STEP_TIMEOUT_MS);
      const frames = (deltas: readonly number[]): { p50: number; p99: number } => ({ p50: percentile(deltas, 50), p99: percentile(deltas, 99) });
      const result: Round = {
        showSeconds: shown.ms / 1000,
        showCpuSeconds,
        kubectlSeconds: kubectlMs / 1000,
        memoryMB: memory / MB,
        baselineMB: baseline / MB,
        rest: frames(rest.deltas),
        follow: frames(follow.deltas),
        restCpuPercent,
        followCpuPercent: following.cpuPercent,
        lagP99: lags.length === 0 ? 0 : percentile(lags, 99),
        drainMs,
      };
      context.progress(
        `log pane: kubectl ${result.kubectlSeconds.toFixed(2)} s, page ${result.memoryMB.toFixed(0)} MB, frames at rest p50/p99 ` +
          `${result.rest.p50.toFixed(1)}/${result.rest.p99.toFixed(1)} ms, following ${result.follow.p50.toFixed(1)}/${result.follow.p99.toFixed(1)} ms, ` +
          `main-thread CPU at rest ${result.restCpuPercent.toFixed(0)}%, following ${result.followCpuPercent.toFixed(0)}%, lag p99 ${result.lagP99} lines, drain ${drainMs} ms`,
      );
      return result;
    };

    const rounds: Round[] = [];
    for (let index = 0; index < context.repetitions; index++) rounds.push(await round());
    const profilePath = process.env[PROFILE_ENV];
    if (profilePath !== undefined) {
      await round(profilePath);
      console.log(`log pane profile: ${profilePath} and ${profilePath}.trace.json`);
    }

    const pick = (of: (r: Round) => number): number[] => rounds.map(of);
    const lines = sizes.lines.toLocaleString('en-US');
    const streamed = (STREAM_LINES_PER_SECOND * sizes.followSeconds).toLocaleString('en-US');
    const memory = measure('Porthole log tab in Chromium (JS heap + ArrayBuffers, after GC)', pick((r) => r.memoryMB));
    const followNote =
      `while following, stream lines not yet at the bottom row (p99 over frames, per round): ${pick((r) => r.lagP99).join(', ')}; ` +
      `after the stream stopped, the last line was at the bottom within ${pick((r) => r.drainMs).join(', ')} ms; ` +
      `every written line reached the pane. The tab holds the ${lines} lines while following. One frame at 60 Hz is 16.7 ms.`;
    const frameCommand = `${streamed} lines appended to ${pod.name}'s log file at ${STREAM_LINES_PER_SECOND.toLocaleString('en-US')} lines/s (batches every ${STREAM_INTERVAL_MS} ms) while its log tab follows; requestAnimationFrame deltas for ${sizes.followSeconds} s vs the same ${sizes.followSeconds} s at rest just before`;
    const show = measure('Porthole log tab in Chromium (web host, real core)', pick((r) => r.showSeconds));
    const kubectl = measure('kubectl logs to /dev/null', pick((r) => r.kubectlSeconds));
    return [
      {
        benchmark: 'Log pane in the browser',
        case: `show a ${lines}-line log (~120-byte lines): Tail → All until the count reads ${lines} and the last line is at the bottom`,
        unit: 's',
        higherIsBetter: false,
        porthole: show,
        peer: kubectl,
        ...(sizes.lines >= TARGET_LINES ? { target: { text: '<= 1.0x kubectl logs', met: show.median <= kubectl.median } } : {}),
        command: `log tab of ${pod.name}, Tail select set to All, timed in the page to the frame showing every line vs kubectl ${kubectlArgs.join(' ')} >/dev/null`,
        note:
          `log buffer setting ${BUFFER_MIB} MiB (the default 64 MiB keeps about half a million such lines); the page's main thread ` +
          `used ${rounds.map((r) => `${r.showCpuSeconds.toFixed(1)} s of CPU in ${r.showSeconds.toFixed(1)} s`).join(', ')}: the rest of the time ` +
          `it waited for lines (the core stops reading a log while ${LOG_SESSION_WATERMARKS.high.toLocaleString('en-US')} bytes are unacknowledged) or for a CPU`,
      },
      {
        benchmark: 'Log pane in the browser',
        case: `page memory with ${lines} lines loaded`,
        unit: 'MB',
        higherIsBetter: false,
        porthole: memory,
        ...(sizes.lines >= TARGET_LINES ? { target: { text: `1M lines of ~120 bytes under ${MEMORY_TARGET_MB} MB`, met: memory.median < MEMORY_TARGET_MB } } : {}),
        command: 'CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage: usedSize + backingStorageSize',
        note: `the same page before the log tab opened: ${rounds.map((r) => r.baselineMB.toFixed(1)).join(', ')} MB per round`,
      },
      {
        benchmark: 'Log pane in the browser',
        case: `frame time while following ${STREAM_LINES_PER_SECOND.toLocaleString('en-US')} lines/s, p50`,
        unit: 'ms',
        higherIsBetter: false,
        porthole: measure('Porthole log tab following the stream', pick((r) => r.follow.p50)),
        peer: measure('the same tab at rest (no stream)', pick((r) => r.rest.p50)),
        command: frameCommand,
      },
      {
        benchmark: 'Log pane in the browser',
        case: `frame time while following ${STREAM_LINES_PER_SECOND.toLocaleString('en-US')} lines/s, p99`,
        unit: 'ms',
        higherIsBetter: false,
        porthole: measure('Porthole log tab following the stream', pick((r) => r.follow.p99)),
        peer: measure('the same tab at rest (no stream)', pick((r) => r.rest.p99)),
        command: frameCommand,
        note: followNote,
      },
      {
        benchmark: 'Log pane in the browser',
        case: `page main-thread CPU while following ${STREAM_LINES_PER_SECOND.toLocaleString('en-US')} lines/s`,
        unit: '% of a core',
        higherIsBetter: false,
        porthole: measure('Porthole log tab following the stream', pick((r) => r.followCpuPercent)),
        peer: measure('the same tab at rest (no stream)', pick((r) => r.restCpuPercent)),
        command: `CDP Performance.getMetrics ThreadTime over the same ${sizes.followSeconds} s windows as the frame times`,
        note: 'frame times count the time other processes on the machine (the cluster, the core) hold the CPU; this counts only the page\'s own work',
      },
    ];
  });
}
