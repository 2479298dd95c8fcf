// The Electron entry point (main/electron/main.ts) with Electron replaced at the module boundary
// and the core replaced by a FakeCore: what happens before 'ready', what 'ready' sets up, and
// that the pieces are wired to each other (a window's page gets its bridge, the menu reaches the
// focused page, quitting closes the core first).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from '../../../../main/electron/app-origin.ts';
import type * as AppProtocol from '../../../../main/electron/app-protocol.ts';
import { PORT_REQUEST_CHANNEL } from '../../../../main/electron/ipc-channels.ts';
import { FakeCore } from '../bridge/fake-core.ts';
import type * as FakeElectron from './fake-electron.ts';

const hoisted = vi.hoisted(() => ({
  core: null as unknown,
  coreError: null as Error | null,
  served: [] as string[],
  /** What the login shell's environment gives, and the KUBECONFIG createCore saw. */
  shell: { problem: null as string | null, kubeconfig: '/Users/me/.kube/work', resolve: (): void => undefined },
  kubeconfigAtCreate: undefined as string | undefined,
}));

vi.mock('electron', () => import('./fake-electron.ts'));
vi.mock('../../../../main/core/create-core.ts', () => ({
  createCore: () => {
    hoisted.kubeconfigAtCreate = process.env['KUBECONFIG'];
    return hoisted.coreError === null ? Promise.resolve(hoisted.core) : Promise.reject(hoisted.coreError);
  },
}));
// The login shell is read for real in test/unit/main/environment; here it answers when the test says.
vi.mock('../../../../main/environment/adopt-login-shell-environment.ts', () => ({
  adoptLoginShellEnvironment: (env: NodeJS.ProcessEnv) =>
    new Promise<string | null>((resolve) => {
      hoisted.shell.resolve = () => {
        if (hoisted.shell.problem === null) env['KUBECONFIG'] = hoisted.shell.kubeconfig;
        resolve(hoisted.shell.problem);
      };
    }),
}));
// From the sources, the built renderer is not where the bundle finds it; what is served is recorded.
vi.mock('../../../../main/electron/app-protocol.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof AppProtocol>()),
  serveAppProtocol: (dir: string) => hoisted.served.push(dir),
}));

class DisposableCore extends FakeCore {
  disposed = false;

  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
}

const openPorts: MessagePort[] = [];

const kubeconfigBefore = process.env['KUBECONFIG'];

afterEach(() => {
  for (const port of openPorts.splice(0)) port.close();
  vi.restoreAllMocks();
  if (kubeconfigBefore === undefined) delete process.env['KUBECONFIG'];
  else process.env['KUBECONFIG'] = kubeconfigBefore;
});

/** Loads main.ts afresh on a fresh fake Electron, as launching the app does. */
async function launch(options: { gotLock?: boolean; coreError?: Error; shellProblem?: string } = {}) {
  vi.resetModules();
  const fake = (await import('electron')) as unknown as typeof FakeElectron;
  fake.resetFakeElectron();
  fake.app.userData = mkdtempSync(join(tmpdir(), 'porthole-user-data-'));
  fake.app.gotLock = options.gotLock ?? true;
  const core = new DisposableCore();
  hoisted.core = core;
  hoisted.coreError = options.coreError ?? null;
  hoisted.served.length = 0;
  hoisted.shell.problem = options.shellProblem ?? null;
  hoisted.kubeconfigAtCreate = undefined;
  const logged: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
  await import('../../../../main/electron/main.ts');
  return { fake, core, logged };
}

async function launchReady() {
  const launched = await launch();
  launched.fake.app.becomeReady();
  hoisted.shell.resolve();
  await vi.waitFor(() => expect(launched.fake.BrowserWindow.all).toHaveLength(1));
  const window = launched.fake.BrowserWindow.all[0] ?? expect.unreachable();
  return { ...launched, window };
}

/** Plays the window's preload asking for its port; returns the page's end of it. */
function linkPage(fake: typeof FakeElectron, window: FakeElectron.BrowserWindow) {
  fake.ipcMain.emit(PORT_REQUEST_CHANNEL, fake.ipcEvent(window.webContents));
  const port = (window.webContents.posted.at(-1)?.transfer[0] ?? expect.unreachable('no port posted')).nodePort;
  openPorts.push(port);
  const received: unknown[] = [];
  port.on('message', (data: unknown) => received.push(data));
  return { port, received };
}

type Item = { label?: string; role?: string; click?: () => void; submenu?: Item[] };

function menuItem(menu: FakeElectron.FakeMenu | null, label: string): Item {
  const all = (items: Item[]): Item[] => items.flatMap((item) => [item, ...all(item.submenu ?? [])]);
  return all((menu?.template ?? []) as Item[]).find((item) => item.label === label) ?? expect.unreachable(`no menu item ${label}`);
}

describe('before ready', () => {
  it('enables the sandbox for every renderer, makes the app scheme privileged, and opens nothing yet', async () => {
    const { fake } = await launch();
    expect(fake.app.sandboxEnabled).toBe(true);
    expect(fake.protocol.privileged.map((scheme) => scheme.scheme)).toEqual(['porthole']);
    expect(fake.BrowserWindow.all).toEqual([]);
    expect(fake.ipcMain.listenerCount(PORT_REQUEST_CHANNEL)).toBe(0);
  });

  it('holds every web contents created, ours or not, to the navigation policy', async () => {
    const { fake } = await launch();
    const contents = new fake.FakeWebContents('https://anything.example/');
    fake.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });

  it('a second instance quits at once and sets nothing up', async () => {
    const { fake } = await launch({ gotLock: false });
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.app.listenerCount('web-contents-created')).toBe(0);
  });
});

