// Debian's Chromium started by the benchmark itself, with its DevTools endpoint on loopback, so that
// Playwright can set a page up and then let go of it: what is measured afterwards runs through a
// CdpPage (bench/cdp-page.ts says why), and Playwright may connect again for the next setup. The
// page is Chromium's first tab, in its own default context, which outlives Playwright's
// connections; the CdpPage is attached from the start and holds the e2e tier's viewport
// (1280×800) throughout.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, type ChromiumPage } from '../test/e2e/harness.ts';
import { CdpPage } from './cdp-page.ts';

const STARTUP_TIMEOUT_MS = 30_000;

export interface DetachableChromium extends ChromiumPage {
  /** Attached to the page from the start, through every detach: measures, and collects the page's errors. */
  readonly cdp: CdpPage;
  /** Disconnects Playwright: its page object is dead after this; the page keeps running as it was. */
  detach(): Promise<void>;
  /** Connects Playwright again and answers its new object for the same page. */
  attach(): Promise<Page>;
}

export async function launchDetachableChromium(chromiumPath: string): Promise<DetachableChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'porthole-bench-chromium-'));
  const browserProcess = spawn(chromiumPath, [...CHROMIUM_ARGS, '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: 'ignore',
  });
  let exited = false;
  const gone = new Promise<void>((resolve) => browserProcess.once('exit', () => resolve()));
  void gone.then(() => (exited = true));
  const close = async (): Promise<void> => {
    if (!exited) browserProcess.kill();
    await gone;
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const endpoint = await devToolsEndpoint(profile, () => exited);
    const cdp = await CdpPage.attach(endpoint, 'about:blank');
    await cdp.setViewport(1280, 800);
    const connect = async (): Promise<{ browser: Browser; page: Page }> => {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${new URL(endpoint).port}`);
      const page = browser.contexts()[0]?.pages()[0];
      if (page === undefined) throw new Error("Chromium's first tab is not among Playwright's pages");
      return { browser, page };
    };
    let connected = await connect();
    return {
      get browser() {
        return connected.browser;
      },
      get page() {
        return connected.page;
      },
      cdp,
      async close() {
        cdp.close();
        await close();
      },
      async detach() {
        await connected.browser.close();
      },
      async attach() {
        connected = await connect();
        return connected.page;
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The browser's DevTools WebSocket URL, from the DevToolsActivePort file Chromium writes once it listens. */
async function devToolsEndpoint(profile: string, exited: () => boolean): Promise<string> {
  const file = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    const [port, path] = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
    if (port !== undefined && port !== '' && path !== undefined && path !== '') return `ws://127.0.0.1:${port}${path}`;
    if (exited()) throw new Error('Chromium exited before it opened its DevTools endpoint');
    if (Date.now() > deadline) throw new Error(`Chromium wrote no ${file} within ${STARTUP_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
