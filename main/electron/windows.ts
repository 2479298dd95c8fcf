// Porthole's windows: each one hardened the same way (the webPreferences below are written out in
// full on purpose, so a reader and electronegativity see every one), opened where the last one was
// closed, and known by id so IPC can tell our windows from anything else.
import { BrowserWindow, screen, type WebContents } from 'electron';
import { APP_ENTRY_URL } from './app-origin.ts';
import { MIN_SIZE, cascadeFrom, placeWindow, readWindowState, writeWindowState, type WindowState } from './window-state.ts';

export interface AppWindowsOptions {
  /** The built preload (out/preload/index.cjs). */
  readonly preload: string;
  /** The JSON file the window state is kept in. */
  readonly stateFile: string;
  /** Called for each new window before its page loads (to wire its IPC link). */
  readonly onCreated: (window: BrowserWindow) => void;
  readonly log: (message: string) => void;
}

export class AppWindows {
  readonly #options: AppWindowsOptions;
  readonly #windows: BrowserWindow[] = [];
  #saved: WindowState | null;

  constructor(options: AppWindowsOptions) {
    this.#options = options;
    this.#saved = readWindowState(options.stateFile, options.log);
  }

  get count(): number {
    return this.#windows.length;
  }

  create(): BrowserWindow {
    const previous = this.focused() ?? this.#windows.at(-1) ?? null;
    const wanted = previous === null ? (this.#saved?.bounds ?? null) : cascadeFrom(previous.getNormalBounds());
    const bounds = placeWindow(
      wanted,
      screen.getAllDisplays().map((display) => display.workArea),
      screen.getPrimaryDisplay().workArea,
    );
    const window = new BrowserWindow({
      ...bounds,
      minWidth: MIN_SIZE.width,
      minHeight: MIN_SIZE.height,
      show: false,
      title: 'Porthole',
      webPreferences: {
        // The preload (preload.ts) exposes only the bridge: a plain object of functions that post on
        // the window's own port; no Node or IPC primitive reaches the page.
        preload: this.#options.preload, /* eng-disable PRELOAD_JS_CHECK */
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
        // A middle click must not open links in new windows behind setWindowOpenHandler's back.
        disableBlinkFeatures: 'Auxclick',
        spellcheck: false,
      },
    });
    // maximize() also shows a hidden window (docs/api/browser-window.md), which before
    // 'ready-to-show' is a blank white one: it waits for the page, like show().
    const maximize = previous === null && this.#saved?.maximized === true;
    window.once('ready-to-show', () => {
      if (maximize) window.maximize();
      window.show();
    });
    window.on('close', () => this.#remember(window));
    window.once('closed', () => this.#windows.splice(this.#windows.indexOf(window), 1));
    this.#windows.push(window);
    this.#options.onCreated(window);
    window.loadURL(APP_ENTRY_URL).catch((error: unknown) => this.#options.log(`Porthole could not load its page: ${String(error)}`));
    return window;
  }

  /** True when `contents` is the page of one of our open windows. */
  isOurs(contents: WebContents): boolean {
    return this.#windows.some((window) => !window.isDestroyed() && window.webContents.id === contents.id);
  }

  /** The focused window, if it is one of ours. */
  focused(): BrowserWindow | null {
    const window = BrowserWindow.getFocusedWindow();
    return window !== null && this.#windows.includes(window) ? window : null;
  }

  #remember(window: BrowserWindow): void {
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    this.#saved = state;
    try {
      writeWindowState(this.#options.stateFile, state);
    } catch (error) {
      this.#options.log(`Porthole could not save the window position to ${this.#options.stateFile}: ${String(error)}`);
    }
  }
}
