// The page's choice of bridge and its browser glue, in a jsdom window loaded from the real web
// host's address: the token is taken out of the address bar, exchanged over the window's own
// WebSocket (which sends the page's Origin, as a browser does), and the secret kept in
// sessionStorage for a reload.
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../shared/bridge/app-info.ts';
import type { BridgeConnection, PortholeBridge } from '../../../../shared/bridge/bridge.ts';
import { startWebHost, type WebHost } from '../../../../main/web-host/web-host.ts';
import { bridgeForPage } from '../../../../renderer/src/bridge/page-bridge.ts';
import { FakeCore } from '../../main/bridge/fake-core.ts';

type PageWindow = Window & typeof globalThis;
interface Jsdom {
  readonly window: PageWindow;
}
// jsdom is installed (for component tests) without type declarations; this is the part used here.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string, options: { url: string }) => Jsdom };

const APP: AppInfo = { name: 'Porthole', version: '0.1.0', host: 'web' };
const SESSION_KEY = 'porthole.web-session';

let host: WebHost;
const windows: PageWindow[] = [];

function page(url: string): PageWindow {
  const { window } = new JSDOM('<!doctype html><div id="app"></div>', { url });
  windows.push(window);
  return window;
}

function finalState(bridge: PortholeBridge): Promise<BridgeConnection> {
  return new Promise((resolve) => {
    bridge.onConnection((state) => {
      if (state.kind === 'open' || state.kind === 'failed') resolve(state);
    });
  });
}

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  host = await startWebHost({ core: new FakeCore(), appInfo: APP, rendererDir: dir, bridge: { log: () => undefined } });
});

afterEach(async () => {
  for (const window of windows.splice(0)) window.close();
  await host.close();
});

describe('bridgeForPage', () => {
  it('uses the bridge the Electron preload put on the window', () => {
    const window = page('http://127.0.0.1/');
    const injected = { appInfo: () => Promise.resolve(APP) } as unknown as PortholeBridge;
    (window as unknown as Record<string, unknown>).porthole = injected;
    expect(bridgeForPage(window)).toBe(injected);
  });

  it('opens the link: strips the token from the address, exchanges it, keeps the secret for reloads', async () => {
    const window = page(host.url);
    const bridge = bridgeForPage(window);
    expect(window.location.href).toBe(`${host.origin}/`);
    expect(await bridge.appInfo()).toEqual(APP);
    const secret = window.sessionStorage.getItem(SESSION_KEY);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const reloaded = page(`${host.origin}/`);
    reloaded.sessionStorage.setItem(SESSION_KEY, secret as string);
    expect(await bridgeForPage(reloaded).appInfo()).toEqual(APP);
  });

  it('fails with a clear message when the page has neither token nor secret', async () => {
    const state = await finalState(bridgeForPage(page(`${host.origin}/`)));
    expect(state).toMatchObject({ kind: 'failed', error: { kind: 'credentials-rejected', detail: expect.stringContaining('This page has no link token') } });
  });

  it('refuses a page of another origin that knows the token, which stays usable', async () => {
    const token = new URL(host.url).hash.replace('#token=', '');
    const hostile = page(`http://localhost:${host.port + 1}/`);
    const socket = new hostile.WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${token}`);
    const outcome = await new Promise<string>((resolve) => {
      socket.onopen = () => resolve('open');
      socket.onclose = (event) => resolve(`closed ${event.code}`);
    });
    expect(outcome).toBe('closed 1006');
    expect(await bridgeForPage(page(host.url)).appInfo()).toEqual(APP);
  });
});
