// Navigation, new windows, <webview> and permissions, with Electron replaced at the module
// boundary: the handlers main installs are called as Electron would call them.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { externalLink } from '../../../../main/electron/external-link.ts';
import { denyPermissions, hardenWebContents } from '../../../../main/electron/web-contents-policy.ts';
import { BrowserWindow, FakeSession, FakeWebContents, dialog, preventable, resetFakeElectron, shell } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

beforeEach(() => resetFakeElectron());

function hardened(): FakeWebContents {
  const contents = new FakeWebContents();
  hardenWebContents(contents as never);
  return contents;
}

describe('externalLink', () => {
  it.each([
    ['https://kubernetes.io/docs/', 'https://kubernetes.io/docs/'],
    ['HTTPS://Example.COM', 'https://example.com/'],
    ['http://example.com/', null],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/'],
    ['http://localhost:8080/', null],
    ['http://127.0.0.1.example.com/', null],
    ['file:///etc/passwd', null],
    ['javascript:alert(1)', null],
    ['smb://server/share', null],
    ['porthole://app/index.html', null],
    ['not a url', null],
  ])('%s → %s', (url, expected) => {
    expect(externalLink(url)).toBe(expected);
  });
});

describe('navigation', () => {
  it('is refused for every URL, in the main frame and in any subframe', () => {
    const contents = hardened();
    for (const url of ['https://kubernetes.io/', 'http://example.com/', 'file:///etc/passwd', 'porthole://app/other.html']) {
      for (const isMainFrame of [true, false]) expect(contents.navigate(url, { rendererInitiated: true, isMainFrame }), url).toBe(false);
    }
    expect(contents.mainFrame.url).toBe('porthole://app/index.html');
  });

  it('in a subframe is refused by will-frame-navigate, the second lock', () => {
    const contents = hardened();
    const event = preventable({ url: 'https://evil.example/', isMainFrame: false });
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('to an https URL asks first, naming the host, and opens it in the system browser only on yes', async () => {
    const contents = hardened();
    contents.navigate('https://kubernetes.io/docs/', { rendererInitiated: true });
    await vi.waitFor(() => expect(dialog.shown).toHaveLength(1));
    expect(dialog.shown[0]?.options).toMatchObject({ message: 'Open kubernetes.io in your browser?', detail: 'https://kubernetes.io/docs/', cancelId: 1, defaultId: 1 });
    await Promise.resolve();
    expect(shell.opened).toEqual([]);

    dialog.answer = 0;
    contents.navigate('https://kubernetes.io/docs/', { rendererInitiated: true });
    await vi.waitFor(() => expect(shell.opened).toEqual(['https://kubernetes.io/docs/']));
    expect(dialog.shown).toHaveLength(2);
  });

  it('to anything but https asks nothing and opens nothing', async () => {
    const contents = hardened();
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'porthole://app/other.html']) contents.navigate(url, { rendererInitiated: true });
    await Promise.resolve();
    expect(dialog.shown).toEqual([]);
    expect(shell.opened).toEqual([]);
  });

  it('asks in a dialog of the page’s own window', async () => {
    const window = new BrowserWindow({ x: 0, y: 0, width: 800, height: 600, webPreferences: {} });
    hardenWebContents(window.webContents as never);
    window.webContents.navigate('https://kubernetes.io/', { rendererInitiated: true });
    await vi.waitFor(() => expect(dialog.shown[0]?.window).toBe(window));
  });
});

describe('window.open', () => {
  it('is denied for every URL; an https one opens in the system browser once the user says yes', async () => {
    dialog.answer = 0;
    const contents = hardened();
    const handler = contents.windowOpenHandler ?? expect.unreachable('no window open handler installed');
    expect(handler({ url: 'https://github.com/kubernetes' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'porthole://app/index.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/shadow' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'about:blank' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(shell.opened).toEqual(['https://github.com/kubernetes']));
    expect(dialog.shown).toHaveLength(1);
  });

  it('asked again while the page’s question is open shows no second dialog', async () => {
    const contents = hardened();
    const handler = contents.windowOpenHandler ?? expect.unreachable();
    for (let i = 0; i < 5; i++) handler({ url: 'https://example.com/' });
    await Promise.resolve();
    expect(dialog.shown).toHaveLength(1);
  });
});

describe('<webview>', () => {
  it('cannot be attached', () => {
    const contents = hardened();
    const event = preventable();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('permissions', () => {
  function denied(): FakeSession {
    const session = new FakeSession();
    denyPermissions(session as never);
    return session;
  }

  function request(session: FakeSession, permission: string, requestingUrl = 'porthole://app/index.html', isMainFrame = true): boolean {
    let answer: boolean | undefined;
    (session.requestHandler ?? expect.unreachable())(null, permission, (granted) => (answer = granted), { requestingUrl, isMainFrame });
    return answer ?? expect.unreachable('the request was never answered');
  }

  function check(session: FakeSession, permission: string, origin = 'porthole://app', isMainFrame = true): boolean {
    return (session.checkHandler ?? expect.unreachable())(null, permission, origin, { isMainFrame });
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'fullscreen', 'unknown'])(
    'refuses %s to the app itself, on request and on check',
    (permission) => {
      const session = denied();
      expect(request(session, permission)).toBe(false);
      expect(check(session, permission)).toBe(false);
    },
  );

  it('grants writing text to the clipboard to the app’s top-level page only', () => {
    const session = denied();
    expect(request(session, 'clipboard-sanitized-write')).toBe(true);
    expect(check(session, 'clipboard-sanitized-write')).toBe(true);
    expect(request(session, 'clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check(session, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(request(session, 'clipboard-sanitized-write', 'porthole://app/index.html', false)).toBe(false);
    expect(check(session, 'clipboard-sanitized-write', 'porthole://app', false)).toBe(false);
  });

  it('refuses the page reading the clipboard, as navigator.clipboard.readText() asks', async () => {
    expect(await denied().pageReadsClipboard('porthole://app/index.html')).toBe(false);
  });

  it('refuses every device', () => {
    expect((denied().deviceHandler ?? expect.unreachable())()).toBe(false);
  });
});
