// A small stand-in for the part of Electron's API that main/electron/ uses, for tests in plain
// Node: `vi.mock('electron', () => import('./fake-electron.ts'))`. It records what the adapter
// does (handlers installed, messages posted, windows made) and lets a test play Electron's part
// (emit IPC, events, navigation). MessageChannelMain runs on Node's own MessageChannel, so frames
// are really structured-cloned between two ports, as in Electron.
//
// Where Electron 45 behaves differently from the obvious Node or DOM equivalent, the stand-in
// behaves as Electron does, and says which Electron source file or document it follows (paths in
// github.com/electron/electron). Those places are exactly where a test passing here would
// otherwise hide a bug that only real Electron shows.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

// ---- the sandboxed preload ----

/**
 * What a sandboxed preload may require (lib/sandboxed_renderer/init.ts, `loadedModules` and
 * `loadableModules`; docs/tutorial/sandbox.md): anything else throws.
 */
export const SANDBOXED_PRELOAD_MODULES: readonly string[] = ['electron', 'electron/common', 'electron/renderer', 'events', 'node:events', 'timers', 'node:timers', 'url', 'node:url'];

/** The APIs `require('electron')` holds in a sandboxed preload (docs/tutorial/sandbox.md). */
export const SANDBOXED_PRELOAD_ELECTRON_APIS: readonly string[] = ['contextBridge', 'crashReporter', 'ipcRenderer', 'nativeImage', 'webFrame', 'webUtils'];

// ---- frames, web contents, ports ----

let nextProcessId = 100;
let nextRoutingId = 1;
let nextContentsId = 1;

export class FakeWebFrame {
  url: string;
  readonly parent: FakeWebFrame | null;
  readonly processId: number;
  readonly routingId: number;

  constructor(url: string, parent: FakeWebFrame | null = null) {
    this.url = url;
    this.parent = parent;
    this.processId = parent?.processId ?? nextProcessId++;
    this.routingId = nextRoutingId++;
  }
}

export interface PostedMessage {
  readonly channel: string;
  readonly message: unknown;
  readonly transfer: readonly FakeMessagePortMain[];
}

