// The terminal host: one xterm Terminal, opened in a container, that owns what every terminal tab
// needs whatever else it shows:
// - fit: the grid follows the container's size, once a frame at most, and only while visible (a hidden
//   pane measures 0×0, and fitting to that would tell the pod its screen is gone);
// - flow control: a session's output goes through an Acknowledger, handed to xterm at most a write
//   chunk at a time, and xterm's write callback reports what it has parsed, so main pauses the pod
//   when xterm falls behind;
// - input: what xterm produces (typing, paste, mouse reports) leaves as bytes through ONE seam, the
//   `onInput` it was given. Whatever should receive the keys (one session, or several) is decided there.
// Everything else (clipboard, search, WebGL, links, unicode widths, resize reporting) is a
// TerminalAddon: a small unit that activates on the host and uses only its public surface and
// xterm's public API, as xterm.js's own addons do.
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IDisposable, type ITheme } from '@xterm/xterm';
import type { TerminalSize } from '../../../../shared/bridge/sessions.ts';
import { Acknowledger, type AcknowledgeFn } from '../acknowledger.ts';
import { commandFor, type AppCommand, type Command, type Platform } from '../shortcuts.ts';

/** One unit of terminal behaviour, activated on a host and disposed with it (or before it). */
export interface TerminalAddon {
  activate(host: TerminalHost): void;
  dispose(): void;
}

/** Where the terminal's input goes: the bytes the pod should receive. */
export type InputSink = (data: Uint8Array) => void;

/** The settings that change how the terminal looks, as plain values. */
export interface TerminalLook {
  readonly fontFamily: string;
  readonly fontSize: number;
  readonly scrollback: number;
  readonly theme: ITheme;
}

export interface TerminalHostOptions {
  readonly look: TerminalLook;
  readonly platform: Platform;
  readonly onInput: InputSink;
}

export class TerminalHostError extends Error {
  override readonly name = 'TerminalHostError';
}

/** RIS: everything back to its initial state, scrollback and modes included. */
const FULL_RESET = '\x1bc';

/** xterm's binary strings (mouse reports) hold one byte per character. */
function binaryBytes(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}

export class TerminalHost {
  readonly terminal: Terminal;
  /** The element the terminal is open in. */
  readonly container: HTMLElement;
  readonly #platform: Platform;
  readonly #fit = new FitAddon();
  readonly #commands = new Map<Command, () => void>();
  readonly #addons: TerminalAddon[] = [];
  readonly #listeners: IDisposable[];
  readonly #observer: ResizeObserver;
  #acknowledger: Acknowledger | null = null;
  #visible = false;
  #fitFrame = 0;
  #disposed = false;

