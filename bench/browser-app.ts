// The browser benchmarks' app, as the e2e tier runs it: the real core behind the web host and
// Debian's Chromium in front (test/e2e/harness.ts), started only where Chromium and the built
// renderer are, and closed after the measurement whatever happens.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { ClusterInfo } from '../test/cluster/cluster.ts';
import { CHROMIUM_PATH } from '../test/e2e/global-setup.ts';
import { launchChromium, startApp, type AppUnderTest } from '../test/e2e/harness.ts';
import type { CdpPage } from './cdp-page.ts';
import { BenchSetupError } from './context.ts';
import { launchDetachableChromium, type DetachableChromium } from './detachable-chromium.ts';

/** The built renderer the web host serves (`npm run build`). */
export const RENDERER_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url));

/** Without Chromium or the built renderer a browser benchmark cannot run: a setup problem, not a result. */
export function requireBrowser(): void {
  if (!existsSync(CHROMIUM_PATH)) throw new BenchSetupError(`no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new BenchSetupError(`no built renderer in ${RENDERER_DIR} (npm run build)`);
}

/**
 * Runs `measure` against a freshly started app and closes the app after it. A page that logged
 * errors meanwhile fails the benchmark: its figures would not be the app's.
 */
export async function withBrowserApp<T>(cluster: ClusterInfo, measure: (app: AppUnderTest) => Promise<T>): Promise<T> {
  const app = await startApp(cluster, CHROMIUM_PATH, RENDERER_DIR);
  try {
    const result = await measure(app);
    if (app.pageErrors.length > 0) throw new Error(`the page logged errors: ${app.pageErrors.join('; ')}`);
    return result;
  } finally {
    await app.close();
  }
}

/** A browser benchmark's hold on its page besides Playwright's (bench/cdp-page.ts says why). */
export interface DetachablePage {
  /** Attached throughout: what measures while Playwright is away. */
  readonly cdp: CdpPage;
  /** Disconnects Playwright; the page object it gave is dead after this. */
  detach(): Promise<void>;
  /** Connects Playwright again: its new object for the same page. */
  attach(): Promise<Page>;
}

/**
 * As withBrowserApp, for a benchmark whose measurements must not pay Playwright's copy of every
 * WebSocket frame: `measure` sets up with Playwright (app.page), detaches it for what it times and
 * measures through the CdpPage, and may attach again (a new Page) for the next setup. Errors the
 * page logs on either side fail the benchmark.
 */
export async function withDetachableBrowserApp<T>(cluster: ClusterInfo, measure: (app: AppUnderTest, page: DetachablePage) => Promise<T>): Promise<T> {
  let chromium: DetachableChromium | undefined;
  const app = await startApp(cluster, CHROMIUM_PATH, RENDERER_DIR, { launch: async (path) => (chromium = await launchDetachableChromium(path)) });
  try {
    if (chromium === undefined) throw new Error('the app has no detachable Chromium');
    const result = await measure(app, chromium);
    // The CdpPage saw every error since the page opened; Playwright's list only those while it was there.
    if (chromium.cdp.errors.length > 0) throw new Error(`the page logged errors: ${chromium.cdp.errors.join('; ')}`);
    return result;
  } finally {
    await app.close();
  }
}

/**
 * Runs `measure` with Chromium on a blank page, for a benchmark that serves the app itself (and
 * opens it there), and closes Chromium after it.
 */
export async function withBrowserPage<T>(measure: (page: Page) => Promise<T>): Promise<T> {
  const launched = await launchChromium(CHROMIUM_PATH);
  try {
    return await measure(launched.page);
  } finally {
    await launched.close();
  }
}