/** A preventable Electron event, as navigation and other events hand it to listeners. */
export function preventable<T extends object>(fields: T = {} as T) {
  return { ...fields, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
}

export interface NavigationOptions {
  /** A link, a form or script in the page (true), or main's loadURL or a menu reload (false). */
  readonly rendererInitiated: boolean;
  readonly isMainFrame?: boolean;
  readonly isSameDocument?: boolean;
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeWebFrame;
  readonly posted: PostedMessage[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  loadedUrl: string | null = null;
  /** How many times main asked for a paste into the focused element. */
  pastes = 0;
  /** The ports main posted to the document now shown; they close when another document commits. */
  #documentPorts: FakeMessagePortMain[] = [];

  constructor(url = 'porthole://app/index.html') {
    super();
    this.mainFrame = new FakeWebFrame(url);
  }

  /**
   * Plays a navigation as Electron 45 reports it:
   * - 'did-start-navigation' first, from WebContents::DidStartNavigation
   *   (shell/browser/api/electron_api_web_contents.cc), before any throttle runs;
   * - then, for a renderer-initiated navigation only, 'will-frame-navigate' for any frame and
   *   'will-navigate' for the main frame, either of which cancels it with preventDefault
   *   (ElectronNavigationThrottle::WillStartRequest, shell/browser/electron_navigation_throttle.cc);
   *   loadURL and reload are browser-initiated and emit neither;
   * - and only when it commits, 'did-navigate' for a main-frame, cross-document navigation
   *   (WebContents::DidFinishNavigation, same file; a same-document one is 'did-navigate-in-page').
   * Returns whether it committed.
   */
  navigate(url: string, options: NavigationOptions): boolean {
    const isMainFrame = options.isMainFrame ?? true;
    const isSameDocument = options.isSameDocument ?? false;
    this.emit('did-start-navigation', { url, isMainFrame, isSameDocument });
    if (options.rendererInitiated) {
      const frameEvent = preventable({ url, isMainFrame, isSameDocument });
      this.emit('will-frame-navigate', frameEvent);
      if (frameEvent.defaultPrevented) return false;
      if (isMainFrame) {
        const event = preventable({ url, isMainFrame, isSameDocument });
        this.emit('will-navigate', event, url);
        if (event.defaultPrevented) return false;
      }
    }
    if (!isMainFrame) return true;
    if (isSameDocument) {
      this.emit('did-navigate-in-page', {}, url, true);
      return true;
    }
    this.#commit(url);
    this.emit('did-navigate', {}, url, 200, 'OK');
    return true;
  }

  /** The View menu's reload, or F5: browser-initiated, so nothing can refuse it. */
  reload(): void {
    this.navigate(this.mainFrame.url, { rendererInitiated: false });
  }

  /**
   * The old document goes, and with it every port main had posted to it: a MessagePortMain whose
   * other end was entangled in that document emits 'close' (docs/api/message-port-main.md, "Event:
   * 'close'": emitted when the remote end becomes disconnected).
   */
  #commit(url: string): void {
    this.mainFrame.url = url;
    for (const port of this.#documentPorts.splice(0)) port.close();
  }

  /**
   * content::WebContents::Paste, called by webContents.paste()
   * (shell/browser/api/electron_api_web_contents.cc): the browser runs the Paste editing command
   * in the focused frame, as the Edit menu's paste role does. The page gets an ordinary paste
   * event on its focused element; no clipboard permission is asked (only the page's own
   * navigator.clipboard.readText() asks for 'clipboard-read').
   */
  paste(): void {
    this.pastes += 1;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /**
   * webContents.postMessage is mainFrame.postMessage (lib/browser/api/web-contents.ts), which
   * sends to the document the main frame shows at the time of the call
   * (WebFrameMain::PostMessage, shell/browser/api/electron_api_web_frame_main.cc): ports posted
   * to a document that then goes away go with it (see #commit).
   */
  postMessage(channel: string, message: unknown, transfer: FakeMessagePortMain[] = []): void {
    this.posted.push({ channel, message, transfer });
    this.#documentPorts.push(...transfer);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }

}

/** An Electron IPC event as ipcMain hands it to a listener. */
export function ipcEvent(sender: FakeWebContents, senderFrame: FakeWebFrame | null = sender.mainFrame) {
  return { sender, senderFrame, ports: [], frameId: senderFrame?.routingId ?? 0, processId: senderFrame?.processId ?? 0 };
}

/**
 * The page's end of a port main transferred to it: a DOM MessagePort in the renderer (Blink).
 *
 * Main's end is a MessagePortMain, which cannot take a transferred ArrayBuffer: Blink serialises
 * a transferred buffer outside the message (TransferableMessage's array_buffer_contents_array),
 * and Electron's V8Deserializer (shell/common/v8_util.cc) reads only the message's own bytes, so
 * reading the value fails and main's 'message' event carries `data: null`
 * (electron/electron#34905). The buffers are still detached on the sending side, as in Blink.
 */
export class FakePageMessagePort {
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  /** Blink's MessagePort 'close' event: the other end was closed or its document is gone. */
  onclose: (() => void) | null = null;
  readonly #port: MessagePort;

  constructor(port: MessagePort) {
    this.#port = port;
    port.on('message', (data: unknown) => this.onmessage?.({ data }));
    port.on('close', () => this.onclose?.());
  }

  postMessage(message: unknown, transfer: readonly unknown[] = []): void {
    const buffers = transfer.filter((item) => item instanceof ArrayBuffer);
    if (buffers.length > 0) {
      structuredClone(message, { transfer: buffers });
      this.#port.postMessage(null);
      return;
    }
    this.#port.postMessage(message);
  }

  close(): void {
    this.#port.close();
  }
}

/** MessagePortMain over a Node MessagePort: queues until start(), emits {data} events and 'close'. */
export class FakeMessagePortMain extends EventEmitter {
  /** The Node port underneath, for a test playing the page's side of a transferred port. */
  readonly nodePort: MessagePort;
  started = false;
  closed = false;

  constructor(port: MessagePort) {
    super();
    this.nodePort = port;
    port.on('close', () => this.emit('close'));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.nodePort.on('message', (data: unknown) => this.emit('message', { data, ports: [] }));
  }

  postMessage(message: unknown): void {
    this.nodePort.postMessage(message);
  }

  close(): void {
    this.closed = true;
    this.nodePort.close();
  }
}

export const createdChannels: MessageChannelMain[] = [];

export class MessageChannelMain {
  readonly port1: FakeMessagePortMain;
  readonly port2: FakeMessagePortMain;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = new FakeMessagePortMain(port1);
    this.port2 = new FakeMessagePortMain(port2);
    createdChannels.push(this);
  }
}

// ---- ipc ----

export const ipcMain = new EventEmitter();

/** The preload's ipcRenderer: what it sends is recorded; `deliver` plays main sending to it. */
class FakeIpcRenderer extends EventEmitter {
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  /** The preload gets each Node port as the page's DOM MessagePort (FakePageMessagePort). */
  deliver(channel: string, ports: MessagePort[]): void {
    this.emit(channel, { ports: ports.map((port) => new FakePageMessagePort(port)), sender: this }, null);
  }
}

export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

// ---- protocol, shell, session ----

export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    protocol.handlers.set(scheme, handler);
  },
};

/**
 * dialog.showMessageBox and dialog.showSaveDialog (docs/api/dialog.md): the message box resolves
 * with the index of the button the user chose, the save dialog with the path picked (`canceled`
 * and an empty path when closed). A test sets `answer` and `savePath` to play the user; every
 * dialog shown is recorded.
 */
export const dialog = {
  shown: [] as Array<{ window: unknown; options: Record<string, unknown> }>,
  answer: 1,
  savePath: null as string | null,
  /** With a window first, the box is modal to it; without, it stands alone. */
  showMessageBox(...args: [Record<string, unknown>] | [unknown, Record<string, unknown>]): Promise<{ response: number; checkboxChecked: boolean }> {
    const [window, options] = args.length === 1 ? [null, args[0]] : args;
    dialog.shown.push({ window, options });
    return Promise.resolve({ response: dialog.answer, checkboxChecked: false });
  },
  showSaveDialog(...args: [Record<string, unknown>] | [unknown, Record<string, unknown>]): Promise<{ canceled: boolean; filePath: string }> {
    const [window, options] = args.length === 1 ? [null, args[0]] : args;
    dialog.shown.push({ window, options });
    return Promise.resolve(dialog.savePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: dialog.savePath });
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
};

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string; isMainFrame: boolean }) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: { isMainFrame: boolean }) => boolean;

