// The preload entry (main/electron/preload.ts) as a window runs it, with Electron replaced at the
// module boundary and the test playing Electron's part between the two processes: the preload's
// port request is handed to main's real IPC adapter, and the port main posts is handed back to
// the preload. Behind the adapter is the real BridgeServer over a FakeCore, so a call made on what
// the page sees goes all the way to the core and back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../../shared/bridge/app-info.ts';
import type { AppCommand, ElectronBridge } from '../../../../shared/bridge/app-commands.ts';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import type { BridgeConnection } from '../../../../shared/bridge/bridge.ts';
import { BRIDGE_METHOD_NAMES, pageBridge } from '../../../../shared/bridge/isolated-world.ts';
import type { SessionEvent } from '../../../../shared/bridge/sessions.ts';
import { BridgeServer } from '../../../../main/bridge/bridge-server.ts';
import { PORT_CHANNEL, PORT_REQUEST_CHANNEL } from '../../../../main/electron/ipc-channels.ts';
import { FAKE_KUBECONFIG_PROBLEMS, FakeCore } from '../bridge/fake-core.ts';
import type * as FakeElectron from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const APP: AppInfo = { name: 'Porthole', version: '0.1.0', host: 'electron' };

let cleanup: Array<() => void> = [];

afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

/**
 * A fresh Electron, main's adapter on it, and a freshly loaded preload (module state included).
 * The fake is taken from the mocked 'electron' itself, so this test, the adapter and the preload
 * share one.
 */
async function loadWindow() {
  vi.resetModules();
  const fake = (await import('electron')) as unknown as typeof FakeElectron;
  fake.resetFakeElectron();
  const { BridgeIpc } = await import('../../../../main/electron/bridge-ipc.ts');
  const core = new FakeCore();
  const server = new BridgeServer({ core, appInfo: APP, log: () => undefined });
  const contents = new fake.FakeWebContents();
  const ipc = new BridgeIpc({ server, isOurWindow: (candidate) => candidate === (contents as never), log: () => undefined });
  ipc.install();
  ipc.watch(contents as never);
  cleanup.push(() => {
    ipc.dispose();
    server.close();
  });

  await import('../../../../main/electron/preload.ts');
  const exposed = fake.contextBridge.exposed.get('porthole') as ElectronBridge;

  /** Electron carrying the preload's IPC to main, and main's port message back to the preload. */
  function relay(): void {
    for (const { channel, args } of fake.ipcRenderer.sent.splice(0)) fake.ipcMain.emit(channel, fake.ipcEvent(contents), ...args);
    for (const { channel, transfer } of contents.posted.splice(0)) {
      const ports = transfer.map((port) => port.nodePort);
      cleanup.push(() => ports.forEach((port) => port.close()));
      fake.ipcRenderer.deliver(channel, ports);
    }
  }

  return { fake, core, ipc, contents, exposed, relay };
}

function connectionStates(bridge: ElectronBridge): BridgeConnection[] {
  const states: BridgeConnection[] = [];
  bridge.onConnection((state) => states.push(state));
  return states;
}

describe('what the preload exposes', () => {
  it('is a plain object holding exactly the bridge methods, onAppCommand and paste, all functions', async () => {
    const { exposed } = await loadWindow();
    expect(Object.getPrototypeOf(exposed)).toBe(Object.prototype);
    expect(Object.keys(exposed).sort()).toEqual([...BRIDGE_METHOD_NAMES, 'onAppCommand', 'paste'].sort());
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
  });

  it('lets no IPC primitive escape: nothing exposed is ipcRenderer or takes a channel name', async () => {
    const { fake, exposed } = await loadWindow();
    const values = Object.values(exposed);
    expect(values).not.toContain(fake.ipcRenderer);
    expect(values).not.toContain(fake.ipcRenderer.send);
    expect(Object.keys(exposed).filter((key) => /send|invoke|ipc|channel|^on$|emit/i.test(key))).toEqual([]);
  });

  it('asks main for one port, with no arguments, and ignores any port after the first', async () => {
    const { fake, exposed, relay } = await loadWindow();
    expect(fake.ipcRenderer.sent).toEqual([{ channel: PORT_REQUEST_CHANNEL, args: [] }]);
    relay();
    expect(await exposed.appInfo()).toEqual(APP);
    const stray = new fake.MessageChannelMain();
    cleanup.push(() => stray.port1.close());
    fake.ipcRenderer.deliver(PORT_CHANNEL, [stray.port2.nodePort]);
    expect(await exposed.appInfo()).toEqual(APP);
  });
});

