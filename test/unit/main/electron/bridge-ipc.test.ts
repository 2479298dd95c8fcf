// The IPC adapter with Electron replaced at the module boundary: who may get a bridge port (sender
// checked before anything else, then the request's envelope), that the port really carries frames
// to a BridgeEndpoint and its answers back, and that a page's link ends when the page does.
import type { MessagePort } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../../shared/bridge/app-info.ts';
import type { ExecRequest } from '../../../../shared/bridge/sessions.ts';
import { WIRE_VERSION } from '../../../../shared/bridge/wire.ts';
import { BridgeServer } from '../../../../main/bridge/bridge-server.ts';
import { BridgeIpc } from '../../../../main/electron/bridge-ipc.ts';
import { PORT_CHANNEL, PORT_REQUEST_CHANNEL } from '../../../../main/electron/ipc-channels.ts';
import { hardenWebContents } from '../../../../main/electron/web-contents-policy.ts';
import { FakeCore } from '../bridge/fake-core.ts';
import { FakeWebContents, FakeWebFrame, createdChannels, ipcEvent, ipcMain, resetFakeElectron } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

const APP: AppInfo = { name: 'Porthole', version: '0.1.0', host: 'electron' };
const EXEC: ExecRequest = { context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true };

let core: FakeCore;
let server: BridgeServer;
let ipc: BridgeIpc;
let ours: Set<FakeWebContents>;
let logged: string[];
const pagePorts: MessagePort[] = [];

beforeEach(() => {
  resetFakeElectron();
  core = new FakeCore();
  server = new BridgeServer({ core, appInfo: APP, log: () => undefined });
  ours = new Set();
  logged = [];
  ipc = new BridgeIpc({ server, isOurWindow: (contents) => ours.has(contents as unknown as FakeWebContents), log: (message) => logged.push(message) });
  ipc.install();
});

afterEach(() => {
  ipc.dispose();
  server.close();
  for (const port of pagePorts.splice(0)) port.close();
});

/** A page of one of our windows, its lifecycle watched as main does for every window. */
function ourPage(): FakeWebContents {
  const contents = new FakeWebContents();
  ours.add(contents);
  ipc.watch(contents as never);
  return contents;
}

function requestPort(contents: FakeWebContents, frame: FakeWebFrame | null = contents.mainFrame, ...args: unknown[]): void {
  ipcMain.emit(PORT_REQUEST_CHANNEL, ipcEvent(contents, frame), ...args);
}

/** The page's end of the port main sent it, with everything that arrives on it. */
function pageEnd(contents: FakeWebContents, index = 0) {
  const posted = contents.posted.filter((message) => message.channel === PORT_CHANNEL)[index];
  if (posted === undefined) throw new Error('main posted no port to this page');
  const port = (posted.transfer[0] ?? expect.unreachable('the port message transfers a port')).nodePort;
  pagePorts.push(port);
  const received: unknown[] = [];
  port.on('message', (data: unknown) => received.push(data));
  return {
    port,
    received,
    call(id: number, method: string, ...args: unknown[]) {
      port.postMessage({ t: 'call', id, method, args });
    },
    async answer(id: number): Promise<unknown> {
      return vi.waitFor(() => received.find((message) => (message as { id?: number }).id === id) ?? expect.unreachable(`no answer to call ${id} yet`));
    },
  };
}

function expectRefused(contents: FakeWebContents, reason: RegExp): void {
  expect(createdChannels).toHaveLength(0);
  expect(contents.posted).toHaveLength(0);
  expect(server.clientCount).toBe(0);
  expect(ipc.linkCount).toBe(0);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatch(reason);
}

