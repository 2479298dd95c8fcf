// Broadcast to 10 panes: keystroke to echo on every pane of a tab whose shells are in one broadcast
// group, beside the same measurement in a tab with a single pane, in the same app and run. Both
// tabs hold shells in the real node's pod that run `cat` on a raw tty (as echo-latency.ts does), so
// each key comes back once, through the process, as a shell's line editor echoes it.
//
// Measured in the page through the real app (the web host and the real core, as a user's keys go):
// a letter is pressed through the DevTools protocol with Playwright away from the page (it would
// copy every pane's frames: bench/cdp-page.ts); the page times from the keydown reaching it (before xterm sees it)
// to the moment each pane's rows in the DOM show the echo (bench/pane-echo-page.ts). The tab is
// built with the app's own keys: a click on the largest pane, split right or down (Ctrl+Shift+D,
// Ctrl+Shift+E), then broadcast on (Ctrl+Shift+B); every split opens a new shell in the same pod and
// container.
import { openShell } from '../test/e2e/harness.ts';
import { requireBrowser, withDetachableBrowserApp, type DetachablePage } from './browser-app.ts';
import type { CdpPage } from './cdp-page.ts';
import { profilePage } from './page-profile.ts';
import { BenchSetupError, type BenchContext } from './context.ts';
import { installPaneEchoProbe, PROBE_GLOBAL, type PaneEchoProbe } from './pane-echo-page.ts';
import { cpuByProcess } from './process-cpu.ts';
import { clusterPids } from './profile.ts';
import { measure, median, percentile, type BenchResult } from './results.ts';
import type { Locator, Page } from 'playwright-core';

export interface BroadcastLatencySizes {
  readonly keystrokes: number;
  readonly panes: number;
}

const READY = 'READY-42';
/** Raw mode without echo, so each key comes back once, written by cat itself. */
const SETUP = 'stty raw -echo && echo READY-$((40+2)) && exec cat';
/** Keys typed first in each tab, not counted: the first echoes pay for warming the path up. */
const WARMUP_KEYSTROKES = 5;
/** Ceilings, not speed requirements: a lost echo fails with a message instead of hanging. */
const ECHO_TIMEOUT_MS = 10_000;
const SETUP_TIMEOUT_MS = 60_000;
const TARGET_MS = 5;
/**
 * Diagnostics, off by default: with this set to a file path, one more grid round runs under the
 * page's CPU profiler (written there, as a .cpuprofile) and Chromium's own counters of script,
 * style and layout time, printed per keystroke. Not part of the figures.
 */
const PROFILE_ENV = 'PORTHOLE_BROADCAST_PROFILE';

/** Calls one of the page's echo probe methods (installed by installPaneEchoProbe). */
async function callProbe<K extends keyof PaneEchoProbe>(cdp: CdpPage, method: K, ...args: Parameters<PaneEchoProbe[K]>): Promise<Awaited<ReturnType<PaneEchoProbe[K]>>> {
  const result: unknown = await cdp.evaluate(
    ({ name, method, args }) => {
      const probe = (globalThis as unknown as Record<string, PaneEchoProbe | undefined>)[name];
      if (probe === undefined) throw new Error('the echo probe is not installed');
      return (probe[method] as (...values: unknown[]) => unknown)(...args);
    },
    { name: PROBE_GLOBAL, method, args: args as unknown[] },
  );
  return result as Awaited<ReturnType<PaneEchoProbe[K]>>;
}

/** The tab that is showing, all its panes. */
function shownTab(page: Page): Locator {
  return page.locator('[role="tabpanel"]:not([hidden])');
}

async function paneCount(page: Page): Promise<number> {
  return shownTab(page).locator('.xterm').count();
}

