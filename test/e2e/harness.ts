// The app end to end: the REAL core (createCore, reading the test cluster's kubeconfig) behind the
// web host (`npm run web`'s startWebHost), and Debian's Chromium driven by playwright-core opening
// the host's one-time link. Helpers act the way a user does: through roles and labels.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { SessionEvent, SessionId } from '../../shared/bridge/sessions.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { startWebHost, type WebHost } from '../../main/web-host/web-host.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** Waits in the page give up before the test's timeout, so a stuck step fails with its own message. */
export const STEP_TIMEOUT_MS = 30_000;

/** Debian's Chromium as the e2e tier and the browser benchmarks run it: headless, no sandbox or GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface AppUnderTest {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly host: WebHost;
  readonly core: PortholeCore;
  readonly cluster: ClusterInfo;
  /** The core's recordings directory: a fresh temporary one, removed on close. */
  readonly recordingsDirectory: string;
  /** Console errors and uncaught exceptions of the page, in order. */
  readonly pageErrors: string[];
  /** Output bytes the core has produced per session, counted beside the web host. */
  outputBytes(id: SessionId): number;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** A kubeconfig other than the cluster's own (the core reads this one instead). */
  readonly kubeconfigPath?: string;
  /** Called with the page before it loads the app, to attach listeners that must see everything. */
  readonly beforeLoad?: (page: Page) => void;
  /** How long the core lets an exec credential plugin run (its default is a minute). */
  readonly credentialTimeoutMs?: number;
  /** Watch the kubeconfig files as the app does (off by default: the cluster's file never changes). */
  readonly watchKubeconfig?: boolean;
  /** Starts the browser (launchChromium unless a benchmark needs one it can detach Playwright from). */
  readonly launch?: (chromiumPath: string) => Promise<ChromiumPage>;
}

/** Chromium with one blank page of the e2e tier's viewport. */
export interface ChromiumPage {
  readonly browser: Browser;
  readonly page: Page;
  /** Ends the browser and its page. */
  close(): Promise<void>;
}

/** Launches Debian's Chromium at `chromiumPath` (never a downloaded browser) and opens a blank page. */
export async function launchChromium(chromiumPath: string): Promise<ChromiumPage> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS], headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    return { browser, page: await context.newPage(), close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export async function startApp(cluster: ClusterInfo, chromiumPath: string, rendererDir: string, options: StartAppOptions = {}): Promise<AppUnderTest> {
  const recordingsDirectory = mkdtempSync(join(tmpdir(), 'porthole-e2e-recordings-'));
  const removeDirectories = (): void => {
    rmSync(recordingsDirectory, { recursive: true, force: true });
  };
  const core = await createCore({
    recordingsDirectory,
    browserDownloads: true,
    kubeconfigEnv: options.kubeconfigPath ?? cluster.kubeconfigPath,
    watch: options.watchKubeconfig ?? false,
    connection: { credentialTimeoutMs: options.credentialTimeoutMs },
  });
  const produced = new Map<SessionId, number>();
  const stopCounting = core.onSessionEvent((event: SessionEvent) => {
    if (event.kind === 'output') produced.set(event.id, (produced.get(event.id) ?? 0) + event.bytes.length);
  });
  let host: WebHost | undefined;
  let launched: ChromiumPage | undefined;
  try {
    host = await startWebHost({ core, appInfo: { name: 'Porthole', version: 'e2e', host: 'web' }, rendererDir, downloads: core.transfers });
    launched = await (options.launch ?? launchChromium)(chromiumPath);
    const { page } = launched;
    const context = page.context();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    const pageErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));
    options.beforeLoad?.(page);
    await page.goto(host.url);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const started = { host, launched };
    return {
      page,
      context,
      host,
      core,
      cluster,
      recordingsDirectory,
      pageErrors,
      outputBytes: (id) => produced.get(id) ?? 0,
      async screenshot(name) {
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      async close() {
        stopCounting();
        await started.launched.close();
        await started.host.close();
        await core.dispose();
        removeDirectories();
      },
    };
  } catch (error) {
    stopCounting();
    await launched?.close();
    await host?.close();
    await core.dispose();
    removeDirectories();
    throw error;
  }
}

/**
 * Polls `read` until `accept` holds, or fails naming what it waited for and the last value read.
 * (expect.poll works only inside a test; this also works in hooks.)
 */