describe('the port request', () => {
  it('gives our page a port whose other end is a bridge endpoint', async () => {
    const contents = ourPage();
    requestPort(contents);

    expect(createdChannels).toHaveLength(1);
    const channel = createdChannels[0] ?? expect.unreachable();
    expect(contents.posted).toEqual([{ channel: PORT_CHANNEL, message: null, transfer: [channel.port2] }]);
    expect(channel.port1.started).toBe(true);
    expect(server.clientCount).toBe(1);

    const page = pageEnd(contents);
    await vi.waitFor(() => expect(page.received[0]).toEqual({ t: 'hello', version: WIRE_VERSION }));
    page.call(1, 'appInfo');
    expect(await page.answer(1)).toEqual({ t: 'result', id: 1, value: APP });
    page.call(2, 'listContexts');
    expect(await page.answer(2)).toMatchObject({ t: 'result', id: 2 });
    expect(core.coreCalls('listContexts')).toHaveLength(1);
    expect(logged).toEqual([]);
  });

  it('carries bytes both ways: keystrokes to the session, its output back as Uint8Array', async () => {
    const contents = ourPage();
    requestPort(contents);
    const page = pageEnd(contents);
    page.call(1, 'openExec', EXEC);
    const opened = (await page.answer(1)) as { value: { info: { id: string } } };
    const id = opened.value.info.id;

    // write is one-way: main answers nothing; the core has the bytes.
    page.call(2, 'write', id, new TextEncoder().encode('ls\r'));
    await vi.waitFor(() => expect(core.totalWritten(id)).toBe('ls\r'));

    core.output(id, 'file.txt\r\n');
    const output = await vi.waitFor(
      () => page.received.find((message) => (message as { t: string }).t === 'event') ?? expect.unreachable('no event yet'),
    );
    expect(output).toMatchObject({ t: 'event', event: { kind: 'output', id, channel: 'stdout' } });
    const bytes = (output as { event: { bytes: unknown } }).event.bytes;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes as Uint8Array)).toBe('file.txt\r\n');
  });

  it('passes calls to the endpoint, which refuses arguments that break their schema before the core sees them', async () => {
    const contents = ourPage();
    requestPort(contents);
    const page = pageEnd(contents);
    page.call(1, 'openExec', { ...EXEC, pod: '../../secrets' });
    expect(await page.answer(1)).toMatchObject({ t: 'error', id: 1, error: { kind: 'invalid-request' } });
    page.port.postMessage({ method: 'appInfo' });
    await vi.waitFor(() => expect(page.received).toContainEqual(expect.objectContaining({ t: 'fault' })));
    expect(core.coreCalls('openExec')).toEqual([]);
  });

  it('refuses a request carrying arguments, and nothing else happens', () => {
    const contents = ourPage();
    requestPort(contents, contents.mainFrame, { channel: 'porthole:port' });
    expectRefused(contents, /carries no arguments, but this one has 1/);
  });
});

describe('the sender check', () => {
  it('refuses a frame that is gone', () => {
    const contents = ourPage();
    requestPort(contents, null);
    expectRefused(contents, /navigated away or is gone/);
  });

  it.each([
    ['a web page', 'https://evil.example/porthole'],
    ['a file', 'file:///home/me/index.html'],
    ['another host of our scheme', 'porthole://elsewhere/index.html'],
    ['our origin with credentials', 'porthole://user:secret@app/index.html'],
    ['no URL at all', ''],
  ])('refuses the main frame of our window when it shows %s', (_what, url) => {
    const contents = ourPage();
    contents.mainFrame.url = url;
    requestPort(contents);
    expectRefused(contents, /not the app/);
  });

  it('refuses a subframe of our page, even one showing the app', () => {
    const contents = ourPage();
    requestPort(contents, new FakeWebFrame('porthole://app/index.html', contents.mainFrame));
    expectRefused(contents, /not the top-level frame/);
  });

  it('refuses a top-level frame that is not the main frame of the sending page', () => {
    const contents = ourPage();
    requestPort(contents, new FakeWebFrame('porthole://app/index.html'));
    expectRefused(contents, /not the top-level frame/);
  });

  it('refuses the app page of a window that is not ours', () => {
    const contents = new FakeWebContents();
    requestPort(contents);
    expectRefused(contents, /not one of Porthole’s windows/);
  });

  it('checks the sender before the envelope', () => {
    const contents = new FakeWebContents('https://evil.example/');
    requestPort(contents, contents.mainFrame, 'extra');
    expectRefused(contents, /not the app/);
  });
});