/** Polls the shown tab until `accept` holds for its panes' text, or fails saying what it waited for. */
async function untilPanes(page: Page, what: string, accept: (texts: string[]) => boolean): Promise<void> {
  const deadline = Date.now() + SETUP_TIMEOUT_MS;
  for (;;) {
    const texts = await shownTab(page).locator('.xterm-rows').evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
    if (accept(texts)) return;
    if (Date.now() > deadline) throw new BenchSetupError(`${what} within ${SETUP_TIMEOUT_MS / 1000} s; the panes read: ${texts.map((text) => JSON.stringify(text.trim().slice(-60))).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Splits the shown tab's one pane into `panes` with the app's keys, each time splitting the largest
 * pane (clicked first, so it has the focus) along its longer side, so no pane ends too small to
 * show a line.
 */
async function splitInto(page: Page, panes: number): Promise<void> {
  for (let count = 1; count < panes; count++) {
    const terminals = shownTab(page).locator('.xterm');
    const boxes = await terminals.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect()).map(({ width, height }) => ({ width, height })));
    const largest = boxes.reduce((best, box, index) => (box.width * box.height > (boxes[best]?.width ?? 0) * (boxes[best]?.height ?? 0) ? index : best), 0);
    const box = boxes[largest];
    if (box === undefined) throw new BenchSetupError('the tab shows no terminal to split');
    await terminals.nth(largest).click();
    // Terminal cells are about twice as tall as wide: a pane wider than this is split right.
    await page.keyboard.press(box.width >= 1.6 * box.height ? 'Control+Shift+D' : 'Control+Shift+E');
    const deadline = Date.now() + SETUP_TIMEOUT_MS;
    while ((await paneCount(page)) !== count + 1) {
      if (Date.now() > deadline) throw new BenchSetupError(`a split did not make ${count + 1} panes (there are ${await paneCount(page)})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  // Every pane's shell is live once it has printed its prompt.
  await untilPanes(page, `a prompt in each of the ${panes} panes`, (texts) => texts.length === panes && texts.every((text) => text.trim() !== ''));
}

/** Types the setup into the shown tab (its first pane has the focus) and waits for every pane's READY. */
async function startCat(page: Page, panes: number): Promise<void> {
  await shownTab(page).locator('.xterm').first().click();
  await page.keyboard.type(SETUP);
  await page.keyboard.press('Enter');
  await untilPanes(page, `"${READY}" in all ${panes} panes (broadcast reaching each)`, (texts) => texts.filter((text) => text.includes(READY)).length === panes);
}

/** The page as the benchmark holds it: Playwright's object for setting up (new after each attach), and the DevTools hold. */
interface BenchPage {
  page: Page;
  readonly detachable: DetachablePage;
}

/**
 * Shows tab `index` and times `count` keystrokes on each of its `panes` panes: samples per pane, in
 * ms. Playwright clicks the tab and its first pane, then is away while the keys are timed.
 */
async function keystrokes(held: BenchPage, index: number, panes: number, count: number): Promise<number[][]> {
  await held.page.getByRole('tab').nth(index).click();
  await shownTab(held.page).locator('.xterm').first().click();
  await held.detachable.detach();
  const { cdp } = held.detachable;
  try {
    const watched = await callProbe(cdp, 'watch');
    if (watched !== panes) throw new BenchSetupError(`tab ${index + 1} shows ${watched} terminal panes, not ${panes}`);
    const samples: number[][] = Array.from({ length: panes }, () => []);
    try {
      for (let i = 0; i < WARMUP_KEYSTROKES + count; i++) {
        await callProbe(cdp, 'arm');
        // Letters only: no key the terminal or the app could take as a command.
        await cdp.type(String.fromCharCode(0x61 + (i % 26)));
        const echoes = await callProbe(cdp, 'collect', ECHO_TIMEOUT_MS);
        if (i >= WARMUP_KEYSTROKES) echoes.forEach((ms, pane) => samples[pane]?.push(ms));
      }
    } finally {
      await callProbe(cdp, 'stop');
    }
    return samples;
  } finally {
    held.page = await held.detachable.attach();
  }
}

/** One more grid round under the page's CPU profiler; prints where each keystroke's page time went. */
async function profileRound(cdp: CdpPage, path: string, keystrokes: number, round: () => Promise<unknown>): Promise<void> {
  const counters = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await cdp.command<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
  await cdp.command('Performance.enable');
  const { before, after } = await profilePage(cdp, path, 'devtools.timeline,blink,cc,viz', async () => {
    const before = await counters();
    await round();
    return { before, after: await counters() };
  });
  const delta = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) / (keystrokes + WARMUP_KEYSTROKES);
  const durations = ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration'].map((name) => `${name} ${(delta(name) * 1000).toFixed(2)} ms`);
  const counts = ['RecalcStyleCount', 'LayoutCount'].map((name) => `${name} ${delta(name).toFixed(1)}`);
  console.log(`broadcast profile (${path}), page time per keystroke: ${[...durations, ...counts].join(', ')}`);
}

export async function broadcastLatency(context: BenchContext, sizes: BroadcastLatencySizes): Promise<BenchResult[]> {
  requireBrowser();
  const { cluster } = context;
  const single = cluster.pods.single;
  return withDetachableBrowserApp(cluster, async (app, detachable) => {
    const { page } = app;
    await openShell(page, cluster.contexts.admin, single.namespace, single.name);
    const renderer = await shownTab(page).locator('section.terminal-pane').first().getAttribute('data-renderer');
    if (renderer === 'webgl') throw new BenchSetupError('the echo is read from the DOM renderer\'s rows; this page drew with WebGL');
    await startCat(page, 1);
    await openShell(page, cluster.contexts.admin, single.namespace, single.name);
    context.progress(`broadcast latency: splitting a tab into ${sizes.panes} panes`);
    await splitInto(page, sizes.panes);
    await page.keyboard.press('Control+Shift+B');
    await startCat(page, sizes.panes);
    await page.evaluate(installPaneEchoProbe, PROBE_GLOBAL);
    const held: BenchPage = { page, detachable };

    const singleRounds: number[][] = [];
    const gridRounds: number[][][] = [];
    const gridRound = async (): Promise<number[][]> => keystrokes(held, 1, sizes.panes, sizes.keystrokes);
    for (let round = 0; round < context.repetitions; round++) {
      context.progress(`broadcast latency: round ${round + 1} of ${context.repetitions}`);
      const [one] = await keystrokes(held, 0, 1, sizes.keystrokes);
      if (one === undefined) throw new BenchSetupError('the single-pane tab shows no terminal');
      singleRounds.push(one);
      gridRounds.push(await gridRound());
    }

    const profilePath = process.env[PROFILE_ENV];
    if (profilePath !== undefined) await profileRound(detachable.cdp, profilePath, sizes.keystrokes, gridRound);

    const perRound = (rounds: readonly number[][], p: number): number[] => rounds.map((samples) => percentile(samples, p));
    // The slowest pane of each round, at percentile p.
    const slowest = (p: number): number[] => gridRounds.map((panes) => Math.max(...panes.map((samples) => percentile(samples, p))));
    const paneMedians = (p: number): string =>
      Array.from({ length: sizes.panes }, (_, pane) => median(gridRounds.map((panes) => percentile(panes[pane] ?? [0], p))).toFixed(1)).join(', ');
    const broadcastTool = `Porthole app in Chromium, ${sizes.panes} panes in one tab, broadcast on (slowest pane)`;
    const singleTool = 'the same app and run, one pane in its own tab';
    const caseOf = (name: string): string => `${name} of ${sizes.keystrokes} keystrokes per pane (median over rounds)`;
    const command =
      `keys pressed through the DevTools protocol (Input.dispatchKeyEvent, Playwright away from the page) into a shell running ${JSON.stringify(SETUP)}, timed in the page from the keydown ` +
      `(capture listener on window) to each pane's .xterm-rows text changing (MutationObserver); ${sizes.panes} panes made with Ctrl+Shift+D/E, broadcast with Ctrl+Shift+B`;
    const p99 = { porthole: measure(broadcastTool, slowest(99)), peer: measure(singleTool, perRound(singleRounds, 99)) };
    const met = p99.porthole.median <= p99.peer.median + TARGET_MS;
    const finding = met ? undefined : `One more ${sizes.panes}-pane round ${await cpuByProcess(async () => void (await gridRound()), clusterPids(cluster))}`;
    return [
      {
        benchmark: 'Broadcast input',
        case: caseOf('keystroke-to-echo p50'),
        note: `each pane's p50: ${paneMedians(50)} ms`,
        unit: 'ms',
        higherIsBetter: false,
        porthole: measure(broadcastTool, slowest(50)),
        peer: measure(singleTool, perRound(singleRounds, 50)),
        command,
      },
      {
        benchmark: 'Broadcast input',
        case: caseOf('keystroke-to-echo p99'),
        note: `each pane's p99: ${paneMedians(99)} ms`,
        unit: 'ms',
        higherIsBetter: false,
        ...p99,
        target: { text: `every pane's p99 within ${TARGET_MS} ms of a single pane's`, met },
        ...(finding === undefined ? {} : { finding }),
        command,
      },
    ];
  });
}