describe('a call from the page', () => {
  it('waits for the port, then goes through main to the core and back', async () => {
    const { exposed, relay, core } = await loadWindow();
    const states = connectionStates(exposed);
    const contexts = exposed.listContexts();
    relay();
    expect(await contexts).toHaveLength(1);
    expect(core.coreCalls('listContexts')).toHaveLength(1);
    expect(states.map((state) => state.kind)).toEqual(['connecting', 'open']);
  });

  it('brings the kubeconfig file problems from the core to the page', async () => {
    const { exposed, relay, core } = await loadWindow();
    const problems = exposed.kubeconfigProblems();
    relay();
    expect(await problems).toEqual(FAKE_KUBECONFIG_PROBLEMS);
    expect(core.coreCalls('kubeconfigProblems')).toHaveLength(1);
  });

  it('carries keystrokes in and output out as bytes, to the page’s session listener', async () => {
    const { exposed, relay, core } = await loadWindow();
    relay();
    const events: SessionEvent[] = [];
    exposed.onSessionEvent((event) => events.push(event));
    const info = await exposed.openExec({ context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true });
    // write is one-way: done once sent; the core has the bytes soon after.
    await exposed.write(info.id, new TextEncoder().encode('echo hi\r'));
    await vi.waitFor(() => expect(core.totalWritten(info.id)).toBe('echo hi\r'));

    core.output(info.id, 'hi\r\n');
    const output = await vi.waitFor(() => events.find((event) => event.kind === 'output') ?? expect.unreachable('no output yet'));
    expect(output.kind === 'output' && new TextDecoder().decode(output.bytes)).toBe('hi\r\n');
  });

  it('carries a keystroke whose bytes own their whole buffer, as every keystroke does once contextBridge copied it', async () => {
    const { exposed, relay, core } = await loadWindow();
    relay();
    const info = await exposed.openExec({ context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true });
    const keystroke = new Uint8Array([0x6c]);
    expect(keystroke.byteLength).toBe(keystroke.buffer.byteLength);
    const written = exposed.write(info.id, keystroke);
    // Main's MessagePortMain gets null for a message that transferred its buffer (fake-electron.ts).
    await vi.waitFor(() => expect(core.totalWritten(info.id)).toBe('l'), { timeout: 3000 });
    await written;
    expect(keystroke.byteLength).toBe(1);
  });

  it('is refused as a plain crossed error that survives copying, and the page gets its BridgeError back', async () => {
    const { exposed, relay } = await loadWindow();
    relay();
    const raw = await exposed.resize('no-such-session', { cols: 80, rows: 24 }).then(
      () => expect.unreachable('a resize of an unknown session must fail'),
      (reason: unknown) => reason,
    );
    // contextBridge copies the rejection like structuredClone does; this shape survives it.
    expect(raw).not.toBeInstanceOf(Error);
    expect(structuredClone(raw)).toEqual(raw);
    expect(raw).toMatchObject({ crossedBridgeError: { kind: 'invalid-request' } });

    const page = pageBridge(exposed);
    const restored = await page.resize('no-such-session', { cols: 80, rows: 24 }).catch((reason: unknown) => reason);
    expect(restored).toBeInstanceOf(BridgeError);
    expect((restored as BridgeError).userError).toEqual((raw as { crossedBridgeError: unknown }).crossedBridgeError);
  });
});

