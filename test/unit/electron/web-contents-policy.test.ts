// Navigation, new windows, <webview> and permissions, with Electron replaced at the module
// boundary: the handlers main installs are called as Electron would call them.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { denyPermissions, externalLink, hardenWebContents } from '../../../main/electron/web-contents-policy.ts';
import { FakeSession, FakeWebContents, resetFakeElectron, shell } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

beforeEach(() => resetFakeElectron());

function preventable(fields: Record<string, unknown> = {}) {
  return { ...fields, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
}

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
  it('is refused for every URL; an https one opens in the system browser instead', () => {
    const contents = hardened();
    for (const url of ['https://kubernetes.io/', 'http://example.com/', 'file:///etc/passwd', 'porthole://app/other.html']) {
      const event = preventable({ url });
      contents.emit('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
    expect(shell.opened).toEqual(['https://kubernetes.io/']);
  });
});

describe('window.open', () => {
  it('is denied for every URL; an https one opens in the system browser instead', () => {
    const contents = hardened();
    const handler = contents.windowOpenHandler ?? expect.unreachable('no window open handler installed');
    expect(handler({ url: 'https://github.com/kubernetes' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'porthole://app/index.html' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/shadow' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'about:blank' })).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://github.com/kubernetes']);
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

  it('refuses every device', () => {
    expect((denied().deviceHandler ?? expect.unreachable())()).toBe(false);
  });
});