  constructor(container: HTMLElement, { look, platform, onInput }: TerminalHostOptions) {
    this.container = container;
    this.#platform = platform;
    this.terminal = new Terminal({
      allowProposedApi: true, // the unicode11 addon uses the proposed unicode API
      ...look,
      cursorBlink: false, // a blinking cursor is a timer that never stops
      rightClickSelectsWord: false,
      macOptionIsMeta: platform === 'mac',
    });
    this.terminal.loadAddon(this.#fit);
    this.terminal.open(container);
    this.terminal.attachCustomKeyEventHandler((event) => this.#onKey(event));
    const encoder = new TextEncoder();
    this.#listeners = [
      // Empty: inputSentElsewhere's mark, nothing to send.
      this.terminal.onData((data) => data !== '' && onInput(encoder.encode(data))),
      this.terminal.onBinary((data) => onInput(binaryBytes(data))),
    ];
    this.#observer = new ResizeObserver(() => this.#scheduleFit());
    this.#observer.observe(container);
  }

  /**
   * Input went to this terminal's session from elsewhere (typed into another member of its broadcast
   * group): the output that answers it is parsed as soon as it arrives, as after a key typed here.
   * xterm parses the first output after user input at once, and other output a task later; on a page
   * drawing ten panes that task ran after the next frame, so every member but the one typed into
   * showed its echo a frame late (a trace of bench/broadcast-latency.ts). xterm's public way to say
   * "user input" is input(), which also scrolls to the bottom and clears a selection, as typing does;
   * an empty one sends nothing.
   */
  inputSentElsewhere(): void {
    this.terminal.input('', true);
  }

  get size(): TerminalSize {
    return { cols: this.terminal.cols, rows: this.terminal.rows };
  }

  /** Activates an addon; it is disposed with the host. */
  loadAddon<A extends TerminalAddon>(addon: A): A {
    addon.activate(this);
    this.#addons.push(addon);
    return addon;
  }

  /**
   * Runs `run` when the keys of an app command (copy, paste, find…) are pressed in the terminal; the
   * keys then never reach the pod. Other app commands' keys bubble on to the window's handler.
   */
  registerCommand(command: AppCommand, run: () => void): IDisposable {
    if (this.#commands.has(command)) throw new TerminalHostError(`the ${command} command already has a handler`);
    this.#commands.set(command, run);
    return { dispose: () => void (this.#commands.get(command) === run && this.#commands.delete(command)) };
  }

  /** From now on the screen shows session `id`: xterm's parsing of its output is acknowledged through `acknowledge`. */
  showSession(id: string, acknowledge: AcknowledgeFn): void {
    if (this.#acknowledger !== null) throw new TerminalHostError(`session ${this.#acknowledger.id} is still shown`);
    this.#acknowledger = new Acknowledger(id, acknowledge);
  }

  /** Output of the session shown. */
  write(data: Uint8Array): void {
    if (this.#acknowledger === null) throw new TerminalHostError('output arrived while no session is shown');
    this.#acknowledger.writeTo(this.terminal, data);
  }

  /**
   * The session's screen as main keeps it (a reload, a new window): drawn in a reset terminal, in
   * order after what was written before, so nothing of an earlier screen shifts it (a snapshot
   * written after leftovers put its first line at the old cursor). It is not output: main does not
   * count it, so it is not acknowledged.
   */
  drawScreen(data: string): void {
    if (this.#acknowledger === null) throw new TerminalHostError('a screen arrived while no session is shown');
    this.terminal.write(`${FULL_RESET}${data}`);
  }

  /** The session leaves the screen: what xterm parsed is acknowledged, nothing later is, and the screen is cleared. */
  clearSession(): void {
    this.#acknowledger?.dispose();
    this.#acknowledger = null;
    if (!this.#disposed) this.terminal.reset();
  }

  /** Fits and takes the focus when shown; a hidden terminal keeps its size. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (!visible) return;
    this.#scheduleFit();
    this.terminal.focus();
  }

  setLook(look: TerminalLook): void {
    Object.assign(this.terminal.options, look);
    this.#scheduleFit();
  }

  /** An ended session takes no input: keys typed then would go nowhere. */
  setInputEnabled(enabled: boolean): void {
    this.terminal.options.disableStdin = !enabled;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#observer.disconnect();
    if (this.#fitFrame !== 0) cancelAnimationFrame(this.#fitFrame);
    this.#acknowledger?.dispose();
    this.#acknowledger = null;
    for (const addon of this.#addons.splice(0).reverse()) addon.dispose();
    for (const listener of this.#listeners) listener.dispose();
    this.terminal.dispose();
  }

  /** Keys the terminal must not send to the pod: the app's own shortcuts. */
  #onKey(event: KeyboardEvent): boolean {
    const command = commandFor(event, this.#platform, 'terminal');
    if (command === null) return true;
    const run = this.#commands.get(command);
    if (run !== undefined && event.type === 'keydown') {
      run();
      event.preventDefault();
    }
    return false;
  }

  #scheduleFit(): void {
    if (this.#fitFrame !== 0 || this.#disposed) return;
    this.#fitFrame = requestAnimationFrame(() => {
      this.#fitFrame = 0;
      this.#fitNow();
    });
  }

  #fitNow(): void {
    if (!this.#visible || this.container.clientWidth === 0 || this.container.clientHeight === 0) return;
    const proposed = this.#fit.proposeDimensions();
    if (proposed === undefined || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return;
    if (proposed.cols !== this.terminal.cols || proposed.rows !== this.terminal.rows) this.#fit.fit();
  }
}