describe('when ready', () => {
  it('denies permissions, serves the built renderer, sets the menu and opens one window on the app', async () => {
    const { fake, window } = await launchReady();
    expect(fake.session.defaultSession.checkHandler?.(null, 'media', 'porthole://app', { isMainFrame: true })).toBe(false);
    expect(hoisted.served).toHaveLength(1);
    const builtDir = join(hoisted.served[0] ?? '', '..');
    expect(hoisted.served[0]).toBe(join(builtDir, 'renderer'));
    expect(window.options.webPreferences.preload).toBe(join(builtDir, 'preload', 'index.cjs'));
    expect(window.webContents.loadedUrl).toBe(APP_ENTRY_URL);
    expect(menuItem(fake.Menu.application, 'New Shell')).toBeDefined();
  });

  it('gives the window’s page its bridge, which answers with the app’s name and version', async () => {
    const { fake, window } = await launchReady();
    const page = linkPage(fake, window);
    page.port.postMessage({ t: 'call', id: 1, method: 'appInfo', args: [] });
    await vi.waitFor(() =>
      expect(page.received).toContainEqual({ t: 'result', id: 1, value: { name: 'Porthole', version: '0.1.0', host: 'electron' } }),
    );
  });

  it('refuses a port to a page that is not one of its windows', async () => {
    const { fake, logged } = await launchReady();
    const stranger = new fake.FakeWebContents();
    fake.ipcMain.emit(PORT_REQUEST_CHANNEL, fake.ipcEvent(stranger));
    expect(stranger.posted).toEqual([]);
    expect(logged.at(-1)).toMatch(/refused a bridge port request: the sender is not one of Porthole’s windows/);
  });

  it('sends menu commands to the focused window’s page; New Window opens another window', async () => {
    const { fake, window } = await launchReady();
    const page = linkPage(fake, window);
    fake.BrowserWindow.focused = window;
    menuItem(fake.Menu.application, 'New Shell').click?.();
    await vi.waitFor(() => expect(page.received).toContainEqual({ t: 'command', command: 'new-shell' }));
    menuItem(fake.Menu.application, 'New Window').click?.();
    expect(fake.BrowserWindow.all).toHaveLength(2);
  });

  it('opens a window for a second launch, and for activation when none is open', async () => {
    const { fake, window } = await launchReady();
    fake.app.emit('second-instance');
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(2);
    fake.app.emit('activate');
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(2);
    for (const open of fake.BrowserWindow.getAllWindows()) open.close();
    expect(window.isDestroyed()).toBe(true);
    fake.app.emit('activate');
    expect(fake.BrowserWindow.getAllWindows()).toHaveLength(1);
  });

  it('opens the clipboard context menu on right-click', async () => {
    const { fake, window } = await launchReady();
    window.webContents.emit('context-menu', {}, {});
    const menu = fake.Menu.built.at(-1);
    expect(menu?.popups).toBe(1);
    expect(menu?.template.map((item) => item.role ?? item.type)).toEqual(['copy', 'paste', 'separator', 'selectAll']);
  });

  it('quits when the last window closes (on Linux and Windows)', async () => {
    const { fake, window } = await launchReady();
    window.close();
    fake.app.emit('window-all-closed');
    expect(fake.app.quitCalls).toBe(process.platform === 'darwin' ? 0 : 1);
  });

  it('closes the core’s sessions before the process quits', async () => {
    const { fake, core, window } = await launchReady();
    const page = linkPage(fake, window);
    await vi.waitFor(() => expect(page.received).toContainEqual(expect.objectContaining({ t: 'hello' })));
    let prevented = false;
    fake.app.emit('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(core.disposed).toBe(true);
    expect(core.listenerCount).toBe(0);
    await vi.waitFor(() => expect(fake.app.quitCalls).toBe(1));
    let preventedAgain = false;
    fake.app.emit('will-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });

  it('reads the kubeconfig only once the login shell’s environment is in (its KUBECONFIG included)', async () => {
    const { fake } = await launch();
    fake.app.becomeReady();
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.BrowserWindow.all).toEqual([]);
    expect(hoisted.kubeconfigAtCreate).toBeUndefined();
    hoisted.shell.resolve();
    await vi.waitFor(() => expect(fake.BrowserWindow.all).toHaveLength(1));
    expect(hoisted.kubeconfigAtCreate).toBe('/Users/me/.kube/work');
  });

  it('starts anyway when the login shell cannot be read, and says why', async () => {
    const { fake, logged } = await launch({ shellProblem: 'Porthole could not read your login shell’s environment (/bin/zsh gave no environment within 5 s); …' });
    fake.app.becomeReady();
    hoisted.shell.resolve();
    await vi.waitFor(() => expect(fake.BrowserWindow.all).toHaveLength(1));
    expect(logged).toContain('Porthole could not read your login shell’s environment (/bin/zsh gave no environment within 5 s); …');
  });

  it('says plainly when the core cannot start, and exits', async () => {
    const { fake, logged } = await launch({ coreError: new Error('kubeconfig unreadable') });
    fake.app.becomeReady();
    hoisted.shell.resolve();
    await vi.waitFor(() => expect(fake.app.exitCode).toBe(1));
    expect(logged).toContain('Porthole could not start: Error: kubeconfig unreadable');
    expect(fake.BrowserWindow.all).toEqual([]);
  });
});