export async function waitFor<T>(what: string, read: () => Promise<T> | T, accept: (value: T) => boolean, timeout = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  let failure: unknown;
  for (;;) {
    try {
      last = await read();
      failure = undefined;
      if (accept(last)) return last;
    } catch (error) {
      failure = error;
    }
    if (Date.now() >= deadline) {
      const seen = failure === undefined ? `last saw ${JSON.stringify(last)}` : `last attempt failed: ${String(failure)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A row of the sidebar's tree, by its path: "context", "context/namespace", "context/namespace/pod". */
export function treeRow(page: Page, path: string): Locator {
  return page.locator(`[role="treeitem"][data-path="${path}"]`);
}

/** Opens the sidebar down to a pod and selects it: contexts and namespaces are expanded as needed. */
export async function selectPod(page: Page, context: string, namespace: string, pod: string): Promise<void> {
  const podRow = treeRow(page, `${context}/${namespace}/${pod}`);
  if (!(await podRow.isVisible())) {
    const namespaceRow = treeRow(page, `${context}/${namespace}`);
    if (!(await namespaceRow.isVisible())) {
      const contextRow = treeRow(page, context);
      await waitFor(`context row ${context}`, () => contextRow.isVisible(), Boolean);
      // The current context opens by itself on load; a click while its namespaces load would close it.
      if ((await contextRow.getAttribute('aria-expanded')) !== 'true') await contextRow.click();
    }
    await waitFor(`namespace row ${context}/${namespace}`, () => namespaceRow.isVisible(), Boolean);
    if ((await namespaceRow.getAttribute('aria-expanded')) !== 'true') await namespaceRow.click();
  }
  await waitFor(`pod row ${context}/${namespace}/${pod}`, () => podRow.isVisible(), Boolean);
  await podRow.click();
  await waitFor(`pod row ${pod} selected`, () => podRow.getAttribute('aria-selected'), (value) => value === 'true');
}

/** The focused pane of the tab that is showing (the whole tab, for a tab of one pane). */
export function activePanel(page: Page): Locator {
  return page.locator('[data-pane][data-focused="true"]:not([hidden])');
}

/** A tab by main's id of the session in its focused pane: what stays across a reload, which gives tabs new ids. */
export function tabWithSession(page: Page, sessionId: SessionId): Locator {
  return page.locator(`[role="tab"][data-session="${sessionId}"]`);
}

/** A tab by the workspace's id for it (its data-tab), which stays while its panes change. */
export function tabOf(page: Page, tabId: string): Locator {
  return page.locator(`[role="tab"][data-tab="${tabId}"]`);
}

/** Opens the logs of a pod through the sidebar (select, L) and waits for them to be live. */
export async function openLogs(page: Page, context: string, namespace: string, pod: string): Promise<Locator> {
  const before = await page.getByRole('tab').count();
  await selectPod(page, context, namespace, pod);
  await page.keyboard.press('l');
  await waitFor('a new tab', () => page.getByRole('tab').count(), (count) => count === before + 1);
  const opened = tabOf(page, await tabIdOf(page.getByRole('tab', { selected: true })));
  await waitFor(`logs of ${pod} live`, () => opened.locator('.badge').textContent(), (badge) => badge === 'live');
  return opened;
}

/** Opens a shell in a pod through the sidebar (select, Enter) and waits for it to be live. */
export async function openShell(page: Page, context: string, namespace: string, pod: string): Promise<Locator> {
  const before = await page.getByRole('tab').count();
  await selectPod(page, context, namespace, pod);
  await page.keyboard.press('Enter');
  await waitFor('a new tab', () => page.getByRole('tab').count(), (count) => count === before + 1);
  // By tab id: "the selected tab" changes as soon as another one is opened.
  const id = await tabIdOf(page.getByRole('tab', { selected: true }));
  const opened = tabOf(page, id);
  await waitFor(`shell ${pod} live`, () => opened.locator('.badge').textContent(), (badge) => badge === 'live');
  return opened;
}

/** Types into the visible terminal as a user would (xterm's textarea has the focus). */
export async function typeInTerminal(page: Page, text: string): Promise<void> {
  const panel = activePanel(page);
  await panel.locator('.xterm').click();
  await page.keyboard.type(text);
}

/**
 * How often `text` occurs in the visible terminal's buffer (screen and scrollback), read the way a
 * user would: with the terminal's Find box. With the WebGL renderer the text is only pixels, so
 * this is also the one way to read it that does not depend on the renderer.
 */
export async function countInTerminal(page: Page, text: string): Promise<number> {
  const panel = activePanel(page);
  let box = panel.getByRole('searchbox', { name: 'Find text in terminal' });
  if (!(await box.isVisible())) {
    await panel.getByRole('button', { name: 'Find in terminal' }).click();
    box = panel.getByRole('searchbox', { name: 'Find text in terminal' });
  }
  await box.fill(text);
  await box.press('Enter');
  const result = panel.getByRole('status', { name: 'Find result' });
  const shown = await waitFor(`a find result for "${text}"`, async () => ((await result.textContent()) ?? '').trim(), (value) => value !== '');
  await box.press('Escape');
  if (shown === 'No matches') return 0;
  const count = /of (\d+)$/.exec(shown) ?? /^(\d+)\+ matches$/.exec(shown);
  if (count) return Number(count[1]);
  throw new Error(`unexpected find result "${shown}"`);
}

/** Waits until `text` occurs at least `times` times in the visible terminal. */
export async function waitForTerminalText(page: Page, text: string, times = 1, timeout = STEP_TIMEOUT_MS): Promise<void> {
  await waitFor(`"${text}" ${times}× in the terminal`, () => countInTerminal(page, text), (count) => count >= times, timeout);
}

/** The visible terminal's size as its toolbar shows it (and as the pod was told). */
export async function terminalSize(page: Page): Promise<{ cols: number; rows: number }> {
  const text = (await activePanel(page).getByLabel('Terminal size').textContent()) ?? '';
  const match = /^(\d+)×(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`terminal size label reads "${text}"`);
  return { cols: Number(match[1]), rows: Number(match[2]) };
}

/** The workspace's id of a tab (its DOM carries it for the tab strip's own bookkeeping). */
export async function tabIdOf(tabLocator: Locator): Promise<string> {
  const id = await tabLocator.getAttribute('data-tab');
  if (id === null) throw new Error('tab without an id');
  return id;
}

/** Main's id of the session in a tab's focused pane (what the core and its counters know it by). */
export async function sessionIdOf(tabLocator: Locator): Promise<SessionId> {
  const id = await tabLocator.getAttribute('data-session');
  if (id === null) throw new Error('tab without a session in main');
  return id;
}
