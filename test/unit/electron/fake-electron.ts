// A small stand-in for the part of Electron's API that main/electron/ uses, for tests in plain
// Node: `vi.mock('electron', () => import('./fake-electron.ts'))`. It records what the adapter
// does (handlers installed, messages posted, windows made) and lets a test play Electron's part
// (emit IPC, events, navigation). MessageChannelMain runs on Node's own MessageChannel, so frames
// are really structured-cloned between two ports, as in Electron.
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';

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

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame: FakeWebFrame;
  readonly posted: PostedMessage[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  loadedUrl: string | null = null;

  constructor(url = 'porthole://app/index.html') {
    super();
    this.mainFrame = new FakeWebFrame(url);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  postMessage(channel: string, message: unknown, transfer: FakeMessagePortMain[] = []): void {
    this.posted.push({ channel, message, transfer });
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }

  /** What Electron emits when the page starts loading another document (a reload too). */
  startNavigation(details: { isMainFrame: boolean; isSameDocument: boolean; url?: string }): void {
    this.emit('did-start-navigation', { url: this.mainFrame.url, ...details });
  }
}

/** An Electron IPC event as ipcMain hands it to a listener. */
export function ipcEvent(sender: FakeWebContents, senderFrame: FakeWebFrame | null = sender.mainFrame) {
  return { sender, senderFrame, ports: [], frameId: senderFrame?.routingId ?? 0, processId: senderFrame?.processId ?? 0 };
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

  deliver(channel: string, ports: MessagePort[]): void {
    this.emit(channel, { ports, sender: this }, null);
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

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    shell.opened.push(url);
    return Promise.resolve();
  },
};

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string; isMainFrame: boolean }) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: { isMainFrame: boolean }) => boolean;

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

  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.all.filter((window) => !window.destroyed);
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }

  maximize(): void {
    this.maximized = true;
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
    if (name !== 'userData') throw new Error(`the fake app has no path ${name}`);
    return this.userData;
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
  session.defaultSession = new FakeSession();
  screen.workAreas = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  BrowserWindow.all.length = 0;
  BrowserWindow.focused = null;
  app.reset();
  Menu.application = null;
  Menu.built.length = 0;
}
