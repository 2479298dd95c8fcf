// Porthole's windows with Electron's BrowserWindow and screen replaced: how each is hardened and
// loaded, where it opens, and that its position is remembered when it closes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppWindows } from '../../../../main/electron/windows.ts';
import { BrowserWindow, FakeWebContents, resetFakeElectron, screen } from './fake-electron.ts';

vi.mock('electron', () => import('./fake-electron.ts'));

let stateFile: string;
let logged: string[];
let created: BrowserWindow[];

beforeEach(() => {
  resetFakeElectron();
  stateFile = join(mkdtempSync(join(tmpdir(), 'porthole-windows-')), 'window-state.json');
  logged = [];
  created = [];
});

function appWindows(): AppWindows {
  return new AppWindows({
    preload: '/app/out/preload/index.cjs',
    stateFile,
    log: (message) => logged.push(message),
    onCreated: (window) => created.push(window as unknown as BrowserWindow),
  });
}

function make(windows: AppWindows): BrowserWindow {
  return windows.create() as unknown as BrowserWindow;
}

describe('a new window', () => {
  it('is hardened with every webPreference written out, and loads the app from its own protocol', () => {
    const window = make(appWindows());
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    });
    expect(window.webContents.loadedUrl).toBe('porthole://app/index.html');
  });

  it('is handed to onCreated before its page loads, and shown once it is ready', () => {
    const windows = new AppWindows({
      preload: '/p.cjs',
      stateFile,
      log: () => undefined,
      onCreated: (window) => {
        expect((window as unknown as BrowserWindow).webContents.loadedUrl).toBeNull();
        created.push(window as unknown as BrowserWindow);
      },
    });
    const window = make(windows);
    expect(created).toEqual([window]);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('opens at the default size centred on the primary display when nothing was saved', () => {
    const window = make(appWindows());
    expect(window.bounds).toEqual({ x: 320, y: 140, width: 1280, height: 800 });
    expect(window.maximized).toBe(false);
    expect(logged).toEqual([]);
  });

  it('opens where the last window was closed, maximised if it was, and stays hidden until its page is ready', () => {
    writeFileSync(stateFile, JSON.stringify({ bounds: { x: 50, y: 60, width: 900, height: 700 }, maximized: true }));
    const window = make(appWindows());
    expect(window.bounds).toEqual({ x: 50, y: 60, width: 900, height: 700 });
    // maximize() shows a hidden window (fake-electron.ts): before ready-to-show that is a white flash.
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.maximized).toBe(true);
    expect(window.shown).toBe(true);
  });

  it('ignores a corrupt state file, says so, and opens at the default place', () => {
    writeFileSync(stateFile, '{"bounds": null, "maximized": false}');
    const window = make(appWindows());
    expect(window.bounds).toEqual({ x: 320, y: 140, width: 1280, height: 800 });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/bounds must be an object/);
  });

  it('saved on a display that is gone, opens on the primary one', () => {
    writeFileSync(stateFile, JSON.stringify({ bounds: { x: 2500, y: 100, width: 1000, height: 700 }, maximized: false }));
    screen.workAreas = [{ x: 0, y: 0, width: 1440, height: 875 }];
    expect(make(appWindows()).bounds).toEqual({ x: 220, y: 87, width: 1000, height: 700 });
  });
});

describe('several windows', () => {
  it('cascade from the focused window, and only the first one is maximised from the saved state', () => {
    writeFileSync(stateFile, JSON.stringify({ bounds: { x: 50, y: 60, width: 900, height: 700 }, maximized: true }));
    const windows = appWindows();
    const first = make(windows);
    BrowserWindow.focused = first;
    const second = make(windows);
    for (const window of [first, second]) window.emit('ready-to-show');
    expect(first.maximized).toBe(true);
    expect(second.bounds).toEqual({ x: 78, y: 88, width: 900, height: 700 });
    expect(second.maximized).toBe(false);
    expect(windows.count).toBe(2);
  });

  it('are each known as ours until closed; other web contents never are', () => {
    const windows = appWindows();
    const first = make(windows);
    const second = make(windows);
    expect(windows.isOurs(first.webContents as never)).toBe(true);
    expect(windows.isOurs(second.webContents as never)).toBe(true);
    expect(windows.isOurs(new FakeWebContents() as never)).toBe(false);
    first.close();
    expect(windows.isOurs(first.webContents as never)).toBe(false);
    expect(windows.count).toBe(1);
  });

  it('focused() is only ever one of ours, not another registry’s', () => {
    const windows = appWindows();
    const window = make(windows);
    BrowserWindow.focused = window;
    expect(windows.focused()).toBe(window);
    BrowserWindow.focused = make(appWindows());
    expect(windows.focused()).toBeNull();
  });
});

describe('closing a window', () => {
  it('saves its normal bounds and maximised state, which the next window uses', () => {
    const windows = appWindows();
    const window = make(windows);
    window.bounds = { x: 200, y: 150, width: 1000, height: 650 };
    window.maximized = true;
    window.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ bounds: { x: 200, y: 150, width: 1000, height: 650 }, maximized: true });
    const next = make(windows);
    next.emit('ready-to-show');
    expect(next.bounds).toEqual({ x: 200, y: 150, width: 1000, height: 650 });
    expect(next.maximized).toBe(true);
  });

  it('says so when the state cannot be saved, and still closes', () => {
    stateFile = join(mkdtempSync(join(tmpdir(), 'porthole-windows-')), 'file-not-dir');
    writeFileSync(stateFile, '');
    stateFile = join(stateFile, 'window-state.json');
    const windows = appWindows();
    make(windows).close();
    expect(windows.count).toBe(0);
    expect(logged.at(-1)).toMatch(/could not save the window position/);
  });
});