describe('the end of a link', () => {
  function linkedPage() {
    const contents = ourPage();
    requestPort(contents);
    const channel = createdChannels.at(-1) ?? expect.unreachable();
    expect(server.clientCount).toBe(1);
    return { contents, channel };
  }

  it('comes when the window is closed: the endpoint closes, the session keeps running in main', async () => {
    const { contents, channel } = linkedPage();
    const page = pageEnd(contents);
    page.call(1, 'openExec', EXEC);
    await page.answer(1);

    contents.emit('destroyed');
    expect(server.clientCount).toBe(0);
    expect(ipc.linkCount).toBe(0);
    expect(channel.port1.closed).toBe(true);
    expect(core.listSessions()).toHaveLength(1);
    expect(core.coreCalls('close')).toEqual([]);
  });

  it('comes when the page reloads (a main-frame navigation to a new document commits)', () => {
    const { contents, channel } = linkedPage();
    contents.reload();
    expect(server.clientCount).toBe(0);
    expect(channel.port1.closed).toBe(true);
  });

  it('does not come with a same-document navigation or a subframe navigation', () => {
    const { contents } = linkedPage();
    contents.navigate('porthole://app/index.html#tab-2', { rendererInitiated: true, isSameDocument: true });
    contents.navigate('porthole://app/frame.html', { rendererInitiated: true, isMainFrame: false });
    expect(server.clientCount).toBe(1);
  });

  it('does not come with a navigation the policy refuses: the link still answers', async () => {
    const { contents } = linkedPage();
    hardenWebContents(contents as never);
    const page = pageEnd(contents);
    // A link clicked in the page: did-start-navigation, then will-navigate refuses it.
    expect(contents.navigate('https://kubernetes.io/docs/', { rendererInitiated: true })).toBe(false);
    expect(server.clientCount).toBe(1);
    expect(ipc.linkCount).toBe(1);
    page.call(1, 'appInfo');
    expect(await page.answer(1)).toEqual({ t: 'result', id: 1, value: APP });
  });

  it('comes for the old page only, when the new page asks before the navigation is reported as committed', async () => {
    const { contents, channel } = linkedPage();
    contents.emit('did-start-navigation', { url: contents.mainFrame.url, isMainFrame: true, isSameDocument: false });
    requestPort(contents);
    contents.emit('did-navigate', {}, contents.mainFrame.url, 200, 'OK');
    expect(channel.port1.closed).toBe(true);
    expect(ipc.linkCount).toBe(1);
    const page = pageEnd(contents, 1);
    page.call(1, 'appInfo');
    expect(await page.answer(1)).toEqual({ t: 'result', id: 1, value: APP });
  });

  it('comes when the renderer process is gone', () => {
    const { contents } = linkedPage();
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(server.clientCount).toBe(0);
  });

  it('comes when the page end of the port closes', async () => {
    const { contents } = linkedPage();
    pageEnd(contents).port.close();
    await vi.waitFor(() => expect(server.clientCount).toBe(0));
    expect(ipc.linkCount).toBe(0);
  });

  it('comes for the old link when the page asks again, and the new link works', async () => {
    const { contents, channel } = linkedPage();
    const oldPortClosed = new Promise((resolve) => channel.port1.once('close', resolve));
    requestPort(contents);
    expect(channel.port1.closed).toBe(true);
    expect(server.clientCount).toBe(1);
    expect(ipc.linkCount).toBe(1);
    // The old port's close event arrives after the new link exists and must not end it.
    await oldPortClosed;
    expect(server.clientCount).toBe(1);
    const page = pageEnd(contents, 1);
    page.call(1, 'appInfo');
    expect(await page.answer(1)).toEqual({ t: 'result', id: 1, value: APP });
  });

  it('comes for every link on dispose, and later requests are not answered', () => {
    const { contents, channel } = linkedPage();
    ipc.dispose();
    expect(channel.port1.closed).toBe(true);
    expect(server.clientCount).toBe(0);
    requestPort(contents);
    expect(createdChannels).toHaveLength(1);
  });
});

describe('the paste request', () => {
  it('makes main paste into the page’s focused element, and reaches no endpoint', async () => {
    const contents = ourPage();
    requestPort(contents);
    const page = pageEnd(contents);
    page.port.postMessage({ t: 'paste' });
    await vi.waitFor(() => expect(contents.pastes).toBe(1));
    page.call(1, 'appInfo');
    await page.answer(1);
    expect(page.received.filter((message) => (message as { t: string }).t === 'fault')).toEqual([]);
  });
});

describe('menu commands', () => {
  it('reach the page over its port', async () => {
    const contents = ourPage();
    requestPort(contents);
    const page = pageEnd(contents);
    expect(ipc.sendCommand(contents as never, 'new-shell')).toBe(true);
    await vi.waitFor(() => expect(page.received).toContainEqual({ t: 'command', command: 'new-shell' }));
  });

  it('are not sent to a page without a link', () => {
    const contents = ourPage();
    expect(ipc.sendCommand(contents as never, 'close-tab')).toBe(false);
  });
});
