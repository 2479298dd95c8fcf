// Copy and paste in a terminal: Ctrl+Shift+C/V (Cmd+C/V on macOS), Shift+Insert, and a right click,
// which copies a selection, else pastes. Plain Ctrl+C stays an interrupt for the shell.
//
// Paste, by host. In Electron the window refuses the page 'clipboard-read' (a page that draws pod
// output must not read the clipboard whenever it likes), so the page asks main, which pastes into
// the focused element: xterm's own textarea, whose paste event xterm turns into input as it does for
// a typed paste (bracketed when the shell asked for it). In a browser (the web host) there is no main
// to ask: the page reads the clipboard with the browser's permission and hands the text to xterm.
//
// Before any paste reaches the terminal, whichever way it came (the keys, a right click, the Edit
// menu, main's paste event), the owner's PasteCheck may hold it to ask the user (the app asks before
// several lines go into a production pod). A refused paste is dropped; the clipboard keeps it.
import type { IDisposable } from '@xterm/xterm';
import { hasNativePaste } from '../../../../shared/bridge/app-commands.ts';
import type { PortholeBridge } from '../../../../shared/bridge/bridge.ts';
import type { TerminalAddon, TerminalHost } from './terminal-host.ts';

export interface PasteTarget {
  paste(text: string): void;
}

export type SystemClipboard = Pick<Clipboard, 'readText' | 'writeText'>;

/**
 * Asked with the text before a paste reaches the terminal: null lets it through at once; a promise
 * holds it until the user answers (true pastes it, false drops it).
 */
export type PasteCheck = (text: string) => Promise<boolean> | null;

/** Rejects when the browser refuses to read the clipboard. */
export async function pasteClipboard(bridge: PortholeBridge, terminal: PasteTarget, clipboard: Pick<Clipboard, 'readText'>): Promise<void> {
  if (hasNativePaste(bridge)) {
    bridge.paste();
    return;
  }
  const text = await clipboard.readText();
  if (text !== '') terminal.paste(text);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TerminalClipboard implements TerminalAddon {
  readonly #bridge: PortholeBridge;
  readonly #clipboard: SystemClipboard;
  readonly #onProblem: (message: string) => void;
  readonly #checkPaste: PasteCheck;
  #host: TerminalHost | null = null;
  #disposables: IDisposable[] = [];

  /** `onProblem` hears, in a sentence, a copy or paste the browser refused; `checkPaste` may hold a paste to ask first. */
  constructor(bridge: PortholeBridge, clipboard: SystemClipboard, onProblem: (message: string) => void, checkPaste: PasteCheck = () => null) {
    this.#bridge = bridge;
    this.#clipboard = clipboard;
    this.#onProblem = onProblem;
    this.#checkPaste = checkPaste;
  }

  activate(host: TerminalHost): void {
    this.#host = host;
    const onContextMenu = (event: MouseEvent) => this.#onContextMenu(event);
    // Capture, on the container: before xterm's own paste listeners on its textarea and element.
    const onPasteEvent = (event: ClipboardEvent) => this.#onPasteEvent(event);
    host.container.addEventListener('contextmenu', onContextMenu);
    host.container.addEventListener('paste', onPasteEvent, { capture: true });
    this.#disposables = [
      host.registerCommand('copy', () => void this.copy()),
      host.registerCommand('paste', () => void this.paste()),
      { dispose: () => host.container.removeEventListener('contextmenu', onContextMenu) },
      { dispose: () => host.container.removeEventListener('paste', onPasteEvent, { capture: true }) },
    ];
  }

  /** Copies the selection; false when there is none or the browser refused. */
  async copy(): Promise<boolean> {
    const selection = this.#host?.terminal.getSelection() ?? '';
    if (selection === '') return false;
    try {
      await this.#clipboard.writeText(selection);
      return true;
    } catch (error) {
      this.#onProblem(`Copy failed: ${messageOf(error)}`);
      return false;
    }
  }

  async paste(): Promise<void> {
    const host = this.#host;
    if (host === null) return;
    try {
      await pasteClipboard(this.#bridge, { paste: (text) => this.#pasteChecked(host, text) }, this.#clipboard);
    } catch (error) {
      this.#onProblem(`Paste failed (${messageOf(error)}); the Edit menu's Paste or Shift+Insert may work`);
    }
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
    this.#disposables = [];
    this.#host = null;
  }

  /** A paste event (main's paste in Electron, the browser's Edit menu): held when the check asks. */
  #onPasteEvent(event: ClipboardEvent): void {
    const host = this.#host;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    const question = host === null || text === '' ? null : this.#checkPaste(text);
    if (host === null || question === null) return;
    event.preventDefault();
    event.stopPropagation();
    this.#pasteAfter(question, host, text);
  }

  #pasteChecked(host: TerminalHost, text: string): void {
    const question = this.#checkPaste(text);
    if (question === null) host.terminal.paste(text);
    else this.#pasteAfter(question, host, text);
  }

  /** Pastes once the user said yes, into the terminal still shown (not one disposed meanwhile). */
  #pasteAfter(question: Promise<boolean>, host: TerminalHost, text: string): void {
    void question.then(
      (yes) => {
        if (yes && this.#host === host) host.terminal.paste(text);
      },
      () => undefined,
    );
  }

  #onContextMenu(event: MouseEvent): void {
    event.preventDefault();
    if (this.#host?.terminal.hasSelection()) {
      void this.copy().then((copied) => {
        if (copied) this.#host?.terminal.clearSelection();
      });
    } else {
      void this.paste();
    }
  }
}