/**
 * The permission handlers of docs/api/session.md (setPermissionRequestHandler,
 * setPermissionCheckHandler, setDevicePermissionHandler), called as
 * shell/browser/electron_permission_manager.cc calls them.
 */
export class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  deviceHandler: (() => boolean) | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }

  setDevicePermissionHandler(handler: () => boolean): void {
    this.deviceHandler = handler;
  }

  /**
   * What a page's navigator.clipboard.readText() comes down to: Chromium asks for 'clipboard-read'
   * and Electron hands the request to the request handler with the page's URL
   * (ElectronPermissionManager::RequestPermissionsWithDetails); with no handler, Electron grants
   * it. Resolves with whether the page may read the clipboard.
   */
  pageReadsClipboard(requestingUrl: string, isMainFrame = true): Promise<boolean> {
    const handler = this.requestHandler;
    if (handler === null) return Promise.resolve(true);
    return new Promise((resolve) => handler(null, 'clipboard-read', resolve, { requestingUrl, isMainFrame }));
  }
}

export const session = { defaultSession: new FakeSession() };

// ---- windows and screens ----

export interface FakeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const screen = {
  workAreas: [{ x: 0, y: 0, width: 1920, height: 1080 }] as FakeRect[],
  getAllDisplays() {
    return screen.workAreas.map((workArea) => ({ workArea }));
  },
  getPrimaryDisplay() {
    return { workArea: screen.workAreas[0] as FakeRect };
  },
};

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  static focused: BrowserWindow | null = null;

  readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> };
  readonly webContents = new FakeWebContents();
  bounds: FakeRect;
  maximized = false;
  shown = false;
  destroyed = false;

  constructor(options: BrowserWindow['options']) {
    super();
    this.options = options;
    this.bounds = { x: options.x as number, y: options.y as number, width: options.width as number, height: options.height as number };
    BrowserWindow.all.push(this);
  }

  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.focused;
  }

  static fromWebContents(contents: unknown): BrowserWindow | null {
    return BrowserWindow.all.find((window) => window.webContents === contents && !window.destroyed) ?? null;
  }

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((window) => !window.destroyed);
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  /** docs/api/browser-window.md, win.maximize(): "This will also show (but not focus) the window if it isn't being displayed already." */
  maximize(): void {
    this.maximized = true;
    this.shown = true;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  show(): void {
    this.shown = true;
  }

  getNormalBounds(): FakeRect {
    return { ...this.bounds };
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** Plays the user closing the window: 'close', then 'closed', then the page is destroyed. */
  close(): void {
    this.emit('close', { preventDefault: () => undefined });
    this.destroyed = true;
    this.emit('closed');
    this.webContents.emit('destroyed');
  }
}

// ---- app and menus ----

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

class FakeApp extends EventEmitter {
  sandboxEnabled = false;
  gotLock = true;
  isPackaged = false;
  quitCalls = 0;
  exitCode: number | null = null;
  userData = '/tmp/porthole-fake-user-data';
  #ready = deferred();

  enableSandbox(): void {
    this.sandboxEnabled = true;
  }

  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }

  whenReady(): Promise<void> {
    return this.#ready.promise;
  }

  /** Plays Electron becoming ready. */
  becomeReady(): void {
    this.#ready.resolve();
  }

  getName(): string {
    return 'Porthole';
  }

  getVersion(): string {
    return '0.1.0';
  }

  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    if (name === 'downloads') return join(this.userData, 'Downloads');
    throw new Error(`the fake app has no path ${name}`);
  }

  quit(): void {
    this.quitCalls += 1;
  }

  exit(code: number): void {
    this.exitCode = code;
  }

  reset(): void {
    this.removeAllListeners();
    this.sandboxEnabled = false;
    this.gotLock = true;
    this.isPackaged = false;
    this.quitCalls = 0;
    this.exitCode = null;
    this.#ready = deferred();
  }
}

export const app = new FakeApp();

export interface FakeMenu {
  readonly template: Array<Record<string, unknown>>;
  popups: number;
  popup(): void;
}

export const Menu = {
  application: null as FakeMenu | null,
  built: [] as FakeMenu[],
  buildFromTemplate(template: Array<Record<string, unknown>>): FakeMenu {
    const menu: FakeMenu = {
      template,
      popups: 0,
      popup() {
        this.popups += 1;
      },
    };
    Menu.built.push(menu);
    return menu;
  },
  setApplicationMenu(menu: FakeMenu): void {
    Menu.application = menu;
  },
};

/** Back to a fresh Electron for the next test. */
export function resetFakeElectron(): void {
  createdChannels.length = 0;
  ipcMain.removeAllListeners();
  ipcRenderer.removeAllListeners();
  ipcRenderer.sent.length = 0;
  contextBridge.exposed.clear();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  shell.opened.length = 0;
  dialog.shown.length = 0;
  dialog.answer = 1;
  dialog.savePath = null;
  session.defaultSession = new FakeSession();
  screen.workAreas = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  BrowserWindow.all.length = 0;
  BrowserWindow.focused = null;
  app.reset();
  Menu.application = null;
  Menu.built.length = 0;
}