describe('menu commands', () => {
  it('reach the page’s onAppCommand listeners until they unsubscribe', async () => {
    const { exposed, relay, ipc, contents } = await loadWindow();
    relay();
    await exposed.appInfo();
    const heard: AppCommand[] = [];
    const unsubscribe = exposed.onAppCommand((command) => heard.push(command));
    ipc.sendCommand(contents as never, 'next-tab');
    await vi.waitFor(() => expect(heard).toEqual(['next-tab']));

    unsubscribe();
    const later: AppCommand[] = [];
    exposed.onAppCommand((command) => later.push(command));
    ipc.sendCommand(contents as never, 'close-tab');
    await vi.waitFor(() => expect(later).toEqual(['close-tab']));
    expect(heard).toEqual(['next-tab']);
  });
});

describe('paste', () => {
  it('asks main, which pastes into the page’s focused element', async () => {
    const { exposed, relay, contents } = await loadWindow();
    relay();
    await exposed.appInfo();
    exposed.paste();
    await vi.waitFor(() => expect(contents.pastes).toBe(1));
  });

  it('is what the page has instead of reading the clipboard, which the window refuses it', async () => {
    const { fake } = await loadWindow();
    const { denyPermissions } = await import('../../../../main/electron/web-contents-policy.ts');
    denyPermissions(fake.session.defaultSession as never);
    expect(await fake.session.defaultSession.pageReadsClipboard('porthole://app/index.html')).toBe(false);
  });
});

describe('a link main closes', () => {
  it('makes the preload ask for a new port, and calls work again on it', async () => {
    const { fake, exposed, relay } = await loadWindow();
    const states = connectionStates(exposed);
    relay();
    await exposed.appInfo();
    (fake.createdChannels[0] ?? expect.unreachable()).port1.close();
    // Generous timeouts: on a loaded 2-core machine the port's messages can take a while.
    await vi.waitFor(() => expect(states.at(-1)?.kind).toBe('reconnecting'), { timeout: 4000 });
    expect(fake.ipcRenderer.sent).toContainEqual({ channel: PORT_REQUEST_CHANNEL, args: [] });
    // Electron answers every request; a stale one (an earlier test's window closing) can get the
    // first answer, whose port main then replaces, and the preload asks again: relay until open.
    await vi.waitFor(
      () => {
        relay();
        expect(states.at(-1)?.kind).toBe('open');
      },
      { timeout: 4000 },
    );
    expect(await exposed.appInfo()).toEqual(APP);
  });

  it('is closed with the page when it reloads', async () => {
    const { fake, exposed, relay, contents } = await loadWindow();
    relay();
    await exposed.appInfo();
    contents.reload();
    expect(fake.createdChannels[0]?.port1.closed).toBe(true);
  });
});

describe('a frame the preload cannot read', () => {
  it.each([
    ['an unknown message', { t: 'surprise' }],
    ['a command that does not exist', { t: 'command', command: 'format-disk' }],
    ['something that is not a message', 42],
  ])('(%s) fails the link with a message saying to reload', async (_what, frame) => {
    const { fake, exposed, relay } = await loadWindow();
    const states = connectionStates(exposed);
    relay();
    await exposed.appInfo();
    const heard: AppCommand[] = [];
    exposed.onAppCommand((command) => heard.push(command));

    (fake.createdChannels[0] ?? expect.unreachable()).port1.postMessage(frame);
    await vi.waitFor(() => expect(states.at(-1)?.kind).toBe('failed'));
    expect(states.at(-1)).toMatchObject({ error: { kind: 'protocol', detail: expect.stringContaining('reload the window') } });
    await expect(exposed.appInfo()).rejects.toMatchObject({ crossedBridgeError: { kind: 'protocol' } });
    expect(heard).toEqual([]);
  });
});
